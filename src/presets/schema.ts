/**
 * Company presets: the types, and validation of both schemas a file may use.
 *
 * Schema 2 (`"schema": 2`, src/presets/schema2.ts) is a company: capacity by
 * stage, a contract book, a balance sheet and the model inputs, every figure
 * citing a document of its source registry or stating an assumption, and the
 * book checked for consistency (src/presets/checks.ts).
 * Schema 1 (no `schema` key, or `"schema": 1`) is the turn-1 format: model inputs
 * only, each with free-text source. It stays readable because users hold schema-1
 * files, and every workbook saved with an imported preset stores it in that form;
 * a schema-1 preset is an inputs-only company (no book, no balance sheet).
 *
 * Validation never throws and never partially accepts: a document is valid as a
 * whole, or rejected with every reason (bounded).
 */
import { CATALOGUE, InputSpec, checkInputValue, inputSpec, INPUT_NAMES } from '../engine/catalogue';
import { closest } from '../engine/errors';
import { SELECTOR_INPUTS } from './fields';
import { validatePreset2, validateShape2 } from './schema2';
import type { Preset, PresetField } from './types';
import { FORBIDDEN_KEYS, MAX_REPORTED_ERRORS, MAX_UNKNOWN_REPORTED, TICKER, checkDate, checkText, isPlainObject, unknownKeys } from './validation';

export * from './types';
export { MAX_REPORTED_ERRORS } from './validation';

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const PRESET_KEYS = ['schema', 'ticker', 'name', 'asof', 'ai_business', 'fields'];
const FIELD_KEYS = ['value', 'asof', 'source', 'assumption'];

function checkField(ticker: string, name: string, raw: unknown, errors: string[]): void {
  const where = `${ticker}.${name.slice(0, 40)}`;
  if (FORBIDDEN_KEYS.has(name)) {
    errors.push(`${ticker} has a forbidden field name "${name}"`);
    return;
  }
  if (SELECTOR_INPUTS.has(name)) {
    errors.push(`${where}: "${name}" is chosen in a function call, not set in a preset`);
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

/** Validates one schema-1 document (model inputs only). */
function validatePreset1(doc: Record<string, unknown>, errors: string[]): Preset | undefined {
  const before = errors.length;
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
  return { schema: 1, ticker: tickerRaw as string, aliases: [], name: doc.name as string, asof: doc.asof as string, ai_business: doc.ai_business as string, fields };
}

function validateBySchema(doc: unknown, errors: string[], withChecks: boolean): Preset | undefined {
  if (!isPlainObject(doc)) {
    errors.push('a preset must be a JSON object');
    return undefined;
  }
  const schema = doc.schema;
  if (schema === 2) return withChecks ? validatePreset2(doc, errors) : validateShape2(doc, errors);
  if (schema === undefined || schema === 1) return validatePreset1(doc, errors);
  const t = typeof doc.ticker === 'string' && TICKER.test(doc.ticker) ? doc.ticker : 'a preset';
  errors.push(`${t}: "schema" must be 2 (or 1 for a model-inputs-only preset), got ${JSON.stringify(schema)?.slice(0, 20)}`);
  return undefined;
}

/**
 * Validates one preset document of either schema: shape, and for schema 2 the
 * consistency of its book. Pushes every reason onto `errors`; never throws.
 */
export function validatePreset(doc: unknown, errors: string[] = []): Preset | undefined {
  return validateBySchema(doc, errors, true);
}

/** Shape only (the audit runs the consistency checks itself, to report each one). */
export function validatePresetShape(doc: unknown, errors: string[] = []): Preset | undefined {
  return validateBySchema(doc, errors, false);
}

/**
 * The canonical JSON document of a validated preset, in its own schema: what
 * validates back to the same preset (for saving an imported preset, e.g. in a
 * workbook snapshot, without losing its book).
 */
export function presetDocument(p: Preset): Record<string, unknown> {
  const rec = (r: { value: unknown; asof: string; source?: string; assumption?: string; note?: string }) => ({
    value: r.value,
    asof: r.asof,
    ...(r.source !== undefined ? { source: r.source } : { assumption: r.assumption }),
    ...(r.note !== undefined ? { note: r.note } : {}),
  });
  const recs = (fields: Readonly<Record<string, { value: unknown; asof: string }>>) => Object.fromEntries(Object.entries(fields).map(([k, r]) => [k, rec(r)]));
  const c = p.company;
  if (!c) {
    const fields: Record<string, unknown> = {};
    for (const spec of CATALOGUE) if (p.fields[spec.name]) fields[spec.name] = rec(p.fields[spec.name]);
    return { ticker: p.ticker, name: p.name, asof: p.asof, ai_business: p.ai_business, fields };
  }
  const sources = Object.fromEntries(Object.values(c.sources).map(({ id, ...s }) => [id, s]));
  const entry = (key: string | undefined) => (e: { name: string; tenant?: string; guarantor?: string; holder?: string; note?: string; fields: Readonly<Record<string, { value: unknown; asof: string }>> }) => ({
    name: e.name,
    ...(e.tenant !== undefined ? { tenant: e.tenant } : {}),
    ...(key && (e.guarantor ?? e.holder) !== undefined ? { [key]: e.guarantor ?? e.holder } : {}),
    ...(e.note !== undefined ? { note: e.note } : {}),
    fields: recs(e.fields),
  });
  return {
    schema: 2,
    ticker: p.ticker,
    ...(p.aliases.length > 0 ? { aliases: [...p.aliases], alias_note: c.alias_note } : {}),
    name: p.name,
    asof: p.asof,
    quarter: c.quarter,
    ai_business: p.ai_business,
    sources,
    fields: recs(c.fields),
    contracts: c.contracts.map(entry('guarantor')),
    convertibles: c.convertibles.map(entry(undefined)),
    warrants: c.warrants.map(entry('holder')),
    debt: c.debt.map(entry('lender')),
  };
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
    for (const a of v.aliases) {
      if (seen.has(a)) errors.push(`${v.ticker}: alias ${a} is already a ticker or alias of another preset in this file (entry ${i + 1})`);
      seen.add(a);
    }
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

