/**
 * The monthly projection (PROJECTION): the month-by-month quantities behind
 * npv_delta, one row per month, from the same flows (cashflows.ts for the
 * market and mining, valuation.ts for the AI side). Per gross MW; money in USD
 * per month, the last column cumulative USD.
 */
import { Delivery, MAX_TIMELINE_MONTHS } from './lease';
import { Table } from './models';
import { miningPath } from './cashflows';
import { AiFlows, ValuationParams, aiFlows, horizonMonths, projectFlowMonth } from './valuation';

/** Longest projection a sheet asks for: 50 years of months. */
export const MAX_PROJECTION_MONTHS = MAX_TIMELINE_MONTHS;

export const PROJECTION_HEADER: readonly string[] = [
  'date',
  'subsidy (BTC/block)',
  'network (EH/s)',
  'hashprice (USD/PH/day)',
  'mining EBITDA (USD/month)',
  'AI EBITDA (USD/month)',
  'cumulative delta (USD)',
];

/** PROJECTION's default length: the valuation horizon, or horizon_years where that horizon does not exist. */
export function defaultProjectionMonths(p: ValuationParams, deliveries: readonly Delivery[]): number {
  const n = horizonMonths(p, deliveries);
  return typeof n === 'number' ? n : Math.round(p.horizon_years * 12);
}

/**
 * One row per month: the month's mid-point as a whole-day Excel serial (the date
 * the engine values the month at), the subsidy then, the network, the hashprice,
 * mining EBITDA if the MW keeps mining (0 while mothballed), AI EBITDA (0 while
 * building; expected NOI after the contract), and the cumulative difference of
 * cash flows, converting minus mining on (capex, funded fleet renewal,
 * prepayment, re-letting capex and GPU residuals included; undiscounted; no
 * terminal value or land). `flows` (a company's book: the tranches' flows
 * summed per gross MW of the book) replaces the AI side of `deliveries`.
 */
export function projectionTable(p: ValuationParams, deliveries: readonly Delivery[], months: number, flows?: AiFlows): Table {
  const mining = miningPath(p, months);
  const ai = flows ?? aiFlows(p, deliveries, months);
  const out: Table = [PROJECTION_HEADER.slice()];
  let cumulative = 0;
  for (let m = 0; m < months; m++) {
    cumulative += projectFlowMonth(ai, m) - mining.miningFlow[m] * ai.convertedShare[m];
    out.push([
      Math.floor(mining.dateSerial[m]),
      mining.subsidyBtc[m],
      mining.networkEh[m],
      mining.hashpriceUsdPerPhDay[m],
      mining.miningEbitda[m],
      ai.ebitda[m],
      cumulative,
    ]);
  }
  return out;
}
