/**
 * `btcai calc` agrees with Excel: fixture workbooks built here with exceljs, each
 * expected value citing where Excel's result comes from (Microsoft's documentation
 * of the built-in, or `btcai eval` for a BTCAI call: Excel calls the same code with
 * the same arguments).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { CalcResult, calcCommand, calcWorkbook, normalizeFormula, rootCallName } from '../src/cli/calc';
import { evalCommand, hostFor, loadMetadata } from '../src/cli/main';

jest.setTimeout(60_000);

const root = path.join(__dirname, '..');
const host = hostFor(loadMetadata(path.join(root, 'dist')));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'btcai-calc-excel-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const evalJson = (formula: string) => JSON.parse(evalCommand(host, formula, true).out) as { value?: unknown; numberFormat?: unknown; error?: string; message?: string };
const byCell = (results: CalcResult[]) => Object.fromEntries(results.map((r) => [`${r.sheet}!${r.cell}`, r]));

type Sheets = Record<string, Record<string, string | number | Date>>;

/** Writes sheets of cells ("=…" is a formula) and, optionally, defined names straight into xl/workbook.xml. */
async function workbook(name: string, sheets: Sheets, names: { name: string; refersTo: string; sheet?: string }[] = []): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [sheet, cells] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(sheet);
    for (const [a1, v] of Object.entries(cells)) ws.getCell(a1).value = typeof v === 'string' && v.startsWith('=') ? { formula: v.slice(1) } : v;
  }
  const file = path.join(tmp, name);
  await wb.xlsx.writeFile(file);
  if (names.length) {
    const order = Object.keys(sheets);
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    const xml = await zip.file('xl/workbook.xml')!.async('string');
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const defs = names.map((n) => `<definedName name="${n.name}"${n.sheet ? ` localSheetId="${order.indexOf(n.sheet)}"` : ''}>${esc(n.refersTo)}</definedName>`).join('');
    const patched = xml.includes('<definedNames>') ? xml.replace('<definedNames>', `<definedNames>${defs}`) : xml.replace('</sheets>', `</sheets><definedNames>${defs}</definedNames>`);
    zip.file('xl/workbook.xml', patched);
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
  }
  return file;
}

describe("Excel's 1900 date system", () => {
  let r: Record<string, CalcResult>;
  beforeAll(async () => {
    const file = await workbook('dates.xlsx', {
      D: {
        A1: '=DATE(2026,1,1)',
        A2: '=DATE(2008,1,1)',
        A3: '=DATE(1900,1,1)',
        A4: '=DATE(1900,2,29)',
        A5: '=DATE(1900,3,1)',
        A6: '=DAY(60)',
        A7: '=MONTH(61)',
        A8: '=BTCAI.BLOCK_SUBSIDY(DATE(2024,4,20))',
        A9: '=BTCAI.BLOCK_SUBSIDY(DATE(2024,4,21))',
        B1: new Date(Date.UTC(2024, 3, 19)),
        A10: '=BTCAI.BLOCK_SUBSIDY(B1)',
        A11: '=B1',
        A12: '=BTCAI.PRESET_ASOF("IREN")-DATE(2026,6,1)',
      },
    });
    r = byCell(await calcWorkbook(file, host));
  });

  test('DATE gives Excel serials: 2026-01-01 is 46 023, 2008-01-01 is 39 448, 1900-01-01 is 1', () => {
    // Microsoft, DATE function: "January 1, 1900 is serial number 1, and January 1, 2008 is serial number 39448"
    expect(r['D!A1'].value).toBe(46023);
    expect(r['D!A2'].value).toBe(39448);
    expect(r['D!A3'].value).toBe(1);
  });

  test('serial 60 is the phantom 1900-02-29 and 61 is 1900-03-01', () => {
    // Microsoft, "Excel incorrectly assumes that the year 1900 is a leap year": 29 Feb 1900 is serial 60
    expect(r['D!A4'].value).toBe(60);
    expect(r['D!A5'].value).toBe(61);
    expect(r['D!A6'].value).toBe(29);
    expect(r['D!A7'].value).toBe(3);
  });

  test('BLOCK_SUBSIDY(DATE(2024,4,20)) is 6.25 (block 840 000 came at 00:09 UTC that day), 3.125 the day after', () => {
    expect(r['D!A8'].value).toBe(6.25);
    expect(r['D!A8'].numberFormat).toBe('0.000');
    expect(r['D!A9'].value).toBe(3.125);
    // a date cell (exceljs writes a Date as the serial with a date format): 2024-04-19 is serial 45 401
    expect(r['D!A11'].value).toBe(45401);
    expect(r['D!A10'].value).toBe(6.25);
  });

  test('PRESET_ASOF is the preset\'s date as a serial with a date format (iren.json asof 2026-06-01)', () => {
    expect(r['D!A12'].value).toBe(0);
    expect(evalJson('PRESET_ASOF("IREN")')).toEqual({ value: 46174, numberFormat: 'yyyy-mm-dd' });
  });
});

describe('defined names: workbook and sheet scope, ranges, constants and formulas', () => {
  let r: Record<string, CalcResult>;
  beforeAll(async () => {
    const file = await workbook(
      'names.xlsx',
      {
        Inputs: { A1: 'btc_price', B1: 100000, A2: 'btc_price', B2: 120000, A3: 'pue', B3: 1.2 },
        Model: {
          A1: '=BTCAI.HASHPRICE(price,1100,0.03,3.125)',
          A2: '=rate*2',
          A3: '=BTCAI.HASH_VS_LEASE("","delta",assumptions)',
          A4: '=double_price',
          A5: '=nonesuch+1',
        },
        Other: { A1: '=rate*2' },
      },
      [
        { name: 'price', refersTo: 'Inputs!$B$1' },
        { name: 'assumptions', refersTo: 'Inputs!$A$2:$B$3' },
        { name: 'double_price', refersTo: 'Inputs!$B$1*2' },
        { name: 'rate', refersTo: '0.1', sheet: 'Model' },
        { name: 'rate', refersTo: '0.2', sheet: 'Other' },
      ],
    );
    r = byCell(await calcWorkbook(file, host));
  });

  test('a workbook name of a cell feeds a BTCAI function (HASHPRICE worked figure 41.30)', () => {
    expect(r['Model!A1'].value).toBeCloseTo((144 * 3.155 * 100000) / 1100000, 10);
  });

  test('a sheet-level name is that sheet\'s: rate is 0.1 on Model and 0.2 on Other', () => {
    expect(r['Model!A2'].value).toBeCloseTo(0.2, 15);
    expect(r['Other!A1'].value).toBeCloseTo(0.4, 15);
  });

  test('a name of a range is an overrides block; a name of a formula computes', () => {
    expect(r['Model!A3'].value).toBe(evalJson('HASH_VS_LEASE("","delta",{"btc_price",120000;"pue",1.2})').value);
    expect(r['Model!A4'].value).toBe(200000);
  });

  test('an unknown name says so (not a "function HyperFormula lacks")', () => {
    expect(r['Model!A5'].error).toBe('#NAME?');
    expect(r['Model!A5'].message).toMatch(/nonesuch is not a defined name/);
  });
});

describe('spills of BTCAI tables and grids: constants, array constants, references', () => {
  let r: Record<string, CalcResult>;
  const axes = 'SENSITIVITY("RIOT","HASH_VS_LEASE","delta","btc_price",{80000,100000,120000},"lease_rate_kw_month",{120;150})';
  beforeAll(async () => {
    const file = await workbook('spills.xlsx', {
      S: {
        A1: 'RIOT',
        B1: 24,
        A3: `=BTCAI.${axes}`,
        // the same grid with its axes in cells: x across B10:D10, y down A11:A12
        B10: 80000,
        C10: 100000,
        D10: 120000,
        A11: 120,
        A12: 150,
        F10: '=BTCAI.SENSITIVITY(A1,"HASH_VS_LEASE","delta","btc_price",B10:D10,"lease_rate_kw_month",A11:A12)',
        A20: '=BTCAI.HASH_VS_LEASE(A1,"table")',
        A40: '=BTCAI.PROJECTION(A1,B1)',
        J1: '=BTCAI.PRESET(A1)',
        M1: '=SUM(BTCAI.MINER_AI_YIELD(A1,"cash_flows"))',
        M2: '=B23',
      },
    });
    r = byCell(await calcWorkbook(file, host));
  });

  test('a grid with array-constant axes spills, equal to btcai eval', () => {
    const want = evalJson(axes);
    expect(r['S!A3'].value).toEqual(want.value);
    expect(r['S!A3'].numberFormat).toEqual(want.numberFormat);
  });

  test('a grid whose axes are cell ranges spills the same numbers', () => {
    expect(r['S!F10'].value).toEqual(evalJson(axes).value);
  });

  test('a table whose ticker is a cell reference spills (HASH_VS_LEASE table, PRESET, PROJECTION with months from a cell)', () => {
    expect(r['S!A20'].value).toEqual(evalJson('HASH_VS_LEASE("RIOT","table")').value);
    expect(r['S!J1'].value).toEqual(evalJson('PRESET("RIOT")').value);
    const p = r['S!A40'].value as unknown[][];
    expect(p).toEqual(evalJson('PROJECTION("RIOT",24)').value);
    expect(p).toHaveLength(25); // header + 24 months
  });

  test('the spilled cells are cells: other formulas read them, and tables nest inside built-ins', () => {
    const table = evalJson('HASH_VS_LEASE("RIOT","table")').value as unknown[][];
    expect(r['S!M2'].value).toBe(table[3][1]); // B23 is row 4, column 2 of the spill at A20
    const flows = evalJson('MINER_AI_YIELD("RIOT","cash_flows")').value as number[][];
    expect(r['S!M1'].value).toBeCloseTo(flows.reduce((s, [v]) => s + v, 0), 2); // Excel SUM: the sum of its arguments
  });
});

describe('cells that cannot be computed as Excel would are named with the reason; the rest compute', () => {
  let r: Record<string, CalcResult>;
  let err = '';
  let out = '';
  beforeAll(async () => {
    const file = await workbook('problems.xlsx', {
      P: {
        A1: '=B1+1',
        B1: '=A1+1',
        C1: '=[1]Sheet1!A1',
        D1: '=STOCKHISTORY("MSFT",DATE(2024,1,2))',
        E1: '=1+1',
        F1: '=BTCAI.HASHPRICE(100000,1100,0.03,3.125)',
        G1: '=BTCAI.NOT_THERE(1)',
      },
    });
    r = byCell(await calcWorkbook(file, host));
    await calcCommand(file, { json: false }, () => host, { out: (s) => (out += s), err: (s) => (err += s) });
  });

  test('a circular reference is named as one', () => {
    expect(r['P!A1'].error).toBe('#CYCLE!');
    expect(r['P!A1'].message).toMatch(/circular reference/);
    expect(r['P!B1'].message).toMatch(/circular reference/);
  });

  test('a link to another workbook, a function the engine lacks and an unknown BTCAI function each say why', () => {
    expect(r['P!C1'].message).toMatch(/another workbook/);
    expect(r['P!D1'].message).toMatch(/STOCKHISTORY is not computed outside Excel/);
    expect(r['P!G1'].message).toMatch(/BTCAI.NOT_THERE is not a BTCAI function/);
  });

  test('the rest of the sheet computes; the summary on stderr lists each cell', () => {
    expect(r['P!E1'].value).toBe(2);
    expect(r['P!F1'].value).toBeCloseTo((144 * 3.155 * 100000) / 1100000, 10);
    for (const cell of ['P!A1', 'P!B1', 'P!C1', 'P!D1', 'P!G1']) expect(err).toContain(`${cell}:`);
    expect(out).toMatch(/^P!E1\t2\t=1\+1$/m);
  });
});

describe('formula forms', () => {
  test("a card's field: A1.field, A1.[field name] and Excel's file form _FV(…) become FIELDVALUE", () => {
    expect(normalizeFormula('=A1.irr')).toBe('=FIELDVALUE(A1,"irr")');
    expect(normalizeFormula('=$B$2.[as of]+1')).toBe('=FIELDVALUE($B$2,"as of")+1');
    expect(normalizeFormula('=_FV(A1,"irr")')).toBe('=FIELDVALUE(A1,"irr")');
    expect(normalizeFormula('="A1.irr"&A1.irr')).toBe('="A1.irr"&FIELDVALUE(A1,"irr")');
    expect(normalizeFormula('=BTCAI.HASHPRICE(1.5,2)')).toBe('=BTCAI.HASHPRICE(1.5,2)');
  });

  test('rootCallName names a formula that is one call', () => {
    expect(rootCallName('=BTCAI.X(1,")",2)')).toBe('BTCAI.X');
    expect(rootCallName('=BTCAI.X(1)+1')).toBeUndefined();
    expect(rootCallName('=SUM(BTCAI.X(1))')).toBe('SUM');
  });
});

describe('btcai eval with Excel built-ins (the engine of btcai calc)', () => {
  test('the README\'s BLOCK_SUBSIDY(DATE(2024,4,20)) is 6.25', () => {
    expect(evalJson('BLOCK_SUBSIDY(DATE(2024,4,20))')).toEqual({ value: 6.25, numberFormat: '0.000' });
  });

  test('IF, SUM and arithmetic around BTCAI calls, with or without the BTCAI. prefix', () => {
    expect(evalJson('IF(HASHPRICE(100000,1100,0.03,3.125)>40,"above","below")').value).toBe('above');
    const worked = (144 * 3.155 * 100000) / 1100000;
    expect(evalJson('SUM(BTCAI.HASHPRICE(100000,1100,0.03,3.125),1)').value).toBeCloseTo(worked + 1, 10);
    expect(evalJson('DATE(2026,1,1)').value).toBe(46023);
  });

  test('an Excel error stays a result; a formula the engine cannot read is a usage error (exit 2)', () => {
    expect(evalJson('IFERROR(1/0,"none")').value).toBe('none');
    expect(evalJson('1/0').error).toBe('#DIV/0!');
    expect(evalCommand(host, 'SUM(1,', true).code).toBe(2);
  });
});
