/**
 * `btcai market` against the local stub API (the built command, in its own
 * process, with Node's fetch and the real clock), and `btcai eval --market FILE`.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { serialFromUnixMs } from '../../src/engine/dates';
import { FAILURES } from './failures';
import { Stub, fixturesForNow, startStub } from './stubServer';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'btcai.js');

function btcai(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, BTCAI_DIST: path.join(ROOT, 'dist') } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

let stub: Stub;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'btcai-market-'));
beforeAll(async () => {
  // the command checks freshness against the real clock: move the recorded answers to today
  stub = await startStub(fixturesForNow());
});
afterAll(async () => {
  await stub.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});
afterEach(() => stub.reset());

describe('btcai market', () => {
  test('--json prints exactly the snapshot keys, exit 0', async () => {
    const r = await btcai('market', '--source', stub.url, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['btc_price', 'network_hashrate_eh', 'difficulty', 'fees_btc_per_block', 'height', 'hashprice', 'asof']);
    // the fixtures' figures (test/fixtures/market/README.md)
    expect(j.btc_price).toBe(91234);
    expect(j.network_hashrate_eh).toBeCloseTo(1031.2, 9);
    expect(j.fees_btc_per_block).toBeCloseTo(0.0213, 12);
    expect(j.hashprice).toBeCloseTo((144 * 3.1463 * 91234) / 1031200, 9);
    expect(Math.abs(Date.parse(j.asof) - Date.now())).toBeLessThan(60_000);
  });

  test('without --json: one line per field with its unit, and the source', async () => {
    const r = await btcai('market', '--source', stub.url);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`market data from ${stub.url}`);
    expect(r.out).toMatch(/^btc_price +91234 +USD$/m);
  });

  // a sample of the failure matrix (every case runs against the pane's code in test/office/market.test.ts)
  const sample = ['HTTP 500', 'an HTML error page with status 200', 'a missing field (USD)', 'a string where a number belongs (USD)', 'a negative price', 'hashrate off by 10^3 (TH/s sent as H/s)', 'a truncated body (connection closed half-way)', 'a 50 MB body (streamed, no length)', 'a testnet tip height'];
  test.each(FAILURES.filter(([n]) => sample.includes(n)))('%s: exit 1, one line on stderr, nothing on stdout', async (_n, key, behaviour, reason) => {
    stub.set(key, behaviour());
    const r = await btcai('market', '--source', stub.url, '--json');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^market data rejected: /);
    expect(r.err).toMatch(reason);
  });

  test('no answer within 10 s: exit 1 naming the timeout', async () => {
    stub.set('feeHistory', { kind: 'hang' });
    const t = Date.now();
    const r = await btcai('market', '--source', stub.url);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no complete answer from .* within 10 s/);
    expect(Date.now() - t).toBeGreaterThanOrEqual(9_000);
  }, 30_000);

  test('an address that is not https (nor local http) is refused: exit 1, no request', async () => {
    stub.requests.length = 0;
    const r = await btcai('market', '--source', 'http://example.com');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Only https/);
    expect(stub.requests).toHaveLength(0);
  });

  test('a missing --source value or a stray argument is a usage error (exit 2)', async () => {
    expect((await btcai('market', '--source')).code).toBe(2);
    expect((await btcai('market', 'now')).code).toBe(2);
  });
});

describe('btcai eval --market FILE', () => {
  test('evaluates with the saved snapshot as market data: HASH_VS_LEASE("RIOT") changes, MARKET("asof") is its date', async () => {
    const snap = await btcai('market', '--source', stub.url, '--json');
    expect(snap.code).toBe(0);
    const file = path.join(tmp, 'snapshot.json');
    fs.writeFileSync(file, snap.out);
    const s = JSON.parse(snap.out);

    const plain = JSON.parse((await btcai('eval', '--json', '=BTCAI.HASH_VS_LEASE("RIOT")')).out).value;
    const withMarket = await btcai('eval', '--market', file, '--json', '=BTCAI.HASH_VS_LEASE("RIOT")');
    expect(withMarket.code).toBe(0);
    const v = JSON.parse(withMarket.out).value;
    expect(v).not.toBeCloseTo(plain, 0);
    // the same as giving the snapshot's three market inputs as overrides
    const same = await btcai('eval', '--json', `HASH_VS_LEASE("RIOT",,"btc_price",${s.btc_price},"network_hashrate_eh",${s.network_hashrate_eh},"fees_btc_per_block",${s.fees_btc_per_block})`);
    expect(v).toBeCloseTo(JSON.parse(same.out).value, 0);

    const asof = JSON.parse((await btcai('eval', '--market', file, '--json', 'MARKET("asof")')).out).value;
    expect(asof).toBeCloseTo(serialFromUnixMs(Date.parse(s.asof)), 9);
    const src = (await btcai('eval', '--market', file, 'INPUT_SOURCE("RIOT","btc_price")')).out.trim();
    expect(src).toBe(`market data from file snapshot.json as of ${s.asof.slice(0, 10)} ${s.asof.slice(11, 16)} UTC: ${s.btc_price}`);
  }, 30_000);

  test('a file that is not a snapshot is refused with the reason (exit 2), before any evaluation', async () => {
    const file = path.join(tmp, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ btc_price: -1 }));
    const r = await btcai('eval', '--market', file, 'MARKET("btc_price")');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/is not a market snapshot: .*btc_price was -1/);
    const missing = await btcai('eval', '--market', path.join(tmp, 'nope.json'), 'MARKET()');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read/);
  });
});
