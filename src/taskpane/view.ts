/**
 * What the pane shows, as data: the filtered preset list and the rows of a
 * preset's detail view. The DOM code only turns these into text nodes.
 */
import { CATALOGUE } from '../engine/catalogue';
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

export interface DetailRow {
  readonly name: string;
  readonly unit: string;
  readonly value: string;
  readonly asof: string;
  /** The cited source, "assumption: …", the market basis, or the workbook table. */
  readonly basis: string;
  readonly layer: string;
}

/** A number as a reader wants it: grouped thousands, up to 6 significant decimals. */
export function formatValue(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Number(v.toPrecision(6)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

const LAYER_TEXT: Record<string, string> = { workbook: 'workbook table', preset: 'preset', marketdata: 'market data', market: 'market default', override: 'override' };

/** Every input of a ticker with its value, unit, as-of date and where it comes from. */
export function detailRows(store: PresetStore, ticker: string): DetailRow[] {
  const rows: DetailRow[] = [];
  for (const s of CATALOGUE) {
    const r = store.explain(ticker, s.name, null);
    if ('kind' in r) continue;
    rows.push({ name: s.name, unit: s.unit, value: formatValue(r.value), asof: r.asof, basis: r.basis, layer: LAYER_TEXT[r.layer] ?? r.layer });
  }
  return rows;
}
