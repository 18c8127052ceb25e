/**
 * COMPANY, COMPS and RAMP on the 12 bundled presets (and the test fixture
 * ZZMINE for bad input): the bridge adds up, COMPS rows are the single COMPANY
 * calls, RAMP's totals are the sums of its tranches, the exposure metrics behave
 * as a user expects, and bad input is the error the issue names.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as F from '../../src/functions/functions';
import { readResult, setDataTypeLevel } from '../../src/functions/cellValues';
import { COMPANY_METRICS } from '../../src/engine/companyMetrics';
import { store } from '../../src/presets/bundled';
import { parsePresetText } from '../../src/presets/schema';
import { errorOf, one, ov } from '../support/excel';

const NONE = null as never;
const tickers = store.tickers();
const company = (t: string, m: string, o?: Record<string, number | string>) => one(F.company(t, m, (o ? ov(o) : NONE)) as unknown[][]);
const SCALARS = COMPANY_METRICS.filter((m) => m.name !== 'table' && m.name !== 'upside').map((m) => m.name);

describe('COMPANY on the 12 presets', () => {
  test.each(tickers)('%s: every metric is a number or a labelled error, and the bridge adds up', (t) => {
    for (const m of SCALARS) {
      try {
        expect(Number.isFinite(company(t, m))).toBe(true);
      } catch (e) {
        // btc_beta and ai_rate_beta are #NUM! where equity is not positive (they are elasticities of it); nothing else fails
        expect(['btc_beta', 'ai_rate_beta']).toContain(m);
        expect(errorOf(() => F.company(t, m, NONE)).code).toBe('#NUM!');
      }
    }
    const vps = company(t, 'value_per_share');
    const equity = company(t, 'equity_value');
    expect(vps * company(t, 'diluted_shares')).toBeCloseTo(equity, 0);
    const parts = ['contracted_ai_value', 'uncontracted_ai_value', 'pipeline_value', 'mining_value', 'btc_value'].reduce((s, m) => s + company(t, m), 0);
    expect(company(t, 'enterprise_value')).toBeCloseTo(parts - company(t, 'ga_value'), 0);
    // preferred and minorities as the preset gives them (apld.json preferred 0.9 B, hut.json minorities 0.25 B), none where it gives none
    const field = (name: string): number => {
      try {
        return one(F.preset(t, name) as unknown[][]);
      } catch {
        return 0;
      }
    };
    expect(equity).toBeCloseTo(parts - company(t, 'ga_value') - company(t, 'net_debt') - field('preferred_usd') - field('minority_interest_usd'), 0);
  });

  test.each(tickers)('%s: the table is the bridge: its lines sum to equity value, the two contracted AI lines to contracted_ai_value, per share to value per share', (t) => {
    const table = F.company(t, 'table', NONE) as unknown[][];
    expect(table[0]).toEqual(['item', 'value (USD)', 'per share (USD per share)']);
    const rows = new Map(table.slice(1).map((r) => [r[0] as string, r]));
    const usd = (prefix: string) => [...rows].find(([k]) => k.startsWith(prefix))![1][1] as number;
    const lines = ['contracted AI during', 'contracted AI after', 'uncontracted AI', 'pipeline', 'mining', 'bitcoin held', 'less corporate G&A', 'less net debt', 'less preferred', 'less minority'];
    const sum = lines.reduce((s, l) => s + usd(l), 0);
    expect(sum).toBeCloseTo(usd('equity value'), 0);
    expect(usd('contracted AI after the leases')).toBeCloseTo(company(t, 'residual_value'), 0);
    expect(usd('contracted AI during') + usd('contracted AI after')).toBeCloseTo(company(t, 'contracted_ai_value'), 0);
    expect(usd('value per share')).toBeCloseTo(company(t, 'value_per_share'), 9);
    expect(usd('diluted shares')).toBeCloseTo(company(t, 'diluted_shares'), 0);
    expect(usd('less corporate G&A')).toBeCloseTo(-company(t, 'ga_value'), 0);
    const perShare = [...rows].find(([k]) => k.startsWith('equity value'))![1][2] as number;
    expect(perShare).toBeCloseTo(company(t, 'value_per_share'), 9);
  });

  test('a company without a contract book has no contracted AI and no residuals', () => {
    expect(company('CLSK', 'contracted_ai_value')).toBe(0);
    expect(company('CLSK', 'residual_value')).toBe(0);
    expect(company('CLSK', 'contracted_it_mw')).toBe(0);
  });

  test('btc_beta: 0 within 0.01 for a landlord with no mining and no bitcoin (APLD), above 1 for a miner holding bitcoin against debt (MARA)', () => {
    // apld.json: mining_mw 0, btc_held 0; mara.json: 52 850 BTC against about 3.7 B USD of convertible notes
    expect(Math.abs(company('APLD', 'btc_beta'))).toBeLessThan(0.01);
    expect(company('MARA', 'btc_beta')).toBeGreaterThan(1);
  });

  test('a higher BTC price, an override company-wide, raises the equity of a company holding bitcoin by at least its bitcoin', () => {
    const before = company('MARA', 'equity_value');
    const after = company('MARA', 'equity_value', { btc_price: 90_000 });
    expect(after - before).toBeGreaterThanOrEqual(52_850 * 30_000 * 0.999); // mara.json btc_held
  });

  test('ai_rate_beta moves with the market rent: a landlord with renewals and development options gains from a higher one', () => {
    expect(company('APLD', 'ai_rate_beta')).toBeGreaterThan(0);
    expect(company('APLD', 'equity_value', { lease_rate_kw_month: 150 })).toBeGreaterThan(company('APLD', 'equity_value'));
  });

  test('shares of value and EBITDA are shares', () => {
    for (const t of tickers) {
      for (const m of ['ai_share_of_value', 'ai_share_of_ebitda']) {
        const v = company(t, m);
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    expect(company('APLD', 'ai_share_of_value')).toBe(1); // no mining
    expect(company('APLD', 'ai_share_of_ebitda')).toBe(1);
  });

  test('contracted IT MW and backlog follow the book (CONTRACTS), at ownership share', () => {
    // wulf.json: 200 + 160 + 60 IT MW wholly owned, 168 × 0.501 at Abernathy
    expect(company('WULF', 'contracted_it_mw')).toBeCloseTo(200 + 160 + 60 + 168 * 0.501, 6);
    // the backlog is at most the book's TCV at ownership share (9.5 B of Abernathy at 50.1 %), less what has been earned
    const tcv = 3.7e9 + 3.0e9 + 1031749138 + 9.5e9 * 0.501;
    expect(company('WULF', 'backlog_usd')).toBeLessThanOrEqual(tcv * 1.01);
    expect(company('WULF', 'backlog_usd')).toBeGreaterThan(tcv * 0.9);
    expect(company('CLSK', 'backlog_usd')).toBe(0);
  });

  test('upside needs share_price: #N/A saying so; with it, value per share / price − 1', () => {
    const e = errorOf(() => F.company('CORZ', 'upside', NONE));
    expect(e.code).toBe('#N/A');
    expect(e.message).toMatch(/share_price/);
    expect(company('CORZ', 'upside', { share_price: 12.5 })).toBeCloseTo(company('CORZ', 'value_per_share') / 12.5 - 1, 12);
  });

  test('no metric: a card of every metric with the preset\'s as-of date and sources where Excel has data types; the value per share where it has none', () => {
    const vps = company('HUT', 'value_per_share');
    setDataTypeLevel('double');
    try {
      const r = readResult(F.company('HUT', NONE, NONE));
      expect(r.value).toMatch(/^HUT [\d.-]+ USD per share/);
      for (const m of SCALARS) expect(r.properties![m]).toBeDefined();
      expect(r.properties!.value_per_share.value).toBeCloseTo(vps, 9);
      expect(r.properties!.as_of.numberFormat).toBe('yyyy-mm-dd');
      expect(String(r.properties!.sources.value)).toMatch(/https:\/\//);
      expect(r.properties!.upside).toBeUndefined(); // no share_price given
      setDataTypeLevel('none');
      expect(one(F.company('HUT', NONE, NONE) as unknown[][])).toBe(vps);
    } finally {
      setDataTypeLevel(null);
    }
  });

  test('bad input: the generic site is #N/A, a tranche #VALUE!, an unknown metric #VALUE! with the closest name', () => {
    expect(errorOf(() => F.company('', NONE, NONE)).code).toBe('#N/A');
    expect(errorOf(() => F.company('IREN', 'value_per_share', ov({ tranche: 'microsoft-horizon' }))).code).toBe('#VALUE!');
    expect(errorOf(() => F.company('IREN', 'value_per_shar', NONE))).toEqual({ code: '#VALUE!', message: 'unknown metric "value_per_shar" for COMPANY: did you mean "value_per_share"?' });
    expect(errorOf(() => F.company('NOPE', NONE, NONE)).code).toBe('#N/A');
  });

  test('an alias is the company: BITF is KEEL', () => {
    expect(company('BITF', 'value_per_share')).toBe(company('KEEL', 'value_per_share'));
  });
});

describe('COMPANY of a preset without a balance-sheet field it needs: #N/A naming the field, never a silent 0', () => {
  const FIXTURE = path.join(__dirname, '..', 'fixtures', 'presets', 'zzmine-v2.json');
  const before = store.importedPresets();
  afterEach(() => store.setImported(before));
  test.each(['cash_usd', 'btc_held', 'corporate_ga_usd_yr'])('without %s', (field) => {
    const doc = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
    delete doc.fields[field];
    const parsed = parsePresetText(JSON.stringify(doc));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    store.setImported([...before, ...parsed.value]);
    const e = errorOf(() => F.company('ZZMINE', 'value_per_share', NONE));
    expect(e.code).toBe('#N/A');
    expect(e.message).toContain(field);
    expect((F.comps([['value_per_share']], [['ZZMINE']], NONE) as unknown[][])[1][1]).toBe('#N/A'); // COMPS shows the error in its cell
  });
});

describe('COMPS', () => {
  test('the default: a header, one row per preset, the eight default columns', () => {
    const t = F.comps(NONE, NONE, NONE) as unknown[][];
    expect(t[0]).toEqual([
      'ticker',
      'value_per_share (USD per share)',
      'enterprise_value (USD)',
      'ai_share_of_value (share)',
      'btc_beta (x)',
      'contracted_it_mw (IT MW)',
      'energized_mw (gross MW)',
      'hashrate_eh (EH/s)',
      'cost_per_btc (USD per BTC)',
    ]);
    expect(t.slice(1).map((r) => r[0])).toEqual(tickers);
  });

  test('each row is the single COMPANY calls, with the same company-wide overrides (btc_price moves every row)', () => {
    const metrics = ['value_per_share', 'equity_value', 'mining_value', 'btc_value', 'contracted_ai_value'];
    for (const o of [undefined, { btc_price: 90_000 }]) {
      const t = F.comps([metrics], NONE, (o ? ov(o) : NONE)) as unknown[][];
      for (const row of t.slice(1)) {
        metrics.forEach((m, j) => expect(row[j + 1]).toBe(company(row[0] as string, m, o)));
      }
    }
    const moved = F.comps([['btc_value']], [['MARA', 'RIOT']], ov({ btc_price: 90_000 })) as unknown[][];
    expect(moved[1][1]).toBeCloseTo(52_850 * 90_000, 0); // mara.json btc_held
  });

  test('company fields, mining metrics and inputs as columns; a company that does not mine has no cost per BTC', () => {
    const t = F.comps([['energized_mw', 'cost_per_btc', 'power_price_mwh']], [['RIOT', 'APLD']], NONE) as unknown[][];
    expect(t[1][1]).toBe(1100); // riot.json energized_mw
    expect(t[1][2]).toBe(one(F.miningEconomics('RIOT', 'cost_per_btc', NONE)));
    expect(t[1][3]).toBe(44.8); // riot.json power_price_mwh
    expect(t[2][2]).toBe('#N/A'); // apld.json mining_mw 0
  });

  test('bad input: an unknown metric is #VALUE! with the closest name; an unknown ticker #N/A listing the tickers; a tranche #VALUE!', () => {
    expect(errorOf(() => F.comps([['btc_bta']], NONE, NONE))).toMatchObject({ code: '#VALUE!', message: expect.stringContaining('did you mean "btc_beta"') });
    expect(errorOf(() => F.comps(NONE, [['IREN', 'NOPE']], NONE))).toMatchObject({ code: '#N/A', message: expect.stringContaining('tickers: APLD') });
    expect(errorOf(() => F.comps(NONE, NONE, ov({ tranche: 'alpha' }))).code).toBe('#VALUE!');
  });
});

describe('RAMP', () => {
  test.each(tickers)('%s: each quarter\'s AI revenue, EBITDA and IT MW are the sums of its tranches\'', (t) => {
    const table = F.ramp(t, 12, NONE) as unknown[][];
    const header = table[0] as string[];
    expect(header.slice(0, 5)).toEqual(['quarter start (date)', 'IT MW in service (IT MW)', 'AI revenue (USD)', 'AI EBITDA (USD)', 'mining EBITDA (USD)']);
    expect(table).toHaveLength(13);
    const n = (F.contracts(t) as unknown[][]).length - 1;
    expect(header).toHaveLength(5 + 3 * n);
    for (const row of table.slice(1)) {
      for (const [total, offset] of [[1, 0], [2, 1], [3, 2]] as const) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += row[5 + 3 * i + offset] as number;
        expect(row[total] as number).toBeCloseTo(sum, 6);
      }
    }
  });

  test('quarters start at the valuation date (2026-01-01) and step by three months; the first year of AI EBITDA is what ai_share_of_ebitda reads', () => {
    const table = F.ramp('APLD', 8, NONE) as unknown[][];
    expect(table.slice(1, 5).map((r) => r[0])).toEqual([46023, 46113, 46204, 46296]); // 2026-01-01, 04-01, 07-01, 10-01
    // apld.json polaris-forge-1: 100 IT MW in service on 2025-12-31, 150 more on 2026-06-30
    expect(table[1][1]).toBe(100);
    expect(table[3][1]).toBe(250);
  });

  test('bad input: quarters outside 1–200 is #VALUE!; the generic site #N/A', () => {
    expect(errorOf(() => F.ramp('APLD', 0, NONE)).code).toBe('#VALUE!');
    expect(errorOf(() => F.ramp('APLD', 201, NONE)).code).toBe('#VALUE!');
    expect(errorOf(() => F.ramp('', 4, NONE)).code).toBe('#N/A');
  });
});

describe('the per-MW functions of a company with a book evaluate its book, not a generic MW', () => {
  const t = (tranche: string, m: string) => one(F.minerAiYield('IREN', m, ov({ tranche })));
  test('MINER_AI_YIELD("IREN"): GPU cloud, the sum of its two deals; tranche "standard" is one colo MW at IREN\'s inputs', () => {
    // iren.json: microsoft-horizon (300 gross MW) and nvidia-childress (60 gross MW), both cloud
    expect(one(F.minerAiYield('IREN', 'convert_mw', NONE))).toBe(360);
    for (const m of ['capex', 'revenue', 'ebitda']) expect(one(F.minerAiYield('IREN', m, NONE))).toBeCloseTo(t('microsoft-horizon', m) + t('nvidia-childress', m), 0);
    expect(one(F.aiEconomics('IREN', 'gpus', NONE))).toBeGreaterThan(0); // GPUs: the book is cloud
    expect(one(F.aiEconomics('IREN', 'gpus', ov({ tranche: 'standard' })))).toBe(0); // the standard lease is colo
    expect(one(F.minerAiYield('IREN', 'revenue_per_mw', NONE))).not.toBeCloseTo(one(F.minerAiYield('IREN', 'revenue_per_mw', ov({ tranche: 'standard' }))), 0);
  });
  test('HASH_VS_LEASE("CORZ", "npv_delta") is the gross-MW-weighted npv_delta of its tranches (per gross MW of the book)', () => {
    // corz.json: coreweave-500 (714 gross MW) and coreweave-denton-austin-90 (129), both first delivered on 2026-03-31, so their
    // timelines start at the same build start alone and in the book
    const a = one(F.hashVsLease('CORZ', 'npv_delta', ov({ tranche: 'coreweave-500' })));
    const b = one(F.hashVsLease('CORZ', 'npv_delta', ov({ tranche: 'coreweave-denton-austin-90' })));
    expect(one(F.hashVsLease('CORZ', 'npv_delta', NONE))).toBeCloseTo((714 * a + 129 * b) / 843, 4);
    expect(one(F.minerAiYield('CORZ', 'npv', NONE))).toBeCloseTo(one(F.minerAiYield('CORZ', 'npv', ov({ tranche: 'coreweave-500' }))) + one(F.minerAiYield('CORZ', 'npv', ov({ tranche: 'coreweave-denton-austin-90' }))), 0);
  });
  test('a company without a book is one MW on the standard lease at its own power price and fleet (as "standard")', () => {
    for (const m of ['delta', 'npv_delta']) expect(F.hashVsLease('CLSK', m, NONE)).toEqual(F.hashVsLease('CLSK', m, ov({ tranche: 'standard' })));
  });
});
