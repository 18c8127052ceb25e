/**
 * The bounded caches (src/engine/caches.ts) against a plain reference model: for
 * any sequence of lookups and inserts, NumberKeyCache finds exactly the keys a
 * Map of the same capacity (cleared when full) holds, with their values, NaN
 * equal to NaN; RingCache holds the last `capacity` keys set, first in first out.
 * The company model's caches are built on them, so a wrong hit here would be a
 * wrong value per share. Properties run on fast-check with fixed seeds.
 */
import fc from 'fast-check';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { NumberKeyCache, RingCache, keptRecord, keptList } from '../../src/engine/caches';

const SEED = 20261127;

/** A key as Excel-facing inputs give them: a few distinct numbers, NaN for "not given", lengths that differ. */
const keyArb = fc.array(fc.constantFrom(0, 1, 0.5, -2, 1e9, NaN, 0.2 + 1e-6, 0.2 + 2e-6), { minLength: 1, maxLength: 6 });

function scratchOf(key: number[]): { key: Float64Array; bits: Int32Array } {
  const k = new Float64Array(8);
  k.set(key);
  // the scratch beyond the key holds other numbers: only the first `length` may count
  for (let i = key.length; i < 8; i++) k[i] = 99 + i;
  return { key: k, bits: new Int32Array(k.buffer) };
}

/** The reference: a Map by the key's text (NaN written "NaN", so NaN matches NaN), cleared when `capacity` entries are held. */
class Reference {
  readonly map = new Map<string, number>();
  constructor(readonly capacity: number) {}
  get(key: number[]): number | undefined {
    return this.map.get(key.join(','));
  }
  insert(key: number[], v: number): void {
    if (this.map.size >= this.capacity) this.map.clear();
    this.map.set(key.join(','), v);
  }
}

describe('NumberKeyCache', () => {
  test('finds what a Map of the same capacity holds, with the same value, for any sequence of inserts and lookups', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.tuple(keyArb, fc.double({ noNaN: true })), { maxLength: 60 }), (capacity, ops) => {
        const cache = new NumberKeyCache<string>(capacity, 6, 2);
        const ref = new Reference(capacity);
        for (const [key, v] of ops) {
          const { key: k, bits } = scratchOf(key);
          const e = cache.find(k, bits, key.length);
          const want = ref.get(key);
          if (want === undefined) {
            expect(e).toBe(-1);
            const at = cache.insert(k, bits, key.length);
            cache.setValue(at, 0, v);
            cache.setValue(at, 1, -v);
            ref.insert(key, v);
          } else {
            expect(e).toBeGreaterThanOrEqual(0);
            expect(cache.value(e, 0)).toBe(want);
            expect(cache.value(e, 1)).toBe(-want);
          }
          expect(cache.entries).toBe(ref.map.size);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('keeps an error in place of a value', () => {
    const cache = new NumberKeyCache<string>(4, 4, 1);
    const { key, bits } = scratchOf([1, NaN]);
    cache.insert(key, bits, 2, '#NUM! no value');
    const e = cache.find(key, bits, 2);
    expect(cache.error(e)).toBe('#NUM! no value');
    const other = scratchOf([1, 2]);
    expect(cache.find(other.key, other.bits, 2)).toBe(-1);
  });

  test('a key longer than its rows, or a length below zero (not cacheable), is never stored nor found', () => {
    const cache = new NumberKeyCache<string>(4, 2, 1);
    const { key, bits } = scratchOf([1, 2, 3]);
    expect(cache.insert(key, bits, 3)).toBe(-1);
    expect(cache.find(key, bits, 3)).toBe(-1);
    expect(cache.insert(key, bits, -1)).toBe(-1);
    expect(cache.entries).toBe(0);
  });
});

describe('RingCache', () => {
  test('holds the last `capacity` keys set, first in first out, whatever is looked up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.tuple(fc.boolean(), fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g')), { maxLength: 50 }), (capacity, ops) => {
        const ring = new RingCache<string>(capacity);
        const order: string[] = []; // the reference: keys in insertion order, the oldest dropped
        for (const [isSet, key] of ops) {
          const hit = ring.get(key);
          expect(hit).toBe(order.includes(key) ? `v:${key}` : undefined);
          if (isSet && hit === undefined) {
            ring.set(key, `v:${key}`);
            order.push(key);
            if (order.length > capacity) order.shift();
          }
          expect(ring.size).toBe(order.length);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('keptRecord and keptList: what a cached model keeps is never pretenured', () => {
  // V8 moves an object or array literal whose objects mostly outlive a young collection to
  // the old generation for good; a cached model's parts did, and every later COMPANY call
  // paid for it (src/engine/caches.ts). The probe keeps 2^20 of each kind alive and asks V8
  // (its test-only %InYoungGeneration) where the next one is made. The literals are the
  // control: they show the probe does reach V8's decision, so a `keptRecord` that fell back to
  // a literal would fail here.
  const root = path.resolve(__dirname, '..', '..');
  let probe: Record<string, { young: boolean; fastProperties: boolean; fields: number }>;
  beforeAll(() => {
    const text = execFileSync(process.execPath, ['--allow-natives-syntax', path.join(root, 'test', 'support', 'pretenure-probe.js'), root], { encoding: 'utf8' });
    probe = JSON.parse(text);
  }, 60_000);

  test('the control: literals kept alive this way are pretenured', () => {
    expect(probe.literalRecord.young).toBe(false);
    expect(probe.literalArray.young).toBe(false);
  });

  test('records from keptRecord and lists from keptList stay in the young generation', () => {
    expect(probe.keptRecord.young).toBe(true);
    expect(probe.keptList.young).toBe(true);
    expect(probe.keptRecord.fastProperties).toBe(true);
  });

  test('a company valuation (a class of many fields) stays young, its fields in fast mode', () => {
    expect(probe.companyValuation.young).toBe(true);
    expect(probe.companyValuation.fastProperties).toBe(true);
    expect(probe.companyValuation.fields).toBeGreaterThan(20);
    // the control: the same fields copied by keptRecord land in dictionary mode, which is why the valuation is a class
    expect(probe.keptValuation.fastProperties).toBe(false);
  });

  test('keptRecord and keptList copy their fields and items', () => {
    const fields = { a: 1, b: 'x', c: [1, 2] };
    const r = keptRecord(fields);
    expect(r).not.toBe(fields);
    expect({ ...r }).toStrictEqual(fields);
    expect(r.c).toBe(fields.c);
    const items = [3, 1, 2];
    const a = keptList(items);
    expect(a).not.toBe(items);
    expect(a).toStrictEqual(items);
  });
});

describe('a cached COMPANY model under collection pressure: nothing of its own is pretenured', () => {
  // End to end: 3 000 COMPANY valuations with a 1 MB young generation, so the cached models
  // outlive nearly every collection (as at a cold start in Excel), then a walk of one more
  // model for what V8 allocated in its old generation. Before `keptRecord`, the model's inputs,
  // tranches, tranche values and dilution were there (checked by making keptRecord return its
  // argument: the probe then names six or seven of those paths, run to run).
  const root = path.resolve(__dirname, '..', '..');
  test('every object the model owns is in the young generation', () => {
    const args = ['--allow-natives-syntax', '--max-semi-space-size=1', '--min-semi-space-size=1', path.join(root, 'test', 'support', 'company-pretenure-probe.js'), root];
    const probe = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as { own: number; shared: number; old: string[] };
    // the walk reaches the model's own objects (inputs, tranches, values) and the presets' shared ones
    expect(probe.own).toBeGreaterThan(10);
    expect(probe.shared).toBeGreaterThan(0);
    expect(probe.old).toEqual([]);
  }, 60_000);
});
