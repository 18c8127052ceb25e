/**
 * Bodies of the market-data functions: MARKET and HASHPRICE_HISTORY. They read
 * the market data stored in the workbook (through the store) and never call the
 * network: a refresh is the task pane's (or the command line's) job, so every
 * recalculation is fast, works offline and gives the same numbers.
 */
import { MARKET_DEFAULTS_ASOF } from '../engine/catalogue';
import { serialFromIso, serialFromUnixMs } from '../engine/dates';
import { didYouMean, naError, valueError } from '../engine/errors';
import { SNAPSHOT_NUMBER_FIELDS } from '../market/types';
import type { MarketState } from '../market/types';
import { store } from '../presets/bundled';
import { Scalar, dateArg, fail, textArg } from './adapter';
import { OutCell, quantity } from './cellValues';

/** The fields MARKET() returns, in table order. */
export const MARKET_FIELDS: readonly string[] = [...SNAPSHOT_NUMBER_FIELDS, 'asof', 'source'];

export const HISTORY_HEADER: readonly string[] = ['date', 'BTC price (USD)', 'network (EH/s)', 'fees (BTC/block)', 'hashprice (USD/PH/day)'];

function stored(): MarketState {
  const m = store.marketData();
  if (!m) fail(naError(`this workbook has no market data: choose "Refresh market data" in the BTCAI pane; until then models use the bundled market defaults as of ${MARKET_DEFAULTS_ASOF}`));
  return m;
}

/** The unit each figure carries to its cell (src/functions/formats.ts): the refresh time shows as a date. Difficulty stays General. */
const FIELD_UNITS: Readonly<Record<string, string>> = { btc_price: 'USD', network_hashrate_eh: 'EH/s', fees_btc_per_block: 'BTC per block', height: 'blocks', hashprice: 'USD per PH/s per day', asof: 'date' };

function fieldValue(m: MarketState, name: string): OutCell {
  const s = m.snapshot;
  const v: Scalar = name === 'asof' ? serialFromUnixMs(Date.parse(s.asof)) : name === 'source' ? s.source : s[name as (typeof SNAPSHOT_NUMBER_FIELDS)[number]];
  const unit = FIELD_UNITS[name];
  return typeof v === 'number' && unit ? quantity(v, unit) : v;
}

export function market(field: unknown): OutCell | OutCell[][] {
  const name = textArg('field', field);
  const m = stored();
  if (name === undefined) return [['field', 'value'], ...MARKET_FIELDS.map((f) => [f, fieldValue(m, f)])];
  const f = name.toLowerCase();
  if (!MARKET_FIELDS.includes(f)) fail(valueError(`unknown market field "${name.slice(0, 40)}": ${didYouMean(f, MARKET_FIELDS)}`));
  return fieldValue(m, f);
}

export function hashpriceHistory(start: unknown, end: unknown): Scalar[][] {
  const m = stored();
  const days = m.history;
  if (days.length === 0) fail(naError('this workbook has no market history yet: refresh market data in the BTCAI pane'));
  const first = serialFromIso(days[0].date);
  const last = serialFromIso(days[days.length - 1].date);
  const from = Math.floor(dateArg('start_date', start, first));
  const to = Math.floor(dateArg('end_date', end, last));
  if (from > to) fail(valueError(`start_date (${from}) is after end_date (${to}); give the earlier date first`));
  const rows: Scalar[][] = [HISTORY_HEADER.slice()];
  for (const d of days) {
    const serial = serialFromIso(d.date);
    if (serial >= from && serial <= to) rows.push([serial, d.btc_price, d.network_hashrate_eh, d.fees_btc_per_block, d.hashprice]);
  }
  if (rows.length === 1) fail(naError(`no stored market history between those dates; the history runs from ${days[0].date} to ${days[days.length - 1].date}`));
  return rows;
}
