/**
 * Bounded caches that leave no garbage behind in V8's young generation.
 *
 * A cache that lives for the whole session sits in the old generation. Each young
 * object written into it is remembered, and so is everything that object reaches.
 * A JS Map used as a bounded cache does worse than hold its entries: its backing
 * table is replaced as entries come and go, and the old table keeps its entries and
 * a link to its successor. Every value that ever passed through the cache then
 * survives the next young-generation collection and is promoted. With a COMPANY
 * call a valuation, that was half of all it allocated, copied and promoted
 * (docs/performance.md, "Caches that leave no garbage alive").
 *
 * These caches have a fixed size. Their slots are overwritten in place, so an
 * evicted value is garbage at once. NumberKeyCache holds its keys and values as
 * numbers in typed arrays, so an insert allocates nothing at all.
 */

/** A first-in, first-out cache of at most `capacity` values by string key (a hit does not refresh an entry). */
export class RingCache<V> {
  private readonly keys: (string | undefined)[];
  private readonly values: (V | undefined)[];
  private next = 0;

  constructor(readonly capacity: number) {
    this.keys = new Array<string | undefined>(capacity).fill(undefined);
    this.values = new Array<V | undefined>(capacity).fill(undefined);
  }

  get(key: string): V | undefined {
    for (let i = 0; i < this.capacity; i++) if (this.keys[i] === key) return this.values[i];
    return undefined;
  }

  /** Stores `value` under `key` (not already present), evicting the oldest entry when full. */
  set(key: string, value: V): void {
    this.keys[this.next] = key;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Entries held. */
  get size(): number {
    let n = 0;
    for (const k of this.keys) if (k !== undefined) n++;
    return n;
  }
}

/**
 * Values of `width` numbers (or an error) by a key of up to `maxKeyLength`
 * numbers, compared exactly (NaN equal to NaN, so NaN can stand for "not given").
 * An open-addressing table over typed arrays: a hash of the key's bits picks the
 * first slot. When `capacity` entries are held, the next insert starts afresh (a
 * workbook cycling through more inputs than the cache holds). A key longer than
 * maxKeyLength is not cached.
 */
export class NumberKeyCache<E> {
  // allocated on the first insert: the add-in loads this module whether or not a company is ever valued
  private keys = new Float64Array(0);
  private keyLengths = new Int32Array(0);
  private values = new Float64Array(0);
  private errors: (E | undefined)[] = [];
  /** Table slot → entry + 1 (0: empty); twice the capacity, so probes stay short. */
  private slots = new Int32Array(0);
  private hashes = new Int32Array(0);
  private size = 0;

  constructor(
    readonly capacity: number,
    readonly maxKeyLength: number,
    readonly width: number,
  ) {}

  /**
   * The entry holding the first `length` numbers of `key`, or −1. `bits` is an
   * Int32Array over key's buffer (the hash reads the numbers' bits).
   */
  find(key: Float64Array, bits: Int32Array, length: number): number {
    if (length < 0 || length > this.maxKeyLength || this.size === 0) return -1;
    const h = hashBits(bits, length);
    const slots = this.slots;
    const mask = slots.length;
    for (let s = (h >>> 0) % mask; ; s = (s + 1) % mask) {
      const e = slots[s] - 1;
      if (e < 0) return -1;
      if (this.hashes[e] === h && this.keyLengths[e] === length && this.sameKey(e, key, length)) return e;
    }
  }

  private sameKey(e: number, key: Float64Array, length: number): boolean {
    const k = this.keys;
    const o = e * this.maxKeyLength;
    for (let i = 0; i < length; i++) {
      const a = k[o + i];
      const b = key[i];
      if (a !== b && !(a !== a && b !== b)) return false;
    }
    return true;
  }

  /** Value number j of entry e. */
  value(e: number, j: number): number {
    return this.values[e * this.width + j];
  }

  /** The error stored at entry e, or undefined. */
  error(e: number): E | undefined {
    return this.errors[e];
  }

  /**
   * Stores the first `length` numbers of `key` (not already present) with a value
   * (its numbers are written with setValue) or an error; returns the entry, or −1
   * where the key is not cacheable.
   */
  insert(key: Float64Array, bits: Int32Array, length: number, error?: E): number {
    if (length < 0 || length > this.maxKeyLength) return -1;
    if (this.slots.length === 0) {
      const c = this.capacity;
      this.keys = new Float64Array(c * this.maxKeyLength);
      this.keyLengths = new Int32Array(c);
      this.values = new Float64Array(c * this.width);
      this.errors = new Array<E | undefined>(c).fill(undefined);
      this.slots = new Int32Array(2 * c);
      this.hashes = new Int32Array(c);
    }
    if (this.size >= this.capacity) this.clear();
    const e = this.size++;
    const h = hashBits(bits, length);
    const o = e * this.maxKeyLength;
    for (let i = 0; i < length; i++) this.keys[o + i] = key[i];
    this.keyLengths[e] = length;
    this.hashes[e] = h;
    this.errors[e] = error;
    const slots = this.slots;
    const mask = slots.length;
    let s = (h >>> 0) % mask;
    while (slots[s] !== 0) s = (s + 1) % mask;
    slots[s] = e + 1;
    return e;
  }

  setValue(e: number, j: number, x: number): void {
    this.values[e * this.width + j] = x;
  }

  clear(): void {
    this.slots.fill(0);
    this.errors.fill(undefined);
    this.size = 0;
  }

  /** Entries held. */
  get entries(): number {
    return this.size;
  }
}

/** FNV-1a over the 32-bit halves of the first `length` numbers. */
function hashBits(bits: Int32Array, length: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < 2 * length; i++) h = Math.imul(h ^ bits[i], 16777619);
  return h;
}

/**
 * What a cached model holds is built with `keptRecord` (records) or `keptList` (lists),
 * never straight from an object or array literal.
 *
 * V8 counts, for each object or array literal in the code (an "allocation site"),
 * how many of the objects it made since the last young-generation collection are
 * still alive at it. Where nearly all are, it decides the site makes long-lived
 * objects and allocates them in the old generation from then on, for the rest of
 * the session ("pretenuring"). The models in the COMPANY cache outlive many calls
 * while the code is still cold (unoptimised code allocates a lot, so collections
 * come every few dozen calls), so their literals were pretenured. A pretenured
 * record then points at the call's young objects (its inputs, its tranches' values,
 * their arrays), and each young collection has to copy and promote all of them:
 * COMPANY ran at 1.4–2× its floor for the rest of the run (docs/performance.md,
 * "No pretenured model parts"). Instances of a class, and arrays made by
 * Array.from, have no allocation site, so V8 never pretenures them (two tests in
 * test/engine/caches.test.ts ask V8). `keptRecord` suits small records: copied
 * into an empty object, a record of more than about twenty fields is kept in V8's
 * slow dictionary mode, so such a record gets a class that assigns its fields in
 * its constructor (CompanyValuation in company.ts).
 */
class KeptRecord {}

/** `fields` copied into an object V8 does not pretenure (a class instance). */
export function keptRecord<T extends object>(fields: T): T {
  return Object.assign(new KeptRecord(), fields);
}

/** `items` copied into an array V8 does not pretenure (made by Array.from). */
export function keptList<T>(items: readonly T[]): T[] {
  return Array.from(items);
}
