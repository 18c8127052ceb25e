/**
 * Workbook I/O: the only module that talks to Excel's object model. Each function
 * takes an Excel.RequestContext (from Excel.run, or a test's mock) and does one
 * thing: read or write a setting, read or write the preset table, recalculate,
 * write a model sheet. No preset logic lives here: callers pass plain values.
 * Enumerations are passed as their string values ("Full", "ColumnClustered") so
 * the module never needs the Excel global.
 */

export type CellValue = number | string | boolean;

/** The text of a workbook setting, or null when it does not exist. */
export async function readSetting(context: Excel.RequestContext, key: string): Promise<string | null> {
  const item = context.workbook.settings.getItemOrNullObject(key);
  item.load('value');
  await context.sync();
  if (item.isNullObject) return null;
  const v: unknown = item.value;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export async function writeSetting(context: Excel.RequestContext, key: string, value: string): Promise<void> {
  context.workbook.settings.add(key, value);
  await context.sync();
}

export async function deleteSetting(context: Excel.RequestContext, key: string): Promise<void> {
  const item = context.workbook.settings.getItemOrNullObject(key);
  await context.sync();
  if (item.isNullObject) return;
  item.delete();
  await context.sync();
}

export interface TableContents {
  /** The table's address including the header row, e.g. "'BTCAI Presets'!A1:H42". */
  readonly address: string;
  readonly values: CellValue[][];
}

/** The values of a named table (header row included), or null when there is no such table. */
export async function readTable(context: Excel.RequestContext, tableName: string): Promise<TableContents | null> {
  const table = context.workbook.tables.getItemOrNullObject(tableName);
  await context.sync();
  if (table.isNullObject) return null;
  const range = table.getRange();
  range.load('address, values');
  await context.sync();
  return { address: range.address, values: range.values as CellValue[][] };
}

export interface TableWrite {
  readonly sheetName: string;
  readonly tableName: string;
  /** Header row first. */
  readonly values: CellValue[][];
  /** Zero-based columns formatted as text before writing (dates written as ISO text). */
  readonly textColumns: readonly number[];
  /** Zero-based columns given a number format below the header (e.g. "yyyy-mm-dd" for date serials). */
  readonly numberFormats?: readonly { readonly column: number; readonly format: string }[];
}

/** A1 column letters of a zero-based column index. */
export function columnLetters(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Sheet-relative address of a block starting at A1. */
export function blockAddress(rows: number, cols: number, topRow = 1, leftCol = 0): string {
  return `${columnLetters(leftCol)}${topRow}:${columnLetters(leftCol + cols - 1)}${topRow + rows - 1}`;
}

async function sheetOrNew(context: Excel.RequestContext, name: string): Promise<Excel.Worksheet> {
  const sheet = context.workbook.worksheets.getItemOrNullObject(name);
  await context.sync();
  return sheet.isNullObject ? context.workbook.worksheets.add(name) : sheet;
}

/**
 * Writes a table on its own sheet, replacing an earlier table of the same name
 * (the sheet is the add-in's own: its contents are cleared first).
 */
export async function writeTable(context: Excel.RequestContext, w: TableWrite): Promise<void> {
  const old = context.workbook.tables.getItemOrNullObject(w.tableName);
  await context.sync();
  if (!old.isNullObject) old.delete();
  const sheet = await sheetOrNew(context, w.sheetName);
  sheet.getRange().clear();
  const rows = w.values.length;
  const cols = w.values[0].length;
  for (const c of w.textColumns) sheet.getRange(blockAddress(rows, 1, 1, c)).numberFormat = Array.from({ length: rows }, () => ['@']);
  if (rows > 1) for (const f of w.numberFormats ?? []) sheet.getRange(blockAddress(rows - 1, 1, 2, f.column)).numberFormat = Array.from({ length: rows - 1 }, () => [f.format]);
  const range = sheet.getRange(blockAddress(rows, cols));
  range.values = w.values;
  const table = sheet.tables.add(range, true);
  table.name = w.tableName;
  range.format.autofitColumns();
  await context.sync();
}

/** Makes every formula recalculate now (the user need not press F9). */
export async function recalculate(context: Excel.RequestContext): Promise<void> {
  context.workbook.application.calculate('Full');
  await context.sync();
}

export interface SheetCells {
  /** Sheet-relative address of a block, e.g. "B5:B13". */
  readonly address: string;
  /** Formulas or constants, one per cell of the block. */
  readonly formulas: CellValue[][];
  readonly numberFormat?: string;
  readonly bold?: boolean;
}

export interface SheetChart {
  readonly type: 'ColumnClustered';
  readonly sourceAddress: string;
  readonly title: string;
  readonly topLeft: string;
  readonly bottomRight: string;
}

export interface SheetPlan {
  /** The preferred sheet name; " (2)", " (3)"… is added if it is taken. */
  readonly name: string;
  readonly cells: readonly SheetCells[];
  readonly charts: readonly SheetChart[];
  /** Columns (letters) to autofit, e.g. "A:G". */
  readonly autofit?: string;
}

const MAX_SHEET_NAME = 31;

/** Candidate sheet names: the name, then "name (2)"… within Excel's 31 characters. */
export function sheetNameCandidates(name: string, count = 20): string[] {
  const out: string[] = [];
  for (let i = 1; i <= count; i++) {
    const suffix = i === 1 ? '' : ` (${i})`;
    out.push(name.slice(0, MAX_SHEET_NAME - suffix.length) + suffix);
  }
  return out;
}

/** Adds a worksheet laid out by the plan and activates it; returns its name. */
export async function writeSheet(context: Excel.RequestContext, plan: SheetPlan): Promise<string> {
  const candidates = sheetNameCandidates(plan.name);
  const probes = candidates.map((n) => context.workbook.worksheets.getItemOrNullObject(n));
  await context.sync();
  const free = probes.findIndex((p) => p.isNullObject);
  if (free < 0) throw new Error(`sheets "${candidates[0]}" to "${candidates[candidates.length - 1]}" all exist; rename or delete one`);
  const sheet = context.workbook.worksheets.add(candidates[free]);
  for (const c of plan.cells) {
    const range = sheet.getRange(c.address);
    if (c.numberFormat) range.numberFormat = c.formulas.map((row) => row.map(() => c.numberFormat as string));
    range.formulas = c.formulas;
    if (c.bold) range.format.font.bold = true;
  }
  for (const ch of plan.charts) {
    const chart = sheet.charts.add(ch.type, sheet.getRange(ch.sourceAddress), 'Auto');
    chart.title.text = ch.title;
    chart.setPosition(ch.topLeft, ch.bottomRight);
  }
  if (plan.autofit) sheet.getRange(plan.autofit).format.autofitColumns();
  sheet.activate();
  await context.sync();
  return candidates[free];
}
