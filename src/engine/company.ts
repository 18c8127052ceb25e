/**
 * The company: from the per-MW engine to value per share, as a sum of the parts
 * (docs/company.md). Pure: it takes resolved inputs per piece (the company's,
 * each tranche's, the standard lease's) with the capacity ledger and the balance
 * sheet, and returns numbers and tables. It composes the per-MW engine
 * (valueAi, aiDepreciation, taxByYear, MiningMonths) and never re-implements it.
 *
 * Timeline: month 0 is valuation_date; only cash still to come counts.
 * - Contracted AI: each tranche's after-tax DCF at its own rates (contract flows
 *   at ai_discount_rate + credit_spread, flows after the contract and the
 *   terminal value at that + residual_spread), the value at the horizon at least
 *   powered land, at ownership share. Capex still to spend is
 *   (1 − capex_paid_share) × the deal's landlord capex, spread like the engine's
 *   future capex (evenly to the last delivery when the engine has none left);
 *   without capex_paid_share, the engine's own split (capex before month 0 is
 *   sunk). residual_value is the part after the contract (post-term flows and
 *   the value at the horizon).
 * - The capacity ledger (attributable gross MW, month by month): AI(t) = the
 *   tranches' MW in build or in service; they draw first on new capacity (under
 *   construction and contracted unbuilt), then on idle energised MW, then on
 *   mining MW: mining(t) = min(mining_mw, energised − max(0, AI(t) − new
 *   capacity)), 0 from mining_end_date. Idle MW at month 0, and MW that stop
 *   mining at mining_end_date, carry the development option; no MW is in two uses
 *   in a month (test/engine/company.test.ts walks every month).
 * - Mining: after-tax DCF of mining(t) × the per-MW mining path at
 *   mining_discount_rate over the standard lease's horizon, plus powered land at
 *   the horizon for MW still mining then. Tax: tax_rate on each year's cash flow
 *   after the renewal it funds (a fleet renewed steadily depreciates as fast as
 *   it is replaced), never below zero in a year.
 * - MW that keep mining (the book never takes them) are worth the better of
 *   mining them and converting them now (their development option): a fleet
 *   that earns less than its powered land is worth its powered land. The
 *   mining line carries whichever is higher.
 * - Uncontracted AI and pipeline: per MW max(land floor, probability × the
 *   after-tax NPV of a standard lease at the development rate, capex included):
 *   idle energised and under-construction MW, MW freed at mining_end_date, and
 *   secured power not yet built (floor: pipeline land); pipeline power with its
 *   own probability and floor.
 * - Balance sheet: G&A × ga_multiple, BTC at btc_price, net debt (recourse debt
 *   in full, project debt at ownership share, convertibles still debt at the
 *   price, less cash and the exercise cash of warrants in the money), preferred
 *   and minorities; diluted shares at the fixed point P = E(P) / S(P) (bisection).
 */
import { NumberKeyCache, keptRecord, keptList } from './caches';
import { EngineError, isEngineError, numError } from './errors';
import { FinancingParams } from './financing';
import { monthlyFromAnnualRate } from './finance';
import { Delivery, escalatedRentMonths } from './lease';
import { MiningMonths, MiningPathParams } from './cashflows';
import { addStraightLineWithin, aiDepreciation, deliveryDepreciation, facilityLifeMonths, taxByYear } from './tax';
import {
  AI_RUN_STRIDE,
  AiFlows,
  AiRuns,
  LeaseRates,
  RUN_CAPEX,
  RUN_CONTRACT_EBITDA,
  RUN_EBITDA,
  RUN_MARKET,
  RUN_GPU_RESIDUAL,
  RUN_PREPAYMENT,
  RUN_RELEASING_CAPEX,
  RUN_REVENUE,
  ValuationParams,
  contractMonths,
  gpuCapexPerGrossMw,
  hallCapexPerGrossMw,
  horizonMonths,
  singleDelivery,
  valueAi,
  valueAiRuns,
} from './valuation';
import { gpusPerGrossMw, itMwPerGrossMw } from './ai';
import { HOURS_PER_YEAR } from './mining';

/** Inputs of one per-MW valuation the company model runs (a tranche, the standard lease). */
export type PieceParams = ValuationParams & FinancingParams;

/** The company-level inputs (resolved, overrides applied). */
export type CompanyParams = PieceParams &
  MiningPathParams & {
    readonly lease_probability: number;
    readonly development_spread: number;
    readonly ga_multiple: number;
    readonly pipeline_lease_probability: number;
    readonly pipeline_land_value_mw: number;
    /** The share's market price (0: not given), for upside. */
    readonly share_price: number;
  };

export interface TrancheInput {
  readonly name: string;
  readonly params: PieceParams;
  /** Months from the valuation date (≤ 0: in service already), shares of the deal's IT MW. */
  readonly deliveries: readonly Delivery[];
  /** 100 % of the deal. */
  readonly grossMw: number;
  readonly itMw: number;
  readonly ownership: number;
  /** Share of the deal's landlord capex spent before month 0; undefined: the engine's own split. */
  readonly capexPaidShare?: number;
}

/** Attributable gross MW by stage. */
export interface Capacity {
  readonly energizedMw: number;
  readonly miningMw: number;
  readonly underConstructionMw: number;
  readonly contractedUnbuiltMw: number;
  readonly pipelineMw: number;
  /** Secured power (power_mw) not energised, under construction or contracted: power_mw − the three. */
  readonly securedUnbuiltMw: number;
  /** First month (from the valuation date) without mining; Infinity when no end is announced. */
  readonly miningEndMonth: number;
}

export interface Convertible {
  readonly name: string;
  readonly faceUsd: number;
  readonly conversionPrice: number;
  /** Cap of the capped call, USD per share; undefined without one. */
  readonly capPrice?: number;
}
export interface Warrant {
  readonly name: string;
  readonly count: number;
  readonly strike: number;
}
export interface DebtItem {
  readonly name: string;
  readonly faceUsd: number;
  /** Recourse to the company (counted in full) or project-level (counted at ownership share). */
  readonly recourse: boolean;
  readonly ownership: number;
}

export interface BalanceSheet {
  readonly sharesBasic: number;
  readonly rsus: number;
  readonly cashUsd: number;
  readonly btcHeld: number;
  readonly preferredUsd: number;
  readonly minorityUsd: number;
  readonly gaUsdYr: number;
  readonly convertibles: readonly Convertible[];
  readonly warrants: readonly Warrant[];
  readonly debt: readonly DebtItem[];
}

export interface CompanyInput {
  readonly company: CompanyParams;
  /** The standard lease: market-layer inputs with the call's overrides (no tranche), one delivery at build_months. */
  readonly standard: PieceParams;
  readonly capacity: Capacity;
  readonly balance: BalanceSheet;
  readonly tranches: readonly TrancheInput[];
}

/** One tranche in the company's value (attributable USD). */
export interface TrancheValue {
  readonly name: string;
  readonly value: number;
  /** Of value: post-contract flows and the value at the horizon. */
  readonly residual: number;
  /** AI EBITDA of the next 12 months. */
  readonly ebitda12: number;
  /** Remaining contracted revenue (backlog). */
  readonly backlogUsd: number;
  /** The engine's flows, per gross MW of the deal (for RAMP). */
  readonly flows: AiFlows;
  /** Gross MW × ownership: the flows' scale. */
  readonly scale: number;
  readonly itMwAttributable: number;
}

export interface Dilution {
  /** The price at the fixed point (the conversions and exercises follow from it). */
  readonly price: number;
  readonly shares: number;
  readonly equity: number;
  /** Convertibles still debt at the price (face, USD). */
  readonly convertibleDebtUsd: number;
  /** Exercise cash of the warrants in the money. */
  readonly warrantCashUsd: number;
  readonly converted: readonly boolean[];
  readonly exercised: readonly boolean[];
}

/**
 * The sum of the parts of one run of a company's valuation. A class, not a
 * literal, because the model caches it: V8 never pretenures class instances
 * (src/engine/caches.ts, `keptRecord`), and fields assigned in the constructor stay
 * in-object, where so many fields copied into an empty object would leave it in
 * V8's slow dictionary mode. The compiler checks every field is assigned.
 */
export class CompanyValuation {
  readonly tranches: readonly TrancheValue[];
  readonly contractedAi: number;
  readonly residual: number;
  readonly uncontractedAi: number;
  readonly pipeline: number;
  readonly mining: number;
  /** Whether the MW that keep mining are valued at their development option (converting them now is worth more than mining them); the mining line then carries that value. */
  readonly miningConverted: boolean;
  /** Secured power not yet built or contracted, valued as a development option on the uncontracted line. */
  readonly securedUnbuiltMw: number;
  /** What the MW that keep mining are worth if they mine (after tax, to mining_end_date or the horizon, then land or their option): the alternative to converting them. */
  readonly miningIfKept: number;
  readonly btc: number;
  /** G&A as a cost, a positive number deducted. */
  readonly ga: number;
  /** Parts − G&A = equity + net debt + preferred + minorities. */
  readonly enterpriseValue: number;
  readonly netDebt: number;
  readonly preferred: number;
  readonly minority: number;
  readonly equityValue: number;
  readonly dilutedShares: number;
  readonly valuePerShare: number;
  readonly dilution: Dilution;
  readonly aiEbitda12: number;
  readonly miningEbitda12: number;
  readonly contractedItMw: number;
  readonly backlogUsd: number;
  /** Idle MW at month 0 with the development option, and MW freed at mining_end_date. */
  readonly uncontractedMw: number;
  readonly freedMw: number;
  /** Per gross MW: the standard lease's after-tax NPV at the development rate, and the option values. */
  readonly standardNpvPerMw: number;
  readonly developmentValuePerMw: number;
  readonly pipelineValuePerMw: number;
  /** Months of the company horizon (the standard lease's). */
  readonly horizonMonths: number;

  constructor(v: CompanyValuation) {
    this.tranches = v.tranches;
    this.contractedAi = v.contractedAi;
    this.residual = v.residual;
    this.uncontractedAi = v.uncontractedAi;
    this.pipeline = v.pipeline;
    this.mining = v.mining;
    this.miningConverted = v.miningConverted;
    this.securedUnbuiltMw = v.securedUnbuiltMw;
    this.miningIfKept = v.miningIfKept;
    this.btc = v.btc;
    this.ga = v.ga;
    this.enterpriseValue = v.enterpriseValue;
    this.netDebt = v.netDebt;
    this.preferred = v.preferred;
    this.minority = v.minority;
    this.equityValue = v.equityValue;
    this.dilutedShares = v.dilutedShares;
    this.valuePerShare = v.valuePerShare;
    this.dilution = v.dilution;
    this.aiEbitda12 = v.aiEbitda12;
    this.miningEbitda12 = v.miningEbitda12;
    this.contractedItMw = v.contractedItMw;
    this.backlogUsd = v.backlogUsd;
    this.uncontractedMw = v.uncontractedMw;
    this.freedMw = v.freedMw;
    this.standardNpvPerMw = v.standardNpvPerMw;
    this.developmentValuePerMw = v.developmentValuePerMw;
    this.pipelineValuePerMw = v.pipelineValuePerMw;
    this.horizonMonths = v.horizonMonths;
  }
}

// ---- one tranche, after tax --------------------------------------------------------

/** Capex still to spend per month, per gross MW: the engine's future capex rescaled to (1 − paid) of the deal's, or spread to the last delivery. */
function remainingCapex(p: PieceParams, deliveries: readonly Delivery[], flows: AiFlows, paidShare: number | undefined): Float64Array {
  if (paidShare === undefined) return flows.capex;
  const n = flows.months;
  const total = hallCapexPerGrossMw(p) + gpuCapexPerGrossMw(p);
  const remaining = (1 - paidShare) * total;
  const out = new Float64Array(n);
  let future = 0;
  for (let m = 0; m < n; m++) future += flows.capex[m];
  if (future > 0) {
    const k = remaining / future;
    for (let m = 0; m < n; m++) out[m] = flows.capex[m] * k;
  } else if (remaining > 0) {
    let last = 0;
    for (const d of deliveries) if (d.month > last) last = d.month;
    const months = Math.min(n, last + 1);
    for (let m = 0; m < months; m++) out[m] = remaining / months;
  }
  return out;
}

/** Contracted revenue still to come per gross MW of a deal (its backlog): each delivery's rents over the rest of its term. */
function backlogPerGrossMw(p: PieceParams, deliveries: readonly Delivery[]): number {
  const T = contractMonths(p);
  let sum = 0;
  if (p.ai_mode === 'cloud') {
    const month = gpusPerGrossMw(p.pue, p.kw_per_gpu) * p.gpu_hour_rate * (HOURS_PER_YEAR / 12) * p.utilization;
    for (const d of deliveries) sum += d.share * month * (T - Math.min(T, Math.max(0, -d.month)));
  } else {
    const month = itMwPerGrossMw(p.pue) * 1000 * p.lease_rate_kw_month * p.occupancy;
    const all = escalatedRentMonths(T, p.lease_escalator);
    for (const d of deliveries) sum += d.share * month * (all - escalatedRentMonths(Math.min(T, Math.max(0, -d.month)), p.lease_escalator));
  }
  return sum;
}

export interface PieceValue {
  /** After-tax value per gross MW, from month 0: contract part, after-contract part, value at the horizon. */
  readonly pvContract: number;
  readonly pvResidual: number;
  readonly pvHorizon: number;
  readonly flows: AiFlows;
}

/**
 * After-tax DCF of one deal per gross MW: the engine's flows (valueAi), capex
 * still to spend, tax (tax_rate on EBITDA less depreciation, by year, never
 * negative) and maintenance (maintenance_pct of revenue) shared between the
 * contract and after-contract parts in proportion to their EBITDA that month;
 * the value at the horizon is max(terminal value, powered land).
 */
export function valuePiece(p: PieceParams, deliveries: readonly Delivery[], capexPaidShare?: number): PieceValue | EngineError {
  const v = valueAi(p, deliveries);
  if (isEngineError(v)) return v;
  const f = v.flows;
  const n = v.months;
  const capex = remainingCapex(p, deliveries, f, capexPaidShare);
  const dep = aiDepreciation(p, deliveries, hallCapexPerGrossMw(p), gpuCapexPerGrossMw(p), f);
  const taxable = new Float64Array(n);
  for (let m = 0; m < n; m++) taxable[m] = f.ebitda[m] - dep[m] + f.gpuResidual[m];
  const tax = taxByYear(taxable, p.tax_rate);
  const kc = 1 / (1 + v.contractRate);
  const kr = 1 / (1 + v.residualRate);
  let dc = 1;
  let dr = 1;
  let pvContract = 0;
  let pvResidual = 0;
  for (let m = 0; m < n; m++) {
    dc *= kc;
    dr *= kr;
    const e = f.ebitda[m];
    const ce = f.contractEbitda[m];
    const shareC = e > 0 ? Math.min(1, Math.max(0, ce / e)) : ce !== 0 ? 1 : 0;
    const charges = tax[m] + p.maintenance_pct * f.revenue[m];
    pvContract += (ce + f.prepayment[m] - capex[m] - charges * shareC) * dc;
    pvResidual += (e - ce - f.releasingCapex[m] + f.gpuResidual[m] - charges * (1 - shareC)) * dr;
  }
  const atHorizon = v.terminalValue > p.powered_land_value_mw ? v.terminalValue : p.powered_land_value_mw;
  return { pvContract, pvResidual, pvHorizon: atHorizon * v.horizonDiscount, flows: f };
}

/** A lease's after-tax value per gross MW without its arrays: valuePiece's three sums, and the EBITDA of its first 12 months. */
export interface PieceSums {
  readonly pvContract: number;
  readonly pvResidual: number;
  readonly pvHorizon: number;
  readonly ebitda12: number;
}

/** The AI side's monthly figures (as runs) and the depreciation difference array of valuePieceSums, reused from call to call. */
const PIECE_RUNS = new AiRuns();
let depreciationDiff = new Float64Array(0);

/**
 * valuePiece at the given rates (leaseRatesOf(p): p's own) without allocating its
 * arrays: the flows as runs of months with the same figures (valueAiRuns), then
 * one pass a tax year at a time that takes the capex still to spend, the
 * depreciation (its difference array summed as the months go), the year's tax
 * and the discounting, each month's two flows worked out again only where its
 * figures, the year's tax or the capex rule change; after a contract the market
 * rent's part moves each month and is added to a flow otherwise worked out once
 * a run. The sums differ from valuePiece's only by rounding (the market part is
 * summed over the deliveries before the rest; test/engine/companyfast.test.ts:
 * 1e-12 relative).
 */
export function valuePieceSums(p: PieceParams, deliveries: readonly Delivery[], capexPaidShare: number | undefined, rates: LeaseRates): PieceSums | EngineError {
  const v = valueAiRuns(p, deliveries, rates, PIECE_RUNS);
  if (isEngineError(v)) return v;
  const n = v.months;
  const start = PIECE_RUNS.start;
  const F = PIECE_RUNS.figures;
  const hall = hallCapexPerGrossMw(p);
  const gpu = gpuCapexPerGrossMw(p);
  // remainingCapex: 0 the engine's capex, 1 scaled by k, 2 `spread` a month for the first `spreadMonths`, 3 none
  let capexMode = 0;
  let k = 0;
  let spread = 0;
  let spreadMonths = -1;
  if (capexPaidShare !== undefined) {
    const remaining = (1 - capexPaidShare) * (hall + gpu);
    let future = 0; // month by month, as remainingCapex sums it (a month without capex adds 0, which changes no sum)
    for (let r = 0; start[r] < n; r++) {
      const x = F[AI_RUN_STRIDE * r + RUN_CAPEX];
      if (x === 0) continue;
      const to = start[r + 1] < n ? start[r + 1] : n;
      for (let m = start[r]; m < to; m++) future += x;
    }
    if (future > 0) {
      capexMode = 1;
      k = remaining / future;
    } else if (remaining > 0) {
      let last = 0;
      for (const d of deliveries) if (d.month > last) last = d.month;
      capexMode = 2;
      spreadMonths = Math.min(n, last + 1);
      spread = remaining / spreadMonths;
    } else capexMode = 3;
  }
  // aiDepreciation: the deliveries' capex first, then each month's re-letting capex as the months go (a month's entry is final before it is read)
  if (depreciationDiff.length < n + 1) depreciationDiff = new Float64Array(Math.max(n + 1, 2 * depreciationDiff.length, 400));
  const diff = depreciationDiff;
  diff.fill(0, 0, n + 1);
  deliveryDepreciation(diff, n, p, deliveries, hall, gpu);
  const facility = facilityLifeMonths(p);
  const rate = p.tax_rate;
  const maintenance = p.maintenance_pct;
  const kc = 1 / (1 + v.contractRate);
  const kr = 1 / (1 + v.residualRate);
  let dc = 1;
  let dr = 1;
  let pvContract = 0;
  let pvResidual = 0;
  let depreciation = 0;
  const g = PIECE_RUNS.growth;
  let ra = 0; // the run of the month the income sweep is at
  let marketA = F[RUN_MARKET]; // its market part this month
  let rb = 0; // the run of the month the discounting sweep is at
  let marketB = F[RUN_MARKET];
  for (let y0 = 0; y0 < n; y0 += 12) {
    const y1 = Math.min(n, y0 + 12);
    // taxByYear: the year's taxable income (EBITDA − depreciation + GPU residual), then its tax spread over its months
    let income = 0;
    for (let m = y0; m < y1; m++) {
      if (m === start[ra + 1]) {
        ra++;
        marketA = F[AI_RUN_STRIDE * ra + RUN_MARKET];
      }
      const f = AI_RUN_STRIDE * ra;
      const releasing = F[f + RUN_RELEASING_CAPEX];
      if (releasing !== 0) addStraightLineWithin(diff, n, releasing, m, facility);
      depreciation += diff[m];
      income += F[f + RUN_EBITDA] + marketA - depreciation + F[f + RUN_GPU_RESIDUAL];
      marketA *= g;
    }
    const tax = income > 0 ? (rate * income) / (y1 - y0) : 0;
    let contractFlow = 0;
    let residualFlow = 0;
    // a month's flows are contractFlow and residualFlow + marketShare × its market part, worked out again where a run, the year or the capex rule changes
    let marketShare = 0;
    for (let m = y0; m < y1; m++) {
      let again = m === y0 || m === spreadMonths;
      if (m === start[rb + 1]) {
        rb++;
        marketB = F[AI_RUN_STRIDE * rb + RUN_MARKET];
        again = true;
      }
      if (marketB !== 0 && F[AI_RUN_STRIDE * rb + RUN_CONTRACT_EBITDA] !== 0) again = true; // the contract's share of the charges moves with the market rent
      if (again) {
        const f = AI_RUN_STRIDE * rb;
        const ce = F[f + RUN_CONTRACT_EBITDA];
        const x = F[f + RUN_CAPEX];
        const capex = capexMode === 0 ? x : capexMode === 1 ? x * k : capexMode === 2 && m < spreadMonths ? spread : 0;
        if (marketB !== 0 && ce === 0) {
          // no contract EBITDA: every charge is the after-contract part's, linear in the market part
          contractFlow = F[f + RUN_PREPAYMENT] - capex;
          residualFlow = F[f + RUN_EBITDA] - F[f + RUN_RELEASING_CAPEX] + F[f + RUN_GPU_RESIDUAL] - (tax + maintenance * F[f + RUN_REVENUE]);
          marketShare = 1 - maintenance;
        } else {
          const e = F[f + RUN_EBITDA] + marketB;
          const shareC = e > 0 ? Math.min(1, Math.max(0, ce / e)) : ce !== 0 ? 1 : 0;
          const charges = tax + maintenance * (F[f + RUN_REVENUE] + marketB);
          contractFlow = ce + F[f + RUN_PREPAYMENT] - capex - charges * shareC;
          residualFlow = e - ce - F[f + RUN_RELEASING_CAPEX] + F[f + RUN_GPU_RESIDUAL] - charges * (1 - shareC);
          marketShare = 0;
        }
      }
      dc *= kc;
      dr *= kr;
      pvContract += contractFlow * dc;
      pvResidual += (residualFlow + marketShare * marketB) * dr;
      marketB *= g;
    }
  }
  let ebitda12 = 0;
  for (let m = 0, r = 0, market = F[RUN_MARKET]; m < 12 && m < n; m++) {
    if (m === start[r + 1]) {
      r++;
      market = F[AI_RUN_STRIDE * r + RUN_MARKET];
    }
    ebitda12 += F[AI_RUN_STRIDE * r + RUN_EBITDA] + market;
    market *= g;
  }
  const atHorizon = v.terminalValue > p.powered_land_value_mw ? v.terminalValue : p.powered_land_value_mw;
  return { pvContract, pvResidual, pvHorizon: atHorizon * dr, ebitda12 };
}

/** The longest key the caches hold: PIECE_KEYS, two more numbers and up to 43 deliveries (a longer schedule is valued uncached). */
const MAX_KEY_LENGTH = 128;
/** pieceKey's scratch and a view of its bits (the hash). */
let keyScratch = new Float64Array(MAX_KEY_LENGTH);
let keyBits = new Int32Array(keyScratch.buffer);
/** PIECE_KEYS' two choice inputs as numbers (−1: a value outside the catalogue's choices, not cached). */
const aiModeKey = (v: string): number => (v === 'colo' ? 0 : v === 'cloud' ? 1 : -1);
const terminalKey = (v: string): number => (v === 'renewal' ? 0 : v === 'cap_rate' ? 1 : v === 'none' ? 2 : -1);

/**
 * Every input a piece's value depends on (PIECE_KEYS, read one by one: a read per
 * name is several times faster than a loop over the names), the capex already
 * paid, one extra number, and the schedule, as numbers into keyScratch (NaN for
 * "not given"): the caches' key. Returns its length, or −1 where a choice is not
 * one of the catalogue's (nothing is cached then). test/engine/company.test.ts
 * checks that a change of any PIECE_KEYS input changes the key.
 */
function pieceKey(p: PieceParams, deliveries: readonly Delivery[], capexPaidShare: number | undefined, extra?: number): number {
  const length = 2 + PIECE_KEYS.length + 2 * deliveries.length;
  if (keyScratch.length < length) {
    keyScratch = new Float64Array(2 * length);
    keyBits = new Int32Array(keyScratch.buffer);
  }
  const k = keyScratch;
  const mode = aiModeKey(p.ai_mode);
  const method = terminalKey(p.terminal_method);
  if (mode < 0 || method < 0) return -1;
  k[0] = capexPaidShare === undefined ? NaN : capexPaidShare;
  k[1] = extra === undefined ? NaN : extra;
  k[2] = mode;
  k[3] = p.pue;
  k[4] = p.load_factor;
  k[5] = p.power_price_mwh;
  k[6] = p.ai_capex_mw_it;
  k[7] = p.ai_opex_mw_it_yr;
  k[8] = p.facility_life_years;
  k[9] = p.lease_rate_kw_month;
  k[10] = p.occupancy;
  k[11] = p.power_pass_through;
  k[12] = p.tenant_capex_share;
  k[13] = p.gpu_hour_rate;
  k[14] = p.kw_per_gpu;
  k[15] = p.utilization;
  k[16] = p.gpu_capex;
  k[17] = p.gpu_life_years;
  k[18] = p.cloud_opex_pct;
  k[19] = p.lease_escalator;
  k[20] = p.ai_opex_escalator;
  k[21] = p.lease_term_years;
  k[22] = p.build_months;
  k[23] = p.horizon_years;
  k[24] = method;
  k[25] = p.post_term_years;
  k[26] = p.exit_cap_rate;
  k[27] = p.residual_spread;
  k[28] = p.renewal_probability;
  k[29] = p.renewal_rate_kw_month;
  k[30] = p.market_rent_growth_yr;
  k[31] = p.downtime_months;
  k[32] = p.releasing_capex_mw_it;
  k[33] = p.gpu_residual;
  k[34] = p.gpu_rate_decay_yr;
  k[35] = p.prepayment_share;
  k[36] = p.ai_discount_rate;
  k[37] = p.credit_spread;
  k[38] = p.powered_land_value_mw;
  k[39] = p.tax_rate;
  k[40] = p.maintenance_pct;
  let at = 2 + PIECE_KEYS.length;
  for (const d of deliveries) {
    k[at++] = d.month;
    k[at++] = d.share;
  }
  return length;
}

/** Tranche values by every input they depend on (pieceKey): PieceSums' four numbers. */
const trancheCache = new NumberKeyCache<EngineError>(256, MAX_KEY_LENGTH, 4);

/** A tranche's PieceSums with the market rent scaled by rentFactor, cached by every input they depend on (the company's tranche values). */
function trancheSumsCached(t: TrancheInput, rentFactor: number): PieceSums | EngineError {
  const p = t.params;
  const length = pieceKey(p, t.deliveries, t.capexPaidShare, rentFactor);
  const c = trancheCache;
  const hit = c.find(keyScratch, keyBits, length);
  if (hit >= 0) return c.error(hit) ?? { pvContract: c.value(hit, 0), pvResidual: c.value(hit, 1), pvHorizon: c.value(hit, 2), ebitda12: c.value(hit, 3) };
  const v = valuePieceSums(p, t.deliveries, t.capexPaidShare, {
    creditSpread: p.credit_spread,
    leaseRateKwMonth: p.lease_rate_kw_month,
    renewalRateKwMonth: rentFactor === 1 ? p.renewal_rate_kw_month : p.renewal_rate_kw_month * rentFactor,
  });
  // the key is still in keyScratch: valuePieceSums does not call pieceKey
  const e = c.insert(keyScratch, keyBits, length, isEngineError(v) ? v : undefined);
  if (e >= 0 && !isEngineError(v)) {
    c.setValue(e, 0, v.pvContract);
    c.setValue(e, 1, v.pvResidual);
    c.setValue(e, 2, v.pvHorizon);
    c.setValue(e, 3, v.ebitda12);
  }
  return v;
}

/**
 * One tranche in the company's value: valuePiece's sums on its inputs (the market
 * rent scaled by rentFactor) × gross MW × ownership. Its monthly flows (for RAMP)
 * are valueAi's, worked out when first read.
 */
function valueTranche(t: TrancheInput, rentFactor: number): TrancheValue | EngineError {
  const v = trancheSumsCached(t, rentFactor);
  if (isEngineError(v)) return numError(`tranche "${t.name}": ${v.message}`);
  return new TrancheResult(t, rentFactor, v);
}

/**
 * A TrancheValue whose flows are worked out when first read. A class, not an
 * object literal with a getter: a literal's getter is a new closure for each
 * object, which V8 keeps in a new hidden class (map) per object, outside the young
 * generation; the map then keeps the closure and the tranche's inputs alive across
 * young-generation collections, and every COMPANY call's garbage was copied and
 * promoted (a fifth of what a call allocates, about a quarter of its time). The
 * prototype's getter is one function shared by every tranche.
 */
class TrancheResult implements TrancheValue {
  readonly name: string;
  readonly value: number;
  readonly residual: number;
  readonly ebitda12: number;
  readonly backlogUsd: number;
  readonly scale: number;
  readonly itMwAttributable: number;
  private flowsMemo: AiFlows | undefined = undefined;

  constructor(
    private readonly t: TrancheInput,
    private readonly rentFactor: number,
    v: PieceSums,
  ) {
    const scale = t.grossMw * t.ownership;
    this.name = t.name;
    this.value = (v.pvContract + v.pvResidual + v.pvHorizon) * scale;
    this.residual = (v.pvResidual + v.pvHorizon) * scale;
    this.ebitda12 = v.ebitda12 * scale;
    this.backlogUsd = backlogPerGrossMw(t.params, t.deliveries) * scale;
    this.scale = scale;
    this.itMwAttributable = t.itMw * t.ownership;
  }

  get flows(): AiFlows {
    if (this.flowsMemo) return this.flowsMemo;
    const t = this.t;
    const p = this.rentFactor === 1 ? t.params : { ...t.params, renewal_rate_kw_month: t.params.renewal_rate_kw_month * this.rentFactor };
    const a = valueAi(p, t.deliveries);
    return (this.flowsMemo = isEngineError(a) ? noFlows() : a.flows); // valueAi passed the same checks in valuePieceSums: never an error here
  }
}

function noFlows(): AiFlows {
  const z = new Float64Array(0);
  return { months: 0, convertedShare: z, revenue: z, ebitda: z, contractEbitda: z, prepayment: z, capex: z, releasingCapex: z, gpuResidual: z };
}

// ---- the standard lease (cached) ------------------------------------------------------

/** Every input a lease's value depends on (valuePiece reads nothing else but valuation_date and the schedule): the caches' keys. */
export const PIECE_KEYS: readonly (keyof PieceParams)[] = [
  'ai_mode', 'pue', 'load_factor', 'power_price_mwh', 'ai_capex_mw_it', 'ai_opex_mw_it_yr', 'facility_life_years', 'lease_rate_kw_month', 'occupancy',
  'power_pass_through', 'tenant_capex_share', 'gpu_hour_rate', 'kw_per_gpu', 'utilization', 'gpu_capex', 'gpu_life_years', 'cloud_opex_pct',
  'lease_escalator', 'ai_opex_escalator', 'lease_term_years', 'build_months', 'horizon_years', 'terminal_method', 'post_term_years', 'exit_cap_rate',
  'residual_spread', 'renewal_probability', 'renewal_rate_kw_month', 'market_rent_growth_yr', 'downtime_months', 'releasing_capex_mw_it', 'gpu_residual',
  'gpu_rate_decay_yr', 'prepayment_share', 'ai_discount_rate', 'credit_spread', 'powered_land_value_mw', 'tax_rate', 'maintenance_pct',
];
/** The standard lease's NPV per MW by every input it depends on (pieceKey). */
const standardCache = new NumberKeyCache<EngineError>(128, MAX_KEY_LENGTH, 1);
const NO_DELIVERIES: readonly Delivery[] = [];

/**
 * After-tax NPV per gross MW of a standard lease signed today: one delivery after
 * build_months, capex included, discounted at the development rate (the AI rate
 * + credit_spread + development_spread, and + residual_spread after the lease),
 * the market rent scaled by rentFactor. Cached by every input it depends on.
 */
export function standardLeaseNpvPerMw(standard: PieceParams, developmentSpread: number, rentFactor = 1): number | EngineError {
  const length = pieceKey(standard, NO_DELIVERIES, developmentSpread, rentFactor);
  const c = standardCache;
  const hit = c.find(keyScratch, keyBits, length);
  if (hit >= 0) return c.error(hit) ?? c.value(hit, 0);
  const v = valuePieceSums(standard, singleDelivery(standard.build_months), undefined, standardRates(standard, developmentSpread, rentFactor));
  const out = isEngineError(v) ? numError(`the standard lease: ${v.message}`) : v.pvContract + v.pvResidual + v.pvHorizon;
  const e = c.insert(keyScratch, keyBits, length, isEngineError(out) ? out : undefined);
  if (e >= 0 && !isEngineError(out)) c.setValue(e, 0, out);
  return out;
}

/** The standard lease's rates: credit_spread + development_spread, the contract and market rents scaled by rentFactor. */
export function standardRates(standard: PieceParams, developmentSpread: number, rentFactor: number): LeaseRates {
  return {
    creditSpread: standard.credit_spread + developmentSpread,
    leaseRateKwMonth: standard.lease_rate_kw_month * rentFactor,
    renewalRateKwMonth: standard.renewal_rate_kw_month * rentFactor,
  };
}

// ---- the capacity ledger -----------------------------------------------------------------

export interface Ledger {
  readonly months: number;
  /** Attributable gross MW of the book in build or in service. */
  readonly aiMw: Float64Array;
  readonly miningMw: Float64Array;
  /** The capacity that can hold them: energised + under construction + contracted unbuilt. */
  readonly capacityMw: number;
  readonly uncontractedMw: number;
  readonly freedMw: number;
  readonly freedMonth: number;
  /** MW that keep mining until mining_end_date or the horizon: the book never takes them. */
  readonly stayingMw: number;
}

/** The month a delivery's build starts: its rent start less the tranche's build_months. */
function buildStart(t: TrancheInput, d: Delivery): number {
  return d.month - Math.max(0, Math.round(t.params.build_months));
}

/**
 * The capacity ledger without its arrays: the book's MW steps (each delivery's
 * MW from its build start, sorted by month, same-month steps in book order) and
 * the rule that turns the book's MW into mining MW. A month's figures are
 * capacityLedger's: the book's MW at month m is the same running sum of the same
 * steps in the same order. The company's valuation reads it month by month.
 */
export class LedgerSweep {
  readonly stepMonth: Float64Array;
  readonly stepMw: Float64Array;
  readonly newCapacityMw: number;
  readonly capacityMw: number;
  readonly bookMw: number;
  readonly uncontractedMw: number;
  readonly freedMw: number;
  readonly freedMonth: number;
  readonly stayingMw: number;

  constructor(
    readonly capacity: Capacity,
    tranches: readonly TrancheInput[],
    readonly months: number,
  ) {
    const c = capacity;
    this.newCapacityMw = c.underConstructionMw + c.contractedUnbuiltMw;
    this.capacityMw = c.energizedMw + this.newCapacityMw;
    let book = 0;
    for (const t of tranches) book += t.grossMw * t.ownership;
    this.bookMw = book;
    // a stable insertion sort: same-month steps keep book order, as the sorted sweep adds them
    let steps = 0;
    for (const t of tranches) steps += t.deliveries.length;
    const stepMonth = (this.stepMonth = new Float64Array(steps));
    const stepMw = (this.stepMw = new Float64Array(steps));
    let n = 0;
    for (const t of tranches) {
      const mw = t.grossMw * t.ownership;
      for (const d of t.deliveries) {
        const month = buildStart(t, d);
        const add = mw * d.share;
        let i = n++;
        for (; i > 0 && stepMonth[i - 1] > month; i--) {
          stepMonth[i] = stepMonth[i - 1];
          stepMw[i] = stepMw[i - 1];
        }
        stepMonth[i] = month;
        stepMw[i] = add;
      }
    }
    // idle at month 0: capacity the book never takes and that is not mining (mining only shrinks as the book takes MW, so this is idle throughout)
    const mining0 = months > 0 ? this.miningAt(0) : 0;
    const uncontractedMw = Math.max(0, this.capacityMw - book - mining0);
    this.uncontractedMw = uncontractedMw;
    // MW that stop mining at mining_end_date and that the book does not take later
    const freedMonth = c.miningEndMonth;
    this.freedMonth = freedMonth;
    this.freedMw = freedMonth > 0 && freedMonth < months ? Math.min(this.miningAt(freedMonth - 1), Math.max(0, this.capacityMw - book - uncontractedMw)) : 0;
    // MW still mining at the end (mining_end_date or the horizon) that the book never takes
    const lastMining = Math.min(months, freedMonth) - 1;
    this.stayingMw = lastMining >= 0 ? Math.min(this.miningAt(lastMining), Math.max(0, this.capacityMw - book - uncontractedMw)) : 0;
  }

  /** The book's MW in build or in service at month m: the steps up to m, summed in order. */
  aiAt(m: number): number {
    let ai = 0;
    for (let i = 0; i < this.stepMonth.length && this.stepMonth[i] <= m; i++) ai += this.stepMw[i];
    return ai;
  }

  /** Mining MW at month m for the book's MW `ai` then: what energised capacity the book has not drawn (after new capacity), up to mining_mw, 0 from mining_end_date. */
  miningFor(m: number, ai: number): number {
    const c = this.capacity;
    const drawnFromEnergised = ai > this.newCapacityMw ? ai - this.newCapacityMw : 0;
    const room = c.energizedMw - drawnFromEnergised;
    return m >= c.miningEndMonth ? 0 : Math.max(0, Math.min(c.miningMw, room));
  }

  miningAt(m: number): number {
    return this.miningFor(m, this.aiAt(m));
  }

  /** The ledger with its monthly arrays. */
  ledger(): Ledger {
    const months = this.months;
    const aiMw = new Float64Array(months);
    const miningMw = new Float64Array(months);
    const steps = this.stepMonth.length;
    let next = 0;
    let ai = 0;
    for (let m = 0; m < months; m++) {
      while (next < steps && this.stepMonth[next] <= m) ai += this.stepMw[next++];
      aiMw[m] = ai;
      miningMw[m] = this.miningFor(m, ai);
    }
    return { months, aiMw, miningMw, capacityMw: this.capacityMw, uncontractedMw: this.uncontractedMw, freedMw: this.freedMw, freedMonth: this.freedMonth, stayingMw: this.stayingMw };
  }
}

/** The capacity ledger month by month over `months` months. */
export function capacityLedger(c: Capacity, tranches: readonly TrancheInput[], months: number): Ledger {
  return new LedgerSweep(c, tranches, months).ledger();
}

/**
 * The MW each use holds in each month, as the valuation counts them: the book
 * (in build or in service), mining (less the MW valued at their development
 * option when converting beats mining), and MW carrying a development option
 * (idle at month 0, MW that stop mining, or every MW the book never takes when
 * they are valued at their option). Each month's uses add to at most the
 * capacity that can hold them (energised + under construction + contracted
 * unbuilt): test/engine/company.test.ts walks every month.
 */
export function monthlyUses(ledger: Ledger, miningConverted: boolean): { ai: Float64Array; mining: Float64Array; option: Float64Array } {
  const n = ledger.months;
  const mining = new Float64Array(n);
  const option = new Float64Array(n);
  for (let m = 0; m < n; m++) {
    const staying = ledger.miningMw[m] < ledger.stayingMw ? ledger.miningMw[m] : ledger.stayingMw;
    mining[m] = miningConverted ? ledger.miningMw[m] - staying : ledger.miningMw[m];
    option[m] = ledger.uncontractedMw + (miningConverted ? ledger.stayingMw : m >= ledger.freedMonth ? ledger.freedMw : 0);
  }
  return { ai: ledger.aiMw, mining, option };
}

// ---- mining -----------------------------------------------------------------------------------

interface MiningValue {
  /** MW that mine until the book takes them (after tax). */
  readonly transitional: number;
  /** MW the book never takes: mining until mining_end_date or the horizon (after tax), plus powered land at the horizon for MW still mining then. */
  readonly staying: number;
  readonly ebitda12: number;
}

/** Mining's monthly cash flow and EBITDA per gross MW, reused from call to call. */
let miningFlow = new Float64Array(0);
let miningEbitda = new Float64Array(0);

/**
 * After-tax DCF of the ledger's mining MW on the per-MW mining path, split into MW
 * the book takes later and MW that stay: the ledger swept once, month by month
 * (LedgerSweep: capacityLedger's figures).
 */
function valueMining(p: CompanyParams, ledger: LedgerSweep, btcFactor: number): MiningValue {
  const n = ledger.months;
  let any = false;
  for (let m = 0, next = 0, ai = 0; m < n && !any; m++) {
    while (next < ledger.stepMonth.length && ledger.stepMonth[next] <= m) ai += ledger.stepMw[next++];
    if (ledger.miningFor(m, ai) > 0) any = true;
  }
  if (!any) return { transitional: 0, staying: 0, ebitda12: 0 };
  // the path's flows in one loop (fleet.flow and fleet.ebitda of step(m), the same numbers), into reused arrays
  if (miningFlow.length < n) {
    miningFlow = new Float64Array(Math.max(n, 400));
    miningEbitda = new Float64Array(Math.max(n, 400));
  }
  new MiningMonths(p, btcFactor === 1 ? p.btc_price : p.btc_price * btcFactor).flowsInto(n, miningFlow, miningEbitda);
  const flow = miningFlow;
  const ebitda = miningEbitda;
  const km = 1 / (1 + monthlyFromAnnualRate(p.mining_discount_rate));
  const stay = ledger.stayingMw;
  const stepMonth = ledger.stepMonth;
  const stepMw = ledger.stepMw;
  const steps = stepMonth.length;
  let next = 0;
  let ai = 0;
  let mw = 0;
  let dm = 1;
  let pvStay = 0;
  let pvMove = 0;
  let ebitda12 = 0;
  // tax by 12-month year: rate × max(0, the year's cash flow after funded renewal), spread evenly over its months
  let yearStay = 0;
  let yearMove = 0;
  let yearDiscount = 0;
  let yearMonths = 0;
  for (let m = 0; m < n; m++) {
    while (next < steps && stepMonth[next] <= m) ai += stepMw[next++];
    mw = ledger.miningFor(m, ai);
    dm *= km;
    const stayMw = mw < stay ? mw : stay;
    const flowStay = stayMw * flow[m];
    const flowMove = (mw - stayMw) * flow[m];
    pvStay += flowStay * dm;
    pvMove += flowMove * dm;
    if (m < 12) ebitda12 += mw * ebitda[m];
    yearStay += flowStay;
    yearMove += flowMove;
    yearDiscount += dm;
    yearMonths++;
    if (yearMonths === 12 || m === n - 1) {
      if (yearStay > 0) pvStay -= ((p.tax_rate * yearStay) / yearMonths) * yearDiscount;
      if (yearMove > 0) pvMove -= ((p.tax_rate * yearMove) / yearMonths) * yearDiscount;
      yearStay = 0;
      yearMove = 0;
      yearDiscount = 0;
      yearMonths = 0;
    }
  }
  const landRate = monthlyFromAnnualRate(p.ai_discount_rate + p.residual_spread);
  pvStay += mw * p.powered_land_value_mw * Math.pow(1 + landRate, -n); // mw: the last month's
  return { transitional: pvMove, staying: pvStay, ebitda12 };
}

// ---- diluted shares -------------------------------------------------------------------------

/** Shares a converted note adds at price P, net of its capped call: n − n · (min(P, cap) − K) / P. */
export function convertedShares(c: Convertible, price: number): number {
  const n = c.faceUsd / c.conversionPrice;
  if (c.capPrice === undefined || c.capPrice <= c.conversionPrice) return n;
  return n - (n * (Math.min(price, c.capPrice) - c.conversionPrice)) / price;
}

/** Equity and shares at a trial price P: notes convert when n · P > face (P > K), warrants exercise when strike < P. */
export function equityAndShares(equityAllDebt: number, b: BalanceSheet, price: number): { equity: number; shares: number; convertibleDebtUsd: number; warrantCashUsd: number } {
  return equityAndSharesInto(equityAllDebt, b, price, { equity: 0, shares: 0, convertibleDebtUsd: 0, warrantCashUsd: 0 });
}
interface Trial {
  equity: number;
  shares: number;
  convertibleDebtUsd: number;
  warrantCashUsd: number;
}
/** equityAndShares into `out` (dilute's bisection reuses one). */
function equityAndSharesInto(equityAllDebt: number, b: BalanceSheet, price: number, out: Trial): Trial {
  let equity = equityAllDebt;
  let shares = b.sharesBasic + b.rsus;
  let convertibleDebtUsd = 0;
  let warrantCashUsd = 0;
  for (const c of b.convertibles) {
    if (price > c.conversionPrice) {
      equity += c.faceUsd;
      shares += convertedShares(c, price);
    } else convertibleDebtUsd += c.faceUsd;
  }
  for (const w of b.warrants) {
    if (price > w.strike) {
      equity += w.count * w.strike;
      warrantCashUsd += w.count * w.strike;
      shares += w.count;
    }
  }
  out.equity = equity;
  out.shares = shares;
  out.convertibleDebtUsd = convertibleDebtUsd;
  out.warrantCashUsd = warrantCashUsd;
  return out;
}
const trial: Trial = { equity: 0, shares: 0, convertibleDebtUsd: 0, warrantCashUsd: 0 };

/**
 * The diluted value per share: P with P = E(P) / S(P), by bisection on
 * f(P) = E(P)/S(P) − P, which falls as P rises. `equityAllDebt` is the equity
 * with every convertible still debt and no warrant exercised. Where f jumps
 * across zero at a conversion or strike price, P is that price (converting is
 * then a matter of indifference). Equity that is negative with nothing converted
 * gives P = E/S below zero.
 */
export function dilute(equityAllDebt: number, b: BalanceSheet): Dilution {
  const at = (price: number): Trial => equityAndSharesInto(equityAllDebt, b, price, trial);
  const f = (price: number): number => {
    const r = at(price);
    return r.equity / r.shares - price;
  };
  let price: number;
  const s0 = at(0);
  if (!(s0.equity > 0)) price = s0.equity / s0.shares;
  else {
    let equityMax = equityAllDebt;
    for (const c of b.convertibles) equityMax += c.faceUsd;
    for (const w of b.warrants) equityMax += w.count * w.strike;
    let lo = 0;
    let hi = (equityMax / (b.sharesBasic + b.rsus)) * (1 + 1e-9) + 1e-9;
    for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
      const mid = 0.5 * (lo + hi);
      if (f(mid) > 0) lo = mid;
      else hi = mid;
    }
    price = 0.5 * (lo + hi);
  }
  const r = at(price);
  return keptRecord({
    price,
    shares: r.shares,
    equity: r.equity,
    convertibleDebtUsd: r.convertibleDebtUsd,
    warrantCashUsd: r.warrantCashUsd,
    converted: b.convertibles.map((c) => price > c.conversionPrice),
    exercised: b.warrants.map((w) => price > w.strike),
  });
}

// ---- the sum of the parts ----------------------------------------------------------------------

/** Months of the company horizon: the standard lease's valuation horizon (build + term + post_term_years at the defaults). */
export function companyHorizonMonths(standard: PieceParams): number | EngineError {
  return horizonMonths(standard, singleDelivery(standard.build_months));
}

/**
 * One company: value(btcFactor, rentFactor) runs the whole sum of the parts,
 * with the BTC price (mining path, network response included, and bitcoin held)
 * and the market rent (the standard lease and every tranche's renewals) scaled.
 * Tranche values do not depend on the BTC price, so they are computed once per
 * rent factor.
 */
export class CompanyModel {
  private readonly trancheMemo = new Map<number, readonly TrancheValue[] | EngineError>();
  private readonly runs = new Map<string, CompanyValuation | EngineError>();
  private ledgerMemo?: Ledger | EngineError;
  private sweepMemo?: LedgerSweep | EngineError;

  constructor(readonly input: CompanyInput) {}

  private trancheValues(rentFactor: number): readonly TrancheValue[] | EngineError {
    const hit = this.trancheMemo.get(rentFactor);
    if (hit) return hit;
    const out: TrancheValue[] = [];
    let error: EngineError | undefined;
    for (const t of this.input.tranches) {
      const v = valueTranche(t, rentFactor);
      if (isEngineError(v)) {
        error = v;
        break;
      }
      out.push(v);
    }
    // the memo keeps it: keptList, not the literal (src/engine/caches.ts)
    const result = error ?? keptList(out);
    this.trancheMemo.set(rentFactor, result);
    return result;
  }

  /** The capacity ledger over the company horizon, with its monthly arrays. */
  ledger(): Ledger | EngineError {
    if (this.ledgerMemo) return this.ledgerMemo;
    const sweep = this.sweep();
    return (this.ledgerMemo = isEngineError(sweep) ? sweep : sweep.ledger());
  }

  /** The ledger as the valuation reads it (no arrays). */
  private sweep(): LedgerSweep | EngineError {
    if (this.sweepMemo) return this.sweepMemo;
    const n = companyHorizonMonths(this.input.standard);
    return (this.sweepMemo = isEngineError(n) ? n : new LedgerSweep(this.input.capacity, this.input.tranches, n));
  }

  value(btcFactor = 1, rentFactor = 1): CompanyValuation | EngineError {
    const key = `${btcFactor}|${rentFactor}`;
    const hit = this.runs.get(key);
    if (hit) return hit;
    const out = this.compute(btcFactor, rentFactor);
    this.runs.set(key, out);
    return out;
  }

  private compute(btcFactor: number, rentFactor: number): CompanyValuation | EngineError {
    const { company: p, balance: b, capacity: c } = this.input;
    const tranches = this.trancheValues(rentFactor);
    if (isEngineError(tranches)) return tranches;
    const ledger = this.sweep();
    if (isEngineError(ledger)) return ledger;
    let contractedAi = 0;
    let residual = 0;
    let aiEbitda12 = 0;
    let contractedItMw = 0;
    let backlogUsd = 0;
    for (const t of tranches) {
      contractedAi += t.value;
      residual += t.residual;
      aiEbitda12 += t.ebitda12;
      contractedItMw += t.itMwAttributable;
      backlogUsd += t.backlogUsd;
    }
    const npvStd = standardLeaseNpvPerMw(this.input.standard, p.development_spread, rentFactor);
    if (isEngineError(npvStd)) return npvStd;
    const developmentValuePerMw = Math.max(p.powered_land_value_mw, p.lease_probability * npvStd);
    const securedValuePerMw = Math.max(p.pipeline_land_value_mw, p.lease_probability * npvStd);
    const pipelineValuePerMw = Math.max(p.pipeline_land_value_mw, p.pipeline_lease_probability * npvStd);
    const devRate = p.ai_discount_rate + p.development_spread;
    const freedDiscount = ledger.freedMw > 0 ? Math.pow(1 + devRate, -ledger.freedMonth / 12) : 0;
    const mining = valueMining(p, ledger, btcFactor);
    // MW that keep mining are worth the better of mining them and converting them now (their development option)
    const freedOption = developmentValuePerMw * ledger.freedMw * freedDiscount;
    const convertNow = developmentValuePerMw * ledger.stayingMw;
    const miningConverted = ledger.stayingMw > 0 && convertNow > mining.staying + freedOption;
    const uncontractedAi = developmentValuePerMw * ledger.uncontractedMw + securedValuePerMw * c.securedUnbuiltMw + (miningConverted ? 0 : freedOption);
    const miningValue = mining.transitional + (miningConverted ? convertNow : mining.staying);
    const pipeline = pipelineValuePerMw * c.pipelineMw;
    const btc = b.btcHeld * p.btc_price * btcFactor;
    const ga = b.gaUsdYr * p.ga_multiple;
    const parts = contractedAi + uncontractedAi + pipeline + miningValue + btc;
    const enterpriseValue = parts - ga;
    let debtUsd = 0;
    for (const d of b.debt) debtUsd += d.recourse ? d.faceUsd : d.faceUsd * d.ownership;
    let convertibleFaceUsd = 0;
    for (const cv of b.convertibles) convertibleFaceUsd += cv.faceUsd;
    const equityAllDebt = enterpriseValue - (debtUsd + convertibleFaceUsd - b.cashUsd) - b.preferredUsd - b.minorityUsd;
    const dilution = dilute(equityAllDebt, b);
    const netDebt = debtUsd + dilution.convertibleDebtUsd - b.cashUsd - dilution.warrantCashUsd;
    const equityValue = enterpriseValue - netDebt - b.preferredUsd - b.minorityUsd;
    return new CompanyValuation({
      tranches,
      contractedAi,
      residual,
      uncontractedAi,
      pipeline,
      mining: miningValue,
      miningConverted,
      securedUnbuiltMw: c.securedUnbuiltMw,
      miningIfKept: mining.staying + freedOption,
      btc,
      ga,
      enterpriseValue,
      netDebt,
      preferred: b.preferredUsd,
      minority: b.minorityUsd,
      equityValue,
      dilutedShares: dilution.shares,
      valuePerShare: equityValue / dilution.shares,
      dilution,
      aiEbitda12,
      miningEbitda12: mining.ebitda12,
      contractedItMw,
      backlogUsd,
      uncontractedMw: ledger.uncontractedMw,
      freedMw: ledger.freedMw,
      standardNpvPerMw: npvStd,
      developmentValuePerMw,
      pipelineValuePerMw,
      horizonMonths: ledger.months,
    });
  }

  /** Elasticity of equity value: (E(x·1.01) − E(x·0.99)) / (0.02 · E), the whole sum of the parts re-run; #NUM! where equity is not positive. */
  private elasticity(which: 'btc' | 'rent', what: string): number | EngineError {
    const base = this.value();
    if (isEngineError(base)) return base;
    if (!(base.equityValue > 0)) return numError(`${what} needs a positive equity value (it is ${Math.round(base.equityValue)} USD)`);
    const up = which === 'btc' ? this.value(1.01, 1) : this.value(1, 1.01);
    const down = which === 'btc' ? this.value(0.99, 1) : this.value(1, 0.99);
    if (isEngineError(up)) return up;
    if (isEngineError(down)) return down;
    return (up.equityValue - down.equityValue) / (0.02 * base.equityValue);
  }
  btcBeta(): number | EngineError {
    return this.elasticity('btc', 'btc_beta');
  }
  aiRateBeta(): number | EngineError {
    return this.elasticity('rent', 'ai_rate_beta');
  }
}

// ---- RAMP ----------------------------------------------------------------------------------------

export interface RampRow {
  /** Quarter index from the valuation date (0 = its first three months). */
  readonly quarter: number;
  /** Attributable IT MW in service at the quarter's end, per tranche and in total. */
  readonly itMw: readonly number[];
  readonly revenue: readonly number[];
  readonly ebitda: readonly number[];
  readonly itMwTotal: number;
  readonly revenueTotal: number;
  readonly ebitdaTotal: number;
  readonly miningEbitda: number;
}

/** Quarter by quarter from the valuation date: the book's IT MW in service, AI revenue and EBITDA by tranche, and mining EBITDA on the ledger's mining MW. */
export function ramp(model: CompanyModel, quarters: number): RampRow[] | EngineError {
  const v = model.value();
  if (isEngineError(v)) return v;
  const input = model.input;
  const months = quarters * 3;
  const ledger = capacityLedger(input.capacity, input.tranches, months);
  let anyMining = false;
  for (let m = 0; m < months; m++) if (ledger.miningMw[m] > 0) anyMining = true;
  const path = anyMining ? new MiningMonths(input.company) : undefined;
  const rows: RampRow[] = [];
  for (let q = 0; q < quarters; q++) {
    const itMw: number[] = [];
    const revenue: number[] = [];
    const ebitda: number[] = [];
    let itMwTotal = 0;
    let revenueTotal = 0;
    let ebitdaTotal = 0;
    v.tranches.forEach((t, i) => {
      const f = t.flows;
      const last = 3 * q + 2;
      const it = last < f.months ? f.convertedShare[last] * input.tranches[i].itMw * input.tranches[i].ownership : 0;
      let r = 0;
      let e = 0;
      for (let m = 3 * q; m < 3 * q + 3 && m < f.months; m++) {
        r += f.revenue[m] * t.scale;
        e += f.ebitda[m] * t.scale;
      }
      itMw.push(it);
      revenue.push(r);
      ebitda.push(e);
      itMwTotal += it;
      revenueTotal += r;
      ebitdaTotal += e;
    });
    let miningEbitda = 0;
    for (let m = 3 * q; m < 3 * q + 3; m++) {
      if (!path) break;
      path.step(m);
      miningEbitda += ledger.miningMw[m] * path.fleet.ebitda;
    }
    rows.push({ quarter: q, itMw, revenue, ebitda, itMwTotal, revenueTotal, ebitdaTotal, miningEbitda });
  }
  return rows;
}
