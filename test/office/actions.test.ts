/**
 * The pane's workbook actions against a mocked Excel (office-addin-mock): load,
 * refresh, import, insert model, and what happens to a damaged snapshot.
 */
import { loadBundled } from '../../src/presets/bundledDocuments';
import { PresetStore } from '../../src/presets/store';
import { parsePresetText, Preset } from '../../src/presets/schema';
import { importPresets, insertModel, keepDamagedCopy, loadPresets, refreshFromTable, startup } from '../../src/taskpane/actions';
import { SHEET_NAME, TABLE_NAME } from '../../src/taskpane/presetTable';
import { SNAPSHOT_KEY, decodeSnapshot } from '../../src/taskpane/snapshot';
import { FakeExcel, colLetters } from './fakeExcel';
import { CATALOGUE } from '../../src/engine/catalogue';
import riot from '../../src/presets/data/riot.json';

const NOW = '2026-02-01T10:00:00.000Z';
const freshStore = (): PresetStore => new PresetStore(loadBundled().presets);
const storeState = (s: PresetStore): string =>
  JSON.stringify({ tickers: s.tickers(), imported: s.importedPresets(), layer: [...s.workbookLayer()].map(([t, m]) => [t, [...m]]), riot: s.base('RIOT') });

/** Address of the cell of an input row and a column heading in the preset table. */
function cellOf(x: FakeExcel, name: string, heading: string): string {
  const row = CATALOGUE.findIndex((s) => s.name === name) + 2;
  for (let c = 0; c < 40; c++) if (x.cell(SHEET_NAME, `${colLetters(c)}1`)?.value === heading) return `${colLetters(c)}${row}`;
  throw new Error(`no column ${heading}`);
}

async function loaded(tickers = ['RIOT']): Promise<{ x: FakeExcel; store: PresetStore }> {
  const x = new FakeExcel();
  const store = freshStore();
  const out = await loadPresets(x.context(), store, tickers, NOW);
  expect(out.ok).toBe(true);
  return { x, store };
}

describe('Load into workbook', () => {
  it('writes the BTCAI_Presets table on its own sheet: one row per input, a column per ticker, unit and as-of columns', async () => {
    const { x } = await loaded(['RIOT', 'IREN']);
    expect(x.tables.get(TABLE_NAME)).toEqual({ sheet: SHEET_NAME, address: `A1:H${CATALOGUE.length + 1}` });
    const header = ['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1', 'H1'].map((a) => x.cell(SHEET_NAME, a)!.value);
    // tickers in the order chosen
    expect(header).toEqual(['input', 'unit', 'market', 'market as-of', 'RIOT', 'RIOT as-of', 'IREN', 'IREN as-of']);
    // riot.json: power_price_mwh 44.8 as of 2025-09-30; the as-of stays text, not a date serial
    expect(x.cell(SHEET_NAME, cellOf(x, 'power_price_mwh', 'RIOT'))!.value).toBe(44.8);
    expect(x.cell(SHEET_NAME, cellOf(x, 'power_price_mwh', 'RIOT as-of'))!.value).toBe('2025-09-30');
    expect(x.cell(SHEET_NAME, cellOf(x, 'power_price_mwh', 'unit'))!.value).toBe('USD/MWh');
    // the market column holds the catalogue default; a field RIOT's preset does not set is blank
    expect(x.cell(SHEET_NAME, cellOf(x, 'btc_price', 'market'))!.value).toBe(CATALOGUE.find((s) => s.name === 'btc_price')!.default);
    expect(x.cell(SHEET_NAME, cellOf(x, 'btc_price', 'RIOT'))!.value).toBe('');
  });

  it('saves a snapshot that a fresh store (a reopened workbook) applies before the bundled presets', async () => {
    const { x, store } = await loaded();
    const raw = x.settings.get(SNAPSHOT_KEY)!;
    expect(decodeSnapshot(raw).ok).toBe(true);
    // the bundled data changes later (a new add-in version): the workbook keeps its numbers
    const newer = JSON.parse(JSON.stringify(riot));
    newer.fields.power_price_mwh.value = 55;
    const reopened = new PresetStore(loadBundled([newer]).presets);
    expect((reopened.base('RIOT') as Record<string, number>).power_price_mwh).toBe(55);
    const { outcome } = await startup(x.context(), reopened);
    expect(outcome!.ok).toBe(true);
    expect(reopened.base('RIOT')).toEqual(store.base('RIOT'));
    expect((reopened.base('RIOT') as Record<string, number>).power_price_mwh).toBe(44.8);
    expect(x.calculations.at(-1)).toBe('Full');
  });

  it('loading again after the bundled data changed keeps the user\'s edit and lists what changed', async () => {
    const { x } = await loaded();
    x.type(SHEET_NAME, cellOf(x, 'power_price_mwh', 'RIOT'), 39);
    const newer = JSON.parse(JSON.stringify(riot));
    newer.fields.power_price_mwh.value = 44; // changed under the user's edit
    newer.fields.efficiency_j_th.value = 19; // changed, not edited
    const store = new PresetStore(loadBundled([newer]).presets);
    const out = await loadPresets(x.context(), store, ['RIOT'], NOW);
    expect(out.ok).toBe(true);
    expect(x.cell(SHEET_NAME, cellOf(x, 'power_price_mwh', 'RIOT'))!.value).toBe(39);
    expect(x.cell(SHEET_NAME, cellOf(x, 'efficiency_j_th', 'RIOT'))!.value).toBe(19);
    expect(out.details).toEqual(['updated RIOT efficiency_j_th: 20.5 → 19', 'kept your edit RIOT power_price_mwh = 39 (presets now say 44)']);
    const b = store.base('RIOT') as Record<string, number>;
    expect([b.power_price_mwh, b.efficiency_j_th]).toEqual([39, 19]);
  });
});

describe('Refresh', () => {
  it('reads edits into the store and the snapshot, then recalculates everything', async () => {
    const { x, store } = await loaded();
    x.type(SHEET_NAME, cellOf(x, 'power_price_mwh', 'RIOT'), 38.5);
    x.type(SHEET_NAME, cellOf(x, 'btc_price', 'market'), 90000);
    const calcs = x.calculations.length;
    const out = await refreshFromTable(x.context(), store, NOW);
    expect(out.ok).toBe(true);
    expect(out.details).toEqual([`market btc_price: ${CATALOGUE.find((s) => s.name === 'btc_price')!.default} → 90000`, 'RIOT power_price_mwh: 44.8 → 38.5']);
    const b = store.base('RIOT') as Record<string, number>;
    expect([b.power_price_mwh, b.btc_price]).toEqual([38.5, 90000]);
    expect((store.base('') as Record<string, number>).btc_price).toBe(90000);
    expect(x.calculations.slice(calcs)).toEqual(['Full']);
    const snap = decodeSnapshot(x.settings.get(SNAPSHOT_KEY)!);
    expect(snap.ok && snap.snapshot.sheet.cells.RIOT.power_price_mwh).toBe(38.5);
  });

  it('a bad cell is reported by address and changes nothing', async () => {
    const { x, store } = await loaded();
    const where = cellOf(x, 'uptime', 'RIOT');
    x.type(SHEET_NAME, cellOf(x, 'power_price_mwh', 'RIOT'), 40);
    x.type(SHEET_NAME, where, 1.5); // uptime is a share, 0 to 1
    const before = { store: storeState(store), book: x.dump(), calcs: x.calculations.length };
    const out = await refreshFromTable(x.context(), store, NOW);
    expect(out.ok).toBe(false);
    expect(out.details).toHaveLength(1);
    expect(out.details[0]).toContain(`${SHEET_NAME}!${where}`);
    expect(out.details[0]).toContain('uptime was 1.5; allowed: a number from 0 to 1');
    expect(storeState(store)).toBe(before.store);
    expect(x.dump()).toBe(before.book);
    expect(x.calculations.length).toBe(before.calcs);
  });

  it('text typed where a number belongs is refused with its address', async () => {
    const { x, store } = await loaded();
    const where = cellOf(x, 'pue', 'market');
    x.type(SHEET_NAME, where, '1,3');
    const out = await refreshFromTable(x.context(), store, NOW);
    expect(out.ok).toBe(false);
    expect(out.details.join('\n')).toContain(`${where} (market): pue needs a number`);
  });
});

describe('Import', () => {
  const good = (ticker: string, price = 40): string =>
    JSON.stringify({ ticker, name: `${ticker} Corp`, asof: '2026-01-10', ai_business: 'colocation', fields: { power_price_mwh: { value: price, asof: '2026-01-10', source: 'test fixture' } } });

  it('a file with one bad preset changes neither the store nor the workbook', async () => {
    const { x, store } = await loaded();
    const before = { store: storeState(store), book: x.dump() };
    const bad = `[${good('NEWCO')}, ${good('BADCO', -5)}]`;
    const v = parsePresetText(bad);
    const out = await importPresets(x.context(), store, v, NOW);
    expect(out.ok).toBe(false);
    expect(out.details.join('\n')).toContain('power_price_mwh');
    expect(storeState(store)).toBe(before.store);
    expect(x.dump()).toBe(before.book);
  });

  it('accepted presets join the store and the snapshot, and survive a reopen', async () => {
    const { x, store } = await loaded();
    const out = await importPresets(x.context(), store, parsePresetText(good('NEWCO', 33)), NOW);
    expect(out.ok).toBe(true);
    expect((store.base('NEWCO') as Record<string, number>).power_price_mwh).toBe(33);
    const reopened = freshStore();
    await startup(x.context(), reopened);
    expect(reopened.tickers()).toContain('NEWCO');
    expect(reopened.importedPresets().map((p: Preset) => p.ticker)).toEqual(['NEWCO']);
  });

  it('an import of a ticker in the table says the table wins until it is loaded again', async () => {
    const { x, store } = await loaded();
    const out = await importPresets(x.context(), store, parsePresetText(good('RIOT', 30)), NOW);
    expect(out.details.join('\n')).toContain('RIOT is in the workbook table');
    expect((store.base('RIOT') as Record<string, number>).power_price_mwh).toBe(44.8);
  });
});

describe('Insert model', () => {
  it('adds a sheet of BTCAI formulas over an inputs block, a sensitivity grid and a column chart', async () => {
    const x = new FakeExcel();
    const out = await insertModel(x.context(), 'RIOT');
    expect(out.ok).toBe(true);
    const s = 'BTCAI Model RIOT';
    expect(x.activeSheet).toBe(s);
    expect(x.cell(s, 'B2')!.value).toBe('RIOT');
    expect(x.cell(s, 'A5')!.value).toBe('btc_price');
    expect(x.cell(s, 'B5')!.formula).toBe('=BTCAI.INPUT($B$2,"btc_price")');
    expect(x.cell(s, 'A17')!.formula).toBe('=BTCAI.HASH_VS_LEASE($B$2,"table",$A$5:$B$13,"tranche","standard")');
    expect(x.cell(s, 'F5')!.formula).toBe('=BTCAI.MINER_AI_YIELD($B$2,"yield",$A$5:$B$13,"tranche","standard")');
    expect(x.cell(s, 'F6')!.formula).toBe('=BTCAI.MINER_AI_YIELD($B$2,"irr",$A$5:$B$13,"tranche","standard")');
    expect(x.cell(s, 'F7')!.formula).toBe('=BTCAI.MINER_AI_YIELD($B$2,"npv",$A$5:$B$13,"tranche","standard")');
    // grid: the axes are not in the overrides range (a name given twice is #VALUE!)
    expect(x.cell(s, 'B30')!.formula).toBe('=BTCAI.HASH_VS_LEASE($B$2,"delta",$A$7:$B$13,"btc_price",B$29,"lease_rate_kw_month",$A30,"tranche","standard")');
    expect(x.cell(s, 'F34')!.formula).toBe('=BTCAI.HASH_VS_LEASE($B$2,"delta",$A$7:$B$13,"btc_price",F$29,"lease_rate_kw_month",$A34,"tranche","standard")');
    expect(x.cell(s, 'D29')!.formula).toBe('=$B$5*1');
    expect(x.charts).toEqual([{ sheet: s, type: 'ColumnClustered', source: 'F17:G18', seriesBy: 'Auto', title: 'RIOT: mining vs AI EBITDA per gross MW per year (USD)', position: ['I4', 'O20'] }]);
    expect(x.cell(s, 'G17')!.formula).toBe('=BTCAI.HASH_VS_LEASE($B$2,"mining_ebitda",$A$5:$B$13,"tranche","standard")');
    // the company beside the per-MW model: value per share, the sum of the parts and the comps, at the block's BTC price and network
    expect(x.cell(s, 'F10')!.formula).toBe('=BTCAI.COMPANY($B$2,"value_per_share","btc_price",$B$5,"network_hashrate_eh",$B$7)');
    expect(x.cell(s, 'A38')!.formula).toBe('=BTCAI.COMPANY($B$2,"table","btc_price",$B$5,"network_hashrate_eh",$B$7)');
    expect(x.cell(s, 'A56')!.formula).toBe('=BTCAI.COMPS(,,"btc_price",$B$5,"network_hashrate_eh",$B$7)');
  });

  it('a second model of the same ticker gets its own sheet', async () => {
    const x = new FakeExcel();
    await insertModel(x.context(), 'RIOT');
    const out = await insertModel(x.context(), 'RIOT');
    expect(out.message).toContain('BTCAI Model RIOT (2)');
    expect(x.sheets.has('BTCAI Model RIOT (2)')).toBe(true);
  });
});

describe('A damaged snapshot', () => {
  async function damaged(): Promise<{ x: FakeExcel; raw: string }> {
    const { x } = await loaded();
    const raw = x.settings.get(SNAPSHOT_KEY)!.replace('"power_price_mwh":44.8', '"power_price_mwh":"forty-two"');
    x.settings.set(SNAPSHOT_KEY, raw);
    return { x, raw };
  }

  it('opens on the bundled presets, says so, and leaves the damaged text alone', async () => {
    const { x, raw } = await damaged();
    const store = freshStore();
    const bundled = storeState(store);
    const { outcome } = await startup(x.context(), store);
    expect(outcome!.ok).toBe(false);
    expect(outcome!.message).toContain('damaged');
    expect(outcome!.details.join('\n')).toContain('power_price_mwh');
    expect(storeState(store)).toBe(bundled);
    expect(x.settings.get(SNAPSHOT_KEY)).toBe(raw);
  });

  it('is not overwritten by load, refresh or import', async () => {
    const { x, raw } = await damaged();
    const store = freshStore();
    const book = x.dump();
    expect((await loadPresets(x.context(), store, ['IREN'], NOW)).ok).toBe(false);
    expect((await refreshFromTable(x.context(), store, NOW)).ok).toBe(false);
    const imp = parsePresetText(JSON.stringify({ ticker: 'NEWCO', name: 'N', asof: '2026-01-10', ai_business: 'colo', fields: {} }));
    expect((await importPresets(x.context(), store, imp, NOW)).ok).toBe(false);
    expect(x.settings.get(SNAPSHOT_KEY)).toBe(raw);
    expect(x.dump()).toBe(book);
  });

  it('is kept under another key only when the user asks, after which loading works', async () => {
    const { x, raw } = await damaged();
    const store = freshStore();
    const out = await keepDamagedCopy(x.context(), NOW);
    expect(out.ok).toBe(true);
    expect(x.settings.get('btcai.snapshot.damaged.20260201T100000')).toBe(raw);
    expect(x.settings.has(SNAPSHOT_KEY)).toBe(false);
    expect((await loadPresets(x.context(), store, ['RIOT'], NOW)).ok).toBe(true);
    expect(decodeSnapshot(x.settings.get(SNAPSHOT_KEY)!).ok).toBe(true);
    expect(x.settings.get('btcai.snapshot.damaged.20260201T100000')).toBe(raw);
  });
});
