/**
 * The fast paths are the same numbers, to the last bit, as the array path: the
 * one-pass npv_delta (valuation.ts npvDeltaOnePass, used by HASH_VS_LEASE and
 * SENSITIVITY) as valueAi (the AI side's monthly arrays and terminal value)
 * followed by compareWithMining (the mining path and the land floor); the AI
 * side's sums and project flows without arrays (aiValuationPass) as valueAi; the
 * mining side's discounted flows in one loop as miningPath.
 */
import fc from 'fast-check';
import { CATALOGUE, Inputs, defaultInputs } from '../../src/engine/catalogue';
import { isEngineError } from '../../src/engine/errors';
import { Delivery } from '../../src/engine/lease';
import { miningPath } from '../../src/engine/cashflows';
import { monthlyFromAnnualRate } from '../../src/engine/finance';
import { Context, MODELS } from '../../src/engine/models';
import { ValuationParams, aiValuationPass, compareWithMining, horizonMonths, miningDiscountedFlows, npvDeltaOnePass, singleDelivery, valueAi } from '../../src/engine/valuation';
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

/**
 * valueAi's numbers without its arrays (aiValuationPass, AiMonths.singleDeliveryPass)
 * and mining's discounted flows in one loop (MiningMonths.discountedFlows): the same
 * numbers as the array path, to the last bit (Object.is: the sign of a zero too).
 */
describe('aiValuationPass and the metrics that use it', () => {
  const sumsOf = (p: ValuationParams, d: Delivery[], withFlows: boolean): unknown => {
    const n = horizonMonths(p, d);
    const flows = typeof n === 'number' && withFlows ? new Float64Array(n) : null;
    const s = aiValuationPass(p, d, flows);
    if (isEngineError(s)) return s.message;
    return { ...s, flows: flows ? Array.from(flows) : undefined };
  };
  const arraysOf = (p: ValuationParams, d: Delivery[], withFlows: boolean): unknown => {
    const v = valueAi(p, d);
    if (isEngineError(v)) return v.message;
    const { months, terminalValue, pvContract, pvResidual, horizonDiscount, pvTerminal, npv } = v;
    return { months, terminalValue, pvContract, pvResidual, horizonDiscount, pvTerminal, npv, flows: withFlows ? Array.from(v.projectFlow) : undefined };
  };
  /** Equal to the last bit, field by field and flow by flow (toEqual would take 0 for −0). */
  const expectSame = (a: unknown, b: unknown): void => {
    if (typeof a !== 'object' || typeof b !== 'object') return expect(a).toBe(b);
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    expect(Object.keys(x).sort()).toEqual(Object.keys(y).sort());
    for (const k of Object.keys(x)) {
      if (Array.isArray(x[k])) {
        const u = x[k] as number[];
        const v = y[k] as number[];
        expect(u.length).toBe(v.length);
        for (let i = 0; i < u.length; i++) if (!Object.is(u[i], v[i])) throw new Error(`${k}[${i}]: ${u[i]} against ${v[i]}`);
      } else if (!Object.is(x[k], y[k])) throw new Error(`${k}: ${x[k]} against ${y[k]}`);
    }
  };

  test('equals valueAi exactly for every preset, the generic site and the special cases', () => {
    const cases: Record<string, number | string>[] = [
      {},
      { terminal_method: 'none' },
      { terminal_method: 'cap_rate' },
      { terminal_method: 'cap_rate', ai_mode: 'cloud' },
      { terminal_method: 'none', horizon_years: 3 }, // the horizon inside the build and the contract
      { ai_mode: 'cloud', gpu_life_years: 1.5, build_months: 0, prepayment_share: 0.3 },
      { ai_mode: 'cloud', lease_term_years: 2, gpu_rate_decay_yr: 0.9 }, // GPUs idle before they retire
      { build_months: 0, prepayment_share: 0.5 },
      { lease_escalator: 0, ai_opex_escalator: 0 },
      { downtime_months: 0, renewal_probability: 0 },
    ];
    for (const t of ['', ...store.tickers()]) {
      const p = store.base(t) as unknown as ValuationParams;
      for (const withFlows of [false, true]) expectSame(sumsOf(p, one(p), withFlows), arraysOf(p, one(p), withFlows));
    }
    for (const c of cases) {
      const p = { ...defaultInputs(), ...c } as unknown as ValuationParams;
      expectSame(sumsOf(p, one(p), true), arraysOf(p, one(p), true));
    }
  });

  test('equals it exactly for one delivery before, at and after the valuation date, and for phased schedules', () => {
    const p = defaultInputs() as unknown as ValuationParams;
    const schedules: Delivery[][] = [
      [{ month: -30, share: 1 }],
      [{ month: 0, share: 1 }],
      [{ month: 48, share: 1 }],
      [{ month: -30, share: 0.3 }, { month: 6, share: 0.3 }, { month: 18, share: 0.4 }],
    ];
    for (const d of schedules) for (const mode of ['colo', 'cloud']) {
      const q = { ...p, ai_mode: mode } as unknown as ValuationParams;
      expectSame(sumsOf(q, d, true), arraysOf(q, d, true));
    }
  });

  test('equals it exactly (or gives the same error) for random valid inputs from the catalogue ranges', () => {
    const rec: Record<string, fc.Arbitrary<number | string>> = {};
    for (const s of CATALOGUE) {
      if (s.kind === 'choice') rec[s.name] = fc.constantFrom(...s.choices!);
      else if (s.integer || s.kind === 'date') rec[s.name] = fc.integer({ min: Math.ceil(s.min!), max: Math.floor(s.max!) });
      else rec[s.name] = fc.double({ min: s.min!, max: s.max!, noNaN: true, noDefaultInfinity: true });
    }
    fc.assert(
      fc.property(fc.record(rec), fc.integer({ min: -60, max: 60 }), (inputs, start) => {
        const p = inputs as Inputs as unknown as ValuationParams;
        expectSame(sumsOf(p, one(p), true), arraysOf(p, one(p), true));
        expectSame(sumsOf(p, [{ month: start, share: 1 }], true), arraysOf(p, [{ month: start, share: 1 }], true));
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });

  test('MiningMonths.discountedFlows: each month the array path\'s mining flow times its discount factor, exactly', () => {
    const check = (p: ValuationParams, months: number): void => {
      const path = miningPath(p, months);
      const k = 1 / (1 + monthlyFromAnnualRate(p.mining_discount_rate));
      const out = new Float64Array(months);
      miningDiscountedFlows(p, months, out);
      let d = 1;
      for (let m = 0; m < months; m++) if (!Object.is(out[m], path.miningFlow[m] * (d *= k))) throw new Error(`month ${m}: ${out[m]} against ${path.miningFlow[m] * d}`);
    };
    for (const t of ['', ...store.tickers()]) check(store.base(t) as unknown as ValuationParams, 360);
    const special: Record<string, number>[] = [{ btc_price: 5000 }, { valuation_date: 40000 }, { hashrate_growth_yr: 0 }, { asic_price_w: 0 }, { btc_price: 1e6 }];
    for (const c of special) check({ ...defaultInputs(), ...c } as unknown as ValuationParams, 600);
  });

  test("MINER_AI_YIELD's irr, npv, payback_years, terminal_value, residual_value, valuation_years and sign_changes: the same numbers with and without the arrays", () => {
    const metrics = ['irr', 'npv', 'payback_years', 'terminal_value', 'residual_value', 'valuation_years', 'sign_changes'];
    const yieldModel = MODELS.MINER_AI_YIELD;
    for (const t of ['', ...store.tickers()]) {
      for (const name of metrics) {
        const metric = yieldModel.metrics.find((m) => m.name === name)!;
        const fast = new Context(store.base(t) as Inputs); // no arrays: aiValuationPass
        const slow = new Context(store.base(t) as Inputs);
        expect(isEngineError(slow.valuation)).toBe(false); // the arrays first: the metric reads them
        const a = metric.compute(fast);
        const b = metric.compute(slow);
        expect(Object.is(a, b) || (isEngineError(a) && isEngineError(b) && a.message === b.message)).toBe(true);
      }
    }
  });
});
