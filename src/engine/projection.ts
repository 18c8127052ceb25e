/**
 * The monthly projection (PROJECTION): the month-by-month quantities behind
 * npv_delta, one row per month, from the same cash flows (cashflows.ts).
 * Per gross MW; money in USD per month, the last column cumulative USD.
 */
import { FlowParams, MonthlyFlows, monthlyFlows } from './cashflows';
import { Table } from './models';

/** Longest projection a sheet asks for: 50 years of months. */
export const MAX_PROJECTION_MONTHS = 600;

export const PROJECTION_HEADER: readonly string[] = [
  'date',
  'subsidy (BTC/block)',
  'network (EH/s)',
  'hashprice (USD/PH/day)',
  'mining EBITDA (USD/month)',
  'AI EBITDA (USD/month)',
  'cumulative delta (USD)',
];

/** Cash flows for `months` months from the valuation date (the horizon set to months / 12). */
export function projectedFlows(p: FlowParams, months: number): MonthlyFlows {
  return monthlyFlows({ ...p, horizon_years: months / 12 });
}

/**
 * One row per month: the month's mid-point as a whole-day Excel serial (the date
 * the engine values the month at), the subsidy then, the network, the hashprice,
 * mining EBITDA if the MW keeps mining, AI EBITDA (0 while building), and the
 * cumulative difference of cash flows, converting minus mining on (capex, fleet
 * renewal and GPU re-buys included; undiscounted).
 */
export function projectionTable(p: FlowParams, months: number): Table {
  const f = projectedFlows(p, months);
  const out: Table = [PROJECTION_HEADER.slice()];
  let cumulative = 0;
  for (let m = 0; m < f.months; m++) {
    cumulative += f.convertFlow[m] - f.miningFlow[m];
    out.push([
      Math.floor(f.dateSerial[m]),
      f.subsidyBtc[m],
      f.networkEh[m],
      f.hashpriceUsdPerPhDay[m],
      f.miningEbitda[m],
      f.aiEbitda[m],
      cumulative,
    ]);
  }
  return out;
}
