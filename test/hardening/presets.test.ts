/**
 * Preset input attacks: every malformed or hostile preset file is rejected as a
 * whole with reasons, with bounded work (counted, not timed: boundedParse), and
 * leaves the preset store (and Object.prototype)
 * exactly as it was, both through the schema (parsePresetText/parsePresetBytes/
 * validatePresetDocument) and through the task pane's import action, which
 * validates, then applies.
 */
import fc from 'fast-check';
import { CATALOGUE } from '../../src/engine/catalogue';
import { MAX_IMPORT_BYTES, MAX_REPORTED_ERRORS, parsePresetBytes, parsePresetText, validatePresetDocument } from '../../src/presets/schema';
import { store } from '../../src/presets/bundled';
import { importPresets } from '../../src/taskpane/actions';
import { checkImportUrl, fetchPresets } from '../../src/taskpane/importing';
import { MAX_UNKNOWN_REPORTED } from '../../src/presets/validation';
import { countWork } from '../support/work';
import { storeSnapshot } from './excelArgs';

const NOW = '2026-01-20T10:00:00Z';

/** A small valid preset; each attack breaks one thing in it. */
function validDoc(): Record<string, unknown> {
  return {
    ticker: 'ZZTEST',
    name: 'Test Miner Inc.',
    asof: '2025-12-31',
    ai_business: 'Colocation landlord (test)',
    fields: {
      power_mw: { value: 100, asof: '2025-12-31', source: 'Test Miner 10-K, 2025-12-31' },
      ai_mode: { value: 'colo', asof: '2025-12-31', assumption: 'test data' },
      build_months: { value: 12, asof: '2025-12-31', assumption: 'test data' },
    },
  };
}
const json = (x: unknown) => JSON.stringify(x);
function withField(name: string, field: unknown) {
  const d = validDoc();
  (d.fields as Record<string, unknown>)[name] = field;
  return d;
}
function withTop(key: string, value: unknown) {
  const d = validDoc();
  if (value === undefined) delete d[key];
  else d[key] = value;
  return d;
}
const field = (value: unknown, extra: Record<string, unknown> = {}) => ({ value, asof: '2025-12-31', source: 'a source', ...extra });

/** Attacks as JSON text (so JSON.parse creates own "__proto__" properties, as a real file would). */
const TEXT_ATTACKS: [string, string][] = [
  ['ticker a number', json(withTop('ticker', 42))],
  ['ticker lower case', json(withTop('ticker', 'riot'))],
  ['ticker too long', json(withTop('ticker', 'ABCDEFGHIJK'))],
  ['ticker with a formula', json(withTop('ticker', '=A1'))],
  ['name missing', json(withTop('name', undefined))],
  ['asof missing', json(withTop('asof', undefined))],
  ['ai_business missing', json(withTop('ai_business', undefined))],
  ['fields missing', json(withTop('fields', undefined))],
  ['fields an array', json(withTop('fields', [1, 2]))],
  ['fields null', json(withTop('fields', null))],
  ['name a number', json(withTop('name', 7))],
  ['asof not a date', json(withTop('asof', '31/12/2025'))],
  ['asof an impossible date', json(withTop('asof', '2025-02-30'))],
  ['unknown top-level key', json(withTop('tikcer', 'X'))],
  ['unknown field key', json(withField('power_mw', field(1, { note: 'x' })))],
  ['unknown input', json(withField('power_gw', field(1)))],
  ['input name in the wrong case', json(withField('POWER_MW', field(1)))],
  ['field without value', json(withField('pue', { asof: '2025-12-31', source: 's' }))],
  ['field without asof', json(withField('pue', { value: 1.2, source: 's' }))],
  ['field with both source and assumption', json(withField('pue', field(1.2, { assumption: 'a' })))],
  ['field with neither source nor assumption', json(withField('pue', { value: 1.2, asof: '2025-12-31' }))],
  ['field a bare number', json(withField('pue', 1.2))],
  ['value as text', json(withField('pue', field('1.2')))],
  ['value null', json(withField('pue', field(null)))],
  ['value "NaN"', json(withField('pue', field('NaN')))],
  ['value "Infinity"', json(withField('pue', field('Infinity')))],
  ['value 1e999 (JSON.parse gives Infinity)', json(withField('pue', field(1))).replace('"value":1,', '"value":1e999,')],
  ['value -1e999', json(withField('btc_price', field(1))).replace('"value":1,', '"value":-1e999,')],
  ['value a boolean', json(withField('pue', field(true)))],
  ['value an object', json(withField('pue', field({ valueOf: 1 })))],
  ['choice not in the list', json(withField('ai_mode', field('gpu')))],
  ['choice with a formula', json(withField('ai_mode', field('=colo')))],
  ['non-integer for an integer input', json(withField('build_months', field(12.5)))],
  ['top-level __proto__', '{"__proto__":{"polluted":true},' + json(validDoc()).slice(1)],
  ['__proto__ as a field name', json(validDoc()).replace('"fields":{', '"fields":{"__proto__":{"value":1,"asof":"2025-12-31","source":"s"},')],
  ['__proto__ inside a field', json(validDoc()).replace('"power_mw":{', '"power_mw":{"__proto__":{"polluted":true},')],
  ['constructor as a field name', json(withField('constructor', field(1)))],
  ['prototype as a top-level key', json(withTop('prototype', {}))],
  ['__proto__ in the presets wrapper', '{"__proto__":[],"presets":[' + json(validDoc()) + ']}'],
  ['duplicate tickers', json([validDoc(), validDoc()])],
  ['duplicate tickers in a presets wrapper', json({ presets: [validDoc(), { ...validDoc(), name: 'Other' }] })],
  ['presets wrapper with an extra key', json({ presets: [validDoc()], version: 2 })],
  ['an empty list', '[]'],
  ['an empty object', '{}'],
  ['null', 'null'],
  ['a number', '42'],
  ['a string', '"RIOT"'],
  ['201 presets', json(Array.from({ length: 201 }, (_, i) => ({ ...validDoc(), ticker: `Z${i}` })))],
  ['not JSON', '{ticker: RIOT}'],
  ['truncated JSON', json(validDoc()).slice(0, 50)],
  ['formula in name (=)', json(withTop('name', '=HYPERLINK("http://x","y")'))],
  ['formula in name (+)', json(withTop('name', '+1+1'))],
  ['formula in name (-)', json(withTop('name', '-2+3'))],
  ['formula in name (@)', json(withTop('name', '@SUM(A1)'))],
  ['formula after spaces', json(withTop('name', '   =1+1'))],
  ['formula in a source', json(withField('pue', field(1.2, { source: "=cmd|' /C calc'!A0" })))],
  ['formula in an assumption', json(withField('pue', { value: 1.2, asof: '2025-12-31', assumption: '@WEBSERVICE("http://x")' }))],
  ['formula in ai_business', json(withTop('ai_business', '=1'))],
  ['HTML in name', json(withTop('name', '<img src=x onerror=alert(1)>'))],
  ['HTML in a source', json(withField('pue', field(1.2, { source: 'see <script>alert(1)</script>' })))],
  ['control characters in name', json(withTop('name', 'Miner\u0000Inc'))],
  ['replacement character (invalid UTF-8 decoded leniently)', json(withTop('name', 'Miner \ufffd'))],
  ['empty name', json(withTop('name', '   '))],
  ['a 3000-character source', json(withField('pue', field(1.2, { source: 'a'.repeat(3000) })))],
  ['more fields than inputs', json(withTop('fields', Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`input_${i}`, field(1)]))))],
  ['many unknown top-level keys', json({ ...validDoc(), ...Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`key_${i}`, i])) })],
  ['200 presets full of unknown inputs', json(Array.from({ length: 200 }, (_, i) => ({ ...validDoc(), ticker: `Z${i}`, fields: Object.fromEntries(Array.from({ length: 40 }, (_, j) => [`unknown_input_${j}_${'x'.repeat(40)}`, field(1)])) })))],
];

// every numeric input just outside its range (and a non-number), each its own attack
for (const s of CATALOGUE) {
  if (s.kind === 'choice' || s.kind === 'text') continue;
  TEXT_ATTACKS.push([`${s.name} below its range`, json(withField(s.name, field(s.min! - Math.max(1, Math.abs(s.min!)))))]);
  TEXT_ATTACKS.push([`${s.name} above its range`, json(withField(s.name, field(s.max! * 2 + 1)))]);
}

const BYTE_ATTACKS: [string, Uint8Array][] = [
  ['a lone 0xFF byte', new Uint8Array([0x7b, 0xff, 0x7d])],
  ['UTF-16 with a BOM', new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])],
  ['an overlong "/" (0xC0 0xAF)', Uint8Array.from([...Buffer.from('{"name":"a'), 0xc0, 0xaf, ...Buffer.from('"}')])],
  ['a UTF-8-encoded surrogate (CESU)', Uint8Array.from([...Buffer.from('{"name":"'), 0xed, 0xa0, 0x80, ...Buffer.from('"}')])],
  ['a truncated multi-byte character', Uint8Array.from([...Buffer.from(json(validDoc())).subarray(0, 20), 0xe2, 0x82])],
  ['Latin-1 text', Uint8Array.from([...Buffer.from(json(withTop('name', 'Soci'))).subarray(0, 30), 0xe9, ...Buffer.from('"}')])],
  ['a file of zero bytes', new Uint8Array([0, 0, 0, 0])],
  ['an empty file', new Uint8Array([])],
];

/**
 * parsePresetText with its work counted instead of timed (a hostile file must cost
 * little): the text is parsed at most once, and only within MAX_IMPORT_BYTES; the
 * "did you mean" searches (each an edit-distance search over a name list) stay
 * within the bound the validators' caps give: each search reports a problem, the
 * document stops taking presets once MAX_REPORTED_ERRORS problems are known, and
 * one preset adds at most MAX_UNKNOWN_REPORTED for its own keys, as many for
 * unknown inputs and as many for each input's keys.
 */
const NAME_SEARCHES_PER_DOCUMENT = MAX_REPORTED_ERRORS + (2 + CATALOGUE.length) * MAX_UNKNOWN_REPORTED;
function boundedParse(text: string): ReturnType<typeof parsePresetText> {
  const parse = jest.spyOn(JSON, 'parse');
  const meter = countWork();
  try {
    const r = parsePresetText(text);
    expect(parse.mock.calls.length).toBeLessThanOrEqual(1);
    for (const [t] of parse.mock.calls) expect((t as string).length).toBeLessThanOrEqual(MAX_IMPORT_BYTES);
    expect(meter.work.nameSearches).toBeLessThanOrEqual(NAME_SEARCHES_PER_DOCUMENT);
    return r;
  } finally {
    meter.stop();
    parse.mockRestore();
  }
}

function expectRejected(r: ReturnType<typeof parsePresetText>): string[] {
  expect(r.ok).toBe(false);
  const errors = r.ok ? [] : r.errors;
  expect(errors.length).toBeGreaterThan(0);
  expect(errors.length).toBeLessThanOrEqual(MAX_REPORTED_ERRORS + 1);
  for (const e of errors) {
    expect(typeof e).toBe('string');
    expect(e.trim().length).toBeGreaterThan(0);
  }
  return errors;
}

const protoKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();

describe('a hostile or malformed preset file is rejected whole, quickly, and changes nothing', () => {
  const before = storeSnapshot();
  afterEach(() => {
    expect(storeSnapshot()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeysBefore);
  });

  test('the valid document these attacks start from is accepted (control)', () => {
    const r = parsePresetText(json(validDoc()));
    expect(r.ok).toBe(true);
  });

  test.each(TEXT_ATTACKS)('text: %s', async (_label, text) => {
    const r = boundedParse(text);
    expectRejected(r);
    expectRejected(parsePresetBytes(new TextEncoder().encode(text)));
    const o = await importPresets(null, store, r, NOW);
    expect(o.ok).toBe(false);
    expect(o.details.length).toBeGreaterThan(0);
  });

  test.each(BYTE_ATTACKS)('bytes: %s', async (_label, bytes) => {
    const r = parsePresetBytes(bytes);
    expectRejected(r);
    expect((await importPresets(null, store, r, NOW)).ok).toBe(false);
  });

  test('a 50 MB file is refused by its size without being parsed or decoded', () => {
    const big = '[' + Array.from({ length: 50 }, () => json(validDoc()) + ','.padEnd(1_000_000, ' ')).join('') + ']';
    expect(big.length).toBeGreaterThan(50_000_000);
    const parse = jest.spyOn(JSON, 'parse');
    const decode = jest.spyOn(TextDecoder.prototype, 'decode');
    try {
      expect(expectRejected(parsePresetText(big))[0]).toContain(String(MAX_IMPORT_BYTES));
      const bytes = new Uint8Array(50 * 1024 * 1024).fill(0x20);
      expect(expectRejected(parsePresetBytes(bytes))[0]).toContain(String(MAX_IMPORT_BYTES));
      expect(parse).not.toHaveBeenCalled();
      expect(decode).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
      decode.mockRestore();
    }
  });

  test('a download over the size limit is refused before decoding', async () => {
    const fetchFn = async () => ({ ok: true, status: 200, url: 'https://example.com/p.json', arrayBuffer: async () => new ArrayBuffer(MAX_IMPORT_BYTES + 1) });
    const r = await fetchPresets('https://example.com/p.json', fetchFn);
    expectRejected(r);
  });

  test('validatePresetDocument on objects no JSON file can hold (prototype-less, getters, cycles) answers, never throws', () => {
    const nullProto = Object.assign(Object.create(null), validDoc());
    const cyclic: Record<string, unknown> = validDoc();
    cyclic.self = cyclic;
    const fields = Object.create(null);
    fields.pue = Object.assign(Object.create(null), { value: Object.create(null), asof: '2025-12-31', source: 's' });
    for (const doc of [cyclic, { ...validDoc(), fields }, [nullProto, 1, 'x', null], Object.create(null)]) {
      expect(() => validatePresetDocument(doc)).not.toThrow();
      expect(validatePresetDocument(doc).ok).toBe(false);
    }
  });

  test('random damage to a valid file: never throws; accepted files hold only catalogue-valid values and safe text', async () => {
    const paths: (string | number)[][] = [['ticker'], ['name'], ['asof'], ['ai_business'], ['fields'], ['fields', 'power_mw'], ['fields', 'power_mw', 'value'], ['fields', 'power_mw', 'source'], ['fields', 'ai_mode', 'value'], ['fields', 'build_months', 'value'], ['fields', 'build_months', 'asof'], ['fields', 'pue'], ['extra']];
    const junk = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom<unknown>('=1', '+1', '-1', '@x', '<b>', '', ' ', 1e308, -0, 0, 12, 'colo', 'CLOUD', '2025-12-31', '__proto__', null),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...paths), fc.oneof(junk, fc.constant(undefined))), { minLength: 1, maxLength: 4 }), async (edits) => {
        const doc = validDoc();
        for (const [path, value] of edits) {
          let o: Record<string | number, unknown> = doc;
          for (const k of path.slice(0, -1)) {
            if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
            o = o[k] as Record<string | number, unknown>;
          }
          if (value === undefined) delete o[path[path.length - 1]];
          else o[path[path.length - 1]] = value;
        }
        const text = json(doc);
        const r = parsePresetText(text);
        if (r.ok) {
          for (const p of r.value) {
            for (const t of [p.name, p.ai_business, ...Object.values(p.fields).map((f) => f.source ?? f.assumption ?? '')]) {
              expect(t).not.toMatch(/^\s*[=+\-@]/);
              expect(t).not.toMatch(/[<>]/);
            }
            for (const [k, f] of Object.entries(p.fields)) {
              const s = CATALOGUE.find((c) => c.name === k)!;
              if (s.kind === 'choice') expect(s.choices).toContain(f.value);
              else {
                expect(typeof f.value).toBe('number');
                expect(f.value as number).toBeGreaterThanOrEqual(s.min!);
                expect(f.value as number).toBeLessThanOrEqual(s.max!);
              }
            }
          }
        } else {
          expect((await importPresets(null, store, r, NOW)).ok).toBe(false);
        }
        expect(storeSnapshot()).toBe(before);
      }),
      { numRuns: 1500, seed: 7010 },
    );
  }, 60_000);
});

describe('a valid import does change the store (so "unchanged" above means something)', () => {
  test('importPresets applies an accepted file for this session', async () => {
    const before = storeSnapshot();
    const imported = store.importedPresets();
    const o = await importPresets(null, store, parsePresetText(json(validDoc())), NOW);
    expect(o.ok).toBe(true);
    expect(store.tickers()).toContain('ZZTEST');
    expect(storeSnapshot()).not.toBe(before);
    store.setImported(imported);
    expect(store.tickers()).not.toContain('ZZTEST');
  });
});

describe('import from a URL is https-only', () => {
  test.each([
    ['http://example.com/p.json', 'https'],
    ['HTTP://example.com/p.json', 'https'],
    ['ftp://example.com/p.json', 'https'],
    ['file:///etc/passwd', 'https'],
    ['javascript:alert(1)', 'https'],
    ['data:application/json,{}', 'https'],
    ['blob:https://example.com/x', 'https'],
    ['ws://example.com/', 'https'],
    ['//example.com/p.json', 'https'],
    ['example.com/p.json', 'https'],
    ['https://user:pass@example.com/p.json', 'user name or password'],
    ['', 'https'],
  ])('%s is refused', (url, why) => {
    const r = checkImportUrl(url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(why);
  });

  test('an https address is accepted', () => {
    expect(checkImportUrl(' https://example.com/presets.json ')).toEqual({ ok: true, url: 'https://example.com/presets.json' });
  });

  test('a refused address is never fetched, and a redirect to http is refused', async () => {
    let calls = 0;
    const fetchFn = async (url: string) => {
      calls++;
      return { ok: true, status: 200, url: url.replace('https:', 'http:'), arrayBuffer: async () => new TextEncoder().encode(json(validDoc())).buffer as ArrayBuffer };
    };
    expect((await fetchPresets('http://example.com/p.json', fetchFn)).ok).toBe(false);
    expect(calls).toBe(0);
    const r = await fetchPresets('https://example.com/p.json', fetchFn);
    expect(calls).toBe(1);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toContain('non-https');
  });
});
