/**
 * Floors for `npm run bench`: each computes the same numbers as a BTCAI function in
 * the least work we know how to write — one fused loop over plain numbers, no
 * objects or arrays allocated per call (scratch arrays are passed in and reused),
 * no argument adaptation, no precedence chain. A case's time over its floor's time
 * is what the function spends beyond the arithmetic itself.
 *
 * Written against the engine's formulas as they are (src/engine/mining.ts, ai.ts,
 * cashflows.ts, montecarlo.ts, network.ts), independently of that code: the bench
 * checks each floor equals its function in every run, and test/bench/floors.test.ts
 * asserts it in `npm test`, so a change of formula that is not made here as well
 * fails the tests instead of silently timing something else.
 */
import { INPUT_NAMES, Inputs } from '../src/engine/catalogue';
import { HALVINGS_PAST, subsidyBtcAtSerial } from '../src/engine/network';
import { Rng, ZF, ZIGGURAT_R, ZK, ZW } from '../src/engine/rng';

/**
 * A floor's inputs: one number per catalogue input, in catalogue order (ai_mode: 0
 * colo, 1 cloud), packed before timing — resolving inputs is the function's work,
 * not the arithmetic's.
 */
export type FloorInputs = Float64Array;

/** Each input's position in a FloorInputs vector. */
export const I: Readonly<Record<string, number>> = Object.freeze({ ...Object.fromEntries(INPUT_NAMES.map((n, i) => [n, i])) }); // spread into a literal: a fast-mode object, whose frozen fields the JIT folds to constants

/** Resolved inputs as a floor's vector (into `out` when given: no allocation). */
export function packInputs(p: Inputs, out: Float64Array = new Float64Array(INPUT_NAMES.length)): FloorInputs {
  for (let i = 0; i < INPUT_NAMES.length; i++) {
    const v = p[INPUT_NAMES[i]];
    out[i] = typeof v === 'number' ? v : v === 'cloud' ? 1 : 0;
  }
  return out;
}

const ANCHOR = HALVINGS_PAST[HALVINGS_PAST.length - 1];
const DAYS_PER_MONTH = 365.25 / 12;

/** The subsidy of each halving epoch, 50 / 2^epoch (exact in binary), 0 from the 33rd. */
const SUBSIDY_BY_EPOCH = Float64Array.from({ length: 34 }, (_, e) => (e >= 33 ? 0 : 50 / 2 ** e));

/** Block subsidy (BTC) at a date serial: after the last recorded halving, by the epoch of the estimated height. */
function subsidyAt(serial: number, blockMinutes: number): number {
  if (serial < ANCHOR.serial) return subsidyBtcAtSerial(serial, blockMinutes); // dates before 2024-04-20: the recorded halvings
  const epoch = Math.floor((ANCHOR.height + ((serial - ANCHOR.serial) * 1440) / blockMinutes) / 210_000);
  return SUBSIDY_BY_EPOCH[epoch < 33 ? epoch : 33];
}

// ---- stabilised per-MW-year figures (HASH_VS_LEASE delta, ai_ebitda, mining_ebitda; yield) -------

/** AI EBITDA per gross MW per year (colo rent or GPU cloud). */
export function aiEbitdaFloor(p: FloorInputs): number {
  const pue = p[I.pue];
  const price = p[I.power_price_mwh];
  const itMw = 1 / pue;
  if (p[I.ai_mode] === 1) {
    const revenue = ((itMw * 1000) / p[I.kw_per_gpu]) * p[I.gpu_hour_rate] * 8760 * p[I.utilization];
    return revenue - revenue * p[I.cloud_opex_pct] - 8760 * p[I.load_factor] * price;
  }
  const revenue = itMw * 1000 * p[I.lease_rate_kw_month] * 12 * p[I.occupancy];
  return revenue - itMw * p[I.ai_opex_mw_it_yr] - (1 - p[I.power_pass_through]) * 8760 * p[I.load_factor] * price;
}

/** Mining EBITDA per gross MW per year at the valuation date's hashprice. */
export function miningEbitdaFloor(p: FloorInputs): number {
  const subsidy = subsidyAt(p[I.valuation_date], p[I.block_minutes]);
  const hashprice = ((144 * (subsidy + p[I.fees_btc_per_block])) / (p[I.network_hashrate_eh] * 1000)) * p[I.btc_price];
  const uptime = p[I.uptime];
  const hashratePh = ((1 / p[I.mining_overhead]) * 1e6) / p[I.efficiency_j_th] / 1000;
  const revenue = hashratePh * 365 * uptime * (1 - p[I.pool_fee]) * hashprice;
  return revenue - 8760 * uptime * p[I.power_price_mwh] - p[I.mining_opex_mw_yr] + p[I.curtailment_credit_mw_yr];
}

/** HASH_VS_LEASE(…, "delta"): AI minus mining EBITDA per gross MW per year. */
export function deltaFloor(p: FloorInputs): number {
  return aiEbitdaFloor(p) - miningEbitdaFloor(p);
}

/** Landlord's AI capex per gross MW (plus GPUs for cloud). */
function aiCapexFloor(p: FloorInputs): number {
  const itMw = 1 / p[I.pue];
  if (p[I.ai_mode] === 1) return ((itMw * 1000) / p[I.kw_per_gpu]) * p[I.gpu_capex] + itMw * p[I.ai_capex_mw_it];
  return itMw * p[I.ai_capex_mw_it] * (1 - p[I.tenant_capex_share]);
}

/** MINER_AI_YIELD(…, "yield"): stabilised EBITDA / capex; NaN without capex. */
export function yieldFloor(p: FloorInputs): number {
  const capex = aiCapexFloor(p);
  return capex > 0 ? aiEbitdaFloor(p) / capex : NaN;
}

// ---- monthly flows -----------------------------------------------------------------

const monthlyRate = (annual: number): number => Math.pow(1 + annual, 1 / 12) - 1;

/** HASH_VS_LEASE(…, "npv_delta"): NPV(converted MW) − NPV(mining on), one pass over the months. */
export function npvDeltaFloor(p: FloorInputs): number {
  const n = Math.round(p[I.horizon_years] * 12);
  const build = Math.round(p[I.build_months]);
  const k = 1 / (1 + monthlyRate(p[I.discount_rate]));
  // mining per month
  const uptime = p[I.uptime];
  const hashratePh = ((1 / p[I.mining_overhead]) * 1e6) / p[I.efficiency_j_th] / 1000;
  const revPerHashprice = (hashratePh * 365 * uptime * (1 - p[I.pool_fee])) / 12;
  const power = (8760 * uptime * p[I.power_price_mwh]) / 12;
  const fixed = (p[I.mining_opex_mw_yr] - p[I.curtailment_credit_mw_yr]) / 12;
  const renewal = (hashratePh * 1000 * p[I.asic_price_th]) / p[I.asic_life_years] / 12;
  const fees = p[I.fees_btc_per_block];
  const blockMinutes = p[I.block_minutes];
  const date0 = p[I.valuation_date];
  const btcGrowth = Math.pow(1 + p[I.btc_price_growth_yr], 1 / 12);
  const netGrowth = Math.pow(1 + p[I.hashrate_growth_yr], 1 / 12);
  let btc = p[I.btc_price] * Math.pow(btcGrowth, 0.5);
  let net = p[I.network_hashrate_eh] * Math.pow(netGrowth, 0.5);
  // AI per month
  const ai = aiMonthTerms(p);
  let subsidy = 0;
  let subsidyUntil = -Infinity; // the subsidy holds until this date (the next halving)
  let factor = 1;
  let pvConvert = 0;
  let pvMining = 0;
  for (let m = 0; m < n; m++) {
    const date = date0 + (m + 0.5) * DAYS_PER_MONTH;
    if (date >= subsidyUntil || date < ANCHOR.serial) {
      subsidy = subsidyAt(date, blockMinutes);
      subsidyUntil = nextHalvingAfter(date, blockMinutes);
    }
    const hp = (144 * (subsidy + fees) * btc) / (net * 1000);
    const afterRenewal = revPerHashprice * hp - power - renewal;
    const mFlow = (afterRenewal > 0 ? afterRenewal : 0) - fixed;
    const aFlow = aiFlowNext(ai, m);
    factor *= k;
    pvConvert += ((m < build ? mFlow : 0) + aFlow) * factor;
    pvMining += mFlow * factor;
    btc *= btcGrowth;
    net *= netGrowth;
  }
  return pvConvert - pvMining;
}

/** The date of the first halving after `serial` (estimated heights after the last recorded one). */
function nextHalvingAfter(serial: number, blockMinutes: number): number {
  if (serial < ANCHOR.serial) return ANCHOR.serial;
  const height = ANCHOR.height + ((serial - ANCHOR.serial) * 1440) / blockMinutes;
  return ANCHOR.serial + (((Math.floor(height / 210_000) + 1) * 210_000 - ANCHOR.height) * blockMinutes) / 1440;
}

/** The AI project's month-level terms and the state of the month loop, in one reused object (set per call, never allocated). */
interface AiMonthTerms {
  colo: boolean;
  /** colo: rent per year before escalation; cloud: the stabilised EBITDA per year. */
  revenueYr: number;
  opexYr: number;
  powerYr: number;
  escalator: number;
  capex: number;
  gpuCapex: number;
  gpuLifeMonths: number;
  build: number;
  buildFlow: number;
  /** EBITDA per month of the current lease year, and the rent month the next lease year starts. */
  monthly: number;
  nextYear: number;
}
const terms: AiMonthTerms = { colo: true, revenueYr: 0, opexYr: 0, powerYr: 0, escalator: 0, capex: 0, gpuCapex: 0, gpuLifeMonths: 1, build: 0, buildFlow: 0, monthly: 0, nextYear: 0 };

function aiMonthTerms(p: FloorInputs): AiMonthTerms {
  const itMw = 1 / p[I.pue];
  const price = p[I.power_price_mwh];
  terms.colo = p[I.ai_mode] !== 1;
  terms.build = Math.round(p[I.build_months]);
  terms.gpuLifeMonths = Math.max(1, Math.round(p[I.gpu_life_years] * 12));
  terms.escalator = p[I.lease_escalator];
  if (terms.colo) {
    terms.revenueYr = itMw * 1000 * p[I.lease_rate_kw_month] * 12 * p[I.occupancy];
    terms.opexYr = itMw * p[I.ai_opex_mw_it_yr];
    terms.powerYr = (1 - p[I.power_pass_through]) * 8760 * p[I.load_factor] * price;
    terms.capex = itMw * p[I.ai_capex_mw_it] * (1 - p[I.tenant_capex_share]);
    terms.gpuCapex = 0;
  } else {
    const gpus = (itMw * 1000) / p[I.kw_per_gpu];
    const revenue = gpus * p[I.gpu_hour_rate] * 8760 * p[I.utilization];
    terms.revenueYr = revenue - revenue * p[I.cloud_opex_pct] - 8760 * p[I.load_factor] * price;
    terms.opexYr = 0;
    terms.powerYr = 0;
    terms.gpuCapex = gpus * p[I.gpu_capex];
    terms.capex = terms.gpuCapex + itMw * p[I.ai_capex_mw_it];
  }
  terms.buildFlow = -terms.capex / terms.build;
  terms.monthly = 0;
  terms.nextYear = 0;
  return terms;
}

/**
 * The AI project's cash flow in month m, for m = 0, 1, 2, … in turn: capex over the
 * build, then EBITDA (colo rent escalated once a lease year: the EBITDA is worked out
 * again only when a lease year starts) less GPU re-buys.
 */
function aiFlowNext(t: AiMonthTerms, m: number): number {
  if (m < t.build) return t.buildFlow;
  const rentMonth = m - t.build;
  if (rentMonth === t.nextYear) {
    t.monthly = t.colo ? (t.revenueYr * Math.pow(1 + t.escalator, rentMonth / 12) - t.opexYr - t.powerYr) / 12 : t.revenueYr / 12;
    t.nextYear += 12;
  }
  if (m === 0) return t.monthly - t.capex; // no build: the capex falls in the first month
  if (t.gpuCapex > 0 && rentMonth > 0 && rentMonth % t.gpuLifeMonths === 0) return t.monthly - t.gpuCapex;
  return t.monthly;
}

/**
 * The AI project's monthly flows per gross MW into `out` (reused; at least horizon × 12 long).
 * Returns the month count.
 */
export function aiFlowsFloor(p: FloorInputs, out: Float64Array): number {
  const n = Math.round(p[I.horizon_years] * 12);
  const t = aiMonthTerms(p);
  for (let m = 0; m < n; m++) out[m] = aiFlowNext(t, m);
  return n;
}

/** MINER_AI_YIELD(…, "npv"): NPV of the AI project's flows at the monthly discount rate, for convert_mw. */
export function aiNpvFloor(p: FloorInputs, scratch: Float64Array): number {
  const n = aiFlowsFloor(p, scratch);
  const k = 1 / (1 + monthlyRate(p[I.discount_rate]));
  let pv = 0;
  for (let m = 0, factor = 1; m < n; m++) pv += scratch[m] * (factor *= k);
  return pv * p[I.convert_mw];
}

/** MINER_AI_YIELD(…, "payback_years"): months until cumulative flow turns non-negative, interpolated, / 12; NaN if never. */
export function aiPaybackFloor(p: FloorInputs, scratch: Float64Array): number {
  const n = aiFlowsFloor(p, scratch);
  let cum = 0;
  let wasNegative = false;
  for (let m = 0; m < n; m++) {
    const before = cum;
    cum += scratch[m];
    if (cum < 0) wasNegative = true;
    if (wasNegative && before < 0 && cum >= 0) return (m + (scratch[m] === 0 ? 1 : -before / scratch[m])) / 12;
  }
  return wasNegative ? NaN : 0;
}

/**
 * MINER_AI_YIELD(…, "irr"): the annualised monthly IRR of the AI project's flows.
 * Flows that spend then earn (one sign change) have one root; the floor finds it by
 * Newton's method on the Horner form, kept inside a bracket (bisection when a step
 * leaves it), from the same inflow/outflow estimate. Throws on flows with several
 * sign changes (not a case the bench's grids produce).
 */
export function aiIrrFloor(p: FloorInputs, scratch: Float64Array): number {
  const n = aiFlowsFloor(p, scratch);
  return irrOneSignChange(scratch, n);
}

/** The periodic IRR of n flows with one sign change, annualised; NaN when there is none. */
export function irrOneSignChange(v: Float64Array, n: number): number {
  let sum = 0;
  let changes = 0;
  let last = 0;
  let inflow = 0;
  let inflowTime = 0;
  let outflow = 0;
  let outflowTime = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    sum += x;
    if (x > 0) {
      if (last < 0) changes++;
      last = 1;
      inflow += x;
      inflowTime += i * x;
    } else if (x < 0) {
      if (last > 0) changes++;
      last = -1;
      outflow -= x;
      outflowTime -= i * x;
    }
  }
  if (changes === 0) return NaN;
  if (changes > 1) throw new Error('irrOneSignChange: flows with several sign changes');
  if (sum === 0) return 0;
  // bracket: the NPV has the last flow's sign below the root
  let lo = -1;
  let hi = Infinity;
  if (sum > 0 === last > 0) lo = 0;
  else hi = 0;
  let r = Math.pow(inflow / outflow, 1 / (inflowTime / inflow - outflowTime / outflow)) - 1;
  if (!(r > lo && r < hi)) r = lo === 0 ? 0.01 : -0.01;
  const floorUlps = 4 * Math.sqrt(n) * Number.EPSILON;
  for (let iter = 0; iter < 100; iter++) {
    // Horner in x = 1/(1 + r): f = Σ v_i x^i, dfdx, and Σ|v_i| x^i for the noise floor
    const x = 1 / (1 + r);
    let f = 0;
    let dfdx = 0;
    let scale = 0;
    for (let i = n - 1; i >= 0; i--) {
      dfdx = dfdx * x + f;
      f = f * x + v[i];
      scale = scale * x + Math.abs(v[i]);
    }
    if (Math.abs(f) <= floorUlps * scale) break;
    if (f > 0 === last > 0) lo = r;
    else hi = r;
    const next = r + f / (dfdx * x * x); // df/dr = −x² df/dx
    const inside = next > lo && next < hi;
    const nextR = inside ? next : hi === Infinity ? 2 * r + 0.01 : lo === -1 ? (r - 1) / 2 : (lo + hi) / 2;
    if (Math.abs(nextR - r) <= 2 * Number.EPSILON * Math.abs(r)) {
      r = nextR;
      break;
    }
    r = nextR;
  }
  return Math.pow(1 + r, 12) - 1;
}

// ---- Monte Carlo (LEASE_WIN_PROB) --------------------------------------------------

/** Months between a hashprice move and the network's response, and the share absorbed per month (src/engine/montecarlo.ts). */
const LAG = 6;
const RESPONSE = 0.05;

/**
 * LEASE_WIN_PROB: the share of `paths` simulated BTC price paths on which converting
 * beats mining on, in one fused loop: the deterministic hashprice path and the AI
 * NPV once, then per path-month one xoshiro128** draw, the ziggurat's fast path
 * inline, one exp. `scratch` holds 3 × months numbers.
 */
export function winProbabilityFloor(p: FloorInputs, paths: number, seed: number, sigma: number, scratch: Float64Array): number {
  const n = Math.round(p[I.horizon_years] * 12);
  const hpDet = scratch.subarray(0, n);
  const disc = scratch.subarray(n, 2 * n);
  const h = scratch.subarray(2 * n, 3 * n);
  const rate = monthlyRate(p[I.discount_rate]);
  const k = 1 / (1 + rate);
  // the deterministic hashprice path (as the npv_delta floor) and the AI project's NPV
  const fees = p[I.fees_btc_per_block];
  const blockMinutes = p[I.block_minutes];
  const date0 = p[I.valuation_date];
  const btcGrowth = Math.pow(1 + p[I.btc_price_growth_yr], 1 / 12);
  const netGrowth = Math.pow(1 + p[I.hashrate_growth_yr], 1 / 12);
  let btc = p[I.btc_price] * Math.pow(btcGrowth, 0.5);
  let net = p[I.network_hashrate_eh] * Math.pow(netGrowth, 0.5);
  const ai = aiMonthTerms(p);
  const build = Math.min(n, ai.build);
  let npvAi = 0;
  for (let m = 0, factor = 1; m < n; m++) {
    const subsidy = subsidyAt(date0 + (m + 0.5) * DAYS_PER_MONTH, blockMinutes);
    hpDet[m] = (144 * (subsidy + fees) * btc) / (net * 1000);
    disc[m] = factor *= k;
    npvAi += aiFlowNext(ai, m) * factor;
    btc *= btcGrowth;
    net *= netGrowth;
  }
  const uptime = p[I.uptime];
  const hashratePh = ((1 / p[I.mining_overhead]) * 1e6) / p[I.efficiency_j_th] / 1000;
  const rev = (hashratePh * 365 * uptime * (1 - p[I.pool_fee])) / 12;
  const power = (8760 * uptime * p[I.power_price_mwh]) / 12;
  const fixed = (p[I.mining_opex_mw_yr] - p[I.curtailment_credit_mw_yr]) / 12;
  const renewal = (hashratePh * 1000 * p[I.asic_price_th]) / p[I.asic_life_years] / 12;
  const terms = { rev, power, fixed, renewal, npvAi, build, n };
  return winsOnPaths(terms, hpDet, disc, h, paths, seed, sigma) / paths;
}

/** The path loop of winProbabilityFloor, on its own so the JIT compiles it with only its own variables live. */
function winsOnPaths(
  t: { rev: number; power: number; fixed: number; renewal: number; npvAi: number; build: number; n: number },
  hpDet: Float64Array,
  disc: Float64Array,
  h: Float64Array,
  paths: number,
  seed: number,
  sigma: number,
): number {
  const { rev, power, fixed, renewal, npvAi, build, n } = t;
  const drift0 = -0.5 * sigma * sigma * (0.5 / 12);
  const sd0 = sigma * Math.sqrt(0.5 / 12);
  const drift = -0.5 * sigma * sigma * (1 / 12);
  const sd = sigma * Math.sqrt(1 / 12);
  state.set(new Rng(seed).getState());
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let wins = 0;
  for (let path = 0; path < paths; path++) {
    let x = 0;
    let netDev = 0;
    let npvMining = 0;
    let npvBuild = 0;
    for (let m = 0; m < n; m++) {
      // xoshiro128** (one 32-bit draw) and the ziggurat's rectangle test, inline
      const r = Math.imul(b, 5);
      const u = Math.imul((r << 7) | (r >>> 25), 9);
      const tt = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= tt;
      d = (d << 11) | (d >>> 21);
      const layer = u & 127;
      const j = u >> 7;
      let z: number;
      if (Math.abs(j) < ZK[layer]) z = j * ZW[layer];
      else {
        // the wedge or tail (~1 % of draws), with the generator's state handed over in `state`
        state[0] = a;
        state[1] = b;
        state[2] = c;
        state[3] = d;
        z = slowNormal(j, layer);
        a = state[0];
        b = state[1];
        c = state[2];
        d = state[3];
      }
      x += m === 0 ? drift0 + sd0 * z : drift + sd * z;
      if (m >= LAG) netDev += RESPONSE * h[m - LAG];
      const dev = x - netDev;
      h[m] = dev;
      const afterRenewal = rev * (hpDet[m] * Math.exp(dev)) - power - renewal;
      const pv = ((afterRenewal > 0 ? afterRenewal : 0) - fixed) * disc[m];
      npvMining += pv;
      if (m < build) npvBuild += pv;
    }
    if (npvAi + npvBuild - npvMining > 0) wins++;
  }
  return wins;
}

/** xoshiro128**'s state (a, b, c, d) while the ziggurat's slow path draws from it. */
const state = new Int32Array(4);

/** The next 32-bit output of xoshiro128** on `state` (the arithmetic of src/engine/rng.ts). */
function nextUint32(): number {
  const b = state[1];
  const r = Math.imul(b, 5);
  const result = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
  const t = b << 9;
  state[2] ^= state[0];
  state[3] ^= b;
  state[1] ^= state[2];
  state[0] ^= state[3];
  state[2] ^= t;
  state[3] = (state[3] << 11) | (state[3] >>> 21);
  return result;
}
const uniform = (): number => (nextUint32() + 0.5) / 4294967296;

/** The ziggurat's wedge and tail (Marsaglia & Tsang), drawing from `state` (the method of src/engine/rng.ts). */
function slowNormal(j: number, layer: number): number {
  for (;;) {
    if (layer === 0) {
      let x: number;
      let y: number;
      do {
        x = -Math.log(uniform()) / ZIGGURAT_R;
        y = -Math.log(uniform());
      } while (y + y < x * x);
      return j > 0 ? ZIGGURAT_R + x : -ZIGGURAT_R - x;
    }
    const x = j * ZW[layer];
    if (ZF[layer] + uniform() * (ZF[layer - 1] - ZF[layer]) < Math.exp(-0.5 * x * x)) return x;
    const u = nextUint32();
    layer = u & 127;
    j = (u | 0) >> 7;
    if (Math.abs(j) < ZK[layer]) return j * ZW[layer];
  }
}
