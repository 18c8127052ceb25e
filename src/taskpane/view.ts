/**
 * What the pane shows, as data: the filtered preset list and the rows of a
 * preset's detail view. The DOM code only turns these into text nodes.
 */
import { CATALOGUE } from '../engine/catalogue';
import { formatNumber, numberFormatForUnit } from '../functions/formats';
import type { Preset } from '../presets/schema';
import type { PresetStore } from '../presets/store';

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

/** Where a value comes from, as the detail view shows it behind a disclosure. */
export interface SourceRef {
  /** "source" (a cited document), "assumption" (a stated reason), or where else the value comes from. */
  readonly kind: 'source' | 'assumption' | 'market default' | 'workbook table' | 'override';
  readonly text: string;
  /** A link to the document: https (or http on this computer) only. */
  readonly url?: string;
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
 * significant decimals.
 */
export function formatValue(v: number | string, unit?: string): string {
  if (typeof v === 'string') return v;
  const format = numberFormatForUnit(unit);
  if (format) return formatNumber(v, format);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Number(v.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 6 });
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

/** The source of a value from its store layer ('preset', 'workbook', 'override', 'market') and basis text. */
function sourceRef(layer: string, basis: string): SourceRef {
  if (layer === 'preset') {
    const assumption = /^assumption: /.exec(basis);
    const text = assumption ? basis.slice(assumption[0].length) : basis;
    return { kind: assumption ? 'assumption' : 'source', text, url: linkInText(text) };
  }
  const kind: SourceRef['kind'] = layer === 'workbook' ? 'workbook table' : layer === 'override' ? 'override' : 'market default';
  return { kind, text: basis, url: linkInText(basis) };
}

const LAYER_TEXT: Record<string, string> = { workbook: 'workbook table', preset: 'preset', marketdata: 'market data', market: 'market default', override: 'override' };


/** Every input of a ticker with its value, unit, as-of date and where it comes from. */
export function detailRows(store: PresetStore, ticker: string): DetailRow[] {
  const rows: DetailRow[] = [];
  for (const s of CATALOGUE) {
    const r = store.explain(ticker, s.name, null);
    if ('kind' in r) continue;
    const layer = LAYER_TEXT[r.layer] ?? r.layer;
    rows.push({ name: s.name, group: s.group, unit: s.unit, value: formatValue(r.value, s.unit), asof: r.asof, basis: r.basis, layer, source: sourceRef(r.layer, r.basis) });
  }
  return rows;
}
