/**
 * The cases of `npm run bench`, as data: each times a BTCAI function against its
 * floor (bench/floors.ts, bench/companyFloor.ts) in the same run. A new case is one
 * more entry in `benchCases()`: what one run calls, the floor computing the same
 * numbers, the values to check equal, and the target. COMPANY (≤ 50 µs a call) is a
 * throughput entry like `npv_delta` (`rate: { units, unit: 'calls/s' }`); COMPS of
 * the 12 presets (≤ 5 ms) a single-run entry like `sensitivity_irr`; each with its
 * floor over packed inputs (packInputs, or packCompany for a company's book and
 * balance sheet), and `perMw`: its time as a multiple of one per-MW call measured
 * in the same run.
 *
 * A run's `rep` number varies its inputs (tickers, seeds), so nothing can be
 * hoisted out of a loop or answered from a cache; every result feeds a checksum
 * the bench prints, so nothing can be optimised away.
 */
import * as F from '../src/functions/functions';
import { DERIVED_SPECS, Inputs, inputSide, inputSpec } from '../src/engine/catalogue';
import { store } from '../src/presets/bundled';
import { companyField } from '../src/presets/companyData';
import { companyInput } from '../src/presets/companyInputs';
import { DEFAULT_COMPS_METRICS } from '../src/functions/companyFunctions';
import * as cf from './companyFloor';
import * as floors from './floors';
import { MetricKey, Workbook, WorkbookCall, WorkbookGrid, investorWorkbook } from './workbook';

export interface Target {
  readonly maxMs?: number;
  readonly minPerSecond?: number;
  readonly maxFloorRatio?: number;
  /** The target as the report shows it. */
  readonly text: string;
}

export interface BenchCase {
  readonly id: string;
  readonly title: string;
  /** Throughput cases report units per second (calls); the others the time of one run. */
  readonly rate?: { readonly units: number; readonly unit: string };
  readonly target: Target;
  /** What the floor computes, in words. */
  readonly floorWhat: string;
  /** Where the function's time goes beyond the floor. */
  readonly limitedBy: string;
  /** Timed runs (after warm-up); the median is reported. */
  readonly reps: number;
  /** One run of the function; returns a checksum of its results. */
  engine(rep: number): number;
  /** One run of the floor over the same inputs; returns the same checksum. */
  floor(rep: number): number;
  /** Every value of one run from the function and from the floor, to check equal (NaN: no result, an Excel error). */
  values(rep: number): { engine: number[]; floor: number[] };
  /** |engine − floor| ≤ tolerance · max(1, |engine|). */
  readonly tolerance: number;
  /** A per-MW case (its id) whose time per unit, measured in the same run, this case's time per unit is reported against. */
  readonly perMw?: string;
}

// ---- shared inputs ------------------------------------------------------------

const NO_OVERRIDES = [] as unknown as never;
/**
 * The per-MW model of a ticker (the floors' subject): a company with a contract book
 * evaluates its book unless a call names tranche "standard", one new MW on a standard
 * lease at the company's inputs (docs/company.md). The model calls pass it.
 */
const STANDARD_MW = [[['tranche', 'standard']]] as unknown as never;
const cellNumber = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);

/** The generic site and the 12 presets. */
function tickers(): string[] {
  return ['', ...store.tickers()];
}
function baseOf(ticker: string): Inputs {
  const b = store.base(ticker);
  if ('kind' in b) throw new Error(`bench: ticker ${ticker} does not resolve`);
  return b as Inputs;
}
/** Overrides as Excel passes a repeating name/value argument: one 2-D range of rows. */
function excelOverrides(pairs: readonly (readonly [string, number])[]): never {
  return [[...pairs.map(([k, v]) => [k, v]), ['tranche', 'standard']]] as never;
}
/** A model call through the registered function; NaN where it returns an Excel error. */
function callModel(fn: WorkbookCall['fn'], ticker: string, metric: string, overrides: never): number {
  try {
    const r = fn === 'HASH_VS_LEASE' ? F.hashVsLease(ticker, metric, overrides) : fn === 'MINER_AI_YIELD' ? F.minerAiYield(ticker, metric, overrides) : fn === 'MINING_ECONOMICS' ? F.miningEconomics(ticker, metric, overrides) : F.aiEconomics(ticker, metric, overrides);
    return cellNumber(r[0][0]);
  } catch {
    return NaN;
  }
}

/** A COMPANY call through the registered function; NaN where it returns an Excel error. */
function companyCell(ticker: string, metric: string, overrides: never): number {
  try {
    return cellNumber((F.company(ticker, metric, overrides) as unknown[][])[0][0]);
  } catch {
    return NaN;
  }
}

/** Resolved inputs with overrides (the store's precedence chain and derived defaults: the functions' work, done once, untimed). */
function resolvedOf(ticker: string, overrides: readonly (readonly [string, number | string])[]): Inputs {
  const r = store.resolve(ticker, new Map(overrides));
  if ('kind' in r) throw new Error(`bench: ticker ${ticker} with ${JSON.stringify(overrides)} does not resolve`);
  return r as Inputs;
}

/** A scratch array for the floors: 5 arrays of the longest timeline (600 months). */
const SCRATCH = new Float64Array(5 * 600);

/** The floor of each workbook metric. */
const METRIC_FLOORS: Readonly<Record<MetricKey, (p: floors.FloorInputs) => number>> = {
  delta: floors.deltaFloor,
  npv_delta: floors.npvDeltaFloor,
  ai_ebitda: floors.aiEbitdaFloor,
  mining_ebitda: floors.miningEbitdaFloor,
  yield: floors.yieldFloor,
  irr: (p) => floors.aiIrrFloor(p, SCRATCH),
  npv: floors.aiNpvFloor,
  payback_years: (p) => floors.aiPaybackFloor(p, SCRATCH),
};

// ---- grids --------------------------------------------------------------------

function runGrid(g: WorkbookGrid, out?: number[]): number {
  const r = F.sensitivity(g.ticker, g.fn, g.metric, g.xName, [g.xValues as number[]], g.yName, g.yValues.map((y) => [y]), g.overrides ? excelOverrides(g.overrides as [string, number][]) : STANDARD_MW);
  let sum = 0;
  for (let i = 1; i < r.length; i++) {
    const row = r[i];
    for (let j = 1; j < row.length; j++) {
      const v = cellNumber(row[j]);
      if (out) out.push(v);
      if (v === v) sum += v;
    }
  }
  return sum;
}

/** Each ticker's inputs (with overrides) packed for the floors (once: resolving inputs is the functions' work, not the floors'). */
const packed = new Map<string, floors.FloorInputs>();
function packedBase(ticker: string, overrides: readonly (readonly [string, number | string])[] = []): floors.FloorInputs {
  const key = `${ticker}|${JSON.stringify(overrides)}`;
  let v = packed.get(key);
  if (!v) packed.set(key, (v = floors.packInputs(overrides.length === 0 ? baseOf(ticker) : resolvedOf(ticker, overrides))));
  return v;
}

/**
 * A default derived from a grid axis (docs/valuation.md, "Inputs"): where the ticker
 * does not set the derived input itself, each cell recomputes it from the axis value,
 * as SENSITIVITY does. [target, source, factor, per (or −1), min, max] as indices and numbers.
 */
type DerivedRule = readonly [number, number, number, number, number, number];
const derivedRulesCache = new Map<string, DerivedRule[]>();
function derivedRules(g: WorkbookGrid): DerivedRule[] {
  const key = `${g.ticker}|${g.xName}|${g.yName}`;
  let rules = derivedRulesCache.get(key);
  if (rules) return rules;
  rules = [];
  for (const spec of DERIVED_SPECS) {
    const d = spec.derived!;
    if (d.fromMarket || (d.from !== g.xName && d.from !== g.yName && d.per !== g.xName && d.per !== g.yName)) continue;
    const r = store.explain(g.ticker, spec.name, null);
    if ('kind' in r || !(r.layer === 'derived' || r.layer === 'market' || r.layer === 'marketdata')) continue; // set by the preset: it does not follow the axis
    rules.push([floors.I[spec.name], floors.I[d.from], d.factor ?? 1, d.per === undefined ? -1 : floors.I[d.per], inputSpec(spec.name)!.min!, inputSpec(spec.name)!.max!]);
  }
  derivedRulesCache.set(key, rules);
  return rules;
}

/** Writes a grid's axis values, and the defaults derived from them, into a packed input vector. */
function setAxes(cell: floors.FloorInputs, xi: number, x: number, yi: number, y: number, rules: readonly DerivedRule[]): floors.FloorInputs {
  cell[xi] = x;
  cell[yi] = y;
  for (const [target, source, factor, per, min, max] of rules) {
    const v = (cell[source] * factor) / (per < 0 ? 1 : cell[per]);
    cell[target] = v < min ? min : v > max ? max : v;
  }
  return cell;
}

/** Scratch for the separable npv_delta floor: running sums of 100 mining sides of 600 months, and 100 AI sides. */
const PREFIX = new Float64Array(100 * 601 + 4 * 100);

/**
 * The floor of a grid: the metric's floor per cell, on one input vector whose two
 * axis values (and the defaults derived from them) are rewritten; an npv_delta
 * grid whose axes are one mining input and one AI input (the catalogue's
 * inputSide) from its two sides, each evaluated once per axis value.
 */
function floorGrid(g: WorkbookGrid, cell: floors.FloorInputs, out?: number[]): number {
  cell.set(packedBase(g.ticker, g.overrides));
  const f = METRIC_FLOORS[g.floor];
  const xi = floors.I[g.xName];
  const yi = floors.I[g.yName];
  const rules = derivedRules(g);
  const xSide = inputSide(g.xName);
  const ySide = inputSide(g.yName);
  if (g.floor === 'npv_delta' && ((xSide === 'ai' && ySide === 'mining') || (xSide === 'mining' && ySide === 'ai'))) {
    const aiOnX = xSide === 'ai';
    const aiValues = aiOnX ? g.xValues : g.yValues;
    const miningValues = aiOnX ? g.yValues : g.xValues;
    const values = out ? new Float64Array(g.xValues.length * g.yValues.length) : undefined;
    let sum = 0;
    floors.npvDeltaSeparableFloor(
      aiValues.length,
      (j) => (aiOnX ? setAxes(cell, xi, aiValues[j], yi, miningValues[0], rules) : setAxes(cell, xi, miningValues[0], yi, aiValues[j], rules)),
      miningValues.length,
      (i) => (aiOnX ? setAxes(cell, xi, aiValues[0], yi, miningValues[i], rules) : setAxes(cell, xi, miningValues[i], yi, aiValues[0], rules)),
      PREFIX,
      (i, j, v) => {
        if (v === v) sum += v;
        if (values) values[aiOnX ? i * g.xValues.length + j : j * g.xValues.length + i] = v;
      },
    );
    if (out && values) for (const v of values) out.push(v);
    return sum;
  }
  let sum = 0;
  for (const y of g.yValues) {
    for (const x of g.xValues) {
      const v = f(setAxes(cell, xi, x, yi, y, rules));
      if (out) out.push(v);
      if (v === v) sum += v;
    }
  }
  return sum;
}

function axis(from: number, step: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i * step);
}

// ---- the cases ------------------------------------------------------------------

/**
 * The cases. `size` 'test' keeps every code path but shrinks the work (10×10 grids,
 * 1 000 paths) for test/bench/floors.test.ts, where Jest runs numeric code many
 * times slower than Node does.
 */
export function benchCases(size: 'bench' | 'test' = 'bench'): BenchCase[] {
  const side = size === 'bench' ? 50 : 10;
  const ts = tickers();
  const bases = ts.map((t) => packedBase(t));
  const scratchInputs = floors.packInputs(baseOf(''));

  // single calls: 130 000 per run, cycling through the 13 tickers
  const CALLS = 130_000;
  const singleCall: BenchCase = {
    id: 'single_call',
    title: 'HASH_VS_LEASE(ticker, "delta"), the 13 tickers in turn',
    rate: { units: CALLS, unit: 'calls/s' },
    target: { minPerSecond: 500_000, text: '≥ 500 000 calls/s' },
    floorWhat: 'AI minus mining EBITDA on the resolved inputs: the arithmetic alone',
    limitedBy: 'argument adaptation, the precedence chain, a Context with its MiningResult and AiResult objects, the 1×1 result array, try/catch',
    reps: 15,
    engine: () => {
      let s = 0;
      for (let i = 0; i < CALLS; i++) s += (F.hashVsLease(ts[i % 13], 'delta', STANDARD_MW) as number[][])[0][0];
      return s;
    },
    floor: () => {
      let s = 0;
      for (let i = 0; i < CALLS; i++) s += floors.deltaFloor(bases[i % 13]);
      return s;
    },
    values: () => ({ engine: ts.map((t) => callModel('HASH_VS_LEASE', t, 'delta', STANDARD_MW)), floor: bases.map(floors.deltaFloor) }),
    tolerance: 1e-12,
  };

  // the same with two overrides, 64 different pairs in turn
  const pairs = Array.from({ length: 64 }, (_, i) => [['btc_price', 70_000 + 1_000 * i], ['power_price_mwh', 30 + (i % 17)]] as [string, number][]);
  const overridden = pairs.map((pp) => excelOverrides(pp));
  const overriddenInputs = pairs.map((pp, i) => floors.packInputs(resolvedOf(ts[i % 13], pp)));
  const withOverrides: BenchCase = {
    id: 'single_call_overrides',
    title: 'the same with two name/value overrides (64 different pairs in turn)',
    rate: { units: CALLS, unit: 'calls/s' },
    target: { text: '—' },
    floorWhat: 'the same arithmetic on the overridden inputs',
    limitedBy: 'reading the override range, checking each value against the catalogue, copying the resolved inputs',
    reps: 11,
    engine: () => {
      let s = 0;
      for (let i = 0; i < CALLS; i++) s += (F.hashVsLease(ts[i % 64 % 13], 'delta', overridden[i % 64]) as number[][])[0][0];
      return s;
    },
    floor: () => {
      let s = 0;
      for (let i = 0; i < CALLS; i++) s += floors.deltaFloor(overriddenInputs[i % 64]);
      return s;
    },
    values: () => ({ engine: overridden.map((o, i) => callModel('HASH_VS_LEASE', ts[i % 13], 'delta', o)), floor: overriddenInputs.map(floors.deltaFloor) }),
    tolerance: 1e-12,
  };

  const NPV_CALLS = 26_000;
  const npvDelta: BenchCase = {
    id: 'npv_delta',
    title: 'HASH_VS_LEASE(ticker, "npv_delta"): monthly flows over each valuation horizon (192–324 months: the lease, the renewal path, the terminal value), the 13 tickers in turn',
    rate: { units: NPV_CALLS, unit: 'calls/s' },
    target: { minPerSecond: 100_000, text: '≥ 100 000 calls/s' },
    floorWhat: 'one pass over the AI side (a lease year\'s fixed months as a run) and one over mining, in local variables, no arrays',
    limitedBy: 'the wrapper (as single_call); the AI side\'s constants in an AiMonths object and its escalation tables; mining\'s flows into a scratch array, then summed',
    reps: 15,
    engine: () => {
      let s = 0;
      for (let i = 0; i < NPV_CALLS; i++) s += (F.hashVsLease(ts[i % 13], 'npv_delta', STANDARD_MW) as number[][])[0][0];
      return s;
    },
    floor: () => {
      let s = 0;
      for (let i = 0; i < NPV_CALLS; i++) s += floors.npvDeltaFloor(bases[i % 13]);
      return s;
    },
    values: () => ({ engine: ts.map((t) => callModel('HASH_VS_LEASE', t, 'npv_delta', STANDARD_MW)), floor: bases.map(floors.npvDeltaFloor) }),
    tolerance: 1e-9,
  };

  // SENSITIVITY grids: one per run, a different ticker each run
  const npvGrid = (rep: number): WorkbookGrid => ({
    fn: 'HASH_VS_LEASE',
    metric: 'npv_delta',
    floor: 'npv_delta',
    ticker: ts[rep % 13],
    xName: 'btc_price',
    xValues: axis(60_000, 2_000, side),
    yName: 'lease_rate_kw_month',
    yValues: axis(100, 2, side),
  });
  const sensitivityNpv: BenchCase = {
    id: 'sensitivity_npv_delta',
    title: 'SENSITIVITY 50×50 of HASH_VS_LEASE npv_delta (btc_price × lease_rate_kw_month), a different ticker each run',
    target: { maxMs: 30, text: '< 30 ms' },
    floorWhat: 'its two sides: 50 fused AI passes and 50 fused mining passes, each cell a difference of running sums',
    limitedBy: 'the same two sides through a Context each, then each cell summed over its months (a running-sum difference would round differently from the single call); the grid of results',
    reps: 25,
    engine: (rep) => runGrid(npvGrid(rep)),
    floor: (rep) => floorGrid(npvGrid(rep), scratchInputs),
    values: (rep) => gridValues(npvGrid(rep), scratchInputs),
    tolerance: 1e-9,
  };

  const irrGrid = (rep: number): WorkbookGrid => ({
    fn: 'MINER_AI_YIELD',
    metric: 'irr',
    floor: 'irr',
    ticker: '',
    xName: 'lease_rate_kw_month',
    xValues: axis(100 + (rep % 3), 2, side),
    yName: 'ai_capex_mw_it',
    yValues: axis(6e6, 2e5, side),
  });
  const sensitivityIrr: BenchCase = {
    id: 'sensitivity_irr',
    title: 'SENSITIVITY 50×50 of MINER_AI_YIELD irr (lease_rate_kw_month × ai_capex_mw_it), generic site, 252 months (build, lease, renewal path; the terminal value in the last)',
    target: { maxMs: 20, maxFloorRatio: 2, text: '≤ 20 ms and ≤ 2× the floor' },
    floorWhat: "2 500 × (the AI project's flows into one reused array, then Newton in a bracket on four Horner chains)",
    limitedBy: 'per cell: the inputs (the axis values and releasing_capex_mw_it derived from ai_capex_mw_it), a Context, the AiMonths object, the IRR scan and its result objects, the number-with-unit cell',
    reps: 11,
    engine: (rep) => runGrid(irrGrid(rep)),
    floor: (rep) => floorGrid(irrGrid(rep), scratchInputs),
    values: (rep) => gridValues(irrGrid(rep), scratchInputs),
    tolerance: 1e-12,
  };

  const PATHS = size === 'bench' ? 10_000 : 1_000;
  const mcInputs = floors.packInputs({ ...baseOf(''), horizon_years: 10, terminal_method: 'none' }); // a horizon argument: those years, no terminal value
  const monteCarlo: BenchCase = {
    id: 'lease_win_prob',
    title: 'LEASE_WIN_PROB("", 10, 0.5, 10 000 paths, seed): 10 000 paths × 120 months, a new seed each run',
    target: { maxMs: 150, maxFloorRatio: 1.1, text: '< 150 ms and ≤ 1.1× the floor' },
    floorWhat: 'one fused loop: per path-month one xoshiro128** draw, the ziggurat inline, one exp, the fleet in local variables',
    limitedBy: 'the same fused loop (normals drawn in the month loop); the deterministic path and AI side set up through valueAi and miningPath (arrays), each path\'s npv_delta kept for the percentiles',
    reps: 15,
    engine: (rep) => (F.leaseWinProb('', 10, 0.5, PATHS, 1000 + rep, NO_OVERRIDES) as number[][])[0][0],
    floor: (rep) => floors.winProbabilityFloor(mcInputs, PATHS, 1000 + rep, 0.5, SCRATCH),
    values: (rep) => {
      // the share of winning paths, and the mean npv_delta over the paths (LEASE_NPV_PERCENTILES' "mean" row), which any difference on any path moves
      const table = F.leaseNpvPercentiles('', 10, 0.5, PATHS, 1000 + rep, NO_OVERRIDES) as unknown[][];
      const mean = table.find((row) => row[0] === 'mean')![1];
      const share = floors.winProbabilityFloor(mcInputs, PATHS, 1000 + rep, 0.5, SCRATCH);
      return { engine: [(F.leaseWinProb('', 10, 0.5, PATHS, 1000 + rep, NO_OVERRIDES) as number[][])[0][0], cellNumber(mean)], floor: [share, floors.mc.meanNpvDelta] };
    },
    tolerance: 0,
  };

  // the largest allowed calls (docs/hardening.md): their time here, their bounded work in test/hardening/caps.test.ts
  const CAP_PATHS = size === 'bench' ? 200_000 : 500;
  const capInputs = floors.packInputs({ ...baseOf(''), horizon_years: 30, terminal_method: 'none' });
  const capMonteCarlo: BenchCase = {
    id: 'cap_lease_win_prob',
    title: 'LEASE_WIN_PROB("", 30, 5, 200 000, seed): the most paths and the longest horizon allowed, at 500 % volatility',
    target: { maxMs: 5000, text: '≤ 5 s' },
    floorWhat: 'the lease_win_prob floor at 200 000 paths × 360 months',
    limitedBy: 'as lease_win_prob: one exp and one normal per path-month',
    reps: 3,
    engine: (rep) => (F.leaseWinProb('', 30, 5, CAP_PATHS, 7000 + rep, NO_OVERRIDES) as number[][])[0][0],
    floor: (rep) => floors.winProbabilityFloor(capInputs, CAP_PATHS, 7000 + rep, 5, SCRATCH),
    values: (rep) => ({
      engine: [(F.leaseWinProb('', 30, 5, CAP_PATHS, 7000 + rep, NO_OVERRIDES) as number[][])[0][0]],
      floor: [floors.winProbabilityFloor(capInputs, CAP_PATHS, 7000 + rep, 5, SCRATCH)],
    }),
    tolerance: 0,
  };

  const CAP_SIDE = size === 'bench' ? 100 : 10;
  const capGrid = (rep: number): WorkbookGrid => ({
    fn: 'MINER_AI_YIELD',
    metric: 'irr',
    floor: 'irr',
    ticker: '',
    xName: 'lease_rate_kw_month',
    xValues: axis(100 + (rep % 3), 1, CAP_SIDE),
    yName: 'ai_capex_mw_it',
    yValues: axis(5e6, 1e5, CAP_SIDE),
    overrides: [
      ['terminal_method', 'none'],
      ['horizon_years', 30],
    ],
  });
  const capSensitivity: BenchCase = {
    id: 'cap_sensitivity_irr',
    title: 'SENSITIVITY 100×100 of MINER_AI_YIELD irr over 30 years (lease_rate_kw_month × ai_capex_mw_it, terminal_method "none"): the largest grid, every cell its own IRR',
    target: { maxMs: 250, maxFloorRatio: 2, text: '≤ 250 ms and ≤ 2× the floor' },
    floorWhat: '10 000 × (the AI flows of 360 months into one reused array, then Newton in a bracket)',
    limitedBy: 'as sensitivity_irr',
    reps: 5,
    engine: (rep) => runGrid(capGrid(rep)),
    floor: (rep) => floorGrid(capGrid(rep), scratchInputs),
    values: (rep) => gridValues(capGrid(rep), scratchInputs),
    tolerance: 1e-12,
  };

  const wb = investorWorkbook(store.tickers(), baseOf, undefined, side);
  const workbook: BenchCase = {
    id: 'investor_workbook',
    title: 'investor workbook: 500 model calls with overrides across the 12 presets + 50 SENSITIVITY grids of 50×50 (10 of MINER_AI_YIELD irr)',
    target: { maxMs: 250, text: '≤ 250 ms' },
    floorWhat: "each call's and each cell's floor, on the same inputs",
    limitedBy: 'the 10 IRR grids and 10 MINER_AI_YIELD npv grids (lease rate × discount_rate: both sides move, every cell evaluated); override parsing and resolving in the calls',
    reps: 7,
    engine: () => runWorkbook(wb),
    floor: () => floorWorkbook(wb, scratchInputs),
    values: () => {
      const engine: number[] = [];
      const floor: number[] = [];
      runWorkbook(wb, engine);
      floorWorkbook(wb, scratchInputs, floor);
      return { engine, floor };
    },
    tolerance: 1e-9,
  };

  // ---- the company functions: a new tax rate each call or sheet, so no cache answers ----
  const cts = store.tickers();
  const packs = cts.map(companyPackOf);
  const taxAt = (j: number): number => TAX_RATES[j % TAX_RATES.length];
  const overridesAt = (j: number): never => TAX_OVERRIDES[j % TAX_OVERRIDES.length];
  const taxIndex = floors.I.tax_rate;

  // 1 200 calls a run (tens of ms): a young-generation collection comes every few hundred
  // calls and takes milliseconds, so a shorter run holds one or none and the median of the
  // runs leaves the collections out (120 calls a run measured anywhere from 34 to 97 µs a call)
  const CO_CALLS = size === 'bench' ? 1200 : 12;
  const companyUncached: BenchCase = {
    id: 'company',
    title: 'COMPANY(ticker, "value_per_share", "tax_rate", x): the 12 companies in turn, a new tax rate each call, so no cache answers (every lease, the standard lease and mining valued again)',
    rate: { units: CO_CALLS, unit: 'calls/s' },
    target: { minPerSecond: 20_000, text: '≤ 50 µs a call (≥ 20 000 calls/s)' },
    perMw: 'npv_delta',
    floorWhat: 'each lease in one pass over its deliveries and one after-tax pass over its months, the ledger as a difference array, mining with its ledger MW and yearly tax in one loop, dilution by bisection over plain numbers',
    limitedBy: 'in a CPU profile: the after-tax pass over each lease\'s months (a quarter: discounting and the year\'s tax are month by month even where the figures repeat), the mining path and its DCF (a fifth), resolving the inputs of the company, the standard lease and each tranche with the override (a tenth: a copy of about 75 numbers each, validated, and the derived defaults that follow the override), the leases\' runs (a tenth); garbage collection is down to a twentieth (the 32 cached models). In a full run the case runs at about the same multiple of its floor as alone, now that V8 no longer pretenures the cached models\' parts (What was optimised, "No pretenured model parts"); the time a call takes still follows this VM\'s speed, as the floor\'s does',
    reps: 15,
    engine: (rep) => {
      let s = 0;
      for (let i = 0; i < CO_CALLS; i++) {
        const v = companyCell(cts[i % 12], 'value_per_share', overridesAt(rep * CO_CALLS + i));
        if (v === v) s += v;
      }
      return s;
    },
    floor: (rep) => {
      let s = 0;
      for (let i = 0; i < CO_CALLS; i++) {
        const c = packs[i % 12];
        cf.setInput(c, taxIndex, taxAt(rep * CO_CALLS + i));
        const v = cf.valuePerShareFloor(c);
        if (v === v) s += v;
      }
      return s;
    },
    values: (rep) => {
      const engine: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < CO_CALLS; i++) {
        engine.push(companyCell(cts[i % 12], 'value_per_share', overridesAt(rep * CO_CALLS + i)));
        const c = packs[i % 12];
        cf.setInput(c, taxIndex, taxAt(rep * CO_CALLS + i));
        floor.push(cf.valuePerShareFloor(c));
      }
      return { engine, floor };
    },
    tolerance: 1e-9,
  };

  // a sheet of 12 COMPANY metrics for one ticker: the first call values the company, the other 11 read its model from the cache
  const SHEETS = size === 'bench' ? 12 : 2;
  const companySheet: BenchCase = {
    id: 'company_sheet',
    title: `COMPANY sheet: 12 metrics of one company (${SHEET_METRICS.join(', ')}) with one new tax rate, the 12 companies in turn: one valuation and 11 answers from the cache`,
    rate: { units: 12 * SHEETS, unit: 'calls/s' },
    target: { minPerSecond: 20_000, text: '≤ 50 µs a call (≥ 20 000 calls/s)' },
    perMw: 'npv_delta',
    floorWhat: 'the 12 numbers from one valuation (btc_beta: mining and the bridge again at ±1 % BTC)',
    limitedBy: 'as company for the first call (btc_beta values the sum of the parts twice more); then per call the metric lookup, the model cache\'s key, the result cell',
    reps: 15,
    engine: (rep) => {
      let s = 0;
      for (let k = 0; k < SHEETS; k++) {
        const ov = overridesAt(rep * SHEETS + k);
        const t = cts[k % 12];
        for (const metric of SHEET_METRICS) {
          const v = companyCell(t, metric, ov);
          if (v === v) s += v;
        }
      }
      return s;
    },
    floor: (rep) => {
      let s = 0;
      for (let k = 0; k < SHEETS; k++) {
        const c = packs[k % 12];
        cf.setInput(c, taxIndex, taxAt(rep * SHEETS + k));
        for (const v of sheetFloor(c)) if (v === v) s += v;
      }
      return s;
    },
    values: (rep) => {
      const engine: number[] = [];
      const floor: number[] = [];
      for (let k = 0; k < SHEETS; k++) {
        const ov = overridesAt(rep * SHEETS + k);
        for (const metric of SHEET_METRICS) engine.push(companyCell(cts[k % 12], metric, ov));
        const c = packs[k % 12];
        cf.setInput(c, taxIndex, taxAt(rep * SHEETS + k));
        floor.push(...sheetFloor(c));
      }
      return { engine, floor };
    },
    tolerance: 1e-9,
  };

  const compsRow = new Float64Array(8 * 12);
  const compsFloor = (rep: number): number => {
    let s = 0;
    for (let i = 0; i < packs.length; i++) {
      cf.setInput(packs[i], taxIndex, taxAt(rep));
      cf.compsRowFloor(packs[i], compsRow, 8 * i);
    }
    for (const v of compsRow) if (v === v) s += v;
    return s;
  };
  const compsCells = (rep: number, out?: number[]): number => {
    const table = F.comps(null, null, overridesAt(rep)) as unknown[][];
    let s = 0;
    for (let r = 1; r < table.length; r++) {
      for (let c = 1; c < table[r].length; c++) {
        const v = cellNumber(table[r][c]);
        if (out) out.push(v);
        if (v === v) s += v;
      }
    }
    return s;
  };
  const comps: BenchCase = {
    id: 'comps',
    title: `COMPS() of the 12 companies with its default columns (${DEFAULT_COMPS_METRICS.join(', ')}) and one new tax rate each run`,
    target: { maxMs: 5, text: '≤ 5 ms' },
    perMw: 'npv_delta',
    floorWhat: 'each company as the company floor, the sum of the parts three times (BTC at 1, 1.01 and 0.99) for btc_beta, the preset fields, the cost per BTC',
    limitedBy: 'as company, for each row; btc_beta values the sum of the parts twice more; cost_per_btc resolves the company\'s inputs again; the table of cells',
    reps: 15,
    engine: (rep) => compsCells(rep),
    floor: compsFloor,
    values: (rep) => {
      const engine: number[] = [];
      compsCells(rep, engine);
      compsFloor(rep);
      return { engine, floor: Array.from(compsRow) };
    },
    tolerance: 1e-9,
  };

  return [singleCall, withOverrides, npvDelta, sensitivityNpv, sensitivityIrr, monteCarlo, workbook, capMonteCarlo, capSensitivity, companyUncached, companySheet, comps];
}

// ---- the company functions' inputs ---------------------------------------------------------

/** The tax rates the company cases take in turn (one a call or a sheet): 4 096 values, so a value comes back only after every cache has long been refilled. */
const TAX_RATES = Float64Array.from({ length: 4096 }, (_, j) => 0.2 + j * 1e-6);
/** The same as Excel passes them to COMPANY and COMPS, built before timing. */
const TAX_OVERRIDES = Array.from(TAX_RATES, (x) => [[['tax_rate', x]]] as unknown as never);

/** A company sheet's metrics, in the order sheetFloor gives them. */
export const SHEET_METRICS = ['value_per_share', 'equity_value', 'enterprise_value', 'contracted_ai_value', 'residual_value', 'uncontracted_ai_value', 'pipeline_value', 'mining_value', 'net_debt', 'diluted_shares', 'ai_share_of_value', 'btc_beta'];

/** The company floor's sheet of SHEET_METRICS (NaN where the function gives an error). */
export function sheetFloor(c: cf.CompanyPack): number[] {
  cf.companyLeases(c);
  if (!cf.co.ok) return SHEET_METRICS.map(() => NaN);
  const beta = cf.btcBetaFloor(c); // leaves the base valuation in cf.co
  const o = cf.co;
  return [o.valuePerShare, o.equityValue, o.enterpriseValue, o.contractedAi, o.residual, o.uncontractedAi, o.pipeline, o.mining, o.netDebt, o.dilutedShares, cf.aiShareOfValueFloor(), beta];
}

/** A company packed for its floor: its inputs without overrides (the cases write the tax rate in), its book, capacity, balance sheet and COMPS's preset fields. */
export function companyPackOf(ticker: string): cf.CompanyPack {
  const input = companyInput(store, ticker, null);
  if ('kind' in input) throw new Error(`bench: ${ticker} has no company valuation: ${input.message}`);
  const p = store.preset(ticker)!;
  const field = (name: string): number => {
    const v = companyField(p, name)?.value;
    return typeof v === 'number' ? v : NaN;
  };
  const miningMw = p.company?.fields.mining_mw?.value;
  return cf.packCompany(input, { energizedMw: field('energized_mw'), hashrateEh: field('hashrate_eh'), miningMw: typeof miningMw === 'number' ? miningMw : NaN });
}

function gridValues(g: WorkbookGrid, scratch: floors.FloorInputs): { engine: number[]; floor: number[] } {
  const engine: number[] = [];
  const floor: number[] = [];
  runGrid(g, engine);
  floorGrid(g, scratch, floor);
  return { engine, floor };
}

/** The workbook's calls' overrides as Excel passes them, built once per workbook. */
const excelArgs = new WeakMap<Workbook, never[]>();

function runWorkbook(wb: Workbook, out?: number[]): number {
  let args = excelArgs.get(wb);
  if (!args) excelArgs.set(wb, (args = wb.calls.map((c) => excelOverrides(c.overrides))));
  let sum = 0;
  for (let i = 0; i < wb.calls.length; i++) {
    const c = wb.calls[i];
    const v = callModel(c.fn, c.ticker, c.metric, args[i]);
    if (out) out.push(v);
    if (v === v) sum += v;
  }
  for (const g of wb.grids) sum += runGrid(g, out);
  return sum;
}

/** The workbook's calls' inputs packed for the floors, once per workbook. */
const packedCalls = new WeakMap<Workbook, floors.FloorInputs[]>();

function floorWorkbook(wb: Workbook, scratch: floors.FloorInputs, out?: number[]): number {
  let inputs = packedCalls.get(wb);
  if (!inputs) packedCalls.set(wb, (inputs = wb.calls.map((c) => floors.packInputs(resolvedOf(c.ticker, c.overrides)))));
  let sum = 0;
  for (let i = 0; i < wb.calls.length; i++) {
    const c = wb.calls[i];
    const v = METRIC_FLOORS[c.floor](inputs[i]);
    if (out) out.push(v);
    if (v === v) sum += v;
  }
  for (const g of wb.grids) sum += floorGrid(g, scratch, out);
  return sum;
}

/** The first value where function and floor differ beyond the case's tolerance, or undefined. */
export function firstDifference(c: BenchCase, rep = 0): string | undefined {
  const { engine, floor } = c.values(rep);
  if (engine.length !== floor.length) return `${c.id}: ${engine.length} values from the function, ${floor.length} from the floor`;
  for (let i = 0; i < engine.length; i++) {
    const a = engine[i];
    const b = floor[i];
    if (Number.isNaN(a) && Number.isNaN(b)) continue;
    if (!(Math.abs(a - b) <= c.tolerance * Math.max(1, Math.abs(a)))) return `${c.id}: value ${i}: function ${a}, floor ${b}`;
  }
  return undefined;
}

