/**
 * Floors for `npm run bench`: each computes the same numbers as a BTCAI function in
 * the least work we know how to write — one fused loop over plain numbers, no
 * objects or arrays allocated per call (scratch arrays are passed in and reused),
 * no argument adaptation, no precedence chain. A case's time over its floor's time
 * is what the function spends beyond the arithmetic itself.
 *
 * Written against the engine's formulas as they are (src/engine/mining.ts, ai.ts,
 * valuation.ts, cashflows.ts, montecarlo.ts, network.ts; docs/valuation.md and
 * docs/engine.md state them), independently of that code: the bench
 * checks each floor equals its function in every run, and test/bench/floors.test.ts
 * asserts it in `npm test`, so a change of formula that is not made here as well
 * fails the tests instead of silently timing something else.
 */
import { CATALOGUE, INPUT_NAMES, Inputs } from '../src/engine/catalogue';
import { HALVINGS_PAST, subsidyBtcAtSerial } from '../src/engine/network';
import { Rng, ZF, ZIGGURAT_R, ZK, ZW } from '../src/engine/rng';

/**
 * A floor's inputs: one number per catalogue input, in catalogue order (a choice
 * input as the index of its value in the catalogue's choices: ai_mode 0 colo, 1
 * cloud; terminal_method 0 renewal, 1 cap_rate, 2 none), packed before timing —
 * resolving inputs is the function's work, not the arithmetic's.
 */
export type FloorInputs = Float64Array;

/** Each input's position in a FloorInputs vector. */
export const I: Readonly<Record<string, number>> = Object.freeze({ ...Object.fromEntries(INPUT_NAMES.map((n, i) => [n, i])) }); // spread into a literal: a fast-mode object, whose frozen fields the JIT folds to constants

/** Resolved inputs as a floor's vector (into `out` when given: no allocation). The floors date halvings from the last recorded one: inputs carrying a stored chain tip are refused. */
export function packInputs(p: Inputs, out: Float64Array = new Float64Array(INPUT_NAMES.length)): FloorInputs {
  if ((p as Record<string, unknown>).tip_height !== undefined) throw new Error('packInputs: inputs with a stored chain tip (the floors anchor heights at the last halving)');
  for (let i = 0; i < INPUT_NAMES.length; i++) {
    const v = p[INPUT_NAMES[i]];
    out[i] = typeof v === 'number' ? v : CATALOGUE[i].choices ? CATALOGUE[i].choices!.indexOf(v) : NaN;
  }
  return out;
}

/** terminal_method as packed. */
export const RENEWAL = 0;
export const CAP_RATE = 1;
export const NONE = 2;

export const ANCHOR = HALVINGS_PAST[HALVINGS_PAST.length - 1];
export const DAYS_PER_MONTH = 365.25 / 12;

/** The subsidy of each halving epoch, 50 / 2^epoch (exact in binary), 0 from the 33rd. */
const SUBSIDY_BY_EPOCH = Float64Array.from({ length: 34 }, (_, e) => (e >= 33 ? 0 : 50 / 2 ** e));

/** Block subsidy (BTC) at a date serial: after the last recorded halving, by the epoch of the estimated height. */
export function subsidyAt(serial: number, blockMinutes: number): number {
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

// ---- the valuation timeline (valuation v2: one delivery at build_months) ----------------

export const monthlyRate = (annual: number): number => Math.pow(1 + annual, 1 / 12) - 1;
/** GPU nodes' share of a cluster's cost (docs/valuation.md, section 3). */
export const GPU_NODE_SHARE = 0.85;
export const HOURS_PER_MONTH = 8760 / 12;

/** What the last aiPass found: the horizon, the rent start, the PVs, the terminal value and the residual rate's discount at the horizon. */
const ai = { n: 0, build: 0, pvContract: 0, pvResidual: 0, terminal: 0, horizonDiscount: 0 };

/**
 * The AI side of one gross MW whose IT capacity starts rent after build_months, in
 * one loop over local variables: the lease year's rent and opex worked out once at
 * each anniversary, the market rent and the GPUs' decay stepped once a month.
 * Leaves its sums in `ai`; writes each month's pre-tax project flow (the terminal
 * value in the last) into `flows` when given. Returns the horizon, or 0 where the
 * horizon is an error (#VALUE!).
 */
function aiPass(p: FloorInputs, flows: Float64Array | null): number {
  const itMw = 1 / p[I.pue];
  const itKw = itMw * 1000;
  const cloud = p[I.ai_mode] === 1;
  const gpus = itKw / p[I.kw_per_gpu];
  const price = p[I.power_price_mwh];
  const build = Math.max(0, Math.round(p[I.build_months]));
  const termMonths = Math.max(1, Math.round(p[I.lease_term_years] * 12));
  const life = Math.max(1, Math.round(p[I.gpu_life_years] * 12));
  const term = cloud ? Math.min(termMonths, life) : termMonths;
  const pathStart = cloud ? life : term;
  // the horizon and the terminal window [from, to)
  const method = p[I.terminal_method];
  let n: number;
  if (method === NONE) n = Math.round(p[I.horizon_years] * 12);
  else {
    n = build + pathStart + (method === RENEWAL ? Math.round(p[I.post_term_years] * 12) : 0);
    if (n > 600 || n < 1) return 0;
  }
  const inPlace = method === CAP_RATE && !cloud; // the last 12 months' NOI, annualised
  const from = method === NONE ? n : inPlace ? Math.max(0, n - 12) : n;
  const to = method === NONE ? n : inPlace ? n : n + 12;
  const end = n > to ? n : to;
  // constants
  const landlordPower = ((1 - p[I.power_pass_through]) * 8760 * p[I.load_factor] * price) / 12;
  const rent0 = itKw * p[I.lease_rate_kw_month] * p[I.occupancy];
  const opex0 = (itMw * p[I.ai_opex_mw_it_yr]) / 12;
  const gpuRevenue = cloud ? gpus * p[I.gpu_hour_rate] * HOURS_PER_MONTH * p[I.utilization] : 0;
  const cloudKeep = 1 - p[I.cloud_opex_pct];
  const cloudPower = (8760 * p[I.load_factor] * price) / 12;
  const gpuContractEbitda = gpuRevenue * cloudKeep - cloudPower;
  const gpuCapex = cloud ? gpus * p[I.gpu_capex] : 0;
  const capexTotal = (cloud ? itMw * p[I.ai_capex_mw_it] : itMw * p[I.ai_capex_mw_it] * (1 - p[I.tenant_capex_share])) + gpuCapex;
  const capexPerBuildMonth = capexTotal / build;
  const gpuResidual = gpuCapex * GPU_NODE_SHARE * p[I.gpu_residual];
  const escRent = 1 + p[I.lease_escalator];
  const escOpex = 1 + p[I.ai_opex_escalator];
  let prepay = 0;
  if (p[I.prepayment_share] > 0) {
    // the contract value of one gross MW: contracted GPU-hours, or the escalated rents of the term
    let value: number;
    if (cloud) value = gpuRevenue * term;
    else {
      let months = 0;
      let f = 1;
      const years = Math.floor(term / 12);
      for (let y = 0; y < years; y++, f *= escRent) months += 12 * f;
      value = rent0 * (months + (term - 12 * years) * f);
    }
    prepay = p[I.prepayment_share] * value;
  }
  const prepayPerMonth = prepay / term;
  const renewP = p[I.renewal_probability];
  const downtime = Math.max(0, Math.round(p[I.downtime_months]));
  const releasingMonths = Math.max(1, downtime);
  const releasingPerMonth = ((1 - renewP) * itMw * p[I.releasing_capex_mw_it]) / releasingMonths;
  const marketGrowth = Math.pow(1 + p[I.market_rent_growth_yr], 1 / 12);
  const decay = cloud ? Math.pow(1 - p[I.gpu_rate_decay_yr], 1 / 12) : 1;
  const spread = p[I.ai_discount_rate] + p[I.credit_spread];
  const kc = 1 / (1 + monthlyRate(spread));
  const kr = 1 / (1 + monthlyRate(spread + p[I.residual_spread]));
  // state
  let rentFactor = 1;
  let opexFactor = 1;
  let opexYear = opex0;
  let contractEbitda = rent0 - (opex0 + landlordPower);
  let marketRent = itKw * p[I.occupancy] * p[I.renewal_rate_kw_month] * Math.pow(marketGrowth, 0.5);
  let decayFactor = 1;
  let dc = 1;
  let dr = 1;
  let pvContract = 0;
  let pvResidual = 0;
  let noi = 0;
  let capital = 0;
  for (let m = 0; m < end; ) {
    const age = m - build;
    // runs of months with fixed figures (a lease year of the contract, a stretch of the colo path), before the horizon
    // and outside the terminal window: only the sums move
    const limit = Math.min(n, m < from ? from : m < to ? m : end);
    if (age > 0 && m < limit && age % 12 !== 0) {
      const nextYear = m + 12 - (age % 12);
      if (age < term) {
        const stop = Math.min(limit, build + term, nextYear);
        const flow = (cloud ? gpuContractEbitda : contractEbitda) - prepayPerMonth;
        for (; m < stop; m++) {
          marketRent *= marketGrowth;
          dc *= kc;
          dr *= kr;
          pvContract += flow * dc;
          if (flows !== null) flows[m] = flow;
        }
        continue;
      }
      const k = age - pathStart;
      if (k > 0) {
        const stop = Math.min(limit, nextYear, k < downtime ? build + pathStart + downtime : end, k < releasingMonths ? build + pathStart + releasingMonths : end);
        const occupied = k >= downtime ? 1 : renewP;
        const fixedCost = opexYear + landlordPower * occupied;
        const releasing = k < releasingMonths ? releasingPerMonth : 0;
        for (; m < stop; m++) {
          const flow = marketRent * occupied - fixedCost - releasing;
          marketRent *= marketGrowth;
          dr *= kr;
          pvResidual += flow * dr;
          if (flows !== null) flows[m] = flow;
        }
        continue;
      }
    }
    let ebitda = 0;
    let contract = 0;
    let prepayment = m === 0 ? prepay : 0; // the customer prepays when the build starts
    let capex = 0;
    let releasing = 0;
    let residual = 0;
    if (age < 0) capex = capexPerBuildMonth;
    else {
      if (age === 0) {
        if (build === 0) capex = capexTotal;
      } else if (age % 12 === 0) {
        rentFactor *= escRent;
        opexFactor *= escOpex;
        opexYear = opex0 * opexFactor;
        contractEbitda = rent0 * rentFactor - (opexYear + landlordPower);
      }
      if (age < term) prepayment -= prepayPerMonth;
      if (cloud && age < life) {
        if (age < term) ebitda = contract = gpuContractEbitda;
        else {
          if (age === term) decayFactor = Math.pow(decay, age);
          const e = gpuRevenue * decayFactor * cloudKeep - cloudPower;
          if (e > 0) ebitda = e; // a GPU that no longer covers its power is idle
          decayFactor *= decay;
        }
      } else if (!cloud && age < term) ebitda = contract = contractEbitda;
      else {
        const k = age - pathStart;
        if (cloud && k === 0) residual = gpuResidual;
        const occupied = k >= downtime ? 1 : renewP;
        ebitda = marketRent * occupied - (opexYear + landlordPower * occupied);
        if (k < releasingMonths) releasing = releasingPerMonth;
      }
    }
    marketRent *= marketGrowth;
    if (m >= from && m < to) {
      noi += ebitda;
      capital += residual - releasing;
    }
    if (m < n) {
      dc *= kc;
      dr *= kr;
      pvContract += (contract + prepayment - capex) * dc;
      pvResidual += (ebitda - contract - releasing + residual) * dr;
      if (flows !== null) flows[m] = ebitda + prepayment - capex - releasing + residual;
    }
    m++;
  }
  const cap = p[I.exit_cap_rate];
  const terminal = method === NONE ? 0 : inPlace ? (noi * (12 / (to - from))) / cap : noi / cap + capital;
  if (flows !== null) flows[n - 1] += terminal;
  ai.n = n;
  ai.build = build;
  ai.pvContract = pvContract;
  ai.pvResidual = pvResidual;
  ai.terminal = terminal;
  ai.horizonDiscount = dr;
  return n;
}

// ---- the mining side: the market path and one gross MW of fleet, month by month ----------

/** Months between a hashprice and the network's answer to it (docs/engine.md, "The mining side"). */
export const LAG = 6;
/** The last LAG hashprices (month m − LAG's slot is m % LAG). */
const lagged = new Float64Array(LAG);

/** The network's growth factor for a lagged hashprice against the marginal fleet's breakeven. */
export function networkFactor(g: number, hashpriceLagged: number, breakeven: number): number {
  if (!(g > 0)) return 1 + g;
  const c = (hashpriceLagged / breakeven - 1) / 0.5;
  return 1 + g * (c < -0.5 ? -0.5 : c > 1 ? 1 : c);
}

/** The mining side's constants for inputs p (the market path's start, the fleet's terms), set by miningSetup. */
export const mine = {
  revenue: 0,
  power: 0,
  fixed: 0,
  renewal: 0,
  replaceShare: 0,
  hashratePh0: 0,
  asicPhPerJth: 0,
  growth: 0,
  btcGrowth: 0,
  frontierGain: 0,
  hashprice0: 0,
  fees: 0,
  blockMinutes: 0,
  date0: 0,
  network0: 0,
  btc0: 0,
  frontier0: 0,
};

export function miningSetup(p: FloorInputs): void {
  const uptime = p[I.uptime];
  mine.revenue = (365 * uptime * (1 - p[I.pool_fee])) / 12;
  mine.power = (8760 * uptime * p[I.power_price_mwh]) / 12;
  mine.fixed = (p[I.mining_opex_mw_yr] - p[I.curtailment_credit_mw_yr]) / 12;
  mine.renewal = (p[I.asic_price_w] * 1e6) / p[I.mining_overhead] / p[I.asic_life_years] / 12;
  mine.replaceShare = 1 / (12 * p[I.asic_life_years]);
  mine.hashratePh0 = ((1 / p[I.mining_overhead]) * 1e6) / p[I.efficiency_j_th] / 1000;
  mine.asicPhPerJth = mine.hashratePh0 * p[I.efficiency_j_th];
  mine.growth = Math.pow(1 + p[I.hashrate_growth_yr], 1 / 12) - 1;
  mine.btcGrowth = Math.pow(1 + p[I.btc_price_growth_yr], 1 / 12);
  mine.frontierGain = Math.pow(1 - p[I.efficiency_gain_yr], 1 / 12);
  mine.fees = p[I.fees_btc_per_block];
  mine.blockMinutes = p[I.block_minutes];
  mine.date0 = p[I.valuation_date];
  mine.network0 = p[I.network_hashrate_eh];
  mine.hashprice0 = ((144 * (subsidyAt(mine.date0, mine.blockMinutes) + mine.fees)) / (mine.network0 * 1000)) * p[I.btc_price];
  mine.btc0 = p[I.btc_price] * Math.pow(mine.btcGrowth, 0.5);
  mine.frontier0 = p[I.frontier_j_th] * Math.pow(1 - p[I.efficiency_gain_yr], 0.5 / 12);
}

/**
 * The deterministic path, months 0 … n − 1, in one loop over local variables: the
 * market (the subsidy read again only at a halving), the network's answer to the
 * hashprice LAG months back, the fleet (off below power, renewal out of margin
 * toward the frontier, mothballing). Each month's mining cash flow times its
 * discount factor (k a month) goes into `out` when given; returns their sum from
 * month `from` on (mining on the share converted after rent start).
 */
function miningPass(p: FloorInputs, n: number, k: number, out: Float64Array | null, from: number): number {
  miningSetup(p);
  const { revenue, power, fixed, renewal, replaceShare, asicPhPerJth, growth, btcGrowth, frontierGain, hashprice0, fees, blockMinutes, date0 } = mine;
  let btc = mine.btc0;
  let frontier = mine.frontier0;
  let network = mine.network0;
  let hashratePh = mine.hashratePh0;
  let negative = 0;
  let mothballed = false;
  let subsidy = 0;
  let subsidyUntil = -Infinity; // the subsidy holds until this date (the next halving)
  let d = 1;
  let sum = 0;
  for (let m = 0; m < n; m++) {
    const date = date0 + (m + 0.5) * DAYS_PER_MONTH;
    if (date >= subsidyUntil || date < ANCHOR.serial) {
      subsidy = subsidyAt(date, blockMinutes);
      subsidyUntil = nextHalvingAfter(date, blockMinutes);
    }
    const breakeven = (2 * frontier * 24 * 55) / 1000;
    const slot = m % LAG;
    network = m === 0 ? network * Math.sqrt(networkFactor(growth, hashprice0, breakeven)) : network * networkFactor(growth, m >= LAG ? lagged[slot] : hashprice0, breakeven);
    const h = (((144 * (subsidy + fees)) / 1000) * btc) / network;
    lagged[slot] = h;
    // the fleet
    const margin = revenue * hashratePh * h - power;
    const ebitdaOn = (margin > 0 ? margin : 0) - fixed;
    let flow = 0;
    if (mothballed && ebitdaOn > 0) {
      mothballed = false;
      negative = 0;
    }
    if (!mothballed) {
      if (ebitdaOn < 0 && ++negative > LAG) mothballed = true;
      else {
        if (!(ebitdaOn < 0)) negative = 0;
        if (margin > 0) {
          const funded = margin < renewal ? margin : renewal;
          flow = margin - funded - fixed;
          hashratePh += (funded === renewal || !(renewal > 0) ? 1 : funded / renewal) * replaceShare * (asicPhPerJth / frontier - hashratePh);
        } else flow = -fixed;
      }
    }
    const pv = flow * (d *= k);
    if (out !== null) out[m] = pv;
    if (m >= from) sum += pv;
    btc *= btcGrowth;
    frontier *= frontierGain;
  }
  return sum;
}

/** The date of the first halving after `serial` (estimated heights after the last recorded one). */
export function nextHalvingAfter(serial: number, blockMinutes: number): number {
  if (serial < ANCHOR.serial) return ANCHOR.serial;
  const height = ANCHOR.height + ((serial - ANCHOR.serial) * 1440) / blockMinutes;
  return ANCHOR.serial + (((Math.floor(height / 210_000) + 1) * 210_000 - ANCHOR.height) * blockMinutes) / 1440;
}

// ---- the model functions' floors ----------------------------------------------------------

/** (max(terminal value, land) − land) at the horizon, discounted: what the AI side adds over powered land. */
function landTerm(p: FloorInputs): number {
  const land = p[I.powered_land_value_mw];
  return ((ai.terminal > land ? ai.terminal : land) - land) * ai.horizonDiscount;
}
const miningFactor = (p: FloorInputs): number => 1 / (1 + monthlyRate(p[I.mining_discount_rate]));

/**
 * HASH_VS_LEASE(…, "npv_delta"): PV(AI contract flows) + PV(after the contract) −
 * PV(mining on the converted share) + (max(terminal value, land) − land) at the
 * horizon: one pass over the AI side's months, one over mining's. NaN where the
 * horizon is an error.
 */
export function npvDeltaFloor(p: FloorInputs): number {
  const n = aiPass(p, null);
  if (n === 0) return NaN;
  return ai.pvContract + ai.pvResidual - miningPass(p, n, miningFactor(p), null, ai.build) + landTerm(p);
}

/**
 * The npv_delta grid where one axis moves only the AI side and the other only
 * mining (the catalogue's inputSide): each AI side once (its PVs, horizon, rent
 * start, land term), each mining side once as running sums of its discounted
 * flows, each cell a difference of two running sums. `aiAt(j)` and `miningAt(i)`
 * return the inputs with that axis value set; `prefix` holds (mining values) ×
 * (601) numbers; `cell(i, j, value)` takes the results.
 */
export function npvDeltaSeparableFloor(aiCount: number, aiAt: (j: number) => FloorInputs, miningCount: number, miningAt: (i: number) => FloorInputs, prefix: Float64Array, cell: (i: number, j: number, v: number) => void): void {
  // the AI sides, kept in the scratch's tail: [n, build, PV, land term] each
  const sides = prefix.subarray(prefix.length - 4 * aiCount);
  let months = 0;
  for (let j = 0; j < aiCount; j++) {
    const p = aiAt(j);
    const n = aiPass(p, null);
    sides[4 * j] = n;
    sides[4 * j + 1] = ai.build;
    sides[4 * j + 2] = ai.pvContract + ai.pvResidual;
    sides[4 * j + 3] = n === 0 ? NaN : landTerm(p);
    if (n > months) months = n;
  }
  const stride = months + 1;
  for (let i = 0; i < miningCount; i++) {
    const row = prefix.subarray(i * stride, (i + 1) * stride - 1);
    miningPass(miningAt(i), months, miningFactor(miningAt(i)), row, 0);
    // running sums in place, shifted by one: prefix[m] = Σ_{k<m} pv_k
    let run = 0;
    for (let m = 0; m < months; m++) {
      const v = row[m];
      row[m] = run;
      run += v;
    }
    prefix[(i + 1) * stride - 1] = run;
  }
  for (let j = 0; j < aiCount; j++) {
    const n = sides[4 * j];
    const start = sides[4 * j + 1];
    for (let i = 0; i < miningCount; i++) {
      cell(i, j, n === 0 ? NaN : sides[4 * j + 2] - (prefix[i * stride + n] - prefix[i * stride + start]) + sides[4 * j + 3]);
    }
  }
}

/**
 * The AI project's pre-tax monthly flows per gross MW into `out` (reused; at least
 * the horizon long), the terminal value in the last month. Returns the month count,
 * 0 where the horizon is an error.
 */
export function aiFlowsFloor(p: FloorInputs, out: Float64Array): number {
  return aiPass(p, out);
}

/** MINER_AI_YIELD(…, "npv"): PV of the contract flows, of those after it, and of the terminal value, for convert_mw. */
export function aiNpvFloor(p: FloorInputs): number {
  if (aiPass(p, null) === 0) return NaN;
  return (ai.pvContract + ai.pvResidual + ai.terminal * ai.horizonDiscount) * p[I.convert_mw];
}

/** MINER_AI_YIELD(…, "payback_years"): months until cumulative flow turns non-negative for good (its last crossing), interpolated, / 12; NaN if it ends negative. */
export function aiPaybackFloor(p: FloorInputs, scratch: Float64Array): number {
  const n = aiPass(p, scratch);
  if (n === 0) return NaN;
  let cum = 0;
  let paidBack = 0;
  for (let m = 0; m < n; m++) {
    const before = cum;
    cum += scratch[m];
    if (cum < 0) paidBack = NaN;
    else if (before < 0) paidBack = m - before / scratch[m];
  }
  return paidBack / 12;
}

/**
 * MINER_AI_YIELD(…, "irr"): the annualised monthly IRR of the AI project's flows
 * (Excel's IRR with a guess of 1 % a month). Flows that spend then earn (one sign
 * change) have one root, found by Newton's method kept inside a bracket; flows whose
 * signs change more than once (a prepayment before the build) take Excel's 20
 * Newton steps from the guess.
 */
export function aiIrrFloor(p: FloorInputs, scratch: Float64Array): number {
  const n = aiPass(p, scratch);
  return n === 0 ? NaN : irrFloor(scratch, n, 0.01);
}

/** The NPV Σ v_i x^i at x = 1/(1 + r) of the first n flows, its slope in r and Σ|v_i| x^i (within x^±3), from four Horner chains in x⁴. */
const npv = { f: 0, slope: 0, scale: 0 };
function npvAt(v: Float64Array, n: number, r: number): void {
  const x = 1 / (1 + r);
  const x2 = x * x;
  const y = x2 * x2;
  let i = (n - 1) & ~3;
  let f0 = v[i];
  let f1 = i + 1 < n ? v[i + 1] : 0;
  let f2 = i + 2 < n ? v[i + 2] : 0;
  let f3 = i + 3 < n ? v[i + 3] : 0;
  let s = Math.abs(f0) + Math.abs(f1) + Math.abs(f2) + Math.abs(f3);
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  for (i -= 4; i >= 0; i -= 4) {
    d0 = d0 * y + f0;
    d1 = d1 * y + f1;
    d2 = d2 * y + f2;
    d3 = d3 * y + f3;
    f0 = f0 * y + v[i];
    f1 = f1 * y + v[i + 1];
    f2 = f2 * y + v[i + 2];
    f3 = f3 * y + v[i + 3];
    s = s * y + (Math.abs(v[i]) + Math.abs(v[i + 1]) + Math.abs(v[i + 2]) + Math.abs(v[i + 3]));
  }
  npv.f = f0 + x * (f1 + x * (f2 + x * f3));
  npv.slope = -x2 * (f1 + 2 * x * f2 + 3 * x2 * f3 + 4 * x2 * x * (d0 + x * (d1 + x * (d2 + x * d3))));
  npv.scale = s;
}

/** The periodic IRR of n flows, annualised; NaN when there is none. */
export function irrFloor(v: Float64Array, n: number, guess: number): number {
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
  if (changes > 1) return newtonFromGuess(v, n, guess);
  if (sum === 0) return 0;
  // bracket: the NPV has the last flow's sign below the root
  let lo = -1;
  let hi = Infinity;
  if (sum > 0 === last > 0) lo = 0;
  else hi = 0;
  let r = Math.pow(inflow / outflow, 1 / (inflowTime / inflow - outflowTime / outflow)) - 1;
  if (!(r > lo && r < hi)) r = lo === 0 ? 0.01 : -0.01;
  const noise = 4 * Math.sqrt(n) * Number.EPSILON;
  for (let iter = 0; iter < 100; iter++) {
    npvAt(v, n, r);
    const f = npv.f;
    if (Math.abs(f) <= noise * npv.scale) break;
    if (f > 0 === last > 0) lo = r;
    else hi = r;
    const next = r - f / npv.slope;
    const nextR = next > lo && next < hi ? next : hi === Infinity ? 2 * r + 0.01 : lo === -1 ? (r - 1) / 2 : (lo + hi) / 2;
    if (Math.abs(nextR - r) <= 2 * Number.EPSILON * Math.abs(r)) {
      r = nextR;
      break;
    }
    r = nextR;
  }
  return Math.pow(1 + r, 12) - 1;
}

/** Excel's IRR iteration: Newton from `guess`, at most 20 steps, to a step below 1e-10; annualised, NaN when it does not converge. */
function newtonFromGuess(v: Float64Array, n: number, guess: number): number {
  let r = guess;
  for (let iter = 0; iter < 20; iter++) {
    npvAt(v, n, r);
    const next = r - npv.f / npv.slope;
    if (!(next > -1) || !Number.isFinite(next)) return NaN;
    if (Math.abs(next - r) < 1e-10) return Math.pow(1 + next, 12) - 1;
    r = next;
  }
  return NaN;
}

// ---- Monte Carlo (LEASE_WIN_PROB) --------------------------------------------------

/** The last winProbabilityFloor's mean npv_delta over its paths (LEASE_NPV_PERCENTILES' mean), to check beside the share. */
export const mc = { meanNpvDelta: NaN };

/**
 * LEASE_WIN_PROB: the share of `paths` simulated BTC price paths on which converting
 * beats mining on. The deterministic market path (hashprice numerator, breakeven,
 * frontier hashrate, mining discount) and the AI side's value once, then one fused
 * loop: per path-month one xoshiro128** draw with the ziggurat's fast path inline,
 * one exp, the network's answer and the fleet, all in local variables. `scratch`
 * holds 5 × months numbers.
 */
export function winProbabilityFloor(p: FloorInputs, paths: number, seed: number, sigma: number, scratch: Float64Array): number {
  const n = aiPass(p, null);
  if (n === 0) return NaN;
  const numerator = scratch.subarray(0, n);
  const breakeven = scratch.subarray(n, 2 * n);
  const frontierPh = scratch.subarray(2 * n, 3 * n);
  const disc = scratch.subarray(3 * n, 4 * n);
  const hp = scratch.subarray(4 * n, 5 * n);
  miningSetup(p);
  const km = miningFactor(p);
  let btc = mine.btc0;
  let frontier = mine.frontier0;
  let subsidy = 0;
  let subsidyUntil = -Infinity;
  for (let m = 0, dm = 1; m < n; m++) {
    const date = mine.date0 + (m + 0.5) * DAYS_PER_MONTH;
    if (date >= subsidyUntil || date < ANCHOR.serial) {
      subsidy = subsidyAt(date, mine.blockMinutes);
      subsidyUntil = nextHalvingAfter(date, mine.blockMinutes);
    }
    numerator[m] = ((144 * (subsidy + mine.fees)) / 1000) * btc;
    breakeven[m] = (2 * frontier * 24 * 55) / 1000;
    frontierPh[m] = mine.asicPhPerJth / frontier;
    disc[m] = dm *= km;
    btc *= mine.btcGrowth;
    frontier *= mine.frontierGain;
  }
  const aiSum = ai.pvContract + ai.pvResidual;
  const land = p[I.powered_land_value_mw];
  const dr = ai.horizonDiscount;
  const landTermOfPaths = (ai.terminal > land ? ai.terminal : land) * dr - land * dr;
  const network0 = mine.network0 * Math.sqrt(networkFactor(mine.growth, mine.hashprice0, breakeven[0]));
  return winsOnPaths(aiSum, landTermOfPaths, network0, ai.build, n, numerator, breakeven, frontierPh, disc, hp, paths, seed, sigma) / paths;
}

/** The path loop of winProbabilityFloor, on its own so the JIT compiles it with only its own variables live. */
function winsOnPaths(
  aiSum: number,
  landTermOfPaths: number,
  network0: number,
  build: number,
  n: number,
  numerator: Float64Array,
  breakeven: Float64Array,
  frontierPh: Float64Array,
  disc: Float64Array,
  hp: Float64Array,
  paths: number,
  seed: number,
  sigma: number,
): number {
  const drift0 = -0.5 * sigma * sigma * (0.5 / 12);
  const sd0 = sigma * Math.sqrt(0.5 / 12);
  const drift = -0.5 * sigma * sigma * (1 / 12);
  const sd = sigma * Math.sqrt(1 / 12);
  const { growth, hashprice0, revenue, power, fixed, renewal, replaceShare, hashratePh0 } = mine;
  state.set(new Rng(seed).getState());
  let a = state[0];
  let b = state[1];
  let c = state[2];
  let d = state[3];
  let wins = 0;
  let sumDelta = 0;
  for (let path = 0; path < paths; path++) {
    let x = 0;
    let network = network0;
    let pvMining = 0;
    let hashratePh = hashratePh0;
    let negative = 0;
    let mothballed = false;
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
      if (m > 0) network *= networkFactor(growth, m >= LAG ? hp[m - LAG] : hashprice0, breakeven[m]);
      const h = (numerator[m] * Math.exp(x)) / network;
      hp[m] = h;
      // the fleet
      const margin = revenue * hashratePh * h - power;
      const ebitdaOn = (margin > 0 ? margin : 0) - fixed;
      let flow = 0;
      if (mothballed && ebitdaOn > 0) {
        mothballed = false;
        negative = 0;
      }
      if (!mothballed) {
        if (ebitdaOn < 0 && ++negative > LAG) mothballed = true;
        else {
          if (!(ebitdaOn < 0)) negative = 0;
          if (margin > 0) {
            const funded = margin < renewal ? margin : renewal;
            flow = margin - funded - fixed;
            hashratePh += (funded === renewal || !(renewal > 0) ? 1 : funded / renewal) * replaceShare * (frontierPh[m] - hashratePh);
          } else flow = -fixed;
        }
      }
      if (m >= build) pvMining += flow * disc[m];
    }
    const delta = aiSum - pvMining + landTermOfPaths;
    sumDelta += delta;
    if (delta > 0) wins++;
  }
  mc.meanNpvDelta = sumDelta / paths;
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
