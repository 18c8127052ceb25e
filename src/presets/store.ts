/**
 * The preset store and the precedence chain:
 *   function overrides > the workbook's preset table > the company preset
 *   (imported, then bundled) > the workbook's market data (BTCAI_Market, from a
 *   refresh) > market defaults (the input catalogue).
 * Every layer holds validated values only, so resolving never re-checks them.
 */
import { Inputs, defaultInputs, inputSpec, MARKET_DEFAULTS_ASOF } from '../engine/catalogue';
import { serialFromUnixMs } from '../engine/dates';
import { EngineError, naError } from '../engine/errors';
import type { MarketState } from '../market/types';
import { Preset } from './schema';

export type Layer = 'override' | 'workbook' | 'preset' | 'marketdata' | 'market';

/** The inputs refreshed market data sets (the rest of a snapshot, such as the tip height, is not an input). */
export const MARKET_DATA_INPUTS: readonly string[] = ['btc_price', 'network_hashrate_eh', 'fees_btc_per_block'];

/** Per ticker, the workbook-table cells that are copies of the values the table was loaded with, not the user's edits. */
export type CopiedCells = ReadonlyMap<string, ReadonlySet<string>>;
export type Overrides = ReadonlyMap<string, number | string>;
export type WorkbookLayer = ReadonlyMap<string, ReadonlyMap<string, number | string>>;

export interface ResolvedValue {
  readonly name: string;
  readonly value: number | string;
  readonly layer: Layer;
  readonly asof: string;
  /** The cited source, or "assumption: …", or the catalogue's basis for a market default. */
  readonly basis: string;
}

export class PresetStore {
  private readonly bundled = new Map<string, Preset>();
  private readonly imported = new Map<string, Preset>();
  private workbook: WorkbookLayer = new Map();
  private copied: CopiedCells = new Map();
  private marketState: MarketState | null = null;
  private readonly cache = new Map<string, Inputs>();
  /** Spread into a fresh literal first: defaultInputs() builds a dictionary-mode object, 10× slower to copy in resolve(). */
  private market: Inputs = Object.freeze({ ...defaultInputs() }) as Inputs;
  /** Bumped on every change, so callers can tell that results may differ. */
  version = 0;

  constructor(bundled: readonly Preset[]) {
    for (const p of bundled) this.bundled.set(p.ticker, p);
  }

  /** Tickers that resolve, sorted. */
  tickers(): string[] {
    return [...new Set([...this.bundled.keys(), ...this.imported.keys()])].sort();
  }

  preset(ticker: string): Preset | undefined {
    const t = ticker.toUpperCase();
    return this.imported.get(t) ?? this.bundled.get(t);
  }

  bundledPreset(ticker: string): Preset | undefined {
    return this.bundled.get(ticker.toUpperCase());
  }

  importedPresets(): Preset[] {
    return [...this.imported.values()];
  }

  /**
   * Replaces the workbook layer (values already validated by the caller). Cells
   * listed in `copied` (market inputs the table holds only because it was loaded
   * with them) give way to refreshed market data; the user's edits never do.
   */
  setWorkbookLayer(layer: WorkbookLayer, copied: CopiedCells = new Map()): void {
    this.workbook = layer;
    this.copied = copied;
    this.changed();
  }

  /**
   * Replaces the workbook's market data (validated by the caller), or removes it
   * (null). Its price, hashrate and fees become the market layer; its tip height
   * and time anchor the engine's block-height estimates (tip_height, tip_serial).
   */
  setMarketData(state: MarketState | null): void {
    this.marketState = state;
    const m: Inputs = { ...defaultInputs() };
    if (state) {
      const s = state.snapshot;
      m.btc_price = s.btc_price;
      m.network_hashrate_eh = s.network_hashrate_eh;
      m.fees_btc_per_block = s.fees_btc_per_block;
      m.tip_height = s.height;
      m.tip_serial = serialFromUnixMs(Date.parse(s.asof));
    }
    this.market = Object.freeze({ ...m }) as Inputs;
    this.changed();
  }

  marketData(): MarketState | null {
    return this.marketState;
  }

  /** Whether a workbook-table cell gives way to market data. */
  private yieldsToMarket(ticker: string, name: string): boolean {
    return this.marketState !== null && MARKET_DATA_INPUTS.includes(name) && this.copied.get(ticker)?.has(name) === true;
  }

  workbookLayer(): WorkbookLayer {
    return this.workbook;
  }

  /** Adds imported presets (validated); they win over bundled ones of the same ticker. */
  setImported(presets: readonly Preset[]): void {
    this.imported.clear();
    for (const p of presets) this.imported.set(p.ticker, p);
    this.changed();
  }

  private changed(): void {
    this.cache.clear();
    this.version++;
  }

  private unknownTicker(ticker: string): EngineError {
    return naError(`unknown ticker "${ticker.slice(0, 20)}"; tickers: ${this.tickers().join(', ')}, or "" for a generic 1 MW site`);
  }

  /** Inputs of a ticker without overrides ("" is the generic site). Cached; do not mutate. */
  base(ticker: string): Inputs | EngineError {
    const hit = this.cache.get(ticker);
    if (hit) return hit;
    let out: Inputs;
    if (ticker === '') {
      out = this.market;
    } else {
      const preset = this.preset(ticker);
      if (!preset) return this.unknownTicker(ticker);
      out = { ...this.market };
      for (const k in preset.fields) out[k] = preset.fields[k].value;
    }
    const edits = this.workbook.get(ticker);
    if (edits && edits.size > 0) {
      out = { ...out };
      for (const [k, v] of edits) if (!this.yieldsToMarket(ticker, k)) out[k] = v;
    }
    this.cache.set(ticker, out);
    return out;
  }

  /** Inputs after the whole precedence chain. */
  resolve(ticker: string, overrides: Overrides | null): Inputs | EngineError {
    const base = this.base(ticker);
    if (!overrides || overrides.size === 0 || 'kind' in base) return base;
    const out: Inputs = { ...base };
    for (const [k, v] of overrides) out[k] = v;
    return out;
  }

  /** Where a value comes from (INPUT_SOURCE, the task pane). */
  explain(ticker: string, name: string, overrides: Overrides | null): ResolvedValue | EngineError {
    const spec = inputSpec(name)!;
    if (ticker !== '' && !this.preset(ticker)) return this.unknownTicker(ticker);
    const ov = overrides?.get(spec.name);
    if (ov !== undefined) return { name: spec.name, value: ov, layer: 'override', asof: '', basis: 'function argument' };
    const wb = this.yieldsToMarket(ticker, spec.name) ? undefined : this.workbook.get(ticker)?.get(spec.name);
    if (wb !== undefined) return { name: spec.name, value: wb, layer: 'workbook', asof: '', basis: 'BTCAI_Presets table in this workbook' };
    const f = ticker === '' ? undefined : this.preset(ticker)?.fields[spec.name];
    if (f) return { name: spec.name, value: f.value, layer: 'preset', asof: f.asof, basis: f.source ?? `assumption: ${f.assumption}` };
    const md = this.marketState?.snapshot;
    if (md && MARKET_DATA_INPUTS.includes(spec.name)) {
      return { name: spec.name, value: this.market[spec.name], layer: 'marketdata', asof: md.asof, basis: `market data from ${md.source}` };
    }
    return { name: spec.name, value: spec.default, layer: 'market', asof: MARKET_DEFAULTS_ASOF, basis: spec.basis };
  }
}

