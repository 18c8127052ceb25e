/**
 * The preset schema, derived from the input catalogue: a preset is a company,
 * its as-of date, what its AI business is, and fields named as catalogue inputs,
 * each with a value, an as-of date and either a source or an assumption.
 * Validation never throws and never partially accepts: a document is valid as a
 * whole, or rejected with every reason.
 */
import { CATALOGUE, InputSpec, checkInputValue, inputSpec, INPUT_NAMES } from '../engine/catalogue';
import { serialFromIso } from '../engine/dates';
import { closest } from '../engine/errors';

export interface PresetField {
  readonly value: number | string;
  readonly asof: string;
  readonly source?: string;
  readonly assumption?: string;
}

export interface Preset {
  readonly ticker: string;
  readonly name: string;
  readonly asof: string;
  readonly ai_business: string;
  readonly fields: Readonly<Record<string, PresetField>>;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const TICKER = /^[A-Z][A-Z0-9.]{0,9}$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_TEXT = 2000;
const PRESET_KEYS = ['ticker', 'name', 'asof', 'ai_business', 'fields'];
const FIELD_KEYS = ['value', 'asof', 'source', 'assumption'];
/** Unknown keys reported one by one (with "did you mean") per object; the rest are counted. */
const MAX_UNKNOWN_REPORTED = 10;
/** Reasons collected before validation stops: enough to fix a file, bounded so a hostile file cannot stall the pane. */
export const MAX_REPORTED_ERRORS = 200;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Text that is safe to show and to write into a cell: no formulas, no markup, bounded. */
function checkText(where: string, x: unknown, errors: string[], required = true): string | undefined {
  if (x === undefined && !required) return undefined;
  if (typeof x !== 'string' || x.trim() === '') {
    errors.push(`${where} must be non-empty text`);
    return undefined;
  }
  if (x.length > MAX_TEXT) errors.push(`${where} is longer than ${MAX_TEXT} characters`);
  if (/^[=+\-@]/.test(x.trim())) errors.push(`${where} must not start with = + - or @ (it would be read as a formula)`);
  if (/[<>]/.test(x)) errors.push(`${where} must not contain < or > (no markup)`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/.test(x)) errors.push(`${where} contains control characters or invalid UTF-8`);
  return x;
}

function checkDate(where: string, x: unknown, errors: string[]): void {
  if (typeof x !== 'string' || !Number.isFinite(serialFromIso(x))) errors.push(`${where} must be a date written YYYY-MM-DD, got ${JSON.stringify(x)?.slice(0, 40)}`);
}

function unknownKeys(where: string, obj: Record<string, unknown>, allowed: readonly string[], errors: string[]): void {
  let unknown = 0;
  for (const k of Object.keys(obj)) {
    if (FORBIDDEN_KEYS.has(k)) errors.push(`${where} has a forbidden key "${k}"`);
    else if (!allowed.includes(k) && ++unknown <= MAX_UNKNOWN_REPORTED) {
      const hint = closest(k, allowed);
      errors.push(`${where} has an unknown key "${k.slice(0, 40)}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
  }
  if (unknown > MAX_UNKNOWN_REPORTED) errors.push(`${where} has ${unknown - MAX_UNKNOWN_REPORTED} more unknown keys`);
}

function checkField(ticker: string, name: string, raw: unknown, errors: string[]): void {
  const where = `${ticker}.${name.slice(0, 40)}`;
  if (FORBIDDEN_KEYS.has(name)) {
    errors.push(`${ticker} has a forbidden field name "${name}"`);
    return;
  }
  const spec: InputSpec | undefined = inputSpec(name);
  if (!spec || spec.name !== name) {
    const hint = closest(name, INPUT_NAMES);
    errors.push(`${where}: unknown input${hint ? ` (did you mean "${hint}"?)` : ''}`);
    return;
  }
  if (!isPlainObject(raw)) {
    errors.push(`${where} must be an object with value, asof and source or assumption`);
    return;
  }
  unknownKeys(where, raw, FIELD_KEYS, errors);
  const checked = checkInputValue(spec, raw.value);
  if (!checked.ok) errors.push(`${ticker}: ${checked.message}`);
  checkDate(`${where}.asof`, raw.asof, errors);
  const hasSource = raw.source !== undefined;
  const hasAssumption = raw.assumption !== undefined;
  if (hasSource === hasAssumption) errors.push(`${where} needs exactly one of "source" (a public document and date) or "assumption" (why this figure)`);
  if (hasSource) checkText(`${where}.source`, raw.source, errors);
  if (hasAssumption) checkText(`${where}.assumption`, raw.assumption, errors);
}

/** Validates one preset document. */
export function validatePreset(doc: unknown, errors: string[] = []): Preset | undefined {
  const before = errors.length;
  if (!isPlainObject(doc)) {
    errors.push('a preset must be a JSON object');
    return undefined;
  }
  const tickerRaw = doc.ticker;
  const ticker = typeof tickerRaw === 'string' ? tickerRaw : '?';
  if (typeof tickerRaw !== 'string' || !TICKER.test(tickerRaw)) errors.push(`ticker must be 1–10 upper-case letters, digits or dots, got ${JSON.stringify(tickerRaw)?.slice(0, 40)}`);
  unknownKeys(ticker, doc, PRESET_KEYS, errors);
  checkText(`${ticker}.name`, doc.name, errors);
  checkText(`${ticker}.ai_business`, doc.ai_business, errors);
  checkDate(`${ticker}.asof`, doc.asof, errors);
  if (!isPlainObject(doc.fields)) errors.push(`${ticker}.fields must be an object of inputs`);
  else if (Object.keys(doc.fields).length > CATALOGUE.length) {
    // more keys than there are inputs: some are not inputs; say so once rather than matching thousands of names
    errors.push(`${ticker}.fields has ${Object.keys(doc.fields).length} entries; a preset has at most ${CATALOGUE.length}, one per input`);
  } else {
    let unknown = 0; // reported one by one up to MAX_UNKNOWN_REPORTED ("did you mean" is an edit-distance search), then counted
    for (const [k, v] of Object.entries(doc.fields)) {
      if (inputSpec(k)?.name !== k && !FORBIDDEN_KEYS.has(k) && ++unknown > MAX_UNKNOWN_REPORTED) continue;
      checkField(ticker, k, v, errors);
    }
    if (unknown > MAX_UNKNOWN_REPORTED) errors.push(`${ticker}.fields has ${unknown - MAX_UNKNOWN_REPORTED} more unknown inputs`);
  }
  if (errors.length > before) return undefined;
  // rebuild from known keys only, on prototype-free objects
  const fields: Record<string, PresetField> = Object.create(null);
  for (const [k, v] of Object.entries(doc.fields as Record<string, Record<string, unknown>>)) {
    const spec = inputSpec(k)!;
    const c = checkInputValue(spec, v.value);
    fields[k] = {
      value: c.ok ? c.value : (v.value as number),
      asof: v.asof as string,
      ...(v.source !== undefined ? { source: v.source as string } : { assumption: v.assumption as string }),
    };
  }
  return { ticker: tickerRaw as string, name: doc.name as string, asof: doc.asof as string, ai_business: doc.ai_business as string, fields };
}

/** Size limit of an imported preset file. */
export const MAX_IMPORT_BYTES = 2_000_000;

/**
 * Validates a whole import: one preset object, or `{ "presets": [ ... ] }`, or
 * an array of presets. All or nothing: any error rejects the whole document.
 */
export function validatePresetDocument(doc: unknown): Validation<Preset[]> {
  const errors: string[] = [];
  let list: unknown[];
  if (Array.isArray(doc)) list = doc;
  else if (isPlainObject(doc) && Array.isArray(doc.presets) && Object.keys(doc).length === 1) list = doc.presets;
  else list = [doc];
  if (list.length === 0) errors.push('the file holds no presets');
  if (list.length > 200) errors.push(`the file holds ${list.length} presets; at most 200 are accepted`);
  const presets: Preset[] = [];
  const seen = new Set<string>();
  list.slice(0, 200).forEach((p, i) => {
    if (errors.length >= MAX_REPORTED_ERRORS) return; // enough reasons; the document is rejected anyway
    const v = validatePreset(p, errors);
    if (!v) return;
    if (seen.has(v.ticker)) errors.push(`ticker ${v.ticker} appears twice (entry ${i + 1})`);
    seen.add(v.ticker);
    presets.push(v);
  });
  if (errors.length > MAX_REPORTED_ERRORS) errors.splice(MAX_REPORTED_ERRORS, errors.length, `… validation stopped after ${MAX_REPORTED_ERRORS} problems`);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: presets };
}

/** Parses and validates import text (JSON). Never throws. */
export function parsePresetText(text: string): Validation<Preset[]> {
  if (text.length > MAX_IMPORT_BYTES) return { ok: false, errors: [`the file is ${text.length} characters; at most ${MAX_IMPORT_BYTES} are accepted`] };
  if (text.includes('\ufffd')) return { ok: false, errors: ['the file is not valid UTF-8 text'] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`the file is not valid JSON: ${(e as Error).message.slice(0, 200)}`] };
  }
  return validatePresetDocument(doc);
}

/** Decodes file bytes as strict UTF-8 and validates them. */
export function parsePresetBytes(bytes: Uint8Array): Validation<Preset[]> {
  if (bytes.length > MAX_IMPORT_BYTES) return { ok: false, errors: [`the file is ${bytes.length} bytes; at most ${MAX_IMPORT_BYTES} are accepted`] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, errors: ['the file is not valid UTF-8 text'] };
  }
  return parsePresetText(text.replace(/^\ufeff/, ''));
}

