/**
 * What a function hands back to Excel, and how it reads Excel's data types in its
 * arguments.
 *
 * Results: function bodies return plain values, numbers with a unit (`quantity`),
 * tables, or a card (`card`: an entity with properties). The adapter's `run` passes
 * every result through `toExcelResult`, the ONE place where a unit becomes a number
 * format (formats.ts) and a card becomes Excel's entity. Tables get formats from
 * their own structure: a `unit` column, a unit in brackets in a row label or a
 * column header ("revenue (USD/yr)"), a `date`/`as of` column, or an input name in
 * the first column.
 *
 * The JSON is Excel's cell-value schema (ExcelApi 1.16+, the same one
 * Range.valuesAsJson uses): `{type: "Double", basicValue, numberFormat}` (ExcelApi
 * 1.19; on 1.16–1.18 `{type: "FormattedNumber", …}`), `{type: "String", basicValue}`,
 * `{type: "Entity", text, properties}`. functions.json carries
 * `allowCustomDataForDataTypeAny: true` (custom-functions-metadata writes it) so
 * that functions with `any` results may return these. Where the host has no data
 * types, the plain value is returned instead (a card: its text).
 *
 * Arguments: with data types on, Excel passes a cell holding a data type (one of
 * our own formatted results, for instance) as its cell-value JSON; `plainArg`
 * turns it back into the value the adapter checks.
 */
import { inputSpec } from '../engine/catalogue';
import { serialFromIso } from '../engine/dates';
import { numberFormatForUnit, unitInLabel } from './formats';

/** Which of Excel's data types the host takes: none (plain values), the 1.16 FormattedNumber, or the 1.19 Double with numberFormat. */
export type DataTypeLevel = 'none' | 'formattedNumber' | 'double';

export interface Quantity {
  readonly kind: 'quantity';
  readonly value: number;
  readonly unit: string;
}

export type CardField = number | string | boolean | Quantity;

/** An entity card: a label, and named fields (each a value with its unit). */
export interface Card {
  readonly kind: 'card';
  readonly text: string;
  readonly fields: ReadonlyArray<readonly [string, CardField]>;
}

export type Plain = number | string | boolean;
export type OutCell = Plain | Quantity;
export type Out = OutCell | Card | OutCell[][];

export function quantity(value: number, unit: string): Quantity {
  return { kind: 'quantity', value, unit };
}

export function isQuantity(x: unknown): x is Quantity {
  return typeof x === 'object' && x !== null && (x as Quantity).kind === 'quantity';
}
export function isCard(x: unknown): x is Card {
  return typeof x === 'object' && x !== null && (x as Card).kind === 'card';
}

/** Where a card's figures come from: the preset's as-of date and its cited sources. */
export interface Provenance {
  /** ISO yyyy-mm-dd. */
  readonly asof?: string;
  readonly sources?: readonly string[];
}

/** Names of the provenance fields every card carries when it has them. */
export const CARD_ASOF_FIELD = 'as_of';
export const CARD_SOURCES_FIELD = 'sources';
const MAX_SOURCES_TEXT = 4000;

/**
 * A card: `text` is what the cell shows; fields keep their order. The provenance
 * becomes two more fields, `as_of` (a date) and `sources` (the cited documents,
 * separated by " | ").
 */
export function card(text: string, fields: ReadonlyArray<readonly [string, CardField]>, provenance: Provenance = {}): Card {
  const all: [string, CardField][] = fields.map(([k, v]) => [k, v]);
  if (provenance.asof) {
    const serial = serialFromIso(provenance.asof);
    if (Number.isFinite(serial)) all.push([CARD_ASOF_FIELD, quantity(serial, 'date')]);
  }
  if (provenance.sources && provenance.sources.length) {
    const text = [...new Set(provenance.sources)].join(' | ');
    all.push([CARD_SOURCES_FIELD, text.length > MAX_SOURCES_TEXT ? text.slice(0, MAX_SOURCES_TEXT - 1) + '…' : text]);
  }
  return { kind: 'card', text, fields: all };
}

// ---- the data-type level of the host --------------------------------------------------

let fixedLevel: DataTypeLevel | null = null;
let probe: (() => DataTypeLevel) | null = null;

/** Installs the host probe (functions.ts: from src/office/dataTypes.ts). */
export function setDataTypeProbe(p: (() => DataTypeLevel) | null): void {
  probe = p;
}
/** Fixes the level regardless of the probe (the CLI and the function-host stand-in: 'double'); null lifts it. */
export function setDataTypeLevel(level: DataTypeLevel | null): void {
  fixedLevel = level;
}
export function dataTypeLevel(): DataTypeLevel {
  if (fixedLevel) return fixedLevel;
  return probe ? probe() : 'none';
}

// ---- results ----------------------------------------------------------------------------

const DATE_HEADERS = new Set(['date', 'as of', 'asof', 'as-of', 'as_of']);

/** The unit of a row from its label: "revenue (USD/yr)", or an input name ("btc_price"). */
function rowUnit(label: unknown): string | undefined {
  if (typeof label !== 'string') return undefined;
  const inBrackets = unitInLabel(label);
  if (inBrackets) return inBrackets;
  const spec = inputSpec(label.trim());
  return spec && spec.name === label.trim() ? spec.unit : undefined;
}

/** Gives a table's numbers their units from its structure (see the file comment); other tables are unchanged. */
export function tableWithUnits(t: readonly (readonly OutCell[])[]): OutCell[][] {
  const copy = t.map((row) => row.slice());
  if (copy.length < 2) return copy;
  const header = copy[0];
  if (!header.some((h) => typeof h === 'string')) return copy;
  const unitCol = header.findIndex((h) => typeof h === 'string' && h.trim().toLowerCase() === 'unit');
  const colUnits = header.map((h) => (typeof h !== 'string' ? undefined : DATE_HEADERS.has(h.trim().toLowerCase()) ? 'date' : unitInLabel(h)));
  for (let i = 1; i < copy.length; i++) {
    const row = copy[i];
    const ru = unitCol >= 0 ? (typeof row[unitCol] === 'string' ? (row[unitCol] as string) : undefined) : rowUnit(row[0]);
    for (let j = 0; j < row.length; j++) {
      const c = row[j];
      if (typeof c !== 'number' || j === unitCol) continue;
      const unit = (j > 0 ? ru : undefined) ?? colUnits[j];
      if (unit && numberFormatForUnit(unit)) row[j] = quantity(c, unit);
    }
  }
  return copy;
}

export interface DoubleJson {
  type: 'Double' | 'FormattedNumber';
  basicType: 'Double';
  basicValue: number;
  numberFormat?: string;
}
export interface StringJson {
  type: 'String';
  basicType: 'String';
  basicValue: string;
}
export interface BooleanJson {
  type: 'Boolean';
  basicType: 'Boolean';
  basicValue: boolean;
}
export interface EntityJson {
  type: 'Entity';
  text: string;
  properties: Record<string, DoubleJson | StringJson | BooleanJson>;
}
export type CellJson = DoubleJson | StringJson | BooleanJson | EntityJson;

function numberJson(value: number, format: string | undefined, level: DataTypeLevel): DoubleJson {
  if (!format) return { type: 'Double', basicType: 'Double', basicValue: value };
  return { type: level === 'formattedNumber' ? 'FormattedNumber' : 'Double', basicType: 'Double', basicValue: value, numberFormat: format };
}

function cellOut(c: OutCell, level: DataTypeLevel): Plain | DoubleJson {
  if (!isQuantity(c)) return c;
  const format = numberFormatForUnit(c.unit);
  if (!format || level === 'none') return c.value;
  return numberJson(c.value, format, level);
}

function fieldJson(v: CardField, level: DataTypeLevel): DoubleJson | StringJson | BooleanJson {
  if (isQuantity(v)) return numberJson(v.value, numberFormatForUnit(v.unit), level);
  if (typeof v === 'number') return numberJson(v, undefined, level);
  if (typeof v === 'boolean') return { type: 'Boolean', basicType: 'Boolean', basicValue: v };
  return { type: 'String', basicType: 'String', basicValue: v };
}

/** A result as Excel takes it at the given data-type level. */
export function toExcelResult(r: Out, level: DataTypeLevel = dataTypeLevel()): unknown {
  if (isCard(r)) {
    if (level === 'none') return r.text;
    const properties: Record<string, DoubleJson | StringJson | BooleanJson> = {};
    for (const [name, v] of r.fields) properties[name] = fieldJson(v, level);
    const entity: EntityJson = { type: 'Entity', text: r.text, properties };
    return entity;
  }
  if (Array.isArray(r)) {
    // plain values only: no table structure to read (the hot path in Node and hosts without data types)
    if (level === 'none') return r.map((row) => row.map((c) => (isQuantity(c) ? c.value : c)));
    return tableWithUnits(r).map((row) => row.map((c) => cellOut(c, level)));
  }
  return cellOut(r as OutCell, level);
}

// ---- reading data types back ---------------------------------------------------------------

function typeOf(x: unknown): string | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return undefined;
  const t = (x as { type?: unknown }).type;
  return typeof t === 'string' ? t : undefined;
}

/**
 * An argument as the adapter checks it: a Double/FormattedNumber/String/Boolean
 * data type becomes its basic value, an Empty one null. Entities and errors stay
 * objects (the adapter says what to do with them); plain values are unchanged.
 */
export function plainArg(x: unknown): unknown {
  switch (typeOf(x)) {
    case 'Double':
    case 'FormattedNumber':
    case 'String':
    case 'Boolean':
      return (x as { basicValue: unknown }).basicValue;
    case 'Empty':
      return null;
    default:
      return x;
  }
}

/** The text of a card passed where a value is needed, or undefined. */
export function entityText(x: unknown): string | undefined {
  return typeOf(x) === 'Entity' ? String((x as { text?: unknown }).text ?? '') : undefined;
}

export interface ReadCell {
  readonly value: Plain | null;
  readonly numberFormat?: string;
}
export interface ReadResult {
  /** The plain value Excel would show without data types: a number, text, boolean, or rows of them. */
  readonly value: Plain | (Plain | null)[][];
  /** The number format: a string for one value, rows ("" = General) for a table; absent when nothing has one. */
  readonly numberFormat?: string | string[][];
  /** A card's fields, each its plain value and format. */
  readonly properties?: Record<string, ReadCell>;
}

function readCell(x: unknown): ReadCell {
  const t = typeOf(x);
  if (t === 'Double' || t === 'FormattedNumber') {
    const d = x as DoubleJson;
    return d.numberFormat ? { value: d.basicValue, numberFormat: d.numberFormat } : { value: d.basicValue };
  }
  if (t === 'String' || t === 'Boolean') return { value: (x as StringJson | BooleanJson).basicValue };
  if (t === 'Entity') return { value: (x as EntityJson).text };
  if (t === 'Empty') return { value: null };
  return { value: x as Plain };
}

/** What a function returned, read as the function-host stand-in and the CLI report it. */
export function readResult(r: unknown): ReadResult {
  if (Array.isArray(r)) {
    const cells = r.map((row) => (Array.isArray(row) ? row.map(readCell) : [readCell(row)]));
    const value = cells.map((row) => row.map((c) => c.value));
    if (!cells.some((row) => row.some((c) => c.numberFormat))) return { value };
    return { value, numberFormat: cells.map((row) => row.map((c) => c.numberFormat ?? '')) };
  }
  if (typeOf(r) === 'Entity') {
    const e = r as EntityJson;
    const properties: Record<string, ReadCell> = {};
    for (const [k, v] of Object.entries(e.properties ?? {})) properties[k] = readCell(v);
    return { value: e.text, properties };
  }
  const c = readCell(r);
  return c.numberFormat ? { value: c.value as Plain, numberFormat: c.numberFormat } : { value: c.value as Plain };
}

/** True for a cell-value JSON object this module writes (the browser tests check every result against it). */
export function isWellFormedCellJson(x: unknown): boolean {
  const t = typeOf(x);
  const o = x as Record<string, unknown>;
  if (t === 'Double' || t === 'FormattedNumber') return typeof o.basicValue === 'number' && Number.isFinite(o.basicValue) && (o.numberFormat === undefined || typeof o.numberFormat === 'string');
  if (t === 'String') return typeof o.basicValue === 'string';
  if (t === 'Boolean') return typeof o.basicValue === 'boolean';
  if (t === 'Entity') return typeof o.text === 'string' && typeof o.properties === 'object' && o.properties !== null && Object.values(o.properties as object).every(isWellFormedCellJson);
  return false;
}
