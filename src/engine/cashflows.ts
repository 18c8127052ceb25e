/**
 * Monthly cash flows per gross MW over the horizon (MODEL.md, npv_delta):
 * mining keeps running until the AI hall is built; AI spends its capex evenly
 * over build_months and earns nothing then; rents escalate once a year from
 * the first rent month; the halving cuts the subsidy in its month; network
 * hashrate and BTC price compound monthly; mining pays fleet renewal and cloud
 * re-buys its GPUs every gpu_life_years.
 *
 * A miner switches its fleet off in a month whose hashprice does not cover
 * power (it keeps paying fixed opex), and funds fleet renewal only out of a
 * positive hashing margin: when the margin does not cover renewal it runs the
 * fleet it has and defers the rest. Both rules keep mining's cash flow
 * continuous and non-decreasing in the BTC price.
 */
import { AiParams, AiResult, aiPerMwYear } from './ai';
import { MiningParams, hashratePhPerGrossMw, DAYS_PER_YEAR, miningPowerCostUsdYr } from './mining';
import { subsidyBtcAtSerial, subsidyBtcAtHeight, BLOCKS_PER_DAY, HALVING_INTERVAL_BLOCKS, LAST_HALVING, heightAnchor, heightAtSerial } from './network';

/** Mining EBITDA of one month: the hashing margin when positive (else the fleet is off), less fixed opex. */
export function miningEbitdaMonth(grossMarginUsd: number, fixedUsd: number): number {
  return (grossMarginUsd > 0 ? grossMarginUsd : 0) - fixedUsd;
}

/** Mining cash flow of one month: renewal is funded only out of a positive margin, so max(margin − renewal, 0) − fixed. */
export function miningFlowMonth(grossMarginUsd: number, fixedUsd: number, renewalUsd: number): number {
  const afterRenewal = grossMarginUsd - renewalUsd;
  return (afterRenewal > 0 ? afterRenewal : 0) - fixedUsd;
}

/** AI EBITDA of one rent month: colo rent at its escalation factor, less opex and landlord power; cloud's stabilised EBITDA. */
export function aiEbitdaMonth(ai: AiResult, escalation: number): number {
  return ai.mode === 'colo' ? (ai.revenueUsdYr * escalation - ai.opexUsdYr - ai.powerCostUsdYr) / 12 : ai.ebitdaUsdYr / 12;
}

/** The AI project's cash flow in month m (from 0): capex spread over the build months, then EBITDA less GPU re-buys. */
export function aiFlowMonth(ai: AiResult, m: number, build: number, aiEbitdaUsd: number, gpuLifeMonths: number): number {
  if (m < build) return -ai.capexUsd / build;
  const rentMonth = m - build;
  if (build === 0 && m === 0) return aiEbitdaUsd - ai.capexUsd;
  if (ai.gpuCapexUsd > 0 && rentMonth > 0 && rentMonth % gpuLifeMonths === 0) return aiEbitdaUsd - ai.gpuCapexUsd;
  return aiEbitdaUsd;
}

export interface MarketPath {
  readonly btc_price: number;
  readonly network_hashrate_eh: number;
  readonly fees_btc_per_block: number;
  readonly block_minutes: number;
  readonly btc_price_growth_yr: number;
  readonly hashrate_growth_yr: number;
  readonly valuation_date: number;
  /** The stored chain tip (refreshed market data), when there is one: height estimates start from it. */
  readonly tip_height?: number;
  readonly tip_serial?: number;
}

export interface FlowParams extends MiningParams, AiParams, MarketPath {
  readonly build_months: number;
  readonly horizon_years: number;
  readonly lease_escalator: number;
}

export interface MonthlyFlows {
  readonly months: number;
  /** Mid-month date serial of each month. */
  readonly dateSerial: Float64Array;
  readonly subsidyBtc: Float64Array;
  readonly networkEh: Float64Array;
  readonly hashpriceUsdPerPhDay: Float64Array;
  /** Mining EBITDA, and cash flow after fleet renewal, if the MW keeps mining. */
  readonly miningEbitda: Float64Array;
  readonly miningFlow: Float64Array;
  /** AI EBITDA (0 while building), and the AI project's cash flow (capex, GPU re-buys). */
  readonly aiEbitda: Float64Array;
  readonly aiProjectFlow: Float64Array;
  /** The converted MW: mining until the hall is ready, plus the AI project. */
  readonly convertFlow: Float64Array;
}

const DAYS_PER_MONTH = 365.25 / 12;

/** The month-level terms of mining one gross MW (USD per month; revenue per unit of hashprice in USD/PH/day). */
export interface MiningMonthTerms {
  readonly revenuePerHashpriceMonth: number;
  readonly powerMonth: number;
  readonly fixedMonth: number;
  readonly renewalMonth: number;
}

export function miningMonthTerms(p: MiningParams): MiningMonthTerms {
  const hashratePh = hashratePhPerGrossMw(p.efficiency_j_th, p.mining_overhead);
  return {
    revenuePerHashpriceMonth: (hashratePh * DAYS_PER_YEAR * p.uptime * (1 - p.pool_fee)) / 12,
    powerMonth: miningPowerCostUsdYr(p.uptime, p.power_price_mwh) / 12,
    fixedMonth: (p.mining_opex_mw_yr - p.curtailment_credit_mw_yr) / 12,
    renewalMonth: (hashratePh * 1000 * p.asic_price_th) / p.asic_life_years / 12,
  };
}

export function monthsOf(p: { horizon_years: number }): number {
  return Math.round(p.horizon_years * 12);
}

/**
 * The mining hashprice path of one month: BTC price and network compound from
 * the valuation date to mid-month; the subsidy is the one in force at mid-month.
 */
export function monthlyFlows(p: FlowParams, btcPricePath?: ArrayLike<number>): MonthlyFlows {
  const n = monthsOf(p);
  const dateSerial = new Float64Array(n);
  const subsidyBtc = new Float64Array(n);
  const networkEh = new Float64Array(n);
  const hashprice = new Float64Array(n);
  const miningEbitda = new Float64Array(n);
  const miningFlow = new Float64Array(n);
  const aiEbitda = new Float64Array(n);
  const aiProjectFlow = new Float64Array(n);
  const convertFlow = new Float64Array(n);

  const { revenuePerHashpriceMonth, powerMonth, fixedMonth, renewalMonth } = miningMonthTerms(p);

  const ai = aiPerMwYear(p);
  const build = Math.round(p.build_months);
  const gpuLifeMonths = Math.max(1, Math.round(p.gpu_life_years * 12));
  const btcGrowthMonthly = Math.pow(1 + p.btc_price_growth_yr, 1 / 12);
  const netGrowthMonthly = Math.pow(1 + p.hashrate_growth_yr, 1 / 12);

  const anchor = heightAnchor(p);
  let btc = p.btc_price * Math.pow(btcGrowthMonthly, 0.5);
  let net = p.network_hashrate_eh * Math.pow(netGrowthMonthly, 0.5);
  for (let m = 0; m < n; m++) {
    const date = p.valuation_date + (m + 0.5) * DAYS_PER_MONTH;
    const subsidy = subsidyBtcAtSerial(date, p.block_minutes, anchor);
    const price = btcPricePath ? btcPricePath[m] : btc;
    const hp = (BLOCKS_PER_DAY * (subsidy + p.fees_btc_per_block) * price) / (net * 1000);
    const grossMargin = revenuePerHashpriceMonth * hp - powerMonth;
    const mEbitda = miningEbitdaMonth(grossMargin, fixedMonth);
    const mFlow = miningFlowMonth(grossMargin, fixedMonth, renewalMonth);

    let aEbitda = 0;
    if (m >= build) {
      const escalation = ai.mode === 'colo' ? Math.pow(1 + p.lease_escalator, Math.floor((m - build) / 12)) : 1;
      aEbitda = aiEbitdaMonth(ai, escalation);
    }
    const aFlow = aiFlowMonth(ai, m, build, aEbitda, gpuLifeMonths);

    dateSerial[m] = date;
    subsidyBtc[m] = subsidy;
    networkEh[m] = net;
    hashprice[m] = hp;
    miningEbitda[m] = mEbitda;
    miningFlow[m] = mFlow;
    aiEbitda[m] = aEbitda;
    aiProjectFlow[m] = aFlow;
    convertFlow[m] = (m < build ? mFlow : 0) + aFlow;
    btc *= btcGrowthMonthly;
    net *= netGrowthMonthly;
  }
  return {
    months: n,
    dateSerial,
    subsidyBtc,
    networkEh,
    hashpriceUsdPerPhDay: hashprice,
    miningEbitda,
    miningFlow,
    aiEbitda,
    aiProjectFlow,
    convertFlow,
  };
}

/**
 * NPV(converted MW) − NPV(mining on) at a monthly rate: HASH_VS_LEASE's npv_delta
 * in one pass, without the arrays of monthlyFlows. The same arithmetic in the
 * same order as monthlyFlows followed by npvExcel on convertFlow and miningFlow,
 * so the result is identical to the last bit (test/scenarios/fastpath.test.ts);
 * the subsidy and the escalation factor are recomputed only when their epoch or
 * lease year changes.
 */
export function npvDeltaUsd(p: FlowParams, monthlyRate: number): number {
  const n = monthsOf(p);
  const { revenuePerHashpriceMonth, powerMonth, fixedMonth, renewalMonth } = miningMonthTerms(p);
  const ai = aiPerMwYear(p);
  const colo = ai.mode === 'colo';
  const build = Math.round(p.build_months);
  const gpuLifeMonths = Math.max(1, Math.round(p.gpu_life_years * 12));
  const btcGrowthMonthly = Math.pow(1 + p.btc_price_growth_yr, 1 / 12);
  const netGrowthMonthly = Math.pow(1 + p.hashrate_growth_yr, 1 / 12);
  const k = 1 / (1 + monthlyRate);
  const fees = p.fees_btc_per_block;
  const blockMinutes = p.block_minutes;
  const anchor = heightAnchor(p);

  let btc = p.btc_price * Math.pow(btcGrowthMonthly, 0.5);
  let net = p.network_hashrate_eh * Math.pow(netGrowthMonthly, 0.5);
  let factor = 1;
  let pvConvert = 0;
  let pvMining = 0;
  let epoch = NaN;
  let subsidy = 0;
  let leaseYear = -1;
  let escalation = 1;
  for (let m = 0; m < n; m++) {
    const date = p.valuation_date + (m + 0.5) * DAYS_PER_MONTH;
    if (date < LAST_HALVING.serial) {
      subsidy = subsidyBtcAtSerial(date, blockMinutes, anchor);
      epoch = NaN;
    } else {
      // subsidyBtcAtSerial's own arithmetic (heightAtSerial), the subsidy re-read when the epoch changes
      const height = heightAtSerial(date, blockMinutes, anchor);
      const e = Math.floor(height / HALVING_INTERVAL_BLOCKS);
      if (e !== epoch) {
        epoch = e;
        subsidy = subsidyBtcAtHeight(height);
      }
    }
    const hp = (BLOCKS_PER_DAY * (subsidy + fees) * btc) / (net * 1000);
    const grossMargin = revenuePerHashpriceMonth * hp - powerMonth;
    const mEbitda = miningEbitdaMonth(grossMargin, fixedMonth);
    const mFlow = miningFlowMonth(grossMargin, fixedMonth, renewalMonth);

    let aEbitda = 0;
    if (m >= build) {
      if (colo) {
        const year = Math.floor((m - build) / 12);
        if (year !== leaseYear) {
          leaseYear = year;
          escalation = Math.pow(1 + p.lease_escalator, year);
        }
      }
      aEbitda = aiEbitdaMonth(ai, escalation);
    }
    const aFlow = aiFlowMonth(ai, m, build, aEbitda, gpuLifeMonths);
    factor *= k;
    pvConvert += ((m < build ? mFlow : 0) + aFlow) * factor;
    pvMining += mFlow * factor;
    btc *= btcGrowthMonthly;
    net *= netGrowthMonthly;
  }
  return pvConvert - pvMining;
}
