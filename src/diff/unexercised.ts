/**
 * A change nothing checked: the action kinds a variant changes
 * (VariantInfo.changes: a proposal's replace, enable, add) that never fired in
 * any scenario of a check or a diff. An "OK" or "no regression" then says
 * nothing about them, so `check` and `diff` print this warning (and carry it
 * in --json's `warnings`), whatever else the run found.
 */

/** The changed kinds that fired in no scenario (in the order given). */
export function unexercisedChanges(changes: readonly string[], firedByScenario: readonly (readonly string[])[]): string[] {
  const fired = new Set(firedByScenario.flat());
  return changes.filter((k) => !fired.has(k));
}

/** The warning for them, or null when every change ran somewhere. */
export function unexercisedWarning(variant: string, changes: readonly string[], scenarios: readonly string[], firedByScenario: readonly (readonly string[])[]): string | null {
  const never = unexercisedChanges(changes, firedByScenario);
  if (never.length === 0) return null;
  const one = never.length === 1;
  const kinds = one ? never[0] : `${never.slice(0, -1).join(', ')} and ${never[never.length - 1]}`;
  const where = scenarios.length === 1 ? `scenario ${scenarios[0]}` : `scenarios ${scenarios.join(', ')}`;
  return `${variant}'s change${one ? '' : 's'} to ${kinds} never ran in ${where}: nothing checked ${one ? 'it' : 'them'}; give a scenario whose actors start ${one ? 'it' : 'them'} (--scenario, or the proposal's scenarios)`;
}
