/**
 * The browser side of the local preview and of the browser tests (bundled by
 * scripts/preview/server.js into build/preview/sheet.js; never part of dist/).
 *
 * - `hostFromRegistered`: a stand-in for Excel's function host over the functions
 *   that functions.js registered through CustomFunctions.associate (recorded by
 *   custom-functions-stub.js), driven by functions.json like the CLI's host.
 * - `Workbook`: HyperFormula (dev only, loaded as the global `HyperFormula` from its
 *   UMD build) hosting those functions as BTCAI.* custom functions.
 * - `mountGrid`: the preview's small sheet grid.
 */
import { CallError, FunctionHost, Implementation, Metadata, Outcome, Value } from '../../src/cli/host';
import { FormulaSyntaxError, parseFormula } from '../../src/cli/formula';
import type { HyperFormula } from 'hyperformula';
import { HyperFormulaModule, excelLikeConfig, normalizeFormula, registerBtcai } from '../../src/cli/calc';

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

/** Evaluates one formula as the CLI does (`btcai eval --json`): {value} | {error, message} | {error:'usage'}. */
export function evalFormula(host: FunctionHost, formula: string): Outcome | { error: 'usage'; message: string } {
  try {
    return host.evaluate(parseFormula(formula));
  } catch (e) {
    if (e instanceof CallError || e instanceof FormulaSyntaxError) return { error: 'usage', message: (e as Error).message };
    throw e;
  }
}

export type CellInput = string | number | boolean | null;
export type CellShown = { value: Value | null } | { error: string; message: string };

/** A one-sheet workbook recalculated by HyperFormula with the BTCAI functions. */
export class Workbook {
  private readonly engine: HyperFormula;
  readonly sheet = 0;

  constructor(
    private readonly hf: HyperFormulaModule,
    host: FunctionHost,
    cells: Record<string, CellInput>,
    options: { volatile?: boolean } = {},
  ) {
    registerBtcai(hf, host, options);
    this.engine = hf.HyperFormula.buildFromArray(toRows(cells), excelLikeConfig());
  }

  set(a1: string, content: CellInput): void {
    const { row, col } = parseA1(a1);
    const text = typeof content === 'string' && content.startsWith('=') ? normalizeFormula(content) : content;
    this.engine.setCellContents({ sheet: this.sheet, row, col }, [[text]]);
  }

  /** The raw content: formula text or value. */
  raw(a1: string): CellInput {
    const { row, col } = parseA1(a1);
    const v = this.engine.getCellSerialized({ sheet: this.sheet, row, col });
    return v === undefined ? null : (v as CellInput);
  }

  get(a1: string): CellShown {
    const { row, col } = parseA1(a1);
    const v = this.engine.getCellValue({ sheet: this.sheet, row, col });
    if (v instanceof this.hf.DetailedCellError) return { error: v.value, message: v.message };
    return { value: (v === undefined ? null : v) as Value | null };
  }

  /** Every cell's shown value, by A1 address, over the sheet's used area. */
  values(): Record<string, CellShown> {
    const out: Record<string, CellShown> = {};
    const { height, width } = this.engine.getSheetDimensions(this.sheet);
    for (let r = 0; r < height; r++)
      for (let c = 0; c < width; c++) {
        const a1 = toA1(r, c);
        const shown = this.get(a1);
        if (!('value' in shown) || shown.value !== null) out[a1] = shown;
      }
    return out;
  }

  recalculate(): void {
    this.engine.rebuildAndRecalculate();
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
  let s = '';
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return `${s}${row + 1}`;
}

function toRows(cells: Record<string, CellInput>): CellInput[][] {
  const rows: CellInput[][] = [];
  for (const [a1, content] of Object.entries(cells)) {
    const { row, col } = parseA1(a1);
    while (rows.length <= row) rows.push([]);
    rows[row][col] = typeof content === 'string' && content.startsWith('=') ? normalizeFormula(content) : content;
  }
  const width = Math.max(0, ...rows.map((r) => r.length));
  return rows.map((r) => Array.from({ length: width }, (_, k) => (r[k] === undefined ? null : r[k])));
}

// ---------------------------------------------------------------------------------
// The preview grid.

const COLS = 8;
const ROWS = 24;

/** How a shown value reads in a cell. */
export function display(shown: CellShown): string {
  if ('error' in shown) return shown.error;
  const v = shown.value;
  if (v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 4 });
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** Builds the grid in `root`; each cell is an input labelled with its address (A1…). */
export function mountGrid(root: HTMLElement, book: Workbook, status: (s: string) => void): { refresh: () => void } {
  const table = document.createElement('table');
  table.className = 'grid';
  table.setAttribute('role', 'grid');
  const head = table.createTHead().insertRow();
  head.appendChild(document.createElement('th'));
  for (let c = 0; c < COLS; c++) {
    const th = document.createElement('th');
    th.textContent = toA1(0, c).replace(/\d+$/, '');
    head.appendChild(th);
  }
  const body = table.createTBody();
  const inputs = new Map<string, HTMLInputElement>();
  for (let r = 0; r < ROWS; r++) {
    const tr = body.insertRow();
    const th = document.createElement('th');
    th.textContent = String(r + 1);
    tr.appendChild(th);
    for (let c = 0; c < COLS; c++) {
      const a1 = toA1(r, c);
      const td = tr.insertCell();
      const input = document.createElement('input');
      input.setAttribute('aria-label', a1);
      input.dataset.cell = a1;
      input.spellcheck = false;
      input.addEventListener('focus', () => {
        const raw = book.raw(a1);
        input.value = raw === null ? '' : String(raw);
        input.select();
        status(`${a1}: ${input.value || '(empty)'}`);
      });
      const commit = () => {
        const text = input.value.trim();
        const previous = book.raw(a1);
        const content: CellInput = text === '' ? null : text.startsWith('=') ? text : isFinite(Number(text)) ? Number(text) : text;
        if (content !== previous) book.set(a1, content);
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
  root.replaceChildren(table);

  function refresh(): void {
    for (const [a1, input] of inputs) {
      if (document.activeElement === input) continue;
      const shown = book.get(a1);
      input.value = display(shown);
      input.title = 'error' in shown ? `${shown.error} ${shown.message}` : typeof shown.value === 'number' ? String(shown.value) : '';
      input.dataset.value = 'value' in shown && shown.value !== null ? JSON.stringify(shown.value) : '';
      input.dataset.error = 'error' in shown ? shown.error : '';
      input.classList.toggle('error', 'error' in shown);
      input.classList.toggle('number', 'value' in shown && typeof shown.value === 'number');
      const raw = book.raw(a1);
      input.classList.toggle('formula', typeof raw === 'string' && raw.startsWith('='));
    }
  }
  refresh();
  return { refresh };
}

declare global {
  interface Window {
    BtcaiSheet: typeof api;
    HyperFormula: HyperFormulaModule;
  }
}
const api = { hostFromRegistered, evalFormula, Workbook, mountGrid, display, parseA1, toA1, normalizeFormula };
window.BtcaiSheet = api;
