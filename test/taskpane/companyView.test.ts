/**
 * The pane's detail view of a schema-2 preset, as data (src/taskpane/view.ts
 * companyDetail): capacity by stage, the contract book, the balance sheet, each
 * figure with its as-of date and its document or assumption. Presets arrive the
 * way a user brings them: a file through the pane's import (parsePresetBytes →
 * importPresets → the store). The DOM that shows these rows is checked in the
 * browser tests (test/browser/run.js).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadBundled } from '../../src/presets/bundledDocuments';
import { parsePresetBytes } from '../../src/presets/schema';
import { PresetStore } from '../../src/presets/store';
import type { Preset } from '../../src/presets/types';
import { importPresets } from '../../src/taskpane/actions';
import { CompanyDetail, EntryBlock, FieldRow, companyDetail, detailRows, formatValue } from '../../src/taskpane/view';

/** The bundled researched presets (schema 2). */
const DATA = path.join(__dirname, '..', '..', 'src', 'presets', 'data');
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'presets', 'zzmine-v2.json');

/** A store with these files imported through the pane's own import path (outside Excel: for the session). */
async function storeWith(files: readonly string[]): Promise<PresetStore> {
  const store = new PresetStore(loadBundled().presets);
  const docs = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
  const outcome = await importPresets(null, store, parsePresetBytes(new TextEncoder().encode(JSON.stringify(docs))), '2026-11-27T12:00:00Z');
  if (!outcome.ok) throw new Error(`${outcome.message} ${outcome.details.join('; ')}`);
  return store;
}

const researched = fs.readdirSync(DATA).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(DATA, f));
const rowsOf = (d: CompanyDetail): FieldRow[] => [...d.capacity, ...d.operations, ...d.balance, ...[...d.contracts, ...d.convertibles, ...d.warrants, ...d.debt].flatMap((b) => b.rows)];
const row = (rows: readonly FieldRow[], name: string): FieldRow => {
  const r = rows.find((x) => x.name === name);
  if (!r) throw new Error(`no row ${name} in ${rows.map((x) => x.name).join(', ')}`);
  return r;
};
const block = (blocks: readonly EntryBlock[], title: string): EntryBlock => blocks.find((b) => b.title === title)!;

describe('the detail view of a company preset (schema 2)', () => {
  it('shows every figure of each of the 12 researched presets, each with its as-of date and a document or a reason', async () => {
    expect(researched).toHaveLength(12);
    const store = await storeWith(researched);
    for (const file of researched) {
      const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
      const p = store.preset(doc.ticker) as Preset;
      const d = companyDetail(store, doc.ticker)!;
      expect(d).not.toBeNull();
      expect(d.quarter).toBe(doc.quarter);
      // capacity by stage: the required stages always, the optional ones when the preset gives them
      for (const n of ['power_mw', 'energized_mw', 'mining_mw', 'under_construction_mw', 'contracted_unbuilt_mw', 'pipeline_mw'])
        expect(d.capacity.some((r) => r.name === n)).toBe(doc.fields[n] !== undefined);
      // nothing of the book or the balance sheet is left out: one row per field record (plus derived rows that say so)
      expect(d.contracts.map((b) => b.title)).toEqual((doc.contracts ?? []).map((t: { name: string }) => t.name));
      (doc.contracts ?? []).forEach((t: { fields: Record<string, unknown>; tenant: string; guarantor?: string }, i: number) => {
        const b = d.contracts[i];
        for (const n of Object.keys(t.fields)) expect(b.rows.some((r) => r.name === n && r.note === undefined)).toBe(true);
        expect(b.lines[0]).toBe(`Tenant: ${t.tenant}`);
        if (t.guarantor) expect(b.lines).toContain(`Guarantor / backstop: ${t.guarantor}`);
      });
      for (const list of ['convertibles', 'warrants', 'debt'] as const)
        (doc[list] ?? []).forEach((e: { fields: Record<string, unknown> }, i: number) => expect(d[list][i].rows.map((r) => r.name).sort()).toEqual(Object.keys(e.fields).sort()));
      for (const n of ['shares_basic', 'rsus', 'cash_usd', 'btc_held', 'preferred_usd', 'minority_interest_usd', 'corporate_ga_usd_yr']) expect(d.balance.some((r) => r.name === n)).toBe(doc.fields[n] !== undefined);
      // every figure from the preset: an as-of date, and its document (linkable, kind named, press marked) or its reason
      for (const r of rowsOf(d)) {
        if (r.note !== undefined && r.note.startsWith('not stated')) continue; // a default the view says it assumes
        expect(r.asof).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        const src = r.source!;
        if (src.kind === 'assumption') expect(src.text.length).toBeGreaterThan(10);
        else {
          expect(src.kind).toBe('source');
          expect(src.url).toMatch(/^https:\/\//);
          const cited = Object.values(p.company!.sources).find((s) => s.title === src.document!.title)!;
          expect(src.document).toMatchObject({ publisher: cited.publisher, date: cited.date, kind: cited.kind, press: cited.kind === 'press' });
        }
      }
    }
  });

  it('shows a tranche as the preset states it: values in their units, documents, assumptions with their reasons, press marked (RIOT, AMD at Rockdale)', async () => {
    const store = await storeWith([path.join(DATA, 'riot.json')]);
    const amd = block(companyDetail(store, 'RIOT')!.contracts, 'amd-rockdale');
    expect(amd.lines).toEqual(['Tenant: Advanced Micro Devices, Inc.']);
    // riot.json: "estimated contract revenue of $311.0 million" (Riot release, 2026-01-16)
    expect(row(amd.rows, 'tcv_usd')).toMatchObject({ label: 'Contract value (TCV)', value: '311,000,000', unit: 'USD', asof: '2026-01-16', source: { kind: 'source', document: { publisher: 'Riot Platforms, Inc.', kind: 'release', press: false } } });
    expect(row(amd.rows, 'it_mw')).toMatchObject({ value: '25.0', unit: 'IT MW' });
    expect(row(amd.rows, 'lease_rate_kw_month')).toMatchObject({ value: '92.53', unit: 'USD per IT kW per month', source: { note: expect.stringContaining('311e6') } });
    expect(row(amd.rows, 'schedule').value).toBe('2026-01-31: 12.5 · 2026-05-31: 12.5');
    // an assumption with its reason; the escalator shown as a percentage
    expect(row(amd.rows, 'lease_escalator')).toMatchObject({ value: '2.5%', source: { kind: 'assumption', text: expect.stringContaining('not disclosed') } });
    // the operating cost per IT MW cites a news rewrite (All IB News): marked press
    expect(row(amd.rows, 'ai_opex_mw_it_yr').source).toMatchObject({ kind: 'source', document: { kind: 'press', press: true, publisher: 'All IB News' } });
    expect(row(amd.rows, 'ai_mode')).toMatchObject({ value: 'colo', unit: undefined });
  });

  it('shows GPU terms of a cloud deal, to the digit the preset holds (IREN, Microsoft)', async () => {
    const store = await storeWith([path.join(DATA, 'iren.json')]);
    const ms = block(companyDetail(store, 'IREN')!.contracts, 'microsoft-horizon');
    expect(row(ms.rows, 'ai_mode').value).toBe('cloud');
    // iren.json, from IREN's 8-K of 2025-11-03 and its Q1 FY26 call: 76 000 GPUs; 9.7e9 / 5 / (76 000 × 8 760) = 2.914 USD per GPU-hour
    expect(row(ms.rows, 'gpu_count').value).toBe('76,000');
    expect(row(ms.rows, 'gpu_hour_rate')).toMatchObject({ value: '2.914', unit: 'USD per GPU-hour' }); // the cell format #,##0.00 would show 2.91
    expect(row(ms.rows, 'tcv_usd').value).toBe('9,700,000,000');
    expect(row(ms.rows, 'prepayment_share').value).toBe('20.0%');
    expect(ms.missing).toEqual([]);
  });

  it('shows the book, the balance sheet and the instruments of a company (test fixture), and says which terms a deal does not disclose', async () => {
    const store = await storeWith([FIXTURE]);
    const d = companyDetail(store, 'ZZMINE')!;
    expect(d.sources).toEqual({ primary: 3, press: 1 });
    expect(d.capacity.map((r) => [r.name, r.value])).toEqual([
      ['power_mw', '1,000.0'],
      ['energized_mw', '600.0'],
      ['mining_mw', '400.0'],
      ['under_construction_mw', '200.0'],
      ['contracted_unbuilt_mw', '100.0'],
      ['pipeline_mw', '2,000.0'],
    ]);
    expect(d.operations.map((r) => [r.name, r.value])).toEqual([
      ['hashrate_eh', '22.0'],
      ['efficiency_j_th', '17.5'],
      ['power_price_mwh', '40.00'],
      ['mining_end_date', '2028-12-31'],
    ]);
    const alpha = block(d.contracts, 'alpha');
    expect(alpha.lines).toEqual(['Tenant: Hyperscaler A', 'Guarantor / backstop: Big Tech Co']);
    // the tranche does not state its mode: the company's (colo), said to be company-wide
    expect(row(alpha.rows, 'ai_mode')).toMatchObject({ value: 'colo', note: 'company-wide' });
    expect(row(alpha.rows, 'backstop_usd').value).toBe('3,000,000,000');
    expect(row(alpha.rows, 'ownership_share')).toMatchObject({ value: '100.0%', note: expect.stringMatching(/^not stated/) });
    expect(row(alpha.rows, 'pue').value).toBe('1.25');
    expect(alpha.missing).toEqual([]);
    const beta = block(d.contracts, 'beta-jv');
    expect(row(beta.rows, 'ownership_share').value).toBe('51.0%');
    expect(row(beta.rows, 'it_mw').source!.document).toMatchObject({ press: true, note: 'the company has not published a release on this deal' });
    expect(beta.missing).toEqual(['schedule', 'ai_capex_mw_it']);
    expect(d.balance.map((r) => [r.name, r.value, r.unit])).toEqual([
      ['shares_basic', '300,000,000', 'shares'],
      ['rsus', '5,000,000', 'shares'],
      ['cash_usd', '500,000,000', 'USD'],
      ['btc_held', '1,000.0000', 'BTC'],
      ['preferred_usd', '0', 'USD'],
      ['corporate_ga_usd_yr', '60,000,000', 'USD per year'],
    ]);
    expect(row(d.balance, 'corporate_ga_usd_yr').source).toMatchObject({ kind: 'assumption', text: expect.stringContaining('stock compensation') });
    const notes = d.convertibles[0];
    expect(notes.rows.map((r) => [r.name, r.value])).toEqual([
      ['face_usd', '500,000,000'],
      ['conversion_price', '20.00'],
      ['cap_price', '30.00'],
      ['rate', '2.75%'], // a 2.75 % coupon, not the 2.8% a 0.0% cell shows
      ['maturity', '2030-06-01'],
    ]);
    expect(d.warrants[0].lines).toEqual(['Holder: Big Tech Co']);
    expect(d.debt[0].lines).toEqual(['Lender: Example Bank']);
    expect(row(d.debt[0].rows, 'recourse').value).toBe('project-level');
    expect(row(d.debt[0].rows, 'ownership_share').value).toBe('51.0%');
  });

  it('a company-wide contract term shows in each tranche that does not set its own (APLD escalator)', async () => {
    const store = await storeWith([path.join(DATA, 'apld.json')]);
    const doc = JSON.parse(fs.readFileSync(path.join(DATA, 'apld.json'), 'utf8'));
    for (const t of companyDetail(store, 'APLD')!.contracts) {
      const own = doc.contracts.find((c: { name: string }) => c.name === t.title).fields.lease_escalator;
      expect(row(t.rows, 'lease_escalator').note).toBe(own ? undefined : 'company-wide');
    }
  });

  it('the model inputs of a schema-2 preset cite their documents; a schema-1 preset has no company view', async () => {
    const store = await storeWith([path.join(DATA, 'riot.json')]);
    const price = detailRows(store, 'RIOT').find((r) => r.name === 'power_price_mwh')!;
    expect(price.layer).toBe('preset');
    expect(price.source.document).toBeDefined();
    expect(price.source.url).toMatch(/^https:\/\//);
    // a schema-1 file (model inputs only, free-text citations), as users still hold them
    const one = { ticker: 'ZZONE', name: 'Schema-1 Miner (test)', asof: '2025-12-31', ai_business: 'test fixture', fields: { power_price_mwh: { value: 40, asof: '2025-12-31', source: 'Q4 release, https://example.com/q4' } } };
    const imported = await importPresets(null, store, parsePresetBytes(new TextEncoder().encode(JSON.stringify(one))), '2026-11-27T12:00:00Z');
    expect(imported.ok).toBe(true);
    expect(store.preset('ZZONE')!.schema).toBe(1);
    expect(companyDetail(store, 'ZZONE')).toBeNull();
    expect(detailRows(store, 'ZZONE').find((r) => r.name === 'power_price_mwh')!.source).toEqual({ kind: 'source', text: 'Q4 release, https://example.com/q4', url: 'https://example.com/q4' });
  });

  it('shows a figure to the digit the preset holds, in its cell format where that loses nothing', () => {
    expect(formatValue(0.0325, 'per year')).toBe('3.25%');
    expect(formatValue(0.025, 'per year')).toBe('2.5%');
    expect(formatValue(2.914, 'USD per GPU-hour')).toBe('2.914');
    expect(formatValue(42, 'USD/MWh')).toBe('42.00');
    expect(formatValue(1440000, 'USD')).toBe('1,440,000');
    // a float artefact is not a digit the preset holds
    expect(formatValue(0.1 + 0.2, 'share')).toBe('30.0%');
  });
});
