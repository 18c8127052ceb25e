/**
 * The one-pass npv_delta (cashflows.ts npvDeltaUsd, used by HASH_VS_LEASE and
 * SENSITIVITY for speed) is the same number, to the last bit, as the monthly
 * cash flows followed by Excel's NPV on each (MODEL.md npv_delta).
 */
import fc from 'fast-check';
import { CATALOGUE, Inputs, defaultInputs } from '../../src/engine/catalogue';
import { FlowParams, monthlyFlows, npvDeltaUsd } from '../../src/engine/cashflows';
import { monthlyFromAnnualRate, npvExcel } from '../../src/engine/finance';
import { store } from '../../src/presets/bundled';

function slow(p: FlowParams & { discount_rate: number }): number {
  const f = monthlyFlows(p);
  const r = monthlyFromAnnualRate(p.discount_rate);
  return npvExcel(r, f.convertFlow) - npvExcel(r, f.miningFlow);
}
const fast = (p: FlowParams & { discount_rate: number }): number => npvDeltaUsd(p, monthlyFromAnnualRate(p.discount_rate));

describe('npvDeltaUsd', () => {
  test('equals NPV(convertFlow) − NPV(miningFlow) exactly for every preset and the generic site', () => {
    for (const t of ['', ...store.tickers()]) {
      const p = store.base(t) as unknown as FlowParams & { discount_rate: number };
      expect(fast(p)).toBe(slow(p));
    }
  });

  test('equals it exactly across halvings, past valuation dates, cloud GPU re-buys and zero build months', () => {
    const cases: Record<string, number | string>[] = [
      { valuation_date: 40000, horizon_years: 30 }, // 2009: starts before recorded halvings
      { ai_mode: 'cloud', gpu_life_years: 1.5, build_months: 0 },
      { build_months: 120, horizon_years: 10 },
      { btc_price: 5000 }, // the fleet switches off
    ];
    for (const c of cases) {
      const p = { ...defaultInputs(), ...c } as unknown as FlowParams & { discount_rate: number };
      expect(fast(p)).toBe(slow(p));
    }
  });

  test('equals it exactly for random valid inputs from the catalogue ranges', () => {
    const rec: Record<string, fc.Arbitrary<number | string>> = {};
    for (const s of CATALOGUE) {
      if (s.kind === 'choice') rec[s.name] = fc.constantFrom(...s.choices!);
      else if (s.integer || s.kind === 'date') rec[s.name] = fc.integer({ min: Math.ceil(s.min!), max: Math.floor(s.max!) });
      else rec[s.name] = fc.double({ min: s.min!, max: s.max!, noNaN: true, noDefaultInfinity: true });
    }
    fc.assert(
      fc.property(fc.record(rec), (inputs) => {
        const p = inputs as Inputs as unknown as FlowParams & { discount_rate: number };
        const a = fast(p);
        const b = slow(p);
        return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
      }),
      { seed: 20261127, numRuns: 300 },
    );
  });
});
