/**
 * The preset store and the precedence chain:
 *   function overrides > the workbook's preset table > the company preset
 *   (imported, then bundled) > market defaults (the input catalogue).
 * Every layer holds validated values only, so resolving never re-checks them.
 */
import { Inputs, defaultInputs, inputSpec, MARKET_DEFAULTS_ASOF } from '../engine/catalogue';
import { EngineError, naError } from '../engine/errors';
import { Preset } from './schema';

export type Layer = 'override' | 'workbook' | 'preset' | 'market';
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
  private readonly cache = new Map<string, Inputs>();
  /** Spread into a fresh literal first: defaultInputs() builds a dictionary-mode object, 10× slower to copy in resolve(). */
  private readonly market: Inputs = Object.freeze({ ...defaultInputs() }) as Inputs;
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

  /** Replaces the workbook layer (values already validated by the caller). */
  setWorkbookLayer(layer: WorkbookLayer): void {
    this.workbook = layer;
    this.changed();
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
      for (const [k, v] of edits) out[k] = v;
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
    const wb = this.workbook.get(ticker)?.get(spec.name);
    if (wb !== undefined) return { name: spec.name, value: wb, layer: 'workbook', asof: '', basis: 'BTCAI_Presets table in this workbook' };
    const f = ticker === '' ? undefined : this.preset(ticker)?.fields[spec.name];
    if (f) return { name: spec.name, value: f.value, layer: 'preset', asof: f.asof, basis: f.source ?? `assumption: ${f.assumption}` };
    return { name: spec.name, value: spec.default, layer: 'market', asof: MARKET_DEFAULTS_ASOF, basis: spec.basis };
  }
}

