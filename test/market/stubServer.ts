/**
 * A local mempool-API stand-in on 127.0.0.1 (port 0): serves the recorded
 * fixtures (test/fixtures/market) and, per path, any failure a real server or
 * a proxy produces. Used by the refresh tests, the pane's workbook tests, the
 * `btcai market` tests and the preview's refresh in the browser tests (which is
 * why it allows any origin, as the mempool backend does).
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'market');
/** The time the fixtures were recorded at: 2026-11-27T12:00:00Z. */
export const T0_MS = Date.UTC(2026, 10, 27, 12, 0, 0);

export const PATHS = {
  prices: '/api/v1/prices',
  hashrate: '/api/v1/mining/hashrate/1y',
  rewardStats: '/api/v1/mining/reward-stats/144',
  tipHeight: '/api/blocks/tip/height',
  priceHistory: '/api/v1/historical-price?currency=USD',
  feeHistory: '/api/v1/mining/blocks/fees/1y',
} as const;
export type PathKey = keyof typeof PATHS;

const FILES: Record<PathKey, string> = {
  prices: 'prices.json',
  hashrate: 'hashrate-1y.json',
  rewardStats: 'reward-stats-144.json',
  tipHeight: 'tip-height.txt',
  priceHistory: 'historical-price-usd.json',
  feeHistory: 'blocks-fees-1y.json',
};

export function fixtureText(k: PathKey): string {
  return fs.readFileSync(path.join(FIXTURES, FILES[k]), 'utf8');
}
export function fixture(k: PathKey): unknown {
  return k === 'tipHeight' ? Number(fixtureText(k)) : JSON.parse(fixtureText(k));
}

/** What the stub answers on one path. */
export type Behaviour =
  | { kind: 'body'; body: string; status?: number; contentType?: string }
  | { kind: 'hang' } // accepts the request, never answers
  | { kind: 'truncate' } // declares the full length, sends half, closes
  | { kind: 'huge'; bytes: number; declare?: boolean } // streams this many bytes
  | { kind: 'redirect'; to: string }
  | { kind: 'reset' }; // closes the connection without an answer

const JSON_TYPE = 'application/json; charset=utf-8';

/** The fixtures moved forward by whole days (and the chain by 144 blocks a day), for a run at another time. */
export function shiftedFixtures(days: number): Record<PathKey, string> {
  const s = days * 86400;
  const blocks = days * 144;
  const prices = fixture('prices') as { time: number };
  const hashrate = fixture('hashrate') as { hashrates: { timestamp: number }[]; difficulty: { time: number; height: number }[] };
  const rewards = fixture('rewardStats') as { startBlock: number; endBlock: number };
  const history = fixture('priceHistory') as { prices: { time: number }[] };
  const fees = fixture('feeHistory') as { timestamp: number; avgHeight: number }[];
  prices.time += s;
  for (const h of hashrate.hashrates) h.timestamp += s;
  for (const d of hashrate.difficulty) {
    d.time += s;
    d.height += blocks;
  }
  rewards.startBlock += blocks;
  rewards.endBlock += blocks;
  for (const p of history.prices) p.time += s;
  for (const f of fees) {
    f.timestamp += s;
    f.avgHeight += blocks;
  }
  return {
    prices: JSON.stringify(prices),
    hashrate: JSON.stringify(hashrate),
    rewardStats: JSON.stringify(rewards),
    tipHeight: String((fixture('tipHeight') as number) + blocks),
    priceHistory: JSON.stringify(history),
    feeHistory: JSON.stringify(fees),
  };
}

/**
 * The fixtures moved to `nowMs` (default: this computer's clock) by whole days, for the
 * checks that compare a price's date with the clock: moved by the days fully gone since
 * they were recorded, so the price is never dated after now (the checks refuse a price
 * more than an hour ahead) and is less than a day and 3 minutes old (they allow two days).
 * Rounding instead would date it up to 12 hours ahead from midnight to noon UTC.
 */
export function fixturesForNow(nowMs: number = Date.now()): Record<PathKey, string> {
  return shiftedFixtures(Math.floor((nowMs - T0_MS) / 86_400_000));
}

export interface Stub {
  readonly url: string;
  /** Requests received, with the headers that came with them. */
  readonly requests: { path: string; headers: http.IncomingHttpHeaders }[];
  /** Replaces what one path answers (the others keep serving the fixtures). */
  set(k: PathKey, b: Behaviour): void;
  /** Back to the fixtures everywhere. */
  reset(): void;
  close(): Promise<void>;
}

export async function startStub(bodies: Record<PathKey, string> = shiftedFixtures(0)): Promise<Stub> {
  const overrides = new Map<string, Behaviour>();
  const requests: Stub['requests'] = [];
  const sockets = new Set<import('net').Socket>();
  const byPath = new Map<string, PathKey>(Object.entries(PATHS).map(([k, p]) => [p, k as PathKey]));
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers });
    // as the mempool backend answers every request: a page on another origin (the task pane) may read it
    res.setHeader('access-control-allow-origin', '*');
    const key = byPath.get(req.url ?? '');
    if (!key) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found');
      return;
    }
    const b: Behaviour = overrides.get(key) ?? { kind: 'body', body: bodies[key], contentType: key === 'tipHeight' ? 'text/plain' : JSON_TYPE };
    switch (b.kind) {
      case 'body': {
        const buf = Buffer.from(b.body, 'utf8');
        res.writeHead(b.status ?? 200, { 'content-type': b.contentType ?? JSON_TYPE, 'content-length': buf.length });
        res.end(buf);
        return;
      }
      case 'hang':
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'redirect':
        res.writeHead(302, { location: b.to });
        res.end();
        return;
      case 'truncate': {
        const buf = Buffer.from(bodies[key], 'utf8');
        res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': buf.length });
        res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => req.socket.destroy());
        return;
      }
      case 'huge': {
        res.writeHead(200, b.declare ? { 'content-type': JSON_TYPE, 'content-length': b.bytes } : { 'content-type': JSON_TYPE });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        let sent = 0;
        const pump = (): void => {
          while (sent < b.bytes) {
            const n = Math.min(chunk.length, b.bytes - sent);
            sent += n;
            if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
              res.once('drain', pump);
              return;
            }
          }
          res.end();
        };
        res.on('close', () => {
          sent = b.bytes; // the client hung up: stop
        });
        pump();
        return;
      }
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    set: (k, b) => overrides.set(k, b),
    reset: () => overrides.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
