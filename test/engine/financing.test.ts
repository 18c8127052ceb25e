/**
 * The equity view (equity_irr, equity_npv, min_dscr): tax on EBITDA less
 * straight-line depreciation, never below zero in a year; project debt drawn
 * with the capex, interest capitalised during the build, level / bullet /
 * sculpted repayment. docs/valuation.md states the rules.
 */
import fc from 'fast-check';
import { Inputs, defaultInputs } from '../../src/engine/catalogue';
import { isEngineError } from '../../src/engine/errors';
import { annualFromMonthlyRate, irrExcel, monthlyFromAnnualRate } from '../../src/engine/finance';
import { EquityView } from '../../src/engine/financing';
import { Context, MODELS, MONTHLY_IRR_GUESS, findMetric } from '../../src/engine/models';
import { taxByYear } from '../../src/engine/tax';
import * as F from '../../src/functions/functions';
import { errorOf, ov } from '../support/excel';

const SEED = Number(process.env.BTCAI_FC_SEED ?? 20251130);
const base = defaultInputs();
const compute = (name: string, i: Inputs) => findMetric(MODELS.MINER_AI_YIELD, name)!.compute(new Context(i));
const equity = (i: Inputs): EquityView => {
  const e = new Context(i).equity;
  if (isEngineError(e)) throw new Error(e.message);
  return e;
};

describe('tax', () => {
  test('taxByYear: the rate on each 12-month year\'s income, never below zero, spread over its months', () => {
    const taxable = [...new Array(12).fill(-10), ...new Array(12).fill(20), 30, 30];
    const t = taxByYear(taxable, 0.25);
    expect(t[0]).toBe(0); // a loss-making year pays nothing and earns no credit
    expect(t[12]).toBeCloseTo((0.25 * 240) / 12, 12);
    expect(t[24]).toBeCloseTo((0.25 * 60) / 2, 12); // the last, short year
  });
  test('worked: colo with no build, flat rent, 10-year straight-line hall: year-1 tax = 21 % × (EBITDA − capex / 20)', () => {
    // 1 gross MW, pue 1.25: EBITDA 1 216 000 a year; hall 8 M over 20 years = 400 000 a year
    const i = { ...base, build_months: 0, lease_escalator: 0, ai_opex_escalator: 0, terminal_method: 'none', horizon_years: 2 } as Inputs;
    const e = equity(i);
    expect(e.depreciation[0]).toBeCloseTo(400_000 / 12, 6);
    expect(e.taxUnlevered[0]).toBeCloseTo((0.21 * (1_216_000 - 400_000)) / 12, 6);
    expect(e.maintenance[0]).toBeCloseTo((0.02 * 1_296_000) / 12, 6);
  });
  test('the build year pays no tax (no income yet); depreciation starts at rent start', () => {
    const e = equity(base);
    for (let m = 0; m < 12; m++) {
      expect(e.taxUnlevered[m]).toBe(0);
      expect(e.depreciation[m]).toBe(0);
    }
    expect(e.depreciation[12]).toBeCloseTo(8e6 / 240, 6);
  });
});

describe('equity_irr at debt_share 0 is the after-tax unlevered IRR', () => {
  test('property: equal to the last bit, for colo and cloud', () => {
    fc.assert(
      fc.property(
        fc.record({
          ai_mode: fc.constantFrom('colo', 'cloud'),
          lease_rate_kw_month: fc.double({ min: 80, max: 250, noNaN: true }),
          tax_rate: fc.double({ min: 0, max: 0.4, noNaN: true }),
          build_months: fc.integer({ min: 0, max: 24 }),
          maintenance_pct: fc.double({ min: 0, max: 0.05, noNaN: true }),
          prepayment_share: fc.double({ min: 0, max: 0.2, noNaN: true }),
        }),
        (o) => {
          const i = { ...base, ...o, debt_share: 0 } as Inputs;
          const e = equity(i);
          for (let m = 0; m < e.months; m++) expect(e.equityFlow[m]).toBe(e.unleveredAfterTax[m]);
          const r = irrExcel(e.unleveredAfterTax, MONTHLY_IRR_GUESS);
          const eq = compute('equity_irr', i);
          if (isEngineError(r)) expect(isEngineError(eq) && eq.code).toBe('#NUM!');
          else expect(eq).toBe(annualFromMonthlyRate(r));
        },
      ),
      { seed: SEED, numRuns: 80 },
    );
  });
  test('after tax the IRR is lower than the pre-tax project irr', () => {
    expect(compute('equity_irr', base) as number).toBeLessThan(compute('irr', base) as number);
    expect(compute('equity_irr', { ...base, tax_rate: 0, maintenance_pct: 0 })).toBeCloseTo(compute('irr', base) as number, 10);
  });
});

describe('project debt', () => {
  const levered = { ...base, debt_share: 0.6, debt_rate: 0.08, debt_term_years: 10 } as Inputs;
  test('drawn with the capex; interest capitalised during the build; a level loan repays it over its term', () => {
    const e = equity(levered);
    const i = monthlyFromAnnualRate(0.08);
    const draw = (0.6 * 8e6) / 12;
    for (let m = 0; m < 12; m++) {
      expect(e.debtDrawn[m]).toBeCloseTo(draw, 6);
      expect(e.debtService[m]).toBe(0); // nothing paid in cash while building
    }
    // balance at rent start: each month's draw plus interest on the balance before it (capitalised)
    let balance = 0;
    for (let m = 0; m < 12; m++) balance = balance * (1 + i) + draw;
    // an annuity of 120 monthly payments from the end of the first rent month
    const payment = (balance * i) / (1 - Math.pow(1 + i, -120));
    expect(e.debtService[12]).toBeCloseTo(payment, 4);
    expect(e.debtService[100]).toBeCloseTo(payment, 4);
    expect(e.debtService[131]).toBeCloseTo(payment, 2); // the last payment clears the loan
    expect(e.debtService[132]).toBe(0);
  });
  test('leverage at 8 % on a project earning more raises the equity IRR; min_dscr is CFADS / payment at its lowest', () => {
    expect(compute('equity_irr', levered) as number).toBeGreaterThan(compute('equity_irr', base) as number);
    const e = equity(levered);
    let lowest = Infinity;
    for (let m = 12; m < 132; m++) lowest = Math.min(lowest, e.cfads[m] / e.debtService[m]);
    expect(compute('min_dscr', levered)).toBeCloseTo(lowest, 10);
  });
  test('sculpted: debt service = CFADS / target_dscr, so min_dscr is the target', () => {
    const s = { ...levered, debt_amortization: 'sculpted', target_dscr: 1.4 } as Inputs;
    expect(compute('min_dscr', s)).toBeCloseTo(1.4, 9);
    const e = equity(s);
    expect(e.debtService[30]).toBeCloseTo(e.cfads[30] / 1.4, 6);
  });
  test('bullet: interest only, principal at the end of the term (excluded from DSCR, repaid in cash)', () => {
    const b = { ...levered, debt_amortization: 'bullet' } as Inputs;
    const e = equity(b);
    expect(e.debtService[50]).toBeCloseTo(e.scheduledService[50], 9);
    expect(e.debtService[131]).toBeGreaterThan(10 * e.scheduledService[131]);
  });
  test('what is owed at the horizon is repaid from the terminal value', () => {
    const long = { ...levered, debt_term_years: 40 } as Inputs;
    const e = equity(long);
    const last = e.months - 1;
    expect(e.debtService[last]).toBeGreaterThan(e.scheduledService[last] * 10);
  });
  test('equity_npv discounts the equity flows at cost_of_equity, for convert_mw', () => {
    const e = equity(levered);
    const k = 1 / (1 + monthlyFromAnnualRate(0.15));
    let pv = 0;
    for (let m = 0, d = 1; m < e.months; m++) pv += e.equityFlow[m] * (d *= k);
    expect(compute('equity_npv', { ...levered, convert_mw: 3 })).toBeCloseTo(3 * pv, 2);
  });
});

describe('metrics that do not exist are #NUM!', () => {
  test('min_dscr without debt', () => {
    const v = compute('min_dscr', base);
    expect(isEngineError(v) && v.code).toBe('#NUM!');
    expect(errorOf(() => F.minerAiYield('', 'min_dscr')).code).toBe('#NUM!');
  });
  test('equity_irr when the equity never puts cash in (the tenant funds the build)', () => {
    const v = compute('equity_irr', { ...base, tenant_capex_share: 1 });
    expect(isEngineError(v) && v.code).toBe('#NUM!');
    expect(isEngineError(v) && v.message).toContain('never puts cash in');
    expect(errorOf(() => F.minerAiYield('', 'equity_irr', ov({ tenant_capex_share: 1 }))).code).toBe('#NUM!');
  });
});
