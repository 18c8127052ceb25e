/**
 * The BTCAI_Presets table as data: what the pane writes, how it reads the user's
 * edits back, and how it merges newer bundled data without losing an edit.
 *
 * Layout (one row per input, in catalogue order):
 *   input | unit | market | market as-of | RIOT | RIOT as-of | IREN | IREN as-of …
 * The market column holds every input (the generic site, ticker ""); a ticker
 * column holds the values its preset sets and is blank where the market value
 * applies. The store's workbook layer is derived: "" → market column, and each
 * ticker → market column overlaid with its own cells.
 */
import { CATALOGUE, MARKET_DEFAULTS_ASOF, checkInputValue, inputSpec } from '../engine/catalogue';
import { isoFromSerial } from '../engine/dates';
import { closest } from '../engine/errors';
import type { Preset } from '../presets/schema';
import { MARKET_DATA_INPUTS } from '../presets/store';
import type { CopiedCells, WorkbookLayer } from '../presets/store';
import type { CellValue } from '../office/workbook';

export const TABLE_NAME = 'BTCAI_Presets';
export const SHEET_NAME = 'BTCAI Presets';
export const MARKET = 'market';
const ASOF_SUFFIX = ' as-of';
const TICKER = /^[A-Z][A-Z0-9.]{0,9}$/;

export type FieldValue = number | string;

/** The cells of the table: "" is the market column (complete), a ticker's record holds its non-blank cells. */
export interface SheetData {
  readonly tickers: readonly string[];
  readonly cells: Readonly<Record<string, Readonly<Record<string, FieldValue>>>>;
  readonly asof: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** One cell that differs between two versions of the table. `undefined` is a blank cell. */
export interface CellChange {
  readonly ticker: string;
  readonly name: string;
  readonly from: FieldValue | undefined;
  readonly to: FieldValue | undefined;
}

/** Source data of the chosen tickers: market defaults plus each preset's fields. */
export function sourceSheet(tickers: readonly string[], presetOf: (t: string) => Preset | undefined): SheetData {
  const cells: Record<string, Record<string, FieldValue>> = { '': {} };
  const asof: Record<string, Record<string, string>> = { '': {} };
  for (const s of CATALOGUE) {
    cells[''][s.name] = s.default;
    asof[''][s.name] = MARKET_DEFAULTS_ASOF;
  }
  const list: string[] = [];
  for (const t of tickers) {
    const p = presetOf(t);
    if (!p || list.includes(p.ticker)) continue;
    list.push(p.ticker);
    cells[p.ticker] = {};
    asof[p.ticker] = {};
    for (const s of CATALOGUE) {
      const f = p.fields[s.name];
      if (!f) continue;
      cells[p.ticker][s.name] = f.value;
      asof[p.ticker][s.name] = f.asof;
    }
  }
  return { tickers: list, cells, asof };
}

/** The table's values, header row first, and which columns hold as-of text. */
export function sheetToValues(sheet: SheetData): { values: CellValue[][]; textColumns: number[] } {
  const header: CellValue[] = ['input', 'unit', MARKET, MARKET + ASOF_SUFFIX];
  const textColumns = [3];
  for (const t of sheet.tickers) {
    header.push(t, t + ASOF_SUFFIX);
    textColumns.push(header.length - 1);
  }
  const values: CellValue[][] = [header];
  for (const s of CATALOGUE) {
    const row: CellValue[] = [s.name, s.unit, sheet.cells[''][s.name], sheet.asof['']?.[s.name] ?? ''];
    for (const t of sheet.tickers) {
      const v = sheet.cells[t]?.[s.name];
      row.push(v === undefined ? '' : v, v === undefined ? '' : sheet.asof[t]?.[s.name] ?? '');
    }
    values.push(row);
  }
  return { values, textColumns };
}

interface Origin {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Top-left cell of an address such as "'BTCAI Presets'!B2:H43". */
export function parseOrigin(address: string): Origin {
  const bang = address.lastIndexOf('!');
  const sheet = bang < 0 ? '' : address.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
  const m = /^\$?([A-Z]+)\$?(\d+)/.exec(address.slice(bang + 1));
  return m ? { sheet, row: Number(m[2]), col: columnIndex(m[1]) } : { sheet, row: 1, col: 0 };
}

function cellAddress(o: Origin, i: number, j: number): string {
  return `${o.sheet ? `${o.sheet}!` : ''}${columnLetters(o.col + j)}${o.row + i}`;
}

function isBlank(x: unknown): boolean {
  return x === null || x === undefined || (typeof x === 'string' && x.trim() === '');
}

function asofText(x: unknown): string {
  if (typeof x === 'number' && Number.isFinite(x)) return isoFromSerial(x);
  return isBlank(x) ? '' : String(x).trim().slice(0, 40);
}

export type Parsed = { ok: true; sheet: SheetData } | { ok: false; errors: string[] };

/**
 * Reads the table back (header row first). Every bad cell is reported by its
 * address; any error rejects the whole table.
 */
export function parseTableValues(values: readonly (readonly unknown[])[], address: string): Parsed {
  const o = parseOrigin(address);
  const errors: string[] = [];
  const header = values[0] ?? [];
  const at = (i: number, j: number): string => cellAddress(o, i, j);
  if (String(header[0] ?? '').trim() !== 'input') errors.push(`${at(0, 0)}: the first column must be headed "input"`);
  const valueCol = new Map<string, number>();
  const asofCol = new Map<string, number>();
  const order: string[] = [];
  for (let j = 1; j < header.length; j++) {
    const h = String(header[j] ?? '').trim();
    if (h === 'unit') continue;
    const isAsof = h.endsWith(ASOF_SUFFIX);
    const key = isAsof ? h.slice(0, -ASOF_SUFFIX.length) : h;
    const ticker = key === MARKET ? '' : key;
    if (ticker !== '' && !TICKER.test(ticker)) {
      errors.push(`${at(0, j)}: column heading "${h.slice(0, 40)}" is not "market", a ticker (upper case) or "<ticker> as-of"`);
      continue;
    }
    const map = isAsof ? asofCol : valueCol;
    if (map.has(ticker)) errors.push(`${at(0, j)}: column "${h}" appears twice`);
    map.set(ticker, j);
    if (!isAsof && ticker !== '') order.push(ticker);
  }
  if (!valueCol.has('')) errors.push(`${at(0, 0)}: the table has no "market" column`);
  const cells: Record<string, Record<string, FieldValue>> = { '': {} };
  const asof: Record<string, Record<string, string>> = { '': {} };
  for (const t of order) {
    cells[t] = {};
    asof[t] = {};
  }
  const seen = new Set<string>();
  for (let i = 1; i < values.length; i++) {
    const row = values[i];
    const rawName = row[0];
    if (row.every(isBlank)) continue;
    const name = typeof rawName === 'string' ? rawName.trim() : '';
    const spec = name ? inputSpec(name) : undefined;
    if (!spec || spec.name !== name) {
      const hint = closest(name, CATALOGUE.map((s) => s.name));
      errors.push(`${at(i, 0)}: "${String(rawName ?? '').slice(0, 40)}" is not an input name${hint ? ` (did you mean "${hint}"?)` : ''}`);
      continue;
    }
    if (seen.has(name)) {
      errors.push(`${at(i, 0)}: ${name} appears twice`);
      continue;
    }
    seen.add(name);
    for (const [ticker, j] of valueCol) {
      const raw = row[j];
      if (isBlank(raw)) {
        if (ticker === '') errors.push(`${at(i, j)}: market ${name} is empty; type a value (${spec.unit})`);
        continue;
      }
      const c = checkInputValue(spec, typeof raw === 'string' ? raw.trim() : raw);
      if (!c.ok) errors.push(`${at(i, j)}${ticker ? ` (${ticker})` : ' (market)'}: ${c.message}`);
      else cells[ticker][name] = c.value;
      const aj = asofCol.get(ticker);
      if (aj !== undefined && !isBlank(row[aj])) asof[ticker][name] = asofText(row[aj]);
    }
  }
  for (const s of CATALOGUE) if (!seen.has(s.name)) errors.push(`${at(0, 0)}: the table has no row for ${s.name}; load the presets again to rebuild it`);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, sheet: { tickers: order, cells, asof } };
}

/** The store's workbook layer: "" → market column; a ticker → market overlaid with its cells. */
export function layerOf(sheet: SheetData): WorkbookLayer {
  const layer = new Map<string, Map<string, FieldValue>>();
  const market = sheet.cells[''];
  layer.set('', new Map(CATALOGUE.map((s) => [s.name, market[s.name]])));
  for (const t of sheet.tickers) {
    const own = sheet.cells[t] ?? {};
    layer.set(t, new Map(CATALOGUE.map((s) => [s.name, own[s.name] ?? market[s.name]])));
  }
  return layer;
}

/**
 * The market inputs that refreshed market data may replace: for each column of
 * the workbook layer, the ones it takes from the market column while that cell
 * still holds what the table was loaded with (not an edit of the user's).
 */
export function copiedCells(sheet: SheetData, baseline: SheetData): CopiedCells {
  const out = new Map<string, Set<string>>();
  const market = sheet.cells[''];
  const loaded = baseline.cells[''] ?? {};
  const unedited = MARKET_DATA_INPUTS.filter((n) => market[n] !== undefined && market[n] === loaded[n]);
  out.set('', new Set(unedited));
  for (const t of sheet.tickers) out.set(t, new Set(unedited.filter((n) => sheet.cells[t]?.[n] === undefined)));
  return out;
}

const columnsOf = (s: SheetData): string[] => ['', ...s.tickers];

/** Cells that differ between two versions of the table, in column then catalogue order. */
export function diffSheets(before: SheetData, after: SheetData): CellChange[] {
  const out: CellChange[] = [];
  const tickers = [...new Set([...columnsOf(before), ...columnsOf(after)])];
  for (const t of tickers) {
    for (const s of CATALOGUE) {
      const from = before.cells[t]?.[s.name];
      const to = after.cells[t]?.[s.name];
      if (from !== to) out.push({ ticker: t, name: s.name, from, to });
    }
  }
  return out;
}

export interface Merge {
  readonly sheet: SheetData;
  /** Cells taken from the newer source (the user had not edited them). */
  readonly updated: CellChange[];
  /** The user's edits that were kept although the source changed under them. */
  readonly keptEdits: CellChange[];
}

/**
 * Brings the table up to a newer source without overwriting an edit. A cell is
 * the user's edit when it differs from the baseline (the source it was loaded
 * from); edits are kept, every other cell follows the source. Tickers in the
 * table but not in the source stay as they are.
 */
export function mergeSource(current: SheetData, baseline: SheetData, source: SheetData): Merge {
  const tickers = [...current.tickers];
  for (const t of source.tickers) if (!tickers.includes(t)) tickers.push(t);
  const cells: Record<string, Record<string, FieldValue>> = {};
  const asof: Record<string, Record<string, string>> = {};
  const updated: CellChange[] = [];
  const keptEdits: CellChange[] = [];
  for (const t of ['', ...tickers]) {
    cells[t] = {};
    asof[t] = {};
    const inSource = t === '' || source.tickers.includes(t);
    const inCurrent = t === '' || current.tickers.includes(t);
    for (const s of CATALOGUE) {
      const cur = current.cells[t]?.[s.name];
      const base = baseline.cells[t]?.[s.name];
      const src = source.cells[t]?.[s.name];
      const edited = inCurrent && cur !== base;
      let v: FieldValue | undefined;
      let a: string | undefined;
      if (!inSource || edited) {
        v = cur;
        a = current.asof[t]?.[s.name];
        if (edited && inSource && src !== base) keptEdits.push({ ticker: t, name: s.name, from: src, to: cur });
      } else {
        v = src;
        a = source.asof[t]?.[s.name];
        if (inCurrent && src !== cur) updated.push({ ticker: t, name: s.name, from: cur, to: src });
      }
      if (v !== undefined) {
        cells[t][s.name] = v;
        if (a !== undefined) asof[t][s.name] = a;
      }
    }
  }
  return { sheet: { tickers, cells, asof }, updated, keptEdits };
}

/** "RIOT power_price_mwh: 42 → 40" (blank shown as "(market)"). */
export function describeChange(c: CellChange): string {
  const show = (v: FieldValue | undefined): string => (v === undefined ? '(market value)' : String(v));
  return `${c.ticker || MARKET} ${c.name}: ${show(c.from)} → ${show(c.to)}`;
}
