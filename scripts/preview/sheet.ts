/**
 * The browser side of the local preview and of the browser tests (bundled by
 * scripts/preview/server.js into build/preview/sheet.js; never part of dist/).
 *
 * - `hostFromRegistered`: a stand-in for Excel's function host over the functions
 *   that functions.js registered through CustomFunctions.associate (recorded by
 *   custom-functions-stub.js), driven by functions.json like the CLI's host.
 * - `Workbook`: the preview's workbook. Its contents, formats, tables, charts and
 *   settings live in the Excel stand-in (fakeExcel.ts), the same one the jest tests
 *   use; the task pane's real workbook actions run on it through `Excel.run`
 *   (office-standin.js). Formulas are calculated by the engine of `btcai calc`
 *   (src/cli/calc.ts: HyperFormula, dev only, loaded as the global `HyperFormula`)
 *   with the registered functions as BTCAI.*, rebuilt from the contents after every
 *   change, so a spill never leaves stale cells behind.
 * - `mountSheet`: the sheet tabs, grid and charts.
 */
import { CallError, FunctionHost, Implementation, Metadata, Outcome, Value } from '../../src/cli/host';
import { FormulaSyntaxError, parseFormula } from '../../src/cli/formula';
import { CellInput, CellShown, HyperFormulaModule, SheetCalc, normalizeFormula } from '../../src/cli/calc';
import { Calculator, FakeExcel, colLetters, parseBox } from './fakeExcel';
import { formatNumber } from '../../src/functions/formats';
import { chartData, columnChartSvg } from './chart';

export type { CellInput, CellShown };

export interface Registered {
  order: string[];
  byId: Record<string, Implementation>;
}

/** The host over registered functions; ids not in functions.json are not callable. */
export function hostFromRegistered(metadata: Metadata, registered: Registered): FunctionHost {
  const impls = new Map<string, Implementation>();
  for (const [id, fn] of Object.entries(registered.byId)) impls.set(id.toUpperCase(), fn);
  return new FunctionHost(metadata, impls);
}

/** Evaluates one formula as the CLI does (`btcai eval --json`): {value[, numberFormat, properties]} | {error, message} | {error:'usage'}. */
export function evalFormula(host: FunctionHost, formula: string): Outcome | { error: 'usage'; message: string } {
  try {
    const o = host.evaluate(parseFormula(formula));
    if ('raw' in o) {
      const rest = { ...o };
      delete rest.raw;
      return rest;
    }
    return o;
  } catch (e) {
    if (e instanceof CallError || e instanceof FormulaSyntaxError) return { error: 'usage', message: (e as Error).message };
    throw e;
  }
}

export function parseA1(a1: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(a1.toUpperCase());
  if (!m) throw new Error(`not a cell address: ${a1}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]) - 1, col: col - 1 };
}

export function toA1(row: number, col: number): string {
  return `${colLetters(col)}${row + 1}`;
}

/** The preview's workbook: contents in the Excel stand-in, values from the calculation engine. */
export class Workbook implements Calculator {
  readonly excel: FakeExcel;
  readonly sheet: string;
  private calc: SheetCalc | null = null;
  private dirty = true;

  constructor(
    private readonly hf: HyperFormulaModule,
    private readonly host: FunctionHost,
    cells: Record<string, CellInput>,
    options: { sheet?: string; volatile?: boolean } = {},
  ) {
    this.sheet = options.sheet ?? 'Sheet1';
    this.excel = new FakeExcel(this);
    this.excel.addSheet(this.sheet);
    for (const [a1, content] of Object.entries(cells)) this.excel.enter(this.sheet, a1, content);
  }

  // ---- Calculator (for the Excel stand-in) ----------------------------------------------
  invalidate(): void {
    this.dirty = true;
  }
  valueAt(sheet: string, row: number, col: number): number | string | boolean | undefined {
    const s = this.fresh().shown(sheet, row, col);
    if ('error' in s) return s.error;
    return s.value === null ? '' : (s.value as number | string | boolean);
  }

  private contents(): Record<string, CellInput[][]> {
    const out: Record<string, CellInput[][]> = {};
    for (const [name, cells] of this.excel.sheets) {
      const rows: CellInput[][] = [];
      for (const [a1, c] of cells) {
        if (c.formula === '' || c.formula === null || c.formula === undefined) continue;
        const { row, col } = parseA1(a1);
        while (rows.length <= row) rows.push([]);
        rows[row][col] = c.formula as CellInput;
      }
      const width = Math.max(0, ...rows.map((r) => r.length));
      out[name] = rows.map((r) => Array.from({ length: width }, (_, k) => (r[k] === undefined ? null : r[k])));
    }
    return out;
  }

  private fresh(): SheetCalc {
    if (this.dirty || !this.calc) {
      this.calc?.destroy();
      this.calc = new SheetCalc(this.hf, this.host, this.contents());
      this.dirty = false;
    }
    return this.calc;
  }

  // ---- reading and typing (tests, the grid) ---------------------------------------------
  set(a1: string, content: CellInput, sheet = this.sheet): void {
    this.excel.enter(sheet, a1.toUpperCase(), content);
  }

  /** What was typed: formula text or value. */
  raw(a1: string, sheet = this.sheet): CellInput {
    const c = this.excel.cell(sheet, a1.toUpperCase());
    if (!c || c.formula === '') return null;
    return typeof c.formula === 'string' && c.formula.startsWith('=') ? normalizeFormula(c.formula) : c.formula;
  }

  /** The value a cell shows, with the number format and card fields of a BTCAI result. */
  get(a1: string, sheet = this.sheet): CellShown {
    const { row, col } = parseA1(a1);
    return this.fresh().shown(sheet, row, col);
  }

  /** The number format a cell shows in: its own, else its value's (a formatted BTCAI result). */
  formatOf(a1: string, sheet = this.sheet): string | undefined {
    const own = this.excel.cell(sheet, a1.toUpperCase())?.numberFormat;
    if (own && own !== 'General') return own;
    const s = this.get(a1, sheet);
    return 'numberFormat' in s ? s.numberFormat : undefined;
  }

  /** The text a cell shows. */
  display(a1: string, sheet = this.sheet): string {
    const s = this.get(a1, sheet);
    return displayShown(s, this.formatOf(a1, sheet));
  }

  /** Every cell's shown value, by A1 address, over the sheet's used area. */
  values(sheet = this.sheet): Record<string, CellShown> {
    const out: Record<string, CellShown> = {};
    const { rows, cols } = this.fresh().dimensions(sheet);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        const shown = this.fresh().shown(sheet, r, c);
        if (!('value' in shown) || shown.value !== null) out[toA1(r, c)] = shown;
      }
    return out;
  }

  sheetNames(): string[] {
    return [...this.excel.sheets.keys()];
  }

  /** Recalculates everything from the contents (what Excel's Calculate Now does). */
  recalculate(): void {
    this.invalidate();
    this.fresh();
  }
}

/** How a shown value reads in a cell in a number format. */
export function displayShown(shown: CellShown, format?: string): string {
  if ('error' in shown) return shown.error;
  const v = shown.value;
  if (v === null) return '';
  if (typeof v === 'number') return formatNumber(v, format);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** @deprecated name kept for the browser tests: displayShown without a format. */
export function display(shown: CellShown): string {
  return displayShown(shown, 'numberFormat' in shown ? shown.numberFormat : undefined);
}

// ---------------------------------------------------------------------------------
// The preview's sheet: tabs, grid, charts.

const COLS = 16;
const ROWS = 40;

/** Builds the tabs, grid and chart layer in `root`; each cell is an input labelled with its address (A1…). */
export function mountSheet(root: HTMLElement, book: Workbook, status: (s: string) => void): { refresh: () => void } {
  const doc = root.ownerDocument;
  const tabs = doc.createElement('div');
  tabs.className = 'tabs';
  tabs.setAttribute('role', 'tablist');
  tabs.setAttribute('aria-label', 'Sheets');
  const wrap = doc.createElement('div');
  wrap.className = 'gridwrap';
  wrap.id = 'gridwrap';
  const table = doc.createElement('table');
  table.className = 'grid';
  table.setAttribute('role', 'grid');
  const charts = doc.createElement('div');
  charts.className = 'charts';
  wrap.append(table, charts);
  const head = table.createTHead().insertRow();
  head.appendChild(doc.createElement('th'));
  for (let c = 0; c < COLS; c++) {
    const th = doc.createElement('th');
    th.textContent = colLetters(c);
    head.appendChild(th);
  }
  const body = table.createTBody();
  const inputs = new Map<string, HTMLInputElement>();
  const current = () => (book.excel.sheets.has(book.excel.activeSheet) ? book.excel.activeSheet : book.sheet);
  for (let r = 0; r < ROWS; r++) {
    const tr = body.insertRow();
    const th = doc.createElement('th');
    th.textContent = String(r + 1);
    tr.appendChild(th);
    for (let c = 0; c < COLS; c++) {
      const a1 = toA1(r, c);
      const td = tr.insertCell();
      const input = doc.createElement('input');
      input.setAttribute('aria-label', a1);
      input.dataset.cell = a1;
      input.spellcheck = false;
      input.addEventListener('focus', () => {
        const raw = book.raw(a1, current());
        input.value = raw === null ? '' : String(raw);
        input.select();
        status(`${current()}!${a1}: ${input.value || '(empty)'}`);
      });
      const commit = () => {
        const text = input.value.trim();
        const previous = book.raw(a1, current());
        const content: CellInput = text === '' ? null : text.startsWith('=') ? text : isFinite(Number(text)) ? Number(text) : text;
        if (content !== previous && !(typeof previous === 'string' && typeof content === 'string' && normalizeFormula(content) === previous)) book.set(a1, content, current());
        refresh();
      };
      input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
          const below = inputs.get(toA1(r + 1, c));
          (below ?? input).focus();
        } else if (e.key === 'Escape') {
          refresh();
          input.blur();
        }
      });
      input.addEventListener('blur', commit);
      td.appendChild(input);
      inputs.set(a1, input);
    }
  }
  root.replaceChildren(tabs, wrap);

  function renderTabs(): void {
    const names = book.sheetNames();
    const active = current();
    tabs.replaceChildren(
      ...names.map((n) => {
        const b = doc.createElement('button');
        b.type = 'button';
        b.className = 'tab';
        b.setAttribute('role', 'tab');
        b.setAttribute('aria-selected', String(n === active));
        b.dataset.sheet = n;
        b.textContent = n;
        b.addEventListener('click', () => {
          book.excel.activeSheet = n;
          refresh();
        });
        return b;
      }),
    );
  }

  function drawCharts(sheet: string): void {
    charts.replaceChildren();
    for (const ch of book.excel.charts.filter((c) => c.sheet === sheet)) {
      const box = parseBox(ch.source);
      const block: unknown[][] = [];
      for (let r = box.r0; r <= box.r1; r++) {
        const row: unknown[] = [];
        for (let c = box.c0; c <= box.c1; c++) row.push(book.excel.shown(sheet, r, c));
        block.push(row);
      }
      const [tl, br] = ch.position ?? ['J2', 'P16'];
      const a = inputs.get(tl.replace(/\$/g, '').toUpperCase())?.parentElement;
      const b = inputs.get(br.replace(/\$/g, '').toUpperCase())?.parentElement;
      const left = a ? a.offsetLeft : 0;
      const top = a ? a.offsetTop : 0;
      const width = Math.max(240, b && a ? b.offsetLeft + b.offsetWidth - left : 480);
      const height = Math.max(160, b && a ? b.offsetTop + b.offsetHeight - top : 260);
      const holder = doc.createElement('figure');
      holder.className = 'chartbox';
      holder.style.left = `${left}px`;
      holder.style.top = `${top}px`;
      holder.dataset.chartType = ch.type;
      holder.dataset.source = ch.source;
      holder.appendChild(columnChartSvg(doc, chartData(ch.title, block), width, height));
      charts.appendChild(holder);
    }
  }

  function refresh(): void {
    const sheet = current();
    renderTabs();
    for (const [a1, input] of inputs) {
      if (doc.activeElement === input) continue;
      const shown = book.get(a1, sheet);
      const format = book.formatOf(a1, sheet);
      const cell = book.excel.cell(sheet, a1);
      input.value = displayShown(shown, format);
      const props = 'properties' in shown && shown.properties ? Object.entries(shown.properties) : [];
      input.title = 'error' in shown ? `${shown.error} ${shown.message}` : props.length ? props.map(([k, v]) => `${k}: ${displayShown({ value: v.value as Value }, v.numberFormat)}`).join('\n') : typeof shown.value === 'number' ? String(shown.value) : '';
      input.dataset.value = 'value' in shown && shown.value !== null ? JSON.stringify(shown.value) : '';
      input.dataset.error = 'error' in shown ? shown.error : '';
      input.dataset.format = format ?? '';
      input.classList.toggle('error', 'error' in shown);
      input.classList.toggle('number', 'value' in shown && typeof shown.value === 'number');
      input.classList.toggle('card', props.length > 0);
      input.classList.toggle('bold', !!cell?.bold);
      const raw = book.raw(a1, sheet);
      input.classList.toggle('formula', typeof raw === 'string' && raw.startsWith('='));
    }
    drawCharts(sheet);
  }
  refresh();
  return { refresh };
}

/** The grid of one sheet without tabs (kept for older pages). */
export const mountGrid = mountSheet;

declare global {
  interface Window {
    BtcaiSheet: typeof api;
    HyperFormula: HyperFormulaModule;
  }
}
const api = { hostFromRegistered, evalFormula, Workbook, mountSheet, mountGrid, display, displayShown, formatNumber, parseA1, toA1, normalizeFormula, FakeExcel };
window.BtcaiSheet = api;
