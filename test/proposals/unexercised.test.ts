/**
 * A change nothing checked (src/diff/unexercised.ts): the changed kinds that
 * fired in no scenario are named; a kind that fired in any scenario is not.
 */
import { describe, expect, it } from 'vitest';
import { unexercisedChanges, unexercisedWarning } from '../../src/diff/unexercised.ts';
import { loadFamily } from '../../src/cli/load-family.ts';

describe('unexercised changes', () => {
  it('names the changed kinds that fired in no scenario, in the order given', () => {
    expect(unexercisedChanges(['b', 'a', 'c'], [['a'], ['x', 'c']])).toEqual(['b']);
    expect(unexercisedChanges(['a'], [[], ['a']])).toEqual([]);
    expect(unexercisedChanges([], [[]])).toEqual([]);
  });

  it('warns only when a change never ran, naming it and the scenarios', () => {
    expect(unexercisedWarning('p', ['a'], ['s1', 's2'], [['a'], []])).toBeNull();
    expect(unexercisedWarning('p', ['a', 'b', 'c'], ['s1'], [['b']])).toBe(
      "p's changes to a and c never ran in scenario s1: nothing checked them; give a scenario whose actors start them (--scenario, or the proposal's scenarios)",
    );
  });

  it("a proposal's changes are its replaced, enabled and added kinds", async () => {
    const loaded = await loadFamily('test/proposals/acceptance/unreached.ts');
    const v = loaded.family.variants.find((x) => x.id === 'unreached');
    expect(v?.changes).toEqual(['mlx5e_page_release_fragmented', 'napi_pp_put_page']);
    expect(loaded.family.variants.find((x) => x.id === 'mainline')?.changes).toBeUndefined();
  });
});
