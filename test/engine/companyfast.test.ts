/**
 * The company model's fast paths are the same numbers as the plain paths they
 * replace:
 * - valuePieceSums (the AI side as runs of months, then one after-tax pass a tax
 *   year at a time, no arrays allocated) as valuePiece (valueAi's arrays,
 *   remainingCapex, aiDepreciation, taxByYear, the discounting), to 1e-12
 *   relative (`close`): after a contract the runs keep the market rent's part of
 *   revenue and EBITDA apart (Σ share × occupancy, then × the market rent, where
 *   the plain path adds share × rent × occupancy delivery by delivery among the
 *   other terms), so the order of the additions changed and the last bits may;
 * - aiRunsInto, month by month, as aiFlows (AiMonths.step), to 1e-12 as well,
 *   for the same reason;
 * - MiningMonths.flowsInto (mining's loop over local variables) as step()'s
 *   fleet.flow and fleet.ebitda, to the last bit (Object.is: the sign of a zero
 *   too), at a BTC price given apart from the inputs as on a copy of them with
 *   that price;
 * - the company's tranche values and standard lease as valuePiece on the inputs
 *   the plain path built (rates on a copy of the inputs), to 1e-12.
 */
import fc from 'fast-check';
import { CATALOGUE, defaultInputs } from '../../src/engine/catalogue';
import { CompanyModel, PieceParams, PieceSums, TrancheInput, standardLeaseNpvPerMw, valuePiece, valuePieceSums } from '../../src/engine/company';
import { MiningMonths } from '../../src/engine/cashflows';
import { isEngineError } from '../../src/engine/errors';
import { Delivery } from '../../src/engine/lease';
import {
  AiRuns,
  LeaseRates,
  RUN_CAPEX,
  RUN_CONTRACT_EBITDA,
  RUN_EBITDA,
  RUN_GPU_RESIDUAL,
  RUN_PREPAYMENT,
  RUN_RELEASING_CAPEX,
  RUN_REVENUE,
  ValuationParams,
  aiFlows,
  aiRunsInto,
  leaseRatesOf,
  singleDelivery,
} from '../../src/engine/valuation';
import { store } from '../../src/presets/bundled';
import { companyInput } from '../../src/presets/companyInputs';

const same = (a: number, b: number): boolean => Object.is(a, b);
/**
 * a and b agree to 1e-12 of `scale` (at least their own size): the rounding of
 * sums taken in another order. Where the terms cancel (EBITDA near 0, a value
 * near 0) the scale is the size of the terms, not of their sum; below 1e-300
 * (subnormal inputs the property draws) the numbers count as equal.
 */
function close(a: number, b: number, scale = 0): boolean {
  if (Object.is(a, b)) return true;
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b), Math.abs(scale)) || Math.abs(a - b) < 1e-300;
}

/** valuePiece on a copy of p carrying the rates: the plain path the fast one replaces. */
function plain(p: PieceParams, d: readonly Delivery[], paid: number | undefined, r: LeaseRates): PieceSums | string {
  const q: PieceParams = { ...p, credit_spread: r.creditSpread, lease_rate_kw_month: r.leaseRateKwMonth, renewal_rate_kw_month: r.renewalRateKwMonth };
  const v = valuePiece(q, d, paid);
  if (isEngineError(v)) return v.message;
  let ebitda12 = 0;
  for (let m = 0; m < 12 && m < v.flows.months; m++) ebitda12 += v.flows.ebitda[m];
  return { pvContract: v.pvContract, pvResidual: v.pvResidual, pvHorizon: v.pvHorizon, ebitda12 };
}
function fast(p: PieceParams, d: readonly Delivery[], paid: number | undefined, r: LeaseRates): PieceSums | string {
  const v = valuePieceSums(p, d, paid, r);
  return isEngineError(v) ? v.message : v;
}
function expectSamePiece(a: PieceSums | string, b: PieceSums | string, what: string): void {
  if (typeof a === 'string' || typeof b === 'string') {
    expect([what, a]).toEqual([what, b]);
    return;
  }
  // the scale: the largest of the four sums (pvResidual can be a small difference of the contract's and the horizon's sizes)
  const scale = Math.max(Math.abs(b.pvContract), Math.abs(b.pvResidual), Math.abs(b.pvHorizon), Math.abs(b.ebitda12));
  for (const k of ['pvContract', 'pvResidual', 'pvHorizon', 'ebitda12'] as const) if (!close(a[k], b[k], scale)) throw new Error(`${what}: ${k} ${a[k]} against ${b[k]}`);
}

/** Every catalogue input drawn from its range (choices among the catalogue's). */
function arbInputs(): fc.Arbitrary<Record<string, number | string>> {
  const rec: Record<string, fc.Arbitrary<number | string>> = {};
  for (const s of CATALOGUE) {
    if (s.kind === 'choice') rec[s.name] = fc.constantFrom(...s.choices!);
    else if (s.integer || s.kind === 'date') rec[s.name] = fc.integer({ min: Math.ceil(s.min!), max: Math.floor(s.max!) });
    else rec[s.name] = fc.double({ min: s.min!, max: s.max!, noNaN: true, noDefaultInfinity: true });
  }
  return fc.record(rec);
}
/** Schedules of 1–5 deliveries from 3 years before the valuation date to 5 after, shares summing to 1. */
const arbSchedule = fc
  .array(fc.record({ month: fc.integer({ min: -36, max: 60 }), weight: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 5 })
  .map((ds): Delivery[] => {
    const total = ds.reduce((s, d) => s + d.weight, 0);
    return ds.map((d) => ({ month: d.month, share: d.weight / total }));
  });
const arbPaid = fc.oneof(fc.constant(undefined), fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true }));

describe('valuePieceSums = valuePiece, to 1e-12', () => {
  test("every preset's tranches and standard lease, at their own rates, the market rent ±1 % and the development spread", () => {
    let pieces = 0;
    for (const t of store.tickers()) {
      const input = companyInput(store, t, null);
      if (isEngineError(input)) throw new Error(input.message);
      for (const tr of input.tranches) {
        const p = tr.params;
        for (const f of [1, 1.01, 0.99]) {
          const r = { ...leaseRatesOf(p), renewalRateKwMonth: f === 1 ? p.renewal_rate_kw_month : p.renewal_rate_kw_month * f };
          expectSamePiece(fast(p, tr.deliveries, tr.capexPaidShare, r), plain(p, tr.deliveries, tr.capexPaidShare, r), `${t} ${tr.name} ×${f}`);
          pieces++;
        }
      }
      const s = input.standard;
      const r = { creditSpread: s.credit_spread + input.company.development_spread, leaseRateKwMonth: s.lease_rate_kw_month, renewalRateKwMonth: s.renewal_rate_kw_month };
      expectSamePiece(fast(s, singleDelivery(s.build_months), undefined, r), plain(s, singleDelivery(s.build_months), undefined, r), `${t} standard`);
    }
    expect(pieces).toBeGreaterThanOrEqual(3 * 15); // the presets' books: 20 tranches when written
  });

  test('special cases: each terminal method, cloud with decaying and idle GPUs, no build months with a prepayment, capex paid in full, none or partly, schedules before the valuation date', () => {
    const cases: Record<string, number | string>[] = [
      {},
      { terminal_method: 'none' },
      { terminal_method: 'none', horizon_years: 3 },
      { terminal_method: 'cap_rate' },
      { terminal_method: 'cap_rate', ai_mode: 'cloud' },
      { ai_mode: 'cloud', gpu_life_years: 1.5, build_months: 0, prepayment_share: 0.3 },
      { ai_mode: 'cloud', lease_term_years: 2, gpu_rate_decay_yr: 0.9 },
      { build_months: 0, prepayment_share: 0.5 },
      { downtime_months: 0, renewal_probability: 0 },
      { tax_rate: 0, maintenance_pct: 0.05 },
    ];
    const schedules: Delivery[][] = [
      [{ month: -30, share: 1 }],
      [{ month: 0, share: 1 }],
      [{ month: 48, share: 1 }],
      [{ month: -30, share: 0.3 }, { month: 6, share: 0.3 }, { month: 18, share: 0.4 }],
      [{ month: 5, share: 0.5 }, { month: 5, share: 0.5 }],
    ];
    for (const c of cases) {
      const p = { ...defaultInputs(), ...c } as unknown as PieceParams;
      for (const d of schedules) for (const paid of [undefined, 0, 0.4, 1]) expectSamePiece(fast(p, d, paid, leaseRatesOf(p)), plain(p, d, paid, leaseRatesOf(p)), JSON.stringify({ c, d, paid }));
    }
  });

  test('random valid inputs, schedules, capex paid and rates (or the same error)', () => {
    fc.assert(
      fc.property(arbInputs(), arbSchedule, arbPaid, fc.double({ min: 0, max: 0.05, noNaN: true }), fc.double({ min: 0.9, max: 1.1, noNaN: true }), (inputs, d, paid, spread, factor) => {
        const p = inputs as unknown as PieceParams;
        const r: LeaseRates = { creditSpread: p.credit_spread + spread, leaseRateKwMonth: p.lease_rate_kw_month * factor, renewalRateKwMonth: p.renewal_rate_kw_month * factor };
        expectSamePiece(fast(p, d, paid, r), plain(p, d, paid, r), JSON.stringify({ d, paid, spread, factor }));
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});

describe('aiRunsInto = aiFlows month by month, to 1e-12', () => {
  test('random valid inputs and schedules: every figure of every month', () => {
    const runs = new AiRuns();
    const figures: [number, keyof ReturnType<typeof aiFlows>][] = [
      [RUN_REVENUE, 'revenue'],
      [RUN_EBITDA, 'ebitda'],
      [RUN_CONTRACT_EBITDA, 'contractEbitda'],
      [RUN_PREPAYMENT, 'prepayment'],
      [RUN_CAPEX, 'capex'],
      [RUN_RELEASING_CAPEX, 'releasingCapex'],
      [RUN_GPU_RESIDUAL, 'gpuResidual'],
    ];
    fc.assert(
      fc.property(arbInputs(), arbSchedule, fc.integer({ min: 1, max: 600 }), (inputs, d, months) => {
        const p = inputs as unknown as ValuationParams;
        const f = aiFlows(p, d, months);
        aiRunsInto(p, d, months, leaseRatesOf(p), runs);
        expect(runs.start[0]).toBe(0);
        expect(runs.start[runs.count]).toBe(months);
        for (let m = 0; m < months; m++) {
          // the month's scale: its revenue and its costs (EBITDA is their difference)
          const scale = Math.abs(f.revenue[m]) + Math.abs(f.revenue[m] - f.ebitda[m]);
          for (const [i, k] of figures) {
            const a = runs.at(i, m);
            const b = (f[k] as Float64Array)[m];
            if (!close(a, b, scale)) throw new Error(`month ${m} ${k}: ${a} against ${b}`);
          }
        }
      }),
      { seed: 20261202, numRuns: 150 },
    );
  });
});

describe('aiRunsInto keeps the months after a contract in runs', () => {
  test('a colo lease on the renewal path: a run per lease year and phase, not per month (the market rent moves inside a run)', () => {
    const p = { ...defaultInputs(), ai_mode: 'colo', terminal_method: 'renewal', market_rent_growth_yr: 0.03 } as unknown as ValuationParams;
    const d = singleDelivery(p.build_months);
    const months = 480;
    const runs = new AiRuns();
    aiRunsInto(p, d, months, leaseRatesOf(p), runs);
    // the build (its first month, the rest), then each lease year, cut again where the contract, the downtime and the re-letting capex end
    expect(runs.count).toBeLessThanOrEqual(months / 12 + 8);
    // and a run after the contract moves with the market rent, as step() does
    const f = aiFlows(p, d, months);
    const m = months - 2;
    expect(Math.abs(runs.at(RUN_REVENUE, m) - f.revenue[m])).toBeLessThanOrEqual(1e-12 * f.revenue[m]);
    expect(f.revenue[m]).not.toBe(f.revenue[m - 1]);
  });
});

describe('MiningMonths.flowsInto = step() month by month, to the last bit', () => {
  test('random valid inputs, the BTC price given apart or on a copy', () => {
    fc.assert(
      fc.property(arbInputs(), fc.integer({ min: 1, max: 600 }), fc.double({ min: 0.5, max: 2, noNaN: true }), (inputs, months, f) => {
        const p = inputs as unknown as ValuationParams;
        const btc = p.btc_price * f;
        const stepped = new MiningMonths({ ...p, btc_price: btc });
        const flow = new Float64Array(months);
        const ebitda = new Float64Array(months);
        new MiningMonths(p, btc).flowsInto(months, flow, ebitda);
        for (let m = 0; m < months; m++) {
          stepped.step(m);
          if (!same(flow[m], stepped.fleet.flow) || !same(ebitda[m], stepped.fleet.ebitda)) throw new Error(`month ${m}: ${flow[m]}, ${ebitda[m]} against ${stepped.fleet.flow}, ${stepped.fleet.ebitda}`);
        }
      }),
      { seed: 20261203, numRuns: 200 },
    );
  });
});

describe("the company's parts are valuePiece's numbers, to 1e-12", () => {
  test("every preset: each tranche's value and residual, the standard lease's NPV, at the base and with the market rent ±1 % (ai_rate_beta)", () => {
    for (const t of store.tickers()) {
      const input = companyInput(store, t, null);
      if (isEngineError(input)) throw new Error(input.message);
      const model = new CompanyModel(input);
      for (const f of [1, 1.01, 0.99]) {
        const v = model.value(1, f);
        if (isEngineError(v)) throw new Error(v.message);
        input.tranches.forEach((tr: TrancheInput, i: number) => {
          const q = f === 1 ? tr.params : { ...tr.params, renewal_rate_kw_month: tr.params.renewal_rate_kw_month * f };
          const pv = valuePiece(q, tr.deliveries, tr.capexPaidShare);
          if (isEngineError(pv)) throw new Error(pv.message);
          const scale = tr.grossMw * tr.ownership;
          const value = (pv.pvContract + pv.pvResidual + pv.pvHorizon) * scale;
          expect([v.tranches[i].value, close(v.tranches[i].value, value)]).toEqual([v.tranches[i].value, true]);
          expect(close(v.tranches[i].residual, (pv.pvResidual + pv.pvHorizon) * scale, value)).toBe(true);
          // RAMP's monthly flows: valueAi's, worked out when read
          expect(Array.from(v.tranches[i].flows.ebitda)).toEqual(Array.from(pv.flows.ebitda));
        });
        const s = input.standard;
        const spread = input.company.development_spread;
        const q: PieceParams = { ...s, credit_spread: s.credit_spread + spread, lease_rate_kw_month: s.lease_rate_kw_month * f, renewal_rate_kw_month: s.renewal_rate_kw_month * f };
        const sv = valuePiece(q, singleDelivery(q.build_months));
        if (isEngineError(sv)) throw new Error(sv.message);
        expect(close(v.standardNpvPerMw, sv.pvContract + sv.pvResidual + sv.pvHorizon)).toBe(true);
        expect(same(standardLeaseNpvPerMw(s, spread, f) as number, v.standardNpvPerMw)).toBe(true);
      }
    }
  });
});
