/**
 * What the pane shows, as data: the filtered preset list and the rows of a
 * preset's detail view. The DOM code only turns these into text nodes.
 */
import { CATALOGUE, inputSpec } from '../engine/catalogue';
import { formatNumber, numberFormatForUnit } from '../functions/formats';
import { citationText } from '../presets/companyData';
import { COMPANY_FIELDS, FieldGroup, fieldIn } from '../presets/fields';
import type { Preset } from '../presets/schema';
import type { PresetStore } from '../presets/store';
import { FieldRecord, Instrument, PRIMARY_KINDS, SourceKind, Tranche } from '../presets/types';

export interface ListItem {
  readonly ticker: string;
  readonly name: string;
  readonly asof: string;
  readonly imported: boolean;
  readonly inWorkbook: boolean;
}

/** Presets whose ticker, name or AI business contains every word of the query (case-insensitive). */
export function filterPresets(store: PresetStore, query: string): ListItem[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const imported = new Set(store.importedPresets().map((p) => p.ticker));
  const layer = store.workbookLayer();
  const out: ListItem[] = [];
  for (const t of store.tickers()) {
    const p = store.preset(t) as Preset;
    const hay = `${p.ticker} ${p.name} ${p.ai_business}`.toLowerCase();
    if (words.every((w) => hay.includes(w))) out.push({ ticker: t, name: p.name, asof: p.asof, imported: imported.has(t), inWorkbook: layer.has(t) });
  }
  return out;
}

/** The cited document of a schema-2 figure, as the detail view names it. */
export interface SourceDocument {
  readonly title: string;
  readonly publisher: string;
  readonly date: string;
  readonly kind: SourceKind;
  /** A news or aggregator rewrite, cited only where no primary document gives the figure. */
  readonly press: boolean;
  /** Why the document was used (e.g. why a press rewrite was the only one). */
  readonly note?: string;
}

/** Where a value comes from, as the detail view shows it behind a disclosure. */
export interface SourceRef {
  /** "source" (a cited document), "assumption" (a stated reason), or where else the value comes from. */
  readonly kind: 'source' | 'assumption' | 'market data' | 'market default' | 'derived' | 'workbook table' | 'override';
  /** One line: the citation, the assumption's reason, or the basis. */
  readonly text: string;
  /** A link to the document: https (or http on this computer) only. */
  readonly url?: string;
  /** Schema 2: the document itself (title, publisher, date, kind). */
  readonly document?: SourceDocument;
  /** The field's note: a quote from the document, or the arithmetic of a derived figure. */
  readonly note?: string;
}

export interface DetailRow {
  readonly name: string;
  /** The catalogue group (market, site, mining, ai, colo, cloud). */
  readonly group: string;
  readonly unit: string;
  readonly value: string;
  readonly asof: string;
  /** The cited source, "assumption: …", the market basis, or the workbook table. */
  readonly basis: string;
  readonly layer: string;
  readonly source: SourceRef;
}

/**
 * A number as a reader wants it: in its unit's number format (the one a cell
 * shows, src/functions/formats.ts), else grouped thousands with up to 6
 * significant decimals. Where the cell's format would round a figure away (a
 * 3.25 % coupon in `0.0%`, a 2.914 USD GPU-hour in `#,##0.00`), up to four more
 * decimals are shown, so the pane never shows a figure the preset does not hold.
 */
export function formatValue(v: number | string, unit?: string): string {
  if (typeof v === 'string') return v;
  const format = numberFormatForUnit(unit);
  if (format) return formatNumber(v, exactFormat(v, format));
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Number(v.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** The number a formatted text shows (`3.3%` → 0.033, `1,440,000` → 1440000), NaN for a date or text. */
function shownNumber(text: string): number {
  const m = /^(-?[\d,]*\.?\d+)(%?)/.exec(text);
  if (!m) return NaN;
  const x = Number(m[1].replace(/,/g, ''));
  return m[2] === '%' ? x / 100 : x;
}

/** `format` with as many more decimals (at most 4) as it takes to show `v` as it is. */
export function exactFormat(v: number, format: string): string {
  const m = /^(#,##0|0)(\.0+)?(%|"[^"]*")?$/.exec(format);
  if (!m || !Number.isFinite(v)) return format;
  const same = (f: string): boolean => Math.abs(shownNumber(formatNumber(v, f)) - v) <= 1e-9 * Math.max(Math.abs(v), 1e-6);
  for (let extra = 0; extra <= 4; extra++) {
    const decimals = (m[2] ?? '.').slice(1).length + extra;
    const f = `${m[1]}${decimals ? '.' + '0'.repeat(decimals) : ''}${m[3] ?? ''}`;
    if (same(f)) return f;
  }
  return `${m[1]}.${'0'.repeat((m[2] ?? '.').slice(1).length + 4)}${m[3] ?? ''}`;
}

/** An address fit for a link: https, or http to this computer; anything else (javascript:, data:, http elsewhere) is not linked. */
export function safeLinkUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (u.protocol === 'https:') return u.href;
  if (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1')) return u.href;
  return undefined;
}

/** The first web address written in a source text, if it is fit for a link. */
export function linkInText(text: string): string | undefined {
  const m = /\bhttps?:\/\/[^\s<>"')\]]+/i.exec(text);
  return m ? safeLinkUrl(m[0].replace(/[.,;:]+$/, '')) : undefined;
}

const LAYER_KIND: Record<string, SourceRef['kind']> = { workbook: 'workbook table', override: 'override', marketdata: 'market data', derived: 'derived', tranche: 'source' };

/** The source of a value from its store layer ('preset', 'workbook', 'override', 'marketdata', 'derived', 'market') and basis text. */
function sourceRef(layer: string, basis: string): SourceRef {
  if (layer === 'preset' || layer === 'tranche') {
    const assumption = /^assumption: /.exec(basis);
    const text = assumption ? basis.slice(assumption[0].length) : basis;
    return { kind: assumption ? 'assumption' : 'source', text, url: linkInText(text) };
  }
  return { kind: LAYER_KIND[layer] ?? 'market default', text: basis, url: linkInText(basis) };
}

/**
 * Where a preset's figure comes from, from its validated record: for schema 2
 * the cited document (title, publisher, date, kind, a press rewrite marked) and
 * the field's note, or the assumption with its reason; for schema 1 the
 * free-text citation.
 */
export function recordSource(p: Preset, rec: Pick<FieldRecord, 'source' | 'assumption' | 'note'>): SourceRef {
  if (rec.assumption !== undefined) return { kind: 'assumption', text: rec.assumption, note: rec.note };
  const s = rec.source === undefined ? undefined : p.company?.sources[rec.source];
  if (!s) return sourceRef('preset', citationText(p, rec));
  const press = !PRIMARY_KINDS.has(s.kind);
  return {
    kind: 'source',
    text: citationText(p, { source: rec.source }),
    url: safeLinkUrl(s.url),
    document: { title: s.title, publisher: s.publisher, date: s.date, kind: s.kind, press, note: s.note },
    note: rec.note,
  };
}

const LAYER_TEXT: Record<string, string> = { workbook: 'workbook table', preset: 'preset', marketdata: 'market data', market: 'market default', override: 'override' };

/** Every input of a ticker with its value, unit, as-of date and where it comes from (a schema-2 preset's figures with their documents). */
export function detailRows(store: PresetStore, ticker: string): DetailRow[] {
  const rows: DetailRow[] = [];
  const p = store.preset(ticker);
  for (const s of CATALOGUE) {
    const r = store.explain(ticker, s.name, null);
    if ('kind' in r) continue;
    const layer = LAYER_TEXT[r.layer] ?? r.layer;
    const rec = r.layer === 'preset' && p?.company ? p.fields[s.name] : undefined;
    rows.push({ name: s.name, group: s.group, unit: s.unit, value: formatValue(r.value, s.unit), asof: r.asof, basis: r.basis, layer, source: rec ? recordSource(p!, rec) : sourceRef(r.layer, r.basis) });
  }
  return rows;
}

// ---- schema 2: capacity by stage, the contract book, the balance sheet -----------------

/** One figure of the company view: what it is, its value as text, its unit, as-of date and source. */
export interface FieldRow {
  /** A reader's label ("Energised", "TCV"). */
  readonly label: string;
  /** The field's name, as PRESET and CONTRACTS call it. */
  readonly name: string;
  readonly value: string;
  readonly unit?: string;
  readonly asof?: string;
  readonly source?: SourceRef;
  /** Where a figure not set on the entry itself comes from ("company-wide", "not stated"). */
  readonly note?: string;
  /** A value of several parts (a schedule's deliveries), each kept on one line; `value` is them joined. */
  readonly parts?: readonly string[];
}

/** A tranche of the contract book, or a convertible, warrant series or debt item. */
export interface EntryBlock {
  /** The entry's name in the preset (a tranche's name is what the `tranche` override takes). */
  readonly title: string;
  /** Counterparty lines ("Tenant: …", "Guarantor / backstop: …", "Lender: …") and the entry's note, as text. */
  readonly lines: readonly string[];
  readonly rows: readonly FieldRow[];
  /** Key terms the entry does not disclose (blank in CONTRACTS, never 0). */
  readonly missing: readonly string[];
}

export interface CompanyDetail {
  readonly quarter: string;
  /** Documents the preset cites: primary (releases, filings, letters, transcripts, decks) and press rewrites. */
  readonly sources: { readonly primary: number; readonly press: number };
  readonly capacity: readonly FieldRow[];
  readonly operations: readonly FieldRow[];
  readonly contracts: readonly EntryBlock[];
  readonly balance: readonly FieldRow[];
  readonly convertibles: readonly EntryBlock[];
  readonly warrants: readonly EntryBlock[];
  readonly debt: readonly EntryBlock[];
}

/** Reader's labels of the company fields (data, not code paths); a field without one shows its name. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  power_mw: 'Secured power',
  energized_mw: 'Energised',
  mining_mw: 'Mining (of energised)',
  under_construction_mw: 'Under construction',
  contracted_unbuilt_mw: 'Contracted, not yet built',
  pipeline_mw: 'Pipeline (not secured)',
  hashrate_eh: 'Hashrate',
  mining_end_date: 'Mining ends',
  shares_basic: 'Shares outstanding',
  rsus: 'RSUs, PSUs, options',
  cash_usd: 'Cash',
  btc_held: 'Bitcoin held',
  preferred_usd: 'Preferred equity',
  minority_interest_usd: 'Minority interests',
  corporate_ga_usd_yr: 'Corporate G&A (cash)',
  ai_mode: 'Mode',
  it_mw: 'IT capacity',
  gross_mw: 'Gross capacity',
  schedule: 'Schedule',
  lease_term_years: 'Term',
  tcv_usd: 'Contract value (TCV)',
  lease_escalator: 'Escalator',
  lease_rate_kw_month: 'Starting rent',
  ai_capex_mw_it: 'Capex per IT MW',
  capex_paid_share: 'Capex spent',
  tenant_capex_share: 'Tenant-funded capex',
  ownership_share: 'Ownership',
  backstop_usd: 'Backstop',
  credit_spread: 'Credit spread',
  prepayment_share: 'Prepayment',
  gpu_count: 'GPUs',
  gpu_hour_rate: 'GPU-hour rate',
  gpu_capex: 'Cost per GPU',
  kw_per_gpu: 'IT kW per GPU',
  utilization: 'Utilisation',
  gpu_life_years: 'GPU life',
  cloud_opex_pct: 'Cloud opex',
  face_usd: 'Principal',
  conversion_price: 'Conversion price',
  cap_price: 'Capped-call cap',
  rate: 'Rate',
  maturity: 'Maturity',
  count: 'Shares',
  strike: 'Strike',
  expiry: 'Expiry',
  recourse: 'Recourse',
};

/** Terms a deal is expected to disclose; those it does not are listed, never shown as 0. */
const KEY_TERMS: Readonly<Record<'colo' | 'cloud', readonly string[]>> = {
  colo: ['schedule', 'lease_term_years', 'tcv_usd', 'lease_rate_kw_month', 'lease_escalator', 'ai_capex_mw_it'],
  cloud: ['schedule', 'lease_term_years', 'tcv_usd', 'gpu_count', 'gpu_hour_rate', 'gpu_capex'],
};

/** At most this many deliveries of a schedule are written out; the rest are counted. */
const SCHEDULE_SHOWN = 12;

/** A schedule as its deliveries ("2026-01-31: 12.5"), the first SCHEDULE_SHOWN of them, then how many more. */
function scheduleParts(v: readonly { date: string; it_mw: number }[]): string[] {
  const shown = v.slice(0, SCHEDULE_SHOWN).map((d) => `${d.date}: ${formatValue(d.it_mw, 'IT MW')}`);
  const rest = v.length - shown.length;
  return rest > 0 ? [...shown, `and ${rest} more to ${v[v.length - 1].date}`] : shown;
}

/** A field record as a row; its unit and kind from the field catalogue of `list`. */
function recordRow(p: Preset, list: 'fields' | 'contracts' | 'convertibles' | 'warrants' | 'debt', name: string, rec: FieldRecord, note?: string): FieldRow {
  const spec = fieldIn(list, name);
  let unit = spec?.unit;
  let value: string;
  let parts: string[] | undefined;
  if (Array.isArray(rec.value)) {
    parts = scheduleParts(rec.value);
    value = parts.join(' · ');
  }
  else if (name === 'recourse' && typeof rec.value === 'number') {
    value = rec.value === 1 ? 'recourse to the company' : 'project-level';
    unit = undefined;
  } else value = formatValue(rec.value as number | string, spec?.kind === 'date' || spec?.input?.kind === 'choice' ? undefined : unit);
  if (spec?.kind === 'date' || spec?.input?.kind === 'choice') unit = undefined;
  return { label: FIELD_LABELS[name] ?? name, name, value, unit: unit || undefined, asof: rec.asof, source: recordSource(p, rec), note, ...(parts ? { parts } : {}) };
}

/** Names in field-catalogue order for the given groups, then model inputs in input-catalogue order. */
function orderedNames(fields: Readonly<Record<string, FieldRecord>>, groups: readonly FieldGroup[]): string[] {
  const own = COMPANY_FIELDS.filter((f) => groups.includes(f.group) && fields[f.name] !== undefined).map((f) => f.name);
  const inputs = CATALOGUE.filter((s) => fields[s.name] !== undefined && !own.includes(s.name)).map((s) => s.name);
  return [...new Set([...own, ...inputs])];
}

function trancheBlock(p: Preset, t: Tranche): EntryBlock {
  const company = p.company!.fields;
  const f = t.fields;
  const rows: FieldRow[] = [];
  // the mode first: the tranche's, else the company's, else the catalogue default
  const modeRec = f.ai_mode ?? company.ai_mode;
  const mode = String(modeRec?.value ?? inputSpec('ai_mode')!.default) as 'colo' | 'cloud';
  if (f.ai_mode) rows.push(recordRow(p, 'contracts', 'ai_mode', f.ai_mode));
  else if (company.ai_mode) rows.push(recordRow(p, 'contracts', 'ai_mode', company.ai_mode, 'company-wide'));
  else rows.push({ label: FIELD_LABELS.ai_mode, name: 'ai_mode', value: mode, note: 'not stated: the default mode' });
  for (const n of orderedNames(f, ['contract'])) if (n !== 'ai_mode') rows.push(recordRow(p, 'contracts', n, f[n]));
  // terms stated once for the whole book (a model input in the company's fields)
  const inherited = COMPANY_FIELDS.filter((s) => s.group === 'contract' && s.name !== 'ai_mode' && f[s.name] === undefined && company[s.name] !== undefined && fieldIn('contracts', s.name)?.input);
  for (const s of inherited) rows.push(recordRow(p, 'contracts', s.name, company[s.name], 'company-wide'));
  if (f.ownership_share === undefined && company.ownership_share === undefined) rows.push({ label: FIELD_LABELS.ownership_share, name: 'ownership_share', value: formatValue(1, 'share'), unit: 'share', note: 'not stated: the book counts the deal wholly owned' });
  const has = (n: string): boolean => f[n] !== undefined || company[n] !== undefined;
  const missing = [...KEY_TERMS[mode], ...(t.guarantor !== undefined ? ['backstop_usd'] : [])].filter((n) => !has(n));
  const lines = [`Tenant: ${t.tenant}`, ...(t.guarantor !== undefined ? [`Guarantor / backstop: ${t.guarantor}`] : []), ...(t.note !== undefined ? [t.note] : [])];
  return { title: t.name, lines, rows, missing };
}

function instrumentBlock(p: Preset, list: 'convertibles' | 'warrants' | 'debt', e: Instrument): EntryBlock {
  const group: FieldGroup = list === 'convertibles' ? 'convertible' : list === 'warrants' ? 'warrant' : 'debt';
  const who = e.holder === undefined ? [] : [`${list === 'debt' ? 'Lender' : 'Holder'}: ${e.holder}`];
  const rows = COMPANY_FIELDS.filter((s) => s.group === group && e.fields[s.name] !== undefined).map((s) => recordRow(p, list, s.name, e.fields[s.name]));
  return { title: e.name, lines: [...who, ...(e.note !== undefined ? [e.note] : [])], rows, missing: [] };
}

/**
 * What a schema-2 preset adds to the detail view: capacity by stage, the other
 * operating figures, the contract book (a block per tranche) and the balance
 * sheet with its instruments; null for a schema-1 preset (model inputs only).
 */
export function companyDetail(store: PresetStore, ticker: string): CompanyDetail | null {
  const p = store.preset(ticker);
  const c = p?.company;
  if (!p || !c) return null;
  // every field of the group the preset gives, model inputs among them (power_mw, efficiency_j_th, power_price_mwh)
  const rowsOf = (group: FieldGroup): FieldRow[] => COMPANY_FIELDS.filter((s) => s.group === group && c.fields[s.name] !== undefined).map((s) => recordRow(p, 'fields', s.name, c.fields[s.name]));
  const kinds = Object.values(c.sources).map((s) => PRIMARY_KINDS.has(s.kind));
  return {
    quarter: c.quarter,
    sources: { primary: kinds.filter(Boolean).length, press: kinds.filter((k) => !k).length },
    capacity: rowsOf('capacity'),
    operations: rowsOf('operations'),
    contracts: c.contracts.map((t) => trancheBlock(p, t)),
    balance: rowsOf('balance'),
    convertibles: c.convertibles.map((e) => instrumentBlock(p, 'convertibles', e)),
    warrants: c.warrants.map((e) => instrumentBlock(p, 'warrants', e)),
    debt: c.debt.map((e) => instrumentBlock(p, 'debt', e)),
  };
}
