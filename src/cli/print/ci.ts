/**
 * The suite's results for CI servers (pure functions of the report):
 * - `junitXml`: JUnit XML as Jenkins, GitLab and GitHub's test reporters
 *   read it (the Ant/Jenkins `testsuites > testsuite > testcase` format):
 *   one testcase per variant row, a `failure` (row not as expected) or
 *   `error` (the run erred) with the problems as its message and the command
 *   that reproduces the row in its text.
 * - `githubAnnotations`: GitHub Actions workflow commands, one
 *   `::error title=…::…` line per row that is not as expected, naming the
 *   property and the rerun command.
 */
import type { SuiteReport, SuiteRow } from '../suite.ts';
import { expectationText } from '../list.ts';

/** XML character data: markup characters escaped, characters XML 1.0 cannot carry dropped. */
export function xmlText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** An XML attribute value (in double quotes): also quotes and line breaks escaped. */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function found(row: SuiteRow): string {
  if (row.verdict === 'violation') return `violation of ${row.property}${row.traceLength !== null ? ` in ${row.traceLength} steps` : ''}`;
  return row.verdict;
}

/** The one-line failure message of a row: why it is not as expected. */
export function rowFailure(row: SuiteRow): string {
  return row.problems.join('; ');
}

/** What was run for a row, and how to run it again (the testcase's text). */
function rowDetails(row: SuiteRow): string {
  const lines = [
    `variant ${row.variant} (${row.kind}), scenarios ${row.scenarios.join(', ')}`,
    `expected: ${expectationText(row.expect)}`,
    `found: ${found(row)}${row.complete || row.verdict === 'error' ? '' : ' (incomplete)'}, ${row.distinctStates} states, depth ${row.maxDepth}`,
  ];
  for (const p of row.problems) lines.push(`problem: ${p}`);
  if (row.report?.rerun) lines.push(`reproduce: ${row.report.rerun}`);
  return lines.join('\n');
}

/** The coverage problem of mainline, as a failure of mainline's testcase (the suite fails on it). */
function coverageProblem(r: SuiteReport, row: SuiteRow): string | null {
  if (row.variant !== 'mainline' || !r.mainlineNeverFired || r.mainlineNeverFired.length === 0) return null;
  return `mainline coverage: never fired: ${r.mainlineNeverFired.join(', ')}`;
}

export function junitXml(r: SuiteReport, timestamp: Date): string {
  const name = `ppcheck suite: ${r.family} v${r.familyVersion}`;
  const classname = `ppcheck.${r.family}`;
  const errors = r.rows.filter((x) => x.verdict === 'error').length;
  const failures = r.rows.filter((x) => x.verdict !== 'error' && (x.problems.length > 0 || coverageProblem(r, x) !== null)).length;
  const time = r.rows.reduce((a, x) => a + x.seconds, 0).toFixed(3);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const counts = `tests="${r.rows.length}" failures="${failures}" errors="${errors}" time="${time}"`;
  out.push(`<testsuites name="${xmlAttr(name)}" ${counts}>`);
  // no milliseconds or zone: the xs:dateTime the Ant format uses
  const ts = timestamp.toISOString().slice(0, 19);
  out.push(`  <testsuite name="${xmlAttr(name)}" ${counts} skipped="0" timestamp="${ts}" hostname="localhost" id="0" package="${xmlAttr(classname)}">`);
  out.push('    <properties>');
  for (const [k, v] of [
    ['model', r.model],
    ['family', r.family],
    ['familyVersion', r.familyVersion],
  ]) {
    out.push(`      <property name="${k}" value="${xmlAttr(v)}"/>`);
  }
  out.push('    </properties>');
  for (const row of r.rows) {
    out.push(`    <testcase name="${xmlAttr(row.variant)}" classname="${xmlAttr(`${classname}.${row.kind}`)}" time="${row.seconds.toFixed(3)}">`);
    const coverage = coverageProblem(r, row);
    if (row.verdict === 'error') {
      out.push(`      <error type="internal-error" message="${xmlAttr(rowFailure(row))}">${xmlText(rowDetails(row))}</error>`);
    } else if (row.problems.length > 0) {
      out.push(`      <failure type="mismatch" message="${xmlAttr(rowFailure(row))}">${xmlText(rowDetails(row))}</failure>`);
    } else if (coverage !== null) {
      out.push(`      <failure type="coverage" message="${xmlAttr(coverage)}">${xmlText(rowDetails(row))}</failure>`);
    }
    else out.push(`      <system-out>${xmlText(rowDetails(row))}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('    <system-out></system-out>');
  out.push('    <system-err></system-err>');
  out.push('  </testsuite>');
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/** A workflow command's data: %, CR and LF escaped (GitHub's toolkit rules). */
export function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,` escaped. */
export function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One `::error title=…::…` line per row not as expected (and for a mainline coverage gap). */
export function githubAnnotations(r: SuiteReport): string {
  const lines: string[] = [];
  for (const row of r.rows) {
    const rerun = row.report?.rerun;
    const coverage = coverageProblem(r, row);
    if (row.problems.length === 0 && coverage === null) continue;
    const what = row.problems.length > 0 ? rowFailure(row) : coverage!;
    const prop = row.expect.verdict === 'violation' ? row.expect.property : row.property;
    const title = `ppcheck ${row.variant}${prop ? ` (${prop})` : ''}: ${row.verdict === 'error' ? 'internal error' : 'not as expected'}`;
    lines.push(`::error title=${ghProperty(title)}::${ghData(`${what}${rerun ? `\nrerun: ${rerun}` : ''}`)}`);
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}
