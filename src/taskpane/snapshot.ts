/**
 * The snapshot saved in the workbook (setting "btcai.snapshot"): the preset
 * table as it was last loaded or refreshed, the source it was loaded from (to
 * tell the user's edits from bundled data), and any imported presets. A model
 * reopened later reads it back, so it computes what it computed when built.
 *
 * Encoding is canonical (fixed key order, catalogue order), so encode → decode →
 * encode gives the same text. Decoding validates everything and never throws:
 * a damaged snapshot is reported with reasons, never half-applied.
 */
import { CATALOGUE, checkInputValue, inputSpec } from '../engine/catalogue';
import { Preset, presetDocument, validatePresetDocument } from '../presets/schema';
import { FieldValue, SheetData } from './presetTable';

export const SNAPSHOT_KEY = 'btcai.snapshot';
export const SNAPSHOT_FORMAT = 'btcai-snapshot';
export const SNAPSHOT_VERSION = 1;
const TICKER = /^[A-Z][A-Z0-9.]{0,9}$/;

export interface Snapshot {
  /** When it was saved (ISO timestamp). */
  readonly saved: string;
  /** The table's cells as the store uses them. */
  readonly sheet: SheetData;
  /** The source the table was loaded from: cells that differ from it are the user's edits. */
  readonly baseline: SheetData;
  readonly imported: readonly Preset[];
}

export type Decoded = { ok: true; snapshot: Snapshot } | { ok: false; errors: string[] };

function canonicalSheet(s: SheetData): Record<string, unknown> {
  const cells: Record<string, Record<string, FieldValue>> = {};
  const asof: Record<string, Record<string, string>> = {};
  for (const t of ['', ...s.tickers]) {
    cells[t] = {};
    asof[t] = {};
    for (const spec of CATALOGUE) {
      const v = s.cells[t]?.[spec.name];
      if (v !== undefined) cells[t][spec.name] = v;
      const a = s.asof[t]?.[spec.name];
      if (a !== undefined) asof[t][spec.name] = a;
    }
  }
  return { tickers: [...s.tickers], cells, asof };
}

export function encodeSnapshot(s: Snapshot): string {
  return JSON.stringify({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    saved: s.saved,
    sheet: canonicalSheet(s.sheet),
    baseline: canonicalSheet(s.baseline),
    imported: s.imported.map(presetDocument),
  });
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function onlyKeys(where: string, o: Record<string, unknown>, keys: readonly string[], errors: string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) errors.push(`${where} has an unexpected key "${k.slice(0, 40)}"`);
}

function decodeSheet(where: string, raw: unknown, errors: string[]): SheetData | undefined {
  if (!isObject(raw)) {
    errors.push(`${where} is missing`);
    return undefined;
  }
  onlyKeys(where, raw, ['tickers', 'cells', 'asof'], errors);
  const { tickers, cells, asof } = raw;
  if (!Array.isArray(tickers) || !tickers.every((t) => typeof t === 'string' && TICKER.test(t)) || new Set(tickers).size !== tickers.length) {
    errors.push(`${where}.tickers must be a list of distinct tickers`);
    return undefined;
  }
  if (!isObject(cells) || !isObject(asof)) {
    errors.push(`${where} needs cells and asof objects`);
    return undefined;
  }
  const columns = ['', ...(tickers as string[])];
  const outCells: Record<string, Record<string, FieldValue>> = {};
  const outAsof: Record<string, Record<string, string>> = {};
  for (const t of columns) {
    const c = cells[t];
    const a = asof[t];
    const label = `${where} column ${t || 'market'}`;
    if (!isObject(c) || !isObject(a)) {
      errors.push(`${label} is missing`);
      continue;
    }
    outCells[t] = {};
    outAsof[t] = {};
    for (const [name, v] of Object.entries(c)) {
      const spec = inputSpec(name);
      if (!spec || spec.name !== name) {
        errors.push(`${label}: unknown input "${name.slice(0, 40)}"`);
        continue;
      }
      const checked = checkInputValue(spec, v);
      if (!checked.ok || checked.value !== v) errors.push(`${label}: ${checked.ok ? `${name} is not in canonical form` : checked.message}`);
      else outCells[t][name] = checked.value;
    }
    for (const [name, d] of Object.entries(a)) {
      if (!(name in c)) errors.push(`${label}: as-of date for ${name.slice(0, 40)} without a value`);
      else if (typeof d !== 'string' || d.length > 40) errors.push(`${label}: as-of of ${name} must be short text`);
      else outAsof[t][name] = d;
    }
    if (t === '') for (const spec of CATALOGUE) if (!(spec.name in c)) errors.push(`${label}: ${spec.name} is missing`);
  }
  for (const k of Object.keys(cells)) if (!columns.includes(k)) errors.push(`${where}.cells has a column "${k.slice(0, 20)}" not in tickers`);
  return { tickers: tickers as string[], cells: outCells, asof: outAsof };
}

/** Decodes and validates a snapshot. Never throws. */
export function decodeSnapshot(text: string): Decoded {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`it is not valid JSON (${(e as Error).message.slice(0, 120)})`] };
  }
  if (!isObject(doc)) return { ok: false, errors: ['it is not a JSON object'] };
  if (doc.format !== SNAPSHOT_FORMAT) return { ok: false, errors: [`its format is ${JSON.stringify(doc.format)?.slice(0, 40)}, expected "${SNAPSHOT_FORMAT}"`] };
  if (doc.version !== SNAPSHOT_VERSION) return { ok: false, errors: [`its version is ${JSON.stringify(doc.version)?.slice(0, 20)}; this add-in reads version ${SNAPSHOT_VERSION}`] };
  const errors: string[] = [];
  onlyKeys('the snapshot', doc, ['format', 'version', 'saved', 'sheet', 'baseline', 'imported'], errors);
  if (typeof doc.saved !== 'string' || doc.saved.length > 40) errors.push('its saved time is missing');
  const sheet = decodeSheet('sheet', doc.sheet, errors);
  const baseline = decodeSheet('baseline', doc.baseline, errors);
  let imported: Preset[] = [];
  if (!Array.isArray(doc.imported)) errors.push('imported must be a list');
  else if (doc.imported.length > 0) {
    const v = validatePresetDocument(doc.imported);
    if (v.ok) imported = v.value;
    else errors.push(...v.errors.map((e) => `imported preset: ${e}`));
  }
  if (errors.length > 0 || !sheet || !baseline) return { ok: false, errors: errors.length > 0 ? errors : ['it is incomplete'] };
  return { ok: true, snapshot: { saved: doc.saved as string, sheet, baseline, imported } };
}

/** The key a damaged snapshot is moved to when the user asks (it is never overwritten). */
export function damagedKey(nowIso: string): string {
  return `${SNAPSHOT_KEY}.damaged.${nowIso.replace(/[^0-9T]/g, '').slice(0, 15)}`;
}

