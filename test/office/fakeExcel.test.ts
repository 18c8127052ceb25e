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
