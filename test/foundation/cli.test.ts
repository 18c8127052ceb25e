/**
 * The command-line interface: the same functions through the same adapter,
 * driven by dist/functions.json. `eval --json` output is a contract scripts rely on.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { parseFormula, FormulaSyntaxError } from '../../src/cli/formula';
import { evalCommand, hostFor, loadMetadata, main } from '../../src/cli/main';
import { inputSpec } from '../../src/engine/catalogue';

const root = path.join(__dirname, '..', '..');
const host = hostFor(loadMetadata(path.join(root, 'dist')));
const evalJson = (f: string) => {
  const r = evalCommand(host, f, true);
  return { code: r.code, json: JSON.parse(r.out) };
};
// docs/model.md worked figure: 144 · (3.125 + 0.03) · 100 000 / 1 100 000 = 41.30 USD/PH/day
const HASHPRICE_WORKED = (144 * 3.155 * 100000) / 1100000;

describe('formula parser', () => {
  test('accepts the leading "=", the BTCAI. prefix, or neither', () => {
    for (const f of ['=BTCAI.HASHPRICE(1,2)', 'BTCAI.HASHPRICE(1,2)', 'hashprice(1,2)', '  =HASHPRICE( 1 , 2 )  ']) {
      expect(parseFormula(f)).toEqual({ name: 'HASHPRICE', args: [{ kind: 'value', value: 1 }, { kind: 'value', value: 2 }] });
    }
  });
  test('reads numbers, strings with "" escapes, booleans, omitted arguments, arrays and nested calls', () => {
    const c = parseFormula('F(-1.5e3, "a""b", TRUE, , {1,2;"x",FALSE}, G())');
    expect(c.args).toEqual([
      { kind: 'value', value: -1500 },
      { kind: 'value', value: 'a"b' },
      { kind: 'value', value: true },
      { kind: 'omitted' },
      { kind: 'array', rows: [[1, 2], ['x', false]] },
      { kind: 'call', call: { name: 'G', args: [] } },
    ]);
  });
  test.each(['HASHPRICE(1,2', 'HASHPRICE 1,2)', '"x"', 'HASHPRICE(1,2) + 3', 'F({1,2;3})', 'F("abc)'])('rejects %s with a reason', (f) => {
    expect(() => parseFormula(f)).toThrow(FormulaSyntaxError);
  });
});

describe('btcai eval', () => {
  test('HASHPRICE(100000,1100,0.03) is the docs/model.md worked figure, 41.30', () => {
    const { code, json } = evalJson('HASHPRICE(100000,1100,0.03)');
    expect(code).toBe(0);
    // value stays a plain number (the contract); the number format is beside it
    expect(Object.keys(json)).toEqual(['value', 'numberFormat']);
    expect(typeof json.value).toBe('number');
    expect(json.numberFormat).toBe('#,##0.00');
    expect(json.value).toBeCloseTo(HASHPRICE_WORKED, 10);
    expect(json.value.toFixed(2)).toBe('41.30');
  });

  test('an omitted argument takes its documented default (fees: the catalogue\'s market default)', () => {
    const fees = inputSpec('fees_btc_per_block')!.default as number;
    expect(evalJson('=BTCAI.HASHPRICE(100000,1100,,3.125)').json.value).toBeCloseTo((144 * (3.125 + fees) * 100000) / 1100000, 10);
  });

  test('nested calls: a difficulty of 150e12 is 1 073.7 EH/s (docs/model.md)', () => {
    expect(evalJson('NETWORK_HASHRATE(150e12)').json.value).toBeCloseTo(1073.74, 2);
    const nested = evalJson('HASHPRICE(100000, NETWORK_HASHRATE(150e12), 0.03, 3.125)').json.value;
    expect(nested).toBeCloseTo((144 * 3.155 * 100000) / (1073.741824 * 1000), 6);
  });

  test('an array constant is a two-column overrides range, equal to name/value arguments', () => {
    const pairs = evalJson('HASH_VS_LEASE("", "delta", "btc_price", 120000, "pue", 1.2)').json.value;
    const range = evalJson('HASH_VS_LEASE("", "delta", {"btc_price",120000;"pue",1.2})').json.value;
    expect(typeof pairs).toBe('number');
    expect(range).toBe(pairs);
  });

  test('a table metric spills as rows with a header row', () => {
    const { json } = evalJson('HASH_VS_LEASE("", "table")');
    expect(json.value[0]).toEqual(['per gross MW', 'mining', 'AI', 'AI - mining']);
    expect(json.value.length).toBeGreaterThan(5);
  });

  test('an Excel error is a result: exit 0 with {"error","message"}', () => {
    const { code, json } = evalJson('HASHPRICE("abc", 1100)');
    expect(code).toBe(0);
    expect(json).toEqual({ error: '#VALUE!', message: expect.stringContaining('btc_price') });
    const na = evalJson('HASH_VS_LEASE("NOPE")').json;
    expect(na.error).toBe('#N/A');
    expect(na.message).toContain('RIOT');
  });

  test('an error in a nested call is the result, as Excel propagates it', () => {
    expect(evalJson('HASHPRICE(100000, NETWORK_HASHRATE("x"))').json.error).toBe('#VALUE!');
  });

  test.each([
    ['HASHPRICE(1', 'parse'],
    ['NOT_A_FUNCTION(1)', 'neither a BTCAI function'],
    ['HASHPRICE(1)', 'at least 2'],
    ['HASHPRICE(1,2,3,4,5)', 'at most 4'],
  ])('%s cannot be evaluated: exit 2 with a reason (%s)', (f, why) => {
    const r = evalCommand(host, f, false);
    expect(r.code).toBe(2);
    expect(r.err.length).toBeGreaterThan(10);
    if (why !== 'parse') expect(r.err).toContain(why);
  });

  test('without --json a spilled array prints as tab-separated rows', () => {
    const r = evalCommand(host, 'PRESETS()', false);
    const rows = r.out.split('\n').map((l) => l.split('\t'));
    expect(rows[0]).toEqual(['ticker', 'name', 'as of']);
    expect(rows.map((x) => x[0])).toContain('IREN');
  });
});

describe('the btcai command', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'btcai.js'), ...args], { encoding: 'utf8' });

  test('eval --json prints exactly one JSON object and exits 0', () => {
    const r = run('eval', '--json', 'HASHPRICE(100000,1100,0.03)');
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout).value).toBeCloseTo(HASHPRICE_WORKED, 10);
  });

  test('exits 2 with a message when the formula names no BTCAI function', () => {
    const r = run('eval', 'NOT_A_FUNCTION(1)');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('NOT_A_FUNCTION');
  });

  test('list --json names every function with its arguments', () => {
    const r = run('list', '--json');
    const list = JSON.parse(r.stdout) as { name: string; parameters: unknown[] }[];
    expect(list.map((f) => f.name)).toEqual(expect.arrayContaining(['BTCAI.HASH_VS_LEASE', 'BTCAI.MINER_AI_YIELD', 'BTCAI.HASHPRICE']));
  });

  test('an unknown command prints the usage and exits 2', () => {
    const out: string[] = [];
    expect(main(['frobnicate'], (s) => out.push(s), (s) => out.push(s))).toBe(2);
    expect(out.join('')).toContain('usage');
  });
});
