/**
 * What `show --format html` and `check --html FILE` share: the state views
 * (ModelFamily.describeState) and the documentation links of the family that
 * wrote the trace, then the pure HTML printer (src/trace/html.ts).
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StateField } from '../engine/model.ts';
import type { ModelFamily } from '../family.ts';
import { traceToHtml } from '../trace/html.ts';
import type { PrintableTrace } from '../trace/printable.ts';
import type { TextHeader } from '../trace/text.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The state at every step in the family's terms, or undefined when it cannot say. */
export function stateViews(pt: PrintableTrace, family: ModelFamily<unknown, unknown> | undefined): StateField[][] | undefined {
  if (!family?.describeState) return undefined;
  try {
    return pt.steps.map((st) => family.describeState!(st.state));
  } catch {
    // a trace of another shape (another family or version): the panel shows the raw state
    return undefined;
  }
}

export interface HtmlReportOptions {
  family?: ModelFamily<unknown, unknown>;
  /** where the page will be written (undefined: stdout, links relative to the working directory) */
  file?: string;
  ghosts?: boolean;
  replay?: string;
}

export function htmlReport(pt: PrintableTrace, header: TextHeader, o: HtmlReportOptions): string {
  const views = stateViews(pt, o.family);
  let actionDoc: ((fn: string) => string | undefined) | undefined;
  if (o.family?.actionDocs) {
    const [path, anchor] = o.family.actionDocs.split('#');
    const from = o.file !== undefined ? dirname(resolve(o.file)) : process.cwd();
    const rel = relative(from, resolve(REPO_ROOT, path)).split('\\').join('/');
    const href = `${rel}${anchor ? `#${anchor}` : ''}`;
    actionDoc = () => href;
  }
  return traceToHtml(pt, header, {
    ...(views ? { views } : {}),
    ...(actionDoc ? { actionDoc } : {}),
    ...(o.ghosts ? { ghosts: true } : {}),
    ...(o.replay ? { replay: o.replay } : {}),
  });
}
