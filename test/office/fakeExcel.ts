/**
 * A small in-memory Excel workbook behind office-addin-mock's OfficeMockObject:
 * every object the code under test touches (settings, tables, worksheets, ranges,
 * charts) is an OfficeMockObject, so properties read before load() + sync() are
 * errors, as in Office.js. Writes queued on ranges (values, formulas, numberFormat,
 * bold), table names and chart titles take effect at context.sync(), in the order
 * the objects were created. Like Excel, a value such as "2025-10-03" written to a
 * cell not formatted as text becomes a date serial.
 */
import { OfficeMockObject } from 'office-addin-mock';

export type Cell = { value: number | string | boolean; formula: string | number | boolean; numberFormat: string; bold: boolean };
export interface ChartRecord {
  sheet: string;
  type: string;
  source: string;
  seriesBy: string;
  title: string;
  position: [string, string] | null;
}

interface Box {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

const colIndex = (l: string): number => [...l].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
export const colLetters = (i: number): string => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};
export function parseBox(a1: string): Box {
  const [a, b] = a1.replace(/\$/g, '').split(':');
  const cell = (x: string): [number, number] | null => {
    const m = /^([A-Z]+)?(\d+)?$/.exec(x);
    if (!m) throw new Error(`bad address ${a1}`);
    return [m[2] ? Number(m[2]) - 1 : -1, m[1] ? colIndex(m[1]) : -1];
  };
  const [r0, c0] = cell(a)!;
  const [r1, c1] = cell(b ?? a)!;
  // whole columns ("A:G"): rows 0..999
  return { r0: r0 < 0 ? 0 : r0, c0, r1: r1 < 0 ? 999 : r1, c1 };
}
const boxAddress = (b: Box): string => `${colLetters(b.c0)}${b.r0 + 1}:${colLetters(b.c1)}${b.r1 + 1}`;
const excelSerial = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000 + 25569;

export class FakeExcel {
  readonly sheets = new Map<string, Map<string, Cell>>();
  readonly settings = new Map<string, string>();
  readonly tables = new Map<string, { sheet: string; address: string }>();
  readonly charts: ChartRecord[] = [];
  readonly calculations: string[] = [];
  activeSheet = '';
  syncs = 0;
  private tracked: { mock: OfficeMockObject; commit: () => void }[] = [];
  private readonly rangeOf = new WeakMap<object, { sheet: string; box: Box }>();
  private tableCount = 0;

  // ---- direct access for tests ------------------------------------------------
  cell(sheet: string, a1: string): Cell | undefined {
    return this.sheets.get(sheet)?.get(a1);
  }
  /** Types into a cell as a user would (a value, no formula). */
  type(sheet: string, a1: string, value: number | string): void {
    const s = this.sheets.get(sheet)!;
    const old = s.get(a1);
    s.set(a1, { value, formula: value, numberFormat: old?.numberFormat ?? 'General', bold: old?.bold ?? false });
  }
  /** A deep copy of everything the workbook holds, to compare before/after. */
  dump(): string {
    const sheets = [...this.sheets].map(([n, cells]) => [n, [...cells].sort(([a], [b]) => a.localeCompare(b))]);
    return JSON.stringify({ sheets, settings: [...this.settings], tables: [...this.tables], charts: this.charts });
  }

  private grid(sheet: string, b: Box, pick: (c: Cell | undefined) => unknown): unknown[][] {
    const s = this.sheets.get(sheet)!;
    const out: unknown[][] = [];
    for (let r = b.r0; r <= b.r1; r++) {
      const row: unknown[] = [];
      for (let c = b.c0; c <= b.c1; c++) row.push(pick(s.get(`${colLetters(c)}${r + 1}`)));
      out.push(row);
    }
    return out;
  }
  private usedBox(sheet: string): Box {
    let r1 = 0;
    let c1 = 0;
    for (const k of this.sheets.get(sheet)!.keys()) {
      const b = parseBox(k);
      r1 = Math.max(r1, b.r0);
      c1 = Math.max(c1, b.c0);
    }
    return { r0: 0, c0: 0, r1, c1 };
  }
  private writeCells(sheet: string, b: Box, data: unknown[][], apply: (old: Cell | undefined, x: unknown) => Cell): void {
    const rows = b.r1 - b.r0 + 1;
    const cols = b.c1 - b.c0 + 1;
    if (data.length !== rows || data.some((r) => r.length !== cols)) throw new Error(`dimension mismatch writing ${rows}×${cols} at ${boxAddress(b)}`);
    const s = this.sheets.get(sheet)!;
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        const a = `${colLetters(b.c0 + j)}${b.r0 + i + 1}`;
        s.set(a, apply(s.get(a), data[i][j]));
      }
  }
  private asTyped(old: Cell | undefined, x: unknown): Cell {
    const nf = old?.numberFormat ?? 'General';
    let v = x as Cell['value'];
    if (typeof x === 'string' && nf !== '@' && /^\d{4}-\d{2}-\d{2}$/.test(x)) v = excelSerial(x);
    return { value: v, formula: v, numberFormat: nf, bold: old?.bold ?? false };
  }

  private track(mock: OfficeMockObject, commit: () => void): OfficeMockObject {
    this.tracked.push({ mock, commit });
    return mock;
  }

  private range(sheet: string, box: Box | null): OfficeMockObject {
    const b = box ?? this.usedBox(sheet);
    const init = {
      values: this.grid(sheet, b, (c) => c?.value ?? ''),
      formulas: this.grid(sheet, b, (c) => c?.formula ?? ''),
      numberFormat: this.grid(sheet, b, (c) => c?.numberFormat ?? 'General'),
    };
    const mock = new OfficeMockObject({
      address: `'${sheet}'!${boxAddress(b)}`,
      ...init,
      format: { font: { bold: false }, autofitColumns: () => undefined },
      clear: () => {
        const s = this.sheets.get(sheet)!;
        for (const k of [...s.keys()]) {
          const p = parseBox(k);
          if (!box || (p.r0 >= b.r0 && p.r0 <= b.r1 && p.c0 >= b.c0 && p.c0 <= b.c1)) s.delete(k);
        }
      },
    });
    this.rangeOf.set(mock, { sheet, box: b });
    const m = mock as unknown as Record<string, unknown> & { format: { font: { bold: unknown } } };
    return this.track(mock, () => {
      if (m.numberFormat !== init.numberFormat && Array.isArray(m.numberFormat))
        this.writeCells(sheet, b, m.numberFormat as unknown[][], (old, x) => ({ value: old?.value ?? '', formula: old?.formula ?? '', numberFormat: String(x), bold: old?.bold ?? false }));
      if (m.formulas !== init.formulas && Array.isArray(m.formulas))
        this.writeCells(sheet, b, m.formulas as unknown[][], (old, x) => {
          if (typeof x === 'string' && x.startsWith('=')) return { value: '#CALC', formula: x, numberFormat: old?.numberFormat ?? 'General', bold: old?.bold ?? false };
          return this.asTyped(old, x);
        });
      if (m.values !== init.values && Array.isArray(m.values)) this.writeCells(sheet, b, m.values as unknown[][], (old, x) => this.asTyped(old, x));
      if (m.format.font.bold === true) this.writeCells(sheet, b, this.grid(sheet, b, () => true), (old) => ({ ...(old ?? { value: '', formula: '', numberFormat: 'General' }), bold: true }));
      init.values = m.values as unknown[][];
      init.formulas = m.formulas as unknown[][];
      init.numberFormat = m.numberFormat as unknown[][];
    });
  }

  private table(name: string): OfficeMockObject {
    const rec = this.tables.get(name);
    const mock = new OfficeMockObject({
      name,
      getRange: () => this.range(rec!.sheet, parseBox(rec!.address)),
      delete: () => this.tables.delete(name),
    });
    (mock as unknown as { isNullObject: boolean }).isNullObject = !rec;
    return this.track(mock, () => undefined);
  }

  private worksheet(name: string): OfficeMockObject {
    const exists = this.sheets.has(name);
    const mock = new OfficeMockObject({
      name,
      getRange: (a?: string) => this.range(name, a ? parseBox(a) : null),
      activate: () => {
        this.activeSheet = name;
      },
      tables: {
        add: (source: object, hasHeaders: boolean) => {
          const r = this.rangeOf.get(source);
          if (!r || r.sheet !== name || !hasHeaders) throw new Error('tables.add: expected a range of this sheet with headers');
          const auto = `Table${++this.tableCount}`;
          this.tables.set(auto, { sheet: name, address: boxAddress(r.box) });
          const t = this.table(auto);
          this.tracked.pop();
          return this.track(t, () => {
            const n = (t as unknown as { name: string }).name;
            if (n !== auto && this.tables.has(auto)) {
              if (this.tables.has(n)) throw new Error(`a table named ${n} exists`);
              this.tables.set(n, this.tables.get(auto)!);
              this.tables.delete(auto);
            }
          });
        },
      },
      charts: {
        add: (type: string, source: object, seriesBy: string) => {
          const r = this.rangeOf.get(source);
          if (!r) throw new Error('charts.add: source must be a range');
          const rec: ChartRecord = { sheet: name, type, source: boxAddress(r.box), seriesBy, title: '', position: null };
          this.charts.push(rec);
          const chart = new OfficeMockObject({
            title: { text: '' },
            setPosition: (a: string, b: string) => {
              rec.position = [a, b];
            },
          });
          return this.track(chart, () => {
            const t = (chart as unknown as { title: { text: unknown } }).title.text;
            if (typeof t === 'string') rec.title = t;
          });
        },
      },
    });
    (mock as unknown as { isNullObject: boolean }).isNullObject = !exists;
    return this.track(mock, () => undefined);
  }

  private setting(key: string): OfficeMockObject {
    const mock = new OfficeMockObject({
      key,
      value: this.settings.get(key) ?? '',
      delete: () => this.settings.delete(key),
    });
    (mock as unknown as { isNullObject: boolean }).isNullObject = !this.settings.has(key);
    return this.track(mock, () => undefined);
  }

  /** A fresh Excel.RequestContext over this workbook. */
  context(): Excel.RequestContext {
    const ctx = new OfficeMockObject({
      workbook: {
        settings: {
          getItemOrNullObject: (k: string) => this.setting(k),
          add: (k: string, v: unknown) => {
            if (typeof v !== 'string') throw new Error('the fake stores text settings only');
            this.settings.set(k, v);
          },
        },
        tables: { getItemOrNullObject: (n: string) => this.table(n) },
        worksheets: {
          getItemOrNullObject: (n: string) => this.worksheet(n),
          add: (n: string) => {
            if (this.sheets.has(n)) throw new Error(`a sheet named ${n} exists`);
            this.sheets.set(n, new Map());
            return this.worksheet(n);
          },
        },
        application: {
          calculate: (type: string) => {
            this.calculations.push(type);
          },
        },
      },
      sync: async () => {
        this.syncs++;
        const pending = this.tracked;
        for (const t of pending) t.commit();
        for (const t of pending) await t.mock.sync();
        await Promise.resolve();
      },
    });
    return ctx as unknown as Excel.RequestContext;
  }
}
