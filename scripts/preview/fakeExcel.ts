/**
 * The one stand-in for Excel's workbook API: a small in-memory workbook behind
 * office-addin-mock's OfficeMockObject. The jest tests of src/office/ and
 * src/taskpane/actions.ts run against it, and the preview page runs the task
 * pane's real workbook actions against it (`Excel.run(body)` → `body(fake.context())`),
 * with a calculator (the preview's HyperFormula sheet) giving formulas their values.
 *
 * Like Office.js: every object the code touches (settings, names, tables,
 * worksheets, ranges, charts) is an OfficeMockObject, so properties read before
 * load() + sync() are errors; writes queued on ranges (values, formulas,
 * numberFormat, bold), table names and chart titles take effect at
 * context.sync(), in the order the objects were created; a value such as
 * "2025-10-03" written to a cell not formatted as text becomes a date serial.
 * A member the stand-in does not implement throws a TypeError naming it (add it
 * here), rather than reading as undefined.
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

/** Gives formulas their values (the preview's spreadsheet engine); without one a formula reads "#CALC". */
export interface Calculator {
  /** The contents changed (cells written, sheets added or removed): recalculate before the next read. */
  invalidate(): void;
  /** The value a cell shows, or undefined to use the stored one. */
  valueAt(sheet: string, row: number, col: number): number | string | boolean | undefined;
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
/** "A1", "B2:C3", "A:G", "$A$1" (a sheet prefix "Sheet!A1" is dropped: see splitSheet). */
export function parseBox(a1: string): Box {
  const [a, b] = a1.replace(/\$/g, '').split(':');
  const cell = (x: string): [number, number] | null => {
    const m = /^([A-Z]+)?(\d+)?$/.exec(x.toUpperCase());
    if (!m) throw new Error(`bad address ${a1}`);
    return [m[2] ? Number(m[2]) - 1 : -1, m[1] ? colIndex(m[1]) : -1];
  };
  const [r0, c0] = cell(a)!;
  const [r1, c1] = cell(b ?? a)!;
  // whole columns ("A:G"): rows 0..999
  return { r0: r0 < 0 ? 0 : r0, c0, r1: r1 < 0 ? 999 : r1, c1 };
}
/** "'My Sheet'!A1:B2" → ["My Sheet", "A1:B2"]; no sheet → [undefined, address]. */
export function splitSheet(address: string): [string | undefined, string] {
  const k = address.lastIndexOf('!');
  if (k < 0) return [undefined, address];
  const sheet = address.slice(0, k).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
  return [sheet, address.slice(k + 1)];
}
const boxAddress = (b: Box): string => `${colLetters(b.c0)}${b.r0 + 1}:${colLetters(b.c1)}${b.r1 + 1}`;
const excelSerial = (iso: string): number => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000 + 25569;

/** Reads that are not members of an Office object (promises, printers, matchers) and must stay undefined. */
const PROBES = new Set(['then', 'toJSON', 'asymmetricMatch', '$$typeof', 'nodeType', 'tagName', 'constructor', 'inspect', 'length', '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@', '_isMockFunction']);

/** Makes a missing member of a mocked Office object an error that names it. */
function strict<T extends object>(mock: T, kind: string): T {
  return new Proxy(mock, {
    get(target, prop, receiver) {
      if (typeof prop === 'symbol' || prop in target || PROBES.has(prop) || prop.startsWith('_')) return Reflect.get(target, prop, receiver);
      throw new TypeError(`${kind}.${prop} is not implemented by the Excel stand-in (scripts/preview/fakeExcel.ts); add it there`);
    },
  });
}

export class FakeExcel {
  readonly sheets = new Map<string, Map<string, Cell>>();
  readonly settings = new Map<string, string>();
  readonly tables = new Map<string, { sheet: string; address: string }>();
  /** Workbook-level names: name → "Sheet!$A$1" style reference. */
  readonly names = new Map<string, string>();
  readonly charts: ChartRecord[] = [];
  readonly calculations: string[] = [];
  activeSheet = '';
  syncs = 0;
  private tracked: { mock: OfficeMockObject; commit: () => void }[] = [];
  private readonly rangeOf = new WeakMap<object, { sheet: string; box: Box }>();
  private tableCount = 0;
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly calculator?: Calculator) {}

  /** Called after every sync that changed something, and after a recalculation (the preview redraws). */
  onChange(f: () => void): void {
    this.listeners.push(f);
  }
  private changed(): void {
    this.calculator?.invalidate();
    for (const f of this.listeners) f();
  }

  // ---- direct access for tests and the preview grid ----------------------------------
  cell(sheet: string, a1: string): Cell | undefined {
    return this.sheets.get(sheet)?.get(a1);
  }
  addSheet(name: string): void {
    if (!this.sheets.has(name)) this.sheets.set(name, new Map());
    if (!this.activeSheet) this.activeSheet = name;
    this.changed();
  }
  /** Types into a cell as a user would (a value, no formula). */
  type(sheet: string, a1: string, value: number | string): void {
    const s = this.sheets.get(sheet)!;
    const old = s.get(a1);
    s.set(a1, { value, formula: value, numberFormat: old?.numberFormat ?? 'General', bold: old?.bold ?? false });
    this.changed();
  }
  /** Enters what a user types: "=…" is a formula, a number is a number, "" clears the cell's content. */
  enter(sheet: string, a1: string, content: string | number | boolean | null): void {
    const s = this.sheets.get(sheet)!;
    const old = s.get(a1);
    if (content === null || content === '') {
      if (old && (old.numberFormat !== 'General' || old.bold)) s.set(a1, { ...old, value: '', formula: '' });
      else s.delete(a1);
    } else if (typeof content === 'string' && content.startsWith('=')) {
      s.set(a1, { value: '#CALC', formula: content, numberFormat: old?.numberFormat ?? 'General', bold: old?.bold ?? false });
    } else {
      s.set(a1, this.asTyped(old, content));
    }
    this.changed();
  }
  /** What a cell shows: the calculator's value for a formula (or a spill), else the stored value. */
  shown(sheet: string, row: number, col: number): number | string | boolean {
    const c = this.sheets.get(sheet)?.get(`${colLetters(col)}${row + 1}`);
    const v = this.calculator?.valueAt(sheet, row, col);
    if (v !== undefined) return v;
    return c?.value ?? '';
  }
  /** A deep copy of everything the workbook holds, to compare before/after. */
  dump(): string {
    const sheets = [...this.sheets].map(([n, cells]) => [n, [...cells].sort(([a], [b]) => a.localeCompare(b))]);
    return JSON.stringify({ sheets, settings: [...this.settings], tables: [...this.tables], charts: this.charts });
  }

  private grid(sheet: string, b: Box, pick: (c: Cell | undefined, r: number, col: number) => unknown): unknown[][] {
    const s = this.sheets.get(sheet)!;
    const out: unknown[][] = [];
    for (let r = b.r0; r <= b.r1; r++) {
      const row: unknown[] = [];
      for (let c = b.c0; c <= b.c1; c++) row.push(pick(s.get(`${colLetters(c)}${r + 1}`), r, c));
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

  private sheetOf(defaultSheet: string, address: string): [string, Box | null] {
    const [sheet, rest] = splitSheet(address);
    const name = sheet ?? defaultSheet;
    if (!this.sheets.has(name)) throw new Error(`the sheet "${name}" does not exist`);
    return [name, rest ? parseBox(rest) : null];
  }

  private range(sheet: string, box: Box | null): OfficeMockObject {
    const b = box ?? this.usedBox(sheet);
    const init = {
      values: this.grid(sheet, b, (_c, r, col) => this.shown(sheet, r, col)),
      formulas: this.grid(sheet, b, (c, r, col) => c?.formula ?? this.shown(sheet, r, col)),
      numberFormat: this.grid(sheet, b, (c) => c?.numberFormat ?? 'General'),
    };
    const mock = new OfficeMockObject({
      address: `'${sheet}'!${boxAddress(b)}`,
      rowCount: b.r1 - b.r0 + 1,
      columnCount: b.c1 - b.c0 + 1,
      rowIndex: b.r0,
      columnIndex: b.c0,
      ...init,
      format: { font: { bold: false }, autofitColumns: () => undefined, autofitRows: () => undefined },
      clear: () => {
        const s = this.sheets.get(sheet)!;
        for (const k of [...s.keys()]) {
          const p = parseBox(k);
          if (!box || (p.r0 >= b.r0 && p.r0 <= b.r1 && p.c0 >= b.c0 && p.c0 <= b.c1)) s.delete(k);
        }
        this.changed();
      },
      getCell: (r: number, c: number) => this.range(sheet, { r0: b.r0 + r, c0: b.c0 + c, r1: b.r0 + r, c1: b.c0 + c }),
      getResizedRange: (dr: number, dc: number) => this.range(sheet, { ...b, r1: b.r1 + dr, c1: b.c1 + dc }),
      getOffsetRange: (dr: number, dc: number) => this.range(sheet, { r0: b.r0 + dr, c0: b.c0 + dc, r1: b.r1 + dr, c1: b.c1 + dc }),
      select: () => {
        this.activeSheet = sheet;
      },
    });
    this.rangeOf.set(mock, { sheet, box: b });
    const m = mock as unknown as Record<string, unknown> & { format: { font: { bold: unknown } } };
    this.track(mock, () => {
      let wrote = false;
      if (m.numberFormat !== init.numberFormat && Array.isArray(m.numberFormat)) {
        this.writeCells(sheet, b, m.numberFormat as unknown[][], (old, x) => ({ value: old?.value ?? '', formula: old?.formula ?? '', numberFormat: String(x), bold: old?.bold ?? false }));
        wrote = true;
      }
      if (m.formulas !== init.formulas && Array.isArray(m.formulas)) {
        this.writeCells(sheet, b, m.formulas as unknown[][], (old, x) => {
          if (typeof x === 'string' && x.startsWith('=')) return { value: '#CALC', formula: x, numberFormat: old?.numberFormat ?? 'General', bold: old?.bold ?? false };
          return this.asTyped(old, x);
        });
        wrote = true;
      }
      if (m.values !== init.values && Array.isArray(m.values)) {
        this.writeCells(sheet, b, m.values as unknown[][], (old, x) => this.asTyped(old, x));
        wrote = true;
      }
      if (m.format.font.bold === true) {
        this.writeCells(sheet, b, this.grid(sheet, b, () => true), (old) => ({ ...(old ?? { value: '', formula: '', numberFormat: 'General' }), bold: true }));
        wrote = true;
      }
      init.values = m.values as unknown[][];
      init.formulas = m.formulas as unknown[][];
      init.numberFormat = m.numberFormat as unknown[][];
      if (wrote) this.changed();
    });
    const guarded = strict(mock, 'Range');
    this.rangeOf.set(guarded, { sheet, box: b });
    return guarded;
  }

  private table(name: string): OfficeMockObject {
    const rec = this.tables.get(name);
    const mock = new OfficeMockObject({
      name,
      getRange: () => this.range(rec!.sheet, parseBox(rec!.address)),
      getHeaderRowRange: () => {
        const b = parseBox(rec!.address);
        return this.range(rec!.sheet, { ...b, r1: b.r0 });
      },
      getDataBodyRange: () => {
        const b = parseBox(rec!.address);
        return this.range(rec!.sheet, { ...b, r0: b.r0 + 1 });
      },
      delete: () => this.tables.delete(name),
    });
    (mock as unknown as { isNullObject: boolean }).isNullObject = !rec;
    this.track(mock, () => undefined);
    return strict(mock, 'Table');
  }

  private worksheet(name: string): OfficeMockObject {
    const exists = this.sheets.has(name);
    const mock = new OfficeMockObject({
      name,
      getRange: (a?: string) => this.range(name, a ? parseBox(a) : null),
      getUsedRange: () => this.range(name, null),
      activate: () => {
        this.activeSheet = name;
      },
      delete: () => {
        this.sheets.delete(name);
        for (const [t, rec] of [...this.tables]) if (rec.sheet === name) this.tables.delete(t);
        for (let i = this.charts.length - 1; i >= 0; i--) if (this.charts[i].sheet === name) this.charts.splice(i, 1);
        if (this.activeSheet === name) this.activeSheet = [...this.sheets.keys()][0] ?? '';
        this.changed();
      },
      tables: {
        add: (source: object, hasHeaders: boolean) => {
          const r = this.rangeOf.get(source);
          if (!r || r.sheet !== name || !hasHeaders) throw new Error('tables.add: expected a range of this sheet with headers');
          const auto = `Table${++this.tableCount}`;
          this.tables.set(auto, { sheet: name, address: boxAddress(r.box) });
          const t = this.table(auto);
          this.tracked.pop();
          this.track(t as unknown as OfficeMockObject, () => {
            const n = (t as unknown as { name: string }).name;
            if (n !== auto && this.tables.has(auto)) {
              if (this.tables.has(n)) throw new Error(`a table named ${n} exists`);
              this.tables.set(n, this.tables.get(auto)!);
              this.tables.delete(auto);
            }
          });
          return t;
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
          this.track(chart, () => {
            const t = (chart as unknown as { title: { text: unknown } }).title.text;
            if (typeof t === 'string') rec.title = t;
            this.changed();
          });
          return strict(chart, 'Chart');
        },
      },
    });
    (mock as unknown as { isNullObject: boolean }).isNullObject = !exists;
    this.track(mock, () => undefined);
    return strict(mock, 'Worksheet');
  }

  private setting(key: string): OfficeMockObject {
    const mock = new OfficeMockObject({
      key,
      value: this.settings.get(key) ?? '',
      delete: () => this.settings.delete(key),
    });
    (mock as unknown as { isNullObject: boolean }).isNullObject = !this.settings.has(key);
    this.track(mock, () => undefined);
    return strict(mock, 'Setting');
  }

  private namedItem(name: string): OfficeMockObject {
    const ref = this.names.get(name);
    const mock = new OfficeMockObject({
      name,
      formula: ref ? `=${ref}` : '',
      getRange: () => {
        const [sheet, box] = this.sheetOf(this.activeSheet, ref!);
        return this.range(sheet, box);
      },
      delete: () => this.names.delete(name),
    });
    (mock as unknown as { isNullObject: boolean }).isNullObject = !ref;
    this.track(mock, () => undefined);
    return strict(mock, 'NamedItem');
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
        names: {
          getItemOrNullObject: (n: string) => this.namedItem(n),
          add: (n: string, reference: object | string) => {
            const r = typeof reference === 'string' ? undefined : this.rangeOf.get(reference);
            const text = typeof reference === 'string' ? reference.replace(/^=/, '') : r ? `'${r.sheet}'!${boxAddress(r.box)}` : undefined;
            if (!text) throw new Error('names.add: expected a range or a formula');
            this.names.set(n, text);
            return this.namedItem(n);
          },
        },
        tables: {
          getItemOrNullObject: (n: string) => this.table(n),
          getItem: (n: string) => {
            if (!this.tables.has(n)) throw new Error(`ItemNotFound: no table named ${n}`);
            return this.table(n);
          },
        },
        worksheets: {
          getItemOrNullObject: (n: string) => this.worksheet(n),
          getItem: (n: string) => {
            if (!this.sheets.has(n)) throw new Error(`ItemNotFound: no sheet named ${n}`);
            return this.worksheet(n);
          },
          getActiveWorksheet: () => this.worksheet(this.activeSheet),
          add: (n: string) => {
            if (this.sheets.has(n)) throw new Error(`a sheet named ${n} exists`);
            this.sheets.set(n, new Map());
            this.changed();
            return this.worksheet(n);
          },
        },
        application: {
          calculate: (type: string) => {
            this.calculations.push(type);
            this.changed();
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
    return strict(ctx, 'RequestContext') as unknown as Excel.RequestContext;
  }

  /** Excel.run over this workbook: the shape the product's src/office/host.ts calls. */
  run<T>(body: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
    const ctx = this.context();
    return body(ctx).then(async (r) => {
      await ctx.sync(); // Excel.run syncs what the batch left queued
      return r;
    });
  }
}
