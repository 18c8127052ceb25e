/**
 * Schema-2 preset attacks: hostile or malformed company documents (prototype
 * keys in every new place, oversized lists, non-https sources, markup and
 * formulas in every new text) are rejected whole, with bounded work, through the schema
 * and the task pane's import, and leave the store and Object.prototype unchanged.
 * Random damage never throws, and what is accepted passes every consistency check.
 */
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { consistencyChecks } from '../../src/presets/checks';
import { allRecords } from '../../src/presets/checks';
import { fieldIn } from '../../src/presets/fields';
import { MAX_IMPORT_BYTES, MAX_REPORTED_ERRORS, parsePresetText } from '../../src/presets/schema';
import { MAX_HINTS } from '../../src/presets/schema2';
import { MAX_UNKNOWN_REPORTED } from '../../src/presets/validation';
import { countWork } from '../support/work';
import { store } from '../../src/presets/bundled';
import { importPresets } from '../../src/taskpane/actions';
import { storeSnapshot } from './excelArgs';

const NOW = '2026-03-01T10:00:00Z';
/**
 * "Did you mean" searches a schema-2 document may start: MAX_HINTS for names in its
 * lists and citations, and one per unknown key (each reports a problem; an object
 * reports at most MAX_UNKNOWN_REPORTED, and the lists stop at MAX_REPORTED_ERRORS).
 */
const NAME_SEARCHES_PER_DOCUMENT = MAX_HINTS + MAX_REPORTED_ERRORS + MAX_UNKNOWN_REPORTED;
const FIXTURE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'presets', 'zzmine-v2.json'), 'utf8');
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const doc = (): Doc => JSON.parse(FIXTURE);
const json = (x: unknown) => JSON.stringify(x);
const edit = (f: (d: Doc) => void): string => {
  const d = doc();
  f(d);
  return json(d);
};
const rec = (value: unknown) => ({ value, asof: '2025-12-31', source: '10-k-2025' });
const manyUnknown = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`unknown_field_${i}_${'x'.repeat(30)}`, rec(1)]));

const ATTACKS: [string, string][] = [
  ['__proto__ as a source id', FIXTURE.replace('"sources": {', '"sources": { "__proto__": { "polluted": true },')],
  ['constructor as a source id', edit((d) => (d.sources.constructor = d.sources['10-k-2025']))],
  ['__proto__ inside a source', FIXTURE.replace('"10-k-2025": {', '"10-k-2025": { "__proto__": { "polluted": true },')],
  ['__proto__ inside a contract', FIXTURE.replace('"name": "alpha",', '"name": "alpha", "__proto__": { "polluted": true },')],
  ['__proto__ as a tranche field', FIXTURE.replace('"it_mw": { "value": 200,', '"__proto__": { "value": 1, "asof": "2025-12-31", "source": "10-k-2025" }, "it_mw": { "value": 200,')],
  ['__proto__ in a schedule delivery', FIXTURE.replace('{ "date": "2026-06-30", "it_mw": 100 }', '{ "date": "2026-06-30", "it_mw": 100, "__proto__": { "polluted": true } }')],
  ['__proto__ in a field record', FIXTURE.replace('"energized_mw": { "value": 600,', '"energized_mw": { "__proto__": { "polluted": true }, "value": 600,')],
  ['a citation of "toString"', edit((d) => (d.fields.energized_mw.source = 'toString'))],
  ['a citation of "__proto__"', edit((d) => (d.fields.energized_mw.source = '__proto__'))],
  ['10 000 sources', edit((d) => (d.sources = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`s${i}`, d.sources['10-k-2025']]))))],
  ['5 000 contracts', edit((d) => (d.contracts = Array.from({ length: 5000 }, (_, i) => ({ ...d.contracts[0], name: `t${i}` }))))],
  ['100 000 deliveries in a schedule', edit((d) => (d.contracts[0].fields.schedule.value = Array.from({ length: 100_000 }, () => ({ date: '2026-06-30', it_mw: 0.002 }))))],
  ['50 000 unknown fields in a tranche', edit((d) => (d.contracts[0].fields = manyUnknown(50_000)))],
  ['100 contracts of 40 unknown fields each', edit((d) => (d.contracts = Array.from({ length: 100 }, (_, i) => ({ name: `t${i}`, tenant: 'x', fields: manyUnknown(40) }))))],
  ['1 000 aliases', edit((d) => (d.aliases = Array.from({ length: 1000 }, (_, i) => `A${i}`)))],
  ['a schedule nested 5 000 deep', FIXTURE.replace('[{ "date": "2026-06-30", "it_mw": 100 }, { "date": "2026-12-31", "it_mw": 100 }]', '['.repeat(5000) + ']'.repeat(5000))],
  ['a javascript: source', edit((d) => (d.sources['10-k-2025'].url = 'javascript:alert(document.cookie)'))],
  ['a data: source', edit((d) => (d.sources['10-k-2025'].url = 'data:text/html,<script>alert(1)</script>'))],
  ['a file: source', edit((d) => (d.sources['10-k-2025'].url = 'file:///etc/passwd'))],
  ['an http source', edit((d) => (d.sources['10-k-2025'].url = 'http://example.com/10-k'))],
  ['an http source that pretends to be local', edit((d) => (d.sources['10-k-2025'].url = 'http://localhost.evil.example/10-k'))],
  ['a protocol-relative source', edit((d) => (d.sources['10-k-2025'].url = '//example.com/10-k'))],
  ['a source with a quote', edit((d) => (d.sources['10-k-2025'].url = 'https://example.com/"onmouseover="alert(1)'))],
  ['a source with credentials', edit((d) => (d.sources['10-k-2025'].url = 'https://user:pw@example.com/'))],
  ['a 3 000-character source address', edit((d) => (d.sources['10-k-2025'].url = 'https://example.com/' + 'a'.repeat(3000)))],
  ['a formula in a source title', edit((d) => (d.sources['10-k-2025'].title = '=HYPERLINK("https://evil.example","10-K")'))],
  ['markup in a publisher', edit((d) => (d.sources['10-k-2025'].publisher = '<img src=x onerror=alert(1)>'))],
  ['a formula in a tenant', edit((d) => (d.contracts[0].tenant = '@SUM(A1)'))],
  ['markup in a guarantor', edit((d) => (d.contracts[0].guarantor = '<script>x</script>'))],
  ['a formula in a warrant holder', edit((d) => (d.warrants[0].holder = '+cmd'))],
  ['control characters in a lender', edit((d) => (d.debt[0].lender = 'Bank\u0007'))],
  ['a formula in an alias note', edit((d) => (d.alias_note = '-1+1'))],
  ['a formula in a field note', edit((d) => (d.fields.energized_mw.note = '=1+1'))],
  ['a formula as a text value', edit((d) => (d.fields.ai_mode.value = '=colo'))],
  ['NaN via 1e999 in a company field', FIXTURE.replace('"energized_mw": { "value": 600,', '"energized_mw": { "value": 1e999,')],
  ['a string where a number goes', edit((d) => (d.fields.shares_basic.value = '300000000'))],
  ['a number where a date goes', edit((d) => (d.fields.mining_end_date.value = 47118))],
  ['a tranche named __proto__', edit((d) => (d.contracts[0].name = '__proto__'))],
  ['schema given as text', edit((d) => (d.schema = '2'))],
  ['contracts an object', edit((d) => (d.contracts = { alpha: d.contracts[0] }))],
  ['sources a list', edit((d) => (d.sources = [d.sources['10-k-2025']]))],
];

function expectRejected(r: ReturnType<typeof parsePresetText>): string[] {
  expect(r.ok).toBe(false);
  const errors = r.ok ? [] : r.errors;
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.length).toBeLessThanOrEqual(MAX_REPORTED_ERRORS + 1);
  return errors;
}

const protoKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();

describe('a hostile schema-2 preset is rejected whole, quickly, and changes nothing', () => {
  const before = storeSnapshot();
  afterEach(() => {
    expect(storeSnapshot()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeysBefore);
  });

  test('the fixture these attacks start from is accepted (control)', () => {
    expect(parsePresetText(FIXTURE).ok).toBe(true);
  });

  test.each(ATTACKS)('%s', async (_label, text) => {
    // bounded work, counted rather than timed: parsed at most once and within the size limit, a bounded number of "did you mean" searches
    const parse = jest.spyOn(JSON, 'parse');
    const meter = countWork();
    let r: ReturnType<typeof parsePresetText>;
    try {
      r = parsePresetText(text);
      expect(parse.mock.calls.length).toBeLessThanOrEqual(1);
      for (const [t] of parse.mock.calls) expect((t as string).length).toBeLessThanOrEqual(MAX_IMPORT_BYTES);
      expect(meter.work.nameSearches).toBeLessThanOrEqual(NAME_SEARCHES_PER_DOCUMENT);
    } finally {
      meter.stop();
      parse.mockRestore();
    }
    expectRejected(r);
    const o = await importPresets(null, store, r, NOW);
    expect(o.ok).toBe(false);
  });

  test('http to localhost is a source a developer may cite (and only that)', () => {
    for (const url of ['http://localhost:3000/doc.html', 'http://127.0.0.1/doc']) expect(parsePresetText(edit((d) => (d.sources['10-k-2025'].url = url))).ok).toBe(true);
  });

  test('random damage: never throws; what is accepted has safe text, values in range and passes every consistency check', () => {
    const paths: string[][] = [
      ['fields', 'energized_mw', 'value'],
      ['fields', 'mining_mw', 'value'],
      ['fields', 'hashrate_eh', 'value'],
      ['fields', 'power_mw', 'value'],
      ['fields', 'shares_basic', 'asof'],
      ['fields', 'energized_mw', 'source'],
      ['contracts', '0', 'fields', 'it_mw', 'value'],
      ['contracts', '0', 'fields', 'gross_mw', 'value'],
      ['contracts', '0', 'fields', 'lease_rate_kw_month', 'value'],
      ['contracts', '0', 'fields', 'schedule', 'value', '1', 'it_mw'],
      ['contracts', '1', 'fields', 'ownership_share', 'value'],
      ['contracts', '0', 'name'],
      ['contracts', '0', 'tenant'],
      ['sources', '10-k-2025', 'url'],
      ['sources', '10-k-2025', 'kind'],
      ['debt', '0', 'fields', 'face_usd', 'asof'],
      ['aliases', '0'],
      ['quarter'],
      ['extra'],
    ];
    const junk = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom<unknown>('=1', '<b>', '', '__proto__', 'all', 'beta-jv', '2024-12-31', '2026-12-31', 'https://x.example', 'http://x.example', 'press', 0, -1, 0.5, 1, 150, 300, 1e12, null),
      fc.double({ min: 0, max: 2000, noNaN: true }),
    );
    const before = storeSnapshot();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), fc.oneof(junk, fc.constant(undefined))), { minLength: 1, maxLength: 3 }), (edits) => {
        const d = doc();
        for (const [p, value] of edits) {
          let o: Doc = d;
          for (const k of p.slice(0, -1)) {
            if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
            o = o[k];
          }
          if (value === undefined) delete o[p[p.length - 1]];
          else o[p[p.length - 1]] = value;
        }
        const r = parsePresetText(json(d));
        if (!r.ok) return;
        for (const p of r.value) {
          for (const c of consistencyChecks(p)) expect(c.ok).toBe(true);
          const texts = [p.name, p.ai_business, ...Object.values(p.company!.sources).flatMap((s) => [s.title, s.publisher, s.url]), ...p.company!.contracts.flatMap((t) => [t.name, t.tenant, t.guarantor ?? ''])];
          for (const t of texts) {
            expect(t).not.toMatch(/^\s*[=+\-@]/);
            expect(t).not.toMatch(/[<>]/);
          }
          for (const s of Object.values(p.company!.sources)) expect(s.url).toMatch(/^(https:|http:\/\/(localhost|127\.0\.0\.1)[:/])/);
          for (const { list, name, rec: f } of allRecords(p)) {
            const spec = fieldIn(list, name)!;
            expect(spec).toBeDefined();
            if (spec.kind === 'number' && !spec.input) {
              expect(typeof f.value).toBe('number');
              expect(f.value as number).toBeGreaterThanOrEqual(spec.spec!.min!);
              expect(f.value as number).toBeLessThanOrEqual(spec.spec!.max!);
            }
            expect(f.source === undefined || p.company!.sources[f.source] !== undefined).toBe(true);
          }
        }
        expect(storeSnapshot()).toBe(before);
      }),
      { numRuns: 1500, seed: 7011 },
    );
  }, 60_000);
});
