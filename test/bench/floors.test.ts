/**
 * The bench's floors (bench/floors.ts) compute the same numbers as the functions they
 * are timed against: every value of every case, for a few runs' inputs. A change of
 * formula in the engine that is not made in its floor fails here, so the bench never
 * silently times a floor that computes something else. (No timing here: speed lives
 * in `npm run bench`.)
 */
import * as fc from 'fast-check';
import { SHEET_METRICS, benchCases, companyPackOf, firstDifference, sheetFloor } from '../../bench/cases';
import * as cf from '../../bench/companyFloor';
import * as floors from '../../bench/floors';
import { CATALOGUE, Inputs } from '../../src/engine/catalogue';
import * as F from '../../src/functions/functions';
import { store } from '../../src/presets/bundled';

describe('every bench case: floor = function, value by value', () => {
  // the cases with 10×10 grids and 1 000 paths (the bench's own run checks its full size every time)
  const cases = benchCases('test');
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_, c) => {
    for (const rep of c.id === 'investor_workbook' ? [0] : [0, 1, 2]) expect(firstDifference(c, rep)).toBeUndefined(); // the workbook does not vary by run
  });
  test('the cases the issue asks for are there, each with a target', () => {
    const ids = cases.map((c) => c.id);
    for (const id of ['single_call', 'npv_delta', 'sensitivity_npv_delta', 'sensitivity_irr', 'lease_win_prob', 'investor_workbook', 'company', 'company_sheet', 'comps']) expect(ids).toContain(id);
    for (const c of cases) if (c.id !== 'single_call_overrides') expect(c.target.text).not.toBe('—');
  });
});

describe('floors on random inputs (fast-check): the same numbers as the functions', () => {
  // every numeric catalogue input drawn within a plausible band around the market default, both AI modes
  const spread: Record<string, [number, number]> = {
    btc_price: [30_000, 300_000],
    network_hashrate_eh: [500, 3000],
    power_price_mwh: [10, 120],
    efficiency_j_th: [10, 35],
    lease_rate_kw_month: [60, 300],
    pue: [1.05, 1.6],
    ai_capex_mw_it: [5e6, 2e7],
    discount_rate: [0.04, 0.2],
    hashrate_growth_yr: [-0.2, 0.6],
    btc_price_growth_yr: [-0.3, 0.6],
    lease_escalator: [0, 0.05],
    build_months: [0, 36],
    horizon_years: [1, 30],
    gpu_hour_rate: [1, 5],
    gpu_life_years: [2, 8],
    valuation_date: [44000, 52000], // 2020–2042: before and after the last recorded halving
    lease_term_years: [1, 20],
    post_term_years: [0, 20],
    exit_cap_rate: [0.05, 0.15],
    renewal_probability: [0, 1],
    downtime_months: [0, 24],
    residual_spread: [0, 0.05],
    market_rent_growth_yr: [-0.05, 0.05],
    gpu_rate_decay_yr: [0, 0.5],
    gpu_residual: [0, 0.3],
    prepayment_share: [0, 0.3],
    ai_opex_escalator: [0, 0.05],
    mining_discount_rate: [0.05, 0.3],
    frontier_j_th: [8, 20],
    efficiency_gain_yr: [0, 0.3],
    power_pass_through: [0, 1],
  };
  const arb = fc.record({
    mode: fc.constantFrom('colo', 'cloud'),
    method: fc.constantFrom('renewal', 'cap_rate', 'none'),
    values: fc.record(Object.fromEntries(Object.entries(spread).map(([k, [lo, hi]]) => [k, CATALOGUE.find((s) => s.name === k)!.integer || k === 'valuation_date' ? fc.integer({ min: lo, max: hi }) : fc.double({ min: lo, max: hi, noNaN: true })]))),
  });
  const scratch = new Float64Array(3 * 360);
  const call = (fn: (t: string, m: string, o: never) => unknown[][], metric: string, p: Record<string, number | string>): number => {
    try {
      const v = fn('', metric, [Object.entries(p)] as never)[0][0];
      return typeof v === 'number' ? v : NaN;
    } catch {
      return NaN;
    }
  };
  const same = (a: number, b: number, tol: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= tol * Math.max(1, Math.abs(a));

  test('delta, npv_delta, yield, npv, payback_years, irr', () => {
    fc.assert(
      fc.property(arb, ({ mode, method, values }) => {
        const overrides = { ...values, ai_mode: mode, terminal_method: method };
        const p = floors.packInputs(store.resolve('', new Map(Object.entries(overrides))) as Inputs); // derived defaults as the functions resolve them
        expect(same(call(F.hashVsLease, 'delta', overrides), floors.deltaFloor(p), 1e-12)).toBe(true);
        expect(same(call(F.hashVsLease, 'npv_delta', overrides), floors.npvDeltaFloor(p), 1e-9)).toBe(true);
        expect(same(call(F.minerAiYield, 'yield', overrides), floors.yieldFloor(p), 1e-12)).toBe(true);
        expect(same(call(F.minerAiYield, 'npv', overrides), floors.aiNpvFloor(p), 1e-9)).toBe(true);
        expect(same(call(F.minerAiYield, 'payback_years', overrides), floors.aiPaybackFloor(p, scratch), 1e-12)).toBe(true);
        const n = floors.aiFlowsFloor(p, scratch);
        let changes = 0;
        for (let i = 1, last = Math.sign(scratch[0]); i < n; i++) {
          const s = Math.sign(scratch[i]);
          if (s !== 0 && last !== 0 && s !== last) changes++;
          if (s !== 0) last = s;
        }
        // several sign changes (a prepayment before the build): the floor takes Excel's Newton steps from the guess; where they fail it has no answer to compare
        const irr = floors.aiIrrFloor(p, scratch);
        if (changes <= 1 || !Number.isNaN(irr)) expect(same(call(F.minerAiYield, 'irr', overrides), irr, 1e-12)).toBe(true);
      }),
      { seed: 1402, numRuns: 300 },
    );
  });
});

describe('the company floor (bench/companyFloor.ts) = COMPANY, for every company', () => {
  // the floor is a second copy of the sum of the parts, written from docs/company.md: a formula changed in the engine and not in the floor fails here
  const tickers = store.tickers();
  /** NaN where the function gives an Excel error (as the floor does). */
  const cell = (t: string, metric: string, overrides: unknown): number => {
    try {
      const v = (F.company(t, metric, overrides as never) as unknown[][])[0][0];
      return typeof v === 'number' ? v : NaN;
    } catch {
      return NaN;
    }
  };
  const same = (a: number, b: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  test('the 12 companies are there', () => expect(tickers.length).toBe(12));
  test.each([
    ['the presets as they are', null],
    ['tax_rate 0.3', 0.3],
    ['tax_rate 0', 0],
  ] as const)('every sheet metric, %s', (_, tax) => {
    for (const t of tickers) {
      const pack = companyPackOf(t); // packed without overrides
      if (tax !== null) cf.setInput(pack, floors.I.tax_rate, tax);
      const overrides = tax === null ? null : [[['tax_rate', tax]]];
      const floor = sheetFloor(pack);
      SHEET_METRICS.forEach((metric, i) => {
        const engine = cell(t, metric, overrides);
        expect([t, metric, same(engine, floor[i])]).toEqual([t, metric, true]);
      });
      expect([t, Number.isFinite(floor[0])]).toEqual([t, true]); // every preset has a value per share, so the check compares numbers
    }
  });
});
