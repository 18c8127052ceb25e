/**
 * The command line of the sourcing standard: `btcai presets --audit [--json]
 * [files…]` (its JSON is a contract scripts rely on), `btcai validate FILE` for
 * schema 2, and `btcai validate-bundled` (run by npm run build).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'presets', 'zzmine-v2.json');
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}
let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'btcai-audit-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
function file(name: string, doc: unknown): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, JSON.stringify(doc));
  return f;
}
const broken = (): Doc => {
  const d: Doc = JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));
  d.fields.hashrate_eh.value = 40;
  return d;
};

describe('btcai presets --audit --json', () => {
  test('the contract: {"presets":[{ticker, quarter, decision_fields, assumed, assumed_share, checks:[{name, ok, detail}]}]}, exit 0 when all pass', () => {
    const r = run(['presets', '--audit', '--json', FIXTURE]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['presets']);
    expect(j.presets).toHaveLength(1);
    const p = j.presets[0];
    expect(p).toMatchObject({ ticker: 'ZZMINE', quarter: '2025-Q4', decision_fields: 43, assumed: 2, assumed_share: 0.0465 });
    expect(Object.keys(p).slice(0, 6)).toEqual(['ticker', 'quarter', 'decision_fields', 'assumed', 'assumed_share', 'checks']);
    expect(p.checks.map((c: Doc) => c.name)).toEqual(['shape', 'it_mw_within_gross', 'schedule_sums_to_it_mw', 'tcv_reproduced', 'capacity_stages', 'tranches_fit_capacity', 'hashrate_implied', 'balance_sheet_dated', 'sourcing']);
    for (const c of p.checks) {
      expect(Object.keys(c)).toEqual(['name', 'ok', 'detail']);
      expect(c.ok).toBe(true);
      expect(typeof c.detail).toBe('string');
    }
    // beside the contract: primary vs press sourcing
    expect(p).toMatchObject({ sourced_primary: 34, sourced_press: 7, sources_press: 1, ok: true, schema: 2 });
  });

  test('a failing check: exit 1, the check not ok, its detail saying why; other presets still listed', () => {
    const r = run(['presets', '--audit', '--json', FIXTURE, file('broken.json', broken())]);
    expect(r.code).toBe(1);
    const [ok, bad] = JSON.parse(r.out).presets;
    expect(ok.ok).toBe(true);
    const hash = bad.checks.find((c: Doc) => c.name === 'hashrate_implied');
    expect(hash.ok).toBe(false);
    expect(hash.detail).toBe('400 MW ÷ 1.05 ÷ 17.5 J/TH = 21.77 EH/s vs reported 40 (-45.6 %)');
    expect(bad.checks.filter((c: Doc) => !c.ok).map((c: Doc) => c.name)).toEqual(['hashrate_implied']);
  });

  test('a file that is not a valid preset is listed with its shape check failing', () => {
    const d = broken();
    d.sources['10-k-2025'].url = 'http://example.com';
    const p = JSON.parse(run(['presets', '--audit', '--json', file('http.json', d)]).out).presets[0];
    expect(p.checks).toEqual([{ name: 'shape', ok: false, detail: expect.stringContaining('must be an https address') }]);
    fs.writeFileSync(path.join(dir, 'junk.json'), '{not json');
    const junk = run(['presets', '--audit', '--json', path.join(dir, 'junk.json')]);
    expect(junk.code).toBe(1);
    expect(JSON.parse(junk.out).presets[0].checks[0]).toMatchObject({ name: 'shape', ok: false });
  });

  test('the bundled presets by default: all 12 are schema 2, at most 25 % of decision fields assumed, every check passing (exit 0)', () => {
    const r = run(['presets', '--audit', '--json']);
    const list = JSON.parse(r.out).presets;
    expect(list.map((p: Doc) => p.ticker)).toEqual(['APLD', 'BTDR', 'CIFR', 'CLSK', 'CORZ', 'HIVE', 'HUT', 'IREN', 'KEEL', 'MARA', 'RIOT', 'WULF']);
    for (const p of list) {
      expect(p.schema).toBe(2);
      expect(p.assumed_share).toBeLessThanOrEqual(0.25);
      expect(p.checks.filter((c: Doc) => !c.ok)).toEqual([]);
      expect(p.quarter).toMatch(/^20\d\d-Q[1-4]$/);
    }
    expect(r.code).toBe(0);
  });

  test('as text: one line per preset and per check', () => {
    const r = run(['presets', '--audit', file('broken2.json', broken())]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('ZZMINE 2025-Q4  schema 2  FAIL  Example Miner Corp. (test fixture)');
    expect(r.out).toContain('  FAIL hashrate_implied        400 MW ÷ 1.05 ÷ 17.5 J/TH = 21.77 EH/s vs reported 40 (-45.6 %)');
    expect(r.out).toContain('1 presets: 1 fail (ZZMINE)');
  });

  test('without --audit it is a usage error', () => {
    expect(run(['presets']).code).toBe(2);
  });
});

describe('btcai validate FILE (schema 2)', () => {
  test('a valid file: exit 0, and whether it meets the bundled sourcing standard', () => {
    const r = run(['validate', FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.out).toBe("ok: ZZMINE\nZZMINE: 2 of 43 decision-relevant fields assumed (4.7 %): meets the bundled presets' standard (at most 25 %)\n");
  });
  test('a file whose book fails a check: exit 1 with every failure', () => {
    const d = broken();
    d.fields.power_mw.value = 800;
    const r = run(['validate', file('two.json', d)]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^rejected \(2 problems\):\n- ZZMINE: energized_mw 600 .*\n- ZZMINE: mining_mw 400 ÷ mining_overhead/);
  });
});

describe('btcai validate-bundled', () => {
  test('passes on the presets that ship, all schema 2 (nothing is left to note)', () => {
    const r = run(['validate-bundled']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('bundled presets: ok\n');
  });
});
