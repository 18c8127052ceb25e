/**
 * Excel-compatible finance on arrays of periodic cash flows.
 * NPV discounts the first value one period (Excel's NPV, not numpy's).
 * IRR follows Excel's documented method: start at `guess` (0.1), iterate up to
 * 20 times, and give up (#NUM!) when the result is not accurate to 0.00001 %.
 */
import { EngineError, numError } from './errors';

export type Flows = ArrayLike<number>;

/** Excel NPV(rate, v1..vn) = Σ v_i / (1 + rate)^i, i from 1. */
export function npvExcel(ratePerPeriod: number, flows: Flows): number {
  let pv = 0;
  let factor = 1;
  const k = 1 / (1 + ratePerPeriod);
  for (let i = 0; i < flows.length; i++) {
    factor *= k;
    pv += flows[i] * factor;
  }
  return pv;
}

/** Monthly rate equivalent to an annual one: (1 + r)^(1/12) − 1. */
export function monthlyFromAnnualRate(annualRate: number): number {
  return Math.pow(1 + annualRate, 1 / 12) - 1;
}

/** Annual rate equivalent to a monthly one: (1 + r)^12 − 1. */
export function annualFromMonthlyRate(monthlyRate: number): number {
  return Math.pow(1 + monthlyRate, 12) - 1;
}

export const IRR_MAX_ITERATIONS = 20;
export const IRR_TOLERANCE = 1e-7; // 0.00001 % as a fraction

/** Σ v_i / (1 + r)^i, i from 0 (the sum IRR sets to zero), and its derivative in r. */
function npvAt0(flows: Flows, rate: number): { f: number; df: number } {
  let f = 0;
  let df = 0;
  const k = 1 / (1 + rate);
  let factor = 1; // (1 + r)^-i
  for (let i = 0; i < flows.length; i++) {
    f += flows[i] * factor;
    df -= i * flows[i] * factor * k;
    factor *= k;
  }
  return { f, df };
}

/** Newton's method from `guess`, at most 20 steps (Excel's documented budget); NaN when it does not converge. */
function irrNewton(flows: Flows, guess: number): number {
  let rate = guess;
  for (let iter = 0; iter < IRR_MAX_ITERATIONS; iter++) {
    const { f, df } = npvAt0(flows, rate);
    if (df === 0 || !Number.isFinite(df) || !Number.isFinite(f)) return NaN;
    const next = rate - f / df;
    if (!(next > -1) || !Number.isFinite(next)) return NaN;
    if (Math.abs(next - rate) < IRR_TOLERANCE * 1e-3) return next;
    rate = next;
  }
  return NaN;
}

/** Rates probed for a sign change when Newton fails, around typical periodic returns. */
const IRR_PROBES = [-0.99, -0.9, -0.5, -0.25, -0.1, -0.05, -0.02, -0.01, -0.005, 0, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

/** Bisection on a bracketed root (NPV changes sign between lo and hi). */
function irrBisect(flows: Flows, lo: number, hi: number): number {
  let flo = npvAt0(flows, lo).f;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    const fm = npvAt0(flows, mid).f;
    if (fm === 0) return mid;
    if (fm < 0 === flo < 0) {
      lo = mid;
      flo = fm;
    } else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Excel IRR(values, guess): the rate r with Σ v_i / (1 + r)^i = 0, i from 0.
 * Newton's method from `guess` for up to 20 steps, as Excel documents. Where those
 * steps diverge (Newton from 0.1 on monthly flows with a long build often does)
 * a bracketed search finds the root nearest the guess instead of giving up: a
 * documented difference (README). #NUM! when the flows have no sign change or
 * the sum has no root.
 */
export function irrExcel(flows: Flows, guess = 0.1): number | EngineError {
  let hasPositive = false;
  let hasNegative = false;
  for (let i = 0; i < flows.length; i++) {
    if (flows[i] > 0) hasPositive = true;
    else if (flows[i] < 0) hasNegative = true;
  }
  if (!hasPositive || !hasNegative) return numError('IRR needs at least one positive and one negative cash flow');
  const newton = irrNewton(flows, guess);
  if (Number.isFinite(newton)) return newton;
  let best = NaN;
  let prevRate = IRR_PROBES[0];
  let prevF = npvAt0(flows, prevRate).f;
  for (let i = 1; i < IRR_PROBES.length; i++) {
    const r = IRR_PROBES[i];
    const f = npvAt0(flows, r).f;
    if (Number.isFinite(f) && Number.isFinite(prevF) && (f === 0 || f < 0 !== prevF < 0)) {
      const root = f === 0 ? r : irrBisect(flows, prevRate, r);
      if (!Number.isFinite(best) || Math.abs(root - guess) < Math.abs(best - guess)) best = root;
    }
    prevRate = r;
    prevF = f;
  }
  return Number.isFinite(best) ? best : numError('IRR does not exist for these cash flows (no rate sets their NPV to zero)');
}

/**
 * Periods until the cumulative cash flow first turns non-negative, interpolated
 * within the period that crosses zero; NaN when it never does within the flows.
 */
export function paybackPeriods(flows: Flows): number {
  let cumulative = 0;
  let wasNegative = false;
  for (let i = 0; i < flows.length; i++) {
    const before = cumulative;
    cumulative += flows[i];
    if (cumulative < 0) wasNegative = true;
    if (wasNegative && before < 0 && cumulative >= 0) {
      return i + (flows[i] === 0 ? 1 : -before / flows[i]);
    }
  }
  return wasNegative ? NaN : 0;
}

/**
 * Present value of 1 paid at the end of each of `periods` periods at `ratePerPeriod`
 * (an annuity-immediate): (1 − (1 + r)^−n) / r, and n at r = 0.
 */
export function annuityFactor(ratePerPeriod: number, periods: number): number {
  if (Math.abs(ratePerPeriod) < 1e-12) return periods;
  return (1 - Math.pow(1 + ratePerPeriod, -periods)) / ratePerPeriod;
}

/**
 * Capital recovery factor: the level payment per period that repays 1 of capital
 * with interest over `periods` periods: r / (1 − (1 + r)^−n) = 1 / annuityFactor; 1/n at r = 0.
 */
export function capitalRecoveryFactor(ratePerPeriod: number, periods: number): number {
  return 1 / annuityFactor(ratePerPeriod, periods);
}

/** Number of sign changes in a cash-flow series, zeros skipped (more than one: IRR may not be unique). */
export function signChanges(flows: Flows): number {
  let changes = 0;
  let last = 0;
  for (let i = 0; i < flows.length; i++) {
    const s = flows[i] > 0 ? 1 : flows[i] < 0 ? -1 : 0;
    if (s === 0) continue;
    if (last !== 0 && s !== last) changes++;
    last = s;
  }
  return changes;
}
