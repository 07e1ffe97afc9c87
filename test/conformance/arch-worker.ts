/**
 * Child process of arch.ts archMutantCheck: runs archConformance in a copy of the tree whose
 * model carries a mutant's patch. Usage: arch-worker.ts VARIANT ARCH COUNT SEED; prints one JSON
 * line (ArchResult, the first report only).
 */
import { archConformance } from './arch.ts';

const [variant, arch, count, seed] = process.argv.slice(2);
const r = archConformance(variant!, Number(arch), Number(count), Number(seed));
console.log(JSON.stringify({ ...r, reports: r.reports.slice(0, 1) }));
