import { CATALOGUE } from '../../src/engine/catalogue';
import { loadBundled } from '../../src/presets/bundledDocuments';
import { PresetStore } from '../../src/presets/store';
import { detailRows, filterPresets, formatValue, linkInText, safeLinkUrl } from '../../src/taskpane/view';

const store = () => new PresetStore(loadBundled().presets);

describe('the preset list and detail view', () => {
  it('search matches ticker, company name or AI business, every word, any case', () => {
    const s = store();
    expect(filterPresets(s, '').length).toBe(s.tickers().length);
    expect(filterPresets(s, 'riot').map((i) => i.ticker)).toEqual(['RIOT']);
    expect(filterPresets(s, 'platforms AMD').map((i) => i.ticker)).toEqual(['RIOT']); // riot.json: "Riot Platforms", lease with AMD
    expect(filterPresets(s, 'zzzz')).toEqual([]);
  });

  it('shows each field with unit, value, as-of date and its source or assumption', () => {
    const rows = detailRows(store(), 'RIOT');
    expect(rows).toHaveLength(CATALOGUE.length);
    const price = rows.find((r) => r.name === 'power_price_mwh')!;
    // the value reads as a cell shows it (USD/MWh: #,##0.00)
    // riot.json: 44.8 USD/MWh as of 2025-09-30, from the report of Riot's September 2025 update (a press rewrite)
    expect(price).toMatchObject({ unit: 'USD/MWh', value: '44.80', asof: '2025-09-30', layer: 'preset', group: 'site' });
    expect(price.basis).toContain('Riot produces 445 bitcoin in September');
    expect(price.source).toMatchObject({ kind: 'source', text: expect.stringContaining('Riot produces 445 bitcoin in September') });
    const overhead = rows.find((r) => r.name === 'mining_overhead')!;
    expect(overhead.basis).toMatch(/^assumption: /);
    expect(overhead.source.kind).toBe('assumption');
    expect(overhead.source.text).not.toMatch(/^assumption: /);
    const btc = rows.find((r) => r.name === 'btc_price')!;
    expect(btc.layer).toBe('market default');
    expect(btc.source.kind).toBe('market default');
    expect(rows.find((r) => r.name === 'uptime')!.value).toMatch(/%$/);
    expect(rows.find((r) => r.name === 'valuation_date')!.value).toBe('2026-01-01');
  });

  it('marks values that come from the workbook table', () => {
    const s = store();
    s.setWorkbookLayer(new Map([['RIOT', new Map<string, number | string>([['power_price_mwh', 40]])]]));
    expect(detailRows(s, 'RIOT').find((r) => r.name === 'power_price_mwh')).toMatchObject({ value: '40.00', layer: 'workbook table', source: { kind: 'workbook table' } });
    expect(filterPresets(s, 'riot')[0].inWorkbook).toBe(true);
  });

  it('formats numbers for reading: in their unit\'s cell format, else grouped with up to 6 significant decimals', () => {
    expect(formatValue(10000000)).toBe('10,000,000');
    expect(formatValue(0.123456789)).toBe('0.123457');
    expect(formatValue('colo')).toBe('colo');
    expect(formatValue(0.95, 'share of hours')).toBe('95.0%');
    expect(formatValue(10000000, 'USD per IT MW')).toBe('10,000,000');
    expect(formatValue(46023, 'Excel date serial')).toBe('2026-01-01');
  });

  it('links only to https documents (or http on this computer)', () => {
    expect(safeLinkUrl('https://investors.riotplatforms.com/news')).toBe('https://investors.riotplatforms.com/news');
    expect(safeLinkUrl('http://localhost:3000/x')).toBe('http://localhost:3000/x');
    for (const bad of ['http://example.com/x', 'javascript:alert(1)', 'data:text/html,hi', 'ftp://x/y', 'not a url', '']) expect(safeLinkUrl(bad)).toBeUndefined();
    expect(linkInText('Q3 results, Riot release 2025-10-30, https://www.riotplatforms.com/q3.')).toBe('https://www.riotplatforms.com/q3');
    expect(linkInText('see http://evil.example/x')).toBeUndefined();
    expect(linkInText('no address here')).toBeUndefined();
  });
});
