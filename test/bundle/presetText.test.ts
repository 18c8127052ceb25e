/**
 * The preset text split (scripts/preset-text.js; docs/performance.md, "Bundle budget"):
 * the compact core plus the text is the original document exactly; without the text
 * the presets still validate and give the same values; the webpack loader's module
 * does the same join.
 */
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { validatePreset } from '../../src/presets/schema';

interface PresetTextModule {
  TEXT_MIN_LENGTH: number;
  PROSE_KEYS: Set<string>;
  splitPresetText(doc: unknown): { core: unknown; text: string[] };
  joinPresetText(core: unknown, text: unknown): unknown;
  SENTINEL: string;
  PLACEHOLDER: string;
  PLACEHOLDER_URL: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pt = require('../../scripts/preset-text') as PresetTextModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loader = require('../../scripts/preset-text-loader') as ((this: unknown, source: string) => string) & { presetTextScript(dir: string): string };

const PROSE = pt.PROSE_KEYS;
const TEXT_MIN = pt.TEXT_MIN_LENGTH;
const DATA = path.resolve(__dirname, '../../src/presets/data');
const files = fs.readdirSync(DATA).filter((f) => f.endsWith('.json'));
const read = (f: string): string => fs.readFileSync(path.join(DATA, f), 'utf8');

describe('every bundled preset', () => {
  test.each(files)('%s: core + text = the document, key order included; the core keeps no prose', (f) => {
    const doc = JSON.parse(read(f));
    const { core, text } = pt.splitPresetText(doc);
    expect(JSON.stringify(pt.joinPresetText(core, text))).toBe(JSON.stringify(doc));
    expect(text.length).toBeGreaterThan(0);
    const coreJson = JSON.stringify(core);
    expect(coreJson.length).toBeLessThan(JSON.stringify(doc).length / 2);
    // no prose stays in the core: a prose key holds only the sentinel, and any other string is short or a ticker/name
    // (a short text such as a publisher may equal a value kept in the core, e.g. the company's name, so the test reads keys)
    const walk = (x: unknown, key: string): void => {
      if (typeof x === 'string') {
        if (PROSE.has(key)) expect(x).toBe(pt.SENTINEL);
        else if (!['ticker', 'name'].includes(key)) expect(x.length).toBeLessThan(TEXT_MIN);
      } else if (Array.isArray(x)) x.forEach((v) => walk(v, key));
      else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) walk(v, k);
    };
    walk(core, '');
  });

  test.each(files)('%s: without the text it still validates, with the same values and dates', (f) => {
    const doc = JSON.parse(read(f));
    const original = validatePreset(doc)!;
    const errors: string[] = [];
    const placeholder = validatePreset(pt.joinPresetText(pt.splitPresetText(doc).core, undefined), errors);
    expect(errors).toEqual([]);
    expect(placeholder!.ticker).toBe(original.ticker);
    expect(placeholder!.name).toBe(original.name);
    for (const [k, field] of Object.entries(original.fields)) {
      expect(placeholder!.fields[k].value).toBe(field.value);
      expect(placeholder!.fields[k].asof).toBe(field.asof);
    }
  });
});

describe('any JSON document (fast-check)', () => {
  test('round-trips exactly, or is refused at build time (the sentinel string, a __proto__ key)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.array(fc.string({ minLength: 49, maxLength: 80 }), { maxLength: 3 }), (value, prose) => {
        const doc = { value, prose, note: 'short prose under a prose key' };
        const json = JSON.stringify(doc);
        let split: { core: unknown; text: string[] };
        try {
          split = pt.splitPresetText(JSON.parse(json));
        } catch (e) {
          expect(json.includes('\\u0000') || json.includes('"__proto__"')).toBe(true);
          return;
        }
        expect(JSON.stringify(pt.joinPresetText(split.core, split.text))).toBe(json);
        expect(split.text).toEqual(expect.arrayContaining([...prose, 'short prose under a prose key']));
      }),
      { seed: 4040, numRuns: 500 },
    );
  });

  test('text from another build (wrong count) is ignored, never thrown at load', () => {
    const { core, text } = pt.splitPresetText({ a: 'x'.repeat(60), url: 'https://example.com/a', b: 1 });
    expect(pt.joinPresetText(core, text.slice(1))).toEqual({ a: pt.PLACEHOLDER, url: pt.PLACEHOLDER_URL, b: 1 });
    expect(pt.joinPresetText(core, 'not an array')).toEqual({ a: pt.PLACEHOLDER, url: pt.PLACEHOLDER_URL, b: 1 });
  });
});

describe('the webpack loader (BTCAI_PRESET_TEXT=split)', () => {
  /** Runs a module's code as webpack would, with globalThis.BTCAI_PRESET_TEXT set or not. */
  function evaluate(code: string, presetText: unknown): unknown {
    const module = { exports: undefined as unknown };
    const g = { BTCAI_PRESET_TEXT: presetText };
    new Function('require', 'module', 'globalThis', code)((id: string) => require(id), module, g);
    return module.exports;
  }
  test.each(files)('%s: the module is the document when preset-text.js has run, and validates when it has not', (f) => {
    const name = path.basename(f, '.json');
    const code = loader.call({ getOptions: () => ({ mode: 'split' }), resourcePath: path.join(DATA, f) }, read(f));
    const script = loader.presetTextScript(DATA);
    const g: { BTCAI_PRESET_TEXT?: Record<string, string[]> } = {};
    new Function('globalThis', script)(g);
    expect(Object.keys(g.BTCAI_PRESET_TEXT!)).toContain(name);
    expect(JSON.stringify(evaluate(code, g.BTCAI_PRESET_TEXT))).toBe(JSON.stringify(JSON.parse(read(f))));
    expect(validatePreset(evaluate(code, undefined))).toBeDefined();
  });
});
