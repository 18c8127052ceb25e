/**
 * The pane's market-data actions, as functions of an Excel.RequestContext, the
 * store and an injected fetch: testable with a mocked workbook and a local stub
 * API. What the workbook stores:
 *   - setting "btcai.market": the snapshot and the daily history (the copy BTCAI
 *     reads back when the workbook opens; canonical JSON, validated on reading);
 *   - the BTCAI_Market table (sheet "BTCAI Market"): field, value, as-of, source;
 *   - the BTCAI_MarketHistory table (sheet "BTCAI Market History"): one row a day;
 *   - setting "btcai.market.source": the API base address of the last refresh.
 * A refresh fetches and checks everything before it writes anything: a failed one
 * leaves the tables, the history and the settings as they were.
 */
import { codec, DEFAULT_MARKET_SOURCE, FetchLike, MarketDay, MarketSnapshot, MarketState, SNAPSHOT_NUMBER_FIELDS, checkBaseUrl, fetchMarket, mergeHistory } from '../market';
import type { PresetStore } from '../presets/store';
import { CellValue, readSetting, recalculate, writeSetting, writeTable } from '../office/workbook';
import type { Outcome } from './actions';

export const MARKET_KEY = 'btcai.market';
export const MARKET_SOURCE_KEY = 'btcai.market.source';
export const MARKET_TABLE = 'BTCAI_Market';
export const MARKET_SHEET = 'BTCAI Market';
export const HISTORY_TABLE = 'BTCAI_MarketHistory';
export const HISTORY_SHEET = 'BTCAI Market History';

export type StoredMarket = { readonly kind: 'none' } | { readonly kind: 'ok'; readonly state: MarketState } | { readonly kind: 'damaged'; readonly raw: string; readonly error: string };

const done = (message: string, details: readonly string[] = []): Outcome => ({ ok: true, message, details });
const refused = (message: string, details: readonly string[] = []): Outcome => ({ ok: false, message, details });

export async function readStoredMarket(context: Excel.RequestContext): Promise<StoredMarket> {
  const raw = await readSetting(context, MARKET_KEY);
  if (raw === null) return { kind: 'none' };
  const d = codec.decodeState(raw);
  return d.ok ? { kind: 'ok', state: d.value } : { kind: 'damaged', raw, error: d.error };
}

/** The base address the pane offers: the workbook's setting when valid, else mempool.space. */
export async function readMarketSource(context: Excel.RequestContext): Promise<string> {
  const s = await readSetting(context, MARKET_SOURCE_KEY);
  const c = s === null ? undefined : checkBaseUrl(s);
  return c && c.ok ? c.base : DEFAULT_MARKET_SOURCE;
}

const fmt = (x: number, digits = 6): string => Number(x.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 8 });
const when = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** One line that says what market data the models use. */
export function marketSummary(s: MarketSnapshot): string {
  return `Market data from ${s.source} as of ${when(s.asof)}: BTC ${fmt(s.btc_price)} USD, network ${fmt(s.network_hashrate_eh, 5)} EH/s, fees ${fmt(s.fees_btc_per_block, 3)} BTC/block, hashprice ${fmt(s.hashprice, 4)} USD/PH/day.`;
}

/** The BTCAI_Market table: field, value, as-of, source (header first). */
export function marketTableValues(s: MarketSnapshot): CellValue[][] {
  return [['field', 'value', 'as-of', 'source'], ...SNAPSHOT_NUMBER_FIELDS.map((f) => [f, s[f], s.asof, s.source] as CellValue[])];
}

/** The BTCAI_MarketHistory table: one row a day, dates as Excel serials (formatted as dates). */
export function historyTableValues(days: readonly MarketDay[]): CellValue[][] {
  const serial = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000 + 25_569;
  return [['date', 'btc_price (USD)', 'network_hashrate_eh (EH/s)', 'fees_btc_per_block (BTC)', 'hashprice (USD/PH/day)'], ...days.map((d) => [serial(d.date), d.btc_price, d.network_hashrate_eh, d.fees_btc_per_block, d.hashprice])];
}

/**
 * On opening: valid stored market data becomes the store's market layer; damaged
 * data is reported and left as it is (the bundled defaults apply).
 */
export async function marketStartup(context: Excel.RequestContext, store: PresetStore): Promise<{ source: string; outcome: Outcome | null }> {
  const source = await readMarketSource(context);
  const stored = await readStoredMarket(context);
  if (stored.kind === 'none') return { source, outcome: null };
  if (stored.kind === 'damaged') return { source, outcome: refused(`This workbook's stored market data is damaged (${stored.error}); BTCAI uses its bundled market defaults. Refresh market data to replace it (the damaged copy is kept aside).`) };
  store.setMarketData(stored.state);
  await recalculate(context);
  return { source, outcome: done(marketSummary(stored.state.snapshot)) };
}

/** Where a damaged copy is kept when a refresh replaces it. */
export function damagedMarketKey(nowIso: string): string {
  return `${MARKET_KEY}.damaged.${nowIso.replace(/[^0-9T]/g, '').slice(0, 15)}`;
}

/**
 * Refresh market data: fetch and check a snapshot from the API at `baseText`,
 * merge its days into the stored history, then write the two tables and the
 * setting, use it in the store and recalculate. Any failure before the writes
 * changes nothing and says why.
 */
export async function refreshMarketData(context: Excel.RequestContext, store: PresetStore, baseText: string, fetchFn: FetchLike, nowMs: number, timeoutMs?: number): Promise<Outcome> {
  const base = checkBaseUrl(baseText);
  if (!base.ok) return refused(`${base.error} Nothing was changed.`);
  const stored = await readStoredMarket(context);
  const fetched = await fetchMarket(base.base, fetchFn, { nowMs, timeoutMs });
  if (!fetched.ok) return refused(`Market data was not refreshed: ${fetched.error}. The workbook's market data is unchanged.`);
  const history = mergeHistory(stored.kind === 'ok' ? stored.state.history : [], fetched.value.days);
  const state: MarketState = { snapshot: fetched.value.snapshot, history };
  const text = codec.encodeState(state);
  const check = codec.decodeState(text);
  if (!check.ok) return refused(`Market data was not refreshed: it did not pass its own check (${check.error}); please report it. The workbook's market data is unchanged.`);
  const details: string[] = [];
  if (stored.kind === 'damaged') {
    const key = damagedMarketKey(new Date(nowMs).toISOString());
    await writeSetting(context, key, stored.raw);
    details.push(`the damaged market data is kept in the workbook setting "${key}"`);
  }
  await writeTable(context, { sheetName: HISTORY_SHEET, tableName: HISTORY_TABLE, values: historyTableValues(history), textColumns: [], numberFormats: [{ column: 0, format: 'yyyy-mm-dd' }] });
  await writeTable(context, { sheetName: MARKET_SHEET, tableName: MARKET_TABLE, values: marketTableValues(state.snapshot), textColumns: [2] });
  await writeSetting(context, MARKET_KEY, text);
  await writeSetting(context, MARKET_SOURCE_KEY, base.base);
  store.setMarketData(check.value);
  await recalculate(context);
  details.unshift(`${history.length} days of history in ${HISTORY_TABLE} (${history[0].date} to ${history[history.length - 1].date})`);
  return done(`${marketSummary(state.snapshot)} Formulas recalculated.`, details);
}
