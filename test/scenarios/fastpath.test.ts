/**
 * The one-pass npv_delta (valuation.ts npvDeltaOnePass, used by HASH_VS_LEASE
 * and SENSITIVITY for speed) is the same number, to the last bit, as the array
 * path: valueAi (the AI side's monthly arrays and terminal value) followed by
 * compareWithMining (the mining path and the land floor).
 */
import fc from 'fast-check';
import { CATALOGUE, Inputs, defaultInputs } from '../../src/engine/catalogue';
import { isEngineError } from '../../src/engine/errors';
import { Delivery } from '../../src/engine/lease';
import { ValuationParams, compareWithMining, npvDeltaOnePass, singleDelivery, valueAi } from '../../src/engine/valuation';
import { store } from '../../src/presets/bundled';

function slow(p: ValuationParams, d: Delivery[]): number | string {
  const v = valueAi(p, d);
  return isEngineError(v) ? v.message : compareWithMining(p, v).npvDelta;
}
function fast(p: ValuationParams, d: Delivery[]): number | string {
  const v = npvDeltaOnePass(p, d);
  return isEngineError(v) ? v.message : v;
}
const one = (p: ValuationParams) => singleDelivery(p.build_months);

describe('npvDeltaOnePass', () => {
  test('equals the array path exactly for every preset and the generic site', () => {
    for (const t of ['', ...store.tickers()]) {
      const p = store.base(t) as unknown as ValuationParams;
      expect(typeof fast(p, one(p))).toBe('number');
      expect(fast(p, one(p))).toBe(slow(p, one(p)));
    }
  });

  test('equals it exactly for each terminal method, cloud, past valuation dates, zero build months, a fleet switched off', () => {
    const cases: Record<string, number | string>[] = [
      { terminal_method: 'none' },
      { terminal_method: 'cap_rate' },
      { terminal_method: 'cap_rate', ai_mode: 'cloud' },
      { valuation_date: 40000, terminal_method: 'none', horizon_years: 30 }, // 2009: starts before recorded halvings
      { ai_mode: 'cloud', gpu_life_years: 1.5, build_months: 0, prepayment_share: 0.3 },
      { build_months: 120 },
      { btc_price: 5000 }, // the fleet switches off, then is mothballed
      { powered_land_value_mw: 5e7 }, // land above the terminal value
    ];
    for (const c of cases) {
      const p = { ...defaultInputs(), ...c } as unknown as ValuationParams;
      expect(fast(p, one(p))).toBe(slow(p, one(p)));
    }
  });

  test('equals it exactly for phased schedules, deliveries before the valuation date included', () => {
    const p = defaultInputs() as unknown as ValuationParams;
    const schedules: Delivery[][] = [
      [{ month: -30, share: 0.3 }, { month: 6, share: 0.3 }, { month: 18, share: 0.4 }],
      [{ month: 0, share: 0.5 }, { month: 0, share: 0.5 }],
      [{ month: 48, share: 1 }],
    ];
    for (const d of schedules) expect(fast(p, d)).toBe(slow(p, d));
  });

  test('equals it exactly (or gives the same error) for random valid inputs from the catalogue ranges', () => {
    const rec: Record<string, fc.Arbitrary<number | string>> = {};
    for (const s of CATALOGUE) {
      if (s.kind === 'choice') rec[s.name] = fc.constantFrom(...s.choices!);
      else if (s.integer || s.kind === 'date') rec[s.name] = fc.integer({ min: Math.ceil(s.min!), max: Math.floor(s.max!) });
      else rec[s.name] = fc.double({ min: s.min!, max: s.max!, noNaN: true, noDefaultInfinity: true });
    }
    fc.assert(
      fc.property(fc.record(rec), (inputs) => {
        const p = inputs as Inputs as unknown as ValuationParams;
        const a = fast(p, one(p));
        const b = slow(p, one(p));
        return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
      }),
      { seed: 20261127, numRuns: 300 },
    );
  });
});
