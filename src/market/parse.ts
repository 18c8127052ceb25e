/**
 * Parsers of each endpoint's answer. The API is untrusted: every field is checked
 * for its type, unit and range, and any bad field rejects the whole answer with a
 * message naming the endpoint, the field and what was found. Shapes and units
 * (mempool.space REST API): hashrates in H/s, fees and rewards in satoshis,
 * prices in USD per BTC, timestamps in Unix seconds.
 */
import type { Checked } from './types';

/** Longest list accepted in any answer (the full price history is ~50 000 points). */
export const MAX_LIST_ITEMS = 500_000;
/** Unix seconds of 2009-01-03 (genesis) and of 2100-01-01: timestamps outside are not seconds. */
const MIN_UNIX_S = 1_230_940_800;
const MAX_UNIX_S = 4_102_444_800;

export const SATS_PER_BTC = 100_000_000;
const H_PER_EH = 1e18;

class Bad {
  constructor(readonly error: string) {}
}
function bad(error: string): never {
  throw new Bad(error);
}
/** Runs a parser body; a Bad becomes a rejection, anything else is a bug reported as such. */
function guard<T>(body: () => T): Checked<T> {
  try {
    return { ok: true, value: body() };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, error: e.error };
    return { ok: false, error: `could not read the answer (${e instanceof Error ? e.message.slice(0, 100) : 'unknown error'})` };
  }
}

function shown(x: unknown): string {
  if (typeof x === 'string') return `the text "${x.length > 30 ? x.slice(0, 30) + '…' : x}"`;
  if (x === null) return 'null';
  if (x === undefined) return 'nothing';
  if (Array.isArray(x)) return 'a list';
  if (typeof x === 'object') return 'an object';
  return String(x);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function object(where: string, x: unknown): Record<string, unknown> {
  if (!isObject(x)) bad(`${where} is not a JSON object (got ${shown(x)})`);
  return x;
}

function list(where: string, x: unknown): unknown[] {
  if (!Array.isArray(x)) bad(`${where} is not a list (got ${shown(x)})`);
  if (x.length > MAX_LIST_ITEMS) bad(`${where} has ${x.length} entries; at most ${MAX_LIST_ITEMS} are accepted`);
  return x;
}

interface Rule {
  readonly unit: string;
  readonly min?: number;
  readonly max?: number;
  /** Strictly above min. */
  readonly above?: boolean;
  readonly integer?: boolean;
}

/** A JSON number in range; a string, NaN or Infinity (JSON's 1e999) where a number belongs is rejected. */
function number(where: string, field: string, x: unknown, r: Rule): number {
  if (x === undefined) bad(`${where}: ${field} is missing`);
  if (typeof x !== 'number') bad(`${where}: ${field} should be a number (${r.unit}), got ${shown(x)}`);
  return inRange(where, field, x, r);
}

function inRange(where: string, field: string, x: number, r: Rule): number {
  if (!Number.isFinite(x)) bad(`${where}: ${field} is not a finite number`);
  const lo = r.min ?? -Infinity;
  const hi = r.max ?? Infinity;
  if (x < lo || x > hi || (r.above && x <= lo) || (r.integer && !Number.isInteger(x))) {
    const range = `${r.above ? 'above' : 'from'} ${lo}${Number.isFinite(hi) ? ` to ${hi}` : ''}`;
    bad(`${where}: ${field} is ${x}; expected ${r.integer ? 'a whole number' : 'a number'} ${range} (${r.unit})`);
  }
  return x;
}

/**
 * A whole number sent as a JSON number or as decimal digits: the reward
 * statistics' sums are documented as strings ("totalFee": "1311748254").
 * Any other text is rejected.
 */
function wholeNumber(where: string, field: string, x: unknown, r: Rule): number {
  if (typeof x === 'string') {
    if (!/^\d{1,18}$/.test(x)) bad(`${where}: ${field} should be a whole number (${r.unit}), got ${shown(x)}`);
    return inRange(where, field, Number(x), { ...r, integer: true });
  }
  return number(where, field, x, { ...r, integer: true });
}

function unixSeconds(where: string, field: string, x: unknown): number {
  const t = number(where, field, x, { unit: 'Unix seconds', integer: true });
  if (t < MIN_UNIX_S || t > MAX_UNIX_S) bad(`${where}: ${field} is ${t}, not a time in Unix seconds between 2009 and 2100`);
  return t;
}

// ---- GET /api/v1/prices -------------------------------------------------------

export interface Price {
  readonly usd: number;
  readonly timeS: number;
}

/** {"time": 1703252411, "USD": 43753, "EUR": …}: the latest price per currency. */
export function parsePrices(doc: unknown): Checked<Price> {
  return guard(() => {
    const where = '/api/v1/prices';
    const o = object(where, doc);
    if (o.USD === -1) bad(`${where}: the server has no price yet (USD is -1); its price feed is not running`);
    const usd = number(where, 'USD', o.USD, { unit: 'USD per BTC', min: 0, max: 1e8, above: true });
    const timeS = unixSeconds(where, 'time', o.time);
    return { usd, timeS };
  });
}

// ---- GET /api/v1/mining/hashrate/{period} ---------------------------------------

export interface DailyHashrate {
  /** Unix day (seconds / 86 400, floored). */
  readonly day: number;
  readonly eh: number;
}

export interface Hashrate {
  readonly currentEh: number;
  readonly difficulty: number;
  readonly daily: readonly DailyHashrate[];
}

/**
 * {"hashrates": [{"timestamp", "avgHashrate"}], "difficulty": [...], "currentHashrate", "currentDifficulty"}:
 * daily average hashrates and the node's current estimate, in H/s.
 */
export function parseHashrate(doc: unknown): Checked<Hashrate> {
  return guard(() => {
    const where = '/api/v1/mining/hashrate';
    const o = object(where, doc);
    if (o.currentHashrate === 0 || o.currentDifficulty === 0) bad(`${where}: the server reports a zero hashrate or difficulty; its Bitcoin node is probably unreachable`);
    const currentH = number(where, 'currentHashrate', o.currentHashrate, { unit: 'H/s', min: 0, above: true });
    const difficulty = number(where, 'currentDifficulty', o.currentDifficulty, { unit: 'difficulty', min: 0, max: 1e20, above: true });
    const rows = list(`${where} hashrates`, o.hashrates);
    const daily: DailyHashrate[] = [];
    rows.forEach((r, i) => {
      const w = `${where} hashrates[${i}]`;
      const e = object(w, r);
      const t = unixSeconds(w, 'timestamp', e.timestamp);
      const h = number(w, 'avgHashrate', e.avgHashrate, { unit: 'H/s', min: 0, above: true });
      daily.push({ day: Math.floor(t / 86_400), eh: h / H_PER_EH });
    });
    return { currentEh: currentH / H_PER_EH, difficulty, daily };
  });
}

// ---- GET /api/v1/mining/reward-stats/{blocks} -------------------------------------

export interface RewardStats {
  readonly startBlock: number;
  readonly endBlock: number;
  readonly totalRewardSats: number;
  readonly totalFeeSats: number;
}

/** {"startBlock", "endBlock", "totalReward": "…", "totalFee": "…", "totalTx": "…"} (sums in satoshis, sent as digit strings). */
export function parseRewardStats(doc: unknown): Checked<RewardStats> {
  return guard(() => {
    const where = '/api/v1/mining/reward-stats';
    const o = object(where, doc);
    const startBlock = number(where, 'startBlock', o.startBlock, { unit: 'height', min: 0, max: 1e8, integer: true });
    const endBlock = number(where, 'endBlock', o.endBlock, { unit: 'height', min: 0, max: 1e8, integer: true });
    const totalRewardSats = wholeNumber(where, 'totalReward', o.totalReward, { unit: 'satoshis', min: 0, max: 21e14 });
    const totalFeeSats = wholeNumber(where, 'totalFee', o.totalFee, { unit: 'satoshis', min: 0, max: 21e14 });
    wholeNumber(where, 'totalTx', o.totalTx, { unit: 'transactions', min: 0, max: 1e12 });
    if (endBlock < startBlock) bad(`${where}: endBlock ${endBlock} is below startBlock ${startBlock}`);
    if (totalFeeSats > totalRewardSats) bad(`${where}: totalFee ${totalFeeSats} exceeds totalReward ${totalRewardSats}`);
    return { startBlock, endBlock, totalRewardSats, totalFeeSats };
  });
}

// ---- GET /api/blocks/tip/height --------------------------------------------------

/** A bare decimal number: "698767". */
export function parseTipHeight(text: string): Checked<number> {
  return guard(() => {
    const where = '/api/blocks/tip/height';
    const t = text.trim();
    if (t.startsWith('<')) bad(`${where} sent a web page (HTML), not a block height`);
    if (!/^\d{1,9}$/.test(t)) bad(`${where}: expected a block height (digits), got ${shown(t)}`);
    return Number(t);
  });
}

// ---- GET /api/v1/historical-price?currency=USD -----------------------------------------

export interface PricePoint {
  readonly timeS: number;
  readonly usd: number;
}

/** {"prices": [{"time", "USD", …}], "exchangeRates": {…}}: prices at past times (0 where none was recorded). */
export function parsePriceHistory(doc: unknown): Checked<PricePoint[]> {
  return guard(() => {
    const where = '/api/v1/historical-price';
    const o = object(where, doc);
    const rows = list(`${where} prices`, o.prices);
    const out: PricePoint[] = [];
    rows.forEach((r, i) => {
      const w = `${where} prices[${i}]`;
      const e = object(w, r);
      const timeS = unixSeconds(w, 'time', e.time);
      const usd = number(w, 'USD', e.USD, { unit: 'USD per BTC', min: 0, max: 1e8 });
      if (usd > 0) out.push({ timeS, usd });
    });
    return out;
  });
}

// ---- GET /api/v1/mining/blocks/fees/{period} ---------------------------------------

export interface FeePoint {
  readonly timeS: number;
  readonly feesSats: number;
}

/** [{"avgHeight", "timestamp", "avgFees"}]: mean fees per block (satoshis) over buckets of blocks. */
export function parseFeeHistory(doc: unknown): Checked<FeePoint[]> {
  return guard(() => {
    const where = '/api/v1/mining/blocks/fees';
    const rows = list(where, doc);
    return rows.map((r, i) => {
      const w = `${where}[${i}]`;
      const e = object(w, r);
      number(w, 'avgHeight', e.avgHeight, { unit: 'height', min: 0, max: 1e8 });
      const timeS = unixSeconds(w, 'timestamp', e.timestamp);
      const feesSats = number(w, 'avgFees', e.avgFees, { unit: 'satoshis per block', min: 0, max: 1e10 });
      return { timeS, feesSats };
    });
  });
}
