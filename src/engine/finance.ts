/**
 * Excel-compatible finance on arrays of periodic cash flows.
 * NPV discounts the first value one period (Excel's NPV, not numpy's).
 * IRR returns the root Excel's documented method (Newton from `guess`, 20 steps)
 * returns wherever that converges; where the root is unique, found by Newton's
 * steps kept inside a bracket, each pass over the flows giving the value and its
 * slope (irrSearch).
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

/**
 * Math.pow(base, exponent), remembering its answers: the engine raises the same
 * growth and discount factors to the same powers for every call and every cell of
 * a grid (a monthly rate from an annual one, a half month's growth), and Math.pow
 * with a fractional exponent costs as much as a hundred multiplications. A table
 * of POW_SLOTS answers, each pair in the slot a hash of its bits picks (a new pair
 * replaces the one there): one comparison a call. The same number as Math.pow,
 * always.
 */
export function powRemembered(base: number, exponent: number): number {
  if (base === 0) return Math.pow(base, exponent); // 0 and −0 compare equal but differ as bases (−0 to a negative odd power is −∞)
  powBits[0] = base;
  powBits[1] = exponent;
  const w = powWords;
  const slot = (Math.imul(w[0] ^ w[1], 0x9e3779b1) ^ Math.imul(w[2] ^ w[3], 0x85ebca6b)) >>> (32 - POW_SLOT_BITS);
  if (powBase[slot] === base && powExponent[slot] === exponent) return powValue[slot];
  const v = Math.pow(base, exponent);
  powBase[slot] = base;
  powExponent[slot] = exponent;
  powValue[slot] = v;
  return v;
}
const POW_SLOT_BITS = 6;
const POW_SLOTS = 1 << POW_SLOT_BITS;
const powBase = new Float64Array(POW_SLOTS).fill(NaN);
const powExponent = new Float64Array(POW_SLOTS).fill(NaN);
const powValue = new Float64Array(POW_SLOTS);
const powBits = new Float64Array(2);
const powWords = new Int32Array(powBits.buffer);

/** Monthly rate equivalent to an annual one: (1 + r)^(1/12) − 1. */
export function monthlyFromAnnualRate(annualRate: number): number {
  return powRemembered(1 + annualRate, 1 / 12) - 1;
}

/** Annual rate equivalent to a monthly one: (1 + r)^12 − 1. */
export function annualFromMonthlyRate(monthlyRate: number): number {
  return Math.pow(1 + monthlyRate, 12) - 1;
}

export const IRR_MAX_ITERATIONS = 20;
export const IRR_TOLERANCE = 1e-7; // 0.00001 % as a fraction
const EPS = Number.EPSILON; // one ulp of 1

/**
 * Σ v_i / (1 + r)^i, i from 0: the value IRR sets to zero, in one pass from the
 * last flow (Horner in 1 / (1 + r)). No derivative.
 */
export function npvAt0(flows: Flows, rate: number): number {
  const x = 1 / (1 + rate);
  let f = 0;
  for (let i = flows.length - 1; i >= 0; i--) f = f * x + flows[i];
  return f;
}

/** The last `evaluate`: the NPV at the rate (Σ v_i x^i, x = 1 / (1 + rate)), its slope in the rate, and the rounding scale. */
const at = { f: 0, slope: 0, scale: 0 };

/**
 * The NPV at `rate`, its slope in the rate and its rounding scale, into `at`, in one
 * pass that reads each flow once. Horner's rule runs as four interleaved chains in
 * x⁴ (flows 4j, 4j + 1, 4j + 2, 4j + 3), each with its derivative in x⁴ alongside, so
 * the CPU works on the chains side by side instead of waiting on one: about 3× faster
 * than one chain, and as accurate. The scale is Σ_j x^4j (|v_4j| + … + |v_4j+3|), Σ|v_i| x^i
 * to within a factor x^±3: the NPV's rounding error is a small multiple of ε times it.
 */
function evaluate(flows: Flows, rate: number): void {
  const count = flows.length;
  const x = 1 / (1 + rate);
  const x2 = x * x;
  const y = x2 * x2;
  // the top block, flows past the last counting as 0
  let i = count - 1 - ((count - 1) % 4);
  let f0 = flows[i];
  let f1 = i + 1 < count ? flows[i + 1] : 0;
  let f2 = i + 2 < count ? flows[i + 2] : 0;
  let f3 = i + 3 < count ? flows[i + 3] : 0;
  let s = Math.abs(f0) + Math.abs(f1) + (Math.abs(f2) + Math.abs(f3));
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  for (i -= 4; i >= 0; i -= 4) {
    const a0 = flows[i];
    const a1 = flows[i + 1];
    const a2 = flows[i + 2];
    const a3 = flows[i + 3];
    d0 = d0 * y + f0;
    d1 = d1 * y + f1;
    d2 = d2 * y + f2;
    d3 = d3 * y + f3;
    f0 = f0 * y + a0;
    f1 = f1 * y + a1;
    f2 = f2 * y + a2;
    f3 = f3 * y + a3;
    s = s * y + (Math.abs(a0) + Math.abs(a1) + (Math.abs(a2) + Math.abs(a3)));
  }
  // f = Σ_k x^k F_k(x⁴); df/dx = F_1 + 2x F_2 + 3x² F_3 + 4x³ Σ_k x^k F_k'(x⁴); df/dr = −x² df/dx
  at.f = f0 + x * (f1 + x * (f2 + x * f3));
  at.slope = -x2 * (f1 + x * (2 * f2 + 3 * x * f3) + 4 * x2 * x * (d0 + x * (d1 + x * (d2 + x * d3))));
  at.scale = s;
}

/** How an IRR was found: the rate (NaN when none), and the passes over the flows it took. */
export interface IrrSearch {
  /** Periodic rate, or NaN when no rate sets the NPV to zero (or none was found). */
  readonly rate: number;
  /** Sign changes among the non-zero flows (0: IRR needs a positive and a negative flow). */
  readonly signChanges: number;
  /** Passes over the flows: the first scan, each value evaluation, each Newton step. */
  readonly passes: number;
  readonly method: 'none' | 'unique-root' | 'newton' | 'nearest-root';
}

/** Bookkeeping of one search: passes over the flows, and the rounding scale of the last evaluation. */
interface Counter {
  passes: number;
  /** Σ |v_i| / (1 + r)^i at the last evaluation in Brent's method (nearestRoot): the NPV's rounding error is a small multiple of ε times this. */
  scale: number;
}

/** The NPV at `rate` (as npvAt0) and, into n.scale, the same sum of absolute values, in one pass. */
function npvAt0Scaled(flows: Flows, rate: number, n: Counter): number {
  const x = 1 / (1 + rate);
  let f = 0;
  let s = 0;
  for (let i = flows.length - 1; i >= 0; i--) {
    const v = flows[i];
    f = f * x + v;
    s = s * x + Math.abs(v);
  }
  n.passes++;
  n.scale = s;
  return f;
}

/**
 * |NPV| at or below this is rounding noise (the sum's error grows like √n ulps of
 * Σ|v|): the rate is then as exact as the flows allow, and further steps only
 * wander among rates a few ulps apart.
 */
function noiseFloor(flowCount: number, scale: number): number {
  return 4 * Math.sqrt(flowCount) * EPS * scale;
}


/**
 * Brent's method on a bracket [a, b] with f(a), f(b) of opposite signs: inverse
 * quadratic or secant interpolation while it shrinks the bracket fast enough,
 * bisection otherwise, until the bracket is a few ulps wide. Value evaluations only.
 */
function brentRoot(flows: Flows, a: number, fa: number, b: number, fb: number, n: Counter): number {
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < 200; iter++) {
    if (fb === 0) return b;
    if (fb > 0 === fc > 0) {
      // keep the root between b and c
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      // b is the best estimate so far
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * EPS * Math.abs(b) + 1e-300;
    const half = 0.5 * (c - b);
    if (Math.abs(half) <= tol) return b;
    let step = half;
    const finite = Number.isFinite(fa) && Number.isFinite(fb) && Number.isFinite(fc);
    if (finite && Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * half * s; // secant
        q = 1 - s;
      } else {
        const qa = fa / fc; // inverse quadratic through a, b, c
        const rb = fb / fc;
        p = s * (2 * half * qa * (qa - rb) - (b - a) * (rb - 1));
        q = (qa - 1) * (rb - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * half * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        step = p / q;
      } else {
        e = half;
      }
    } else {
      e = half;
    }
    d = step;
    a = b;
    fa = fb;
    b += Math.abs(step) > tol ? step : half > 0 ? tol : -tol;
    fb = npvAt0Scaled(flows, b, n);
    if (Math.abs(fb) <= noiseFloor(flows.length, n.scale)) return b;
  }
  return b;
}

/**
 * The one root of flows proven to have at most one (irrSearch) and whose first and
 * last flows differ in sign: the NPV has the last flow's sign below the root and the
 * first's above it, so every evaluation tells on which side of the root its rate lies
 * and narrows the bracket. Newton's steps from the scan's estimate, the slope coming
 * from the same pass as the value; a step that leaves the bracket is replaced by
 * bisection (or, while the bracket is open above, by doubling the rate). Stops when
 * the NPV is rounding noise, or the step or the bracket is a few ulps. NaN when the
 * NPV is not a number (it overflowed on both sides).
 */
function uniqueRoot(flows: Flows, f0: number, lastSign: number, estimate: number, n: Counter): number {
  if (f0 === 0) return 0;
  const above = f0 > 0 === lastSign > 0; // the root is above 0
  let lo = above ? 0 : -1;
  let hi = above ? Infinity : 0;
  let r = above ? (estimate > 0 && estimate < Infinity ? estimate : 0.1) : estimate < 0 && estimate > -1 ? estimate : -0.1;
  const count = flows.length;
  for (let iter = 0; iter < 300; iter++) {
    evaluate(flows, r);
    n.passes++;
    const f = at.f;
    if (Number.isNaN(f)) return NaN;
    if (Math.abs(f) <= noiseFloor(count, at.scale)) return r;
    if (f > 0 === lastSign > 0) lo = r;
    else hi = r;
    let next = r - f / at.slope;
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * r + 0.01 : lo === -1 ? (r - 1) / 2 : lo + (hi - lo) / 2;
    if (!(next < Infinity) || Math.abs(next - r) <= 2 * EPS * Math.abs(r) || hi - lo <= 4 * EPS * Math.abs(r)) return next < Infinity ? next : NaN;
    r = next;
  }
  return NaN;
}

/** Newton's method from `guess`, at most 20 steps (Excel's documented budget); NaN when it does not converge. */
function irrNewton(flows: Flows, guess: number, n: Counter): number {
  let rate = guess;
  for (let iter = 0; iter < IRR_MAX_ITERATIONS; iter++) {
    evaluate(flows, rate);
    n.passes++;
    const f = at.f;
    const df = at.slope;
    if (df === 0 || !Number.isFinite(df) || !Number.isFinite(f)) return NaN;
    const next = rate - f / df;
    if (!(next > -1) || !Number.isFinite(next)) return NaN;
    if (Math.abs(next - rate) < IRR_TOLERANCE * 1e-3) return next;
    rate = next;
  }
  return NaN;
}

/** Rates probed for sign changes when Newton fails on flows with several sign changes. */
const IRR_PROBES = [-0.99, -0.9, -0.5, -0.25, -0.1, -0.05, -0.02, -0.01, -0.005, 0, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10];

/** The root nearest the guess among the sign changes of the NPV on IRR_PROBES (Brent in each bracket), or NaN. */
function nearestRoot(flows: Flows, guess: number, n: Counter): number {
  let best = NaN;
  let prevRate = IRR_PROBES[0];
  let prevF = npvAt0(flows, prevRate);
  n.passes++;
  for (let i = 1; i < IRR_PROBES.length; i++) {
    const r = IRR_PROBES[i];
    const f = npvAt0(flows, r);
    n.passes++;
    if (Number.isFinite(f) && Number.isFinite(prevF) && (f === 0 || prevF === 0 || f < 0 !== prevF < 0)) {
      const root = f === 0 ? r : prevF === 0 ? prevRate : brentRoot(flows, prevRate, prevF, r, f, n);
      if (!Number.isFinite(best) || Math.abs(root - guess) < Math.abs(best - guess)) best = root;
    }
    prevRate = r;
    prevF = f;
  }
  return best;
}

/**
 * Sign changes of the running sums Σ_{i≤k} v_i, k from the first flow on (a bound on
 * the roots above 0), and Σ|v_i|; changes −1 when a running sum is within rounding
 * of zero (its sign, and the bound, uncertain).
 */
function runningSumSignChanges(flows: Flows): { changes: number; absSum: number } {
  const count = flows.length;
  let sum = 0;
  let absSum = 0;
  let changes = 0;
  let sign = 0;
  let uncertain = false;
  for (let i = 0; i < count; i++) {
    const v = flows[i];
    sum += v;
    absSum += v > 0 ? v : v < 0 ? -v : 0;
    if (Math.abs(sum) <= 8 * count * EPS * absSum) {
      if (absSum > 0) uncertain = true;
    } else {
      const g = sum > 0 ? 1 : -1;
      if (sign !== 0 && g !== sign) changes++;
      sign = g;
    }
  }
  return { changes: uncertain ? -1 : changes, absSum };
}

/**
 * Sign changes of the tail sums Σ_{i≥k} v_i, k from the last flow back to the
 * first: a bound on the roots below 0 (r in (−1, 0)). Infinity when a tail sum is
 * within rounding of zero, so its sign, and the bound, are uncertain.
 */
function tailSumSignChanges(flows: Flows, nearZero: number): number {
  let changes = 0;
  let sign = 0;
  let tail = 0;
  for (let i = flows.length - 1; i >= 0; i--) {
    tail += flows[i];
    if (Math.abs(tail) <= nearZero) return Infinity;
    const g = tail > 0 ? 1 : -1;
    if (sign !== 0 && g !== sign) changes++;
    sign = g;
  }
  return changes;
}

/** What scanFlows found: sign changes, the first and last non-zero flows' signs, the NPV at 0, and the inflows' and outflows' totals and their time-weighted sums. */
const scanned = { signChanges: 0, firstSign: 0, lastSign: 0, f0: 0, inflow: 0, inflowTime: 0, outflow: 0, outflowTime: 0 };

/** The scan of irrSearch, a function of its own so that its running sums stay in registers. */
function scanFlows(flows: Flows): void {
  const count = flows.length;
  let signChanges = 0;
  let firstSign = 0;
  let lastSign = 0;
  let f0 = 0; // the running sum; at the end, the NPV at r = 0
  let inflow = 0;
  let inflowTime = 0;
  let outflow = 0;
  let outflowTime = 0;
  for (let i = 0; i < count; i++) {
    const v = flows[i];
    f0 += v;
    if (v > 0) {
      if (lastSign < 0) signChanges++;
      else if (lastSign === 0) firstSign = 1;
      lastSign = 1;
      inflow += v;
      inflowTime += i * v;
    } else if (v < 0) {
      if (lastSign > 0) signChanges++;
      else if (lastSign === 0) firstSign = -1;
      lastSign = -1;
      outflow -= v;
      outflowTime -= i * v;
    }
  }
  scanned.signChanges = signChanges;
  scanned.firstSign = firstSign;
  scanned.lastSign = lastSign;
  scanned.f0 = f0;
  scanned.inflow = inflow;
  scanned.inflowTime = inflowTime;
  scanned.outflow = outflow;
  scanned.outflowTime = outflowTime;
}

/**
 * The IRR search, with its bookkeeping (pure; irrExcel is this without it).
 *
 * Which root, when there may be several (docs/engine.md, "IRR"):
 * - no positive or no negative flow: none;
 * - at most one root (one sign change among the flows, as for any project that
 *   spends and then earns, or a loan; or, with several, one sign change in all of
 *   the running sums and none in the tail sums, or the reverse): that root. Excel's
 *   Newton iteration, whenever it converges, converges to it. Found by Newton's
 *   method kept inside a bracket (bisection where a step would leave it), from
 *   the scan's estimate: 5–8 passes on monthly project flows;
 * - possibly several roots: Excel's method first (Newton from `guess`, 20 steps),
 *   so the root is the one Excel returns wherever Excel converges; where it does
 *   not, the root nearest the guess among the sign changes on fixed probe rates.
 *
 * The bounds: Descartes' rule of signs on Σ v_i x^i, x = 1 / (1 + r) > 0, bounds the
 * roots by the sign changes of the flows; the same rule on the series Σ v_i x^i / (1 − x)
 * bounds the roots with r > 0 (x < 1) by the sign changes of the running sums
 * Σ_{i≤k} v_i, and on the reversed polynomial the roots with r < 0 by those of the
 * tail sums Σ_{i≥k} v_i; r = 0 is a root when the flows sum to zero.
 */
export function irrSearch(flows: Flows, guess = 0.1): IrrSearch {
  scanFlows(flows);
  const count = flows.length;
  const { signChanges, firstSign, lastSign, f0, inflow, inflowTime, outflow, outflowTime } = scanned;
  const n: Counter = { passes: 1, scale: Infinity };
  if (signChanges === 0) return { rate: NaN, signChanges, passes: n.passes, method: 'none' };
  let unique = signChanges === 1;
  if (!unique && firstSign !== lastSign) {
    // several sign changes: the running sums' and tail sums' sign changes may still prove one root
    const running = runningSumSignChanges(flows);
    n.passes++;
    if (running.changes >= 0) {
      const tailChanges = tailSumSignChanges(flows, 8 * count * EPS * running.absSum);
      n.passes++;
      unique = running.changes + tailChanges + (f0 === 0 ? 1 : 0) <= 1;
    }
  }
  if (unique) {
    // (1 + r)^(t_in − t_out) = inflow / outflow, each total at its average date: exact for one outflow and one inflow
    const estimate = Math.pow(inflow / outflow, 1 / (inflowTime / inflow - outflowTime / outflow)) - 1;
    const rate = uniqueRoot(flows, f0, lastSign, estimate, n);
    return { rate, signChanges, passes: n.passes, method: 'unique-root' };
  }
  const newton = irrNewton(flows, guess, n);
  if (Number.isFinite(newton)) return { rate: newton, signChanges, passes: n.passes, method: 'newton' };
  const rate = nearestRoot(flows, guess, n);
  return { rate, signChanges, passes: n.passes, method: 'nearest-root' };
}

/**
 * Excel IRR(values, guess): the rate r with Σ v_i / (1 + r)^i = 0, i from 0.
 * The root Excel's Newton iteration from `guess` returns wherever it converges;
 * where it does not, a root rather than #NUM! (irrSearch: a documented difference,
 * docs/engine.md). #NUM! when the flows have no sign change or the sum has no root.
 */
export function irrExcel(flows: Flows, guess = 0.1): number | EngineError {
  const s = irrSearch(flows, guess);
  if (s.signChanges === 0) return numError('IRR needs at least one positive and one negative cash flow');
  return Number.isFinite(s.rate) ? s.rate : numError('IRR does not exist for these cash flows (no rate sets their NPV to zero)');
}

/**
 * Periods until the cumulative cash flow turns non-negative for good: the last time it
 * crosses zero from below, interpolated within that period, after which it stays
 * non-negative to the end. 0 when it is never negative; NaN when it ends negative.
 * The last crossing, not the first: a prepayment before the build makes the
 * cumulative positive at once, and the build's spending then takes it far below zero;
 * the project has paid back only when the rent brings it back for good.
 */
export function paybackPeriods(flows: Flows): number {
  let cumulative = 0;
  let paidBack = 0;
  for (let i = 0; i < flows.length; i++) {
    const before = cumulative;
    cumulative += flows[i];
    if (cumulative < 0) paidBack = NaN;
    else if (before < 0) paidBack = i - before / flows[i]; // flows[i] > -before > 0 here
  }
  return paidBack;
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
