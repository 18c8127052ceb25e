/**
 * `btcai calc <model.xlsx> [--write out.xlsx] [--json]`: recalculates a workbook's
 * formulas without Excel. The BTCAI functions run through the same FunctionHost
 * as `btcai eval` (called as Excel calls them); Excel's built-ins are those
 * HyperFormula implements. exceljs (reading/writing .xlsx) and HyperFormula (the
 * spreadsheet engine, GPL-3.0 or commercial) are DEV dependencies: they are loaded
 * lazily at run time, never bundled into dist/cli.js, and never into the add-in.
 *
 * The glue that hosts the BTCAI functions inside HyperFormula (btcaiPlugin) is
 * pure: the local preview page and the browser tests bundle it too, passing the
 * HyperFormula module they loaded themselves.
 */
import type * as HFModule from 'hyperformula';
import type * as ExcelJSModule from 'exceljs';
import { Arg, Call, Constant } from './formula';
import { CallError, FunctionHost, Outcome, Value, isError } from './host';

export type HyperFormulaModule = typeof HFModule;
type Ast = { type: string; value?: unknown; args?: Ast[]; value_?: unknown; procedureName?: string; [k: string]: unknown };

export const NAMESPACE = 'BTCAI';

/**
 * Excel's file form of a formula → the form typed in a cell. Excel saves a
 * JavaScript custom function as `_xldudf_<NAMESPACE>_<NAME>(…)` (see
 * OfficeDev/Excel-Custom-Functions#108), sometimes behind an external-link prefix
 * `[n]!`, and newer built-ins as `_xlfn.NAME`. String literals are left alone.
 */
export function normalizeFormula(formula: string): string {
  const body = formula.startsWith('=') ? formula.slice(1) : formula;
  const parts = body.split(/("(?:[^"]|"")*")/); // odd indexes are string literals
  const out = parts.map((p, k) =>
    k % 2 === 1
      ? p
      : p
          .replace(/(?:\[\d+\]!)?_xldudf_BTCAI[._]/gi, `${NAMESPACE}.`)
          .replace(/_xlfn\._xlws\./gi, '')
          .replace(/_xlfn\./gi, '')
          .replace(/_xlws\./gi, ''),
  );
  return '=' + out.join('');
}

const ERROR_TYPES: Record<string, keyof HyperFormulaModule['ErrorType']> = {
  '#VALUE!': 'VALUE',
  '#N/A': 'NA',
  '#NUM!': 'NUM',
  '#DIV/0!': 'DIV_BY_ZERO',
  '#NAME?': 'NAME',
  '#REF!': 'REF',
  '#NULL!': 'ERROR',
};

/** Options for hosting the BTCAI functions in HyperFormula. */
export interface PluginOptions {
  /** Recalculate BTCAI cells on every change (the preview, whose task pane edits presets). */
  volatile?: boolean;
}

/**
 * Registers every function the host knows as `BTCAI.<NAME>` in HyperFormula
 * (globally, replacing a previous registration). Arguments reach the function as
 * Excel passes them: an omitted argument or empty cell as null, a range as a 2-D
 * array (FunctionHost shapes matrix and repeating parameters from functions.json);
 * an error in an argument is the result, as in Excel; a thrown CustomFunctions.Error
 * becomes the cell's error with its message.
 */
export function registerBtcai(hf: HyperFormulaModule, host: FunctionHost, options: PluginOptions = {}): string[] {
  const { HyperFormula, FunctionPlugin, FunctionArgumentType, ArraySize, SimpleRangeValue, CellError, ErrorType, EmptyValue } = hf;
  const names: string[] = [];
  const implemented: Record<string, HFModule.FunctionMetadata> = {};
  const methods: Record<string, (this: InstanceType<typeof FunctionPlugin>, ast: Ast, state: unknown) => unknown> = {};

  const toCellError = (o: { error: string; message: string }) => new CellError(ErrorType[ERROR_TYPES[o.error] ?? 'VALUE'], o.message);

  /** What a formula argument holds, as Excel hands it to a custom function. */
  function excelArg(v: unknown): Arg | InstanceType<typeof CellError> {
    if (v === undefined || v === null || v === EmptyValue) return { kind: 'omitted' };
    if (v instanceof CellError) return v;
    if (v instanceof SimpleRangeValue) {
      const rows: (Constant | null)[][] = [];
      for (const row of v.rawData()) {
        const out: (Constant | null)[] = [];
        for (const c of row) {
          if (c instanceof CellError) return c;
          out.push(c === EmptyValue ? null : (rawScalar(c) as Constant));
        }
        rows.push(out);
      }
      return { kind: 'array', rows: rows as Constant[][] };
    }
    return { kind: 'value', value: rawScalar(v) as Constant };
  }

  function toHf(o: Outcome): unknown {
    if (isError(o)) return toCellError(o);
    const v = o.value;
    if (Array.isArray(v)) return SimpleRangeValue.onlyValues(v.map((row) => row.map((c) => (c === null || c === undefined ? EmptyValue : c))) as never);
    return v;
  }

  function evaluate(name: string, args: Arg[]): Outcome {
    try {
      return host.evaluate({ name, args });
    } catch (e) {
      if (e instanceof CallError) return { error: '#N/A', message: e.message };
      throw e;
    }
  }

  /** The size of the spill, known before calculation only when every argument is a constant. */
  function constantCall(id: string, ast: Ast): Call | undefined {
    const args: Arg[] = [];
    for (const a of ast.args ?? []) {
      const c = constantArg(a);
      if (!c) return undefined;
      args.push(c);
    }
    return { name: id, args };
  }

  for (const id of host.ids()) {
    const meta = host.meta(id)!;
    const name = `${NAMESPACE}.${meta.name}`;
    names.push(name);
    const params = meta.parameters;
    const repeating = params.length > 0 && !!params[params.length - 1].repeating;
    implemented[name] = {
      method: `call_${id}`,
      sizeOfResultArrayMethod: `size_${id}`,
      parameters: params.map((p) => ({ argumentType: FunctionArgumentType.ANY, optionalArg: !!p.optional || !!p.repeating })),
      ...(repeating ? { repeatLastArgs: 1 } : {}),
      vectorizationForbidden: true,
      isVolatile: !!options.volatile,
    };
    methods[`call_${id}`] = function (ast, state) {
      const plugin = this as unknown as { runFunction: (a: unknown, s: unknown, m: unknown, f: (...x: unknown[]) => unknown) => unknown; metadata: (n: string) => unknown };
      return plugin.runFunction(ast.args, state, plugin.metadata(name), (...values: unknown[]) => {
        // HyperFormula pads omitted trailing optional arguments; Excel passes only what was written
        const written = values.slice(0, (ast.args ?? []).length);
        const args: Arg[] = [];
        for (const v of written) {
          const a = excelArg(v);
          if (a instanceof CellError) return a;
          args.push(a);
        }
        const outcome = evaluate(id, args);
        const predicted = constantCall(id, ast) !== undefined;
        if (!isError(outcome) && Array.isArray(outcome.value) && !predicted) {
          const rows = outcome.value.length;
          const cols = outcome.value[0]?.length ?? 0;
          return new CellError(ErrorType.VALUE, `${name} returns a ${rows}×${cols} table; outside Excel a table spills only when the formula's arguments are constants, not cell references`);
        }
        return toHf(outcome);
      });
    };
    methods[`size_${id}`] = function (ast) {
      const call = constantCall(id, ast);
      if (!call) return ArraySize.scalar();
      const o = evaluate(id, call.args);
      if (isError(o) || !Array.isArray(o.value)) return ArraySize.scalar();
      return new ArraySize(o.value[0]?.length ?? 1, o.value.length);
    };
  }

  class BtcaiPlugin extends FunctionPlugin {
    static implementedFunctions = implemented;
  }
  Object.assign(BtcaiPlugin.prototype, methods);

  const registered = new Set(HyperFormula.getRegisteredFunctionNames('enGB'));
  for (const n of names) if (registered.has(n)) HyperFormula.unregisterFunction(n);
  const translations = Object.fromEntries(names.map((n) => [n, n]));
  HyperFormula.registerFunctionPlugin(BtcaiPlugin as never, { enGB: translations, enUS: translations });
  return names;
}

/** HyperFormula's internal numbers (dates, currencies) as plain numbers. */
function rawScalar(v: unknown): unknown {
  if (typeof v === 'object' && v !== null && 'val' in v) return (v as { val: unknown }).val;
  return v;
}

/** A literal argument (number, string, TRUE/FALSE, omitted, array constant), or undefined. */
function constantArg(a: Ast): Arg | undefined {
  switch (a.type) {
    case 'EMPTY':
      return { kind: 'omitted' };
    case 'NUMBER':
    case 'STRING':
      return { kind: 'value', value: a.value as Constant };
    case 'MINUS_UNARY_OP':
    case 'PLUS_UNARY_OP': {
      const inner = constantArg(a.value as Ast);
      if (!inner || inner.kind !== 'value' || typeof inner.value !== 'number') return undefined;
      return { kind: 'value', value: a.type === 'MINUS_UNARY_OP' ? -inner.value : inner.value };
    }
    case 'FUNCTION_CALL': {
      const fn = String(a.procedureName ?? '').toUpperCase();
      if ((fn === 'TRUE' || fn === 'FALSE') && (a.args ?? []).length === 0) return { kind: 'value', value: fn === 'TRUE' };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** HyperFormula settings closest to Excel's. */
export function excelLikeConfig(): Partial<HFModule.ConfigParams> {
  return {
    licenseKey: 'gpl-v3',
    leapYear1900: true, // Excel's serials count 29 Feb 1900
    nullDate: { year: 1899, month: 12, day: 30 },
    smartRounding: false, // report the computed double, as the CLI does
    useArrayArithmetic: false,
  };
}

// ---------------------------------------------------------------------------------
// The command (Node only).

export interface CalcResult {
  sheet: string;
  cell: string;
  formula: string;
  value?: Value;
  error?: string;
  message?: string;
}

/* webpack replaces __non_webpack_require__ by Node's own require, which it does not follow:
 * the dev-only packages stay out of dist/cli.js and resolve from the repository's
 * node_modules at run time. Under ts-jest the plain require is used. */
declare const __non_webpack_require__: NodeRequire;
function loadDevModule<T>(name: string): T {
  const req = (typeof __non_webpack_require__ === 'function' ? __non_webpack_require__ : module.require.bind(module)) as (id: string) => unknown;
  try {
    return req(name) as T;
  } catch {
    throw new CalcUsageError(`btcai calc needs the dev dependency "${name}" (run "npm ci" in the BTCAI repository); exceljs and hyperformula are development tools and are not part of the add-in`);
  }
}

export class CalcUsageError extends Error {}

type Cell = ExcelJSModule.Cell;

/** A cell's value as spreadsheet content: formula text, number, string, boolean, or null. */
function cellContent(cell: Cell): string | number | boolean | null {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return v.startsWith('=') ? `'${v}` : v;
  if (v instanceof Date) return v.getTime() / 86_400_000 + 25_569; // exceljs dates are UTC; serial 25569 = 1970-01-01
  const o = v as { formula?: string; sharedFormula?: string; richText?: { text: string }[]; text?: string; error?: string };
  if (o.formula !== undefined || o.sharedFormula !== undefined) return normalizeFormula(cell.formula);
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if (typeof o.text === 'string') return o.text;
  if (typeof o.error === 'string') return `=${o.error === '#N/A' ? 'NA()' : o.error}`;
  return null;
}

/** Recalculates every formula of a workbook; with `writeTo`, saves the results as the cells' cached values. */
export async function calcWorkbook(file: string, host: FunctionHost, writeTo?: string): Promise<CalcResult[]> {
  const hf = loadDevModule<HyperFormulaModule>('hyperformula');
  const ExcelJS = loadDevModule<typeof ExcelJSModule>('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new CalcUsageError(`cannot read ${file} as an .xlsx workbook: ${(e as Error).message}`);
  }
  registerBtcai(hf, host);

  const sheets: Record<string, (string | number | boolean | null)[][]> = {};
  const formulaCells: { ws: ExcelJSModule.Worksheet; cell: Cell; formula: string }[] = [];
  wb.eachSheet((ws) => {
    const rows: (string | number | boolean | null)[][] = [];
    const spilled = new Set<string>(); // cells inside an array formula's range hold cached values only
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value as { shareType?: string; ref?: string } | null;
        if (v && typeof v === 'object' && v.shareType === 'array' && v.ref) {
          const [a, b] = v.ref.split(':');
          const tl = ws.getCell(a);
          const br = ws.getCell(b ?? a);
          for (let r = Number(tl.row); r <= Number(br.row); r++) for (let c = Number(tl.col); c <= Number(br.col); c++) if (r !== Number(cell.row) || c !== Number(cell.col)) spilled.add(`${r}:${c}`);
        }
      }),
    );
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const r = Number(cell.row) - 1;
        const c = Number(cell.col) - 1;
        if (spilled.has(`${r + 1}:${c + 1}`)) return;
        const content = cellContent(cell);
        while (rows.length <= r) rows.push([]);
        rows[r][c] = content;
        if (typeof content === 'string' && content.startsWith('=')) formulaCells.push({ ws, cell, formula: content });
      }),
    );
    sheets[ws.name] = rows.map((row) => Array.from(row, (x) => (x === undefined ? null : x)));
  });

  const engine = hf.HyperFormula.buildFromSheets(sheets as never, excelLikeConfig());
  const results: CalcResult[] = [];
  for (const { ws, cell, formula } of formulaCells) {
    const address = { sheet: engine.getSheetId(ws.name)!, row: Number(cell.row) - 1, col: Number(cell.col) - 1 };
    const out: CalcResult = { sheet: ws.name, cell: cell.address, formula };
    const value = engine.getCellValue(address);
    if (value instanceof hf.DetailedCellError) {
      out.error = value.value;
      out.message = value.type === 'NAME' ? `${value.message} (a function HyperFormula does not implement is computed only in Excel)` : value.message;
    } else if (engine.isCellPartOfArray(address)) {
      const size = spillSize(engine, address);
      out.value = size.rows === 1 && size.cols === 1 ? toPlain(value) : spillValues(engine, address, size, hf);
    } else out.value = toPlain(value);
    results.push(out);
  }
  engine.destroy();

  if (writeTo) {
    for (const [k, { cell }] of formulaCells.entries()) {
      const r = results[k];
      const first = Array.isArray(r.value) ? r.value[0]?.[0] : r.value;
      const result = r.error ? { error: r.error } : first;
      const original = cell.formula;
      cell.value = { formula: original, result } as ExcelJSModule.CellFormulaValue;
    }
    wb.calcProperties.fullCalcOnLoad = true; // Excel recomputes with the add-in on open
    await wb.xlsx.writeFile(writeTo);
  }
  return results;
}

function toPlain(v: unknown): Value {
  if (v === null || v === undefined) return '';
  return v as Value;
}

/** The spilled block anchored at an array formula: rows and columns of values. */
function spillSize(engine: HFModule.HyperFormula, at: HFModule.SimpleCellAddress): { rows: number; cols: number } {
  let rows = 1;
  let cols = 1;
  const anchor = (a: HFModule.SimpleCellAddress) => engine.isCellPartOfArray(a) && !engine.doesCellHaveFormula(a);
  while (anchor({ ...at, col: at.col + cols })) cols++;
  while (anchor({ ...at, row: at.row + rows })) rows++;
  return { rows, cols };
}

function spillValues(engine: HFModule.HyperFormula, at: HFModule.SimpleCellAddress, size: { rows: number; cols: number }, hf: HyperFormulaModule): Value {
  const rows: Constant[][] = [];
  for (let r = 0; r < size.rows; r++) {
    const row: Constant[] = [];
    for (let c = 0; c < size.cols; c++) {
      const v = engine.getCellValue({ sheet: at.sheet, row: at.row + r, col: at.col + c });
      row.push(v instanceof hf.DetailedCellError ? v.value : (toPlain(v) as Constant));
    }
    rows.push(row);
  }
  return rows;
}

function formatCell(v: Value | undefined): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return `${v.length}×${v[0]?.length ?? 0} table: ` + v.map((row) => row.join(', ')).join(' | ');
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

export const CALC_USAGE = '  btcai calc <model.xlsx> [--write out.xlsx] [--json]   recalculate a workbook without Excel (dev only: needs exceljs and hyperformula)';

/** `btcai calc`: 0 when the workbook was recalculated (Excel errors in cells are results), 2 when it could not be. */
export async function calcMain(args: string[], json: boolean, host: () => FunctionHost, write: (s: string) => void, writeErr: (s: string) => void): Promise<number> {
  const k = args.indexOf('--write');
  const out = k >= 0 ? args[k + 1] : undefined;
  const files = args.filter((a, i) => a !== '--write' && (k < 0 || i !== k + 1));
  if (files.length !== 1 || (k >= 0 && !out)) {
    writeErr(`btcai calc takes one workbook, and --write takes an output path\n${CALC_USAGE}\n`);
    return 2;
  }
  try {
    const results = await calcWorkbook(files[0], host(), out);
    if (json) write(JSON.stringify(results) + '\n');
    else {
      const lines = results.map((r) => `${r.sheet}!${r.cell}\t${r.error ? `${r.error} ${r.message ?? ''}`.trim() : formatCell(r.value)}\t${r.formula}`);
      write((lines.length ? lines.join('\n') : 'no formulas') + '\n');
      if (out) write(`wrote ${out}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof CalcUsageError) {
      writeErr(e.message + '\n');
      return 2;
    }
    throw e;
  }
}
