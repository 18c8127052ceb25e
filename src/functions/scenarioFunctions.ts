/**
 * Bodies of the scenario and risk functions: PROJECTION, SENSITIVITY,
 * LEASE_WIN_PROB and LEASE_NPV_PERCENTILES. Arguments are adapted here
 * (adapter.ts); the engine computes (projection.ts, montecarlo.ts, models.ts).
 */
import { InputSpec, Inputs, checkInputValue, inputSide } from '../engine/catalogue';
import { didYouMean, isEngineError, valueError } from '../engine/errors';
import { Context, MODELS, Metric, ModelSpec } from '../engine/models';
import {
  DEFAULT_PATHS,
  DEFAULT_SEED,
  MAX_PATHS,
  SimulationParams,
  SimulationResult,
  npvDeltaPercentiles,
  simulateLeaseVsMining,
} from '../engine/montecarlo';
import { MAX_PROJECTION_MONTHS, defaultProjectionMonths, projectionTable } from '../engine/projection';
import { ValuationParams, aiFlows } from '../engine/valuation';
import { store } from '../presets/bundled';
import { modelContext } from '../presets/companyInputs';
import { BookContext, bookFlows } from '../engine/book';
import { Overrides } from '../presets/store';
import {
  Scalar,
  check,
  fail,
  inputNameArg,
  metricArg,
  modelContextFor,
  numberArg,
  overridesArg,
  resolveInputs,
  sanitizeTable,
  scalarArg,
  textArg,
  tickerArg,
  toNumber,
} from './adapter';
import { OutCell, Quantity, plainArg, quantity } from './cellValues';

// ---- PROJECTION ---------------------------------------------------------------

/**
 * PROJECTION per gross MW of what MINER_AI_YIELD evaluates: one MW on the
 * standard lease, one tranche (its schedule, from its build start), or a
 * company's book (its tranches' AI flows summed per gross MW of the book).
 */
export function projection(ticker: unknown, months: unknown, overrides: unknown): Scalar[][] {
  const t = tickerArg(ticker);
  const context = modelContextFor('MINER_AI_YIELD', t, overridesArg(overrides));
  if (context instanceof BookContext) {
    const pieces = context.pieces.map((pc) => ({ p: pc.context.p as ValuationParams, deliveries: pc.context.deliveries }));
    let dflt = 1;
    for (const pc of pieces) dflt = Math.max(dflt, defaultProjectionMonths(pc.p, pc.deliveries));
    const n = numberArg('months', months, Math.min(MAX_PROJECTION_MONTHS, dflt), { unit: 'months', min: 1, max: MAX_PROJECTION_MONTHS, integer: true });
    const flows = bookFlows(pieces.map((pc) => aiFlows(pc.p, pc.deliveries, n)), context.weights, n);
    // every piece shares the book's timeline (one valuation date): the first gives the market path
    return sanitizeTable(projectionTable(pieces[0].p, pieces[0].deliveries, n, flows));
  }
  const inputs = context.p as ValuationParams;
  const deliveries = context.deliveries;
  const dflt = Math.min(MAX_PROJECTION_MONTHS, defaultProjectionMonths(inputs, deliveries));
  const n = numberArg('months', months, dflt, { unit: 'months', min: 1, max: MAX_PROJECTION_MONTHS, integer: true });
  return sanitizeTable(projectionTable(inputs, deliveries, n));
}

// ---- SENSITIVITY --------------------------------------------------------------

/** Most cells a sensitivity grid computes (100 × 100). */
export const MAX_GRID_CELLS = 10_000;

const MODEL_NAMES = Object.keys(MODELS);

/** The model function named by the user ("HASH_VS_LEASE", "btcai.hash_vs_lease"), or #VALUE! with "did you mean". */
export function modelArg(x: unknown): ModelSpec {
  const v = textArg('function', x);
  if (v === undefined) fail(valueError(`function is required: one of ${MODEL_NAMES.join(', ')}`));
  const bare = v.toUpperCase().replace(/^=/, '').replace(/^BTCAI\./, '');
  const paren = bare.indexOf('('); // "HASH_VS_LEASE(" typed with its bracket: a linear cut, no backtracking regex
  const name = (paren >= 0 ? bare.slice(0, paren) : bare).trim();
  const model = MODELS[name];
  if (!model) fail(valueError(`unknown function "${v.slice(0, 40)}" for SENSITIVITY: ${didYouMean(name, MODEL_NAMES)}`));
  return model;
}

/** The values of one grid axis: a 1×N or N×1 range or array constant, or one value; blank cells are skipped. */
export function axisValues(argName: string, spec: InputSpec, x: unknown): (number | string)[] {
  let cells: unknown[];
  if (Array.isArray(x)) {
    const rows = x.length;
    const cols = rows > 0 && Array.isArray(x[0]) ? (x[0] as unknown[]).length : 1;
    if (rows > 1 && cols > 1) fail(valueError(`${argName} must be one row or one column of values, got a ${rows}×${cols} range`));
    cells = rows > 0 && Array.isArray(x[0]) ? (x as unknown[][]).flat() : x;
  } else {
    cells = [x];
  }
  const out: (number | string)[] = [];
  for (const cell of cells) {
    const c = plainArg(cell);
    if (c === null || c === undefined || c === '') continue;
    if (out.length >= MAX_GRID_CELLS) fail(valueError(`${argName}: more than ${MAX_GRID_CELLS} values; the grid is capped at ${MAX_GRID_CELLS} cells`));
    if (typeof c === 'object') fail(valueError(`${argName} holds an error value`));
    const value = spec.kind === 'choice' ? c : toNumber(c) ?? c;
    const checked = checkInputValue(spec, value);
    if (!checked.ok) fail(valueError(`${argName}: ${checked.message}`));
    out.push(checked.value);
  }
  if (out.length === 0) fail(valueError(`${argName} is empty: give values of ${spec.name} as a range or an array constant such as {1,2,3}`));
  return out;
}

function notInOverrides(argName: string, spec: InputSpec, overrides: Overrides | null): void {
  if (overrides?.has(spec.name)) {
    fail(valueError(`${spec.name} is both ${argName} and an override; give it once (the grid varies it, so leave it out of the overrides)`));
  }
}

/** One grid cell: the metric's number (in its unit), or the text of its Excel error code so the grid still spills. */
function gridCell(metric: Metric, inputs: Inputs): OutCell {
  return cellOf(metric, metric.compute(new Context(inputs)));
}
function cellOf(metric: Metric, v: unknown): OutCell {
  if (typeof v === 'number') return Number.isFinite(v) ? quantity(v, metric.unit) : '#NUM!';
  if (isEngineError(v)) return v.code;
  return '#VALUE!';
}

/**
 * The cells of a grid whose axes the metric lets us evaluate apart (Metric.sides,
 * the catalogue's inputSide), or undefined where every cell needs its own
 * evaluation. `at(x, y)` sets the two axis values (and the defaults derived from
 * them) in the inputs it returns:
 * - a metric reading one side, an axis on the other: evaluated once per value of
 *   the axis it reads (once in all when it reads neither);
 * - a split metric, one axis on each side: the AI side once per value of its axis,
 *   the mining side once per value of the other, then each cell combined
 *   (n + m evaluations instead of n · m; the same numbers, to the last bit).
 */
function separableCells(metric: Metric, xSpec: InputSpec, xs: readonly (number | string)[], ySpec: InputSpec, ys: readonly (number | string)[], at: (x: number | string, y: number | string) => Inputs): OutCell[][] | undefined {
  const sides = metric.sides;
  if (sides === undefined) return undefined;
  const xSide = inputSide(xSpec.name);
  const ySide = inputSide(ySpec.name);
  const grid = (cell: (i: number, j: number) => OutCell): OutCell[][] => ys.map((_, j) => xs.map((_, i) => cell(i, j)));
  if (typeof sides === 'string') {
    const other = sides === 'ai' ? 'mining' : 'ai';
    const xMoves = xSide !== other;
    const yMoves = ySide !== other;
    if (xMoves && yMoves) return undefined;
    const evaluate = (x: number | string, y: number | string): OutCell => gridCell(metric, at(x, y));
    if (!xMoves && !yMoves) {
      const only = evaluate(xs[0], ys[0]);
      return grid(() => only);
    }
    if (xMoves) {
      const byX = xs.map((x) => evaluate(x, ys[0]));
      return grid((i) => byX[i]);
    }
    const byY = ys.map((y) => evaluate(xs[0], y));
    return grid((_, j) => byY[j]);
  }
  if (!((xSide === 'ai' && ySide === 'mining') || (xSide === 'mining' && ySide === 'ai'))) return undefined;
  const aiOnX = xSide === 'ai';
  const aiParts = (aiOnX ? xs : ys).map((v) => sides.ai(new Context(aiOnX ? at(v, ys[0]) : at(xs[0], v))));
  if (aiParts.some((a) => a === undefined)) return undefined;
  let months = 0;
  for (const a of aiParts) if (!isEngineError(a)) months = Math.max(months, sides.months(a));
  const miningParts = (aiOnX ? ys : xs).map((v) => sides.mining(new Context(aiOnX ? at(xs[0], v) : at(v, ys[0])), months));
  return grid((i, j) => {
    const a = aiParts[aiOnX ? i : j];
    return cellOf(metric, isEngineError(a) ? a : sides.combine(a, miningParts[aiOnX ? j : i]));
  });
}

export function sensitivity(
  ticker: unknown,
  fn: unknown,
  metric: unknown,
  xName: unknown,
  xValues: unknown,
  yName: unknown,
  yValues: unknown,
  overrides: unknown,
): OutCell[][] {
  const model = modelArg(fn);
  const m = metricArg(model, metric);
  const xSpec = inputNameArg('x_name', xName);
  const ySpec = inputNameArg('y_name', yName);
  if (xSpec.name === ySpec.name) fail(valueError(`x_name and y_name are both ${xSpec.name}; vary two different inputs`));
  const xs = axisValues('x_values', xSpec, xValues);
  const ys = axisValues('y_values', ySpec, yValues);
  if (xs.length * ys.length > MAX_GRID_CELLS) {
    fail(valueError(`the grid has ${ys.length}×${xs.length} = ${xs.length * ys.length} cells; allowed: at most ${MAX_GRID_CELLS} (e.g. 100×100)`));
  }
  const t = tickerArg(ticker);
  const ov = overridesArg(overrides);
  notInOverrides('x_name', xSpec, ov);
  notInOverrides('y_name', ySpec, ov);
  const context = modelContextFor(model.name, t, ov);
  if (context instanceof BookContext || context.hasSchedule) return sensitivityOfDeals(model, m, t, ov, xSpec, xs, ySpec, ys);
  const base = resolveInputs(t, ov);

  const cellInputs: Inputs = { ...base };
  const rederive = store.rederiver(t, ov, [xSpec.name, ySpec.name]); // defaults derived from an axis input follow it
  cellInputs[xSpec.name] = xs[0];
  cellInputs[ySpec.name] = ys[0];
  rederive?.(cellInputs);
  const probe = m.compute(new Context(cellInputs));
  if (Array.isArray(probe)) fail(valueError(`metric "${m.name}" of ${model.name} is a table; SENSITIVITY needs a single-number metric`));

  // one inputs object, its two axis values rewritten per cell (metrics are pure and keep no reference to it)
  const at = (x: number | string, y: number | string): Inputs => {
    cellInputs[xSpec.name] = x;
    cellInputs[ySpec.name] = y;
    rederive?.(cellInputs);
    return cellInputs;
  };
  const cells = separableCells(m, xSpec, xs, ySpec, ys, at) ?? ys.map((y) => xs.map((x) => gridCell(m, at(x, y))));
  const axis = (v: number | string, spec: InputSpec): OutCell => (typeof v === 'number' ? quantity(v, spec.unit) : v);
  const out: OutCell[][] = [[`${model.name} ${m.name} (rows: ${ySpec.name}, columns: ${xSpec.name})`, ...xs.map((x) => axis(x, xSpec))]];
  for (let j = 0; j < ys.length; j++) out.push([axis(ys[j], ySpec), ...cells[j]]);
  return out;
}

/**
 * SENSITIVITY of a tranche or a company's book: each cell is the function
 * evaluated with the two axis values as overrides (they win over every tranche,
 * as an override does), so the grid's cells are the function's own values.
 */
function sensitivityOfDeals(model: ModelSpec, m: Metric, t: string, ov: Overrides | null, xSpec: InputSpec, xs: (number | string)[], ySpec: InputSpec, ys: (number | string)[]): OutCell[][] {
  const cellOv = new Map(ov ?? []);
  const evaluate = (): OutCell => {
    const ctx = modelContext(store, model.name, t, cellOv);
    if (isEngineError(ctx)) return ctx.code;
    const v = m.compute(ctx);
    if (typeof v === 'number') return Number.isFinite(v) ? quantity(v, m.unit) : '#NUM!';
    if (isEngineError(v)) return v.code;
    return '#VALUE!';
  };
  cellOv.set(xSpec.name, xs[0]);
  cellOv.set(ySpec.name, ys[0]);
  const probeCtx = modelContext(store, model.name, t, cellOv);
  if (!isEngineError(probeCtx) && Array.isArray(m.compute(probeCtx))) fail(valueError(`metric "${m.name}" of ${model.name} is a table; SENSITIVITY needs a single-number metric`));
  const axis = (v: number | string, spec: InputSpec): OutCell => (typeof v === 'number' ? quantity(v, spec.unit) : v);
  const out: OutCell[][] = [[`${model.name} ${m.name} (rows: ${ySpec.name}, columns: ${xSpec.name})`, ...xs.map((x) => axis(x, xSpec))]];
  for (const y of ys) {
    const row: OutCell[] = [axis(y, ySpec)];
    cellOv.set(ySpec.name, y);
    for (const x of xs) {
      cellOv.set(xSpec.name, x);
      row.push(evaluate());
    }
    out.push(row);
  }
  return out;
}

// ---- LEASE_WIN_PROB and LEASE_NPV_PERCENTILES ---------------------------------

function isBlankArg(x: unknown): boolean {
  return x === null || x === undefined || x === '';
}

interface SimulationArgs {
  readonly params: SimulationParams;
  readonly paths: number;
  readonly seed: number;
  readonly btcVol: number;
}

/** An input that is also a positional argument: the argument wins over the chain, but may not also be an override. */
function chainInputArg(argName: string, x: unknown, inputs: Inputs, ov: Overrides | null, rule: { unit: string; min: number; max: number; integer?: boolean }): number {
  const v = scalarArg(argName, x);
  if (v === null || v === undefined || v === '') return inputs[argName] as number;
  if (ov?.has(argName)) fail(valueError(`${argName} is given both as an argument and as an override; give it once`));
  return numberArg(argName, v, null, rule);
}

function simulationArgs(ticker: unknown, horizonYears: unknown, btcVol: unknown, paths: unknown, seed: unknown, overrides: unknown): SimulationArgs {
  const t = tickerArg(ticker);
  const ov = overridesArg(overrides);
  const tranche = String(ov?.get('tranche') ?? 'all').toLowerCase();
  if (tranche !== 'all' && tranche !== 'standard') {
    fail(valueError(`LEASE_WIN_PROB simulates one MW on a standard lease at the company's inputs, not one deal: leave tranche out (or "standard"), or use HASH_VS_LEASE's npv_delta with tranche "${String(ov!.get('tranche')).slice(0, 40)}"`));
  }
  const inputs = resolveInputs(t, ov);
  const horizonGiven = !isBlankArg(scalarArg('horizon_years', horizonYears));
  const horizon = chainInputArg('horizon_years', horizonYears, inputs, ov, { unit: 'years', min: 1, max: 30, integer: true });
  const vol = chainInputArg('btc_vol', btcVol, inputs, ov, { unit: 'annualised volatility, 0.5 = 50 %', min: 0, max: 5 });
  const n = numberArg('paths', paths, DEFAULT_PATHS, { unit: 'simulated paths', min: 1, max: MAX_PATHS, integer: true });
  const s = numberArg('seed', seed, DEFAULT_SEED, { unit: 'random seed', min: 0, max: 4294967295, integer: true });
  // a horizon given as an argument compares the two sides over exactly that many years, with no terminal value
  const params = { ...(inputs as unknown as SimulationParams), btc_vol: vol, ...(horizonGiven ? { horizon_years: horizon, terminal_method: 'none' } : {}) } as SimulationParams;
  return { params, paths: n, seed: s, btcVol: vol };
}

/**
 * The last few simulations, so LEASE_WIN_PROB and LEASE_NPV_PERCENTILES with the
 * same arguments (side by side in a sheet) simulate once. Keyed by every input.
 */
const CACHE_SIZE = 8;
const cache = new Map<string, SimulationResult>();

function simulate(a: SimulationArgs): SimulationResult {
  const key = JSON.stringify([a.params, a.paths, a.seed, a.btcVol]);
  const hit = cache.get(key);
  if (hit) return hit;
  const r = check(simulateLeaseVsMining(a.params, { paths: a.paths, seed: a.seed, btcVol: a.btcVol }));
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, r);
  return r;
}

export function leaseWinProb(ticker: unknown, horizonYears: unknown, btcVol: unknown, paths: unknown, seed: unknown, overrides: unknown): Quantity {
  return quantity(simulate(simulationArgs(ticker, horizonYears, btcVol, paths, seed, overrides)).winProbability, 'probability');
}

export function leaseNpvPercentiles(ticker: unknown, horizonYears: unknown, btcVol: unknown, paths: unknown, seed: unknown, overrides: unknown): Scalar[][] {
  const a = simulationArgs(ticker, horizonYears, btcVol, paths, seed, overrides);
  const r = simulate(a);
  const q = npvDeltaPercentiles(r);
  const usd = 'USD per gross MW';
  return sanitizeTable([
    ['npv_delta (AI - mining)', 'value', 'unit'],
    ['p5', q.p5, usd],
    ['p50', q.p50, usd],
    ['p95', q.p95, usd],
    ['mean', r.meanNpvDelta, usd],
    ['win_probability', r.winProbability, 'share of paths'],
    ['standard_error', r.standardError, 'sqrt(p(1-p)/paths)'],
    ['paths', r.paths, 'paths'],
    ['seed', a.seed, ''],
  ]);
}
