/**
 * Monte Carlo of converting one gross MW to AI against mining on (MODEL.md,
 * "Projections and risk"; docs/scenarios.md).
 *
 * Each path draws a BTC price path; the AI side is a fixed contract (its cash
 * flows are the deterministic ones of cashflows.ts); mining earns the path's
 * hashprice. The result per path is npv_delta = NPV(converted MW) − NPV(mining on),
 * the same quantity as HASH_VS_LEASE(…, "npv_delta").
 *
 * BTC price: geometric Brownian motion sampled at each month's mid-point, with
 * volatility btc_vol and drift chosen so that the expected price is the
 * deterministic path S0 · (1 + btc_price_growth_yr)^t:
 *   ln(S_m / Sdet_m) = x_m,  x_m = x_{m−1} − σ²Δ/2 + σ √Δ Z_m,  Δ = 1/12 (1/24 for the first half month).
 *
 * Network hashrate follows hashprice with a lag: its log-deviation from the
 * deterministic path (hashrate_growth_yr) grows each month by `response` times
 * the hashprice log-deviation of `lagMonths` months before,
 *   n_m = n_{m−1} + response · h_{m−lag},   h_m = x_m − n_m,
 * so a hashprice above its expected path draws in hashrate (ASICs ordered,
 * delivered and energised `lag` months later), which erodes it again.
 * hashprice_m = hashprice_det_m · exp(h_m); at zero volatility every path is
 * the deterministic one.
 */
import { FlowParams, miningFlowMonth, miningMonthTerms, monthlyFlows } from './cashflows';
import { monthlyFromAnnualRate, npvExcel } from './finance';
import { Rng } from './rng';

/** Months between a hashprice move and the network's response (ASIC lead time). */
export const NETWORK_LAG_MONTHS = 6;
/** Share of a hashprice log-deviation the network absorbs per month, once the lag has passed. */
export const NETWORK_RESPONSE_PER_MONTH = 0.05;
export const DEFAULT_PATHS = 10_000;
export const MAX_PATHS = 200_000;
export const DEFAULT_SEED = 1;

export interface SimulationOptions {
  readonly paths: number;
  readonly seed: number;
  /** Annualised volatility of BTC (btc_vol). */
  readonly btcVol: number;
  readonly lagMonths?: number;
  readonly responsePerMonth?: number;
  /** Also return each path's BTC price at the last month's mid-point (tests of the generator). */
  readonly keepTerminalPrice?: boolean;
}

export interface SimulationResult {
  readonly paths: number;
  readonly months: number;
  /** npv_delta of each path, USD per gross MW, in path order. */
  readonly npvDelta: Float64Array;
  /** Share of paths where converting beats mining on (npv_delta > 0). */
  readonly winProbability: number;
  /** Binomial standard error of winProbability: sqrt(p(1 − p) / paths). */
  readonly standardError: number;
  readonly meanNpvDelta: number;
  /** BTC price of each path at the last month's mid-point (when asked for). */
  readonly terminalBtcPrice?: Float64Array;
  /** The deterministic BTC price at the last month's mid-point (the GBM's mean). */
  readonly terminalBtcPriceMean: number;
  /** Years from the valuation date to the last month's mid-point. */
  readonly terminalYears: number;
}

export type SimulationParams = FlowParams & { readonly discount_rate: number };

export function simulateLeaseVsMining(p: SimulationParams, opts: SimulationOptions): SimulationResult {
  const f = monthlyFlows(p);
  const n = f.months;
  const paths = opts.paths;
  const lag = opts.lagMonths ?? NETWORK_LAG_MONTHS;
  const response = opts.responsePerMonth ?? NETWORK_RESPONSE_PER_MONTH;
  const sigma = opts.btcVol;

  const rate = monthlyFromAnnualRate(p.discount_rate);
  const discount = new Float64Array(n); // Excel NPV: the first month is discounted one period
  const k = 1 / (1 + rate);
  for (let m = 0, factor = 1; m < n; m++) discount[m] = factor *= k;
  const npvAi = npvExcel(rate, f.aiProjectFlow);
  const build = Math.min(n, Math.round(p.build_months));
  const t = miningMonthTerms(p);
  const hpDet = f.hashpriceUsdPerPhDay;

  const dtFirst = 0.5 / 12;
  const dt = 1 / 12;
  const driftFirst = (-0.5 * sigma * sigma) * dtFirst;
  const sdFirst = sigma * Math.sqrt(dtFirst);
  const drift = (-0.5 * sigma * sigma) * dt;
  const sd = sigma * Math.sqrt(dt);

  const rng = new Rng(opts.seed);
  const h = new Float64Array(n);
  const z = new Float64Array(n);
  const npvDelta = new Float64Array(paths);
  const terminal = opts.keepTerminalPrice ? new Float64Array(paths) : undefined;
  let wins = 0;
  let sum = 0;
  for (let path = 0; path < paths; path++) {
    let x = 0; // ln(S / Sdet)
    let net = 0; // ln(N / Ndet)
    let npvMining = 0;
    let npvMiningWhileBuilding = 0;
    rng.fillNormals(z);
    for (let m = 0; m < n; m++) {
      x += m === 0 ? driftFirst + sdFirst * z[m] : drift + sd * z[m];
      if (m >= lag) net += response * h[m - lag];
      const dev = x - net;
      h[m] = dev;
      const grossMargin = t.revenuePerHashpriceMonth * (hpDet[m] * Math.exp(dev)) - t.powerMonth;
      const flow = miningFlowMonth(grossMargin, t.fixedMonth, t.renewalMonth);
      const pv = flow * discount[m];
      npvMining += pv;
      if (m < build) npvMiningWhileBuilding += pv;
    }
    const d = npvAi + npvMiningWhileBuilding - npvMining;
    npvDelta[path] = d;
    sum += d;
    if (d > 0) wins++;
    if (terminal) terminal[path] = x;
  }

  const terminalYears = n > 0 ? (n - 0.5) / 12 : 0;
  const terminalBtcPriceMean = p.btc_price * Math.pow(1 + p.btc_price_growth_yr, terminalYears);
  if (terminal) for (let i = 0; i < paths; i++) terminal[i] = terminalBtcPriceMean * Math.exp(terminal[i]);
  const winProbability = paths > 0 ? wins / paths : 0;
  return {
    paths,
    months: n,
    npvDelta,
    winProbability,
    standardError: paths > 0 ? Math.sqrt((winProbability * (1 - winProbability)) / paths) : 0,
    meanNpvDelta: paths > 0 ? sum / paths : 0,
    terminalBtcPrice: terminal,
    terminalBtcPriceMean,
    terminalYears,
  };
}

/**
 * Percentile of a sample with linear interpolation between order statistics,
 * as Excel's PERCENTILE.INC: rank (n − 1) · q from the smallest. `sorted` ascending.
 */
export function percentileInc(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = (n - 1) * q;
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
}

export interface NpvPercentiles {
  readonly p5: number;
  readonly p50: number;
  readonly p95: number;
}

export function npvDeltaPercentiles(r: SimulationResult): NpvPercentiles {
  const sorted = Float64Array.from(r.npvDelta).sort();
  return { p5: percentileInc(sorted, 0.05), p50: percentileInc(sorted, 0.5), p95: percentileInc(sorted, 0.95) };
}
