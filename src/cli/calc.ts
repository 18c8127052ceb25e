/**
 * Spreadsheet calculation without Excel: HyperFormula (the spreadsheet engine,
 * GPL-3.0 or commercial; a DEV dependency, loaded at run time, never bundled into
 * dist/) with the BTCAI functions hosted through the same FunctionHost as
 * `btcai eval`. Used by `btcai calc <model.xlsx>`, by `btcai eval` for formulas with
 * Excel built-ins, and (bundled by the preview, with the HyperFormula module it
 * loads itself) by the preview page and the browser tests.
 *
 * Where Excel's behaviour is known, this follows it:
 * - dates: Excel's 1900 date system (serial 1 = 1900-01-01, 60 = the phantom
 *   1900-02-29, 61 = 1900-03-01, 46 023 = 2026-01-01);
 * - dynamic arrays: a BTCAI table spills whatever its arguments are (constants,
 *   array constants or references). HyperFormula must know a spill's size before it
 *   calculates, so a calculation runs again, with the sizes it found, until they
 *   settle (`SheetCalc`);
 * - data types: a BTCAI result that is a formatted number or a card keeps its
 *   number format and fields beside the plain value the engine computes with; a
 *   cell that references it passes the data type to a BTCAI function, as Excel
 *   does; `A1.field` and FIELDVALUE(A1, "field") read a card's field;
 * - workbook and sheet defined names; circular references, links to other
 *   workbooks and functions HyperFormula lacks are reported by cell with the reason
 *   while the rest of the workbook computes.
 */
import type * as HFModule from 'hyperformula';
import type * as ExcelJSModule from 'exceljs';
import { Arg, Call, Constant } from './formula';
import { CallError, FunctionHost, Outcome, Value, ValueOutcome, isError } from './host';
import type { ReadCell } from '../functions/cellValues';
import type { Io } from './args';

export type HyperFormulaModule = typeof HFModule;
type Ast = { type: string; value?: unknown; args?: Ast[] | Ast[][]; procedureName?: string; reference?: CellRef; start?: CellRef; end?: CellRef; expression?: Ast; [k: string]: unknown };
type CellRef = { toSimpleCellAddress(base: Address): Address };
type Address = { sheet: number; row: number; col: number };

export const NAMESPACE = 'BTCAI';
/** Excel's function that reads a field of a card (`A1.field` is saved in files as `_FV(A1,"field")`). */
export const FIELDVALUE = 'FIELDVALUE';

/** Splits formula text into code and string literals (odd indexes are the literals). */
function splitStrings(body: string): string[] {
  return body.split(/("(?:[^"]|"")*")/);
}

/**
 * Excel's file form of a formula → the form typed in a cell. Excel saves a
 * JavaScript custom function as `_xldudf_<NAMESPACE>_<NAME>(…)` (see
 * OfficeDev/Excel-Custom-Functions#108), sometimes behind an external-link prefix
 * `[n]!`, newer built-ins as `_xlfn.NAME`, and a field of a card as `_FV(…)`.
 * `A1.field` and `A1.[field name]` become FIELDVALUE(A1,"field"), which the engine
 * here understands. String literals are left alone.
 */
export function normalizeFormula(formula: string): string {
  const body = formula.startsWith('=') ? formula.slice(1) : formula;
  const out = splitStrings(body).map((p, k) =>
    k % 2 === 1
      ? p
      : p
          .replace(/(?:\[\d+\]!)?_xldudf_BTCAI[._]/gi, `${NAMESPACE}.`)
          .replace(/_xlfn\._xlws\./gi, '')
          .replace(/_xlfn\./gi, '')
          .replace(/_xlws\./gi, '')
          .replace(/(?<![A-Za-z0-9_.])_FV\(/gi, `${FIELDVALUE}(`)
          .replace(/(?<![A-Za-z0-9_.$])(\$?[A-Za-z]{1,3}\$?\d{1,7})\.(?:\[([^\]]+)\]|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, ref: string, bracketed?: string, plain?: string) => `${FIELDVALUE}(${ref},"${(bracketed ?? plain ?? '').replace(/"/g, '""')}")`),
  );
  return '=' + out.join('');
}

/** The function a formula is as a whole (`=BTCAI.X(…)` → "BTCAI.X"), or undefined when it is more than one call. */
export function rootCallName(formula: string): string | undefined {
  const src = formula.trim().replace(/^=/, '').trim();
  const m = /^([A-Za-z_][A-Za-z0-9_.]*)\s*\(/.exec(src);
  if (!m) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = m[0].length - 1; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"') inString = !inString;
    if (inString) continue;
    if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return src.slice(i + 1).trim() === '' ? m[1].toUpperCase() : undefined;
  }
  return undefined;
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

const key = (a: Address): string => `${a.sheet}:${a.row}:${a.col}`;

/** What a calculation remembers beside the engine's plain values. */
interface CellRecord {
  /** The data type the function returned for this cell (a formatted number, a card), as Excel would hold it. */
  readonly rich?: unknown;
  readonly numberFormat?: string;
  readonly properties?: Record<string, ReadCell>;
  /** The plain value the engine holds for it (a record is used only while they agree). */
  readonly basic: unknown;
}

/**
 * The state one calculation shares with the BTCAI functions hosted in it: spill
 * sizes found so far, data types and formats by cell, the formula of each cell.
 */
export class CalcContext {
  /** Spill sizes by formula cell, kept from one pass to the next. */
  readonly sizes = new Map<string, { rows: number; cols: number }>();
  /** Set when a formula's spill size differed from its prediction: the calculation must run again. */
  missed = false;
  readonly records = new Map<string, CellRecord>();
  /** Results of nested BTCAI calls by syntax node, for the call around them. */
  nested = new WeakMap<object, unknown>();
  depth = 0;
  constructor(readonly formulaAt: (a: Address) => string | undefined = () => undefined) {}

  private readonly roots = new Map<string, string | undefined>();
  rootAt(a: Address): string | undefined {
    const f = this.formulaAt(a);
    if (f === undefined) return undefined;
    if (!this.roots.has(f)) this.roots.set(f, rootCallName(f));
    return this.roots.get(f);
  }

  /** Starts a new pass: keeps the sizes, forgets the rest. */
  reset(): void {
    this.missed = false;
    this.records.clear();
    this.nested = new WeakMap();
    this.depth = 0;
  }

  /** Remembers the data types of a root call's result at its cell (and the cells it spills into). */
  record(at: Address, o: ValueOutcome): void {
    const raw = o.raw;
    if (Array.isArray(o.value)) {
      const formats = Array.isArray(o.numberFormat) ? o.numberFormat : undefined;
      const rawRows = Array.isArray(raw) ? (raw as unknown[][]) : undefined;
      o.value.forEach((row, i) =>
        row.forEach((v, j) => {
          const f = formats?.[i]?.[j];
          const r = rawRows?.[i]?.[j];
          if (f || (typeof r === 'object' && r !== null)) this.records.set(key({ sheet: at.sheet, row: at.row + i, col: at.col + j }), { rich: r, numberFormat: f || undefined, basic: v });
        }),
      );
      return;
    }
    if (typeof o.numberFormat === 'string' || o.properties || (typeof raw === 'object' && raw !== null)) {
      this.records.set(key(at), { rich: raw, numberFormat: typeof o.numberFormat === 'string' ? o.numberFormat : undefined, properties: o.properties, basic: o.value });
    }
  }

  recordAt(a: Address, basic: unknown): CellRecord | undefined {
    const r = this.records.get(key(a));
    return r && sameBasic(r.basic, basic) ? r : undefined;
  }
}

function sameBasic(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)));
}

/** Options for hosting the BTCAI functions in HyperFormula. */
export interface PluginOptions {
  /** Recalculate BTCAI cells on every change. */
  volatile?: boolean;
  /** The calculation the functions report to (spill sizes, data types); a fresh one when omitted. */
  context?: CalcContext;
}

/**
 * Registers every function the host knows as `BTCAI.<NAME>` in HyperFormula
 * (globally, replacing a previous registration; an engine keeps the registration
 * it was built with), plus FIELDVALUE. Arguments reach a function as Excel passes
 * them: an omitted argument or empty cell as null, a range as a 2-D array
 * (FunctionHost shapes matrix and repeating parameters from functions.json), a
 * cell holding a data type as that data type; an error in an argument is the
 * result, as in Excel; a thrown CustomFunctions.Error becomes the cell's error
 * with its message.
 */
export function registerBtcai(hf: HyperFormulaModule, host: FunctionHost, options: PluginOptions = {}): string[] {
  const { HyperFormula, FunctionPlugin, FunctionArgumentType, ArraySize, SimpleRangeValue, CellError, ErrorType, EmptyValue } = hf;
  const ctx = options.context ?? new CalcContext();
  const names: string[] = [];
  const implemented: Record<string, HFModule.FunctionMetadata> = {};
  const methods: Record<string, (this: InstanceType<typeof FunctionPlugin>, ast: Ast, state: { formulaAddress: Address }) => unknown> = {};

  const toCellError = (o: { error: string; message: string }) => new CellError(ErrorType[ERROR_TYPES[o.error] ?? 'VALUE'], o.message);

  /** The cells a reference argument covers, when it is one. */
  function referenced(argAst: Ast | undefined, base: Address): { start: Address; rows: number; cols: number } | undefined {
    try {
      if (argAst?.type === 'CELL_REFERENCE' && argAst.reference) return { start: argAst.reference.toSimpleCellAddress(base), rows: 1, cols: 1 };
      if (argAst?.type === 'CELL_RANGE' && argAst.start && argAst.end) {
        const a = argAst.start.toSimpleCellAddress(base);
        const b = argAst.end.toSimpleCellAddress(base);
        return { start: { sheet: a.sheet, row: Math.min(a.row, b.row), col: Math.min(a.col, b.col) }, rows: Math.abs(b.row - a.row) + 1, cols: Math.abs(b.col - a.col) + 1 };
      }
    } catch {
      return undefined;
    }
    return undefined;
  }

  /** A data type held at a cell, when its plain value is the one the engine passed. */
  function richAt(a: Address, basic: unknown): unknown {
    const r = ctx.recordAt(a, basic);
    return r && typeof r.rich === 'object' && r.rich !== null ? r.rich : undefined;
  }

  /** What a formula argument holds, as Excel hands it to a custom function. */
  function excelArg(v: unknown, argAst: Ast | undefined, base: Address): Arg | InstanceType<typeof CellError> {
    if (v === undefined || v === null || v === EmptyValue) return { kind: 'omitted' };
    if (v instanceof CellError) return v;
    const ref = referenced(argAst, base);
    if (v instanceof SimpleRangeValue) {
      const rows: unknown[][] = [];
      let rich = false;
      const data = v.rawData();
      for (let i = 0; i < data.length; i++) {
        const out: unknown[] = [];
        for (let j = 0; j < data[i].length; j++) {
          const c = data[i][j];
          if (c instanceof CellError) return c;
          const plain = c === EmptyValue ? null : rawScalar(c);
          const r = ref && data.length === ref.rows && data[i].length === ref.cols ? richAt({ sheet: ref.start.sheet, row: ref.start.row + i, col: ref.start.col + j }, plain) : undefined;
          if (r !== undefined) rich = true;
          out.push(r ?? plain);
        }
        rows.push(out);
      }
      return rich ? { kind: 'raw', value: rows } : { kind: 'array', rows: rows as Constant[][] };
    }
    const plain = rawScalar(v);
    if (ref && ref.rows === 1 && ref.cols === 1) {
      const r = richAt(ref.start, plain);
      if (r !== undefined) return { kind: 'raw', value: r };
    }
    if (argAst?.type === 'FUNCTION_CALL' && ctx.nested.has(argAst)) {
      const r = ctx.nested.get(argAst);
      if (typeof r === 'object' && r !== null && !Array.isArray(r)) return { kind: 'raw', value: r };
    }
    return { kind: 'value', value: plain as Constant };
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

  /** The arguments of a call when every one is a literal: its spill size can be found before calculation. */
  function constantCall(id: string, ast: Ast): Call | undefined {
    const args: Arg[] = [];
    for (const a of (ast.args ?? []) as Ast[]) {
      const c = constantArg(a);
      if (!c) return undefined;
      args.push(c);
    }
    return { name: id, args };
  }

  type PluginThis = { runFunction: (a: unknown, s: unknown, m: unknown, f: (...x: unknown[]) => unknown) => unknown; metadata: (n: string) => unknown };

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
      const plugin = this as unknown as PluginThis;
      const at = state.formulaAddress;
      ctx.depth++;
      try {
        return plugin.runFunction(ast.args, state, plugin.metadata(name), (...values: unknown[]) => {
          // HyperFormula pads omitted trailing optional arguments; Excel passes only what was written
          const argAsts = (ast.args ?? []) as Ast[];
          const args: Arg[] = [];
          for (let k = 0; k < argAsts.length; k++) {
            const a = excelArg(values[k], argAsts[k], at);
            if (a instanceof CellError) return a;
            args.push(a);
          }
          const outcome = evaluate(id, args);
          const isRoot = ctx.depth === 1 && ctx.rootAt(at) === name;
          if (!isError(outcome)) {
            ctx.nested.set(ast, outcome.raw);
            if (isRoot) ctx.record(at, outcome);
          }
          if (isRoot) {
            const want = ctx.sizes.get(key(at));
            const spills = !isError(outcome) && Array.isArray(outcome.value);
            const rows = spills ? (outcome as ValueOutcome & { value: Value[][] }).value.length : 1;
            const cols = spills ? ((outcome as ValueOutcome & { value: Value[][] }).value[0]?.length ?? 1) : 1;
            if (spills && (!want || want.rows !== rows || want.cols !== cols)) {
              ctx.sizes.set(key(at), { rows, cols });
              ctx.missed = true;
              return new CellError(ErrorType.VALUE, `${name} spills ${rows}×${cols}: the spill is placed on the next pass of the calculation`);
            }
            if (!spills && want) {
              ctx.sizes.delete(key(at));
              ctx.missed = true;
            }
          }
          return toHf(outcome);
        });
      } finally {
        ctx.depth--;
      }
    };
    methods[`size_${id}`] = function (ast, state) {
      const at = state.formulaAddress;
      const known = ctx.sizes.get(key(at));
      if (known) return new ArraySize(known.cols, known.rows);
      const call = constantCall(id, ast);
      if (!call) return ArraySize.scalar();
      const o = evaluate(id, call.args);
      if (isError(o) || !Array.isArray(o.value)) return ArraySize.scalar();
      const size = { rows: o.value.length, cols: o.value[0]?.length ?? 1 };
      ctx.sizes.set(key(at), size);
      return new ArraySize(size.cols, size.rows);
    };
  }

  // FIELDVALUE(card, "field"): a field of a card held in a cell or returned by a nested BTCAI call
  implemented[FIELDVALUE] = {
    method: 'call_fieldvalue',
    parameters: [{ argumentType: FunctionArgumentType.ANY }, { argumentType: FunctionArgumentType.STRING }],
    vectorizationForbidden: true,
    isVolatile: !!options.volatile,
  };
  methods.call_fieldvalue = function (ast, state) {
    const plugin = this as unknown as PluginThis;
    const at = state.formulaAddress;
    return plugin.runFunction(ast.args, state, plugin.metadata(FIELDVALUE), (value: unknown, field: unknown) => {
      if (value instanceof CellError) return value;
      const argAst = ((ast.args ?? []) as Ast[])[0];
      const ref = referenced(argAst, at);
      const plain = rawScalar(value);
      const rec = ref && ref.rows === 1 && ref.cols === 1 ? ctx.recordAt(ref.start, plain) : undefined;
      let props = rec?.properties;
      if (!props && argAst?.type === 'FUNCTION_CALL' && ctx.nested.has(argAst)) props = outcomeProperties(ctx.nested.get(argAst));
      const where = ref ? 'the cell' : 'the value';
      if (!props) return new CellError(ErrorType.VALUE, `${where} holds no card, so it has no field "${String(field)}" (Excel shows #FIELD!)`);
      const wanted = String(field).trim().toLowerCase();
      const hit = Object.keys(props).find((k) => k.toLowerCase() === wanted);
      if (hit === undefined) return new CellError(ErrorType.VALUE, `the card has no field "${String(field)}"; its fields: ${Object.keys(props).join(', ')} (Excel shows #FIELD!)`);
      const f = props[hit];
      if (ctx.rootAt(at) === FIELDVALUE && f.numberFormat) ctx.record(at, { value: f.value as Value, numberFormat: f.numberFormat });
      return f.value === null ? EmptyValue : f.value;
    });
  };

  class BtcaiPlugin extends FunctionPlugin {
    static implementedFunctions = implemented;
  }
  Object.assign(BtcaiPlugin.prototype, methods);

  const all = [...names, FIELDVALUE];
  const registered = new Set(HyperFormula.getRegisteredFunctionNames('enGB'));
  for (const n of all) if (registered.has(n)) HyperFormula.unregisterFunction(n);
  const translations = Object.fromEntries(all.map((n) => [n, n]));
  HyperFormula.registerFunctionPlugin(BtcaiPlugin as never, { enGB: translations, enUS: translations });
  return names;
}

/** A card's fields from what a function returned (an entity's cell-value JSON). */
function outcomeProperties(raw: unknown): Record<string, ReadCell> | undefined {
  if (typeof raw !== 'object' || raw === null || (raw as { type?: unknown }).type !== 'Entity') return undefined;
  const out: Record<string, ReadCell> = {};
  for (const [k, v] of Object.entries((raw as { properties?: Record<string, { basicValue?: unknown; numberFormat?: string; text?: string }> }).properties ?? {})) {
    out[k] = { value: (v.basicValue ?? v.text ?? null) as ReadCell['value'], ...(v.numberFormat ? { numberFormat: v.numberFormat } : {}) };
  }
  return out;
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
    case 'PARENTHESES':
      return a.expression ? constantArg(a.expression) : undefined;
    case 'ARRAY': {
      const rows: Constant[][] = [];
      for (const row of (a.args ?? []) as Ast[][]) {
        const out: Constant[] = [];
        for (const c of row) {
          const v = constantArg(c);
          if (!v || v.kind !== 'value') return undefined;
          out.push(v.value);
        }
        rows.push(out);
      }
      return rows.length && rows.every((r) => r.length === rows[0].length) ? { kind: 'array', rows } : undefined;
    }
    case 'FUNCTION_CALL': {
      const fn = String(a.procedureName ?? '').toUpperCase();
      if ((fn === 'TRUE' || fn === 'FALSE') && ((a.args ?? []) as Ast[]).length === 0) return { kind: 'value', value: fn === 'TRUE' };
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * HyperFormula settings closest to Excel's. Dates: serial 0 is 1899-12-31 and
 * 1900 counts as a leap year, which is Excel's 1900 date system exactly (serial 1 =
 * 1900-01-01, 60 = 1900-02-29, 61 = 1900-03-01). Pairing 1899-12-30 with the leap
 * day, as before, put every date after February 1900 one day late.
 */
export function excelLikeConfig(): Partial<HFModule.ConfigParams> {
  return {
    licenseKey: 'gpl-v3',
    leapYear1900: true,
    nullDate: { year: 1899, month: 12, day: 31 },
    smartRounding: false, // report the computed double, as the CLI does
    useArrayArithmetic: false,
  };
}

// ---------------------------------------------------------------------------------
// A calculation: contents in, values (with formats and cards) out.

export type CellInput = string | number | boolean | null;
export interface DefinedName {
  readonly name: string;
  /** What the name stands for, as Excel writes it: "Inputs!$B$2", "0.1", "=Inputs!$B$2*2". */
  readonly refersTo: string;
  /** The sheet a sheet-level name belongs to; undefined for a workbook name. */
  readonly sheet?: string;
}
export type CellShown = ({ value: Value | null } | { error: string; message: string }) & { numberFormat?: string; properties?: Record<string, ReadCell> };

/** Most passes a calculation makes for its spill sizes to settle. */
const MAX_PASSES = 6;

/**
 * A workbook's contents calculated by HyperFormula with the BTCAI functions. The
 * contents (what was typed) are the truth: every change rebuilds the engine from
 * them, so no spilled value outlives the formula that spilled it.
 */
export class SheetCalc {
  private engine: HFModule.HyperFormula | null = null;
  readonly ctx: CalcContext;
  readonly problems: string[] = [];
  private readonly contents = new Map<string, Map<string, CellInput>>();
  private order: string[] = [];

  constructor(
    private readonly hf: HyperFormulaModule,
    private readonly host: FunctionHost,
    sheets: Record<string, CellInput[][]>,
    private names: readonly DefinedName[] = [],
  ) {
    this.ctx = new CalcContext((a) => this.formulaAtAddress(a));
    for (const [name, rows] of Object.entries(sheets)) {
      const m = new Map<string, CellInput>();
      rows.forEach((row, r) => row.forEach((v, c) => v !== null && v !== undefined && v !== '' && m.set(`${r}:${c}`, prepared(v))));
      this.contents.set(name, m);
      this.order.push(name);
    }
    this.rebuild();
  }

  sheetNames(): string[] {
    return [...this.order];
  }

  private formulaAtAddress(a: Address): string | undefined {
    const v = this.contents.get(this.order[a.sheet])?.get(`${a.row}:${a.col}`);
    return typeof v === 'string' && v.startsWith('=') ? v : undefined;
  }

  /** The engine, for reading (never for writing: use set). */
  get hyperformula(): HFModule.HyperFormula {
    return this.engine!;
  }

  sheetId(name: string): number {
    return this.order.indexOf(name);
  }

  /** Rebuilds the engine from the contents until the spill sizes settle. */
  rebuild(): void {
    const sheets: Record<string, CellInput[][]> = {};
    for (const name of this.order) {
      const rows: CellInput[][] = [];
      for (const [k, v] of this.contents.get(name)!) {
        const [r, c] = k.split(':').map(Number);
        while (rows.length <= r) rows.push([]);
        rows[r][c] = v;
      }
      const width = Math.max(0, ...rows.map((x) => x.length));
      sheets[name] = rows.map((x) => Array.from({ length: width }, (_, j) => (x[j] === undefined ? null : x[j])));
    }
    this.problems.length = 0;
    const names = this.usableNames();
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      this.engine?.destroy();
      this.ctx.reset();
      registerBtcai(this.hf, this.host, { context: this.ctx });
      this.engine = this.hf.HyperFormula.buildFromSheets(sheets as never, excelLikeConfig(), names as never);
      if (!this.ctx.missed) return;
    }
    this.problems.push(`spill sizes did not settle after ${MAX_PASSES} passes`);
  }

  /** The defined names in the engine's form; a name the engine cannot take is a problem, not a failure. */
  private usableNames(): { name: string; expression: string; scope?: number }[] {
    if (!this.names.length) return [];
    const probe = this.hf.HyperFormula.buildFromSheets(Object.fromEntries(this.order.map((n) => [n, []])) as never, excelLikeConfig());
    const out: { name: string; expression: string; scope?: number }[] = [];
    try {
      for (const n of this.names) {
        const scope = n.sheet === undefined ? undefined : this.order.indexOf(n.sheet);
        if (scope === -1) {
          this.problems.push(`defined name ${n.name}: its sheet "${n.sheet}" does not exist`);
          continue;
        }
        if (linksOtherWorkbook(n.refersTo)) {
          this.problems.push(`defined name ${n.name} refers to another workbook (${n.refersTo.slice(0, 80)}), which btcai calc does not open`);
          continue;
        }
        const expression = normalizeFormula(n.refersTo.startsWith('=') ? n.refersTo : '=' + n.refersTo);
        let ok = false;
        try {
          ok = probe.isItPossibleToAddNamedExpression(n.name, expression, scope);
        } catch {
          ok = false;
        }
        if (!ok) {
          this.problems.push(`defined name ${n.name} (${n.refersTo.slice(0, 80)}) is not one the engine can use`);
          continue;
        }
        probe.addNamedExpression(n.name, expression, scope);
        out.push(scope === undefined ? { name: n.name, expression } : { name: n.name, expression, scope });
      }
    } finally {
      probe.destroy();
    }
    return out;
  }

  /** Types into a cell (a formula, a value, or null to clear it) and recalculates. */
  set(sheet: string, row: number, col: number, content: CellInput): void {
    this.setMany([{ sheet, row, col, content }]);
  }

  setMany(changes: readonly { sheet: string; row: number; col: number; content: CellInput }[]): void {
    for (const ch of changes) {
      if (!this.contents.has(ch.sheet)) {
        this.contents.set(ch.sheet, new Map());
        this.order.push(ch.sheet);
      }
      const m = this.contents.get(ch.sheet)!;
      const v = ch.content === null || ch.content === '' ? null : prepared(ch.content);
      if (v === null) m.delete(`${ch.row}:${ch.col}`);
      else m.set(`${ch.row}:${ch.col}`, v);
    }
    this.rebuild();
  }

  addSheet(name: string): void {
    if (this.contents.has(name)) return;
    this.contents.set(name, new Map());
    this.order.push(name);
    this.rebuild();
  }

  removeSheet(name: string): void {
    if (!this.contents.delete(name)) return;
    this.order = this.order.filter((n) => n !== name);
    this.rebuild();
  }

  /** What was typed into a cell. */
  content(sheet: string, row: number, col: number): CellInput {
    return this.contents.get(sheet)?.get(`${row}:${col}`) ?? null;
  }

  /** Every typed cell of a sheet: [row, col, content]. */
  cells(sheet: string): [number, number, CellInput][] {
    return [...(this.contents.get(sheet) ?? new Map<string, CellInput>())].map(([k, v]) => {
      const [r, c] = k.split(':').map(Number);
      return [r, c, v];
    });
  }

  /** The value a cell shows, with its number format and card fields when it has them. */
  shown(sheet: string, row: number, col: number): CellShown {
    const id = this.order.indexOf(sheet);
    if (id < 0) return { value: null };
    const a = { sheet: id, row, col };
    const v = this.engine!.getCellValue(a);
    if (v instanceof this.hf.DetailedCellError) return { error: v.value, message: v.message };
    const value = (v === undefined || v === null ? null : rawScalar(v)) as Value | null;
    const rec = this.ctx.recordAt(a, value);
    const out: CellShown = { value };
    if (rec?.numberFormat) out.numberFormat = rec.numberFormat;
    if (rec?.properties) out.properties = rec.properties;
    return out;
  }

  /** Rows and columns a sheet's values cover (spills included). */
  dimensions(sheet: string): { rows: number; cols: number } {
    const id = this.order.indexOf(sheet);
    if (id < 0) return { rows: 0, cols: 0 };
    const d = this.engine!.getSheetDimensions(id);
    return { rows: d.height, cols: d.width };
  }

  /** The block a formula spilled into (1×1 when it did not spill). */
  spillSize(sheet: string, row: number, col: number): { rows: number; cols: number } {
    const id = this.order.indexOf(sheet);
    const s = this.ctx.sizes.get(key({ sheet: id, row, col }));
    return s && this.engine!.isCellPartOfArray({ sheet: id, row, col }) ? s : { rows: 1, cols: 1 };
  }

  destroy(): void {
    this.engine?.destroy();
    this.engine = null;
  }
}

/** Formula text as the engine reads it; other content as it is. */
function prepared(v: CellInput): CellInput {
  return typeof v === 'string' && v.startsWith('=') ? normalizeFormula(v) : v;
}

// ---------------------------------------------------------------------------------
// Why a cell has no Excel value here.

const EXTERNAL_LINK = /(^|[^A-Za-z0-9_\]])'?\[(\d+|[^\]"]+\.xl[a-z]{0,2})\][^!"]*'?!/i;

/** True when a formula refers to another workbook. */
export function linksOtherWorkbook(formula: string): boolean {
  return splitStrings(formula).some((p, k) => k % 2 === 0 && EXTERNAL_LINK.test(p));
}

/**
 * A reason a person can act on, for an error the engine gives where Excel would
 * compute (or, for a circular reference, warn): the engine's message otherwise.
 */
export function explainError(formula: string, error: string, message: string, btcaiNames: ReadonlySet<string>): string {
  if (linksOtherWorkbook(formula)) return 'links to another workbook, which btcai calc does not open: this cell and the cells that use it are not computed (Excel would use the linked values)';
  if (error === '#CYCLE!') return 'circular reference: the formula depends on its own result (Excel warns and shows 0 unless iterative calculation is on); the cells outside the loop are computed';
  if (error === '#NAME?') {
    const fn = /Function name (\S+) not recognized/.exec(message)?.[1];
    if (fn) {
      const bare = fn.replace(/^BTCAI\./i, '').toUpperCase();
      if (/^BTCAI\./i.test(fn) && !btcaiNames.has(bare)) return `${fn} is not a BTCAI function; "btcai list" prints them`;
      return `${fn} is not computed outside Excel: it is neither a BTCAI function ("btcai list" prints them) nor one of the Excel functions the engine behind btcai calc (HyperFormula) implements; Excel computes its own functions`;
    }
    const name = /Named expression (\S+) not recognized/.exec(message)?.[1];
    if (name) return `${name} is not a defined name of this workbook (nor a function)`;
  }
  if (error === '#ERROR!' && /Parsing error/i.test(message)) return `the formula uses syntax the engine cannot read (${message.replace(/\s+/g, ' ').slice(0, 120)}); Excel may compute it`;
  return message;
}

// ---------------------------------------------------------------------------------
// The command (Node only).

export interface CalcResult {
  sheet: string;
  cell: string;
  formula: string;
  value?: Value;
  numberFormat?: string | string[][];
  error?: string;
  message?: string;
}

/* webpack replaces __non_webpack_require__ by Node's own require, which it does not follow:
 * the dev-only packages stay out of dist/cli.js and resolve from the repository's
 * node_modules at run time. Under ts-jest the plain require is used. */
declare const __non_webpack_require__: NodeRequire;
function loadDevModule<T>(name: string, why = 'btcai calc'): T {
  const req = (typeof __non_webpack_require__ === 'function' ? __non_webpack_require__ : module.require.bind(module)) as (id: string) => unknown;
  try {
    return req(name) as T;
  } catch {
    throw new CalcUsageError(`${why} needs the dev dependency "${name}" (run "npm ci" in the BTCAI repository); exceljs and hyperformula are development tools and are not part of the add-in`);
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

const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const unescapeXml = (s: string): string => s.replace(/&(amp|lt|gt|quot|apos);/g, (m) => XML_ENTITIES[m]);

/**
 * The defined names of an .xlsx (xl/workbook.xml), workbook- and sheet-level,
 * including names of constants and formulas (exceljs keeps only names of ranges and
 * drops their scope). Excel's own names (_xlnm.Print_Area…) are skipped.
 */
export async function readDefinedNames(bytes: Uint8Array): Promise<DefinedName[]> {
  const JSZip = loadDevModule<{ loadAsync(b: Uint8Array): Promise<{ file(n: string): { async(t: 'string'): Promise<string> } | null }> }>('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('xl/workbook.xml')?.async('string');
  if (!xml) return [];
  const sheetNames = [...xml.matchAll(/<sheet\b[^>]*\bname="([^"]*)"/g)].map((m) => unescapeXml(m[1]));
  const out: DefinedName[] = [];
  for (const m of xml.matchAll(/<definedName\b([^>]*)>([\s\S]*?)<\/definedName>/g)) {
    const attrs = m[1];
    const name = unescapeXml(/\bname="([^"]*)"/.exec(attrs)?.[1] ?? '');
    if (!name || /^_xlnm\./i.test(name)) continue;
    const local = /\blocalSheetId="(\d+)"/.exec(attrs)?.[1];
    out.push({ name, refersTo: unescapeXml(m[2]).trim(), ...(local !== undefined ? { sheet: sheetNames[Number(local)] } : {}) });
  }
  return out;
}

/** Recalculates every formula of a workbook; with `writeTo`, saves the results as the cells' cached values. */
export async function calcWorkbook(file: string, host: FunctionHost, writeTo?: string): Promise<CalcResult[]> {
  return (await calcWorkbookReport(file, host, writeTo)).results;
}

export interface CalcReport {
  results: CalcResult[];
  /** Workbook-level problems (defined names the engine cannot use, spills that did not settle). */
  problems: string[];
}

export async function calcWorkbookReport(file: string, host: FunctionHost, writeTo?: string): Promise<CalcReport> {
  const hf = loadDevModule<HyperFormulaModule>('hyperformula');
  const ExcelJS = loadDevModule<typeof ExcelJSModule>('exceljs');
  const fs = loadDevModule<typeof import('fs')>('fs');
  const wb = new ExcelJS.Workbook();
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
    await wb.xlsx.load(bytes as never);
  } catch (e) {
    throw new CalcUsageError(`cannot read ${file} as an .xlsx workbook: ${(e as Error).message}`);
  }
  const names = await readDefinedNames(bytes).catch(() => [] as DefinedName[]);

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

  const calc = new SheetCalc(hf, host, sheets, names);
  const btcaiNames = new Set(host.ids());
  const results: CalcResult[] = [];
  for (const { ws, cell, formula } of formulaCells) {
    const row = Number(cell.row) - 1;
    const col = Number(cell.col) - 1;
    const out: CalcResult = { sheet: ws.name, cell: cell.address, formula };
    const shown = calc.shown(ws.name, row, col);
    if ('error' in shown) {
      out.error = shown.error;
      out.message = explainError(formula, shown.error, shown.message, btcaiNames);
    } else {
      const size = calc.spillSize(ws.name, row, col);
      if (size.rows === 1 && size.cols === 1) {
        out.value = shown.value ?? '';
        if (shown.numberFormat) out.numberFormat = shown.numberFormat;
      } else {
        const values: Constant[][] = [];
        const formats: string[][] = [];
        for (let i = 0; i < size.rows; i++) {
          const vr: Constant[] = [];
          const fr: string[] = [];
          for (let j = 0; j < size.cols; j++) {
            const s = calc.shown(ws.name, row + i, col + j);
            vr.push('error' in s ? s.error : ((s.value ?? '') as Constant));
            fr.push(s.numberFormat ?? '');
          }
          values.push(vr);
          formats.push(fr);
        }
        out.value = values;
        if (formats.some((r) => r.some(Boolean))) out.numberFormat = formats;
      }
    }
    results.push(out);
  }
  const problems = [...calc.problems];
  calc.destroy();

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
  return { results, problems };
}

function formatCell(v: Value | undefined): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return `${v.length}×${v[0]?.length ?? 0} table: ` + v.map((row) => row.join(', ')).join(' | ');
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** `btcai calc`: 0 when the workbook was recalculated (Excel errors in cells are results), 2 when it could not be. */
export async function calcCommand(file: string, opts: { json: boolean; writeTo?: string }, host: () => FunctionHost, io: Io): Promise<number> {
  try {
    const { results, problems } = await calcWorkbookReport(file, host(), opts.writeTo);
    if (opts.json) io.out(JSON.stringify(results) + '\n');
    else {
      const lines = results.map((r) => `${r.sheet}!${r.cell}\t${r.error ? `${r.error} ${r.message ?? ''}`.trim() : formatCell(r.value)}\t${r.formula}`);
      io.out((lines.length ? lines.join('\n') : 'no formulas') + '\n');
      if (opts.writeTo) io.out(`wrote ${opts.writeTo}\n`);
    }
    const unexcel = results.filter((r) => r.error && (r.error === '#CYCLE!' || r.error === '#ERROR!' || linksOtherWorkbook(r.formula) || /not computed outside Excel|not a defined name|not a BTCAI function/.test(r.message ?? '')));
    if (unexcel.length || problems.length) {
      io.err(
        [
          `btcai calc: ${unexcel.length} cell${unexcel.length === 1 ? '' : 's'} not computed as Excel would; the rest of the workbook is:`,
          ...unexcel.map((r) => `  ${r.sheet}!${r.cell}: ${r.message}`),
          ...problems.map((p) => `  ${p}`),
        ].join('\n') + '\n',
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof CalcUsageError) {
      io.err(e.message + '\n');
      return 2;
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------
// `btcai eval` with Excel built-ins: the formula in one cell of a one-sheet workbook.

/** Adds the BTCAI. prefix to BTCAI function names written without it ("BLOCK_SUBSIDY(" → "BTCAI.BLOCK_SUBSIDY("). */
export function qualifyBtcaiNames(formula: string, ids: ReadonlySet<string>): string {
  const body = formula.trim().replace(/^=/, '');
  return (
    '=' +
    splitStrings(body)
      .map((p, k) => (k % 2 === 1 ? p : p.replace(/(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_]*)(?=\s*\()/g, (m: string) => (ids.has(m.toUpperCase()) ? `${NAMESPACE}.${m.toUpperCase()}` : m))))
      .join('')
  );
}

export class EvalUsageError extends Error {}

/**
 * Evaluates a formula with Excel built-ins around BTCAI calls, through the same
 * engine as `btcai calc`. A formula the engine cannot read, or a name it does not
 * know, is an EvalUsageError (exit 2); an Excel error is the result.
 */
export function evalWithBuiltins(host: FunctionHost, formula: string, hf: HyperFormulaModule = loadDevModule<HyperFormulaModule>('hyperformula', 'btcai eval with Excel functions')): Outcome {
  const ids = new Set(host.ids());
  const text = normalizeFormula(qualifyBtcaiNames(formula, ids));
  const calc = new SheetCalc(hf, host, { Sheet1: [[text]] });
  try {
    const shown = calc.shown('Sheet1', 0, 0);
    if ('error' in shown) {
      if (shown.error === '#NAME?' || (shown.error === '#ERROR!' && /Parsing error/i.test(shown.message))) throw new EvalUsageError(explainError(text, shown.error, shown.message, ids));
      return { error: shown.error, message: shown.message };
    }
    const size = calc.spillSize('Sheet1', 0, 0);
    if (size.rows === 1 && size.cols === 1) {
      const o: ValueOutcome = { value: (shown.value ?? '') as Value };
      if (shown.numberFormat) o.numberFormat = shown.numberFormat;
      if (shown.properties) o.properties = shown.properties;
      return o;
    }
    const values: Constant[][] = [];
    const formats: string[][] = [];
    for (let i = 0; i < size.rows; i++) {
      const vr: Constant[] = [];
      const fr: string[] = [];
      for (let j = 0; j < size.cols; j++) {
        const s = calc.shown('Sheet1', i, j);
        vr.push('error' in s ? s.error : ((s.value ?? '') as Constant));
        fr.push(s.numberFormat ?? '');
      }
      values.push(vr);
      formats.push(fr);
    }
    return formats.some((r) => r.some(Boolean)) ? { value: values, numberFormat: formats } : { value: values };
  } finally {
    calc.destroy();
  }
}
