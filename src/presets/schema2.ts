/**
 * Validation of a schema-2 preset (docs/presets.md): the shape of every key and
 * value, then the consistency of its book (checks.ts). Never throws; a document
 * is accepted whole or rejected with every reason (bounded). The accepted preset
 * is rebuilt from known keys only, on prototype-free records.
 */
import { checkInputValue, INPUT_NAMES } from '../engine/catalogue';
import { closest } from '../engine/errors';
import { consistencyChecks } from './checks';
import { LIST_GROUPS, ListName, SELECTOR_INPUTS, fieldIn, namesIn, requiredIn } from './fields';
import { Company, FieldRecord, FieldValue, Instrument, Preset, PresetField, SOURCE_KINDS, ScheduleEntry, Source, SourceKind, Tranche } from './types';
import {
  FORBIDDEN_KEYS,
  MAX_DESCRIPTION,
  MAX_REPORTED_ERRORS,
  MAX_UNKNOWN_REPORTED,
  TICKER,
  boundedEntries,
  checkDate,
  checkText,
  checkUrl,
  isPlainObject,
  shownValue,
  unknownKeys,
} from './validation';

const TOP_KEYS = ['schema', 'ticker', 'aliases', 'alias_note', 'name', 'asof', 'quarter', 'ai_business', 'sources', 'fields', 'contracts', 'convertibles', 'warrants', 'debt'];
const RECORD_KEYS = ['value', 'asof', 'source', 'assumption', 'note'];
const SOURCE_KEYS = ['title', 'publisher', 'date', 'url', 'kind', 'note'];
type EntryList = Exclude<ListName, 'fields'>;
const ENTRY_KEYS: Record<EntryList, readonly string[]> = {
  contracts: ['name', 'tenant', 'guarantor', 'note', 'fields'],
  convertibles: ['name', 'note', 'fields'],
  warrants: ['name', 'holder', 'note', 'fields'],
  debt: ['name', 'lender', 'note', 'fields'],
};
const ENTRY_WORD: Record<EntryList, string> = { contracts: 'contract', convertibles: 'convertible', warrants: 'warrant', debt: 'debt item' };

export const LIMITS = { sources: 300, entries: 100, aliases: 5, schedule: 400 } as const;
const SOURCE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
/** Tranche and instrument names: a letter first (so a tranche override is never read as a number), then letters, digits, - and _. */
export const ENTRY_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
/** The `tranche` override's value for the whole book; no tranche may take this name. */
export const WHOLE_BOOK = 'all';
/** Tranche selector of a new MW on a standard lease (no book): reserved too. */
export const STANDARD_LEASE = 'standard';
const QUARTER = /^(\d{4})-Q([1-4])$/;
const NAMES_OF_INPUTS = INPUT_NAMES;

interface Ctx {
  readonly ticker: string;
  /** The preset's asof; NaN when it is invalid (date comparisons are then skipped). */
  readonly asof: number;
  /** Source ids, or undefined when the registry itself is invalid (then citations are not checked again). */
  readonly sources: ReadonlySet<string> | undefined;
  readonly errors: string[];
  /** "Did you mean" searches left for this document (each is an edit-distance search over a name list). */
  hints: number;
}

/** "Did you mean" hints per document: enough to fix a file, bounded so a file of made-up names costs little. */
export const MAX_HINTS = 20;

function hint(ctx: Ctx, given: string, candidates: readonly string[]): string | undefined {
  if (ctx.hints <= 0) return undefined;
  ctx.hints--;
  return closest(given, candidates);
}

/** Last day of a calendar quarter "YYYY-Qn", as ISO. */
export function quarterEnd(quarter: string): string {
  const m = QUARTER.exec(quarter)!;
  const month = Number(m[2]) * 3;
  return new Date(Date.UTC(Number(m[1]), month, 0)).toISOString().slice(0, 10);
}

function checkSchedule(where: string, x: unknown, errors: string[]): ScheduleEntry[] | undefined {
  if (!Array.isArray(x) || x.length === 0) {
    errors.push(`${where} must be a list of { "date": "YYYY-MM-DD", "it_mw": n } deliveries`);
    return undefined;
  }
  if (x.length > LIMITS.schedule) {
    errors.push(`${where} has ${x.length} deliveries; at most ${LIMITS.schedule}`);
    return undefined;
  }
  const before = errors.length;
  const out: ScheduleEntry[] = [];
  let last = -Infinity;
  x.forEach((e, i) => {
    if (errors.length >= MAX_REPORTED_ERRORS) return;
    const w = `${where}[${i + 1}]`;
    if (!isPlainObject(e)) {
      errors.push(`${w} must be { "date": "YYYY-MM-DD", "it_mw": n }`);
      return;
    }
    unknownKeys(w, e, ['date', 'it_mw'], errors);
    const d = checkDate(`${w}.date`, e.date, errors);
    if (typeof e.it_mw !== 'number' || !Number.isFinite(e.it_mw) || e.it_mw <= 0 || e.it_mw > 1e5) errors.push(`${w}.it_mw must be a number of IT MW above 0 and at most 100000, got ${shownValue(e.it_mw)}`);
    if (d < last) errors.push(`${w}.date ${e.date} is before the delivery above it; list deliveries in date order`);
    if (Number.isFinite(d)) last = d;
    out.push(Object.freeze({ date: e.date as string, it_mw: e.it_mw as number }));
  });
  return errors.length > before ? undefined : out;
}

/** Why a field name does not belong in this list, with the list it belongs to or the closest name. */
function unknownFieldReason(list: ListName, name: string, ctx: Ctx): string {
  if (SELECTOR_INPUTS.has(name)) return `"${name}" is chosen in a function call, not set in a preset`;
  for (const other of Object.keys(LIST_GROUPS) as ListName[]) {
    if (other !== list && fieldIn(other, name)) return other === 'fields' ? `"${name}" is a company field: put it in the preset's top-level "fields"` : `"${name}" belongs in a ${ENTRY_WORD[other as EntryList]}'s fields (the "${other}" list)`;
  }
  const near = hint(ctx, name, namesIn(list, NAMES_OF_INPUTS));
  return `unknown field${near ? ` (did you mean "${near}"?)` : ''}`;
}

/** One field record: value of its kind and range, as-of, exactly one of source (a registry id) or assumption, optional note. */
function checkRecord(where: string, list: ListName, name: string, raw: unknown, ctx: Ctx): FieldRecord | undefined {
  const errors = ctx.errors;
  const f = fieldIn(list, name)!;
  if (!isPlainObject(raw)) {
    errors.push(`${where} must be an object with value, asof and source or assumption`);
    return undefined;
  }
  const before = errors.length;
  unknownKeys(where, raw, RECORD_KEYS, errors);
  let value: FieldValue | undefined;
  if (f.input) {
    const c = checkInputValue(f.input, raw.value);
    if (c.ok) value = c.value;
    else errors.push(`${where}: ${c.message}`);
  } else if (f.kind === 'number') {
    const v = raw.value;
    const spec = f.spec!;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < spec.min! || v > spec.max! || (spec.integer && !Number.isInteger(v))) {
      errors.push(`${where} was ${shownValue(v)}; allowed: ${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max} (${f.unit})`);
    } else value = v;
  } else if (f.kind === 'date') {
    if (Number.isFinite(checkDate(`${where}.value`, raw.value, errors))) value = raw.value as string;
  } else if (f.kind === 'schedule') {
    value = checkSchedule(`${where}.value`, raw.value, errors);
  } else {
    value = checkText(`${where}.value`, raw.value, errors, true, 200);
  }
  const asof = checkDate(`${where}.asof`, raw.asof, errors);
  if (asof > ctx.asof) errors.push(`${where}.asof ${raw.asof} is after the preset's asof; the preset's asof is the date of its newest document`);
  const hasSource = raw.source !== undefined;
  const hasAssumption = raw.assumption !== undefined;
  if (hasSource === hasAssumption) errors.push(`${where} needs exactly one of "source" (the id of a document in "sources") or "assumption" (why this figure)`);
  if (hasSource) {
    if (typeof raw.source !== 'string' || !SOURCE_ID.test(raw.source)) errors.push(`${where}.source must be the id of a document in "sources", got ${shownValue(raw.source)}`);
    else if (ctx.sources && !ctx.sources.has(raw.source)) {
      const near = hint(ctx, raw.source, [...ctx.sources]);
      errors.push(`${where} cites source "${raw.source}", which is not in "sources"${near ? ` (did you mean "${near}"?)` : ''}`);
    }
  }
  if (hasAssumption) checkText(`${where}.assumption`, raw.assumption, errors);
  if (raw.note !== undefined) checkText(`${where}.note`, raw.note, errors);
  if (errors.length > before || value === undefined) return undefined;
  return Object.freeze({
    value,
    asof: raw.asof as string,
    ...(hasSource ? { source: raw.source as string } : { assumption: raw.assumption as string }),
    ...(raw.note !== undefined ? { note: raw.note as string } : {}),
  });
}

/** The `fields` object of the preset or of one entry: every record checked, required names present. */
function checkFields(where: string, list: ListName, raw: unknown, ctx: Ctx): Record<string, FieldRecord> | undefined {
  const errors = ctx.errors;
  if (!isPlainObject(raw)) {
    errors.push(`${where} must be an object of field records`);
    return undefined;
  }
  const allowed = namesIn(list, NAMES_OF_INPUTS).length;
  const entries = boundedEntries(where, raw, allowed, 'entries (more than there are fields)', errors);
  if (!entries) return undefined;
  const before = errors.length;
  const out: Record<string, FieldRecord> = Object.create(null);
  let unknown = 0;
  for (const [k, v] of entries) {
    if (errors.length >= MAX_REPORTED_ERRORS) break;
    if (FORBIDDEN_KEYS.has(k)) {
      errors.push(`${where} has a forbidden field name "${k}"`);
      continue;
    }
    if (!fieldIn(list, k)) {
      // "did you mean" is an edit-distance search: reported one by one up to a bound, then counted
      if (++unknown <= MAX_UNKNOWN_REPORTED) errors.push(`${where}.${k.slice(0, 40)}: ${unknownFieldReason(list, k, ctx)}`);
      continue;
    }
    const rec = checkRecord(`${where}.${k}`, list, k, v, ctx);
    if (rec) out[k] = rec;
  }
  if (unknown > MAX_UNKNOWN_REPORTED) errors.push(`${where} has ${unknown - MAX_UNKNOWN_REPORTED} more unknown fields`);
  for (const r of requiredIn(list)) if (!(r in raw)) errors.push(`${where} needs "${r}"`);
  return errors.length > before ? undefined : out;
}

function checkSources(where: string, raw: unknown, ctx: Pick<Ctx, 'ticker' | 'asof' | 'errors'>): Record<string, Source> | undefined {
  const errors = ctx.errors;
  if (!isPlainObject(raw)) {
    errors.push(`${where} must be an object of documents by id`);
    return undefined;
  }
  const entries = boundedEntries(where, raw, LIMITS.sources, 'documents', errors);
  if (!entries) return undefined;
  if (entries.length === 0) errors.push(`${where} is empty; a preset cites at least one document`);
  const before = errors.length;
  const out: Record<string, Source> = Object.create(null);
  for (const [id, s] of entries) {
    if (errors.length >= MAX_REPORTED_ERRORS) break;
    const w = `${where}.${id.slice(0, 40)}`;
    if (FORBIDDEN_KEYS.has(id) || !SOURCE_ID.test(id)) {
      errors.push(`${where}: "${id.slice(0, 40)}" is not a source id (letters, digits, . _ -, up to 80 characters)`);
      continue;
    }
    if (!isPlainObject(s)) {
      errors.push(`${w} must be { "title", "publisher", "date", "url", "kind" }`);
      continue;
    }
    unknownKeys(w, s, SOURCE_KEYS, errors);
    checkText(`${w}.title`, s.title, errors, true, 300);
    checkText(`${w}.publisher`, s.publisher, errors, true, 200);
    const d = checkDate(`${w}.date`, s.date, errors);
    if (d > ctx.asof) errors.push(`${w}.date ${s.date} is after the preset's asof; the preset's asof is the date of its newest document`);
    checkUrl(`${w}.url`, s.url, errors);
    if (!(SOURCE_KINDS as readonly unknown[]).includes(s.kind)) errors.push(`${w}.kind was ${shownValue(s.kind)}; allowed: ${SOURCE_KINDS.join(', ')}`);
    if (s.note !== undefined) checkText(`${w}.note`, s.note, errors);
    out[id] = Object.freeze({ id, title: s.title as string, publisher: s.publisher as string, date: s.date as string, url: s.url as string, kind: s.kind as SourceKind, ...(s.note !== undefined ? { note: s.note as string } : {}) });
  }
  return errors.length > before ? undefined : out;
}

/** A list of contracts or instruments: entries with unique names, their text and their fields. */
function checkEntries(list: EntryList, raw: unknown, ctx: Ctx): (Tranche | Instrument)[] | undefined {
  const errors = ctx.errors;
  const where = `${ctx.ticker}.${list}`;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    errors.push(`${where} must be a list`);
    return undefined;
  }
  if (raw.length > LIMITS.entries) {
    errors.push(`${where} has ${raw.length} entries; at most ${LIMITS.entries}`);
    return undefined;
  }
  const before = errors.length;
  const out: (Tranche | Instrument)[] = [];
  const names = new Set<string>();
  raw.forEach((e, i) => {
    if (errors.length >= MAX_REPORTED_ERRORS) return;
    // a tranche's name is what the `tranche` override types, so it is a short name; an instrument's is a label
    const isTranche = list === 'contracts';
    const rawName = isPlainObject(e) ? e.name : undefined;
    const name = typeof rawName === 'string' && (isTranche ? ENTRY_NAME.test(rawName) : rawName.trim() !== '' && rawName.length <= 100) ? rawName : undefined;
    const w = `${where}[${i + 1}]${name ? ` "${name}"` : ''}`;
    if (!isPlainObject(e)) {
      errors.push(`${w} must be an object with a name and fields`);
      return;
    }
    unknownKeys(w, e, ENTRY_KEYS[list], errors);
    if (!name) errors.push(isTranche ? `${w}.name must be a short name: a letter, then letters, digits, - or _ (up to 40), got ${shownValue(e.name)}` : `${w}.name must be text of up to 100 characters, got ${shownValue(e.name)}`);
    else if (!isTranche && checkText(`${w}.name`, name, errors, true, 100) === undefined) return;
    else if (names.has(name.toLowerCase())) errors.push(`${w}: the name "${name}" is used twice in ${list} (names are compared without case)`);
    else if (isTranche && name.toLowerCase() === WHOLE_BOOK) errors.push(`${w}: "${WHOLE_BOOK}" is reserved (tranche "all" means the whole book)`);
    else if (isTranche && name.toLowerCase() === STANDARD_LEASE) errors.push(`${w}: "${STANDARD_LEASE}" is reserved (tranche "standard" means a new MW on a standard lease)`);
    if (name) names.add(name.toLowerCase());
    const tenant = list === 'contracts' ? checkText(`${w}.tenant`, e.tenant, errors, true, 200) : undefined;
    const extra = list === 'contracts' ? e.guarantor : list === 'warrants' ? e.holder : list === 'debt' ? e.lender : undefined;
    const extraKey = list === 'contracts' ? 'guarantor' : list === 'warrants' ? 'holder' : 'lender';
    if (extra !== undefined) checkText(`${w}.${extraKey}`, extra, errors, true, 200);
    if (e.note !== undefined) checkText(`${w}.note`, e.note, errors);
    const fields = checkFields(`${w}.fields`, list, e.fields, ctx);
    if (!fields || !name) return;
    const note = e.note !== undefined ? { note: e.note as string } : {};
    if (list === 'contracts') out.push(Object.freeze({ name, tenant: tenant!, ...(extra !== undefined ? { guarantor: extra as string } : {}), ...note, fields }));
    else out.push(Object.freeze({ name, ...(extra !== undefined ? { holder: extra as string } : {}), ...note, fields }));
  });
  return errors.length > before ? undefined : out;
}

/**
 * Shape of a schema-2 document: keys, text, dates, sources, every field's kind,
 * range and citation, required fields. Returns the rebuilt preset, or undefined
 * after pushing every reason. The book's consistency is not checked here.
 */
export function validateShape2(doc: Record<string, unknown>, errors: string[]): Preset | undefined {
  const before = errors.length;
  const tickerRaw = doc.ticker;
  const ticker = typeof tickerRaw === 'string' && TICKER.test(tickerRaw) ? tickerRaw : '?';
  if (ticker === '?') errors.push(`ticker must be 1–10 upper-case letters, digits or dots, got ${JSON.stringify(tickerRaw)?.slice(0, 40)}`);
  unknownKeys(ticker, doc, TOP_KEYS, errors);
  checkText(`${ticker}.name`, doc.name, errors, true, 200);
  checkText(`${ticker}.ai_business`, doc.ai_business, errors, true, MAX_DESCRIPTION);
  const asof = checkDate(`${ticker}.asof`, doc.asof, errors);
  if (typeof doc.quarter !== 'string' || !QUARTER.test(doc.quarter)) errors.push(`${ticker}.quarter must be a calendar quarter written YYYY-Qn (e.g. "2026-Q1"), got ${shownValue(doc.quarter)}`);
  else if (Number.isFinite(asof) && quarterEnd(doc.quarter) > (doc.asof as string)) errors.push(`${ticker}.quarter ${doc.quarter} ends ${quarterEnd(doc.quarter)}, after the preset's asof ${doc.asof}; the quarter is the latest period the sources cover`);
  // aliases
  let aliases: string[] = [];
  if (doc.aliases !== undefined) {
    if (!Array.isArray(doc.aliases) || doc.aliases.length === 0 || doc.aliases.length > LIMITS.aliases) errors.push(`${ticker}.aliases must be a list of 1 to ${LIMITS.aliases} tickers`);
    else {
      aliases = [];
      for (const a of doc.aliases) {
        if (typeof a !== 'string' || !TICKER.test(a)) errors.push(`${ticker}.aliases: ${shownValue(a)} is not a ticker (1–10 upper-case letters, digits or dots)`);
        else if (a === ticker || aliases.includes(a)) errors.push(`${ticker}.aliases: ${a} is given twice or is the ticker itself`);
        else aliases.push(a);
      }
    }
    checkText(`${ticker}.alias_note`, doc.alias_note, errors, true, 500);
  } else if (doc.alias_note !== undefined) errors.push(`${ticker}.alias_note is given without aliases`);
  // sources, then everything that cites them
  const sources = checkSources(`${ticker}.sources`, doc.sources, { ticker, asof, errors });
  const ctx: Ctx = { ticker, asof, sources: sources ? new Set(Object.keys(sources)) : undefined, errors, hints: MAX_HINTS };
  const fields = checkFields(`${ticker}.fields`, 'fields', doc.fields, ctx);
  const lists: Partial<Record<EntryList, (Tranche | Instrument)[] | undefined>> = {};
  for (const l of ['contracts', 'convertibles', 'warrants', 'debt'] as const) {
    if (errors.length >= MAX_REPORTED_ERRORS) break;
    lists[l] = checkEntries(l, doc[l], ctx);
  }
  if (errors.length > before || !fields || !sources) return undefined;
  const inputs: Record<string, PresetField> = Object.create(null);
  for (const [k, r] of Object.entries(fields)) if (fieldIn('fields', k)?.input) inputs[k] = r as PresetField;
  const company: Company = Object.freeze({
    quarter: doc.quarter as string,
    ...(aliases.length > 0 ? { alias_note: doc.alias_note as string } : {}),
    sources,
    fields,
    contracts: lists.contracts as Tranche[],
    convertibles: lists.convertibles as Instrument[],
    warrants: lists.warrants as Instrument[],
    debt: lists.debt as Instrument[],
  });
  return Object.freeze({ schema: 2, ticker, aliases, name: doc.name as string, asof: doc.asof as string, ai_business: doc.ai_business as string, fields: inputs, company });
}

/** A schema-2 preset: shape, then the consistency checks; any failure rejects it with every reason. */
export function validatePreset2(doc: Record<string, unknown>, errors: string[]): Preset | undefined {
  const p = validateShape2(doc, errors);
  if (!p) return undefined;
  const failures = consistencyChecks(p).flatMap((c) => c.failures.map((f) => `${p.ticker}: ${f}`));
  if (failures.length === 0) return p;
  errors.push(...failures);
  return undefined;
}
