/**
 * The bundled presets as compact data (src/presets/compact.ts, scripts/split-build.js;
 * docs/performance.md, "Bundle budget"): functions.js rebuilds the presets from data
 * the build encoded from the validators' own output, so decoding must give back what
 * validatePreset returns, exactly: the same keys in the same order, the same
 * prototypes (prototype-free records), the same frozen objects, the same shared
 * records, the same values to the bit, and the prose from text.js. Without text.js,
 * only prose changes, to a placeholder that says so.
 */
import * as fc from 'fast-check';
import * as path from 'path';
import { loadBundled } from '../../src/presets/bundledDocuments';
import { BUNDLED_PRESETS } from '../../src/presets/bundledPresets';
import { decodePresets, encodePresets, isProse, textNotLoaded, TEXT_NOT_LOADED, URL_NOT_LOADED, CompactPresets } from '../../src/presets/compact';
import { validatePreset } from '../../src/presets/schema';
import { Preset } from '../../src/presets/types';

interface SplitBuild {
  compile(): { compact: CompactPresets; presetText: { build: string; text: string[] }; files: string[] };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const split = require('../../scripts/split-build') as SplitBuild;

/**
 * Every way two trees may differ that a program could observe: type, value (Object.is,
 * so -0 and NaN count), prototype, extensibility, frozenness, own keys in order,
 * property attributes, and which nodes are the same object. Empty when identical.
 */
function differences(a: unknown, b: unknown): string[] {
  const out: string[] = [];
  const pairs = new Map<object, object>();
  const walk = (x: unknown, y: unknown, where: string): void => {
    if (out.length > 20) return;
    if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) {
      if (!Object.is(x, y)) out.push(`${where}: ${String(x)} vs ${String(y)}`);
      return;
    }
    const paired = pairs.get(x);
    if (paired !== undefined) {
      if (paired !== y) out.push(`${where}: the same object on one side, different objects on the other`);
      return;
    }
    if ([...pairs.values()].includes(y)) out.push(`${where}: the same object on the second side only`);
    pairs.set(x, y);
    if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) out.push(`${where}: prototypes differ`);
    if (Object.isFrozen(x) !== Object.isFrozen(y)) out.push(`${where}: frozen ${Object.isFrozen(x)} vs ${Object.isFrozen(y)}`);
    if (Object.isExtensible(x) !== Object.isExtensible(y)) out.push(`${where}: extensible differs`);
    const kx = Reflect.ownKeys(x).map(String);
    const ky = Reflect.ownKeys(y).map(String);
    if (kx.join('\u0000') !== ky.join('\u0000')) out.push(`${where}: keys [${kx.join(', ')}] vs [${ky.join(', ')}]`);
    for (const k of Reflect.ownKeys(x)) {
      const dx = Object.getOwnPropertyDescriptor(x, k)!;
      const dy = Object.getOwnPropertyDescriptor(y, k);
      if (!dy) continue;
      if (dx.writable !== dy.writable || dx.enumerable !== dy.enumerable || dx.configurable !== dy.configurable) out.push(`${where}.${String(k)}: property attributes differ`);
      walk(dx.value, dy.value, `${where}.${String(k)}`);
    }
  };
  walk(a, b, '');
  return out;
}

/** As the build ships it: through JSON text. */
const shipped = (presets: readonly unknown[]) => {
  const { shapes, data, text } = encodePresets(presets);
  return { compact: JSON.parse(JSON.stringify({ shapes, data })) as CompactPresets, text: JSON.parse(JSON.stringify(text)) as string[] };
};

const validated = loadBundled();

describe('the bundled presets', () => {
  test('all validate (the build would fail otherwise)', () => {
    expect(validated.errors).toEqual([]);
    expect(validated.presets.length).toBeGreaterThan(0);
  });

  test('decoded with their text, they are what the validators return, exactly', () => {
    const { compact, text } = shipped(validated.presets);
    expect(differences(decodePresets(compact, text), validated.presets)).toEqual([]);
  });

  test('each alone too (shapes and shared records are per encoding)', () => {
    for (const p of validated.presets) {
      const { compact, text } = shipped([p]);
      expect(differences(decodePresets(compact, text), [p])).toEqual([]);
    }
  });

  test('a preset\'s model inputs are the very records of its company fields, as the validator builds them', () => {
    const { compact, text } = shipped(validated.presets);
    const decoded = decodePresets<Preset>(compact, text);
    const withCompany = decoded.filter((p) => p.company);
    expect(withCompany.length).toBeGreaterThan(0);
    for (const p of withCompany) for (const k of Object.keys(p.fields)) expect(p.fields[k]).toBe(p.company!.fields[k]);
  });

  test('without text.js, only prose differs, each prose string reads as the placeholder, and the presets still validate', () => {
    const { compact } = shipped(validated.presets);
    const bare = decodePresets<Preset>(compact, undefined);
    const changed: string[] = [];
    const walk = (x: unknown, y: unknown, key: string, where: string): void => {
      if (typeof x === 'string') {
        if (x !== y) {
          changed.push(where);
          expect(isProse(key, y as string)).toBe(true);
          expect(x).toBe(textNotLoaded(key));
        }
        return;
      }
      if (typeof x !== 'object' || x === null) {
        expect(Object.is(x, y)).toBe(true);
        return;
      }
      for (const k of Object.keys(x)) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], Array.isArray(x) ? key : k, `${where}.${k}`);
    };
    bare.forEach((p, i) => walk(p, validated.presets[i], '', p.ticker));
    expect(changed.length).toBeGreaterThan(0);
    for (const p of bare) {
      const errors: string[] = [];
      // back to a document (the pane's snapshot form) and through the validators again
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { presetDocument } = require('../../src/presets/schema') as typeof import('../../src/presets/schema');
      expect(validatePreset(presetDocument(p), errors)).toBeDefined();
      expect(errors).toEqual([]);
    }
    expect(TEXT_NOT_LOADED).toMatch(/text\.js/);
    expect(URL_NOT_LOADED).toMatch(/^https:\/\//);
  });

  test('the build (scripts/split-build.js, running the validators through scripts/ts-run.js) encodes exactly what they return here', () => {
    const c = split.compile();
    const here = encodePresets(validated.presets);
    expect(JSON.stringify(c.compact)).toBe(JSON.stringify({ shapes: here.shapes, data: here.data }));
    expect(c.presetText.text).toEqual(here.text);
    expect(c.files).toContain(path.resolve(__dirname, '../../src/presets/schema2.ts'));
    expect(differences(decodePresets(c.compact, c.presetText.text), BUNDLED_PRESETS)).toEqual([]);
  });

  test('the compact data is smaller than the documents\' values and ids as JSON', () => {
    const { compact } = shipped(validated.presets);
    const docs = JSON.stringify(validated.presets);
    expect(JSON.stringify(compact).length).toBeLessThan(docs.length / 2);
  });
});

describe('any tree of plain and prototype-free objects, arrays and JSON values (fast-check)', () => {
  /** A tree with frozen and prototype-free objects, -0, long and short strings under prose and other keys, and shared subtrees. */
  const leaf = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-0), fc.boolean(), fc.constant(null), fc.string({ maxLength: 80 }));
  const key = fc.oneof(fc.constantFrom('value', 'note', 'title', 'url', 'name', 'id', 'asof', 'tenant', 'x', '0', '12', 'ai_business'), fc.string({ minLength: 1, maxLength: 6 }).filter((k) => k !== '__proto__' && !/^[\u0001\u0002]/.test(k)));
  const tree = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(fc.array(tie('node'), { maxLength: 4 }), fc.boolean()).map(([a, frozen]) => (frozen ? Object.freeze(a) : a)),
      fc.tuple(fc.dictionary(key, tie('node'), { maxKeys: 5 }), fc.boolean(), fc.boolean()).map(([o, bare, frozen]) => {
        const out: Record<string, unknown> = bare ? Object.create(null) : {};
        for (const k of Object.keys(o)) out[k] = o[k];
        return frozen ? Object.freeze(out) : out;
      }),
    ),
  })).node;

  test('round-trips exactly, text included', () => {
    fc.assert(
      fc.property(fc.array(tree, { minLength: 1, maxLength: 4 }), fc.nat(), (list, pick) => {
        // share one subtree between two places, as a preset's inputs share its company records
        const objects = list.filter((x) => typeof x === 'object' && x !== null);
        const roots = objects.length > 0 ? [...list, objects[pick % objects.length]] : list;
        const { compact, text } = shipped(roots);
        expect(differences(decodePresets(compact, text), roots)).toEqual([]);
      }),
      { seed: 14, numRuns: 300 },
    );
  });

  test('refuses what it could not give back exactly', () => {
    const getter = Object.defineProperty({}, 'a', { get: () => 1, enumerable: true });
    const hidden = Object.defineProperty({}, 'a', { value: 1, enumerable: false });
    const sealed = Object.seal({ a: 1 });
    const sparse: unknown[] = [];
    sparse[2] = 1;
    class Thing {
      a = 1;
    }
    const protoKey = JSON.parse('{"__proto__": 1}');
    for (const bad of [NaN, Infinity, getter, hidden, sealed, sparse, new Thing(), { [Symbol('s')]: 1 }, { '\u0001x': 1 }, protoKey, () => 1, undefined]) {
      expect(() => encodePresets([{ bad }])).toThrow(/encodePresets/);
    }
  });
});
