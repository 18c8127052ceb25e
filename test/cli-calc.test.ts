/**
 * `btcai calc <model.xlsx> [--write out.xlsx] [--json]`: a workbook's formulas
 * recalculated without Excel (exceljs + HyperFormula, dev only). The workbook is
 * test/fixtures/workbook.json written to .xlsx here with exceljs; expected values
 * come from `btcai eval` (evalCommand, the CLI's own path) with the inputs written
 * in, from docs/model.md worked figures, and from Excel's documented SUM and NPV.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { CalcResult, calcWorkbook, normalizeFormula } from '../src/cli/calc';
import { evalCommand, hostFor, loadMetadata } from '../src/cli/main';

jest.setTimeout(60_000);

const root = path.join(__dirname, '..');
const fixture = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'workbook.json'), 'utf8')) as {
  sheet: string;
  cells: Record<string, string | number>;
  cli: Record<string, string>;
};
const host = hostFor(loadMetadata(path.join(root, 'dist')));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'btcai-calc-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const cliJson = (formula: string) => JSON.parse(evalCommand(host, formula, true).out) as { value?: unknown; error?: string; message?: string };
const fill = (template: string, cells: Record<string, string | number>) =>
  template.replace(/\{([A-Z]+\d+)\}/g, (_, a1: string) => (typeof cells[a1] === 'string' ? `"${cells[a1]}"` : String(cells[a1])));
const close = (a: unknown, b: number) => typeof a === 'number' && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

async function writeWorkbook(file: string, changes: Record<string, string | number> = {}): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(fixture.sheet);
  for (const [a1, content] of Object.entries({ ...fixture.cells, ...changes })) {
    ws.getCell(a1).value = typeof content === 'string' && content.startsWith('=') ? { formula: content.slice(1) } : content;
  }
  await wb.xlsx.writeFile(file);
}

const byCell = (results: CalcResult[]) => Object.fromEntries(results.map((r) => [r.cell, r]));

describe('btcai calc on the fixture workbook', () => {
  let results: Record<string, CalcResult>;
  const file = path.join(tmp, 'model.xlsx');
  beforeAll(async () => {
    await writeWorkbook(file);
    results = byCell(await calcWorkbook(file, host));
  });

  test('reports every formula cell, and only those', () => {
    const formulas = Object.entries(fixture.cells).filter(([, v]) => typeof v === 'string' && v.startsWith('='));
    expect(Object.keys(results).sort()).toEqual(formulas.map(([a1]) => a1).sort());
  });

  test('BTCAI cells that read other cells equal btcai eval with those inputs written in (references, ranges as overrides, repeating args)', () => {
    for (const [a1, template] of Object.entries(fixture.cli)) {
      if (a1 === 'E1') continue;
      const want = cliJson(fill(template, fixture.cells));
      const got = results[a1];
      if (want.error) expect({ error: got.error, message: got.message }).toEqual({ error: want.error, message: want.message });
      else expect(got.value).toBe(want.value);
    }
    // the unknown ticker is an Excel error whose message says what exists
    expect(results.C9.error).toBe('#N/A');
    expect(results.C9.message).toMatch(/RIOT/);
  });

  test('worked figures: hashprice (docs/model.md 41.30), breakeven power price, colo revenue (docs/model.md 1 440 000), hashvalue·price in the _xldudf_ form', () => {
    // docs/model.md: hashprice = 144 · (3.125 + 0.03) · 100 000 / (1 100 · 1000) = 41.30 USD/PH/day
    const hashprice = (144 * (3.125 + 0.03) * 100000) / (1100 * 1000);
    expect(close(results.C1.value, hashprice)).toBe(true);
    expect((results.C1.value as number).toFixed(2)).toBe('41.30');
    // docs/model.md mining: revenue = (1e6 / (17.5·1.05) / 1000) · hashprice · 365 · 0.95 · 0.98; breakeven = revenue / (8 760 · 0.95)
    expect(close(results.C2.value, ((1e6 / (17.5 * 1.05) / 1000) * hashprice * 365 * 0.95 * 0.98) / (8760 * 0.95))).toBe(true);
    // docs/model.md colo worked: 0.8 IT MW · 1000 · 150 · 12 = 1 440 000 USD/yr
    expect(results.C3.value).toBe(1440000);
    // Excel saves a custom function as _xldudf_BTCAI_HASHVALUE(…); hashvalue · price = hashprice
    expect(close(results.C12.value, hashprice)).toBe(true);
    expect(results.C12.formula).toBe('=BTCAI.HASHVALUE(B2,B3,B4)*B1');
  });

  test("Excel built-ins on BTCAI results: SUM, NPV (Σ v/(1+r)^i, Microsoft's definition), IFERROR, arithmetic", () => {
    const c4 = results.C4.value as number;
    expect(results.C7.value).toBe(1440000 + c4);
    expect(close(results.C8.value, c4 / 1.1 + c4 / 1.1 ** 2 + c4 / 1.1 ** 3)).toBe(true);
    expect(results.C10.value).toBe(-1); // IFERROR on the #VALUE! of a negative BTC price
    expect(close(results.C11.value, 2)).toBe(true); // hashprice is linear in the price
  });

  test('a table result spills: PRESETS() reports the whole table btcai eval gives', () => {
    expect(results.E1.value).toEqual(cliJson('PRESETS()').value);
  });
});

test('changing an input cell changes its dependants (ticker RIOT → IREN, power price 45 → 60)', async () => {
  const file = path.join(tmp, 'changed.xlsx');
  const changes = { B8: 'IREN', B6: 60 };
  await writeWorkbook(file, changes);
  const r = byCell(await calcWorkbook(file, host));
  const cells = { ...fixture.cells, ...changes };
  expect(r.C4.value).toBe(cliJson('HASH_VS_LEASE("IREN")').value);
  expect(r.C5.value).toBe(cliJson(fill(fixture.cli.C5, cells)).value);
  expect(r.C6.value).toBe(cliJson(fill(fixture.cli.C6, cells)).value);
  expect(r.C6.value).not.toBe(cliJson(fill(fixture.cli.C6, fixture.cells)).value);
  expect(r.C7.value).toBe(1440000 + (r.C4.value as number));
});

test('--write saves results as cached values, keeps the formulas as written, and asks Excel to recalculate on open', async () => {
  const file = path.join(tmp, 'in.xlsx');
  const out = path.join(tmp, 'out.xlsx');
  await writeWorkbook(file);
  const results = byCell(await calcWorkbook(file, host, out));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.getWorksheet(fixture.sheet)!;
  const cached = (a1: string) => (ws.getCell(a1).value as ExcelJS.CellFormulaValue).result;
  expect(cached('C1')).toBe(results.C1.value);
  expect(cached('C4')).toBe(results.C4.value);
  expect(cached('C9')).toEqual({ error: '#N/A' });
  expect(cached('E1')).toBe('ticker'); // a spill's anchor caches its top-left value
  expect(ws.getCell('C12').formula).toBe('_xldudf_BTCAI_HASHVALUE(B2,B3,B4)*B1');
  expect(ws.getCell('B1').value).toBe(100000);
  // exceljs does not read calcPr back: look at the saved XML (jszip comes with exceljs)
  const zip = await JSZip.loadAsync(fs.readFileSync(out));
  expect(await zip.file('xl/workbook.xml')!.async('string')).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
});

test('a table whose arguments are cell references spills as one with constants does (Excel spills either)', async () => {
  const file = path.join(tmp, 'table-ref.xlsx');
  await writeWorkbook(file, { H1: '=BTCAI.HASH_VS_LEASE(B8,"table")', H20: '=BTCAI.HASH_VS_LEASE("RIOT","table")' });
  const r = byCell(await calcWorkbook(file, host));
  expect(r.H1.value).toEqual(cliJson('HASH_VS_LEASE("RIOT","table")').value);
  expect(r.H20.value).toEqual(r.H1.value);
});

test("normalizeFormula turns Excel's file form into the typed form, leaving strings alone", () => {
  expect(normalizeFormula('_xldudf_BTCAI_HASH_VS_LEASE("RIOT")')).toBe('=BTCAI.HASH_VS_LEASE("RIOT")');
  expect(normalizeFormula('[1]!_xldudf_BTCAI_PRESETS()')).toBe('=BTCAI.PRESETS()');
  expect(normalizeFormula('=_xlfn.IFNA(A1,"_xlfn.x _xldudf_BTCAI_Y")')).toBe('=IFNA(A1,"_xlfn.x _xldudf_BTCAI_Y")');
});

describe('the command line (node bin/btcai.js calc, the built dist/cli.js)', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'btcai.js'), 'calc', ...args], { encoding: 'utf8' });

  test('--json prints each formula cell with its value; plain output lists cell, value and formula', async () => {
    const file = path.join(tmp, 'cli.xlsx');
    await writeWorkbook(file);
    const j = cli(file, '--json');
    expect(j.status).toBe(0);
    const rows = byCell(JSON.parse(j.stdout) as CalcResult[]);
    expect(rows.C4.value).toBe(cliJson('HASH_VS_LEASE("RIOT")').value);
    const plain = cli(file);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/^Model!C3\t1440000\t=BTCAI\.COLO_REVENUE\(B7,1\.25,1\)$/m);
  });

  test('usage and unreadable files exit 2 with a reason', () => {
    const none = cli();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/btcai calc <model\.xlsx>/);
    const bad = path.join(tmp, 'not.xlsx');
    fs.writeFileSync(bad, 'not a workbook');
    const r = cli(bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*not\.xlsx/);
  });
});
