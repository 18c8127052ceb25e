/**
 * The bounds that keep one formula from stalling Excel's recalculation: every
 * expensive argument has a cap answered with #VALUE! (naming the argument and
 * the limit) before any work is done, and the largest allowed call does work in
 * proportion to its caps. Proved by counting the work (test/support/work.ts), not
 * by timing it: how long the largest allowed calls take on this machine is a case
 * of `npm run bench` (cap_lease_win_prob, cap_sensitivity_irr), not a jest test.
 */
import { parseFormula } from '../../src/cli/formula';
import { FunctionHost, isError } from '../../src/cli/host';
import { MAX_OVERRIDE_CELLS, MAX_NAME_CHARS } from '../../src/functions/adapter';
import { MAX_GRID_CELLS } from '../../src/functions/scenarioFunctions';
import * as montecarlo from '../../src/engine/montecarlo';
import { MAX_PATHS } from '../../src/engine/montecarlo';
import { MAX_PROJECTION_MONTHS } from '../../src/engine/projection';
import { implementations, loadDistMetadata } from './excelArgs';
import { Work, countWork } from '../support/work';

const metadata = loadDistMetadata();
const host = new FunctionHost(metadata, implementations(metadata));

function evaluate(formula: string) {
  return host.evaluate(parseFormula(formula));
}

/** Runs `f` counting the engine work it starts. */
function counted<T>(f: () => T): { result: T; work: Work } {
  const meter = countWork();
  try {
    return { result: f(), work: { ...meter.work } };
  } finally {
    meter.stop();
  }
}
const NO_WORK: Work = { evaluations: 0, simulations: 0, paths: 0, projections: 0, projectedMonths: 0, aiPasses: 0, nameSearches: 0 };

/** Evaluates through the host and expects #VALUE! whose message names `words`, with no simulation, projection or model evaluation started. */
function expectCapped(formula: string, words: string[]) {
  const { result: o, work } = counted(() => evaluate(formula));
  expect(isError(o) ? o.error : o).toBe('#VALUE!');
  if (isError(o)) for (const w of words) expect(o.message).toContain(w);
  expect(work).toEqual(NO_WORK);
}

const row = (xs: number[]) => `{${xs.join(',')}}`;
const column = (xs: number[]) => `{${xs.join(';')}}`;
const seq = (n: number, from: number, step: number) => Array.from({ length: n }, (_, i) => from + i * step);

describe('caps answer #VALUE! before doing the work', () => {
  test(`LEASE_WIN_PROB and LEASE_NPV_PERCENTILES: paths above ${MAX_PATHS}, or not a whole positive number`, () => {
    expect(MAX_PATHS).toBeLessThanOrEqual(200_000);
    for (const f of ['LEASE_WIN_PROB', 'LEASE_NPV_PERCENTILES']) {
      expectCapped(`${f}("",30,0.5,${MAX_PATHS + 1},1)`, ['paths', String(MAX_PATHS)]);
      expectCapped(`${f}("",30,0.5,1e308,1)`, ['paths']);
      expectCapped(`${f}("",30,0.5,0,1)`, ['paths']);
      expectCapped(`${f}("",30,0.5,2.5,1)`, ['paths', 'whole number']);
      expectCapped(`${f}("",31,0.5,10,1)`, ['horizon_years', '30']);
      expectCapped(`${f}("",,0.5,10,1,"horizon_years",31)`, ['horizon_years']);
    }
  });

  test(`SENSITIVITY: more than ${MAX_GRID_CELLS} cells, or more than ${MAX_GRID_CELLS} values on one axis`, () => {
    expect(MAX_GRID_CELLS).toBeLessThanOrEqual(10_000);
    expectCapped(`SENSITIVITY("","HASH_VS_LEASE","delta","btc_price",${row(seq(101, 50000, 1000))},"pue",${column(seq(100, 1, 0.01))})`, ['10100', String(MAX_GRID_CELLS)]);
    // one axis beyond the cap: refused while reading it, not after building a grid
    const impl = implementations(metadata).get('SENSITIVITY')!;
    let valuesRead = 0;
    const longRow = new Proxy(seq(2 * MAX_GRID_CELLS, 1, 1), {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) valuesRead++;
        return (target as unknown as Record<string | symbol, unknown>)[key];
      },
    });
    const { result: o, work } = counted(() => host.invoke(impl, ['', 'HASH_VS_LEASE', 'delta', 'btc_price', [longRow], 'pue', [[1.2]], []]));
    expect(isError(o) ? o.error : o).toBe('#VALUE!');
    expect(isError(o) && o.message).toContain(String(MAX_GRID_CELLS));
    expect(work).toEqual(NO_WORK);
    expect(valuesRead).toBeLessThanOrEqual(2 * MAX_GRID_CELLS); // each value read once: work in proportion to the range
  });

  test(`PROJECTION: months above ${MAX_PROJECTION_MONTHS}`, () => {
    expectCapped(`PROJECTION("",${MAX_PROJECTION_MONTHS + 1})`, ['months', String(MAX_PROJECTION_MONTHS)]);
    expectCapped('PROJECTION("",0)', ['months']);
  });

  test(`overrides: more than ${MAX_OVERRIDE_CELLS} cells (a whole-column reference)`, () => {
    const impl = implementations(metadata).get('HASH_VS_LEASE')!;
    // A:B of an empty sheet, its rows counted as they are read: the size is known from the range's shape
    let rowsRead = 0;
    const column2 = new Proxy(
      Array.from({ length: 1_048_576 }, () => [null, null]),
      {
        get(target, key) {
          if (typeof key === 'string' && /^\d+$/.test(key)) rowsRead++;
          return (target as unknown as Record<string | symbol, unknown>)[key];
        },
      },
    );
    const { result: o, work } = counted(() => host.invoke(impl, ['RIOT', 'delta', [column2]]));
    expect(isError(o) ? o.error : o).toBe('#VALUE!');
    expect(isError(o) && o.message).toContain(String(MAX_OVERRIDE_CELLS));
    expect(rowsRead).toBeLessThanOrEqual(2); // the first row, for the range's width; none of the other 1 048 575
    expect(work).toEqual(NO_WORK);
  });

  test(`names longer than ${MAX_NAME_CHARS} characters are refused before any matching (no quadratic regex on 100 000 characters)`, () => {
    const impl = implementations(metadata).get('SENSITIVITY')!;
    for (const name of ['('.repeat(100_000) + '\nx', 'x'.repeat(100_000)]) {
      const { result: o, work } = counted(() => host.invoke(impl, ['', name, '', 'btc_price', [[1]], 'pue', [[1.2]], []]));
      expect(isError(o) && o.message).toContain(`at most ${MAX_NAME_CHARS}`);
      expect(work).toEqual(NO_WORK); // no "did you mean" search, no evaluation
    }
    const input = implementations(metadata).get('INPUT')!;
    const { result: o, work } = counted(() => host.invoke(input, ['', 'btc_price'.padEnd(MAX_NAME_CHARS + 1, 'x'), []]));
    expect(isError(o) ? o.error : o).toBe('#VALUE!');
    expect(work).toEqual(NO_WORK);
  });
});

describe('the largest allowed calls do work in proportion to their caps', () => {
  test(`LEASE_WIN_PROB at ${MAX_PATHS} paths over 30 years: one simulation of ${MAX_PATHS} paths × 360 months, nothing more`, () => {
    // the simulation itself is replaced by a stub here (its path loop does paths × months steps, each a fixed amount of work;
    // its time at the cap is the bench case cap_lease_win_prob): what is checked is what reaches it
    const seen: { paths: number; months: number }[] = [];
    const sim = jest.spyOn(montecarlo, 'simulateLeaseVsMining').mockImplementation((p, opts) => {
      seen.push({ paths: opts.paths, months: Math.round(p.horizon_years * 12) });
      return { paths: opts.paths, months: 360, npvDelta: new Float64Array(0), winProbability: 0.5, standardError: 0, meanNpvDelta: 0, terminalBtcPriceMean: 0, terminalYears: 30 };
    });
    try {
      const o = evaluate(`LEASE_WIN_PROB("",30,5,${MAX_PATHS},7)`);
      expect(isError(o)).toBe(false);
      expect(seen).toEqual([{ paths: MAX_PATHS, months: 360 }]);
    } finally {
      sim.mockRestore();
    }
  });

  test('SENSITIVITY at 100 × 100 cells of MINER_AI_YIELD irr: one evaluation per cell (and the probe), each one pass over the months', () => {
    // one year of months per cell keeps this quick under Jest; the count does not depend on the horizon (the 30-year grid's time is the bench's cap_sensitivity_irr)
    const f = `SENSITIVITY("","MINER_AI_YIELD","irr","lease_rate_kw_month",${row(seq(100, 100, 1))},"ai_capex_mw_it",${column(seq(100, 5e6, 1e5))},"terminal_method","none","horizon_years",1)`;
    const { result: o, work } = counted(() => evaluate(f));
    expect(!isError(o) && Array.isArray(o.value) && o.value.length).toBe(101);
    expect(work.evaluations).toBe(MAX_GRID_CELLS + 1);
    expect(work.aiPasses).toBe(MAX_GRID_CELLS + 1);
    expect(work.simulations + work.projections + work.nameSearches).toBe(0);
  });

  test('the same grid with a mining axis (btc_price) evaluates the AI metric once per AI value: 100 evaluations, not 10 000', () => {
    const f = `SENSITIVITY("","MINER_AI_YIELD","irr","btc_price",${row(seq(100, 50000, 1000))},"lease_rate_kw_month",${column(seq(100, 100, 1))},"horizon_years",30)`;
    const { result: o, work } = counted(() => evaluate(f));
    expect(!isError(o) && Array.isArray(o.value) && o.value.length).toBe(101);
    expect(work.evaluations).toBe(100 + 1);
  });
});
