/**
 * Excel-compatible finance: NPV and IRR against @formulajs/formulajs (an
 * Excel-compatible implementation), the model's own monthly cash flows, the IRR
 * fallback where Newton from 0.1 diverges, and payback.
 */
import * as fj from '@formulajs/formulajs';
import { HyperFormula } from 'hyperformula';
import { isEngineError } from '../../src/engine/errors';
import { annualFromMonthlyRate, annuityFactor, capitalRecoveryFactor, irrExcel, monthlyFromAnnualRate, npvExcel, paybackPeriods, powRemembered, signChanges } from '../../src/engine/finance';
import fc from 'fast-check';
import * as F from '../../src/functions/functions';
import { newton20 } from '../support/newton';
import { store } from '../../src/presets/bundled';

function ov(...pairs: (string | number)[]): (string | number)[][][] {
  return pairs.map((x) => [[x]]);
}
function num(x: unknown): number {
  if (typeof x !== 'number') throw new Error(`expected a number, got ${JSON.stringify(x)}`);
  return x;
}
function monthlyColumn(r: unknown[][]): number[] {
  return r.map((row) => {
    expect(row).toHaveLength(1);
    return num(row[0]);
  });
}

/** Flow sets with one sign change (one IRR), from textbook and Excel help examples to model-like monthly flows. */
const FLOW_SETS: Record<string, number[]> = {
  // Excel's IRR help: -70 000, 12 000, 15 000, 18 000, 21 000, 26 000 → 8.7 % (Microsoft Support, IRR function)
  excelHelp5y: [-70000, 12000, 15000, 18000, 21000, 26000],
  // the same help page: first four years → −2.1 %
  excelHelp4y: [-70000, 12000, 15000, 18000, 21000],
  bond: [-1000, 50, 50, 50, 50, 1050],
  quickPayback: [-100, 60, 60, 60],
  lossMaking: [-1000, 100, 100, 100, 100],
  monthlyLease: [-8e6, ...new Array<number>(119).fill(110_000)],
};

describe('NPV matches Excel (formulajs NPV)', () => {
  test.each(Object.entries(FLOW_SETS))('%s at 0 %, 1 %, 10 %, 35 %', (_, flows) => {
    for (const rate of [0, 0.01, 0.1, 0.35]) {
      const expected = num(fj.NPV(rate, ...flows));
      expect(npvExcel(rate, flows)).toBeCloseTo(expected, 6);
    }
  });
  test('NPV discounts the first value one period (Excel, not numpy)', () => {
    expect(npvExcel(0.1, [110])).toBeCloseTo(100, 12);
  });
  test('monthly and annual rates are equivalent: (1 + r_m)^12 = 1 + r_a', () => {
    expect(annualFromMonthlyRate(monthlyFromAnnualRate(0.1))).toBeCloseTo(0.1, 14);
    expect(monthlyFromAnnualRate(0.1)).toBeCloseTo(0.00797414, 8);
  });
});

describe('IRR matches Excel (formulajs IRR)', () => {
  test('Excel help example: 8.7 % and −2.1 %', () => {
    expect(num(irrExcel(FLOW_SETS.excelHelp5y))).toBeCloseTo(0.0866, 4);
    expect(num(irrExcel(FLOW_SETS.excelHelp4y))).toBeCloseTo(-0.0212, 4);
  });
  test.each(Object.entries(FLOW_SETS))('%s', (_, flows) => {
    const expected = num(fj.IRR(flows));
    const r = num(irrExcel(flows));
    expect(r).toBeCloseTo(expected, 8);
    expect(Math.abs(npvExcel(r, flows))).toBeLessThan(1e-6 * Math.max(...flows.map(Math.abs))); // a root
  });
  test('#NUM! without a sign change (all positive, all negative, all zero), as Excel', () => {
    for (const flows of [[100, 200, 300], [-100, -200], [0, 0, 0], []]) {
      const r = irrExcel(flows);
      expect(isEngineError(r) && r.code).toBe('#NUM!');
      expect(fj.IRR(flows)).toBeInstanceOf(Error); // formulajs also refuses
    }
  });
});

describe("IRR of the model's own monthly cash flows", () => {
  // MINER_AI_YIELD("", "cash_flows", …) returns the AI project's monthly flows as a column;
  // Excel's IRR of that column, annualised (1 + r)^12 − 1, is MINER_AI_YIELD(…, "irr").
  // These overrides give the turn-1 flows: 10 years, no terminal value, 3 % escalator, flat opex,
  // one discount rate (discount_rate, which both sides take when it is set).
  const o = ov('lease_rate_kw_month', 150, 'terminal_method', 'none', 'lease_escalator', 0.03, 'ai_opex_escalator', 0, 'discount_rate', 0.1);
  const flows = monthlyColumn(F.minerAiYield('', 'cash_flows', o));

  test('the column has horizon_years · 12 months: capex during the 12-month build, then rent', () => {
    expect(flows).toHaveLength(120);
    for (let m = 0; m < 12; m++) expect(flows[m]).toBeCloseTo(-8e6 / 12, 6); // worked colo capex 8 M, spent evenly
    expect(flows[12]).toBeCloseTo(1_360_000 / 12, 6); // stabilised EBITDA / 12
    expect(flows[24]).toBeCloseTo((1_440_000 * 1.03 - 80_000) / 12, 6); // rent escalates 3 % after a year
  });
  test('MINER_AI_YIELD("", "irr", "lease_rate_kw_month", 150) = (1 + Excel IRR(cash_flows))^12 − 1 (12.14 %, docs/engine.md)', () => {
    const excelMonthly = num(fj.IRR(flows));
    const irr = num(F.minerAiYield('', 'irr', o)[0][0]);
    expect(irr).toBeCloseTo(Math.pow(1 + excelMonthly, 12) - 1, 8);
    expect(irr).toBeCloseTo(0.1214, 4);
  });
  test('NPV metric = NPV(monthly discount rate, cash_flows) for convert_mw', () => {
    const npv = num(F.minerAiYield('', 'npv', o)[0][0]);
    expect(npv).toBeCloseTo(num(fj.NPV(monthlyFromAnnualRate(0.1), ...flows)), 4);
    const npv10 = num(F.minerAiYield('', 'npv', [...o, [['convert_mw']], [[10]]])[0][0]);
    expect(npv10).toBeCloseTo(10 * npv, 3);
  });
  test('with the default terminal value the IRR is still Excel IRR(cash_flows, 0.01): the terminal value sits in the last month', () => {
    const dflt = ov('lease_rate_kw_month', 150);
    const col = monthlyColumn(F.minerAiYield('', 'cash_flows', dflt));
    expect(col).toHaveLength(12 + 120 + 120); // build + lease + post_term_years
    const irr = num(F.minerAiYield('', 'irr', dflt)[0][0]);
    expect(irr).toBeCloseTo(Math.pow(1 + num(fj.IRR(col, 0.01)), 12) - 1, 8);
  });
  test('payback_years: the month cumulative cash turns non-negative for good, / 12', () => {
    const payback = num(F.minerAiYield('', 'payback_years', o)[0][0]);
    let cum = 0;
    let month = NaN;
    for (let i = 0; i < flows.length; i++) {
      const before = cum;
      cum += flows[i];
      if (cum < 0) month = NaN;
      else if (before < 0) month = i + -before / flows[i];
    }
    expect(payback).toBeCloseTo(month / 12, 10);
    expect(payback).toBeGreaterThan(1 + 5); // 12-month build + ~5.9 years of rent
  });
  test('a lease that never pays back gives #NUM! for irr and payback_years, never NaN', () => {
    const low = ov('lease_rate_kw_month', 5, 'terminal_method', 'none'); // no re-letting at market rent to rescue it
    for (const metric of ['irr', 'payback_years']) {
      let code = '';
      try {
        F.minerAiYield('', metric, low);
      } catch (e) {
        code = (e as { code: string }).code;
      }
      expect(code).toBe('#NUM!');
    }
  });
});

describe('IRR fallback where Newton from 0.1 diverges (a documented difference from Excel)', () => {
  // A 12-month build: twelve months of −666 667 then 108 months of ~113 000. Newton's method from
  // the default guess 0.1 per month overshoots to ever higher rates (the NPV there is just the first
  // flow) and leaves the domain within 20 steps. Excel's exact algorithm is unpublished; the engine
  // then searches brackets for a sign change and bisects, returning the root nearest the guess.
  const flows = monthlyColumn(F.minerAiYield('', 'cash_flows', ov('lease_rate_kw_month', 150, 'terminal_method', 'none', 'lease_escalator', 0.03, 'ai_opex_escalator', 0)));


  test('plain 20-step Newton from 0.1 does not converge on this flow', () => {
    expect(newton20(flows, 0.1)).toBeNaN();
  });
  test('irrExcel still returns the root, equal to formulajs IRR and to Newton from a nearby guess', () => {
    const r = num(irrExcel(flows));
    expect(Math.abs(npvExcel(r, flows))).toBeLessThan(1e-3);
    expect(r).toBeCloseTo(num(fj.IRR(flows)), 9);
    expect(r).toBeCloseTo(newton20(flows, 0.01), 9);
  });
  // HyperFormula (dev-only, GPL) implements IRR as Excel documents it: Newton from the guess,
  // #NUM! when it does not converge. It shows the difference: #NUM! from 0.1, the engine's root from 0.01.
  test('HyperFormula IRR: #NUM! with the default guess, the engine\'s root with guess 0.01', () => {
    const hf = HyperFormula.buildFromArray(flows.map((v) => [v]), { licenseKey: 'gpl-v3' });
    const sheet = 0;
    hf.setCellContents({ sheet, row: 0, col: 2 }, [['=IRR(A1:A120)'], ['=IRR(A1:A120, 0.01)']]);
    const dflt = hf.getCellValue({ sheet, row: 0, col: 2 }) as { value?: string };
    const near = hf.getCellValue({ sheet, row: 1, col: 2 });
    hf.destroy();
    expect(dflt.value).toBe('#NUM!');
    expect(near as number).toBeCloseTo(num(irrExcel(flows)), 9);
  });
  test('with a guess near the root Newton converges and the answer is the same', () => {
    expect(num(irrExcel(flows, 0.01))).toBeCloseTo(num(irrExcel(flows)), 9);
  });
  test('flows with a sign change but no real root in the probed range are #NUM!, not a guess', () => {
    // −1 then +1 then −1: Σ v/(1+r)^t = −1 + x − x² < 0 for every x = 1/(1+r): no IRR exists
    const r = irrExcel([-1, 1, -1]);
    expect(isEngineError(r) && r.code).toBe('#NUM!');
  });
});

describe('annuity and capital recovery factors, sign changes', () => {
  // 10 years at 9 %: (1 − 1.09^−10) / 0.09 = 6.41766 (annuity tables); CRF = 0.155820
  test('annuityFactor(0.09, 10) = 6.41766, capitalRecoveryFactor = 1 / that; n at r = 0', () => {
    expect(annuityFactor(0.09, 10)).toBeCloseTo(6.417658, 6);
    expect(capitalRecoveryFactor(0.09, 10)).toBeCloseTo(0.155820, 6);
    expect(annuityFactor(0, 7)).toBe(7);
    expect(capitalRecoveryFactor(0, 4)).toBe(0.25);
    // a CRF payment repays the capital: PMT(9 %, 10, −1) in Excel = 0.155820
    expect(capitalRecoveryFactor(0.09, 10)).toBeCloseTo(num(fj.PMT(0.09, 10, -1)), 10);
  });
  test('signChanges counts changes of sign, zeros skipped', () => {
    expect(signChanges([-1, -1, 2, 3])).toBe(1);
    expect(signChanges([1, -1, 0, -1, 2])).toBe(2);
    expect(signChanges([0, 0])).toBe(0);
  });
});

/**
 * Whether `periods` is the payback of `flows` by its rule: 0 when the cumulative is never
 * negative; otherwise the crossing period k (periods = k + a fraction in (0, 1]) has the
 * cumulative below zero just before it and never below zero from it on.
 */
function isPaybackOf(flows: readonly number[], periods: number): boolean {
  let c = 0;
  const cumulative = flows.map((f) => (c += f));
  if (periods === 0) return cumulative.every((x) => x >= 0);
  const k = Math.ceil(periods - 1e-9) - 1;
  return k >= 1 && cumulative[k - 1] < 0 && cumulative.slice(k).every((x) => x >= 0);
}

describe('payback periods', () => {
  // flow i falls during period i + 1: after two periods the cumulative is −40, and the third
  // period's 60 covers it two thirds of the way through → 2.667 periods
  test('interpolates inside the crossing period; 0 when never negative; NaN when never paid back', () => {
    expect(paybackPeriods([-100, 60, 60])).toBeCloseTo(2 + 40 / 60, 12);
    expect(paybackPeriods([10, 10])).toBe(0);
    expect(paybackPeriods([-100, 10, 10])).toBeNaN();
  });
  // a prepayment, then a build that spends it and more, then rent: the cumulative is
  // 100, 40, −20, 30, −170, 130; it is positive for good only from the last crossing
  test('the last crossing counts: a prepayment or an early month of rent before the build is spent is not a payback', () => {
    expect(paybackPeriods([100, -60, -60, 50, -200, 300])).toBeCloseTo(5 + 170 / 300, 12);
    expect(paybackPeriods([-10, 20, -30])).toBeNaN(); // paid back once, then ends below zero
    expect(paybackPeriods([100, -150, 100])).toBeCloseTo(2 + 50 / 100, 12);
  });
  test('every bundled tranche: from payback_years on, its cumulative cash_flows never fall below zero, and just before, they were below', () => {
    let checked = 0;
    for (const ticker of store.tickers()) {
      const book = F.contracts(ticker);
      const tranches = Array.isArray(book) && book.length > 1 ? book.slice(1).map((row) => String(row[0])) : [];
      for (const tranche of tranches) {
        const payback = F.minerAiYield(ticker, 'payback_years', ov('tranche', tranche))[0][0];
        if (typeof payback !== 'number') continue; // #NUM!: never pays back within its horizon
        const flows = monthlyColumn(F.minerAiYield(ticker, 'cash_flows', ov('tranche', tranche)));
        expect([ticker, tranche, isPaybackOf(flows, payback * 12)]).toEqual([ticker, tranche, true]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
  test('property: from the payback on the cumulative never falls below zero, and just before it, it was below', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 40 }), (flows) => {
        const p = paybackPeriods(flows);
        if (Number.isNaN(p)) return flows.length > 0 && flows.reduce((a, f) => a + f, 0) < 0;
        return isPaybackOf(flows, p);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('powRemembered', () => {
  test('is Math.pow to the last bit, whatever pairs came before (slots shared by colliding pairs, NaN, 0, negative bases)', () => {
    const base = fc.oneof(fc.double(), fc.constantFrom(1.05, 1.1, 0.97, 0, -0, -2, NaN, Infinity));
    const exponent = fc.oneof(fc.double(), fc.constantFrom(1 / 12, 0.5, 2, -1, 0));
    fc.assert(
      fc.property(fc.array(fc.tuple(base, exponent), { minLength: 1, maxLength: 200 }), (pairs) => {
        // each pair twice: once as a miss, again after others may have taken its slot
        for (const [b, e] of [...pairs, ...pairs]) expect(Object.is(powRemembered(b, e), Math.pow(b, e))).toBe(true);
      }),
      { seed: 20261127, numRuns: 200 },
    );
  });
});
