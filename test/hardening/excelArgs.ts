/**
 * Shared pieces of the hardening tests: what Excel can pass to a custom function
 * (as fast-check arbitraries), the contract every call must keep, and a snapshot
 * of the preset store to prove that no call changes it.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { CATALOGUE, INPUT_NAMES } from '../../src/engine/catalogue';
import { MODELS } from '../../src/engine/models';
import { readExcelError } from '../../src/functions/excelError';
import { store } from '../../src/presets/bundled';
import { FunctionMeta, Implementation, Metadata } from '../../src/cli/host';
import { implementationsById } from '../../src/cli/main';

export const DIST = path.join(__dirname, '..', '..', 'dist');

/** dist/functions.json, read at test time so functions added later are fuzzed too. */
export function loadDistMetadata(): Metadata {
  const file = path.join(DIST, 'functions.json');
  if (!fs.existsSync(file)) throw new Error('dist/functions.json is missing: run `npm run build` first (npm test does)');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Metadata;
}

export function implementations(metadata: Metadata): Map<string, Implementation> {
  return implementationsById(metadata);
}

// ---- values -------------------------------------------------------------------

export const TICKERS = store.tickers();
/** Names of the bundled presets' tranches (none while the bundled presets are schema 1), and one made up. */
export const TRANCHE_NAMES: string[] = [...new Set(TICKERS.flatMap((t) => store.preset(t)!.company?.contracts.map((c) => c.name) ?? [])), 'river-bend'];
export const METRICS = [...new Set(Object.values(MODELS).flatMap((m) => m.metrics.map((x) => x.name)))];
export const MODEL_NAMES = Object.keys(MODELS);

/** Odd case: "Btc_PRICE", so case-insensitive lookups are exercised. */
const oddCase = (s: string) =>
  fc.constantFrom(s, s.toUpperCase(), s.toLowerCase(), ` ${s} `, s.split('').map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join(''));

const LONG = 'x'.repeat(100_000);
/** Text that would make a backtracking regex quadratic ("(" repeated, then a line break). */
const PAREN_BOMB = '('.repeat(100_000) + '\nx';

export const specialNumber = fc.constantFrom(
  0, -0, 1, -1, 0.5, 2, 10, 12, 30, 31, 100, 1e308, -1e308, 5e-324, -5e-324, Number.MAX_SAFE_INTEGER,
  4294967295, 4294967296, 46023, 39816, 39815, 73051, 73052, 1e-9, 1e6, 1e13, 1e30, 1e31, NaN, Infinity, -Infinity,
);
export const anyNumber = fc.oneof(specialNumber, fc.double(), fc.integer({ min: -1e6, max: 1e6 }), fc.double({ min: -1e3, max: 1e3, noNaN: true }));
export const numericText = fc.oneof(
  fc.constantFrom('1e5', ' 42 ', '1,000', '-0', '0x10', '1e400', 'NaN', 'Infinity', '-Infinity', '0.5', '.5', '5.', '1e-400', '2026-01-01', '1900-01-00', '9999-12-31', '2009-01-03', 'TRUE', '３'),
  anyNumber.map((n) => String(n)),
);
export const junkText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\t', '=1+1', '+cmd', '-2', '@SUM(A1)', '<script>alert(1)</script>', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '#N/A', '#VALUE!', 'null', 'undefined', '\u0000', '\ufffd', 'colo', 'cloud', 'COLO'),
  fc.constant(LONG),
  fc.constant(PAREN_BOMB),
  fc.constant(' '.repeat(50_000) + 'btc_price'),
);
export const inputName = fc.constantFrom(...INPUT_NAMES).chain(oddCase);
export const ticker = fc.oneof(fc.constantFrom(...TICKERS).chain(oddCase), fc.constantFrom('', 'ZZZZ', 'riot ', 'R1OT', 'BTC.X'));
export const metric = fc.constantFrom(...METRICS).chain(oddCase);
export const modelName = fc.oneof(fc.constantFrom(...MODEL_NAMES).chain(oddCase), fc.constantFrom('btcai.hash_vs_lease', '=HASH_VS_LEASE("RIOT")', 'HASH_VS_LEAS', 'SENSITIVITY'));

/** Objects standing for Excel error values and other things a host might hand over. */
export const errorLike = fc.constantFrom<unknown>(
  { code: '#N/A', message: 'n/a' },
  { code: '#DIV/0!' },
  { type: 'error', errorCode: '#REF!' },
  new Error('#VALUE!'),
  Object.create(null),
  { valueOf: () => 5 },
  { toString: () => 'btc_price' },
  {},
);

/** A single cell value (what a cell or a scalar argument can hold). */
export const cell: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anyNumber },
  { weight: 2, arbitrary: numericText },
  { weight: 2, arbitrary: junkText },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constantFrom(null, '', undefined) },
  { weight: 1, arbitrary: errorLike },
  { weight: 2, arbitrary: inputName },
  { weight: 2, arbitrary: ticker },
  { weight: 1, arbitrary: metric },
);

/** A rectangular N×M range with blanks. */
export function range(of: fc.Arbitrary<unknown> = cell, maxRows = 4, maxCols = 4): fc.Arbitrary<unknown[][]> {
  return fc
    .tuple(fc.integer({ min: 1, max: maxRows }), fc.integer({ min: 1, max: maxCols }))
    .chain(([r, c]) => fc.array(fc.array(fc.oneof({ weight: 4, arbitrary: of }, { weight: 1, arbitrary: fc.constantFrom(null, '') }), { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));
}

/** Anything Excel can put in one argument: a value, a 1×1 range or a larger range. */
export const anyArg: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: cell },
  { weight: 2, arbitrary: cell.map((v) => [[v]]) },
  { weight: 2, arbitrary: range() },
);

/** A value in or near an input's catalogue range (edges, just outside, the odd text). */
export function valueFor(name: string): fc.Arbitrary<unknown> {
  const spec = CATALOGUE.find((s) => s.name === name)!;
  if (spec.kind === 'choice') return fc.oneof(fc.constantFrom(...spec.choices!).chain(oddCase), fc.constantFrom('gpu', 1, true, ''));
  // a selector (tranche): the whole book in odd case, tranche names of the bundled presets, and junk
  if (spec.kind === 'text') return fc.oneof(oddCase(String(spec.default)), fc.constantFrom(...TRANCHE_NAMES, 'no-such-deal', '', 1, true, '=1', '<b>', 'x'.repeat(300)));
  const lo = spec.min!;
  const hi = spec.max!;
  return fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: lo, max: hi, noNaN: true }) },
    { weight: 3, arbitrary: fc.constantFrom(lo, hi, spec.default as number, (lo + hi) / 2) },
    // a range with no whole number in it (exit_cap_rate 0.01–0.99) yields ceil(lo), an out-of-range value
    { weight: 2, arbitrary: fc.integer({ min: Math.ceil(lo), max: Math.max(Math.ceil(lo), Math.min(Math.floor(hi), 1e9)) }) },
    { weight: 1, arbitrary: fc.constantFrom(lo - 1, hi + 1, hi * 10, String(hi), `${lo}`, true, false, 'x') },
  );
}

/** Inputs that make monthly flows long; kept within cheap bounds for the fuzzing. */
const COSTLY = new Set(['horizon_years']);

/** Name/value override pairs, as Excel passes a repeating argument: an array of per-argument values (1×1 or 2-D ranges). */
export const overrides: fc.Arbitrary<unknown[] | null> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant<unknown[] | null>([[[null]]]) },
  {
    weight: 5,
    // "name", value, "name", value … as separate arguments (1×1 each)
    arbitrary: fc
      .array(fc.constantFrom(...INPUT_NAMES).chain((n) => fc.tuple(oddCase(n), COSTLY.has(n) ? fc.integer({ min: 0, max: 3 }) : valueFor(n))), { maxLength: 5 })
      .map((pairs) => pairs.flatMap(([n, v]) => [[[n]], [[v]]])),
  },
  {
    weight: 3,
    // one two-column range of names and values (duplicates possible)
    arbitrary: fc
      .array(fc.constantFrom(...INPUT_NAMES).chain((n) => fc.tuple(oddCase(n), COSTLY.has(n) ? fc.integer({ min: 0, max: 3 }) : valueFor(n))), { minLength: 1, maxLength: 6 })
      .map((pairs) => [pairs.map(([n, v]) => [n, v])]),
  },
  { weight: 2, arbitrary: fc.array(fc.oneof(cell.map((v) => [[v]]), range(cell, 3, 3)), { maxLength: 4 }) },
);

// ---- the contract ---------------------------------------------------------------

export type Verdict = { ok: true; kind: 'value' | 'error'; code?: string } | { ok: false; why: string };

function isFiniteScalar(c: unknown): boolean {
  return (typeof c === 'number' && Number.isFinite(c)) || typeof c === 'string' || typeof c === 'boolean';
}

/** A well-formed 2-D array: non-empty, rectangular, every cell a finite number, text or boolean. */
export function matrixProblem(v: unknown): string | undefined {
  if (!Array.isArray(v) || v.length === 0) return 'not a non-empty array';
  if (!v.every((row) => Array.isArray(row))) return 'a row is not an array';
  const width = (v[0] as unknown[]).length;
  if (width === 0) return 'empty first row';
  for (let i = 0; i < v.length; i++) {
    const row = v[i] as unknown[];
    if (row.length !== width) return `row ${i} has ${row.length} cells, row 0 has ${width}`;
    for (let j = 0; j < row.length; j++) if (!isFiniteScalar(row[j])) return `cell [${i}][${j}] is ${String(row[j])}`;
  }
  return undefined;
}

const ALLOWED_CODES = new Set(['#VALUE!', '#N/A', '#NUM!']);
/** The adapter's catch-all: an internal exception, labelled. Labelled or not, it is a bug. */
const INTERNAL = 'could not evaluate this call';

/** Checks one call's outcome against the function's documented result type. */
export function judge(meta: FunctionMeta, outcome: { value: unknown } | { thrown: unknown }): Verdict {
  if ('thrown' in outcome) {
    const x = readExcelError(outcome.thrown);
    if (!x) return { ok: false, why: `threw something Excel cannot read: ${String(outcome.thrown).slice(0, 200)}` };
    if (!ALLOWED_CODES.has(x.code)) return { ok: false, why: `error code ${x.code}` };
    if ((x.code === '#VALUE!' || x.code === '#N/A') && x.message.trim() === '') return { ok: false, why: `${x.code} without a message` };
    if (x.message.includes(INTERNAL)) return { ok: false, why: `internal exception: ${x.message.slice(0, 300)}` };
    return { ok: true, kind: 'error', code: x.code };
  }
  const v = outcome.value;
  const type = meta.result?.type;
  if (meta.result?.dimensionality === 'matrix') {
    const p = matrixProblem(v);
    return p ? { ok: false, why: `bad matrix: ${p}` } : { ok: true, kind: 'value' };
  }
  if (type === 'number') return typeof v === 'number' && Number.isFinite(v) ? { ok: true, kind: 'value' } : { ok: false, why: `not a finite number: ${String(v)}` };
  if (type === 'string') return typeof v === 'string' ? { ok: true, kind: 'value' } : { ok: false, why: `not text: ${String(v)}` };
  if (type === 'boolean') return typeof v === 'boolean' ? { ok: true, kind: 'value' } : { ok: false, why: `not a boolean: ${String(v)}` };
  // "any": a finite number, text or boolean (or a well-formed array)
  if (Array.isArray(v)) {
    const p = matrixProblem(v);
    return p ? { ok: false, why: `bad matrix: ${p}` } : { ok: true, kind: 'value' };
  }
  return isFiniteScalar(v) ? { ok: true, kind: 'value' } : { ok: false, why: `not a finite scalar: ${String(v)}` };
}

/** Calls a wrapper: what it returned, or what it threw. */
export function call(impl: Implementation, args: unknown[]): { value: unknown } | { thrown: unknown } {
  try {
    return { value: impl(...args) };
  } catch (e) {
    return { thrown: e };
  }
}

/** Short, printable form of arguments for a failure report. */
export function showArgs(args: unknown[]): string {
  return JSON.stringify(args, (_k, v) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 30)}…(${v.length} chars)` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))?.slice(0, 600) ?? String(args);
}

// ---- the preset store ------------------------------------------------------------

/** Everything a user could observe of the store: its version, tickers and every ticker's inputs. */
export function storeSnapshot(): string {
  const tickers = store.tickers();
  const bases: Record<string, unknown> = {};
  for (const t of ['', ...tickers]) bases[t] = store.base(t);
  return JSON.stringify({ version: store.version, tickers, bases, imported: store.importedPresets().map((p) => p.ticker) });
}
