/**
 * A refresh against a local stub of the mempool API (127.0.0.1, port 0): the
 * recorded answers give one checked snapshot and a daily history; every failure
 * a server, a proxy or a wrong setting produces is rejected whole, with a
 * one-line reason.
 */
import { fetchMarket, FetchLike } from '../../src/market';
import { checkBaseUrl, DEFAULT_MARKET_SOURCE, ENDPOINTS } from '../../src/market/endpoints';
import { hashpriceUsdPerPhDay } from '../../src/engine/network';
import { FAILURES } from './failures';
import { Stub, T0_MS, fixture, fixturesForNow, startStub } from './stubServer';

const nodeFetch: FetchLike = (u, init) => fetch(u, init);
let stub: Stub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(() => stub.close());
afterEach(() => stub.reset());

const refresh = (timeoutMs = 2000, base = stub.url) => fetchMarket(base, nodeFetch, { nowMs: T0_MS, timeoutMs });

describe('the recorded answers moved to the clock (what the CLI and browser tests serve)', () => {
  // the CLI and browser tests check freshness against the real clock, at whatever hour CI
  // runs: every hour of three days after the recording, including just after midnight UTC
  // (when rounding the days dated the price half a day ahead and the checks refused it)
  test('pass every check at every hour of the day', async () => {
    for (let hours = 0; hours < 72; hours += 1) {
      const nowMs = T0_MS + hours * 3_600_000 + 25 * 60_000;
      const moved = await startStub(fixturesForNow(nowMs));
      try {
        const r = await fetchMarket(moved.url, nodeFetch, { nowMs, timeoutMs: 2000 });
        expect([hours, r.ok ? 'ok' : r.error]).toEqual([hours, 'ok']);
      } finally {
        await moved.close();
      }
    }
  });
});

describe('the recorded answers', () => {
  test('give the snapshot of the fixtures, units converted (H/s → EH/s, satoshis → BTC)', async () => {
    const r = await refresh();
    if (!r.ok) throw new Error(r.error);
    const s = r.value.snapshot;
    // fixtures: USD 91 234; currentHashrate 1.0312e21 H/s; 306 720 000 sats of fees over 144 blocks; tip 978 100
    expect(s.btc_price).toBe(91234);
    expect(s.network_hashrate_eh).toBeCloseTo(1031.2, 9);
    expect(s.fees_btc_per_block).toBeCloseTo(0.0213, 12);
    expect(s.height).toBe(978100);
    expect(s.difficulty).toBe((fixture('hashrate') as { currentDifficulty: number }).currentDifficulty);
    // hashprice = 144 · (3.125 + 0.0213) · 91 234 / (1 031.2 · 1 000) = 40.085… USD/PH/day (subsidy 3.125 at height 978 100)
    expect(s.hashprice).toBeCloseTo((144 * 3.1463 * 91234) / 1031200, 9);
    expect(s.hashprice).toBe(hashpriceUsdPerPhDay(91234, 1031.2, 0.0213, 3.125));
    expect(s.asof).toBe('2026-11-27T12:00:00.000Z');
    expect(s.source).toBe(stub.url);
  });

  test('give a daily history: a row per day of the last year with price, hashrate and fees, then today from the snapshot', async () => {
    const r = await refresh();
    if (!r.ok) throw new Error(r.error);
    const days = r.value.days;
    expect(days.length).toBeGreaterThan(300);
    expect(days.at(-1)).toEqual({ date: '2026-11-27', btc_price: 91234, network_hashrate_eh: r.value.snapshot.network_hashrate_eh, fees_btc_per_block: r.value.snapshot.fees_btc_per_block, hashprice: r.value.snapshot.hashprice });
    for (let i = 1; i < days.length; i++) expect(days[i].date > days[i - 1].date).toBe(true);
    // 2026-11-26: the day's hashrate is the fixture's daily average for that day, in EH/s
    const daily = (fixture('hashrate') as { hashrates: { timestamp: number; avgHashrate: number }[] }).hashrates.find((h) => h.timestamp === Date.UTC(2026, 10, 26) / 1000)!;
    const row = days.find((d) => d.date === '2026-11-26')!;
    expect(row.network_hashrate_eh).toBeCloseTo(daily.avgHashrate / 1e18, 9);
    // and its hashprice is the engine's formula on the row's own numbers
    expect(row.hashprice).toBeCloseTo(hashpriceUsdPerPhDay(row.btc_price, row.network_hashrate_eh, row.fees_btc_per_block, 3.125), 9);
  });

  test('reads each endpoint once, GET, sending no cookie or authorization', async () => {
    stub.requests.length = 0;
    await refresh();
    expect(stub.requests.map((q) => q.path).sort()).toEqual(ENDPOINTS.map((e) => e.path).sort());
    for (const q of stub.requests) {
      expect(q.headers.cookie).toBeUndefined();
      expect(q.headers.authorization).toBeUndefined();
    }
  });

  test('asks fetch for no credentials, no redirects, no cache, no referrer', async () => {
    const seen: unknown[] = [];
    await fetchMarket(stub.url, (u, init) => {
      seen.push(init);
      return fetch(u, init);
    }, { nowMs: T0_MS });
    expect(seen).toHaveLength(ENDPOINTS.length);
    for (const init of seen) expect(init).toMatchObject({ method: 'GET', credentials: 'omit', redirect: 'error', cache: 'no-store', referrerPolicy: 'no-referrer' });
  });
});

describe('every failure is rejected whole, with a reason', () => {
  test.each(FAILURES)('%s', async (_name, key, behaviour, reason) => {
    stub.set(key, behaviour());
    const r = await refresh(400);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(reason);
    expect(r.error).not.toMatch(/\n/);
    expect(r).not.toHaveProperty('value'); // nothing of a failed refresh comes back
  });

  test('bytes that are not UTF-8 are named as such', async () => {
    const r = await fetchMarket(stub.url, async (u, init) => {
      const res = await fetch(u, init);
      if (!u.endsWith('/prices')) return res;
      return new Response(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), { status: 200, headers: { 'content-type': 'application/json' } });
    }, { nowMs: T0_MS });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/not UTF-8/) });
  });

  test('a fetch that throws (offline) is a reason, never an exception', async () => {
    const r = await fetchMarket('https://mempool.space', async () => {
      throw new TypeError('fetch failed');
    }, { nowMs: T0_MS });
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/could not read https:\/\/mempool\.space\/api\/.*fetch failed/) });
  });
});

describe('base address policy', () => {
  test.each([
    ['https://mempool.space', 'https://mempool.space'],
    ['https://mempool.space/', 'https://mempool.space'],
    ['  https://node.fund.example/mempool/ ', 'https://node.fund.example/mempool'],
    ['http://localhost:8999', 'http://localhost:8999'],
    ['http://127.0.0.1:3006', 'http://127.0.0.1:3006'],
  ])('%s is accepted as %s', (given, base) => {
    expect(checkBaseUrl(given)).toEqual({ ok: true, base });
  });
  test.each([
    ['http://mempool.space', /Only https/],
    ['http://192.168.1.10:8999', /Only https/],
    ['http://localhost.evil.example', /Only https/],
    ['ftp://mempool.space', /Only https/],
    ['javascript:alert(1)', /Only https/],
    ['https://user:secret@mempool.space', /user name or password/],
    ['https://mempool.space/?x=1', /base address only/],
    ['mempool.space', /not a web address/],
    ['', /Type the address/],
  ])('%s is refused', async (given, reason) => {
    const c = checkBaseUrl(given);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error).toMatch(reason);
    // and no request is made
    let called = false;
    const r = await fetchMarket(given, async () => {
      called = true;
      throw new Error('unreachable');
    }, { nowMs: T0_MS });
    expect(r.ok).toBe(false);
    expect(called).toBe(false);
  });
  test('the default is mempool.space over https', () => {
    expect(DEFAULT_MARKET_SOURCE).toBe('https://mempool.space');
  });
});
