/**
 * The company fields of a schema-2 preset through the functions a user types:
 * PRESET and INPUT_SOURCE read every field with its document; CONTRACTS spills
 * the book; an alias answers for its company; the `tranche` override layers one
 * deal's terms between the overrides and the workbook table.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as F from '../../src/functions/functions';
import { Inputs, inputSpec } from '../../src/engine/catalogue';
import { Context, MODELS, findMetric } from '../../src/engine/models';
import { serialFromIso } from '../../src/engine/dates';
import { store } from '../../src/presets/bundled';
import { parsePresetText } from '../../src/presets/schema';
import { errorOf, one, ov } from '../support/excel';

const FIXTURE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'presets', 'zzmine-v2.json'), 'utf8');
/** A schema-1 preset as users hold them (model inputs only, free-text sources). */
const OLDCO = JSON.stringify({ ticker: 'OLDCO', name: 'Old Co', asof: '2025-06-30', ai_business: 'colocation', fields: { power_mw: { value: 100, asof: '2025-06-30', source: 'Old Co 10-K for fiscal 2025, filed 2025-08-01' } } });
const NONE = null as never;
const ASOF_2028_12_31 = 47118; // Excel: 2026-01-01 is 46023 (catalogue), + 365 + 365 + 365 days to 2028-12-31

const importedBefore = store.importedPresets();
const layerBefore = store.workbookLayer();
beforeAll(() => {
  const v = parsePresetText(`[${FIXTURE},${OLDCO}]`);
  if (!v.ok) throw new Error(v.errors.join('\n'));
  store.setImported([...importedBefore, ...v.value]);
});
afterAll(() => {
  store.setImported(importedBefore);
  store.setWorkbookLayer(layerBefore);
});
afterEach(() => store.setWorkbookLayer(layerBefore));

describe('PRESET reads every schema-2 field', () => {
  test.each([
    ['energized_mw', 600],
    ['mining_mw', 400],
    ['hashrate_eh', 22],
    ['shares_basic', 300e6],
    ['btc_held', 1000],
    ['cash_usd', 5e8],
    ['corporate_ga_usd_yr', 6e7],
    ['power_mw', 1000],
    ['efficiency_j_th', 17.5],
  ])('%s', (field, value) => {
    expect(one(F.preset('ZZMINE', field))).toBe(value);
  });

  test('a date field is an Excel date serial', () => {
    expect(serialFromIso('2028-12-31')).toBe(ASOF_2028_12_31);
    expect(one(F.preset('ZZMINE', 'mining_end_date'))).toBe(ASOF_2028_12_31);
  });

  test('names are case-insensitive; the alias answers for the company', () => {
    expect(one(F.preset('zzold', 'Energized_MW'))).toBe(600);
  });

  test('without a field: every model input, then the company fields the preset gives (not the tranche selector)', () => {
    const t = F.preset('ZZMINE', NONE);
    expect(t[0]).toEqual(['field', 'ZZMINE']);
    const names = t.slice(1).map((r) => r[0]);
    expect(names).not.toContain('tranche');
    // company fields in the field catalogue's order (power_mw, efficiency_j_th and power_price_mwh are model inputs, listed above them)
    expect(names.slice(-13)).toEqual(['energized_mw', 'mining_mw', 'under_construction_mw', 'contracted_unbuilt_mw', 'pipeline_mw', 'hashrate_eh', 'mining_end_date', 'shares_basic', 'rsus', 'cash_usd', 'btc_held', 'preferred_usd', 'corporate_ga_usd_yr']);
    expect(Object.fromEntries(t.slice(1))).toMatchObject({ energized_mw: 600, pipeline_mw: 2000, shares_basic: 300e6, corporate_ga_usd_yr: 6e7, mining_end_date: ASOF_2028_12_31, power_mw: 1000 });
    // a schema-1 preset spills what it did before: the model inputs only
    expect(F.preset('OLDCO', NONE).map((r) => r[0])).not.toContain('energized_mw');
  });

  test('what it cannot give is an error saying why, never a 0', () => {
    expect(errorOf(() => F.preset('ZZMINE', 'minority_interest_usd'))).toEqual({ code: '#N/A', message: "ZZMINE's preset does not give minority_interest_usd" });
    expect(errorOf(() => F.preset('OLDCO', 'energized_mw'))).toEqual({ code: '#N/A', message: "OLDCO's preset has model inputs only (schema 1): it has no energized_mw" });
    expect(errorOf(() => F.preset('', 'shares_basic')).code).toBe('#N/A');
    expect(errorOf(() => F.preset('ZZMINE', 'it_mw'))).toEqual({ code: '#VALUE!', message: 'it_mw is a field of each contract (CONTRACTS lists the book), not of the company as a whole' });
    expect(errorOf(() => F.preset('ZZMINE', 'energised_mw'))).toEqual({ code: '#VALUE!', message: 'unknown field "energised_mw": did you mean "energized_mw"?' });
  });
});

describe('INPUT_SOURCE names the document: title, publisher, date and address', () => {
  test('a company field', () => {
    expect(F.inputSource('ZZMINE', 'energized_mw')).toBe('preset ZZMINE as of 2025-12-31: Form 10-K for the year ended December 31, 2025, SEC EDGAR, 2026-02-20, https://example.com/edgar/10-k-2025.htm');
  });
  test('a model input of a schema-2 preset, with its note', () => {
    expect(F.inputSource('ZZOLD', 'power_price_mwh')).toBe('preset ZZMINE as of 2025-12-31: Form 10-K for the year ended December 31, 2025, SEC EDGAR, 2026-02-20, https://example.com/edgar/10-k-2025.htm');
    expect(F.inputSource('ZZMINE', 'hashrate_eh')).toBe('preset ZZMINE as of 2025-12-31: Example Miner Reports Fourth Quarter 2025 Results, Example Miner Corp., 2026-02-20, https://example.com/ir/q4-2025 (operating hashrate)');
  });
  test('an assumption, with its reason', () => {
    expect(F.inputSource('ZZMINE', 'corporate_ga_usd_yr')).toBe('preset ZZMINE as of 2025-12-31: assumption: 10-K G&A of 80 M less ~20 M stock compensation, rounded');
  });
  test('a press rewrite is marked as one', () => {
    expect(F.inputSource('ZZMINE', 'lease_term_years', ov({ tranche: 'beta-jv' }))).toBe(
      'preset ZZMINE as of 2025-11-05, tranche "beta-jv": Example Miner JV lands 50 MW tenant, Example Trade Press, 2025-11-05, https://example.com/news/beta [press rewrite: no primary document gives it]',
    );
  });
  test('a schema-1 preset keeps its free-text citation', () => {
    expect(F.inputSource('OLDCO', 'power_mw')).toBe('preset OLDCO as of 2025-06-30: Old Co 10-K for fiscal 2025, filed 2025-08-01');
  });
});

describe('CONTRACTS spills the book', () => {
  test('a header row, then one row per tranche; undisclosed terms blank, never 0', () => {
    const t = F.contracts('ZZMINE');
    expect(t).toEqual([
      ['tranche', 'tenant', 'guarantor', 'ai_mode', 'it_mw', 'gross_mw', 'ownership_share', 'start', 'lease_term_years', 'tcv_usd', 'lease_rate_kw_month', 'lease_escalator', 'backstop_usd'],
      ['alpha', 'Hyperscaler A', 'Big Tech Co', 'colo', 200, 260, 1, serialFromIso('2026-06-30'), 15, 7e9, 162.65, 0.025, 3e9],
      ['beta-jv', 'Neocloud B', '', 'colo', 50, 70, 0.51, '', 10, 1e9, 145.38, 0.03, ''],
    ]);
    expect(F.contracts('zzold')).toEqual(t);
  });
  test('errors name what is missing', () => {
    expect(errorOf(() => F.contracts('OLDCO'))).toEqual({ code: '#N/A', message: "OLDCO's preset has model inputs only (schema 1): it has no contract book" });
    expect(errorOf(() => F.contracts(''))).toEqual({ code: '#N/A', message: 'CONTRACTS needs a company ticker: the generic site ("") has model inputs only' });
    expect(errorOf(() => F.contracts('NOPE')).message).toMatch(/^unknown ticker "NOPE"; tickers: .*ZZMINE.*; aliases: .*ZZOLD \(ZZMINE\)/);
  });
});

describe('aliases', () => {
  test('an alias resolves to its company everywhere; PRESETS lists the company once', () => {
    expect(F.input('ZZOLD', 'power_mw', NONE)).toBe(1000);
    expect(F.presetAsof('zzold')).toBe(serialFromIso('2026-02-20'));
    expect(F.presets().filter((r) => r[0] === 'ZZOLD')).toEqual([]);
    expect(F.presets().filter((r) => r[0] === 'ZZMINE')).toHaveLength(1);
    expect(F.minerAiYield('ZZOLD', 'npv', NONE)).toEqual(F.minerAiYield('ZZMINE', 'npv', NONE));
  });
});

describe('the tranche layer: override > tranche > workbook table > company preset > market', () => {
  const input = (name: string, o?: Record<string, number | string>) => F.input('ZZMINE', name, o ? ov(o) : NONE);
  const table = (values: Record<string, number>) => store.setWorkbookLayer(new Map([['ZZMINE', new Map(Object.entries(values))]]));

  test('a tranche sets its deal terms over the company\'s; "all" (any case) is the whole book', () => {
    const marketRent = inputSpec('lease_rate_kw_month')!.default;
    expect(input('lease_rate_kw_month')).toBe(marketRent); // the company does not set one: market default
    expect(input('lease_rate_kw_month', { tranche: 'alpha' })).toBe(162.65);
    expect(input('lease_rate_kw_month', { tranche: 'ALPHA' })).toBe(162.65);
    expect(input('lease_rate_kw_month', { tranche: 'All' })).toBe(marketRent);
    expect(input('tranche', { tranche: 'ALPHA' })).toBe('alpha');
    expect(input('power_price_mwh', { tranche: 'alpha' })).toBe(40); // not a term of the deal: the company's
  });

  test('the deal is valued at 100 %: convert_mw is its gross MW, pue its gross ÷ IT unless the tranche sets one', () => {
    expect(input('convert_mw', { tranche: 'beta-jv' })).toBe(70);
    expect(input('pue', { tranche: 'beta-jv' })).toBeCloseTo(70 / 50, 12);
    expect(input('pue', { tranche: 'alpha' })).toBe(1.25); // its own design PUE wins over 260 ÷ 200
    expect(F.inputSource('ZZMINE', 'pue', ov({ tranche: 'beta-jv' }))).toBe('preset ZZMINE as of 2025-11-05, tranche "beta-jv": gross_mw 70 ÷ it_mw 50');
  });

  test('precedence: the tranche wins over the workbook table, an override wins over the tranche', () => {
    table({ lease_rate_kw_month: 170, power_price_mwh: 35 });
    expect(input('lease_rate_kw_month')).toBe(170);
    expect(input('lease_rate_kw_month', { tranche: 'alpha' })).toBe(162.65);
    expect(input('power_price_mwh', { tranche: 'alpha' })).toBe(35); // the table still wins over the preset
    expect(input('lease_rate_kw_month', { tranche: 'alpha', lease_rate_kw_month: 180 })).toBe(180);
    expect(F.inputSource('ZZMINE', 'lease_rate_kw_month', ov({ tranche: 'alpha' }))).toMatch(/^preset ZZMINE as of 2025-09-15, tranche "alpha": Example Miner Signs 15-Year Lease with Hyperscaler A, Example Miner Corp\., 2025-09-15, https:\/\/example\.com\/ir\/alpha-lease \(7\.0 B/);
    expect(F.inputSource('ZZMINE', 'lease_rate_kw_month', ov({ tranche: 'alpha', lease_rate_kw_month: 180 }))).toBe('override: 180 (function argument)');
  });

  test('a model on one tranche is the engine on the tranche\'s terms and its schedule, from its build start', () => {
    const terms = { convert_mw: 260, pue: 1.25, lease_rate_kw_month: 162.65, lease_term_years: 15, lease_escalator: 0.025, ai_capex_mw_it: 1e7 };
    // run-rate metrics do not depend on the schedule: the same as the tranche's terms as overrides
    for (const m of ['capex', 'revenue', 'yield']) {
      expect(F.minerAiYield('ZZMINE', m, ov({ tranche: 'alpha' }))).toEqual(F.minerAiYield('ZZMINE', m, ov(terms)));
    }
    expect(F.hashVsLease('ZZMINE', 'delta', ov({ tranche: 'alpha' }))).toEqual(F.hashVsLease('ZZMINE', 'delta', ov(terms)));
    expect(one(F.minerAiYield('ZZMINE', 'capex', ov({ tranche: 'alpha' })))).toBeCloseTo((260 / 1.25) * 1e7, 0);
    // the fixture's schedule: 100 IT MW on 2026-06-30 and 100 on 2026-12-31, months 5 and 11 from the valuation date 2026-01-01;
    // the deal is valued from its build start (12 build months before the first delivery: 2025-06-01), so at months 12 and 18
    const inputs = store.resolve('ZZMINE', new Map(Object.entries(terms))) as Inputs;
    const ctx = new Context({ ...inputs, valuation_date: serialFromIso('2025-06-01') }, [
      { month: 12, share: 0.5 },
      { month: 18, share: 0.5 },
    ]);
    for (const m of ['npv', 'irr', 'terminal_value']) {
      expect(one(F.minerAiYield('ZZMINE', m, ov({ tranche: 'alpha' })))).toBeCloseTo(findMetric(MODELS.MINER_AI_YIELD, m)!.compute(ctx) as number, 6);
    }
    expect(one(F.hashVsLease('ZZMINE', 'npv_delta', ov({ tranche: 'alpha' })))).toBeCloseTo(ctx.npvDelta() as number, 6);
  });

  test('without a tranche, a company with a book evaluates the book: the sum of its tranches (not a generic MW)', () => {
    // alpha 260 gross MW and beta-jv 70 (each 100 % of its deal): USD metrics add up, per-MW ones are per MW of the book
    const t = (name: string, m: string) => one(F.minerAiYield('ZZMINE', m, ov({ tranche: name })));
    expect(one(F.minerAiYield('ZZMINE', 'convert_mw'))).toBe(330);
    for (const m of ['capex', 'revenue', 'ebitda']) expect(one(F.minerAiYield('ZZMINE', m))).toBeCloseTo(t('alpha', m) + t('beta-jv', m), 3);
    expect(one(F.minerAiYield('ZZMINE', 'revenue_per_mw'))).toBeCloseTo((t('alpha', 'revenue') + t('beta-jv', 'revenue')) / 330, 6);
    expect(one(F.minerAiYield('ZZMINE', 'yield'))).toBeCloseTo((t('alpha', 'ebitda') + t('beta-jv', 'ebitda')) / (t('alpha', 'capex') + t('beta-jv', 'capex')), 12);
    // the book differs from one standard MW at the company's inputs, which "standard" still gives
    expect(one(F.minerAiYield('ZZMINE', 'npv'))).not.toBeCloseTo(one(F.minerAiYield('ZZMINE', 'npv', ov({ tranche: 'standard' }))), 0);
  });

  test('an unknown tranche is #VALUE! listing the tranche names', () => {
    expect(errorOf(() => F.minerAiYield('ZZMINE', 'npv', ov({ tranche: 'gamma' })))).toEqual({ code: '#VALUE!', message: 'unknown tranche "gamma" for ZZMINE; tranches: alpha, beta-jv (or "all" for the whole book, "standard" for a new MW on a standard lease)' });
    expect(errorOf(() => F.input('ZZMINE', 'pue', ov({ tranche: 'gamma' }))).code).toBe('#VALUE!');
    expect(errorOf(() => F.inputSource('ZZMINE', 'pue', ov({ tranche: 'gamma' }))).code).toBe('#VALUE!');
    expect(errorOf(() => F.hashVsLease('OLDCO', 'delta', ov({ tranche: 'alpha' })))).toEqual({ code: '#VALUE!', message: 'unknown tranche "alpha": OLDCO\'s preset has model inputs only (schema 1), no contract book; use tranche "all"' });
    expect(errorOf(() => F.hashVsLease('', 'delta', ov({ tranche: 'alpha' })))).toEqual({ code: '#VALUE!', message: 'tranche "alpha" needs a company ticker: the generic site has no contract book' });
    expect(errorOf(() => F.hashVsLease('ZZMINE', 'delta', ov({ tranche: 2026 })))).toEqual({ code: '#VALUE!', message: 'override tranche was 2026; allowed: a name: a letter, then letters, digits, - or _ (up to 40 characters)' });
  });

  test('calls without a tranche are what they were (the store returns its cached inputs)', () => {
    expect(store.resolve('ZZMINE', null)).toBe(store.base('ZZMINE'));
    expect(F.input('ZZMINE', 'tranche', NONE)).toBe('all');
  });
});
