/**
 * Where is a JSON text malformed? Node 20's JSON.parse does not always say
 * (e.g. "Unexpected end of JSON input"), so when parsing fails we scan the
 * text once with a small recursive-descent recognizer (RFC 8259) to find the
 * first offending position. Pure.
 */

export interface JsonErrorLocation {
  /** 0-based character offset */
  position: number;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
  what: string;
}

class Stop {
  constructor(
    readonly position: number,
    readonly what: string,
  ) {}
}

/** null when the text is well-formed JSON. */
export function locateJsonError(text: string): JsonErrorLocation | null {
  let i = 0;
  const n = text.length;
  const fail = (what: string): never => {
    throw new Stop(i, i >= n ? 'unexpected end of input (truncated?)' : what);
  };
  const ws = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const describe = (): string => `unexpected ${JSON.stringify(text[i])}`;
  const literal = (word: string): void => {
    for (let k = 0; k < word.length; k++) {
      if (text[i] !== word[k]) fail(describe());
      i++;
    }
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= n) fail('');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('control character in string');
      if (c === 0x5c) {
        i++;
        if (i >= n) fail('');
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (i + k >= n) {
              i += k;
              fail('');
            }
            if (!/[0-9a-fA-F]/.test(text[i + k])) {
              i += k;
              fail('bad \\u escape');
            }
          }
          i += 5;
        } else if ('"\\/bfnrt'.includes(e)) {
          i++;
        } else {
          fail('bad escape');
        }
      } else {
        i++;
      }
    }
  };
  const digits = (): void => {
    if (i >= n || text[i] < '0' || text[i] > '9') fail(i >= n ? '' : 'expected a digit');
    while (i < n && text[i] >= '0' && text[i] <= '9') i++;
  };
  const number = (): void => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const value = (depth: number): void => {
    if (depth > 10000) fail('nesting too deep');
    ws();
    if (i >= n) fail('');
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(i >= n ? '' : `expected a field name, found ${JSON.stringify(text[i])}`);
        string();
        ws();
        if (text[i] !== ':') fail(i >= n ? '' : `expected ':', found ${JSON.stringify(text[i])}`);
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`expected ',' or '}', found ${JSON.stringify(text[i])}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`expected ',' or ']', found ${JSON.stringify(text[i])}`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    fail(describe());
  };
  try {
    value(0);
    ws();
    if (i < n) fail(`unexpected ${JSON.stringify(text[i])} after the end of the document`);
    return null;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const before = text.slice(0, e.position);
    const lines = before.split('\n');
    return {
      position: e.position,
      line: lines.length,
      column: lines[lines.length - 1].length + 1,
      what: e.what,
    };
  }
}
