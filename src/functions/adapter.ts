/**
 * The argument adapter: the one place that turns what Excel passes into what the
 * engine takes, and what the engine returns into what Excel shows.
 * - omitted arguments and empty cells arrive as null → the documented default;
 * - a 1×1 range arrives as [[v]] → v;
 * - numeric text and booleans coerce as Excel's own functions do; other text
 *   where a number is needed is #VALUE! naming the argument;
 * - overrides come as name/value arguments, two-column ranges, or both;
 * - a cell holding one of Excel's data types arrives as its cell-value JSON
 *   (cellValues.ts `plainArg` reads its value).
 * Wrappers call these and never re-check their inputs. Results leave through
 * `run`, whose result path (cellValues.ts `toExcelResult`) turns units into
 * number formats and cards into entities.
 */
import { InputSpec, Inputs, checkInputValue, inputSpec, INPUT_NAMES } from '../engine/catalogue';
import { serialFromIso } from '../engine/dates';
import { EngineError, didYouMean, isEngineError, numError, valueError, naError } from '../engine/errors';
import { Context, MODELS, MetricValue, ModelSpec, Table, findMetric } from '../engine/models';
import { Overrides } from '../presets/store';
import { store } from '../presets/bundled';
import { modelContext } from '../presets/companyInputs';
import { presetSourceList } from '../presets/companyData';
import { toExcelError } from './excelError';
import { Card, CardField, Out, OutCell, card, entityText, isQuantity, plainArg, quantity, toExcelResult } from './cellValues';

export type Scalar = number | string | boolean;
export type Result = number | string | boolean | Scalar[][];

/** Bound on override items, so a whole-column reference cannot stall a recalculation. */
export const MAX_OVERRIDE_CELLS = 10_000;

class Fail {
  constructor(readonly error: EngineError) {}
}
/** Stops the current evaluation with an engine error (caught by `run`). */
export function fail(error: EngineError): never {
  throw new Fail(error);
}
/** The value, or stops the evaluation with the engine error. */
export function check<T>(x: T | EngineError): T {
  if (isEngineError(x)) fail(x);
  return x as T;
}

function isBlank(x: unknown): boolean {
  return x === null || x === undefined || x === '';
}

function shown(x: unknown): string {
  if (typeof x === 'string') return `"${x.length > 40 ? x.slice(0, 40) + '…' : x}"`;
  if (typeof x === 'object' && x !== null) {
    // an error value from the host; any other object is shown by its kind (String() throws on prototype-less objects)
    const code = (x as { code?: unknown }).code;
    const basic = (x as { type?: unknown; basicValue?: unknown }).type === 'Error' ? (x as { basicValue?: unknown }).basicValue : undefined;
    const card = entityText(x);
    if (card !== undefined) return `a card ("${card.slice(0, 40)}"): read one of its fields, such as A1.field_name`;
    return typeof code === 'string' ? code.slice(0, 20) : typeof basic === 'string' ? basic.slice(0, 20) : Array.isArray(x) ? 'a range' : 'an object';
  }
  if (typeof x === 'function' || typeof x === 'symbol') return typeof x;
  return String(x);
}

/** A 1×1 range becomes its value; a larger range where one value is needed is #VALUE!. */
export function scalarArg(name: string, raw: unknown): unknown {
  let x = plainArg(raw);
  if (Array.isArray(x)) {
    const rows = x.length;
    const cols = Array.isArray(x[0]) ? x[0].length : 1;
    if (rows === 0) return null;
    if (rows !== 1 || cols !== 1) fail(valueError(`${name} expects a single value, got a ${rows}×${cols} range`));
    x = plainArg(Array.isArray(x[0]) ? x[0][0] : x[0]);
  }
  if (typeof x === 'object' && x !== null) fail(valueError(entityText(x) !== undefined ? `${name} holds ${shown(x)}` : `${name} holds an error value ${shown(x)}`));
  return x;
}

/** Coerces like Excel's scalar functions: numbers, numeric text, TRUE/FALSE. */
export function toNumber(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'string') {
    const t = x.trim();
    if (t === '' || t.length > 40) return undefined;
    const n = Number(t.replace(/,/g, ''));
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

export interface NumberRule {
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** Strictly above min (a price, a hashrate). */
  readonly positive?: boolean;
}

/** A number argument: null → dflt (or #N/A when there is none), text → #VALUE!, out of range → #VALUE!. */
export function numberArg(name: string, x: unknown, dflt: number | null, rule: NumberRule = {}): number {
  const v = scalarArg(name, x);
  if (isBlank(v)) {
    if (dflt === null) fail(naError(`${name} is required${rule.unit ? ` (${rule.unit})` : ''}`));
    return dflt;
  }
  const n = toNumber(v);
  if (n === undefined) fail(valueError(`${name} needs a number${rule.unit ? ` (${rule.unit})` : ''}, got ${shown(v)}`));
  const lo = rule.min ?? -Infinity;
  const hi = rule.max ?? Infinity;
  if (n < lo || n > hi || (rule.positive && n <= lo) || (rule.integer && !Number.isInteger(n))) {
    const range = `${rule.positive ? 'above' : 'from'} ${rule.min ?? '-∞'}${Number.isFinite(hi) ? ` to ${hi}` : ''}`;
    fail(valueError(`${name} was ${n}; allowed: ${rule.integer ? 'a whole number ' : 'a number '}${range}${rule.unit ? ` (${rule.unit})` : ''}`));
  }
  return n;
}

/** A number argument that is a catalogue input: its default (after the workbook layer) and its allowed range. */
export function inputArg(argName: string, inputName: string, x: unknown, required = false): number {
  const spec = inputSpec(inputName)!;
  const base = store.base('') as Inputs;
  return numberArg(argName, x, required ? null : (base[spec.name] as number), { unit: spec.unit, min: spec.min, max: spec.max, integer: spec.integer });
}

/** A date argument: a serial, a date cell or ISO text; null → dflt. */
export function dateArg(name: string, x: unknown, dflt: number): number {
  const v = scalarArg(name, x);
  if (isBlank(v)) return dflt;
  const n = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? serialFromIso(v.trim()) : toNumber(v);
  const spec = inputSpec('valuation_date')!;
  if (n === undefined || !Number.isFinite(n)) fail(valueError(`${name} needs a date (an Excel date serial, a date cell or "YYYY-MM-DD"), got ${shown(v)}`));
  if (n < spec.min! || n > spec.max!) fail(valueError(`${name} was ${n}; allowed: dates from 2009-01-03 (serial ${spec.min}) to 2100-01-01 (serial ${spec.max})`));
  return n;
}

/** Longest name argument (a function, metric or input name); longer text is refused before any parsing or matching. */
export const MAX_NAME_CHARS = 256;

/** Optional text: null → undefined; numbers are rejected with the argument named. */
export function textArg(name: string, x: unknown): string | undefined {
  const v = scalarArg(name, x);
  if (isBlank(v)) return undefined;
  if (typeof v !== 'string') fail(valueError(`${name} needs text, got ${shown(v)}`));
  const t = v.trim();
  if (t.length > MAX_NAME_CHARS) fail(valueError(`${name} is ${t.length} characters long; allowed: a name of at most ${MAX_NAME_CHARS} characters`));
  return t;
}

/** A ticker: "" or omitted is the generic site; case-insensitive. */
export function tickerArg(x: unknown): string {
  const v = scalarArg('ticker', x);
  if (isBlank(v)) return '';
  if (typeof v !== 'string') fail(naError(`ticker must be text such as "RIOT", got ${shown(v)}; tickers: ${store.tickers().join(', ')}`));
  return v.trim().toUpperCase();
}

/** A catalogue input name (case-insensitive), or #VALUE! with "did you mean". */
export function inputNameArg(argName: string, x: unknown): InputSpec {
  const v = textArg(argName, x);
  if (v === undefined) fail(valueError(`${argName} is required: an input name such as "btc_price"`));
  const spec = inputSpec(v);
  if (!spec) fail(valueError(`unknown input "${v.slice(0, 40)}": ${didYouMean(v, INPUT_NAMES)}`));
  return spec;
}

/** Flattens Excel's repeating argument (an array of 2-D arrays, or null) into name/value overrides. */
export function overridesArg(raw: unknown): Overrides | null {
  if (raw === null || raw === undefined) return null;
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (args.length === 0) return null;
  const out = new Map<string, number | string>();
  let pendingName: unknown = undefined;
  let cells = 0;

  const add = (nameCell: unknown, valueCell: unknown): void => {
    const nameRaw = plainArg(nameCell);
    const valueRaw = plainArg(valueCell);
    if (isBlank(nameRaw) && isBlank(valueRaw)) return; // an empty row of an assumptions block
    if (typeof nameRaw !== 'string' || nameRaw.trim() === '') fail(valueError(`overrides: expected an input name, got ${shown(nameRaw)}; overrides are "name", value pairs`));
    const spec = inputSpec(nameRaw.trim());
    if (!spec) fail(valueError(`unknown override "${nameRaw.trim().slice(0, 40)}": ${didYouMean(nameRaw.trim(), INPUT_NAMES)}`));
    if (out.has(spec.name)) fail(valueError(`override ${spec.name} is given twice; give each input once`));
    if (isBlank(valueRaw)) return; // an empty value cell: the input keeps its default
    if (typeof valueRaw === 'object') fail(valueError(`override ${spec.name} holds an error value ${shown(valueRaw)}`));
    const value = spec.kind === 'choice' ? valueRaw : toNumber(valueRaw) ?? valueRaw;
    const checked = checkInputValue(spec, value);
    if (!checked.ok) fail(valueError(`override ${checked.message}`));
    out.set(spec.name, checked.value);
  };
  const push = (cell: unknown): void => {
    const v = plainArg(cell);
    if (pendingName === undefined) {
      if (isBlank(v)) return; // an omitted trailing argument
      pendingName = v;
    } else {
      add(pendingName, v);
      pendingName = undefined;
    }
  };

  for (const arg of args) {
    if (!Array.isArray(arg)) {
      push(arg);
      continue;
    }
    const rows = arg.length;
    const cols = rows > 0 && Array.isArray(arg[0]) ? arg[0].length : 1;
    cells += rows * cols;
    if (cells > MAX_OVERRIDE_CELLS) fail(valueError(`overrides: more than ${MAX_OVERRIDE_CELLS} cells; pass a smaller range`));
    if (rows === 1 && cols === 1) push(Array.isArray(arg[0]) ? arg[0][0] : arg[0]);
    else if (cols === 2 && pendingName === undefined) for (const row of arg as unknown[][]) add(row[0], row[1]);
    else if (rows === 2 && pendingName === undefined) for (let j = 0; j < cols; j++) add((arg as unknown[][])[0][j], (arg as unknown[][])[1][j]);
    else fail(valueError(`overrides: a range must have two columns (names, values), got ${rows}×${cols}`));
  }
  if (pendingName !== undefined) fail(valueError(`overrides come in name/value pairs; ${shown(pendingName)} has no value`));
  return out;
}

/** Resolved inputs for a ticker and overrides, after the precedence chain. */
export function resolveInputs(ticker: string, overrides: Overrides | null): Inputs {
  return check(store.resolve(ticker, overrides));
}

/** The metric of a model named by the user, or #VALUE! with "did you mean". */
export function metricArg(model: ModelSpec, x: unknown) {
  const name = textArg('metric', x) ?? model.defaultMetric;
  const m = findMetric(model, name);
  if (!m) fail(valueError(`unknown metric "${name.slice(0, 40)}" for ${model.name}: ${didYouMean(name, model.metrics.map((mt) => mt.name))}`));
  return m;
}

/** A number or table from the engine, with the metric's unit, as Excel shows it (never NaN or Infinity). */
export function present(v: MetricValue, unit = ''): OutCell | OutCell[][] {
  if (isEngineError(v)) fail(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) fail(numError('the result is not a finite number'));
    return unit ? quantity(v, unit) : v;
  }
  const t = sanitizeTable(v);
  // a column of one quantity (cash_flows); tables of several ("table") carry their units in their structure
  return unit ? t.map((row) => row.map((c) => (typeof c === 'number' ? quantity(c, unit) : c))) : t;
}

export function sanitizeTable(t: Table): Scalar[][] {
  return t.map((row) => row.map((c) => (typeof c === 'number' && !Number.isFinite(c) ? 'n/a' : c)));
}

/** Model functions always return a 2-D array (Excel shows a 1×1 array as a value). */
export function asMatrix<T>(r: T | T[][]): T[][] {
  return Array.isArray(r) ? r : [[r]];
}

/**
 * What a model function evaluates for a ticker (presets/companyInputs.ts): one
 * tranche, a company's whole contract book, or one MW on a standard lease.
 */
export function modelContextFor(modelName: string, ticker: string, overrides: Overrides | null): Context {
  return check(modelContext(store, modelName, ticker, overrides));
}

/** Evaluates a model function end to end. */
export function runModel(modelName: string, ticker: unknown, metric: unknown, overrides: unknown): OutCell[][] {
  const model = MODELS[modelName];
  const m = metricArg(model, metric);
  const t = tickerArg(ticker);
  return asMatrix(present(m.compute(modelContextFor(modelName, t, overridesArg(overrides))), m.unit));
}

/**
 * A model's single-number metrics as one card (Excel shows it as an entity whose
 * fields `=A1.irr` reads), with the preset's as-of date and its cited sources.
 * A metric without a result here is its error code as text.
 */
export function runModelCard(modelName: string, ticker: unknown, overrides: unknown): Card {
  const model = MODELS[modelName];
  const t = tickerArg(ticker);
  const ctx = modelContextFor(modelName, t, overridesArg(overrides));
  const fields: [string, CardField][] = [];
  for (const m of model.metrics) {
    const v = m.compute(ctx);
    if (Array.isArray(v)) continue;
    fields.push([m.name, isEngineError(v) ? v.code : Number.isFinite(v) ? quantity(v, m.unit) : '#NUM!']);
  }
  const p = t ? store.preset(t) : undefined;
  const sources = p ? presetSourceList(p) : [];
  return card(`${t || 'generic site'} ${model.name}`, fields, { asof: p?.asof, sources });
}

/**
 * Runs a wrapper body: engine errors become the Excel error to throw, anything
 * unexpected becomes a labelled #VALUE! (never an unlabelled exception).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function run(body: () => Out): any {
  try {
    const r = body();
    if ((typeof r === 'number' && !Number.isFinite(r)) || (isQuantity(r) && !Number.isFinite(r.value))) throw new Fail(numError('the result is not a finite number'));
    return toExcelResult(r);
  } catch (e) {
    if (e instanceof Fail) throw toExcelError(e.error);
    throw toExcelError(valueError(`BTCAI could not evaluate this call (${e instanceof Error ? e.message.slice(0, 120) : 'unknown error'}); please report it`));
  }
}

