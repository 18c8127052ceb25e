/**
 * Leases: starting rents, escalation on each delivery's anniversaries, contract
 * values, and the delivery schedule of a deal.
 *
 * `lease_rate_kw_month` is the year-1 (starting) rent. Rent in lease month `age`
 * (0 = the delivery's first rent month) is r₀ · (1 + e)^floor(age / 12). A delivery
 * of share s of the IT capacity runs its own term from its own rent start, so
 * the rents of every delivery over its term sum to
 *   Σ_d s_d · IT kW · r₀ · Σ_{age < T} (1 + e)^floor(age / 12) = IT kW · r₀ · escalatedRentMonths(T, e)
 * whatever the schedule: the contract value (TCV) of the deal.
 */
import { EngineError, valueError } from './errors';

/** One delivery of a deal: `share` of the IT capacity enters service (rent start) in `month` (0 = the valuation date's month; ≤ 0: already in service). */
export interface Delivery {
  readonly month: number;
  readonly share: number;
}

/** Longest valuation timeline: 50 years of months. */
export const MAX_TIMELINE_MONTHS = 600;
/** Most deliveries in one schedule. */
export const MAX_DELIVERIES = 240;

/** #VALUE! naming what is wrong with a delivery schedule, or undefined when it is valid. */
export function checkDeliveries(deliveries: readonly Delivery[]): EngineError | undefined {
  if (deliveries.length === 0) return valueError('deliveries: the schedule is empty; give at least one { month, share }');
  if (deliveries.length > MAX_DELIVERIES) return valueError(`deliveries: ${deliveries.length} entries; allowed: at most ${MAX_DELIVERIES}`);
  let sum = 0;
  for (const d of deliveries) {
    if (!Number.isInteger(d.month) || d.month < -MAX_TIMELINE_MONTHS || d.month > MAX_TIMELINE_MONTHS) {
      return valueError(`deliveries: month ${d.month}; allowed: a whole number from ${-MAX_TIMELINE_MONTHS} to ${MAX_TIMELINE_MONTHS} (months from the valuation date)`);
    }
    if (!(d.share >= 0 && d.share <= 1)) return valueError(`deliveries: share ${d.share}; allowed: a number from 0 to 1`);
    sum += d.share;
  }
  if (Math.abs(sum - 1) > 1e-9) return valueError(`deliveries: shares sum to ${sum}; allowed: shares that sum to 1`);
  return undefined;
}

/** The rent escalation factor in lease month `ageMonths` (from 0): (1 + e)^floor(age / 12). */
export function escalationFactor(ageMonths: number, escalator: number): number {
  return Math.pow(1 + escalator, Math.floor(ageMonths / 12));
}

/**
 * Months of year-1 rent that a term of `termMonths` months pays with escalator e:
 * Σ_{age < termMonths} (1 + e)^floor(age / 12) = 12 · Σ_{y < full years} (1 + e)^y + (the part year) · (1 + e)^full.
 * With e = 0 it is termMonths; for 10 whole years at 2.5 %, 12 · 11.2034.
 */
export function escalatedRentMonths(termMonths: number, escalator: number): number {
  const fullYears = Math.floor(termMonths / 12);
  let sum = 0;
  let f = 1;
  for (let y = 0; y < fullYears; y++) {
    sum += 12 * f;
    f *= 1 + escalator;
  }
  return sum + (termMonths - 12 * fullYears) * f;
}

/**
 * DEAL_RATE: the starting rent, USD per IT kW per month, whose escalated rents sum
 * to the contract value: tcv / (IT kW · escalatedRentMonths(12 · term, e)).
 * With no escalator, the plain average tcv / (IT kW · 12 · term).
 * Worked: 3.7 B over 10 years on 200 MW at 2.5 %: 3.7e9 / (200 000 · 12 · 11.2034) = 137.6.
 */
export function dealStartingRateKwMonth(contractValueUsd: number, termYears: number, itMw: number, escalator = 0): number {
  return contractValueUsd / (itMw * 1000 * escalatedRentMonths(termYears * 12, escalator));
}

/**
 * Sum of the contract rents of every delivery over its whole term (months before
 * the valuation date included): the deal's contract value at a starting rent of
 * `startingRentKwMonth` on `itKw` of IT capacity.
 */
export function contractRentsUsd(deliveries: readonly Delivery[], itKw: number, startingRentKwMonth: number, escalator: number, termMonths: number): number {
  let sum = 0;
  for (const d of deliveries) {
    for (let age = 0; age < termMonths; age++) sum += d.share * itKw * startingRentKwMonth * escalationFactor(age, escalator);
  }
  return sum;
}

/** Base rent in USD of IT MW leased for T years at a starting rent escalated once a year (the preset checks' form of the identity above). */
export function escalatedRentSumUsd(startRateKwMonth: number, itMw: number, termYears: number, escalatorPerYear: number): number {
  return startRateKwMonth * itMw * 1000 * escalatedRentMonths(termYears * 12, escalatorPerYear);
}

/** The starting rent (USD per IT kW per month) whose escalated rents sum to a TCV; NaN where IT MW or term is 0. */
export function startingRentForTcv(tcvUsd: number, itMw: number, termYears: number, escalatorPerYear: number): number {
  return itMw > 0 && termYears > 0 ? dealStartingRateKwMonth(tcvUsd, termYears, itMw, escalatorPerYear) : NaN;
}
