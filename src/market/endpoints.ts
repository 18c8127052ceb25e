/**
 * Where market data comes from: the base URL policy and the endpoints of a
 * mempool-compatible API that a refresh reads, as data. Shapes and units are
 * those of the mempool.space REST API (see docs/market.md).
 */

/** The default API: mempool.space, open source and self-hostable. */
export const DEFAULT_MARKET_SOURCE = 'https://mempool.space';

/** A whole refresh (every request, in parallel) must finish within this. */
export const MARKET_TIMEOUT_MS = 10_000;

/** Blocks the fee average and the reward cross-check run over (about a day). */
export const FEE_WINDOW_BLOCKS = 144;

/** Period of the hashrate and fee histories a refresh reads. */
export const HISTORY_PERIOD = '1y';

export type EndpointKey = 'prices' | 'hashrate' | 'rewardStats' | 'tipHeight' | 'priceHistory' | 'feeHistory';

export interface Endpoint {
  readonly key: EndpointKey;
  /** Path after the base URL. */
  readonly path: string;
  /** What the body is: a JSON document, or plain text (the tip height is a bare number). */
  readonly body: 'json' | 'text';
  /** Largest body accepted, in bytes; a longer one is cut off and the refresh fails. */
  readonly maxBytes: number;
  /** What it gives, for messages. */
  readonly what: string;
}

const KiB = 1024;
const MiB = 1024 * KiB;

export const ENDPOINTS: readonly Endpoint[] = [
  { key: 'prices', path: '/api/v1/prices', body: 'json', maxBytes: 64 * KiB, what: 'the BTC price' },
  { key: 'hashrate', path: `/api/v1/mining/hashrate/${HISTORY_PERIOD}`, body: 'json', maxBytes: 2 * MiB, what: 'hashrate and difficulty' },
  { key: 'rewardStats', path: `/api/v1/mining/reward-stats/${FEE_WINDOW_BLOCKS}`, body: 'json', maxBytes: 4 * KiB, what: `rewards of the last ${FEE_WINDOW_BLOCKS} blocks` },
  { key: 'tipHeight', path: '/api/blocks/tip/height', body: 'text', maxBytes: 64, what: 'the tip height' },
  // the whole USD price history (hourly in recent years): a few MB
  { key: 'priceHistory', path: '/api/v1/historical-price?currency=USD', body: 'json', maxBytes: 8 * MiB, what: 'the price history' },
  { key: 'feeHistory', path: `/api/v1/mining/blocks/fees/${HISTORY_PERIOD}`, body: 'json', maxBytes: 2 * MiB, what: 'the fee history' },
];

/** Hosts that may be reached over plain http (a node on this computer, and tests). */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1'];

/**
 * A base URL the add-in will call, or why not: https, or http to localhost /
 * 127.0.0.1 only; no user name or password, query or fragment. A path is kept
 * (an instance served under /mempool), without its trailing slash.
 */
export function checkBaseUrl(text: string): { ok: true; base: string } | { ok: false; error: string } {
  const t = (typeof text === 'string' ? text : '').trim();
  if (t === '') return { ok: false, error: `Type the address of a mempool API, such as ${DEFAULT_MARKET_SOURCE}.` };
  if (t.length > 500) return { ok: false, error: 'The address is longer than 500 characters.' };
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    return { ok: false, error: `"${t.slice(0, 80)}" is not a web address; type one such as ${DEFAULT_MARKET_SOURCE}.` };
  }
  const loopback = LOOPBACK_HOSTS.includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    return { ok: false, error: `Only https:// addresses are accepted (http:// only for localhost and 127.0.0.1); got ${u.protocol.replace(':', '')}://${u.hostname.slice(0, 60)}.` };
  }
  if (u.username || u.password) return { ok: false, error: 'Addresses with a user name or password are not accepted: BTCAI sends no credentials.' };
  if (u.search || u.hash) return { ok: false, error: 'Type the base address only, without "?…" or "#…".' };
  const path = u.pathname.replace(/\/+$/, '');
  return { ok: true, base: `${u.protocol}//${u.host}${path}` };
}

export function endpointUrl(base: string, e: Endpoint): string {
  return base + e.path;
}
