/**
 * Escalated rent of a lease book: the identity the preset checks use to tie a
 * starting rent to a disclosed contract value (TCV).
 *
 * Each delivery of a lease runs its own term from its own in-service date and
 * escalates on its own anniversaries, so the base rent of a whole tranche is
 *   Σ = r0 · 12 · IT kW · Σ_{y<T} (1 + e)^y
 * whatever the delivery schedule (r0 in USD per IT kW per month, T in years).
 * A fractional last year (T = 12.5) pays the fraction of that year's rent.
 * Inputs are the caller's, already checked: IT MW ≥ 0, T ≥ 0, e > −1.
 */

/** Σ_{y<T} (1 + e)^y with a fractional last year: the rent-years of a T-year lease in starting-rent units. */
export function escalatedRentYears(termYears: number, escalatorPerYear: number): number {
  const whole = Math.floor(termYears);
  const e = escalatorPerYear;
  // geometric sum ((1+e)^n − 1)/e, through expm1/log1p so it stays exact as e → 0 (and is n at e = 0)
  const full = e === 0 ? whole : Math.expm1(whole * Math.log1p(e)) / e;
  return full + (termYears - whole) * Math.pow(1 + e, whole);
}

/** Base rent in USD of IT MW leased for T years at a starting rent escalated once a year. */
export function escalatedRentSumUsd(startRateKwMonth: number, itMw: number, termYears: number, escalatorPerYear: number): number {
  return startRateKwMonth * 12 * itMw * 1000 * escalatedRentYears(termYears, escalatorPerYear);
}

/** The starting rent (USD per IT kW per month) whose escalated rents sum to a TCV; NaN where IT MW or term is 0. */
export function startingRentForTcv(tcvUsd: number, itMw: number, termYears: number, escalatorPerYear: number): number {
  const denom = 12 * itMw * 1000 * escalatedRentYears(termYears, escalatorPerYear);
  return denom > 0 ? tcvUsd / denom : NaN;
}
