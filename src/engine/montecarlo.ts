/**
 * Monte Carlo of converting one gross MW to AI against mining on (docs/scenarios.md).
 *
 * Each path draws a BTC price path; the AI side is a fixed contract (its value is
 * the deterministic one of valuation.ts, terminal value and powered land
 * included); mining earns the path's hashprice. The result per path is
 * npv_delta = NPV(converted MW) − NPV(mining on), the same quantity as
 * HASH_VS_LEASE(…, "npv_delta").
 *
 * BTC price: geometric Brownian motion sampled at each month's mid-point, with
 * volatility btc_vol and drift chosen so that the expected price is the
 * deterministic path S0 · (1 + btc_price_growth_yr)^t:
 *   ln(S_m / Sdet_m) = x_m,  x_m = x_{m−1} − σ²Δ/2 + σ √Δ Z_m,  Δ = 1/12 (1/24 for the first half month).
 *
 * Network hashrate and the fleet follow the path's own hashprice under the same
 * rules as the deterministic path (cashflows.ts): the network's growth answers
 * the hashprice of NETWORK_LAG_MONTHS before against the marginal fleet's
 * breakeven (networkGrowthFactor), and the fleet renews, switches off or is
 * mothballed by stepFleet's rule. At zero volatility every path is the deterministic one,
 * to the last bit.
 */
import { MiningPath, MiningTerms, miningTerms, renewedShare } from './cashflows';
import { EngineError } from './errors';
import { monthlyFromAnnualRate } from './finance';
import { NETWORK_LAG_MONTHS, networkGrowthFactor } from './network';
import { Rng, ZK, ZW } from './rng';
import { Comparison, ValuationParams, compareWithMining, singleDelivery, valueAi } from './valuation';

export { NETWORK_LAG_MONTHS };
export const DEFAULT_PATHS = 10_000;
export const MAX_PATHS = 200_000;
export const DEFAULT_SEED = 1;

export interface SimulationOptions {
  readonly paths: number;
  readonly seed: number;
  /** Annualised volatility of BTC (btc_vol). */
  readonly btcVol: number;
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

export type SimulationParams = ValuationParams;

/** The deterministic comparison the simulation perturbs, and the per-month weights of mining in npv_delta. */
interface Setup {
  readonly base: Comparison;
  readonly terms: MiningTerms;
  /** Mining discount factor of each month (Excel NPV: month m discounted m + 1 periods). */
  readonly discount: Float64Array;
  /** pvContract + pvResidual of the AI side, and its value at the horizon less powered land (both discounted). */
  readonly aiSum: number;
  readonly landTerm: number;
}

function setup(p: SimulationParams): Setup | EngineError {
  const ai = valueAi(p, singleDelivery(p.build_months));
  if ('kind' in ai) return ai;
  const base = compareWithMining(p, ai);
  const n = ai.months;
  const discount = new Float64Array(n);
  const k = 1 / (1 + monthlyFromAnnualRate(p.mining_discount_rate));
  for (let m = 0, dm = 1; m < n; m++) discount[m] = dm *= k;
  const land = base.landValue;
  const aiHorizonPv = (ai.terminalValue > land ? ai.terminalValue : land) * ai.horizonDiscount;
  return { base, terms: miningTerms(p), discount, aiSum: ai.pvContract + ai.pvResidual, landTerm: aiHorizonPv - land * ai.horizonDiscount };
}

export function simulateLeaseVsMining(p: SimulationParams, opts: SimulationOptions): SimulationResult | EngineError {
  const s = setup(p);
  if ('kind' in s) return s;
  const path = s.base.mining;
  const converted = s.base.ai.flows.convertedShare;
  const n = path.months;
  const paths = opts.paths;
  const sigma = opts.btcVol;
  const net0 = p.network_hashrate_eh * Math.sqrt(networkGrowthFactor(path.baseMonthlyGrowth, path.hashpriceToday, path.breakevenHashprice[0]));

  const dtFirst = 0.5 / 12;
  const dt = 1 / 12;
  const driftFirst = -0.5 * sigma * sigma * dtFirst;
  const sdFirst = sigma * Math.sqrt(dtFirst);
  const drift = -0.5 * sigma * sigma * dt;
  const sd = sigma * Math.sqrt(dt);

  const npvDelta = new Float64Array(paths);
  const terminal = opts.keepTerminalPrice ? new Float64Array(paths) : undefined;
  const totals = { wins: 0, sum: 0 };
  const shocks: Shocks = { driftFirst, sdFirst, drift, sd, seed: opts.seed };
  simulatePaths(shocks, s, path, converted, net0, npvDelta, terminal, totals);
  const wins = totals.wins;
  const sum = totals.sum;

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

/** The BTC price shocks: the first half month's and each later month's drift and volatility of ln S, and the generator's seed. */
interface Shocks {
  readonly driftFirst: number;
  readonly sdFirst: number;
  readonly drift: number;
  readonly sd: number;
  readonly seed: number;
}

/**
 * The path loop, on its own so the JIT compiles it with only its own variables
 * live: per path-month the month's normal drawn in the loop (xoshiro128** and the
 * ziggurat's rectangle test inline, the generator's state in local variables:
 * rng.normal()'s sequence), one exp, the network's answer to the path's hashprice
 * NETWORK_LAG_MONTHS back, and the fleet by stepFleet's rule with its state in
 * local variables. Writes each path's npv_delta (and ln S / Sdet at the end into
 * `terminal`) and the count of wins and the sum into `totals`.
 */
function simulatePaths(shocks: Shocks, s: Setup, path: MiningPath, converted: Float64Array, net0: number, npvDelta: Float64Array, terminal: Float64Array | undefined, totals: { wins: number; sum: number }): void {
  const { driftFirst, sdFirst, drift, sd } = shocks;
  const n = path.months;
  const paths = npvDelta.length;
  const lag = NETWORK_LAG_MONTHS;
  const t = s.terms;
  const num = path.hashpriceNumerator;
  const be = path.breakevenHashprice;
  const frontier = path.frontierPh;
  const disc = s.discount;
  const hp0 = path.hashpriceToday;
  const g = path.baseMonthlyGrowth;
  const aiSum = s.aiSum;
  const landTerm = s.landTerm;
  const revenuePerPh = t.revenuePerPhHashprice;
  const powerMonth = t.powerMonth;
  const fixedMonth = t.fixedMonth;
  const renewalMonth = t.renewalMonth;
  const replaceShare = t.replaceShareMonth;
  const hashratePh0 = t.hashratePh0;
  const hp = new Float64Array(n);
  // one delivery: the converted share is 0 until rent start and 1 from then on, so mining's PV on it is a sum of the
  // later months' PVs (pv · 1 = pv, and adding pv · 0 = ±0 leaves the sum as it was: the same number)
  let convertedFrom = 0;
  while (convertedFrom < n && converted[convertedFrom] === 0) convertedFrom++;
  let unitStep = true;
  for (let m = convertedFrom; m < n; m++) if (converted[m] !== 1) unitStep = false;
  const rng = new Rng(shocks.seed);
  const rngState = new Int32Array(4);
  rng.saveState(rngState);
  let ga = rngState[0];
  let gb = rngState[1];
  let gc = rngState[2];
  let gd = rngState[3];
  let wins = 0;
  let sum = 0;
  for (let i = 0; i < paths; i++) {
    let x = 0; // ln(S / Sdet)
    let net = net0;
    let pvAfterConversion = 0;
    let hashratePh = hashratePh0;
    let negativeMonths = 0;
    let mothballed = false;
    for (let m = 0; m < n; m++) {
      const r = Math.imul(gb, 5);
      const u = Math.imul((r << 7) | (r >>> 25), 9);
      const tt = gb << 9;
      gc ^= ga;
      gd ^= gb;
      gb ^= gc;
      ga ^= gd;
      gc ^= tt;
      gd = (gd << 11) | (gd >>> 21);
      const layer = u & 127;
      const j = u >> 7;
      let z: number;
      if (Math.abs(j) < ZK[layer]) z = j * ZW[layer];
      else {
        // the wedge or the tail (~1 % of draws): the generator's own code, from its state
        rngState[0] = ga;
        rngState[1] = gb;
        rngState[2] = gc;
        rngState[3] = gd;
        rng.loadState(rngState);
        z = rng.normalRare(j, layer);
        rng.saveState(rngState);
        ga = rngState[0];
        gb = rngState[1];
        gc = rngState[2];
        gd = rngState[3];
      }
      x += m === 0 ? driftFirst + sdFirst * z : drift + sd * z;
      if (m > 0) net *= networkGrowthFactor(g, m >= lag ? hp[m - lag] : hp0, be[m]);
      const h = (num[m] * Math.exp(x)) / net;
      hp[m] = h;
      const margin = revenuePerPh * hashratePh * h - powerMonth;
      const ebitdaOn = (margin > 0 ? margin : 0) - fixedMonth;
      let flow = 0;
      if (mothballed && ebitdaOn > 0) {
        mothballed = false; // hashing pays again: switch the fleet back on
        negativeMonths = 0;
      }
      if (!mothballed) {
        if (ebitdaOn < 0 && ++negativeMonths > lag) mothballed = true;
        else {
          if (!(ebitdaOn < 0)) negativeMonths = 0;
          if (margin > 0) {
            const funded = margin < renewalMonth ? margin : renewalMonth;
            flow = margin - funded - fixedMonth;
            hashratePh += renewedShare(funded, renewalMonth) * replaceShare * (frontier[m] - hashratePh);
          } else flow = -fixedMonth;
        }
      }
      const pv = flow * disc[m];
      if (unitStep) {
        if (m >= convertedFrom) pvAfterConversion += pv;
      } else pvAfterConversion += pv * converted[m];
    }
    const d = aiSum - pvAfterConversion + landTerm;
    npvDelta[i] = d;
    sum += d;
    if (d > 0) wins++;
    if (terminal) terminal[i] = x;
  }
  totals.wins = wins;
  totals.sum = sum;
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
