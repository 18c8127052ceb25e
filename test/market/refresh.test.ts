/**
 * A refresh against a local stub of the mempool API (127.0.0.1, port 0): the
 * recorded answers give one checked snapshot and a daily history; every failure
 * a server, a proxy or a wrong setting produces is rejected whole, with a
 * one-line reason.
 */
import { fetchMarket, FetchLike } from '../../src/market';
import { checkBaseUrl, DEFAULT_MARKET_SOURCE, ENDPOINTS } from '../../src/market/endpoints';
import { hashpriceUsdPerPhDay } from '../../src/engine/network';
import { Behaviour, PathKey, Stub, T0_MS, fixture, fixtureText, startStub } from './stubServer';

const nodeFetch: FetchLike = (u, init) => fetch(u, init);
let stub: Stub;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(() => stub.close());
afterEach(() => stub.reset());

const refresh = (timeoutMs = 2000, base = stub.url) => fetchMarket(base, nodeFetch, { nowMs: T0_MS, timeoutMs });
const withJson = (k: PathKey, edit: (doc: Record<string, unknown>) => void): Behaviour => {
  const doc = fixture(k) as Record<string, unknown>;
  edit(doc);
  return { kind: 'body', body: JSON.stringify(doc) };
};

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
  const html = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
  const cases: [string, PathKey, () => Behaviour, RegExp][] = [
    ['HTTP 500', 'hashrate', () => ({ kind: 'body', status: 500, body: '{"error":"Failed to get historical hashrate"}' }), /HTTP 500/],
    ['HTTP 404 (not a mempool API)', 'rewardStats', () => ({ kind: 'body', status: 404, body: 'Not found', contentType: 'text/plain' }), /HTTP 404/],
    ['HTTP 429 (rate limited)', 'prices', () => ({ kind: 'body', status: 429, body: 'Too Many Requests', contentType: 'text/plain' }), /HTTP 429/],
    ['non-JSON text', 'rewardStats', () => ({ kind: 'body', body: 'Internal error', contentType: 'text/plain' }), /did not send valid JSON/],
    ['an HTML error page with status 200', 'prices', () => ({ kind: 'body', body: html, contentType: 'text/html' }), /web page \(HTML\)/],
    ['an HTML page sent as JSON', 'hashrate', () => ({ kind: 'body', body: html }), /web page \(HTML\)/],
    ['an HTML page for the tip height', 'tipHeight', () => ({ kind: 'body', body: '<html>error</html>', contentType: 'text/html' }), /web page \(HTML\)/],
    ['a long HTML page for the tip height (over its 64-byte cap)', 'tipHeight', () => ({ kind: 'body', body: html, contentType: 'text/html' }), /sent \d+ bytes; at most 64/],
    ['an empty body', 'prices', () => ({ kind: 'body', body: '' }), /empty body/],
    ['a missing field (USD)', 'prices', () => withJson('prices', (d) => delete d.USD), /USD is missing/],
    ['a missing field (currentDifficulty)', 'hashrate', () => withJson('hashrate', (d) => delete d.currentDifficulty), /currentDifficulty is missing/],
    ['a missing list (hashrates)', 'hashrate', () => withJson('hashrate', (d) => delete d.hashrates), /hashrates is not a list/],
    ['a string where a number belongs (USD)', 'prices', () => withJson('prices', (d) => (d.USD = '91234')), /USD should be a number/],
    ['a string where a number belongs (avgHashrate)', 'hashrate', () => withJson('hashrate', (d) => ((d.hashrates as Record<string, unknown>[])[3].avgHashrate = 'fast')), /hashrates\[3\]: avgHashrate should be a number/],
    ['text that is not digits in a documented digit string (totalFee)', 'rewardStats', () => withJson('rewardStats', (d) => (d.totalFee = '3.07e8')), /totalFee should be a whole number/],
    ['Infinity (JSON 1e999)', 'prices', () => ({ kind: 'body', body: fixtureText('prices').replace('91234', '1e999') }), /USD is not a finite number/],
    ['NaN sent as text', 'hashrate', () => withJson('hashrate', (d) => (d.currentHashrate = 'NaN')), /currentHashrate should be a number/],
    ['a zero price', 'prices', () => withJson('prices', (d) => (d.USD = 0)), /USD is 0; expected a number above 0/],
    ['a negative price', 'prices', () => withJson('prices', (d) => (d.USD = -5)), /USD is -5/],
    ["mempool's no-price marker (-1)", 'prices', () => withJson('prices', (d) => (d.USD = -1)), /no price yet/],
    ['an absurd price (10^9 USD)', 'prices', () => withJson('prices', (d) => (d.USD = 1e9)), /USD is 1000000000/],
    ['a price in cents', 'prices', () => withJson('prices', (d) => (d.USD = 9123400)), /disagrees with the price history/],
    ['a stale price (3 days old)', 'prices', () => withJson('prices', (d) => (d.time = (d.time as number) - 3 * 86400)), /stale/],
    ['a price dated tomorrow', 'prices', () => withJson('prices', (d) => (d.time = (d.time as number) + 86400)), /in the future/],
    ['a price time in milliseconds', 'prices', () => withJson('prices', (d) => (d.time = (d.time as number) * 1000)), /not a time in Unix seconds/],
    ['hashrate off by 10^3 (TH/s sent as H/s)', 'hashrate', () => withJson('hashrate', (d) => (d.currentHashrate = (d.currentHashrate as number) / 1000)), /disagrees with the difficulty/],
    ['hashrate off by 10^3, difficulty too', 'hashrate', () => withJson('hashrate', (d) => {
      d.currentHashrate = (d.currentHashrate as number) * 1000;
      d.currentDifficulty = (d.currentDifficulty as number) * 1000;
    }), /disagrees with the last daily average|network_hashrate_eh was/],
    ['a zero hashrate (the node is down)', 'hashrate', () => withJson('hashrate', (d) => (d.currentHashrate = 0)), /node is probably unreachable/],
    ['a negative daily hashrate', 'hashrate', () => withJson('hashrate', (d) => ((d.hashrates as Record<string, unknown>[])[0].avgHashrate = -1)), /avgHashrate is -1/],
    ['an empty hashrate history', 'hashrate', () => withJson('hashrate', (d) => (d.hashrates = [])), /history is empty/],
    ['a daily hashrate off by 10^3 in the history', 'hashrate', () => withJson('hashrate', (d) => {
      const h = (d.hashrates as Record<string, number>[])[100];
      h.avgHashrate *= 1000;
    }), /hashrate history's .* value/],
    ['fees above the rewards', 'rewardStats', () => withJson('rewardStats', (d) => (d.totalFee = '99306720000')), /exceeds totalReward/],
    ['rewards in BTC instead of satoshis', 'rewardStats', () => withJson('rewardStats', (d) => (d.totalReward = '453')), /exceeds totalReward|do not add up/],
    ['rewards that do not add up to the subsidy', 'rewardStats', () => withJson('rewardStats', (d) => (d.totalReward = String(10 * 45306720000))), /do not add up/],
    ['more blocks than asked for', 'rewardStats', () => withJson('rewardStats', (d) => (d.startBlock = (d.startBlock as number) - 1000)), /cover 1144 blocks/],
    ['statistics ending after the tip', 'rewardStats', () => withJson('rewardStats', (d) => {
      d.startBlock = (d.startBlock as number) + 10;
      d.endBlock = (d.endBlock as number) + 10;
    }), /index lags/],
    ['a testnet tip height', 'tipHeight', () => ({ kind: 'body', body: '4500000', contentType: 'text/plain' }), /not near the .* expected today/],
    ['a tip height that is not a number', 'tipHeight', () => ({ kind: 'body', body: 'tip', contentType: 'text/plain' }), /expected a block height/],
    ['a negative fee in the fee history', 'feeHistory', () => ({ kind: 'body', body: JSON.stringify([{ avgHeight: 978000, timestamp: 1795700000, avgFees: -3 }]) }), /avgFees is -3/],
    ['a price history that is not a list', 'priceHistory', () => ({ kind: 'body', body: '{"prices":"soon"}' }), /prices is not a list/],
    ['a price history entry with text', 'priceHistory', () => withJson('priceHistory', (d) => ((d.prices as Record<string, unknown>[])[5].USD = 'n/a')), /prices\[5\]: USD should be a number/],
    ['a truncated body (connection closed half-way)', 'priceHistory', () => ({ kind: 'truncate' }), /could not read|valid JSON/],
    ['a truncated JSON document', 'hashrate', () => ({ kind: 'body', body: fixtureText('hashrate').slice(0, 5000) }), /did not send valid JSON.*cut off/],
    ['a 50 MB body (streamed, no length)', 'priceHistory', () => ({ kind: 'huge', bytes: 50 * 1024 * 1024 }), /more than 8388608 bytes/],
    ['a 50 MB body (declared length)', 'prices', () => ({ kind: 'huge', bytes: 50 * 1024 * 1024, declare: true }), /sent 52428800 bytes; at most 65536/],
    ['a control character instead of JSON', 'prices', () => ({ kind: 'body', body: '\u0000' }), /valid JSON/],
    ['a redirect to another server', 'prices', () => ({ kind: 'redirect', to: 'https://example.com/api/v1/prices' }), /could not read/],
    ['a connection reset', 'rewardStats', () => ({ kind: 'reset' }), /could not read/],
    ['no answer (timeout)', 'feeHistory', () => ({ kind: 'hang' }), /no complete answer from .* within 0.4 s/],
  ];

  test.each(cases)('%s', async (_name, key, behaviour, reason) => {
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
