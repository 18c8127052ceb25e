/**
 * Stored market data and snapshot files: canonical encoding, strict decoding
 * that never throws and never half-applies, and the exact JSON `btcai market`
 * prints.
 */
import fc from 'fast-check';
import { codec, MarketState } from '../../src/market';
import { MAX_HISTORY_DAYS, mergeHistory } from '../../src/market/assemble';

const SEED = { seed: 7, numRuns: 200 };
const SNAP = { btc_price: 90000, network_hashrate_eh: 1000, difficulty: 1.4e14, fees_btc_per_block: 0.02, height: 978100, asof: '2026-11-27T12:00:00.000Z' };

function snapshot(extra: Record<string, unknown> = {}) {
  const s = codec.parseSnapshotFile(JSON.stringify({ ...SNAP, ...extra }), 'file test.json');
  if (!s.ok) throw new Error(s.error);
  return s.value;
}
const dayArb = fc.record({
  price: fc.double({ min: 1, max: 1e8, noNaN: true }),
  eh: fc.double({ min: 1, max: 1e7, noNaN: true }),
  fees: fc.double({ min: 0, max: 100, noNaN: true }),
  hp: fc.double({ min: 0, max: 1e6, noNaN: true }),
});
const stateArb = fc.array(dayArb, { maxLength: 40 }).map((days): MarketState => ({
  snapshot: { ...snapshot(), source: 'https://mempool.space' },
  history: days.map((d, i) => ({ date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), btc_price: d.price, network_hashrate_eh: d.eh, fees_btc_per_block: d.fees, hashprice: d.hp })),
}));

describe('the stored copy (workbook setting)', () => {
  test('encode → decode gives the same state, and encoding again the same text', () => {
    fc.assert(
      fc.property(stateArb, (st) => {
        const text = codec.encodeState(st);
        const d = codec.decodeState(text);
        expect(d).toEqual({ ok: true, value: st });
        if (d.ok) expect(codec.encodeState(d.value)).toBe(text);
      }),
      SEED,
    );
  });

  test('decoding never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), stateArb.map((s) => codec.encodeState(s).slice(0, 200))), (t) => {
        const d = codec.decodeState(t);
        expect(typeof d.ok).toBe('boolean');
      }),
      SEED,
    );
  });

  const good = (): Record<string, unknown> => JSON.parse(codec.encodeState({ snapshot: { ...snapshot(), source: 'https://mempool.space' }, history: [] }));
  test.each<[string, (d: Record<string, unknown>) => void, RegExp]>([
    ['another format', (d) => (d.format = 'btcai-snapshot'), /format/],
    ['a newer version', (d) => (d.version = 2), /version is 2; this add-in reads version 1/],
    ['an extra key', (d) => (d.note = 'x'), /unexpected key "note"/],
    ['a price as text', (d) => ((d.snapshot as Record<string, unknown>).btc_price = '90000'), /btc_price needs a number/],
    ['a negative hashrate', (d) => ((d.snapshot as Record<string, unknown>).network_hashrate_eh = -1), /network_hashrate_eh was -1/],
    ['a hashprice that does not match its fields', (d) => ((d.snapshot as Record<string, unknown>).hashprice = 80), /hashprice 80 does not match/],
    ['a source over plain http', (d) => ((d.snapshot as Record<string, unknown>).source = 'http://evil.example'), /source must be/],
    ['a source with markup', (d) => ((d.snapshot as Record<string, unknown>).source = '<img src=x onerror=alert(1)>'), /source must be/],
    ['an asof that is not a time', (d) => ((d.snapshot as Record<string, unknown>).asof = 'yesterday'), /asof must be/],
    ['a height that is not whole', (d) => ((d.snapshot as Record<string, unknown>).height = 978100.5), /height must be/],
    ['history rows out of order', (d) => (d.history = [['2026-11-02', 1, 1, 0, 1], ['2026-11-01', 1, 1, 0, 1]]), /dates must increase/],
    ['a history row of the wrong shape', (d) => (d.history = [['2026-11-02', 1, 1]]), /not \[date, price/],
    ['a history date that does not exist', (d) => (d.history = [['2026-02-30', 1, 1, 0, 1]]), /date must be YYYY-MM-DD/],
    ['too many history rows', (d) => (d.history = Array.from({ length: MAX_HISTORY_DAYS + 1 }, () => ['2026-01-01', 1, 1, 0, 1])), /at most 3660/],
  ])('rejects %s', (_n, edit, reason) => {
    const d = good();
    edit(d);
    const r = codec.decodeState(JSON.stringify(d));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(reason);
  });
  test('rejects text that is not JSON, or too long', () => {
    expect(codec.decodeState('{"format":')).toEqual({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(codec.decodeState('x'.repeat(codec.MAX_MARKET_TEXT + 1))).toEqual({ ok: false, error: expect.stringMatching(/longer than/) });
  });
});

describe('snapshot files (btcai market --json, btcai eval --market)', () => {
  test('btcai market --json prints exactly these keys, in this order', () => {
    const s = snapshot();
    expect(Object.keys(JSON.parse(codec.snapshotJson(s)))).toEqual(['btc_price', 'network_hashrate_eh', 'difficulty', 'fees_btc_per_block', 'height', 'hashprice', 'asof']);
  });
  test('what it prints reads back as the same snapshot', () => {
    const s = snapshot();
    expect(codec.parseSnapshotFile(codec.snapshotJson(s), 'file x.json')).toEqual({ ok: true, value: { ...s, source: 'file x.json' } });
  });
  test('hashprice may be left out (recomputed) but not contradicted', () => {
    // 144 · (3.125 + 0.02) · 90 000 / (1 000 · 1 000) = 40.7592 USD/PH/day
    expect(snapshot().hashprice).toBeCloseTo(40.7592, 9);
    const edited = codec.parseSnapshotFile(JSON.stringify({ ...SNAP, btc_price: 120000, hashprice: 40.7592 }), 'f');
    expect(edited).toEqual({ ok: false, error: expect.stringMatching(/hashprice 40.7592 does not match .*remove it/) });
  });
  test('a source given in the file must be an https address', () => {
    expect(snapshot({ source: 'https://node.example/mempool/' }).source).toBe('https://node.example/mempool');
    expect(codec.parseSnapshotFile(JSON.stringify({ ...SNAP, source: 'file:///etc/passwd' }), 'f').ok).toBe(false);
  });
  test('unknown keys and missing fields are named', () => {
    const r = codec.parseSnapshotFile(JSON.stringify({ ...SNAP, btc: 1, height: undefined }), 'f');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/unexpected key "btc".*height must be/) });
  });
});

describe('merging history', () => {
  const d = (date: string, price: number) => ({ date, btc_price: price, network_hashrate_eh: 1, fees_btc_per_block: 0, hashprice: 1 });
  test('a refresh replaces the days it covers, keeps the others, sorted and capped', () => {
    expect(mergeHistory([d('2026-01-01', 1), d('2026-01-02', 2)], [d('2026-01-02', 3), d('2026-01-03', 4)]).map((x) => x.btc_price)).toEqual([1, 3, 4]);
    const many = Array.from({ length: MAX_HISTORY_DAYS + 10 }, (_, i) => d(new Date(Date.UTC(2010, 0, 1 + i)).toISOString().slice(0, 10), i + 1));
    const m = mergeHistory([], many);
    expect(m).toHaveLength(MAX_HISTORY_DAYS);
    expect(m[0].btc_price).toBe(11); // the oldest ten days go
  });
});
