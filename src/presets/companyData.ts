/**
 * Reading a validated preset as a user asks for it: the citation of a figure,
 * a company field with its source, the contract book as rows, and the inputs a
 * tranche layers over the company's (the `tranche` override).
 */
import { inputSpec } from '../engine/catalogue';
import { serialFromIso } from '../engine/dates';
import { Delivery, MAX_TIMELINE_MONTHS } from '../engine/lease';
import { fieldIn, TOP_LEVEL_FIELDS } from './fields';
import { FieldRecord, Preset, Tranche } from './types';

/** The `tranche` value that selects the whole book (no tranche layer). */
export const WHOLE_BOOK_TRANCHE = 'all';
/** The `tranche` value that selects a new MW on a standard lease at the company's own inputs, without the book (no tranche layer). */
export const STANDARD_TRANCHE = 'standard';

export interface LayeredValue {
  readonly value: number | string;
  readonly asof: string;
  /** Where it comes from, as INPUT_SOURCE says it. */
  readonly basis: string;
}

export interface TrancheLayer {
  readonly name: string;
  readonly values: ReadonlyMap<string, LayeredValue>;
}

/**
 * Where a figure comes from, in one line: for schema 2 the document's title,
 * publisher, date and address (a press rewrite marked as such), or the
 * assumption and its reason; the field's note (a quote or the arithmetic) after it.
 */
export function citationText(p: Preset, rec: { source?: string; assumption?: string; note?: string }): string {
  const note = rec.note !== undefined ? ` (${rec.note})` : '';
  if (rec.assumption !== undefined) return `assumption: ${rec.assumption}${note}`;
  const s = p.company?.sources[rec.source!];
  if (!s) return `${rec.source}${note}`; // schema 1: the citation is the text itself
  return `${s.title}, ${s.publisher}, ${s.date}, ${s.url}${s.kind === 'press' ? ' [press rewrite: no primary document gives it]' : ''}${note}`;
}

const num = (r: FieldRecord | undefined): number | undefined => (r !== undefined && typeof r.value === 'number' ? r.value : undefined);

/**
 * The inputs one tranche sets over the company's: every model input among its
 * fields, and, unless the tranche sets them, `convert_mw` = its gross MW (100 %
 * of the deal: MINER_AI_YIELD values the project, not the company's share) and
 * `pue` = gross MW ÷ IT MW (so the per-MW engine's IT MW is the deal's).
 */
export function trancheLayer(p: Preset, t: Tranche): TrancheLayer {
  const values = new Map<string, LayeredValue>();
  const where = `tranche "${t.name}"`;
  for (const [k, rec] of Object.entries(t.fields)) {
    if (!fieldIn('contracts', k)?.input) continue;
    values.set(k, { value: rec.value as number | string, asof: rec.asof, basis: `${where}: ${citationText(p, rec)}` });
  }
  const gross = num(t.fields.gross_mw)!;
  const it = num(t.fields.it_mw)!;
  if (!values.has('convert_mw')) {
    const rec = t.fields.gross_mw;
    values.set('convert_mw', { value: gross, asof: rec.asof, basis: `${where} gross_mw, 100 % of the deal: ${citationText(p, rec)}` });
  }
  const pue = inputSpec('pue')!;
  const ratio = it > 0 ? gross / it : NaN;
  if (!values.has('pue') && ratio >= pue.min! && ratio <= pue.max!) {
    const asof = t.fields.gross_mw.asof > t.fields.it_mw.asof ? t.fields.gross_mw.asof : t.fields.it_mw.asof;
    values.set('pue', { value: ratio, asof, basis: `${where}: gross_mw ${gross} ÷ it_mw ${it}` });
  }
  return { name: t.name, values };
}

/** A top-level company field (capacity, operations, balance) with its citation; dates as Excel serials. */
export function companyField(p: Preset, name: string): LayeredValue | undefined {
  const rec = p.company?.fields[name];
  if (!rec || fieldIn('fields', name)?.input) return undefined;
  const value = typeof rec.value === 'string' && fieldIn('fields', name)?.kind === 'date' ? serialFromIso(rec.value) : (rec.value as number | string);
  return { value, asof: rec.asof, basis: citationText(p, rec) };
}

/** Names of the top-level company fields a preset sets, in catalogue order. */
export function companyFieldNames(p: Preset): string[] {
  const f = p.company?.fields;
  return f ? TOP_LEVEL_FIELDS.filter((s) => !fieldIn('fields', s.name)?.input && f[s.name] !== undefined).map((s) => s.name) : [];
}

export const CONTRACT_COLUMNS: readonly string[] = [
  'tranche',
  'tenant',
  'guarantor',
  'ai_mode',
  'it_mw',
  'gross_mw',
  'ownership_share',
  'start',
  'lease_term_years',
  'tcv_usd',
  'lease_rate_kw_month',
  'lease_escalator',
  'backstop_usd',
];

/**
 * The contract book as rows (CONTRACTS): one per tranche, in the preset's order.
 * A term the deal does not disclose is blank (""), never 0; `start` is the first
 * delivery's date (an Excel serial); `ai_mode` and `ownership_share` show the
 * value the book uses (the company's mode, 1 for a wholly owned deal).
 */
export function contractRows(p: Preset): (number | string)[][] {
  const c = p.company!;
  const companyMode = String(c.fields.ai_mode?.value ?? inputSpec('ai_mode')!.default);
  const rows: (number | string)[][] = [CONTRACT_COLUMNS.slice()];
  for (const t of c.contracts) {
    const f = t.fields;
    const n = (k: string): number | string => num(f[k]) ?? '';
    const sched = f.schedule?.value;
    const start = Array.isArray(sched) && sched.length > 0 ? serialFromIso(sched[0].date) : '';
    rows.push([t.name, t.tenant, t.guarantor ?? '', String(f.ai_mode?.value ?? companyMode), n('it_mw'), n('gross_mw'), num(f.ownership_share) ?? 1, start, n('lease_term_years'), n('tcv_usd'), n('lease_rate_kw_month'), n('lease_escalator'), n('backstop_usd')]);
  }
  return rows;
}

/** Whole calendar months from an Excel serial date to an ISO date (negative before it): 2026-01-01 → 2026-03-31 is 2. */
export function wholeMonthsBetween(fromSerial: number, toIso: string): number {
  const from = new Date(Math.round((fromSerial - 25569) * 86_400_000));
  const [y, m, d] = toIso.split('-').map(Number);
  const months = (y - from.getUTCFullYear()) * 12 + (m - 1 - from.getUTCMonth());
  return months - (d < from.getUTCDate() ? 1 : 0);
}

/**
 * A tranche's schedule as engine deliveries: each delivery's month is the whole
 * months from the valuation date to its date (≤ 0 when it is already in
 * service), its share its IT MW over the deal's. A tranche without a schedule
 * enters service after build_months, like the per-MW model.
 */
export function trancheDeliveries(t: Tranche, valuationSerial: number, buildMonths: number): readonly Delivery[] {
  // memoised per tranche (a validated, frozen record) and valuation date: COMPS and SENSITIVITY ask again and again
  let memo = deliveriesMemo.get(t);
  if (!memo) deliveriesMemo.set(t, (memo = new Map()));
  const key = `${valuationSerial}|${buildMonths}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const out = deliveriesOf(t, valuationSerial, buildMonths);
  if (memo.size >= 16) memo.clear();
  memo.set(key, out);
  return out;
}
const deliveriesMemo = new WeakMap<Tranche, Map<string, readonly Delivery[]>>();

function deliveriesOf(t: Tranche, valuationSerial: number, buildMonths: number): Delivery[] {
  const sched = t.fields.schedule?.value;
  if (!Array.isArray(sched) || sched.length === 0) return [{ month: Math.round(buildMonths), share: 1 }];
  let total = 0;
  for (const e of sched) total += e.it_mw;
  const out: Delivery[] = [];
  for (const e of sched) {
    const month = Math.max(-MAX_TIMELINE_MONTHS, Math.min(MAX_TIMELINE_MONTHS, wholeMonthsBetween(valuationSerial, e.date)));
    const last = out[out.length - 1];
    if (last && last.month === month) out[out.length - 1] = { month, share: last.share + e.it_mw / total };
    else out.push({ month, share: e.it_mw / total });
  }
  return out;
}

/** An Excel serial date moved by whole calendar months, its day of the month kept (clamped to the month's last day) and its time of day kept. */
export function addMonthsKeepingDay(serial: number, months: number): number {
  if (months === 0) return serial;
  const d = new Date(Math.round((Math.floor(serial) - 25569) * 86_400_000));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / 86_400_000 + 25569 + (serial - Math.floor(serial));
}

/** A preset's documents as a card lists them: "publisher, date: address" of each (schema 1: the cited texts). */
export function presetSourceList(p: Preset): string[] {
  if (p.company) return Object.values(p.company.sources).map((s) => `${s.publisher}, ${s.date}: ${s.url}`);
  return Object.values(p.fields).flatMap((f) => (f.source ? [f.source] : []));
}
