/**
 * The data tables' text out of the code (scripts/split-build.js; docs/performance.md,
 * "Bundle budget"): in the add-in, each description and basis literal of the input
 * catalogue, the company fields and the metrics becomes a lookup into the text the
 * page loaded. With the runtime page's text.js, every basis reads as written (INPUT_SOURCE
 * and the pane answer with them) and descriptions, which nothing on that page shows, read
 * as a pointer to the function reference; with the help page's help-text.js, every
 * table reads exactly as the sources; without either, as a placeholder.
 */
import * as path from 'path';

interface SplitBuild {
  TEXT_FILES: string[];
  TEXT_PROPS: Map<string, 'runtime' | 'help'>;
  TABLE_TEXT_NOT_LOADED: { runtime: string; help: string };
  compile(): { tableText: { build: string; tables: Record<string, { prop: string; text: string }[]> } };
  textScripts(): Record<'text' | 'help-text', string>;
  splitTableText(code: string, file: string): string | undefined;
  root: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const split = require('../../scripts/split-build') as SplitBuild;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadTs } = require('../../scripts/ts-run') as { loadTs(entry: string, transform?: (file: string, js: string) => string): { exports: Record<string, unknown> } };

const g = globalThis as { BTCAI_TEXT?: unknown };
const relative = (file: string) => path.relative(split.root, file).split(path.sep).join('/');
/** Runs a text script as the page would. */
const runScript = (name: 'text' | 'help-text') => new Function(split.textScripts()[name])();

/** The tables of a module, loaded as the add-in's build emits them (each text literal a lookup). */
function loadSplit(file: string): Record<string, unknown> {
  return loadTs(path.join(split.root, file), (f, js) => {
    if (!split.TEXT_FILES.includes(relative(f))) return js;
    const out = split.splitTableText(js, relative(f));
    if (out === undefined) throw new Error(`${f}: the split found other literals than the build`);
    return out;
  }).exports;
}
const loadPlain = (file: string) => loadTs(path.join(split.root, file)).exports;

/** The rows of a module's tables, as data (functions dropped). */
const TABLES: Record<string, string[]> = {
  'src/engine/catalogue.ts': ['CATALOGUE'],
  'src/presets/fields.ts': ['COMPANY_FIELDS'],
  'src/engine/models.ts': ['MODELS'],
  'src/engine/companyMetrics.ts': ['COMPANY_METRICS'],
  'src/functions/formats.ts': ['UNIT_FORMATS'],
};
const rows = (exports: Record<string, unknown>, file: string) => JSON.stringify(TABLES[file].map((k) => exports[k]));

afterEach(() => {
  delete g.BTCAI_TEXT;
});

test('the split covers the data tables, each with text literals', () => {
  expect(Object.keys(TABLES).sort()).toEqual([...split.TEXT_FILES].sort());
  for (const f of split.TEXT_FILES) expect(split.compile().tableText.tables[f].length).toBeGreaterThan(5);
});

describe.each(split.TEXT_FILES)('%s', (file) => {
  test('with help-text.js (the help page), the tables read exactly as the sources', () => {
    runScript('help-text');
    expect(rows(loadSplit(file), file)).toBe(rows(loadPlain(file), file));
  });

  test('with text.js (the runtime page), every basis reads as the sources; each description points to the function reference', () => {
    runScript('text');
    const plain = JSON.parse(rows(loadPlain(file), file));
    const got = JSON.parse(rows(loadSplit(file), file));
    let bases = 0;
    let descriptions = 0;
    const walk = (x: unknown, y: unknown, key: string): void => {
      if (typeof x === 'string' && typeof y === 'string' && split.TEXT_PROPS.has(key)) {
        if (split.TEXT_PROPS.get(key) === 'runtime') {
          expect(y).toBe(x);
          bases++;
        } else {
          expect(y).toBe(split.TABLE_TEXT_NOT_LOADED.help);
          descriptions++;
        }
        return;
      }
      if (typeof x !== 'object' || x === null) return expect(y).toEqual(x);
      for (const k of Object.keys(x)) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], Array.isArray(x) ? key : k);
    };
    walk(plain, got, '');
    expect(descriptions).toBeGreaterThan(0);
    if (file === 'src/engine/catalogue.ts') expect(bases).toBeGreaterThan(50);
  });

  test('without a text script, the text reads as a placeholder and every other field is the same', () => {
    const got = rows(loadSplit(file), file);
    const escape = (t: string) => t.replace(/[().]/g, (c) => `\\${c}`);
    const placeholders = new RegExp(`"(${escape(split.TABLE_TEXT_NOT_LOADED.runtime)}|${escape(split.TABLE_TEXT_NOT_LOADED.help)})"`, 'g');
    expect(got).not.toBe(rows(loadPlain(file), file));
    // with every text literal replaced by a placeholder on both sides, the tables are equal
    const blank = (json: string) => JSON.stringify(JSON.parse(json, (k, v) => (split.TEXT_PROPS.has(k) && typeof v === 'string' ? '' : v)));
    expect(blank(got)).toBe(blank(rows(loadPlain(file), file)));
    expect(got.match(placeholders)!.length).toBe(split.compile().tableText.tables[file].length);
  });

  test('a text script of another build is not used', () => {
    runScript('help-text');
    (g.BTCAI_TEXT as { tables: { build: string } }).tables.build = 'another build';
    expect(rows(loadSplit(file), file)).not.toContain(split.compile().tableText.tables[file][0].text.slice(0, 40));
  });
});

test('a module whose literals changed since the text was written is left as it is (its text inline)', () => {
  const file = 'src/engine/catalogue.ts';
  const js = "export const CATALOGUE = [{ name: 'x', description: 'not the text of this build', basis: 'nor this' }];";
  expect(split.splitTableText(js, file)).toBeUndefined();
});

test('the runtime page\'s text.js carries the bases and no description; help-text.js carries both', () => {
  runScript('text');
  const runtime = g.BTCAI_TEXT as { tables: { tables: Record<string, (string | null)[]> }; presets: { text: string[] } };
  runScript('help-text');
  const help = g.BTCAI_TEXT as { tables: { tables: Record<string, (string | null)[]> }; presets?: unknown };
  const want = split.compile().tableText.tables;
  for (const f of split.TEXT_FILES) {
    want[f].forEach((l, i) => {
      expect(help.tables.tables[f][i]).toBe(l.text);
      expect(runtime.tables.tables[f][i]).toBe(split.TEXT_PROPS.get(l.prop) === 'runtime' ? l.text : null);
    });
  }
  expect(runtime.presets.text.length).toBeGreaterThan(100);
  expect(help.presets).toBeUndefined();
});
