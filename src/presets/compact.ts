/**
 * The bundled presets as compact data (docs/performance.md, "Bundle budget").
 *
 * The build validates the bundled documents (the validators of schema.ts, the same
 * run as `btcai validate-bundled`) and encodes the validated presets with
 * `encodePresets`; functions.js rebuilds them with `decodePresets` and never runs
 * the validators. The encoding is generic: it keeps every object's keys in order,
 * its prototype (plain or none), whether it is frozen, and which objects are the
 * same object (a preset's model inputs are records of its company fields), so the
 * decoded presets are what the validators return (test/bundle/compact.test.ts).
 *
 * Encoded, a string, number, boolean or null is itself; an object or array is an
 * array whose first element says what it is: TEXT (a prose string, kept apart in
 * `text`), SAME (the n-th object already decoded), MINUS_ZERO, KEYED (an object whose
 * shape no other object has: flags, then each key and its value), or the index of its
 * shape + SHAPE_BASE, followed by its values (by the shape's keys) or items. A shape
 * is [flags, ...keys]; flags: IS_ARRAY, NO_PROTOTYPE, FROZEN. A key that starts with
 * TEXT_KEY has no value in the list: its value is the next prose string; one that
 * starts with OWN_KEY has the key its object sits under as its value (a source's id).
 *
 * Prose (the strings no function computes with: titles, publishers, addresses,
 * notes, assumptions, ai_business, and any other string of TEXT_MIN_LENGTH
 * characters or more) goes to `text`, in the order the decoder meets it, and
 * ships in dist/text.js; identifiers and values (tickers, names, ids, dates, modes,
 * values, the parties of a deal: CORE_KEYS, of any length) stay. Without the text,
 * each prose string reads as a placeholder that says so, and every value is the same.
 */

export type Encoded = null | boolean | number | string | readonly Encoded[];
export interface CompactPresets {
  readonly shapes: readonly (readonly (number | string)[])[];
  readonly data: readonly Encoded[];
}

const TEXT = 0;
const SAME = 1;
const MINUS_ZERO = 2;
const KEYED = 3;
const SHAPE_BASE = 4;
const TEXT_KEY = '\u0001';
const OWN_KEY = '\u0002';
const IS_ARRAY = 1;
const NO_PROTOTYPE = 2;
const FROZEN = 4;

export const TEXT_MIN_LENGTH = 49;
/** Keys whose strings are prose whatever their length. (Only the encoder, at build time, reads these two sets: marked pure, so functions.js drops them.) */
export const PROSE_KEYS: ReadonlySet<string> = /*#__PURE__*/ new Set(['ai_business', 'alias_note', 'assumption', 'note', 'title', 'publisher', 'url']);
/** Keys whose strings stay whatever their length: identifiers, names of parties (CONTRACTS shows them), dates and values. */
export const CORE_KEYS: ReadonlySet<string> = /*#__PURE__*/ new Set(['ticker', 'name', 'id', 'source', 'value', 'asof', 'date', 'quarter', 'kind', 'tenant', 'guarantor', 'holder']);
export const TEXT_NOT_LOADED = 'source text not loaded (text.js)';
export const URL_NOT_LOADED = 'https://btcai.invalid/text-not-loaded';

/** Whether a string under `key` (the nearest object key above it) is prose. */
export function isProse(key: string, s: string): boolean {
  return !CORE_KEYS.has(key) && (PROSE_KEYS.has(key) || s.length >= TEXT_MIN_LENGTH);
}

/** What a prose string reads as when dist/text.js did not load (an address for a url, so links stay well-formed). */
export function textNotLoaded(key: string): string {
  return key === 'url' ? URL_NOT_LOADED : TEXT_NOT_LOADED;
}

/**
 * Encodes validated presets (any tree of plain or prototype-free objects, arrays and
 * JSON values). Throws on anything it cannot give back exactly (a getter, a symbol,
 * a non-finite number, a class instance, a sealed but not frozen object, ...): the
 * build then fails rather than ship something else.
 */
export function encodePresets(presets: readonly unknown[]): CompactPresets & { text: string[] } {
  // first an intermediate tree (each object with its shape's id), then the shapes used more than once get an index
  interface Obj {
    readonly id: string;
    readonly shape: (number | string)[];
    readonly values: Item[];
  }
  type Item = Encoded | Obj;
  const isObj = (i: Item): i is Obj => typeof i === 'object' && i !== null && !Array.isArray(i);
  const seen = new Map<object, number>();
  const uses = new Map<string, number>();
  const text: string[] = [];
  const walk = (x: unknown, key: string, ownKey: string, where: string): Item => {
    if (x === null || typeof x === 'boolean') return x;
    if (typeof x === 'number') {
      if (!Number.isFinite(x)) throw new Error(`encodePresets: ${where} is ${x}, which JSON cannot hold`);
      return Object.is(x, -0) ? [MINUS_ZERO] : x;
    }
    if (typeof x === 'string') {
      if (!isProse(key, x)) return x;
      text.push(x);
      return [TEXT];
    }
    if (typeof x !== 'object') throw new Error(`encodePresets: ${where} is a ${typeof x}`);
    const ref = seen.get(x);
    if (ref !== undefined) return [SAME, ref];
    seen.set(x, seen.size);
    const proto = Object.getPrototypeOf(x);
    const isArray = Array.isArray(x);
    if (proto !== (isArray ? Array.prototype : Object.prototype) && !(proto === null && !isArray)) throw new Error(`encodePresets: ${where} is not a plain object or array`);
    const frozen = Object.isFrozen(x);
    if (!frozen && !Object.isExtensible(x)) throw new Error(`encodePresets: ${where} is sealed or not extensible without being frozen`);
    const own = Reflect.ownKeys(x);
    for (const k of own) {
      const d = Object.getOwnPropertyDescriptor(x, k)!;
      const plain = typeof k === 'string' && 'value' in d && d.enumerable && (frozen || (d.writable && d.configurable));
      if (!plain && !(isArray && k === 'length')) throw new Error(`encodePresets: ${where}.${String(k)} is not a plain data property`);
    }
    const flags = (isArray ? IS_ARRAY : 0) | (proto === null ? NO_PROTOTYPE : 0) | (frozen ? FROZEN : 0);
    const shape: (number | string)[] = [flags];
    const values: Item[] = [];
    if (isArray) {
      if (own.length !== (x as unknown[]).length + 1) throw new Error(`encodePresets: ${where} is a sparse array or has extra properties`);
      (x as unknown[]).forEach((v, i) => values.push(walk(v, key, ownKey, `${where}[${i}]`)));
    } else {
      for (const k of own as string[]) {
        if ((proto !== null && k === '__proto__') || k.startsWith(TEXT_KEY) || k.startsWith(OWN_KEY)) throw new Error(`encodePresets: ${where} has the key ${JSON.stringify(k)}`);
        const v = (x as Record<string, unknown>)[k];
        if (v === key && key !== '' && typeof v === 'string') {
          shape.push(OWN_KEY + k);
          continue;
        }
        const item = walk(v, k, key, `${where}.${k}`);
        if (Array.isArray(item) && item.length === 1 && item[0] === TEXT) shape.push(TEXT_KEY + k);
        else {
          shape.push(k);
          values.push(item);
        }
      }
    }
    const id = JSON.stringify(shape);
    uses.set(id, (uses.get(id) ?? 0) + 1);
    return { id, shape, values };
  };
  const tree = presets.map((p, i) => walk(p, '', '', `preset ${i + 1}`));

  const shapes: (number | string)[][] = [];
  const index = new Map<string, number>();
  const out = (item: Item): Encoded => {
    if (!isObj(item)) return item;
    const values = item.values.map(out);
    if (uses.get(item.id)! === 1 && !((item.shape[0] as number) & IS_ARRAY)) return [KEYED, ...item.shape.slice(0, 1), ...keyedPairs(item.shape.slice(1) as string[], values)];
    let i = index.get(item.id);
    if (i === undefined) {
      i = shapes.length;
      shapes.push(item.shape);
      index.set(item.id, i);
    }
    return [i + SHAPE_BASE, ...values];
  };
  // a KEYED object lists each key, then its value unless the key carries it (TEXT_KEY, OWN_KEY)
  const keyedPairs = (keys: string[], values: Encoded[]): Encoded[] => {
    const pairs: Encoded[] = [];
    let v = 0;
    for (const k of keys) {
      pairs.push(k);
      if (!k.startsWith(TEXT_KEY) && !k.startsWith(OWN_KEY)) pairs.push(values[v++]);
    }
    return pairs;
  };
  return { shapes, data: tree.map(out), text };
}

/**
 * The presets `encodePresets` was given, rebuilt. `text` is its text (undefined when
 * dist/text.js did not load: each prose string then reads as `textNotLoaded`).
 */
export function decodePresets<T>(c: CompactPresets, text: readonly string[] | undefined): T[] {
  const made: unknown[] = [];
  let next = 0;
  const dec = (x: Encoded, key: string, ownKey: string): unknown => {
    if (!Array.isArray(x)) return x;
    const tag = x[0] as number;
    if (tag === TEXT) return text ? text[next++] : textNotLoaded(key);
    if (tag === SAME) return made[x[1] as number];
    if (tag === MINUS_ZERO) return -0;
    const keyed = tag === KEYED;
    const flags = (keyed ? x[1] : c.shapes[tag - SHAPE_BASE][0]) as number;
    let out: unknown[] | Record<string, unknown>;
    if (flags & IS_ARRAY) {
      out = [];
      made.push(out);
      for (let i = 1; i < x.length; i++) out.push(dec(x[i], key, ownKey));
    } else {
      const o: Record<string, unknown> = flags & NO_PROTOTYPE ? Object.create(null) : {};
      made.push(o);
      const keys = keyed ? x : c.shapes[tag - SHAPE_BASE];
      let at = keyed ? 2 : 1;
      for (let i = keyed ? 2 : 1; i < keys.length; i++) {
        const k = keys[i] as string;
        const name = k.slice(1);
        if (k[0] === TEXT_KEY) o[name] = text ? text[next++] : textNotLoaded(name);
        else if (k[0] === OWN_KEY) o[name] = key;
        else o[k] = dec(x[keyed ? ++i : at++], k, key);
      }
      out = o;
    }
    return flags & FROZEN ? Object.freeze(out) : out;
  };
  return c.data.map((d) => dec(d, '', '') as T);
}
