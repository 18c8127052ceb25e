/**
 * Market data as text: the workbook setting that stores the snapshot and its
 * history, and the snapshot file that `btcai market --json` prints and
 * `btcai eval --market FILE` reads. Encoding is canonical (fixed key order);
 * decoding checks every field and never throws, so a damaged or edited copy is
 * rejected whole with reasons, never half-applied.
 */
import { checkInputValue, inputSpec } from '../engine/catalogue';
import { serialFromIso } from '../engine/dates';
import { hashpriceUsdPerPhDay, subsidyBtcAtHeight } from '../engine/network';
import { MAX_HISTORY_DAYS } from './assemble';
import { checkBaseUrl } from './endpoints';
import type { Checked, MarketDay, MarketSnapshot, MarketState } from './types';

export const MARKET_FORMAT = 'btcai-market';
export const MARKET_VERSION = 1;
/** Largest stored text accepted (ten years of days fit in ~500 kB). */
export const MAX_MARKET_TEXT = 2_000_000;
/** A snapshot's stored hashprice and the one recomputed from its fields agree to this relative difference. */
const HASHPRICE_TOLERANCE = 0.005;

/** The snapshot as `btcai market --json` prints it: exactly these keys, in this order. */
export function snapshotJson(s: MarketSnapshot): string {
  return JSON.stringify({
    btc_price: s.btc_price,
    network_hashrate_eh: s.network_hashrate_eh,
    difficulty: s.difficulty,
    fees_btc_per_block: s.fees_btc_per_block,
    height: s.height,
    hashprice: s.hashprice,
    asof: s.asof,
  });
}

export function encodeState(state: MarketState): string {
  const s = state.snapshot;
  return JSON.stringify({
    format: MARKET_FORMAT,
    version: MARKET_VERSION,
    snapshot: { ...JSON.parse(snapshotJson(s)), source: s.source },
    // one row per day: date, BTC price, network EH/s, fees BTC/block, hashprice
    history: state.history.map((d) => [d.date, d.btc_price, d.network_hashrate_eh, d.fees_btc_per_block, d.hashprice]),
  });
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** The hashprice of a snapshot's fields, with the subsidy at its tip. */
export function snapshotHashprice(s: Pick<MarketSnapshot, 'btc_price' | 'network_hashrate_eh' | 'fees_btc_per_block' | 'height'>): number {
  return hashpriceUsdPerPhDay(s.btc_price, s.network_hashrate_eh, s.fees_btc_per_block, subsidyBtcAtHeight(s.height));
}

function input(name: string, x: unknown, errors: string[], where: string): number {
  const c = checkInputValue(inputSpec(name)!, x);
  if (!c.ok) errors.push(`${where}: ${c.message}`);
  return c.ok ? (c.value as number) : NaN;
}

/**
 * A snapshot object's fields, checked: the three model inputs in their catalogue
 * ranges, difficulty and height positive, asof an ISO UTC time, hashprice (when
 * given) equal to the one its fields imply. `source` is checked by the caller.
 */
export function checkSnapshotFields(o: Record<string, unknown>, where: string, source: string, allowed: readonly string[]): Checked<MarketSnapshot> {
  const errors: string[] = [];
  for (const k of Object.keys(o)) if (!allowed.includes(k)) errors.push(`${where} has an unexpected key "${k.slice(0, 40)}"`);
  const btc_price = input('btc_price', o.btc_price, errors, where);
  const network_hashrate_eh = input('network_hashrate_eh', o.network_hashrate_eh, errors, where);
  const fees_btc_per_block = input('fees_btc_per_block', o.fees_btc_per_block, errors, where);
  const difficulty = o.difficulty;
  if (typeof difficulty !== 'number' || !Number.isFinite(difficulty) || difficulty <= 0 || difficulty > 1e20) errors.push(`${where}: difficulty must be a positive number`);
  const height = o.height;
  if (typeof height !== 'number' || !Number.isInteger(height) || height < 1 || height > 1e8) errors.push(`${where}: height must be a whole number of blocks`);
  const asof = o.asof;
  if (typeof asof !== 'string' || !ISO_TIME.test(asof) || !Number.isFinite(Date.parse(asof)) || asof < '2009-01-03' || asof > '2100') errors.push(`${where}: asof must be an ISO UTC time such as "2026-11-27T12:00:00.000Z"`);
  if (errors.length) return { ok: false, error: errors.join('; ') };
  const fields = { btc_price, network_hashrate_eh, fees_btc_per_block, height: height as number };
  const hashprice = snapshotHashprice(fields);
  if (o.hashprice !== undefined) {
    const given = o.hashprice;
    if (typeof given !== 'number' || !Number.isFinite(given) || Math.abs(given - hashprice) > HASHPRICE_TOLERANCE * hashprice) {
      return { ok: false, error: `${where}: hashprice ${typeof given === 'number' ? given : 'is not a number and'} does not match its price, hashrate, fees and height (${hashprice}); remove it to have it recomputed` };
    }
  }
  return { ok: true, value: { ...fields, difficulty: difficulty as number, hashprice, asof: new Date(Date.parse(asof as string)).toISOString(), source } };
}

function decodeDay(x: unknown, i: number, errors: string[]): MarketDay | undefined {
  const where = `history row ${i + 1}`;
  if (!Array.isArray(x) || x.length !== 5) {
    errors.push(`${where} is not [date, price, EH/s, fees, hashprice]`);
    return undefined;
  }
  const [date, price, eh, fees, hp] = x;
  if (typeof date !== 'string' || !Number.isFinite(serialFromIso(date))) errors.push(`${where}: date must be YYYY-MM-DD`);
  const n = errors.length;
  const btc_price = input('btc_price', price, errors, where);
  const network_hashrate_eh = input('network_hashrate_eh', eh, errors, where);
  const fees_btc_per_block = input('fees_btc_per_block', fees, errors, where);
  if (typeof hp !== 'number' || !Number.isFinite(hp) || hp < 0) errors.push(`${where}: hashprice must be a number`);
  if (errors.length > n || typeof date !== 'string') return undefined;
  return { date, btc_price, network_hashrate_eh, fees_btc_per_block, hashprice: hp as number };
}

/** Decodes and checks the stored market data. Never throws. */
export function decodeState(text: string): Checked<MarketState> {
  if (typeof text !== 'string' || text.length > MAX_MARKET_TEXT) return { ok: false, error: `it is longer than ${MAX_MARKET_TEXT} characters` };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `it is not valid JSON (${(e as Error).message.slice(0, 100)})` };
  }
  if (!isObject(doc)) return { ok: false, error: 'it is not a JSON object' };
  if (doc.format !== MARKET_FORMAT) return { ok: false, error: `its format is ${JSON.stringify(doc.format)?.slice(0, 40)}, expected "${MARKET_FORMAT}"` };
  if (doc.version !== MARKET_VERSION) return { ok: false, error: `its version is ${JSON.stringify(doc.version)?.slice(0, 20)}; this add-in reads version ${MARKET_VERSION}` };
  const extra = Object.keys(doc).filter((k) => !['format', 'version', 'snapshot', 'history'].includes(k));
  if (extra.length) return { ok: false, error: `it has an unexpected key "${extra[0].slice(0, 40)}"` };
  if (!isObject(doc.snapshot)) return { ok: false, error: 'its snapshot is missing' };
  const src = doc.snapshot.source;
  const base = typeof src === 'string' ? checkBaseUrl(src) : undefined;
  if (!base || !base.ok || base.base !== src) return { ok: false, error: 'its snapshot source must be the https (or local http) base address it was read from' };
  const snap = checkSnapshotFields(doc.snapshot, 'snapshot', src as string, ['btc_price', 'network_hashrate_eh', 'difficulty', 'fees_btc_per_block', 'height', 'hashprice', 'asof', 'source']);
  if (!snap.ok) return snap;
  if (!Array.isArray(doc.history)) return { ok: false, error: 'its history must be a list' };
  if (doc.history.length > MAX_HISTORY_DAYS) return { ok: false, error: `its history has ${doc.history.length} rows; at most ${MAX_HISTORY_DAYS} are kept` };
  const errors: string[] = [];
  const history: MarketDay[] = [];
  doc.history.forEach((x, i) => {
    if (errors.length >= 20) return;
    const d = decodeDay(x, i, errors);
    if (!d) return;
    if (history.length && history[history.length - 1].date >= d.date) errors.push(`history row ${i + 1}: dates must increase (${d.date} after ${history[history.length - 1].date})`);
    history.push(d);
  });
  if (errors.length) return { ok: false, error: errors.slice(0, 5).join('; ') };
  return { ok: true, value: { snapshot: snap.value, history } };
}

/**
 * A snapshot file (what `btcai market --json` prints, optionally with "source"):
 * checked like the stored snapshot. Without a source it is labelled by `label`.
 */
export function parseSnapshotFile(text: string, label: string): Checked<MarketSnapshot> {
  if (text.length > 100_000) return { ok: false, error: 'the file is longer than 100 000 characters; a market snapshot is one small JSON object' };
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, error: `it is not valid JSON (${(e as Error).message.slice(0, 100)})` };
  }
  if (!isObject(doc)) return { ok: false, error: 'it is not a JSON object like the one `btcai market --json` prints' };
  let source = label;
  if (doc.source !== undefined) {
    const b = typeof doc.source === 'string' ? checkBaseUrl(doc.source) : undefined;
    if (!b || !b.ok) return { ok: false, error: 'its source must be an https (or local http) address' };
    source = b.base;
  }
  return checkSnapshotFields(doc, 'the snapshot', source, ['btc_price', 'network_hashrate_eh', 'difficulty', 'fees_btc_per_block', 'height', 'hashprice', 'asof', 'source']);
}
