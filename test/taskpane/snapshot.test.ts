import fc from 'fast-check';
import { CATALOGUE } from '../../src/engine/catalogue';
import { loadBundled } from '../../src/presets/bundledDocuments';
import { sourceSheet } from '../../src/taskpane/presetTable';
import { Snapshot, decodeSnapshot, encodeSnapshot } from '../../src/taskpane/snapshot';

const bundled = loadBundled().presets;
const presetOf = (t: string) => bundled.find((p) => p.ticker === t);

function snapshotOf(tickers: string[], edits: [number, number][], importedCount: number): Snapshot {
  const source = sourceSheet(tickers, presetOf);
  const cells: Record<string, Record<string, number | string>> = {};
  for (const t of ['', ...source.tickers]) cells[t] = { ...source.cells[t] };
  // edits: set an input of the market column to a valid in-range value
  for (const [i, f] of edits) {
    const s = CATALOGUE[i % CATALOGUE.length];
    if (s.kind === 'choice') cells[''][s.name] = s.choices![f < 0.5 ? 0 : 1];
    else if (s.kind === 'text') cells[''][s.name] = f < 0.5 ? 'all' : 'river-bend';
    else cells[''][s.name] = s.integer ? Math.round(s.min! + f * (s.max! - s.min!)) : s.min! + f * (s.max! - s.min!);
  }
  return { saved: '2026-02-01T10:00:00.000Z', sheet: { ...source, cells }, baseline: source, imported: bundled.slice(0, importedCount) };
}

describe('snapshot encoding', () => {
  it('round-trips exactly: decode(encode(s)) equals s, and encoding is stable', () => {
    fc.assert(
      fc.property(
        fc.subarray(bundled.map((p) => p.ticker)),
        fc.array(fc.tuple(fc.nat(100), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 8 }),
        fc.nat(3),
        (tickers, edits, n) => {
          const s = snapshotOf(tickers, edits, n);
          const text = encodeSnapshot(s);
          const d = decodeSnapshot(text);
          expect(d.ok).toBe(true);
          if (!d.ok) return;
          expect(d.snapshot).toEqual(s);
          expect(encodeSnapshot(d.snapshot)).toBe(text);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps full double precision (a value is never rounded on the way through the workbook)', () => {
    const s = snapshotOf(['RIOT'], [], 0);
    const cells = { ...s.sheet.cells, '': { ...s.sheet.cells[''], btc_price: 98765.43210987654 } };
    const d = decodeSnapshot(encodeSnapshot({ ...s, sheet: { ...s.sheet, cells } }));
    expect(d.ok && d.snapshot.sheet.cells[''].btc_price).toBe(98765.43210987654);
  });

  it.each([
    ['truncated text', (t: string) => t.slice(0, t.length - 10), 'not valid JSON'],
    ['another format', (t: string) => t.replace('btcai-snapshot', 'other'), 'format'],
    ['a newer version', (t: string) => t.replace('"version":1', '"version":2'), 'version 1'],
    ['a value out of range', (t: string) => t.replace('"uptime":0.88', '"uptime":7'), 'uptime was 7'],
    ['an unknown input', (t: string) => t.replace('"uptime":0.88', '"uptimes":0.88'), 'unknown input "uptimes"'],
    ['a missing market input', (t: string) => t.replace(`"btc_price":${CATALOGUE.find((s) => s.name === 'btc_price')!.default},`, ''), 'btc_price is missing'],
    ['a formula in an imported preset', (t: string) => t.replace('"imported":[]', '"imported":[{"ticker":"X","name":"=HYPERLINK()","asof":"2026-01-01","ai_business":"a","fields":{}}]'), 'formula'],
  ])('reports %s as damaged, with the reason', (_label, damage, reason) => {
    const text = damage(encodeSnapshot(snapshotOf(['RIOT'], [], 0)));
    const d = decodeSnapshot(text);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.errors.join('\n')).toContain(reason);
  });
});
