/**
 * Income tax of the AI side (equity metrics and the company value; never the
 * pre-tax irr, npv or yield): tax_rate on EBITDA less straight-line tax
 * depreciation (and interest where levered), summed over each 12-month year of
 * the timeline and never below zero in a year (no credit for losses), spread
 * evenly over the year's months.
 *
 * Depreciation is straight line from each delivery's rent start: the hall over
 * facility_life_years, GPUs over gpu_life_years (cost spent before the valuation
 * date included: it still has tax basis); re-letting capex over
 * facility_life_years from the month it is spent. GPU residual proceeds are a
 * taxable gain (the GPUs are fully depreciated by then).
 */
import { Delivery } from './lease';
import { AiFlows } from './valuation';

export interface DepreciationParams {
  readonly facility_life_years: number;
  readonly gpu_life_years: number;
}

/** Adds cost / life to each month of [start, start + life) that falls inside [0, n): a difference array, summed later. */
function addStraightLine(diff: Float64Array, cost: number, start: number, lifeMonths: number): void {
  addStraightLineWithin(diff, diff.length - 1, cost, start, lifeMonths);
}
/** addStraightLine on the first n + 1 entries of `diff` (a reused array longer than the timeline). */
export function addStraightLineWithin(diff: Float64Array, n: number, cost: number, start: number, lifeMonths: number): void {
  const from = Math.max(0, start);
  const to = Math.min(n, start + lifeMonths);
  if (to <= from || cost === 0) return;
  diff[from] += cost / lifeMonths;
  diff[to] -= cost / lifeMonths;
}

/** The facility's tax life in months (the hall and re-letting capex). */
export function facilityLifeMonths(p: DepreciationParams): number {
  return Math.max(1, Math.round(p.facility_life_years * 12));
}

/** The deliveries' build capex into a difference array of n + 1 months: each delivery's hall over facility_life_years and its GPUs over gpu_life_years, from its rent start. */
export function deliveryDepreciation(diff: Float64Array, n: number, p: DepreciationParams, deliveries: readonly Delivery[], hallCapexPerMw: number, gpuCapexPerMw: number): void {
  const facility = facilityLifeMonths(p);
  const gpu = Math.max(1, Math.round(p.gpu_life_years * 12));
  for (const d of deliveries) {
    addStraightLineWithin(diff, n, d.share * hallCapexPerMw, d.month, facility);
    addStraightLineWithin(diff, n, d.share * gpuCapexPerMw, d.month, gpu);
  }
}

/** Tax depreciation per month over the timeline of `flows`, USD per gross MW. */
export function aiDepreciation(p: DepreciationParams, deliveries: readonly Delivery[], hallCapexPerMw: number, gpuCapexPerMw: number, flows: AiFlows): Float64Array {
  const n = flows.months;
  const diff = new Float64Array(n + 1);
  const facility = facilityLifeMonths(p);
  deliveryDepreciation(diff, n, p, deliveries, hallCapexPerMw, gpuCapexPerMw);
  for (let m = 0; m < n; m++) addStraightLine(diff, flows.releasingCapex[m], m, facility);
  const out = new Float64Array(n);
  let run = 0;
  for (let m = 0; m < n; m++) out[m] = run += diff[m];
  return out;
}

/**
 * Tax per month: for each 12-month year of the timeline (the last may be short),
 * rate × max(0, the year's taxable income), spread evenly over its months.
 */
export function taxByYear(taxableMonthly: ArrayLike<number>, rate: number): Float64Array {
  const n = taxableMonthly.length;
  const out = new Float64Array(n);
  for (let y0 = 0; y0 < n; y0 += 12) {
    const y1 = Math.min(n, y0 + 12);
    let income = 0;
    for (let m = y0; m < y1; m++) income += taxableMonthly[m];
    const perMonth = income > 0 ? (rate * income) / (y1 - y0) : 0;
    for (let m = y0; m < y1; m++) out[m] = perMonth;
  }
  return out;
}
