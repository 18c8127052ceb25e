import { CATALOGUE } from '../../src/engine/catalogue';
import { loadBundled } from '../../src/presets/bundled';
import { PresetStore } from '../../src/presets/store';
import { detailRows, filterPresets, formatValue } from '../../src/taskpane/view';

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
    expect(price).toMatchObject({ unit: 'USD/MWh', value: '42', asof: '2025-10-03', layer: 'preset' });
    expect(price.basis).toContain('Riot Platforms September 2025 production');
    expect(rows.find((r) => r.name === 'mining_overhead')!.basis).toMatch(/^assumption: /);
    expect(rows.find((r) => r.name === 'btc_price')!.layer).toBe('market default');
  });

  it('marks values that come from the workbook table', () => {
    const s = store();
    s.setWorkbookLayer(new Map([['RIOT', new Map<string, number | string>([['power_price_mwh', 40]])]]));
    expect(detailRows(s, 'RIOT').find((r) => r.name === 'power_price_mwh')).toMatchObject({ value: '40', layer: 'workbook table' });
    expect(filterPresets(s, 'riot')[0].inWorkbook).toBe(true);
  });

  it('formats numbers for reading', () => {
    expect(formatValue(10000000)).toBe('10,000,000');
    expect(formatValue(0.123456789)).toBe('0.123457');
    expect(formatValue('colo')).toBe('colo');
  });
});
