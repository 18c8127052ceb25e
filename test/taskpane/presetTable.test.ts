import { CATALOGUE } from '../../src/engine/catalogue';
import { loadBundled } from '../../src/presets/bundledDocuments';
import { diffSheets, layerOf, mergeSource, parseOrigin, parseTableValues, sheetToValues, sourceSheet } from '../../src/taskpane/presetTable';

const bundled = loadBundled().presets;
const presetOf = (t: string) => bundled.find((p) => p.ticker === t);
const rowOf = (name: string): number => CATALOGUE.findIndex((s) => s.name === name) + 1;

describe('the preset table', () => {
  it('reads back exactly what it wrote', () => {
    const s = sourceSheet(['RIOT', 'IREN', 'NOPE'], presetOf);
    expect(s.tickers).toEqual(['RIOT', 'IREN']);
    const { values } = sheetToValues(s);
    const p = parseTableValues(values, "'BTCAI Presets'!A1:H42");
    expect(p.ok && p.sheet).toEqual(s);
  });

  it('gives each ticker the market value where its preset is silent, and its own value elsewhere', () => {
    const layer = layerOf(sourceSheet(['RIOT'], presetOf));
    expect(layer.get('RIOT')!.get('btc_price')).toBe(CATALOGUE.find((s) => s.name === 'btc_price')!.default); // catalogue default
    expect(layer.get('RIOT')!.get('power_price_mwh')).toBe(44.8); // riot.json
    expect(layer.get('')!.get('power_price_mwh')).toBe(45); // catalogue default
    expect(layer.get('RIOT')!.size).toBe(CATALOGUE.length);
  });

  it('reports every bad cell by its address, relative to where the table starts', () => {
    const { values } = sheetToValues(sourceSheet(['RIOT'], presetOf));
    values[rowOf('uptime')][4] = -1;
    values[rowOf('ai_mode')][2] = 'hosting';
    values[rowOf('pue')][0] = 'peu';
    const p = parseTableValues(values, "'BTCAI Presets'!B3:G44");
    expect(p.ok).toBe(false);
    if (p.ok) return;
    // uptime is row 15 of the catalogue → sheet row 3 + 15 = 18; column 4 of the table starting at B is F
    expect(p.errors).toContain('BTCAI Presets!F18 (RIOT): uptime was -1; allowed: a number from 0 to 1 (share of hours)');
    expect(p.errors.some((e) => e.startsWith(`BTCAI Presets!D${3 + rowOf('ai_mode')} (market): ai_mode was "hosting"`))).toBe(true);
    expect(p.errors.some((e) => e.startsWith(`BTCAI Presets!B${3 + rowOf('pue')}: "peu" is not an input name (did you mean "pue"?)`))).toBe(true);
  });

  it('a cleared ticker cell falls back to the market value; a cleared market cell is an error', () => {
    const { values } = sheetToValues(sourceSheet(['RIOT'], presetOf));
    values[rowOf('power_price_mwh')][4] = '';
    const p = parseTableValues(values, 'A1:F42');
    expect(p.ok && layerOf(p.sheet).get('RIOT')!.get('power_price_mwh')).toBe(45);
    values[rowOf('power_price_mwh')][2] = '';
    const q = parseTableValues(values, 'A1:F42');
    expect(!q.ok && q.errors).toEqual([`C${1 + rowOf('power_price_mwh')}: market power_price_mwh is empty; type a value (USD/MWh)`]);
  });

  it('reads an as-of date that Excel turned into a serial back as ISO text', () => {
    const { values } = sheetToValues(sourceSheet(['RIOT'], presetOf));
    values[rowOf('power_price_mwh')][5] = 45933; // serial of 2025-10-03
    const p = parseTableValues(values, 'A1:F42');
    expect(p.ok && p.sheet.asof.RIOT.power_price_mwh).toBe('2025-10-03');
  });

  it('parses sheet names with quotes and spaces out of an address', () => {
    expect(parseOrigin("'Bob''s sheet'!$C$7:$D$9")).toEqual({ sheet: "Bob's sheet", row: 7, col: 2 });
    expect(parseOrigin('AB12')).toEqual({ sheet: '', row: 12, col: 27 });
  });
});

describe('merging newer bundled data', () => {
  const base = sourceSheet(['RIOT'], presetOf);
  const edit = (s: typeof base, t: string, name: string, v: number | undefined) => {
    const column: Record<string, number | string> = { ...s.cells[t] };
    if (v === undefined) delete column[name];
    else column[name] = v;
    return { ...s, cells: { ...s.cells, [t]: column } };
  };

  it('keeps every edit, takes every unedited change, and lists both', () => {
    const current = edit(edit(base, 'RIOT', 'power_price_mwh', 39), '', 'btc_price', 90000);
    const newer = edit(edit(base, 'RIOT', 'power_price_mwh', 44), 'RIOT', 'uptime', 0.9);
    const m = mergeSource(current, base, newer);
    expect(m.sheet.cells.RIOT.power_price_mwh).toBe(39);
    expect(m.sheet.cells.RIOT.uptime).toBe(0.9);
    expect(m.sheet.cells[''].btc_price).toBe(90000);
    expect(m.keptEdits).toEqual([{ ticker: 'RIOT', name: 'power_price_mwh', from: 44, to: 39 }]);
    expect(m.updated).toEqual([{ ticker: 'RIOT', name: 'uptime', from: 0.88, to: 0.9 }]);
  });

  it('a cell the user cleared stays cleared', () => {
    const current = edit(base, 'RIOT', 'pool_fee', undefined);
    const m = mergeSource(current, base, base);
    expect(m.sheet.cells.RIOT.pool_fee).toBeUndefined();
    expect(diffSheets(base, m.sheet)).toEqual([{ ticker: 'RIOT', name: 'pool_fee', from: 0.01, to: undefined }]);
  });

  it('adds newly chosen tickers from the source', () => {
    const m = mergeSource(base, base, sourceSheet(['RIOT', 'IREN'], presetOf));
    expect(m.sheet.tickers).toEqual(['RIOT', 'IREN']);
    expect(m.sheet.cells.IREN).toEqual(sourceSheet(['IREN'], presetOf).cells.IREN);
    expect(m.updated).toEqual([]);
  });
});
