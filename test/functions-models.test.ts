/**
 * The model functions as Excel calls them (src/functions/functions.ts): omitted
 * arguments arrive as null, overrides in Excel's repeating-argument shape (an
 * array of 2-D arrays), errors thrown as objects with `code` and `message`.
 * Covers the headline figures, the breakeven identities, monotonicity, every
 * error case a user can meet, and every bundled company preset.
 */
import fc from 'fast-check';
import { CATALOGUE, InputSpec } from '../src/engine/catalogue';
import { MODELS } from '../src/engine/models';
import * as F from '../src/functions/functions';
import { readExcelError } from '../src/functions/excelError';
import { errorOf as excelError, one } from './support/excel';
import { store } from '../src/presets/bundled';

type Overrides = unknown[][][];
type ModelFn = (ticker?: unknown, metric?: unknown, overrides?: Overrides) => unknown[][];
const FNS: Record<string, ModelFn> = {
  MINER_AI_YIELD: F.minerAiYield as ModelFn,
  HASH_VS_LEASE: F.hashVsLease as ModelFn,
  MINING_ECONOMICS: F.miningEconomics as ModelFn,
  AI_ECONOMICS: F.aiEconomics as ModelFn,
};
const NONE = null as unknown as Overrides;
const ERROR_CODES = ['#VALUE!', '#N/A', '#NUM!'];

/** Excel's repeating overrides argument from name/value pairs: [[["name"]],[[value]],…]. */
function ov(...pairs: (string | number)[]): Overrides {
  return pairs.map((x) => [[x]]);
}
type Outcome = { value: unknown[][] } | { error: { code: string; message: string } };
function attempt(f: () => unknown[][]): Outcome {
  try {
    return { value: f() };
  } catch (e) {
    const err = readExcelError(e);
    if (!err) throw new Error(`unlabelled exception out of a wrapper: ${String(e)}`);
    return { error: err };
  }
}
/** A scalar metric's outcome is a finite number or an error with a known code (and a message for #VALUE!/#N/A). */
function expectFiniteOrLabelled(o: Outcome, what: string): void {
  if ('error' in o) {
    expect(ERROR_CODES).toContain(o.error.code);
    if (o.error.code !== '#NUM!') expect(o.error.message.length).toBeGreaterThan(10);
    expect(o.error.message).not.toMatch(/could not evaluate/); // the adapter's catch-all for unexpected exceptions
    return;
  }
  const v = o.value;
  if (!(v.length === 1 && v[0].length === 1 && typeof v[0][0] === 'number' && Number.isFinite(v[0][0]))) {
    throw new Error(`${what}: expected a finite number, got ${JSON.stringify(v)}`);
  }
}
const scalarMetrics = (model: string) => MODELS[model].metrics.map((m) => m.name).filter((n) => n !== 'table' && n !== 'cash_flows');

describe('headline figures on the generic 1 MW site (the worked figures: their market inputs given, other inputs at their defaults)', () => {
  // the worked figure's market: BTC 100 000 USD, network 1 100 EH/s, fees 0.03 BTC/block (the bundled defaults are newer)
  const WORKED_MARKET = ov('btc_price', 100_000, 'network_hashrate_eh', 1100, 'fees_btc_per_block', 0.03);
  // mining: worked EBITDA 389 318 less the default opex 50 000 = 339 318; AI at the default starting rent of 135:
  // 0.8 IT MW · 1000 · 135 · 12 = 1 296 000 less opex 80 000 = 1 216 000
  test('HASH_VS_LEASE("") delta = 1 216 000 − 339 318 ≈ 876 682 USD per gross MW per year', () => {
    expect(Math.abs(one(F.hashVsLease('', null, WORKED_MARKET)) - (1_216_000 - 339_318))).toBeLessThan(1);
    expect(one(F.hashVsLease(null, 'delta', NONE))).toBe(one(F.hashVsLease('', null, NONE))); // omitted ticker = ""
    expect(Math.abs(one(F.hashVsLease('', 'mining_ebitda', WORKED_MARKET)) - 339_318)).toBeLessThan(1);
    expect(one(F.hashVsLease('', 'ai_ebitda', NONE))).toBeCloseTo(1_216_000, 6);
    // the worked colo figure at 150 USD/kW-month
    expect(one(F.hashVsLease('', 'ai_ebitda', ov('lease_rate_kw_month', 150)))).toBeCloseTo(1_360_000, 6);
  });
  test('ratio = AI / mining EBITDA ≈ 3.584', () => {
    expect(one(F.hashVsLease('', 'ratio', WORKED_MARKET))).toBeCloseTo(1_216_000 / 339_318.29, 3);
  });
  test('breakeven hashprice: mining EBITDA equals AI EBITDA; the BTC price is hashprice / hashvalue', () => {
    const bhp = one(F.hashVsLease('', 'breakeven_hashprice', WORKED_MARKET));
    // EBITDA linear in hashprice: 1 216 000 = revenue per unit hashprice · h − 374 490 − 50 000
    const perUnit = 763_808.29 / 41.3018;
    expect(bhp).toBeCloseTo((1_216_000 + 374_490 + 50_000) / perUnit, 2);
    expect(one(F.hashVsLease('', 'breakeven_btc_price', WORKED_MARKET))).toBeCloseTo((bhp / 41.3018) * 100_000, -1);
  });
  test('the table spills 12 rows × 4 columns: EBITDA and economic rows, the mining yield on fleet replacement value', () => {
    const t = F.hashVsLease('', 'table', NONE);
    expect(t).toHaveLength(12);
    for (const row of t) expect(row).toHaveLength(4);
    expect(t[0]).toEqual(['per gross MW', 'mining', 'AI', 'AI - mining']);
    const ebitda = t.find((r) => String(r[0]).startsWith('EBITDA'))!;
    expect(ebitda[3]).toBeCloseTo(one(F.hashVsLease('', 'delta', NONE)), 6);
    const npv = t.find((r) => String(r[0]).startsWith('NPV'))!;
    expect(npv[3]).toBe(one(F.hashVsLease('', 'npv_delta', NONE)));
    const econ = t.find((r) => String(r[0]).startsWith('economic EBITDA'))!;
    expect(econ[3]).toBeCloseTo(one(F.hashVsLease('', 'economic_delta', NONE)), 6);
    expect(t.some((r) => String(r[0]).includes('fleet replacement value'))).toBe(true);
  });
  test('MINER_AI_YIELD table: every scalar metric, the valuation horizon and the sign changes of the flows', () => {
    const t = F.minerAiYield('', 'table', NONE);
    const row = (name: string) => t.find((r) => r[0] === name)!;
    expect(row('valuation_years')[1]).toBe(21); // 1-year build + 10-year lease + 10 post-term years
    expect(row('sign_changes')[1]).toBe(1);
    expect(row('min_dscr')[1]).toBe('#NUM!'); // no debt
    expect(row('terminal_value')[1] as number).toBeGreaterThan(0);
    expect(row('terminal_value')[1] as number).toBeLessThan(row('npv')[1] as number);
  });
  test('ticker, metric and override names are case-insensitive', () => {
    expect(one(F.hashVsLease('riot', 'DELTA', ov('BTC_Price', 90_000)))).toBe(one(F.hashVsLease('RIOT', 'delta', ov('btc_price', 90_000))));
  });
  test('an empty override value keeps the default (an empty cell in an assumptions block)', () => {
    expect(one(F.hashVsLease('', 'delta', [[['btc_price', null], ['pue', 1.25]]]))).toBe(one(F.hashVsLease('', 'delta', NONE)));
  });
});

describe('breakeven identities through the wrappers', () => {
  const tickers = ['', ...store.tickers()];
  test.each(tickers)('HASH_VS_LEASE(%p): at breakeven_btc_price the hashprice is breakeven_hashprice and delta is 0 within a cent', (t) => {
    const be = attempt(() => F.hashVsLease(t, 'breakeven_btc_price', NONE));
    if ('error' in be) {
      expect(be.error.code).toBe('#NUM!'); // mining beats AI at any price: no breakeven exists
      return;
    }
    const btc = one(be.value);
    const bhp = one(F.hashVsLease(t, 'breakeven_hashprice', NONE));
    const at = ov('btc_price', btc);
    expect(one(F.miningEconomics(t, 'hashprice', at))).toBeCloseTo(bhp, 6);
    expect(Math.abs(one(F.hashVsLease(t, 'delta', at)))).toBeLessThan(0.01);
  });
  test.each(tickers)('MINING_ECONOMICS(%p): at breakeven_power_price, EBITDA is 0 within a cent', (t) => {
    const bpp = one(F.miningEconomics(t, 'breakeven_power_price', NONE));
    if (bpp < 0 || bpp > 2000) return; // outside power_price_mwh's allowed range
    expect(Math.abs(one(F.miningEconomics(t, 'ebitda', ov('power_price_mwh', bpp))))).toBeLessThan(0.01);
  });
});

describe('monotonicity through the wrappers', () => {
  test.each(['', 'RIOT', 'CORZ', 'WULF'])('%p: higher btc_price raises mining EBITDA and lowers delta', (t) => {
    const prices = [60_000, 90_000, 120_000, 200_000];
    const mining = prices.map((p) => one(F.miningEconomics(t, 'ebitda', ov('btc_price', p))));
    const delta = prices.map((p) => one(F.hashVsLease(t, 'delta', ov('btc_price', p))));
    for (let i = 1; i < prices.length; i++) {
      expect(mining[i]).toBeGreaterThan(mining[i - 1]);
      expect(delta[i]).toBeLessThan(delta[i - 1]);
    }
  });
  test.each(['', 'RIOT', 'CORZ', 'WULF'])('%p: higher lease_rate_kw_month raises delta and yield', (t) => {
    const rates = [100, 130, 160, 200];
    const delta = rates.map((r) => one(F.hashVsLease(t, 'delta', ov('lease_rate_kw_month', r))));
    const yld = rates.map((r) => one(F.minerAiYield(t, 'yield', ov('lease_rate_kw_month', r))));
    for (let i = 1; i < rates.length; i++) {
      expect(delta[i]).toBeGreaterThan(delta[i - 1]);
      expect(yld[i]).toBeGreaterThan(yld[i - 1]);
    }
  });
});

describe('errors a user sees', () => {
  test('unknown ticker: #N/A naming the ticker and the tickers that exist', () => {
    const e = excelError(() => F.hashVsLease('RIOTT', null, NONE));
    expect(e.code).toBe('#N/A');
    expect(e.message).toContain('RIOTT');
    for (const t of store.tickers()) expect(e.message).toContain(t);
    expect(excelError(() => F.minerAiYield('XYZ', 'irr', NONE)).code).toBe('#N/A');
  });
  test('a number where a ticker is expected: #N/A listing the tickers', () => {
    const e = excelError(() => F.hashVsLease(42, null, NONE));
    expect(e.code).toBe('#N/A');
    expect(e.message).toContain('IREN');
  });
  test('unknown metric: #VALUE! with "did you mean"', () => {
    const e = excelError(() => F.hashVsLease('', 'detla', NONE));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('"detla"');
    expect(e.message).toContain('did you mean "delta"');
    expect(excelError(() => F.minerAiYield('', 'ir', NONE)).message).toContain('did you mean "irr"');
  });
  test('unknown override name: #VALUE! with "did you mean"', () => {
    const e = excelError(() => F.hashVsLease('', null, ov('btc_prise', 1)));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('"btc_prise"');
    expect(e.message).toContain('did you mean "btc_price"');
    const r = excelError(() => F.hashVsLease('', null, [[['lease_rate_kw_mth', 150]]]));
    expect(r.message).toContain('did you mean "lease_rate_kw_month"');
  });
  test('out-of-range override: #VALUE! naming the input, the value and the range', () => {
    const e = excelError(() => F.hashVsLease('', null, ov('pue', 0.5)));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('pue');
    expect(e.message).toContain('0.5');
    expect(e.message).toContain('1 to 3');
    const u = excelError(() => F.minerAiYield('', null, ov('uptime', 1.5)));
    expect(u.message).toMatch(/uptime.*1\.5.*0 to 1/);
    const neg = excelError(() => F.hashVsLease('', null, ov('power_mw', -5)));
    expect(neg.code).toBe('#VALUE!');
    expect(neg.message).toMatch(/power_mw.*-5/);
    const frac = excelError(() => F.hashVsLease('', null, ov('build_months', 6.5)));
    expect(frac.message).toContain('whole number');
  });
  test('duplicate override: #VALUE!, never a silent pick (also across pairs and a range, any case)', () => {
    expect(excelError(() => F.hashVsLease('', null, [[['btc_price', 1], ['BTC_PRICE', 2]]])).code).toBe('#VALUE!');
    const e = excelError(() => F.hashVsLease('', null, [[['pue']], [[1.2]], [['PUE', 1.3]]]));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('pue');
    expect(e.message).toContain('twice');
  });
  test('text where a number is needed: #VALUE! naming the argument and what was given', () => {
    const e = excelError(() => F.hashVsLease('', null, ov('btc_price', 'a lot')));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('btc_price');
    expect(e.message).toContain('"a lot"');
    // numeric text coerces as Excel's own functions do
    expect(one(F.hashVsLease('', null, ov('btc_price', '120000')))).toBe(one(F.hashVsLease('', null, ov('btc_price', 120_000))));
  });
  test('a name without a value: #VALUE! saying overrides come in pairs', () => {
    const e = excelError(() => F.hashVsLease('', null, ov('btc_price')));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('pairs');
  });
  test('ratio over a mining loss: #NUM!', () => {
    const e = excelError(() => F.hashVsLease('', 'ratio', ov('btc_price', 30_000)));
    expect(e.code).toBe('#NUM!');
    expect(one(F.hashVsLease('', 'mining_ebitda', ov('btc_price', 30_000)))).toBeLessThan(0); // it is a loss
    expect(one(F.hashVsLease('', 'delta', ov('btc_price', 30_000)))).toBeGreaterThan(0); // delta still exists
  });
  test('IRR that does not exist: #NUM!', () => {
    // no rent and no re-letting after the horizon: the flows never turn positive
    expect(excelError(() => F.minerAiYield('', 'irr', ov('lease_rate_kw_month', 0, 'terminal_method', 'none'))).code).toBe('#NUM!');
  });
});

describe('the 12 bundled company presets', () => {
  const tickers = store.tickers();
  test('there are 12 presets', () => {
    expect(tickers).toHaveLength(12);
    expect(tickers).toEqual(expect.arrayContaining(['APLD', 'BTDR', 'CIFR', 'CLSK', 'CORZ', 'HIVE', 'HUT', 'IREN', 'KEEL', 'MARA', 'RIOT', 'WULF']));
    expect(store.canonical('BITF')).toBe('KEEL'); // keel.json: Bitfarms renamed Keel, BITF kept as an alias
  });
  for (const model of ['HASH_VS_LEASE', 'MINER_AI_YIELD']) {
    test.each(tickers)(`${model}(%p): every scalar metric is a finite number or a labelled error`, (t) => {
      for (const m of scalarMetrics(model)) expectFiniteOrLabelled(attempt(() => FNS[model](t, m, NONE)), `${model}(${t}, ${m})`);
      const table = FNS[model](t, 'table', NONE);
      for (const row of table) for (const c of row) expect(typeof c === 'string' || (typeof c === 'number' && Number.isFinite(c))).toBe(true);
    });
  }
  test.each(tickers)('%p: the headline metrics exist (delta, yield, AI EBITDA > 0 at the preset lease)', (t) => {
    expect(Number.isFinite(one(F.hashVsLease(t, 'delta', NONE)))).toBe(true);
    expect(one(F.minerAiYield(t, 'yield', NONE))).toBeGreaterThan(0);
    expect(one(F.hashVsLease(t, 'ai_ebitda', NONE))).toBeGreaterThan(0);
  });
  test.each(tickers)('%p: MINER_AI_YIELD scales per-MW figures by convert_mw: the book\'s gross MW, or the preset\'s for one standard MW', (t) => {
    // a company with a contract book converts its deals' gross MW (CONTRACTS' gross_mw column); without one, the preset's convert_mw
    const book = (F.contracts(t) as unknown[][]).slice(1).reduce((s, r) => s + (r[5] as number), 0);
    const mw = book > 0 ? book : (F.input(t, 'convert_mw', NONE) as number);
    expect(one(F.minerAiYield(t, 'convert_mw', NONE))).toBeCloseTo(mw, 9);
    expect(one(F.minerAiYield(t, 'revenue', NONE))).toBeCloseTo(mw * one(F.minerAiYield(t, 'revenue_per_mw', NONE)), 2);
  });
});

describe('property: any valid inputs, passed as an assumptions block, give finite numbers or labelled errors', () => {
  function arbValue(s: InputSpec): fc.Arbitrary<number | string> {
    if (s.kind === 'choice') return fc.constantFrom(...s.choices!);
    if (s.kind === 'text') return fc.constant(s.default as string); // a selector (tranche): the whole book, valid for every ticker
    if (s.kind === 'date' || s.integer) return fc.integer({ min: Math.ceil(s.min!), max: Math.floor(s.max!) });
    return fc.double({ min: s.min!, max: s.max!, noNaN: true, noDefaultInfinity: true });
  }
  // a random subset of the catalogue, as a two-column range of names and values
  const block = fc.subarray(CATALOGUE.slice()).chain((specs) => fc.tuple(...specs.map((s) => arbValue(s).map((v) => [s.name, v] as [string, number | string]))));
  test.each(Object.keys(FNS))('%s, every scalar metric, generic site or a random preset', (model) => {
    fc.assert(
      fc.property(block, fc.constantFrom('', ...store.tickers()), (rows, t) => {
        const overrides = rows.length ? [rows as unknown[][]] : NONE;
        for (const m of scalarMetrics(model)) {
          const o = attempt(() => FNS[model](t, m, overrides));
          expectFiniteOrLabelled(o, `${model}(${t}, ${m})`);
          // valid inputs are never rejected as #VALUE!/#N/A, except a valuation horizon beyond 50 years (said so)
          if ('error' in o && o.error.code !== '#NUM!') expect(o.error.message).toMatch(/valuation horizon .* allowed: at most 600/);
        }
      }),
      { seed: Number(process.env.BTCAI_FC_SEED ?? 7), numRuns: Number(process.env.BTCAI_FC_RUNS ?? 60) },
    );
  });
});
