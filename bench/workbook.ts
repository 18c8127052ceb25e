/**
 * The investor workbook of issue 14, as data: what an analyst's model of the sector
 * recalculates — 500 model calls with overrides across the 12 company presets, and
 * 50 SENSITIVITY grids of 50 × 50 (10 of them MINER_AI_YIELD irr). Drawn once from
 * a fixed seed, so every run and every machine times the same workbook.
 */
import { Rng } from '../src/engine/rng';

export type ModelName = 'HASH_VS_LEASE' | 'MINER_AI_YIELD' | 'MINING_ECONOMICS' | 'AI_ECONOMICS';

/** A metric the workbook uses: its model and the floor that computes it (bench/floors.ts). */
export type MetricKey = 'delta' | 'npv_delta' | 'ai_ebitda' | 'mining_ebitda' | 'yield' | 'irr' | 'npv' | 'payback_years';

export interface WorkbookCall {
  readonly fn: ModelName;
  readonly metric: string;
  readonly floor: MetricKey;
  readonly ticker: string;
  /** name, value pairs, as a user types them after the metric */
  readonly overrides: readonly (readonly [string, number])[];
}

export interface WorkbookGrid {
  readonly fn: ModelName;
  readonly metric: string;
  readonly floor: MetricKey;
  readonly ticker: string;
  readonly xName: string;
  readonly xValues: readonly number[];
  readonly yName: string;
  readonly yValues: readonly number[];
  /** name, value pairs given as the grid's overrides (none in the workbook). */
  readonly overrides?: readonly (readonly [string, number | string])[];
}

export interface Workbook {
  readonly calls: readonly WorkbookCall[];
  readonly grids: readonly WorkbookGrid[];
}

/** The calls' mix: [function, metric, floor, weight]. */
const CALL_MIX: readonly (readonly [ModelName, string, MetricKey, number])[] = [
  ['HASH_VS_LEASE', 'delta', 'delta', 25],
  ['HASH_VS_LEASE', 'npv_delta', 'npv_delta', 20],
  ['HASH_VS_LEASE', 'ai_ebitda', 'ai_ebitda', 5],
  ['MINER_AI_YIELD', 'yield', 'yield', 15],
  ['MINER_AI_YIELD', 'irr', 'irr', 15],
  ['MINER_AI_YIELD', 'npv', 'npv', 10],
  ['MINER_AI_YIELD', 'payback_years', 'payback_years', 5],
  ['MINING_ECONOMICS', 'ebitda', 'mining_ebitda', 5],
];

/** Overrides an analyst varies, with the range drawn from. */
const OVERRIDES: readonly (readonly [string, number, number])[] = [
  ['btc_price', 60_000, 200_000],
  ['power_price_mwh', 25, 70],
  ['network_hashrate_eh', 900, 1500],
  ['efficiency_j_th', 12, 25],
  ['lease_rate_kw_month', 110, 220],
  ['pue', 1.1, 1.5],
  ['ai_capex_mw_it', 8e6, 14e6],
  ['discount_rate', 0.08, 0.14],
  ['hashrate_growth_yr', 0.1, 0.4],
  ['btc_price_growth_yr', 0, 0.3],
  ['gpu_hour_rate', 1.8, 3.5],
];

/** The grids: [count, function, metric, floor, x input, y input]; each axis spans 50 values from 0.6 to 1.4 × the preset's value. */
const GRID_MIX: readonly (readonly [number, ModelName, string, MetricKey, string, string])[] = [
  [10, 'MINER_AI_YIELD', 'irr', 'irr', 'lease_rate_kw_month', 'ai_capex_mw_it'],
  [20, 'HASH_VS_LEASE', 'npv_delta', 'npv_delta', 'btc_price', 'lease_rate_kw_month'],
  [10, 'HASH_VS_LEASE', 'delta', 'delta', 'btc_price', 'power_price_mwh'],
  [10, 'MINER_AI_YIELD', 'npv', 'npv', 'lease_rate_kw_month', 'discount_rate'],
];

export const WORKBOOK_SEED = 2026;
export const GRID_SIDE = 50;

/**
 * The workbook for `tickers` (the 12 presets) and their resolved inputs (axes are
 * spread around each preset's own values, so every grid is a plausible one).
 * `side`: values per axis (the tests use fewer; the bench always 50).
 */
export function investorWorkbook(tickers: readonly string[], baseOf: (ticker: string) => Readonly<Record<string, number | string>>, seed = WORKBOOK_SEED, side = GRID_SIDE): Workbook {
  const rng = new Rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.uniform() * xs.length)];
  const between = (lo: number, hi: number): number => Math.round((lo + (hi - lo) * rng.uniform()) * 1000) / 1000;
  const totalWeight = CALL_MIX.reduce((a, m) => a + m[3], 0);

  const calls: WorkbookCall[] = [];
  for (let i = 0; i < 500; i++) {
    let w = rng.uniform() * totalWeight;
    let mix = CALL_MIX[0];
    for (const m of CALL_MIX) if ((w -= m[3]) < 0) {
      mix = m;
      break;
    }
    const count = Math.floor(rng.uniform() * 4); // 0–3 overrides
    const chosen = new Map<string, number>();
    while (chosen.size < count) {
      const [name, lo, hi] = pick(OVERRIDES);
      if (!chosen.has(name)) chosen.set(name, between(lo, hi));
    }
    calls.push({ fn: mix[0], metric: mix[1], floor: mix[2], ticker: pick(tickers), overrides: [...chosen] });
  }

  const grids: WorkbookGrid[] = [];
  for (const [count, fn, metric, floor, xName, yName] of GRID_MIX) {
    for (let g = 0; g < count; g++) {
      const ticker = tickers[(grids.length * 5 + g) % tickers.length];
      const base = baseOf(ticker);
      const axis = (name: string): number[] => {
        const centre = base[name] as number;
        return Array.from({ length: side }, (_, i) => Math.round(centre * (0.6 + (0.8 * i) / (side - 1)) * 1e6) / 1e6);
      };
      grids.push({ fn, metric, floor, ticker, xName, xValues: axis(xName), yName, yValues: axis(yName) });
    }
  }
  return { calls, grids };
}
