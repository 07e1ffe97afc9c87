/**
 * Every shipped variant. The corpus (eras, historical bugs and their fixes)
 * adds its lists here.
 */
import { mainline } from './mainline.ts';
import { mutants } from './mutants.ts';
import { eras } from './eras.ts';
import { corpus } from './corpus.ts';
import { v612Debian } from './debian.ts';
import { findings } from './findings.ts';
import type { VariantDef } from './types.ts';

export type { VariantDef } from './types.ts';

export const VARIANTS: VariantDef[] = [mainline, ...mutants, ...eras, v612Debian, ...corpus, ...findings];

export function findVariant(id: string): VariantDef | undefined {
  return VARIANTS.find((v) => v.id === id);
}
