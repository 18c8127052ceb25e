/**
 * The escalated-rent identity the preset checks rest on: each delivery of a
 * lease runs its own term from its own in-service date and escalates on its
 * anniversaries, so a tranche's base rent is r0 · 12 · IT kW · Σ_{y<T}(1+e)^y.
 */
import fc from 'fast-check';
import { dealRateKwMonth } from '../../src/engine/ai';
import { escalatedRentMonths, escalatedRentSumUsd, startingRentForTcv } from '../../src/engine/lease';

const SEED = 20260301;

/** The rents written out month by month, one delivery at a time (the definition, not the closed form). */
function rentsByMonth(r0: number, deliveries: { itMw: number }[], termYears: number, e: number): number {
  let sum = 0;
  for (const d of deliveries) for (let m = 0; m < Math.round(termYears * 12); m++) sum += r0 * Math.pow(1 + e, Math.floor(m / 12)) * d.itMw * 1000;
  return sum;
}

describe('escalated rent of a lease', () => {
  test('River Bend (Hut 8, 245 IT MW, 7.0 B over 15 years): at 2.5 %/yr the starting rent is 132.78, not the 158.73 average', () => {
    // Hut 8 release 2025-12-17: 245 MW IT, 7.0 B, 15 years. Σ_{y<15} 1.025^y = (1.025^15 − 1)/0.025 = 17.93193;
    // 7e9 / (12 · 245 000 · 17.93193) = 132.777 USD per kW-month; the flat average is 7e9 / (15 · 12) / 245 000 = 158.73
    expect(escalatedRentMonths(15 * 12, 0.025) / 12).toBeCloseTo(17.93193, 5);
    expect(startingRentForTcv(7e9, 245, 15, 0.025)).toBeCloseTo(132.777, 3);
    expect(startingRentForTcv(7e9, 245, 15, 0)).toBeCloseTo(158.73, 2);
  });

  test('with no escalator the starting rent is DEAL_RATE\'s average rate', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e6, max: 2e10, noNaN: true }), fc.double({ min: 1, max: 2000, noNaN: true }), fc.integer({ min: 1, max: 30 }), (tcv, mw, t) => {
        expect(startingRentForTcv(tcv, mw, t, 0)).toBeCloseTo(dealRateKwMonth(tcv, t, mw), 9);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('the closed form equals the rents written out month by month, whatever the delivery schedule', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 10, max: 300, noNaN: true }),
        fc.array(fc.record({ itMw: fc.double({ min: 1, max: 200, noNaN: true }) }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 40 }).map((h) => h / 2), // whole and half years
        fc.double({ min: -0.05, max: 0.1, noNaN: true }),
        (r0, deliveries, term, e) => {
          const itMw = deliveries.reduce((s, d) => s + d.itMw, 0);
          const closed = escalatedRentSumUsd(r0, itMw, term, e);
          expect(closed / rentsByMonth(r0, deliveries, term, e)).toBeCloseTo(1, 9);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('startingRentForTcv inverts escalatedRentSumUsd', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e6, max: 2e10, noNaN: true }), fc.double({ min: 0.5, max: 2000, noNaN: true }), fc.double({ min: 0.5, max: 30, noNaN: true }), fc.double({ min: -0.1, max: 0.2, noNaN: true }), (tcv, mw, t, e) => {
        expect(escalatedRentSumUsd(startingRentForTcv(tcv, mw, t, e), mw, t, e) / tcv).toBeCloseTo(1, 9);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('a higher escalator means a lower starting rent for the same TCV; no IT MW or no term has no rent (NaN)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.1, noNaN: true }), fc.double({ min: 0.001, max: 0.05, noNaN: true }), (e, de) => {
        expect(startingRentForTcv(1e9, 100, 10, e + de)).toBeLessThan(startingRentForTcv(1e9, 100, 10, e));
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(startingRentForTcv(1e9, 0, 10, 0.03)).toBeNaN();
    expect(startingRentForTcv(1e9, 100, 0, 0.03)).toBeNaN();
  });
});
