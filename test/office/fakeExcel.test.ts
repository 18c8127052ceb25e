import { FakeExcel } from './fakeExcel';

// The fake must behave like Office.js where the code relies on it, or the other tests prove nothing.
describe('the fake workbook behind OfficeMockObject', () => {
  it('hides a range value until load() and sync()', async () => {
    const x = new FakeExcel();
    x.sheets.set('S', new Map());
    x.type('S', 'A1', 5);
    const ctx = x.context();
    const r = ctx.workbook.worksheets.getItemOrNullObject('S').getRange('A1');
    expect(r.values).not.toEqual([[5]]);
    r.load('values');
    await ctx.sync();
    expect(r.values).toEqual([[5]]);
  });

  it('writes queued values at sync, and turns date-like text into a serial unless the cell is text', async () => {
    const x = new FakeExcel();
    const ctx = x.context();
    const s = ctx.workbook.worksheets.add('S');
    s.getRange('B1').numberFormat = [['@']];
    s.getRange('A1:B1').values = [['2025-10-03', '2025-10-03']];
    expect(x.cell('S', 'A1')).toBeUndefined();
    await ctx.sync();
    expect(x.cell('S', 'A1')!.value).toBe(45933); // 2025-10-03 is serial 45933 in Excel's 1900 date system
    expect(x.cell('S', 'B1')!.value).toBe('2025-10-03');
  });
});

describe('the stand-in as the preview uses it', () => {
  it('names a member of Excel\'s API it does not implement instead of reading it as undefined', () => {
    const x = new FakeExcel();
    x.addSheet('S');
    const sheet = x.context().workbook.worksheets.getItemOrNullObject('S') as unknown as Record<string, unknown>;
    expect(() => sheet.protection).toThrow(/Worksheet\.protection is not implemented by the Excel stand-in/);
    const range = x.context().workbook.worksheets.getItemOrNullObject('S').getRange('A1') as unknown as Record<string, unknown>;
    expect(() => range.hyperlink).toThrow(/Range\.hyperlink/);
  });

  it('gives formulas the calculator\'s values, and tells it when the contents change', async () => {
    let invalidated = 0;
    const x = new FakeExcel({ invalidate: () => invalidated++, valueAt: (_s, r, c) => (r === 0 && c === 1 ? 42 : undefined) });
    x.addSheet('S');
    const before = invalidated;
    const ctx = x.context();
    ctx.workbook.worksheets.getItemOrNullObject('S').getRange('A1:B1').formulas = [[7, '=A1*6']];
    await ctx.sync();
    expect(invalidated).toBeGreaterThan(before);
    const read = x.context();
    const r = read.workbook.worksheets.getItemOrNullObject('S').getRange('A1:B1');
    r.load('values, formulas');
    await read.sync();
    expect(r.values).toEqual([[7, 42]]);
    expect(r.formulas).toEqual([[7, '=A1*6']]);
  });

  it('run() is Excel.run: the batch runs on a fresh context and what it left queued is synced', async () => {
    const x = new FakeExcel();
    x.addSheet('S');
    await x.run(async (ctx) => {
      ctx.workbook.worksheets.getItemOrNullObject('S').getRange('C3').values = [[5]];
    });
    expect(x.cell('S', 'C3')!.value).toBe(5);
  });

  it('getItem of a missing sheet or table is an error, as in Excel; names resolve to their range', async () => {
    const x = new FakeExcel();
    x.addSheet('S');
    x.type('S', 'B2', 9);
    const ctx = x.context();
    expect(() => ctx.workbook.worksheets.getItem('Nope')).toThrow(/ItemNotFound/);
    expect(() => ctx.workbook.tables.getItem('Nope')).toThrow(/ItemNotFound/);
    ctx.workbook.names.add('price', '=S!$B$2');
    const r = ctx.workbook.names.getItemOrNullObject('price').getRange();
    r.load('values');
    await ctx.sync();
    expect(r.values).toEqual([[9]]);
  });
});
