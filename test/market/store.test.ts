/**
 * The market layer in the precedence chain:
 *   override > workbook preset table > company preset > workbook market data > bundled defaults.
 */
import { CATALOGUE, defaultInputs } from '../../src/engine/catalogue';
import { codec, MarketState } from '../../src/market';
import { loadBundled } from '../../src/presets/bundledDocuments';
import { MARKET_DATA_INPUTS, PresetStore } from '../../src/presets/store';
import { copiedCells, layerOf, sourceSheet } from '../../src/taskpane/presetTable';

const fresh = (): PresetStore => new PresetStore(loadBundled().presets);
function state(price = 90000): MarketState {
  const s = codec.parseSnapshotFile(JSON.stringify({ btc_price: price, network_hashrate_eh: 1000, difficulty: 1.4e14, fees_btc_per_block: 0.02, height: 978100, asof: '2026-11-27T12:00:00.000Z', source: 'https://mempool.space' }), 'x');
  if (!s.ok) throw new Error(s.error);
  return { snapshot: s.value, history: [] };
}
const get = (s: PresetStore, t: string, n: string) => (s.resolve(t, null) as Record<string, number | string>)[n];

describe('the market layer', () => {
  test('sets exactly the three market inputs (and the tip, which is not an input) for every ticker', () => {
    const s = fresh();
    s.setMarketData(state());
    for (const t of ['', ...s.tickers()]) {
      expect(get(s, t, 'btc_price')).toBe(90000);
      expect(get(s, t, 'network_hashrate_eh')).toBe(1000);
      expect(get(s, t, 'fees_btc_per_block')).toBe(0.02);
      expect(get(s, t, 'tip_height')).toBe(978100);
    }
    const d = defaultInputs();
    for (const c of CATALOGUE) if (!MARKET_DATA_INPUTS.includes(c.name)) expect(get(s, '', c.name)).toBe(d[c.name]);
  });

  test('removing it restores the bundled defaults; every change bumps the version', () => {
    const s = fresh();
    const v0 = s.version;
    s.setMarketData(state());
    s.setMarketData(null);
    expect(s.version).toBe(v0 + 2);
    expect(s.resolve('', null)).toEqual(defaultInputs());
    expect(s.marketData()).toBeNull();
  });

  test('overrides and the workbook table win over it; it wins over the defaults', () => {
    const s = fresh();
    s.setMarketData(state());
    expect((s.resolve('RIOT', new Map([['btc_price', 50000]])) as Record<string, number>).btc_price).toBe(50000);
    s.setWorkbookLayer(new Map([['RIOT', new Map<string, number | string>([['btc_price', 70000]])]]));
    expect(get(s, 'RIOT', 'btc_price')).toBe(70000);
    expect(get(s, 'IREN', 'btc_price')).toBe(90000);
    expect(s.explain('RIOT', 'btc_price', null)).toMatchObject({ layer: 'workbook', value: 70000 });
    expect(s.explain('IREN', 'btc_price', null)).toEqual({ name: 'btc_price', value: 90000, layer: 'marketdata', asof: '2026-11-27T12:00:00.000Z', basis: 'market data from https://mempool.space' });
    expect(s.explain('IREN', 'efficiency_j_th', null)).toMatchObject({ layer: 'preset' }); // iren.json: 15 J/TH
  });

  test('a preset-table value copied at load gives way to market data; an edited one does not', () => {
    const s = fresh();
    const loaded = sourceSheet(['RIOT'], (t) => s.preset(t));
    const edited = { ...loaded, cells: { ...loaded.cells, '': { ...loaded.cells[''], network_hashrate_eh: 1234 } } };
    s.setWorkbookLayer(layerOf(edited), copiedCells(edited, loaded));
    // no market data: the table's values (as loaded, and edited) apply
    expect(get(s, 'RIOT', 'btc_price')).toBe(loaded.cells[''].btc_price);
    expect(get(s, 'RIOT', 'network_hashrate_eh')).toBe(1234);
    s.setMarketData(state());
    expect(get(s, 'RIOT', 'btc_price')).toBe(90000);
    expect(get(s, '', 'btc_price')).toBe(90000);
    expect(get(s, 'RIOT', 'network_hashrate_eh')).toBe(1234);
    expect(s.explain('RIOT', 'network_hashrate_eh', null)).toMatchObject({ layer: 'workbook' });
    expect(s.explain('RIOT', 'btc_price', null)).toMatchObject({ layer: 'marketdata' });
    // other inputs of the table are not affected
    expect(get(s, 'RIOT', 'power_price_mwh')).toBe(loaded.cells.RIOT.power_price_mwh);
  });
});
