import { describe, expect, it } from 'vitest';
import { linesMatch } from './literate.ts';
import { realign } from './realign.ts';

describe('realign: a literate block brought up to date', () => {
  it('replaces a changed count and keeps the elisions and placeholders that still match', () => {
    const pattern = ['ppcheck check', '  model      page_pool v{{...}}', '...', '  states     100 distinct, 300 transitions, depth 9', '...', '[end]'];
    const actual = ['ppcheck check', '  model      page_pool v4', '  mode bfs', '  limits none', '  states     120 distinct, 310 transitions, depth 9', '  time 1s', '[end]'];
    const out = realign(pattern, actual);
    expect(out).toEqual(['ppcheck check', '  model      page_pool v{{...}}', '...', '  states     120 distinct, 310 transitions, depth 9', '...', '[end]']);
    expect(linesMatch(out, actual)).toBe(true);
  });
  it('adds lines the output gained and drops the ones it lost, outside elisions', () => {
    const pattern = ['a', 'b', 'c', 're: d\\d'];
    const actual = ['a', 'c', 'x', 'd7'];
    const out = realign(pattern, actual);
    expect(out).toEqual(['a', 'c', 'x', 're: d\\d']);
    expect(linesMatch(out, actual)).toBe(true);
  });
  it('leaves a matching block as it is', () => {
    const pattern = ['...', 'verdict: {{...}}', '...'];
    const actual = ['one', 'verdict: ok', 'two'];
    expect(realign(pattern, actual)).toEqual(pattern);
  });
});
