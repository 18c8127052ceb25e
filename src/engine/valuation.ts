/**
 * What an AI conversion is worth: the AI side's monthly cash flows over a
 * delivery schedule, what happens after the contract, the terminal value, and
 * the comparison with mining the same power (docs/valuation.md).
 *
 * Per gross MW of the site; a delivery of share s brings s of the site's IT
 * capacity into service in its month. For each delivery, by lease age
 * (months since its rent start):
 * - build: its capex (hall, plus GPUs for cloud) is spread evenly over the
 *   build_months before rent start (all in the rent-start month when 0); capex
 *   before month 0 is sunk and not in the timeline;
 * - colo: contract rent for lease_term_years at r₀ · (1+e)^floor(age/12), opex
 *   escalating at ai_opex_escalator on the same anniversaries;
 * - cloud: the contract GPU-hour rate for min(lease_term_years, gpu_life_years),
 *   then the rate × (1 − gpu_rate_decay_yr)^(years since delivery) until the GPUs
 *   retire at gpu_life_years (a GPU that no longer covers its power is idle); at
 *   retirement the GPU nodes (85 % of gpu_capex) fetch gpu_residual of their cost;
 * - after the contract (colo) or the GPUs (cloud), the hall follows the colo
 *   path: with renewal_probability it is re-let at once at market rent
 *   (renewal_rate_kw_month grown at market_rent_growth_yr from the valuation date),
 *   otherwise it stands empty for downtime_months while releasing_capex_mw_it is
 *   spent, then is let at market rent. The flows are the expectation.
 * - a prepayment of prepayment_share of the contract value arrives when the build
 *   starts and is earned straight-line over the contract: each contract month's
 *   cash falls by its share.
 *
 * Discounting: contract flows (and capex, prepayment) at ai_discount_rate +
 * credit_spread; flows after the contract and the terminal value at that +
 * residual_spread; mining at mining_discount_rate. Monthly rates (1+r)^(1/12) − 1,
 * Excel's NPV convention (month m discounted m + 1 periods).
 */
import { AiParams, gpusPerGrossMw, itMwPerGrossMw } from './ai';
import { EngineError, isEngineError, valueError } from './errors';
import { monthlyFromAnnualRate, powRemembered } from './finance';
import { Delivery, MAX_TIMELINE_MONTHS, checkDeliveries, escalatedRentMonths } from './lease';
import { HOURS_PER_YEAR } from './mining';
import { MiningMonths, MiningPath, MiningPathParams, miningPath } from './cashflows';

export type TerminalMethod = 'renewal' | 'cap_rate' | 'none';

/** GPU nodes' share of a GPU cluster's cost (CoreWeave: ~85 % nodes, 10 % network, 5 % storage). */
export const GPU_NODE_SHARE = 0.85;

export interface AiValuationParams extends AiParams {
  readonly lease_escalator: number;
  readonly ai_opex_escalator: number;
  readonly lease_term_years: number;
  readonly build_months: number;
  readonly horizon_years: number;
  readonly terminal_method: TerminalMethod;
  readonly post_term_years: number;
  readonly exit_cap_rate: number;
  readonly residual_spread: number;
  readonly renewal_probability: number;
  readonly renewal_rate_kw_month: number;
  readonly market_rent_growth_yr: number;
  readonly downtime_months: number;
  readonly releasing_capex_mw_it: number;
  readonly gpu_residual: number;
  readonly gpu_rate_decay_yr: number;
  readonly prepayment_share: number;
  readonly ai_discount_rate: number;
  readonly credit_spread: number;
}

export type ValuationParams = AiValuationParams &
  MiningPathParams & {
    readonly powered_land_value_mw: number;
    readonly mining_discount_rate: number;
  };

/** The per-MW model's schedule: the whole IT capacity enters service after build_months. */
export function singleDelivery(buildMonths: number): Delivery[] {
  return [{ month: Math.round(buildMonths), share: 1 }];
}

/** The AI side's monthly arrays, per gross MW of the site (USD per month unless said). */
export interface AiFlows {
  readonly months: number;
  /** Share of the site's gross MW converted (its delivery's rent start reached): mining stops on it. */
  readonly convertedShare: Float64Array;
  /** Revenue earned (rent or GPU-hours), the accrual measure. */
  readonly revenue: Float64Array;
  /** NOI: revenue − opex − landlord power. */
  readonly ebitda: Float64Array;
  /** The part of `ebitda` earned under contract (discounted at the contract rate). */
  readonly contractEbitda: Float64Array;
  /** Prepayment cash: + when received, − its straight-line release over the contract. */
  readonly prepayment: Float64Array;
  /** Build capex (hall, plus GPUs for cloud), positive = spent. Callers may scale it (capex already paid). */
  readonly capex: Float64Array;
  /** Expected re-letting capex after the contract, positive = spent. */
  readonly releasingCapex: Float64Array;
  /** GPU nodes' resale at retirement, positive = received. */
  readonly gpuResidual: Float64Array;
}

/** Capex of one gross MW of delivery: the hall, and GPUs for cloud. */
export function hallCapexPerGrossMw(p: AiParams): number {
  const itMw = itMwPerGrossMw(p.pue);
  return p.ai_mode === 'cloud' ? itMw * p.ai_capex_mw_it : itMw * p.ai_capex_mw_it * (1 - p.tenant_capex_share);
}
export function gpuCapexPerGrossMw(p: AiParams): number {
  return p.ai_mode === 'cloud' ? gpusPerGrossMw(p.pue, p.kw_per_gpu) * p.gpu_capex : 0;
}

/** Contract months: the lease term, for cloud no longer than the GPUs' life. */
export function contractMonths(p: AiValuationParams): number {
  const term = Math.max(1, Math.round(p.lease_term_years * 12));
  return p.ai_mode === 'cloud' ? Math.min(term, gpuLifeMonths(p)) : term;
}
export function gpuLifeMonths(p: AiValuationParams): number {
  return Math.max(1, Math.round(p.gpu_life_years * 12));
}
/** Lease age at which the hall starts the colo path: the end of the lease (colo) or the GPUs' retirement (cloud). */
export function coloPathStartAge(p: AiValuationParams): number {
  return p.ai_mode === 'cloud' ? gpuLifeMonths(p) : contractMonths(p);
}

/** Contracted revenue of one gross MW of delivery over its contract (the contract value per MW). */
export function contractValuePerGrossMw(p: AiValuationParams): number {
  return contractValueAtRate(p, p.lease_rate_kw_month);
}
/** contractValuePerGrossMw at a starting rent of `leaseRateKwMonth` instead of p's. */
function contractValueAtRate(p: AiValuationParams, leaseRateKwMonth: number): number {
  const itKw = itMwPerGrossMw(p.pue) * 1000;
  if (p.ai_mode === 'cloud') return gpusPerGrossMw(p.pue, p.kw_per_gpu) * p.gpu_hour_rate * (HOURS_PER_YEAR / 12) * p.utilization * contractMonths(p);
  return itKw * leaseRateKwMonth * p.occupancy * escalatedRentMonths(contractMonths(p), p.lease_escalator);
}

/**
 * The valuation horizon in months: "renewal": the last delivery's colo-path start
 * + post_term_years; "cap_rate": the last delivery's colo-path start; "none":
 * horizon_years. #VALUE! beyond 600 months or where it ends before month 1.
 */
export function horizonMonths(p: AiValuationParams, deliveries: readonly Delivery[]): number | EngineError {
  if (p.terminal_method === 'none') return Math.round(p.horizon_years * 12);
  let last = -Infinity;
  for (const d of deliveries) last = Math.max(last, d.month);
  const end = last + coloPathStartAge(p) + (p.terminal_method === 'renewal' ? Math.round(p.post_term_years * 12) : 0);
  if (end > MAX_TIMELINE_MONTHS) {
    return valueError(
      `the valuation horizon (rent start + ${p.ai_mode === 'cloud' ? 'gpu_life_years' : 'lease_term_years'}${p.terminal_method === 'renewal' ? ' + post_term_years' : ''}) is ${end} months; allowed: at most ${MAX_TIMELINE_MONTHS} (50 years): shorten lease_term_years, post_term_years or build_months`,
    );
  }
  if (end < 1) return valueError(`the valuation horizon ends ${-end} months before the valuation date: every delivery's term is over; use terminal_method "none" with horizon_years`);
  return end;
}

/** The constants of the AI side's month-by-month figures for one gross MW of delivery, at the given rents (AiMonths and aiRunsInto read the same ones). */
export interface AiMonthTerms {
  readonly cloud: boolean;
  readonly build: number;
  readonly T: number;
  readonly L: number;
  readonly pathStart: number;
  readonly landlordPowerMonth: number;
  readonly rent0: number;
  readonly opex0: number;
  readonly gpuRevenue0: number;
  readonly cloudOpexPct: number;
  readonly cloudPowerMonth: number;
  readonly capexTotal: number;
  readonly gpuResidualCash: number;
  readonly prepay: number;
  readonly renewP: number;
  readonly downtime: number;
  readonly releasing: number;
  readonly releasingMonths: number;
  readonly marketMonthly: number;
  readonly decayMonthly: number;
  /** The market rent in month 0 (its middle); it moves by marketMonthly each month. */
  readonly marketRent0: number;
}

export function aiMonthTerms(p: AiValuationParams, rates: LeaseRates): AiMonthTerms {
  const itMw = itMwPerGrossMw(p.pue);
  const itKw = itMw * 1000;
  const cloud = p.ai_mode === 'cloud';
  const gpuCapex = gpuCapexPerGrossMw(p);
  const renewP = p.renewal_probability;
  const downtime = Math.max(0, Math.round(p.downtime_months));
  const marketMonthly = powRemembered(1 + p.market_rent_growth_yr, 1 / 12);
  return {
    cloud,
    build: Math.max(0, Math.round(p.build_months)),
    T: contractMonths(p),
    L: gpuLifeMonths(p),
    pathStart: coloPathStartAge(p),
    landlordPowerMonth: ((1 - p.power_pass_through) * HOURS_PER_YEAR * p.load_factor * p.power_price_mwh) / 12,
    rent0: itKw * rates.leaseRateKwMonth * p.occupancy,
    opex0: (itMw * p.ai_opex_mw_it_yr) / 12,
    gpuRevenue0: cloud ? gpusPerGrossMw(p.pue, p.kw_per_gpu) * p.gpu_hour_rate * (HOURS_PER_YEAR / 12) * p.utilization : 0,
    cloudOpexPct: p.cloud_opex_pct,
    cloudPowerMonth: (HOURS_PER_YEAR * p.load_factor * p.power_price_mwh) / 12,
    capexTotal: hallCapexPerGrossMw(p) + gpuCapex,
    gpuResidualCash: gpuCapex * GPU_NODE_SHARE * p.gpu_residual,
    prepay: p.prepayment_share > 0 ? p.prepayment_share * contractValueAtRate(p, rates.leaseRateKwMonth) : 0,
    renewP,
    downtime,
    releasing: (1 - renewP) * itMw * p.releasing_capex_mw_it,
    releasingMonths: Math.max(1, downtime),
    marketMonthly,
    decayMonthly: cloud ? powRemembered(1 - p.gpu_rate_decay_yr, 1 / 12) : 1,
    marketRent0: itKw * p.occupancy * rates.renewalRateKwMonth * powRemembered(marketMonthly, 0.5),
  };
}

/** Escalation tables by rate (ESCALATION_SLOTS, replaced in turn): a grid or a workbook asks for the same few rates cell after cell. */
const ESCALATION_SLOTS = 8;
const escalationRates = new Float64Array(ESCALATION_SLOTS).fill(NaN);
const escalationTables: Float64Array[] = Array.from({ length: ESCALATION_SLOTS }, () => new Float64Array(0));
let escalationNext = 0;

/**
 * Escalation factors by lease year at `rate`, at least `years` of them: 1, then each
 * year's the year before's × (1 + rate), the running product AiMonths always took,
 * so the same numbers. Tables are shared between calls at the same rate: read them,
 * never write them. A longer table for the same rate starts with the same numbers.
 */
export function escalationFactors(rate: number, years: number): Float64Array {
  for (let i = 0; i < ESCALATION_SLOTS; i++) {
    if (escalationRates[i] === rate && escalationTables[i].length >= years) return escalationTables[i];
  }
  const table = new Float64Array(Math.max(years, 64));
  for (let y = 0, r = 1; y < table.length; y++, r *= 1 + rate) table[y] = r;
  const slot = escalationNext;
  escalationNext = (escalationNext + 1) % ESCALATION_SLOTS;
  escalationRates[slot] = rate;
  escalationTables[slot] = table;
  return table;
}

/**
 * The AI side month by month: constants worked out once, then `step(m)` for
 * m = 0, 1, 2, … writes month m's figures into its fields. aiFlows stores them;
 * npvDeltaOnePass sums them; both get the same numbers.
 */
export class AiMonths {
  // the month just stepped
  converted = 0;
  revenue = 0;
  ebitda = 0;
  contract = 0;
  prepayment = 0;
  capex = 0;
  releasingCapex = 0;
  residual = 0;

  private readonly starts: number[];
  private readonly shares: number[];
  private readonly k: AiMonthTerms;
  private readonly escRent: Float64Array;
  private readonly escOpex: Float64Array;
  private marketRent: number;

  constructor(p: AiValuationParams, deliveries: readonly Delivery[], months: number) {
    const nd = deliveries.length;
    this.starts = new Array<number>(nd);
    this.shares = new Array<number>(nd);
    let minMonth = Infinity;
    for (let i = 0; i < nd; i++) {
      this.starts[i] = deliveries[i].month;
      this.shares[i] = deliveries[i].share;
      if (deliveries[i].month < minMonth) minMonth = deliveries[i].month;
    }
    this.k = aiMonthTerms(p, leaseRatesOf(p));
    // escalation tables by lease year, long enough for the oldest delivery at the last month
    const years = Math.max(1, Math.ceil((months - minMonth) / 12) + 1);
    this.escRent = escalationFactors(p.lease_escalator, years);
    this.escOpex = escalationFactors(p.ai_opex_escalator, years);
    this.marketRent = this.k.marketRent0; // month 0's middle
  }

  /** Month m's figures (call for m = 0, 1, 2, … in order: market rent moves on each step). */
  step(m: number): void {
    let converted = 0;
    let revenue = 0;
    let ebitda = 0;
    let contract = 0;
    let prepayment = 0;
    let capex = 0;
    let releasingCapex = 0;
    let residual = 0;
    const build = this.k.build;
    const T = this.k.T;
    for (let i = 0; i < this.starts.length; i++) {
      const s = this.shares[i];
      const age = m - this.starts[i];
      if (age === -build) prepayment += s * this.k.prepay; // the build starts: the customer prepays
      if (age < 0) {
        if (age >= -build) capex += (s * this.k.capexTotal) / build;
        continue;
      }
      converted += s;
      if (age === 0 && build === 0) capex += s * this.k.capexTotal;
      const year = (age / 12) | 0;
      if (age < T) prepayment -= (s * this.k.prepay) / T;
      if (this.k.cloud && age < this.k.L) {
        // the GPUs earn: the contract rate, then a decaying market rate; idle when they no longer cover power
        const rev = s * this.k.gpuRevenue0 * (age < T ? 1 : Math.pow(this.k.decayMonthly, age));
        const e = rev * (1 - this.k.cloudOpexPct) - s * this.k.cloudPowerMonth;
        if (age < T) {
          revenue += rev;
          ebitda += e;
          contract += e;
        } else if (e > 0) {
          revenue += rev;
          ebitda += e;
        }
        continue;
      }
      if (!this.k.cloud && age < T) {
        const rent = s * this.k.rent0 * this.escRent[year];
        const e = rent - s * (this.k.opex0 * this.escOpex[year] + this.k.landlordPowerMonth);
        revenue += rent;
        ebitda += e;
        contract += e;
        continue;
      }
      // the colo path after the contract or the GPUs: expected occupancy p, or all after downtime
      const k = age - this.k.pathStart;
      if (this.k.cloud && k === 0) residual += s * this.k.gpuResidualCash;
      const occupied = k >= this.k.downtime ? 1 : this.k.renewP;
      const rent = s * this.marketRent * occupied;
      revenue += rent;
      ebitda += rent - s * (this.k.opex0 * this.escOpex[year] + this.k.landlordPowerMonth * occupied);
      if (k < this.k.releasingMonths) releasingCapex += (s * this.k.releasing) / this.k.releasingMonths;
    }
    this.converted = converted;
    this.revenue = revenue;
    this.ebitda = ebitda;
    this.contract = contract;
    this.prepayment = prepayment;
    this.capex = capex;
    this.releasingCapex = releasingCapex;
    this.residual = residual;
    this.marketRent *= this.k.marketMonthly;
  }

  /** True when the schedule has one delivery: singleDeliveryPass applies. */
  get singleDelivery(): boolean {
    return this.starts.length === 1;
  }

  /**
   * Months 0 … end − 1 of a one-delivery schedule in one loop over local
   * variables: step()'s arithmetic month by month (the same numbers, ~4× faster
   * than stepping), summed as valueAi sums its arrays. Into `out`: the PVs of the
   * contract flows at monthly factor kc and of the flows after the contract at kr
   * over months < n, the residual rate's discount at n, and the NOI and capital
   * flows of the terminal window [from, to). Into `flows` (when given): each
   * month's pre-tax project flow, months < n. Call on a fresh AiMonths (market
   * rent moves as it runs).
   */
  singleDeliveryPass(n: number, from: number, to: number, kc: number, kr: number, flows: Float64Array | null, out: PassSums): void {
    const end = n > to ? n : to;
    const s = this.shares[0];
    const start = this.starts[0];
    const build = this.k.build;
    const T = this.k.T;
    const L = this.k.L;
    const cloud = this.k.cloud;
    const pathStart = this.k.pathStart;
    const downtime = this.k.downtime;
    const renewP = this.k.renewP;
    const releasingMonths = this.k.releasingMonths;
    const marketMonthly = this.k.marketMonthly;
    const decayMonthly = this.k.decayMonthly;
    const landlordPowerMonth = this.k.landlordPowerMonth;
    // step()'s per-month terms that do not change from month to month, worked out once (the same operations, so the same numbers)
    const prepayReceived = s * this.k.prepay;
    const prepayReleased = (s * this.k.prepay) / T;
    const capexPerBuildMonth = (s * this.k.capexTotal) / build;
    const capexAtOnce = s * this.k.capexTotal;
    const gpuRevenue = s * this.k.gpuRevenue0;
    const cloudKeep = 1 - this.k.cloudOpexPct;
    const cloudPower = s * this.k.cloudPowerMonth;
    const rent0 = s * this.k.rent0;
    const opex0 = this.k.opex0;
    const residualCash = s * this.k.gpuResidualCash;
    const releasingPerMonth = (s * this.k.releasing) / releasingMonths;
    let marketRent = this.marketRent;
    // the lease year's terms, worked out again only when a lease year starts
    let year = -1;
    let rentYear = 0;
    let opexYear = 0;
    let contractOpexYear = 0;
    let dc = 1;
    let dr = 1;
    let pvContract = 0;
    let pvResidual = 0;
    let noi = 0;
    let capital = 0;
    for (let m = 0; m < end; ) {
      const age = m - start;
      // a run of months whose six figures do not change (within one lease year, before the horizon, outside the
      // terminal window): the figures worked out once with the month's own operations, then only the sums move
      const runLimit = Math.min(n, m < from ? from : m < to ? m : end);
      if (age >= 1 && m + 1 < runLimit && (age < T || (age >= pathStart && !(cloud && age === pathStart)))) {
        const y = (age / 12) | 0;
        if (y !== year) {
          year = y;
          rentYear = rent0 * this.escRent[y];
          opexYear = opex0 * this.escOpex[y];
          contractOpexYear = s * (opexYear + landlordPowerMonth);
        }
        let runEnd = Math.min(runLimit, start + 12 * (y + 1));
        if (age < T) {
          // the contract: rent less opex (colo) or the contracted GPU-hours (cloud), the prepayment released
          if (cloud) runEnd = Math.max(runEnd, Math.min(runLimit, start + T)); // GPU-hour figures do not follow the lease year
          runEnd = Math.min(runEnd, start + T);
          const e = cloud ? gpuRevenue * 1 * cloudKeep - cloudPower : rentYear - contractOpexYear;
          const ebitda = 0 + e;
          const prepayment = 0 - prepayReleased;
          const contractFlow = ebitda + prepayment - 0;
          const residualFlow = ebitda - ebitda - 0 + 0;
          const projectFlow = ebitda + prepayment - 0 - 0 + 0;
          for (; m < runEnd; m++) {
            marketRent *= marketMonthly;
            dc *= kc;
            dr *= kr;
            pvContract += contractFlow * dc;
            pvResidual += residualFlow * dr;
            if (flows !== null) flows[m] = projectFlow;
          }
          continue;
        }
        // the colo path: occupancy and re-letting capex are steps in k, rent follows the market month by month
        const k = age - pathStart;
        if (k < downtime) runEnd = Math.min(runEnd, start + pathStart + downtime);
        if (k < releasingMonths) runEnd = Math.min(runEnd, start + pathStart + releasingMonths);
        const occupied = k >= downtime ? 1 : renewP;
        const pathOpex = s * (opexYear + landlordPowerMonth * occupied);
        const releasingCapex = 0 + (k < releasingMonths ? releasingPerMonth : 0);
        const contractFlow = 0 + 0 - 0;
        for (; m < runEnd; m++) {
          const ebitda = 0 + (s * marketRent * occupied - pathOpex);
          marketRent *= marketMonthly;
          dc *= kc;
          dr *= kr;
          pvContract += contractFlow * dc;
          pvResidual += (ebitda - 0 - releasingCapex + 0) * dr;
          if (flows !== null) flows[m] = ebitda + 0 - 0 - releasingCapex + 0;
        }
        continue;
      }
      let ebitda = 0;
      let contract = 0;
      let prepayment = 0;
      let capex = 0;
      let releasingCapex = 0;
      let residual = 0;
      if (age === -build) prepayment += prepayReceived;
      if (age < 0) {
        if (age >= -build) capex += capexPerBuildMonth;
      } else {
        if (age === 0 && build === 0) capex += capexAtOnce;
        const y = (age / 12) | 0;
        if (y !== year) {
          year = y;
          rentYear = rent0 * this.escRent[y];
          opexYear = opex0 * this.escOpex[y];
          contractOpexYear = s * (opexYear + landlordPowerMonth);
        }
        if (age < T) prepayment -= prepayReleased;
        if (cloud && age < L) {
          const rev = gpuRevenue * (age < T ? 1 : Math.pow(decayMonthly, age));
          const e = rev * cloudKeep - cloudPower;
          if (age < T) {
            ebitda += e;
            contract += e;
          } else if (e > 0) ebitda += e;
        } else if (!cloud && age < T) {
          const e = rentYear - contractOpexYear;
          ebitda += e;
          contract += e;
        } else {
          const k = age - pathStart;
          if (cloud && k === 0) residual += residualCash;
          const occupied = k >= downtime ? 1 : renewP;
          const rent = s * marketRent * occupied;
          ebitda += rent - s * (opexYear + landlordPowerMonth * occupied);
          if (k < releasingMonths) releasingCapex += releasingPerMonth;
        }
      }
      marketRent *= marketMonthly;
      if (m >= from && m < to) {
        noi += ebitda;
        capital += residual - releasingCapex;
      }
      if (m < n) {
        dc *= kc;
        dr *= kr;
        pvContract += (contract + prepayment - capex) * dc;
        pvResidual += (ebitda - contract - releasingCapex + residual) * dr;
        if (flows !== null) flows[m] = ebitda + prepayment - capex - releasingCapex + residual;
      }
      m++;
    }
    this.marketRent = marketRent;
    out.pvContract = pvContract;
    out.pvResidual = pvResidual;
    out.horizonDiscount = dr;
    out.noi = noi;
    out.capital = capital;
  }
}

/** The running sums of one pass over the AI side's months (AiMonths.singleDeliveryPass, aiValuationPass). */
export interface PassSums {
  pvContract: number;
  pvResidual: number;
  /** The residual rate's discount factor at the horizon. */
  horizonDiscount: number;
  /** NOI and capital flows (GPU residual − re-letting capex) of the terminal window. */
  noi: number;
  capital: number;
}

/** The AI side's flows for `months` months, arrays sized once. */
export function aiFlows(p: AiValuationParams, deliveries: readonly Delivery[], months: number): AiFlows {
  const n = months;
  const block = new Float64Array(8 * n);
  const at = (i: number): Float64Array => block.subarray(i * n, (i + 1) * n);
  const f: AiFlows = {
    months: n,
    convertedShare: at(0),
    revenue: at(1),
    ebitda: at(2),
    contractEbitda: at(3),
    prepayment: at(4),
    capex: at(5),
    releasingCapex: at(6),
    gpuResidual: at(7),
  };
  const a = new AiMonths(p, deliveries, n);
  for (let m = 0; m < n; m++) {
    a.step(m);
    f.convertedShare[m] = a.converted;
    f.revenue[m] = a.revenue;
    f.ebitda[m] = a.ebitda;
    f.contractEbitda[m] = a.contract;
    f.prepayment[m] = a.prepayment;
    f.capex[m] = a.capex;
    f.releasingCapex[m] = a.releasingCapex;
    f.gpuResidual[m] = a.residual;
  }
  return f;
}

/**
 * What the company model sets on a lease without copying its inputs: the credit
 * spread (its standard lease adds development_spread) and the contract and market
 * rents (ai_rate_beta scales the market rent). valueAiRuns at leaseRatesOf(p)
 * values p itself.
 */
export interface LeaseRates {
  readonly creditSpread: number;
  readonly leaseRateKwMonth: number;
  readonly renewalRateKwMonth: number;
}
export function leaseRatesOf(p: AiValuationParams): LeaseRates {
  return { creditSpread: p.credit_spread, leaseRateKwMonth: p.lease_rate_kw_month, renewalRateKwMonth: p.renewal_rate_kw_month };
}

/** The figures of a month in AiRuns, at these offsets, AI_RUN_STRIDE numbers a run. */
export const RUN_REVENUE = 0;
export const RUN_EBITDA = 1;
export const RUN_CONTRACT_EBITDA = 2;
export const RUN_PREPAYMENT = 3;
export const RUN_CAPEX = 4;
export const RUN_RELEASING_CAPEX = 5;
export const RUN_GPU_RESIDUAL = 6;
/**
 * The part of a run's revenue and EBITDA that follows the market rent (the colo
 * path after a contract), at the run's first month: month j of the run adds it
 * × growth^j to RUN_REVENUE and RUN_EBITDA (0 where no delivery is on that path).
 */
export const RUN_MARKET = 7;
export const AI_RUN_STRIDE = 8;

/**
 * The AI side's monthly figures as runs of months with the same figures (aiRunsInto),
 * in arrays reused from call to call (grown to the longest timeline asked for;
 * read them before the next call).
 */
export class AiRuns {
  /** Runs written. */
  count = 0;
  /** Each run's first month; start[count] is the month after the last. */
  start = new Int32Array(0);
  /** Each run's figures: AI_RUN_STRIDE numbers a run, at the RUN_ offsets. */
  figures = new Float64Array(0);
  /** The monthly factor of RUN_MARKET within a run (the market rent's). */
  growth = 1;

  ensure(months: number): void {
    if (this.start.length < months + 1) {
      const n = Math.max(months + 1, 2 * this.start.length, 400);
      this.start = new Int32Array(n);
      this.figures = new Float64Array(AI_RUN_STRIDE * n);
    }
  }

  /** One figure of month m, the market part included (a search over the runs: for tests and occasional reads). */
  at(figure: number, m: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.start[mid] <= m) lo = mid;
      else hi = mid - 1;
    }
    const f = AI_RUN_STRIDE * lo;
    if (figure !== RUN_REVENUE && figure !== RUN_EBITDA) return this.figures[f + figure];
    return this.figures[f + figure] + this.marketAt(lo, m);
  }

  /** Run r's market part in month m (the market rent moved month by month from the run's first month, as aiRunsInto moves it). */
  marketAt(r: number, m: number): number {
    let x = this.figures[AI_RUN_STRIDE * r + RUN_MARKET];
    for (let j = this.start[r]; j < m; j++) x *= this.growth;
    return x;
  }
}

/**
 * aiFlows as runs, for any schedule, at the given rates: month by month the same
 * numbers as AiMonths.step to rounding (test/engine/companyfast.test.ts: 1e-12
 * relative). Where no delivery changes its lease year or phase, the months that
 * follow repeat a month's figures but for the market rent, which moves each
 * month by marketMonthly: the deliveries on the colo path after their contract
 * add Σ share × occupancy × market rent to revenue and EBITDA, kept apart as the
 * run's RUN_MARKET (its first month's) and moved by out.growth a month. Only
 * GPU rates decaying after a cloud contract (and the idle cut-off) make a run of
 * one month. Months 0 … months − 1 (convertedShare is not kept).
 */
export function aiRunsInto(p: AiValuationParams, deliveries: readonly Delivery[], months: number, rates: LeaseRates, out: AiRuns): void {
  const nd = deliveries.length;
  let minMonth = Infinity;
  for (let i = 0; i < nd; i++) if (deliveries[i].month < minMonth) minMonth = deliveries[i].month;
  // AiMonths' constructor, term by term
  const years = Math.max(1, Math.ceil((months - minMonth) / 12) + 1);
  out.ensure(months);
  const escRent = escalationFactors(p.lease_escalator, years);
  const escOpex = escalationFactors(p.ai_opex_escalator, years);
  const terms = aiMonthTerms(p, rates);
  const { cloud, build, T, L, pathStart, landlordPowerMonth, rent0, opex0, gpuRevenue0, cloudOpexPct, cloudPowerMonth, capexTotal, gpuResidualCash, prepay, renewP, downtime, releasing, releasingMonths, marketMonthly, decayMonthly } = terms;
  let marketRent = terms.marketRent0;
  out.growth = marketMonthly;
  const start = out.start;
  const figures = out.figures;
  let count = 0;
  for (let m = 0; m < months; ) {
    // step(m): each delivery in order, and the first month at which any delivery's figures change
    let revenue = 0;
    let ebitda = 0;
    let contract = 0;
    let prepayment = 0;
    let capex = 0;
    let releasingCapex = 0;
    let residual = 0;
    let market = 0; // Σ share × occupancy of the deliveries on the colo path after their contract
    let next = months;
    let moving = false;
    for (let i = 0; i < nd; i++) {
      const s = deliveries[i].share;
      const first = deliveries[i].month;
      const age = m - first;
      if (age === -build) prepayment += s * prepay; // the build starts: the customer prepays
      if (age < 0) {
        if (age >= -build) {
          capex += (s * capexTotal) / build;
          if (age === -build) next = m + 1;
          else if (first < next) next = first;
        } else if (first - build < next) next = first - build;
        continue;
      }
      if (age === 0 && build === 0) {
        capex += s * capexTotal;
        next = m + 1;
      }
      const year = (age / 12) | 0;
      if (age < T) prepayment -= (s * prepay) / T;
      if (cloud && age < L) {
        const rev = s * gpuRevenue0 * (age < T ? 1 : Math.pow(decayMonthly, age));
        const e = rev * (1 - cloudOpexPct) - s * cloudPowerMonth;
        if (age < T) {
          revenue += rev;
          ebitda += e;
          contract += e;
          if (first + T < next) next = first + T;
        } else {
          if (e > 0) {
            revenue += rev;
            ebitda += e;
          }
          moving = true;
        }
        continue;
      }
      if (!cloud && age < T) {
        const rent = s * rent0 * escRent[year];
        const e = rent - s * (opex0 * escOpex[year] + landlordPowerMonth);
        revenue += rent;
        ebitda += e;
        contract += e;
        const yearEnd = first + 12 * (year + 1);
        const change = yearEnd < first + T ? yearEnd : first + T;
        if (change < next) next = change;
        continue;
      }
      const k = age - pathStart;
      if (cloud && k === 0) {
        residual += s * gpuResidualCash;
        next = m + 1;
      }
      const occupied = k >= downtime ? 1 : renewP;
      market += s * occupied;
      ebitda -= s * (opex0 * escOpex[year] + landlordPowerMonth * occupied);
      if (k < releasingMonths) {
        releasingCapex += (s * releasing) / releasingMonths;
        if (first + pathStart + releasingMonths < next) next = first + pathStart + releasingMonths;
      }
      if (k < downtime && first + pathStart + downtime < next) next = first + pathStart + downtime;
      const yearEnd = first + 12 * (year + 1);
      if (yearEnd < next) next = yearEnd;
    }
    start[count] = m;
    const f = AI_RUN_STRIDE * count++;
    figures[f + RUN_REVENUE] = revenue;
    figures[f + RUN_EBITDA] = ebitda;
    figures[f + RUN_CONTRACT_EBITDA] = contract;
    figures[f + RUN_PREPAYMENT] = prepayment;
    figures[f + RUN_CAPEX] = capex;
    figures[f + RUN_RELEASING_CAPEX] = releasingCapex;
    figures[f + RUN_GPU_RESIDUAL] = residual;
    figures[f + RUN_MARKET] = market * marketRent;
    // the months up to the next change repeat these figures but for the market part; the market rent moves on each month
    const until = moving ? m + 1 : next;
    for (; m < until; m++) marketRent *= marketMonthly;
  }
  start[count] = months;
  out.count = count;
}

/** What valueAiRuns leaves beside its runs: valueAi's horizon, terminal value and rates. */
export interface AiRunsValuation {
  readonly months: number;
  readonly terminalValue: number;
  readonly contractRate: number;
  readonly residualRate: number;
}

/**
 * valueAi at the given rates, its monthly figures into `out` (reused) as runs
 * instead of new arrays: the same horizon and rates, and the flows and terminal
 * value to rounding (the terminal window summed month by month, each month's
 * market part added to its run's EBITDA). The company model's after-tax pass
 * reads it.
 */
export function valueAiRuns(p: AiValuationParams, deliveries: readonly Delivery[], rates: LeaseRates, out: AiRuns): AiRunsValuation | EngineError {
  const bad = checkDeliveries(deliveries);
  if (bad) return bad;
  const n = horizonMonths(p, deliveries);
  if (typeof n !== 'number') return n;
  const w = terminalWindow(p, n);
  aiRunsInto(p, deliveries, Math.max(n, w.to), rates, out);
  let noi = 0;
  let capital = 0;
  if (w.to > w.from) {
    const start = out.start;
    const figures = out.figures;
    const g = out.growth;
    let r = 0;
    while (start[r + 1] <= w.from) r++;
    let market = out.marketAt(r, w.from);
    for (let m = w.from; m < w.to; m++) {
      if (m === start[r + 1]) {
        r++;
        market = figures[AI_RUN_STRIDE * r + RUN_MARKET];
      }
      const f = AI_RUN_STRIDE * r;
      noi += figures[f + RUN_EBITDA] + market;
      capital += figures[f + RUN_GPU_RESIDUAL] - figures[f + RUN_RELEASING_CAPEX];
      market *= g;
    }
  }
  return {
    months: n,
    terminalValue: terminalFromSums(p, noi, capital, w.to - w.from),
    contractRate: monthlyFromAnnualRate(p.ai_discount_rate + rates.creditSpread),
    residualRate: monthlyFromAnnualRate(p.ai_discount_rate + rates.creditSpread + p.residual_spread),
  };
}

/** One month's pre-tax project cash flow: NOI + prepayment − capex − re-letting capex + GPU residual. */
export function projectFlowMonth(f: AiFlows, m: number): number {
  return f.ebitda[m] + f.prepayment[m] - f.capex[m] - f.releasingCapex[m] + f.gpuResidual[m];
}

export interface AiValuation {
  /** Months of the valuation timeline (the horizon). */
  readonly months: number;
  /** The AI flows for the horizon (arrays of length `months`). */
  readonly flows: AiFlows;
  /** Pre-tax project cash flow per month, the terminal value added to the last month (IRR, payback, cash_flows). */
  readonly projectFlow: Float64Array;
  /** Terminal value at the end of the horizon, USD per gross MW (not discounted). */
  readonly terminalValue: number;
  /** Monthly discount rates: contract flows, and flows after the contract and the terminal value. */
  readonly contractRate: number;
  readonly residualRate: number;
  readonly pvContract: number;
  readonly pvResidual: number;
  /** The residual rate's discount factor at the horizon: (1 + residual rate)^−months. */
  readonly horizonDiscount: number;
  /** PV of the terminal value. */
  readonly pvTerminal: number;
  /** NPV of the AI project: pvContract + pvResidual + pvTerminal. */
  readonly npv: number;
}

/**
 * The terminal value at the end of month n − 1: "renewal" (and "cap_rate" for
 * cloud, whose hall is then on the colo path): the expected NOI of the next 12
 * months / exit_cap_rate, less re-letting capex and plus GPU residuals that fall
 * in those months; "cap_rate" for colo: the in-place NOI of the last 12 months /
 * exit_cap_rate; "none": 0.
 */
function terminalValueUsd(p: AiValuationParams, f: AiFlows, n: number): number {
  const w = terminalWindow(p, n);
  let noi = 0;
  let capital = 0;
  for (let m = w.from; m < w.to; m++) {
    noi += f.ebitda[m];
    capital += f.gpuResidual[m] - f.releasingCapex[m];
  }
  return terminalFromSums(p, noi, capital, w.to - w.from);
}

/** Months whose NOI the terminal value capitalises: the 12 after the horizon, or (colo "cap_rate") the last 12 before it. */
function terminalWindow(p: AiValuationParams, n: number): { from: number; to: number } {
  if (p.terminal_method === 'none') return { from: n, to: n };
  if (p.terminal_method === 'cap_rate' && p.ai_mode === 'colo') return { from: Math.max(0, n - 12), to: n };
  return { from: n, to: n + 12 };
}

/** The terminal value from the window's NOI and capital flows (colo "cap_rate": in-place NOI, annualised, no capital). */
function terminalFromSums(p: AiValuationParams, noi: number, capital: number, months: number): number {
  if (p.terminal_method === 'none') return 0;
  if (p.terminal_method === 'cap_rate' && p.ai_mode === 'colo') return (noi * (12 / months)) / p.exit_cap_rate;
  return noi / p.exit_cap_rate + capital;
}

/** Values the AI side over its horizon. */
export function valueAi(p: AiValuationParams, deliveries: readonly Delivery[]): AiValuation | EngineError {
  const bad = checkDeliveries(deliveries);
  if (bad) return bad;
  const n = horizonMonths(p, deliveries);
  if (typeof n !== 'number') return n;
  const all = aiFlows(p, deliveries, Math.max(n, terminalWindow(p, n).to));
  const terminalValue = terminalValueUsd(p, all, n);
  const trim = (a: Float64Array): Float64Array => a.subarray(0, n);
  const flows: AiFlows = {
    months: n,
    convertedShare: trim(all.convertedShare),
    revenue: trim(all.revenue),
    ebitda: trim(all.ebitda),
    contractEbitda: trim(all.contractEbitda),
    prepayment: trim(all.prepayment),
    capex: trim(all.capex),
    releasingCapex: trim(all.releasingCapex),
    gpuResidual: trim(all.gpuResidual),
  };
  const contractRate = monthlyFromAnnualRate(p.ai_discount_rate + p.credit_spread);
  const residualRate = monthlyFromAnnualRate(p.ai_discount_rate + p.credit_spread + p.residual_spread);
  const kc = 1 / (1 + contractRate);
  const kr = 1 / (1 + residualRate);
  const projectFlow = new Float64Array(n);
  let dc = 1;
  let dr = 1;
  let pvContract = 0;
  let pvResidual = 0;
  for (let m = 0; m < n; m++) {
    dc *= kc;
    dr *= kr;
    const contractFlow = flows.contractEbitda[m] + flows.prepayment[m] - flows.capex[m];
    const residualFlow = flows.ebitda[m] - flows.contractEbitda[m] - flows.releasingCapex[m] + flows.gpuResidual[m];
    pvContract += contractFlow * dc;
    pvResidual += residualFlow * dr;
    projectFlow[m] = projectFlowMonth(flows, m);
  }
  projectFlow[n - 1] += terminalValue;
  const pvTerminal = terminalValue * dr;
  return {
    months: n,
    flows,
    projectFlow,
    terminalValue,
    contractRate,
    residualRate,
    pvContract,
    pvResidual,
    horizonDiscount: dr,
    pvTerminal,
    npv: pvContract + pvResidual + pvTerminal,
  };
}

/** valueAi's numbers without its arrays: what npv, irr and payback need. */
export interface AiValuationSums {
  readonly months: number;
  readonly terminalValue: number;
  readonly pvContract: number;
  readonly pvResidual: number;
  readonly horizonDiscount: number;
  readonly pvTerminal: number;
  readonly npv: number;
}

/**
 * valueAi in one pass with no arrays: the same sums in the same order, so the
 * same numbers to the last bit (test/scenarios/fastpath.test.ts). Into `flows`
 * (when given; at least the horizon long) the pre-tax project flow of each month,
 * the terminal value added to the last: valueAi's projectFlow. A schedule of one
 * delivery (the per-MW functions) runs AiMonths.singleDeliveryPass; others step.
 */
export function aiValuationPass(p: AiValuationParams, deliveries: readonly Delivery[], flows: Float64Array | null): AiValuationSums | EngineError {
  const bad = checkDeliveries(deliveries);
  if (bad) return bad;
  const n = horizonMonths(p, deliveries);
  if (typeof n !== 'number') return n;
  const w = terminalWindow(p, n);
  const end = Math.max(n, w.to);
  const a = new AiMonths(p, deliveries, end);
  const kc = 1 / (1 + monthlyFromAnnualRate(p.ai_discount_rate + p.credit_spread));
  const kr = 1 / (1 + monthlyFromAnnualRate(p.ai_discount_rate + p.credit_spread + p.residual_spread));
  const sums: PassSums = { pvContract: 0, pvResidual: 0, horizonDiscount: 1, noi: 0, capital: 0 };
  if (a.singleDelivery) a.singleDeliveryPass(n, w.from, w.to, kc, kr, flows, sums);
  else {
    let dc = 1;
    let dr = 1;
    for (let m = 0; m < end; m++) {
      a.step(m);
      if (m >= w.from && m < w.to) {
        sums.noi += a.ebitda;
        sums.capital += a.residual - a.releasingCapex;
      }
      if (m >= n) continue;
      dc *= kc;
      dr *= kr;
      sums.pvContract += (a.contract + a.prepayment - a.capex) * dc;
      sums.pvResidual += (a.ebitda - a.contract - a.releasingCapex + a.residual) * dr;
      if (flows !== null) flows[m] = a.ebitda + a.prepayment - a.capex - a.releasingCapex + a.residual;
    }
    sums.horizonDiscount = dr;
  }
  const terminalValue = terminalFromSums(p, sums.noi, sums.capital, w.to - w.from);
  if (flows !== null) flows[n - 1] += terminalValue;
  const pvTerminal = terminalValue * sums.horizonDiscount;
  return {
    months: n,
    terminalValue,
    pvContract: sums.pvContract,
    pvResidual: sums.pvResidual,
    horizonDiscount: sums.horizonDiscount,
    pvTerminal,
    npv: sums.pvContract + sums.pvResidual + pvTerminal,
  };
}

export interface Comparison {
  readonly ai: AiValuation;
  readonly mining: MiningPath;
  /** Powered land per gross MW at the horizon (the floor of both sides). */
  readonly landValue: number;
  /** PV of mining's cash flows over the horizon at mining_discount_rate (no land). */
  readonly pvMining: number;
  /** NPV of mining the MW over the horizon, plus powered land at the horizon. */
  readonly npvMiningOn: number;
  /** NPV of converting: the AI project (its terminal value floored at powered land) plus mining until rent start. */
  readonly npvConverted: number;
  readonly npvDelta: number;
}

/**
 * npv_delta = NPV(converted MW) − NPV(mining on), both over the AI side's
 * horizon. Converted: the AI project, whose value at the horizon is
 * max(terminal value, powered land), plus mining on the share not yet in
 * service. Mining on: mining throughout, then powered land. Land on both sides
 * is discounted at the AI residual rate, so it cancels exactly unless the AI
 * terminal value is higher.
 */
export function compareWithMining(p: ValuationParams, ai: AiValuation): Comparison {
  const n = ai.months;
  const mining = miningPath(p, n);
  const k = 1 / (1 + monthlyFromAnnualRate(p.mining_discount_rate));
  let dm = 1;
  let pvMining = 0;
  let pvMiningAfterConversion = 0;
  for (let m = 0; m < n; m++) {
    dm *= k;
    const pv = mining.miningFlow[m] * dm;
    pvMining += pv;
    pvMiningAfterConversion += pv * ai.flows.convertedShare[m];
  }
  const land = p.powered_land_value_mw;
  const landPv = land * ai.horizonDiscount;
  const aiHorizonPv = (ai.terminalValue > land ? ai.terminalValue : land) * ai.horizonDiscount;
  const npvMiningOn = pvMining + landPv;
  const npvConverted = ai.pvContract + ai.pvResidual + aiHorizonPv + (pvMining - pvMiningAfterConversion);
  return {
    ai,
    mining,
    landValue: land,
    pvMining,
    npvMiningOn,
    npvConverted,
    npvDelta: ai.pvContract + ai.pvResidual - pvMiningAfterConversion + (aiHorizonPv - landPv),
  };
}

/**
 * npv_delta's AI side for a schedule of one delivery: everything in npv_delta
 * that does not depend on mining (HASH_VS_LEASE's npv_delta and the separable
 * SENSITIVITY grid, which pairs each AI side with each mining side).
 */
export interface NpvDeltaAiSide {
  /** The horizon: mining's flows are needed for months 0 … months − 1. */
  readonly months: number;
  /** PV of the AI contract flows + PV of the AI flows after the contract. */
  readonly pvAi: number;
  /** (max(terminal value, land) − land) discounted from the horizon. */
  readonly landTerm: number;
  /** The delivery's rent-start month and share: mining runs on the rest. */
  readonly start: number;
  readonly share: number;
}

export function npvDeltaAiSide(p: ValuationParams, deliveries: readonly Delivery[]): NpvDeltaAiSide | EngineError {
  if (deliveries.length !== 1) return valueError(`npvDeltaAiSide takes a schedule of one delivery, got ${deliveries.length}`);
  const ai = aiValuationPass(p, deliveries, null);
  if (isEngineError(ai)) return ai;
  const land = p.powered_land_value_mw;
  const aiHorizonPv = (ai.terminalValue > land ? ai.terminalValue : land) * ai.horizonDiscount;
  return { months: ai.months, pvAi: ai.pvContract + ai.pvResidual, landTerm: aiHorizonPv - land * ai.horizonDiscount, start: deliveries[0].month, share: deliveries[0].share };
}

/** Mining's discounted monthly flows for `months` months (at least): one gross MW mining on, each month's flow times its mining discount factor. */
export function miningDiscountedFlows(p: ValuationParams, months: number, out: Float64Array): void {
  new MiningMonths(p).discountedFlows(months, 1 / (1 + monthlyFromAnnualRate(p.mining_discount_rate)), out);
}

/** npv_delta from its AI side and mining's discounted flows (miningDiscountedFlows, at least the AI side's months long). */
export function npvDeltaFromSides(ai: NpvDeltaAiSide, miningPv: Float64Array): number {
  return ai.pvAi - miningAfterConversion(miningPv, ai.start, ai.months, ai.share) + ai.landTerm;
}

/** PV of mining on the converted share: Σ_{start ≤ m < months} pv_m · share, in month order (the sum npvDeltaOnePass takes). */
function miningAfterConversion(miningPv: Float64Array, start: number, months: number, share: number): number {
  let sum = 0;
  const s = 0 + share; // the converted share once the delivery starts (AiMonths' sum over one delivery)
  for (let m = start > 0 ? start : 0; m < months; m++) sum += miningPv[m] * s;
  return sum;
}

/** One mining side of a separable grid: its discounted flows, and the last sum taken of them (AI sides in a row share their rent start, horizon and share). */
export interface MiningSide {
  readonly pv: Float64Array;
  start: number;
  months: number;
  share: number;
  sum: number;
}

/** Mining's side of npv_delta for `months` months (miningDiscountedFlows), ready for npvDeltaOfSides. */
export function npvDeltaMiningSide(p: ValuationParams, months: number): MiningSide {
  const pv = new Float64Array(months);
  miningDiscountedFlows(p, months, pv);
  return { pv, start: NaN, months: NaN, share: NaN, sum: 0 };
}

/** npvDeltaFromSides on a MiningSide, the mining sum taken again only when the AI side's rent start, horizon or share differ from the last: the same number. */
export function npvDeltaOfSides(ai: NpvDeltaAiSide, mining: MiningSide): number {
  if (mining.start !== ai.start || mining.months !== ai.months || mining.share !== ai.share) {
    mining.sum = miningAfterConversion(mining.pv, ai.start, ai.months, ai.share);
    mining.start = ai.start;
    mining.months = ai.months;
    mining.share = ai.share;
  }
  return ai.pvAi - mining.sum + ai.landTerm;
}

/** A scratch array for mining's discounted flows, grown to the longest timeline asked for (npv_delta only reads it during one call). */
let miningScratch = new Float64Array(0);
function miningScratchOf(months: number): Float64Array {
  if (miningScratch.length < months) miningScratch = new Float64Array(Math.max(months, 360));
  return miningScratch;
}

/**
 * npv_delta with no arrays beyond one reused scratch: each sum takes the same
 * numbers in the same order as valueAi + compareWithMining, so the result is the
 * same to the last bit (test/scenarios/fastpath.test.ts). One delivery (the
 * per-MW functions): the AI side in one pass (aiValuationPass), mining in another
 * (MiningMonths.discountedFlows), combined by npvDeltaFromSides; other schedules
 * step both sides together. HASH_VS_LEASE's npv_delta and SENSITIVITY use it.
 */
export function npvDeltaOnePass(p: ValuationParams, deliveries: readonly Delivery[]): number | EngineError {
  if (deliveries.length === 1) {
    const ai = npvDeltaAiSide(p, deliveries);
    if (isEngineError(ai)) return ai;
    const pv = miningScratchOf(ai.months);
    miningDiscountedFlows(p, ai.months, pv);
    return npvDeltaFromSides(ai, pv);
  }
  const bad = checkDeliveries(deliveries);
  if (bad) return bad;
  const n = horizonMonths(p, deliveries);
  if (typeof n !== 'number') return n;
  const window = terminalWindow(p, n);
  const end = Math.max(n, window.to);
  const a = new AiMonths(p, deliveries, end);
  const mining = new MiningMonths(p);
  const fleet = mining.fleet;
  const kc = 1 / (1 + monthlyFromAnnualRate(p.ai_discount_rate + p.credit_spread));
  const kr = 1 / (1 + monthlyFromAnnualRate(p.ai_discount_rate + p.credit_spread + p.residual_spread));
  const km = 1 / (1 + monthlyFromAnnualRate(p.mining_discount_rate));
  let dc = 1;
  let dr = 1;
  let dm = 1;
  let pvContract = 0;
  let pvResidual = 0;
  let pvMiningAfterConversion = 0;
  let noi = 0;
  let capital = 0;
  for (let m = 0; m < end; m++) {
    a.step(m);
    if (m >= window.from && m < window.to) {
      noi += a.ebitda;
      capital += a.residual - a.releasingCapex;
    }
    if (m >= n) continue;
    dc *= kc;
    dr *= kr;
    pvContract += (a.contract + a.prepayment - a.capex) * dc;
    pvResidual += (a.ebitda - a.contract - a.releasingCapex + a.residual) * dr;
    mining.step(m);
    dm *= km;
    pvMiningAfterConversion += fleet.flow * dm * a.converted;
  }
  const terminalValue = terminalFromSums(p, noi, capital, window.to - window.from);
  const land = p.powered_land_value_mw;
  const aiHorizonPv = (terminalValue > land ? terminalValue : land) * dr;
  return pvContract + pvResidual - pvMiningAfterConversion + (aiHorizonPv - land * dr);
}
