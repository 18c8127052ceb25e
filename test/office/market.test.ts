/**
 * The pane's "Refresh market data" against a local stub API and a mocked Excel
 * (office-addin-mock): what it writes (BTCAI_Market, BTCAI_MarketHistory, the
 * stored copy, the source setting), what a reopened workbook reads back, and
 * that every failure leaves the workbook, its history and the store untouched.
 */
import * as F from '../../src/functions/functions';
import { FetchLike, codec } from '../../src/market';
import { store as globalStore } from '../../src/presets/bundled';
import { loadBundled } from '../../src/presets/bundledDocuments';
import { PresetStore } from '../../src/presets/store';
import { loadPresets, refreshFromTable, startup } from '../../src/taskpane/actions';
import { HISTORY_SHEET, HISTORY_TABLE, MARKET_KEY, MARKET_SHEET, MARKET_SOURCE_KEY, MARKET_TABLE, marketStartup, marketSummary, refreshMarketData } from '../../src/taskpane/marketData';
import { SHEET_NAME } from '../../src/taskpane/presetTable';
import { CATALOGUE } from '../../src/engine/catalogue';
import { FAILURES } from '../market/failures';
import { Stub, T0_MS, shiftedFixtures, startStub } from '../market/stubServer';
import { one } from '../support/excel';
import { FakeExcel, colLetters } from './fakeExcel';

const nodeFetch: FetchLike = (u, init) => fetch(u, init);
const freshStore = (): PresetStore => new PresetStore(loadBundled().presets);
const storeState = (s: PresetStore): string => JSON.stringify({ market: s.marketData(), generic: s.base(''), riot: s.base('RIOT') });

let stub: Stub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(() => stub.close());
afterEach(() => stub.reset());

async function refreshed(s: PresetStore = freshStore(), x = new FakeExcel()): Promise<{ x: FakeExcel; store: PresetStore }> {
  const out = await refreshMarketData(x.context(), s, stub.url, nodeFetch, T0_MS, 2000);
  if (!out.ok) throw new Error(out.message);
  return { x, store: s };
}

describe('Refresh market data', () => {
  test('writes the BTCAI_Market table: field, value, as-of, source', async () => {
    const { x } = await refreshed();
    expect(x.tables.get(MARKET_TABLE)).toEqual({ sheet: MARKET_SHEET, address: 'A1:D7' });
    const row = (r: number) => ['A', 'B', 'C', 'D'].map((c) => x.cell(MARKET_SHEET, `${c}${r}`)!.value);
    expect(row(1)).toEqual(['field', 'value', 'as-of', 'source']);
    // the fixtures' figures (test/fixtures/market/README.md)
    expect(row(2)).toEqual(['btc_price', 91234, '2026-11-27T12:00:00.000Z', stub.url]);
    expect(row(3)[1]).toBeCloseTo(1031.2, 9);
    expect(row(5)[1]).toBeCloseTo(0.0213, 12);
    expect(row(6)).toEqual(['height', 978100, '2026-11-27T12:00:00.000Z', stub.url]);
    expect(row(7)[0]).toBe('hashprice');
    expect(x.cell(MARKET_SHEET, 'C2')!.numberFormat).toBe('@'); // the as-of stays text
  });

  test('writes the daily history as BTCAI_MarketHistory, dates as date serials', async () => {
    const { x } = await refreshed();
    const t = x.tables.get(HISTORY_TABLE)!;
    expect(t.sheet).toBe(HISTORY_SHEET);
    const rows = Number(/:E(\d+)$/.exec(t.address)![1]);
    expect(rows).toBeGreaterThan(300);
    expect(x.cell(HISTORY_SHEET, 'A1')!.value).toBe('date');
    // the last row is today's, from the snapshot: 2026-11-27 is serial 46353
    expect(x.cell(HISTORY_SHEET, `A${rows}`)!.value).toBe(46353);
    expect(x.cell(HISTORY_SHEET, `A${rows}`)!.numberFormat).toBe('yyyy-mm-dd');
    expect(x.cell(HISTORY_SHEET, `B${rows}`)!.value).toBe(91234);
  });

  test('stores the snapshot and history in the workbook setting and the source address, then recalculates', async () => {
    const { x, store } = await refreshed();
    const d = codec.decodeState(x.settings.get(MARKET_KEY)!);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value).toEqual(store.marketData());
    expect(x.settings.get(MARKET_SOURCE_KEY)).toBe(stub.url);
    expect(x.calculations).toEqual(['Full']);
    expect((store.base('') as Record<string, number>).btc_price).toBe(91234);
  });

  test('a reopened workbook reads it back into the store (marketStartup takes no fetch: it cannot go online)', async () => {
    const { x, store } = await refreshed();
    const reopened = freshStore();
    const r = await marketStartup(x.context(), reopened);
    expect(r.source).toBe(stub.url);
    expect(r.outcome!.ok).toBe(true);
    expect(r.outcome!.message).toBe(marketSummary(store.marketData()!.snapshot));
    expect(reopened.marketData()).toEqual(store.marketData());
    expect(reopened.base('RIOT')).toEqual(store.base('RIOT'));
  });

  test('a second refresh keeps the older days and replaces the ones it covers', async () => {
    const x = new FakeExcel();
    const s = freshStore();
    const early = await startStub(shiftedFixtures(-30));
    try {
      const a = await refreshMarketData(x.context(), s, early.url, nodeFetch, T0_MS - 30 * 86_400_000, 2000);
      expect(a.ok).toBe(true);
    } finally {
      await early.close();
    }
    const first = s.marketData()!.history;
    await refreshed(s, x);
    const second = s.marketData()!.history;
    expect(second[0].date).toBe(first[0].date); // a day only the first refresh had is kept
    expect(second.at(-1)!.date).toBe('2026-11-27');
    expect(new Set(second.map((d) => d.date)).size).toBe(second.length);
    expect(second.length).toBeGreaterThan(first.length);
  });
});

describe('a failed refresh changes nothing', () => {
  // each failure after a good refresh: tables, history, settings, store and recalculations stay as they were
  test.each(FAILURES)('%s', async (_name, key, behaviour, reason) => {
    const { x, store } = await refreshed();
    const before = { book: x.dump(), store: storeState(store), calcs: x.calculations.length, syncs: x.syncs };
    stub.set(key, behaviour());
    const out = await refreshMarketData(x.context(), store, stub.url, nodeFetch, T0_MS + 3_600_000, 400);
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(reason);
    expect(out.message).toMatch(/The workbook's market data is unchanged\.$/);
    expect(x.dump()).toBe(before.book);
    expect(storeState(store)).toBe(before.store);
    expect(x.calculations.length).toBe(before.calcs);
  });

  test('an address that is not https is refused before any request, and nothing changes', async () => {
    const { x, store } = await refreshed();
    const book = x.dump();
    let called = false;
    const out = await refreshMarketData(x.context(), store, 'http://mempool.space', async () => {
      called = true;
      throw new Error('unreachable');
    }, T0_MS);
    expect(out.ok).toBe(false);
    expect(out.message).toMatch(/Only https/);
    expect(called).toBe(false);
    expect(x.dump()).toBe(book);
  });

  test('a failure on the first refresh leaves an empty workbook empty', async () => {
    const x = new FakeExcel();
    const s = freshStore();
    const before = { book: x.dump(), store: storeState(s) };
    stub.set('rewardStats', { kind: 'body', status: 503, body: 'down', contentType: 'text/plain' });
    const out = await refreshMarketData(x.context(), s, stub.url, nodeFetch, T0_MS, 2000);
    expect(out.ok).toBe(false);
    expect(x.dump()).toBe(before.book);
    expect(storeState(s)).toBe(before.store);
    expect(s.marketData()).toBeNull();
  });
});

describe('damaged stored market data', () => {
  test('opens on the bundled defaults and says so; a refresh keeps the damaged copy aside and replaces it', async () => {
    const { x } = await refreshed();
    const raw = x.settings.get(MARKET_KEY)!.replace('"btc_price":91234', '"btc_price":"lots"');
    x.settings.set(MARKET_KEY, raw);
    const s = freshStore();
    const r = await marketStartup(x.context(), s);
    expect(r.outcome!.ok).toBe(false);
    expect(r.outcome!.message).toMatch(/damaged .*btc_price needs a number/);
    expect(s.marketData()).toBeNull();
    expect(x.settings.get(MARKET_KEY)).toBe(raw);
    const out = await refreshMarketData(x.context(), s, stub.url, nodeFetch, T0_MS, 2000);
    expect(out.ok).toBe(true);
    expect(x.settings.get('btcai.market.damaged.20261127T120000')).toBe(raw);
    expect(codec.decodeState(x.settings.get(MARKET_KEY)!).ok).toBe(true);
  });
});

describe('market data in the precedence chain, through the functions', () => {
  afterEach(() => {
    globalStore.setMarketData(null);
    globalStore.setWorkbookLayer(new Map());
    globalStore.setImported([]);
  });

  test('HASH_VS_LEASE("RIOT") follows the refreshed price, MARKET("asof") is the refresh time, INPUT_SOURCE names the source', async () => {
    const before = one(F.hashVsLease('RIOT', 'mining_ebitda'));
    await refreshed(globalStore);
    const after = one(F.hashVsLease('RIOT', 'mining_ebitda'));
    expect(after).not.toBeCloseTo(before, 0);
    // the same as passing the snapshot's figures as overrides (and no other input changed)
    const s = globalStore.marketData()!.snapshot;
    expect(after).toBeCloseTo(one(F.hashVsLease('RIOT', 'mining_ebitda', [[['btc_price', s.btc_price], ['network_hashrate_eh', s.network_hashrate_eh], ['fees_btc_per_block', s.fees_btc_per_block]]])), 6);
    expect(one(F.market('asof'))).toBeCloseTo(46353.5, 9); // 2026-11-27 12:00 UTC
    expect(F.inputSource('RIOT', 'btc_price')).toBe(`market data from ${stub.url} as of 2026-11-27 12:00 UTC: 91234`);
  });

  test('loaded presets: the table\'s copied market values give way to market data, an edit of the user\'s does not', async () => {
    const x = new FakeExcel();
    expect((await loadPresets(x.context(), globalStore, ['RIOT'], '2026-11-27T11:00:00.000Z')).ok).toBe(true);
    await refreshed(globalStore, x);
    expect(F.input('RIOT', 'btc_price')).toBe(91234);
    expect(F.input('', 'btc_price')).toBe(91234);
    // the user types a price into the table's market column and refreshes from the table: the edit wins
    const row = CATALOGUE.findIndex((c) => c.name === 'btc_price') + 2;
    const col = [...Array(8).keys()].find((c) => x.cell(SHEET_NAME, `${colLetters(c)}1`)?.value === 'market')!;
    x.type(SHEET_NAME, `${colLetters(col)}${row}`, 80000);
    expect((await refreshFromTable(x.context(), globalStore, '2026-11-27T13:00:00.000Z')).ok).toBe(true);
    expect(F.input('RIOT', 'btc_price')).toBe(80000);
    expect(F.inputSource('RIOT', 'btc_price')).toMatch(/^workbook: 80000/);
    // and the network hashrate, not edited, still comes from market data
    expect(F.inputSource('RIOT', 'network_hashrate_eh')).toMatch(/^market data from /);
    // a reopened workbook resolves the same way
    const reopened = freshStore();
    await startup(x.context(), reopened);
    await marketStartup(x.context(), reopened);
    expect(reopened.base('RIOT')).toEqual(globalStore.base('RIOT'));
  });
});
