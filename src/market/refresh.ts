/**
 * A refresh: every endpoint fetched in parallel under one deadline, each answer
 * parsed, the snapshot and history assembled. All or nothing: the first failure
 * cancels the other requests and is the one-line reason returned; nothing of a
 * failed refresh is kept, so a snapshot never mixes old and new fields.
 */
import { assembleHistory, assembleSnapshot, Parts } from './assemble';
import { ENDPOINTS, Endpoint, EndpointKey, MARKET_TIMEOUT_MS, checkBaseUrl, endpointUrl } from './endpoints';
import { FetchLike, getText, parseJsonBody } from './http';
import { parseFeeHistory, parseHashrate, parsePriceHistory, parsePrices, parseRewardStats, parseTipHeight } from './parse';
import type { Checked, MarketDay, MarketSnapshot } from './types';

export interface Fetched {
  readonly snapshot: MarketSnapshot;
  /** The refresh's own daily history (the last year and today); merge it with the stored one. */
  readonly days: readonly MarketDay[];
}

export interface RefreshOptions {
  /** The clock, for the snapshot's as-of time and the freshness checks. */
  readonly nowMs: number;
  readonly timeoutMs?: number;
}

type Parsed = { [K in EndpointKey]?: unknown };

function parse(e: Endpoint, text: string, contentType: string, url: string): Checked<unknown> {
  if (e.body === 'text') return parseTipHeight(text);
  const json = parseJsonBody({ text, contentType }, url.replace(/^https?:\/\/[^/]+/, ''));
  if (!json.ok) return json;
  switch (e.key) {
    case 'prices':
      return parsePrices(json.value);
    case 'hashrate':
      return parseHashrate(json.value);
    case 'rewardStats':
      return parseRewardStats(json.value);
    case 'priceHistory':
      return parsePriceHistory(json.value);
    default:
      return parseFeeHistory(json.value);
  }
}

/** Fetches and checks a snapshot from a mempool-compatible API. Never throws. */
export async function fetchMarket(baseText: string, fetchFn: FetchLike, opts: RefreshOptions): Promise<Checked<Fetched>> {
  const checked = checkBaseUrl(baseText);
  if (!checked.ok) return { ok: false, error: checked.error };
  const base = checked.base;
  const timeoutMs = opts.timeoutMs ?? MARKET_TIMEOUT_MS;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let firstError: string | undefined;
  const failed = (error: string): void => {
    firstError ??= error;
    abort.abort();
  };
  const parsed: Parsed = {};
  try {
    await Promise.all(
      ENDPOINTS.map(async (e) => {
        const url = endpointUrl(base, e);
        const got = await getText(fetchFn, url, e.maxBytes, abort.signal, timeoutMs / 1000);
        if (!got.ok) return failed(got.error);
        const p = parse(e, got.value.text, got.value.contentType, url);
        if (!p.ok) return failed(p.error);
        parsed[e.key] = p.value;
      }),
    );
  } finally {
    clearTimeout(timer);
  }
  if (firstError !== undefined) return { ok: false, error: firstError };
  const parts = {
    price: parsed.prices,
    hashrate: parsed.hashrate,
    rewards: parsed.rewardStats,
    tip: parsed.tipHeight,
    priceHistory: parsed.priceHistory,
    feeHistory: parsed.feeHistory,
  } as Parts;
  const snapshot = assembleSnapshot(parts, base, opts.nowMs);
  if (!snapshot.ok) return snapshot;
  const days = assembleHistory(parts, snapshot.value);
  if (!days.ok) return days;
  return { ok: true, value: { snapshot: snapshot.value, days: days.value } };
}
