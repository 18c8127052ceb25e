/**
 * MARKET, HASHPRICE_HISTORY, INPUT_SOURCE, BLOCK_SUBSIDY and NEXT_HALVING
 * through the Excel-facing wrappers, with market data in the store (as the pane
 * or `btcai eval --market` puts it there) and without.
 */
import * as F from '../../src/functions/functions';
import { MARKET_DEFAULTS_ASOF } from '../../src/engine/catalogue';
import { isoFromSerial, serialFromIso, serialFromUtc } from '../../src/engine/dates';
import { hashpriceUsdPerPhDay } from '../../src/engine/network';
import { codec, MarketState } from '../../src/market';
import { store } from '../../src/presets/bundled';
import { setDataTypeLevel } from '../../src/functions/cellValues';
import { errorOf, one } from '../support/excel';

// a snapshot of round figures: 90 000 USD, 1 000 EH/s, 0.02 BTC fees, tip 978 100 at 2026-11-27 12:00 UTC
const SNAPSHOT = { btc_price: 90000, network_hashrate_eh: 1000, difficulty: 1.4e14, fees_btc_per_block: 0.02, height: 978100, asof: '2026-11-27T12:00:00.000Z' };
const HP = hashpriceUsdPerPhDay(90000, 1000, 0.02, 3.125); // 144 · 3.145 · 90 000 / 1 000 000 = 40.7592
function state(): MarketState {
  const s = codec.parseSnapshotFile(JSON.stringify({ ...SNAPSHOT, source: 'https://mempool.space' }), 'unused');
  if (!s.ok) throw new Error(s.error);
  const day = (date: string, price: number) => ({ date, btc_price: price, network_hashrate_eh: 1000, fees_btc_per_block: 0.02, hashprice: hashpriceUsdPerPhDay(price, 1000, 0.02, 3.125) });
  return { snapshot: s.value, history: [day('2026-11-25', 88000), day('2026-11-26', 89000), day('2026-11-27', 90000)] };
}

afterEach(() => store.setMarketData(null));

describe('MARKET', () => {
  test('without market data: #N/A saying to refresh, and which defaults apply meanwhile', () => {
    const e = errorOf(() => F.market('btc_price'));
    expect(e.code).toBe('#N/A');
    expect(e.message).toContain('Refresh market data');
    expect(e.message).toContain(MARKET_DEFAULTS_ASOF);
    expect(errorOf(() => F.market(null)).code).toBe('#N/A');
  });

  test('each field, case-insensitive, from a cell or a 1×1 range', () => {
    store.setMarketData(state());
    expect(one(F.market('btc_price'))).toBe(90000);
    expect(one(F.market('NETWORK_HASHRATE_EH'))).toBe(1000);
    expect(one(F.market([['fees_btc_per_block']]))).toBe(0.02);
    expect(one(F.market('height'))).toBe(978100);
    expect(one(F.market('difficulty'))).toBe(1.4e14);
    expect(one(F.market('hashprice'))).toBeCloseTo(40.7592, 4);
    expect(one(F.market('hashprice'))).toBe(HP);
    // asof is the refresh time as a date serial: 2026-11-27 12:00 UTC = 46 353.5
    expect(one(F.market('asof'))).toBe(46353.5);
    expect(isoFromSerial(one(F.market('asof')))).toBe('2026-11-27');
    expect(F.market('source')).toEqual([['https://mempool.space']]);
  });

  test('in Excel the refresh time shows as a date and the figures in their units\' formats; the values stay the numbers above', () => {
    store.setMarketData(state());
    setDataTypeLevel('double'); // a current Excel (ExcelApi 1.19)
    try {
      const cell = (f: string) => (F.market(f) as unknown as { basicValue: number; numberFormat?: string }[][])[0][0];
      // 2026-11-27 12:00 UTC = 46 353.5, shown yyyy-mm-dd (docs/market.md: MARKET("asof") shows the refresh date)
      expect(cell('asof')).toMatchObject({ type: 'Double', basicValue: 46353.5, numberFormat: 'yyyy-mm-dd' });
      expect(cell('btc_price')).toMatchObject({ basicValue: 90000, numberFormat: '#,##0' });
      expect(cell('hashprice')).toMatchObject({ basicValue: HP, numberFormat: '#,##0.00' });
      expect(cell('height')).toMatchObject({ basicValue: 978100, numberFormat: '#,##0' });
      expect(cell('difficulty')).toBe(1.4e14); // General: a count of hashes no format reads better
    } finally {
      setDataTypeLevel(null);
    }
  });

  test('no field: a two-column table of every field', () => {
    store.setMarketData(state());
    expect(F.market()).toEqual([
      ['field', 'value'],
      ['btc_price', 90000],
      ['network_hashrate_eh', 1000],
      ['difficulty', 1.4e14],
      ['fees_btc_per_block', 0.02],
      ['height', 978100],
      ['hashprice', HP],
      ['asof', 46353.5],
      ['source', 'https://mempool.space'],
    ]);
  });

  test('an unknown field is #VALUE! with the closest one', () => {
    store.setMarketData(state());
    const e = errorOf(() => F.market('price'));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toMatch(/unknown market field "price": did you mean "btc_price"/);
    expect(errorOf(() => F.market(42)).message).toMatch(/field needs text/);
  });
});

describe('HASHPRICE_HISTORY', () => {
  const header = ['date', 'BTC price (USD)', 'network (EH/s)', 'fees (BTC/block)', 'hashprice (USD/PH/day)'];
  test('every stored day with a header; dates as serials', () => {
    store.setMarketData(state());
    const t = F.hashpriceHistory();
    expect(t[0]).toEqual(header);
    expect(t.slice(1).map((r) => r[0])).toEqual([serialFromIso('2026-11-25'), serialFromIso('2026-11-26'), serialFromIso('2026-11-27')]);
    expect(t[3]).toEqual([46353, 90000, 1000, 0.02, HP]);
  });
  test('a date range, as serials or ISO text, both ends included', () => {
    store.setMarketData(state());
    expect(F.hashpriceHistory('2026-11-26', '2026-11-26').length).toBe(2);
    expect(F.hashpriceHistory(serialFromIso('2026-11-26'), null).map((r) => r[1])).toEqual(['BTC price (USD)', 89000, 90000]);
    expect(F.hashpriceHistory(null, [['2026-11-25']]).length).toBe(2);
  });
  test('start after end is #VALUE!; a range with no stored day is #N/A naming the stored range', () => {
    store.setMarketData(state());
    expect(errorOf(() => F.hashpriceHistory('2026-11-27', '2026-11-25')).message).toMatch(/start_date .* is after end_date/);
    const e = errorOf(() => F.hashpriceHistory('2025-01-01', '2025-02-01'));
    expect(e.code).toBe('#N/A');
    expect(e.message).toContain('2026-11-25 to 2026-11-27');
    expect(errorOf(() => F.hashpriceHistory('soon')).message).toMatch(/start_date needs a date/);
  });
  test('without market data: #N/A', () => {
    expect(errorOf(() => F.hashpriceHistory()).code).toBe('#N/A');
  });
});

describe('INPUT_SOURCE and the market layer', () => {
  test('a market input says "market data from <source> as of <date>"; overrides and presets still win', () => {
    store.setMarketData(state());
    expect(F.inputSource('', 'btc_price')).toBe('market data from https://mempool.space as of 2026-11-27 12:00 UTC: 90000');
    expect(F.inputSource('RIOT', 'fees_btc_per_block')).toBe('market data from https://mempool.space as of 2026-11-27 12:00 UTC: 0.02');
    expect(F.input('RIOT', 'network_hashrate_eh')).toBe(1000);
    expect(F.inputSource('', 'btc_price', [[['btc_price', 70000]]])).toMatch(/^override: 70000/);
    expect(F.inputSource('RIOT', 'power_price_mwh')).toMatch(/^preset RIOT/);
    // an input a snapshot does not hold stays the bundled default
    expect(F.inputSource('', 'btc_vol')).toMatch(/^market default/);
  });
  test('without market data the bundled default answers, as before', () => {
    expect(F.inputSource('', 'btc_price')).toMatch(/^market default as of /);
  });
  test('HASHPRICE with omitted fees takes the stored fees', () => {
    store.setMarketData(state());
    expect(F.hashprice(90000, 1000, null, 3.125)).toBe(HP);
  });
});

describe('BLOCK_SUBSIDY and NEXT_HALVING use the stored tip', () => {
  // tip 978 100 at 2026-11-27 12:00 UTC: block 1 050 000 is 71 900 blocks later, at 10 minutes 499.31 days later
  const tipSerial = serialFromUtc(2026, 11, 27, 12);
  const fromTip = tipSerial + (71_900 * 10) / 1440;
  const fromHalving = serialFromUtc(2024, 4, 20, 0, 9, 27) + (210_000 * 10) / 1440;
  test('NEXT_HALVING counts from the tip', () => {
    expect(F.nextHalving(tipSerial, null)).toBeCloseTo(fromHalving, 9);
    store.setMarketData(state());
    expect(F.nextHalving(tipSerial, null)).toBeCloseTo(fromTip, 9);
    expect(isoFromSerial(fromTip)).toBe('2028-04-09');
  });
  test('BLOCK_SUBSIDY between the two estimates differs', () => {
    const day = Math.floor((fromTip + fromHalving) / 2);
    expect(F.blockSubsidy(day)).toBe(3.125);
    store.setMarketData(state());
    expect(F.blockSubsidy(day)).toBe(1.5625);
    // recorded halvings are unchanged
    expect(F.blockSubsidy('2024-04-19')).toBe(6.25);
  });
  test('HASH_VS_LEASE npv_delta moves with the tip only through the halving date', () => {
    const withoutTip = one(F.hashVsLease('', 'npv_delta', [[['btc_price', 90000], ['network_hashrate_eh', 1000], ['fees_btc_per_block', 0.02]]]));
    store.setMarketData(state());
    const withTip = one(F.hashVsLease('', 'npv_delta'));
    // an earlier halving cuts mining sooner: converting gains
    expect(withTip).toBeGreaterThan(withoutTip);
    expect(withTip / withoutTip - 1).toBeLessThan(0.05);
  });
});
