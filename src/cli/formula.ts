/**
 * A parser for one BTCAI formula as a user types it in a cell:
 *   =BTCAI.HASHPRICE(100000, 1100, , 3.125)
 * Arguments: numbers, "strings" ("" escapes a quote), TRUE/FALSE, omitted,
 * array constants {1,2;3,4}, and nested BTCAI calls. The leading "=" and the
 * "BTCAI." prefix are optional.
 */
export type Constant = number | string | boolean;
export type Arg =
  | { kind: 'omitted' }
  | { kind: 'value'; value: Constant }
  | { kind: 'array'; rows: Constant[][] }
  | { kind: 'call'; call: Call }
  /** A value exactly as a host passes it (a data type's cell-value JSON, a range holding some): never produced by the parser. */
  | { kind: 'raw'; value: unknown };
export interface Call {
  name: string;
  args: Arg[];
}

export class FormulaSyntaxError extends Error {}

const MAX_LENGTH = 8192; // Excel's formula length limit
const MAX_DEPTH = 64; // Excel's nesting limit

export function parseFormula(text: string): Call {
  if (text.length > MAX_LENGTH) throw new FormulaSyntaxError(`formula is longer than ${MAX_LENGTH} characters`);
  let i = 0;
  const src = text.trim();
  const err = (what: string): never => {
    throw new FormulaSyntaxError(`${what} at position ${i + 1}: ${src.slice(Math.max(0, i - 10), i)}⟨here⟩${src.slice(i, i + 10)}`);
  };
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const peek = () => src[i];

  function parseNumber(): number {
    const m = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?/.exec(src.slice(i));
    if (!m) return err('expected a number');
    i += m[0].length;
    const pct = m[0].endsWith('%');
    const n = Number(pct ? m[0].slice(0, -1) : m[0]);
    return pct ? n / 100 : n;
  }
  function parseString(): string {
    i++; // opening quote
    let out = '';
    for (;;) {
      if (i >= src.length) err('unterminated string');
      if (src[i] === '"') {
        if (src[i + 1] === '"') {
          out += '"';
          i += 2;
          continue;
        }
        i++;
        return out;
      }
      out += src[i++];
    }
  }
  function parseConstant(): Constant {
    ws();
    const c = peek();
    if (c === '"') return parseString();
    const word = /^(TRUE|FALSE)\b/i.exec(src.slice(i));
    if (word) {
      i += word[0].length;
      return word[0].toUpperCase() === 'TRUE';
    }
    return parseNumber();
  }
  function parseArray(): Constant[][] {
    i++; // {
    const rows: Constant[][] = [[]];
    for (;;) {
      rows[rows.length - 1].push(parseConstant());
      ws();
      const c = peek();
      if (c === ',') i++;
      else if (c === ';') {
        i++;
        rows.push([]);
      } else if (c === '}') {
        i++;
        break;
      } else err('expected , ; or } in an array constant');
    }
    const width = rows[0].length;
    if (rows.some((r) => r.length !== width)) err('array constant rows must have the same number of values');
    return rows;
  }
  function parseArg(depth: number): Arg {
    ws();
    const c = peek();
    if (c === ',' || c === ')') return { kind: 'omitted' };
    if (c === '{') return { kind: 'array', rows: parseArray() };
    if (c === '"') return { kind: 'value', value: parseString() };
    if (c !== undefined && /[A-Za-z_]/.test(c)) {
      const word = /^(TRUE|FALSE)\b(?!\s*\()/i.exec(src.slice(i));
      if (word) {
        i += word[0].length;
        return { kind: 'value', value: word[0].toUpperCase() === 'TRUE' };
      }
      return { kind: 'call', call: parseCall(depth + 1) };
    }
    return { kind: 'value', value: parseNumber() };
  }
  function parseCall(depth: number): Call {
    if (depth > MAX_DEPTH) err(`more than ${MAX_DEPTH} nested calls`);
    ws();
    const m = /^((BTCAI)\.)?([A-Za-z_][A-Za-z0-9_]*)/i.exec(src.slice(i));
    if (!m) return err('expected a function name');
    i += m[0].length;
    ws();
    if (peek() !== '(') err(`expected ( after ${m[3]}`);
    i++;
    const args: Arg[] = [];
    ws();
    if (peek() === ')') {
      i++;
      return { name: m[3].toUpperCase(), args };
    }
    for (;;) {
      args.push(parseArg(depth));
      ws();
      const c = peek();
      if (c === ',') {
        i++;
        continue;
      }
      if (c === ')') {
        i++;
        break;
      }
      err('expected , or )');
    }
    return { name: m[3].toUpperCase(), args };
  }

  if (src.startsWith('=')) i++;
  const call = parseCall(0);
  ws();
  if (i < src.length) err('unexpected text after the formula');
  return call;
}
