/**
 * The preset store and the precedence chain:
 *   function overrides > the workbook's preset table > the company preset
 *   (imported, then bundled) > market defaults (the input catalogue).
 * Every layer holds validated values only, so resolving never re-checks them.
 */
import { Inputs, applyDerivedDefaults, defaultInputs, derivedDefault, inputSpec, MARKET_DEFAULTS_ASOF } from '../engine/catalogue';
import { EngineError, naError } from '../engine/errors';
import { Preset } from './schema';

export type Layer = 'override' | 'workbook' | 'preset' | 'derived' | 'market';
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
  /** Per ticker: the inputs set above the market layer (preset fields, workbook cells that differ from the market default). */
  private readonly setNames = new Map<string, ReadonlySet<string>>();
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
    this.setNames.clear();
    this.version++;
  }

  private unknownTicker(ticker: string): EngineError {
    return naError(`unknown ticker "${ticker.slice(0, 20)}"; tickers: ${this.tickers().join(', ')}, or "" for a generic 1 MW site`);
  }

  /** Inputs of a ticker without overrides ("" is the generic site), derived defaults applied. Cached; do not mutate. */
  base(ticker: string): Inputs | EngineError {
    const hit = this.cache.get(ticker);
    if (hit) return hit;
    let out: Inputs;
    const set = new Set<string>();
    if (ticker === '') {
      out = { ...this.market };
    } else {
      const preset = this.preset(ticker);
      if (!preset) return this.unknownTicker(ticker);
      out = { ...this.market };
      for (const k in preset.fields) {
        out[k] = preset.fields[k].value;
        set.add(k);
      }
    }
    const edits = this.workbook.get(ticker);
    if (edits && edits.size > 0) {
      for (const [k, v] of edits) {
        out[k] = v;
        // the workbook table repeats the market column in every ticker's row: only a value that differs from the market default counts as set
        if (v !== inputSpec(k)?.default) set.add(k);
      }
    }
    applyDerivedDefaults(out, (n) => set.has(n), ticker === '' ? out : this.marketLayer());
    this.cache.set(ticker, out);
    this.setNames.set(ticker, set);
    return out;
  }

  /** The market layer: the market defaults with the workbook's market column. */
  private marketLayer(): Inputs {
    return this.base('') as Inputs;
  }

  /** Whether an input is set above the market layer for a ticker (after base() succeeded). */
  private isSetFn(ticker: string, overrides: Overrides | null): (name: string) => boolean {
    const set = this.setNames.get(ticker)!;
    return overrides && overrides.size > 0 ? (n) => overrides.has(n) || set.has(n) : (n) => set.has(n);
  }

  /**
   * Re-applies the derived defaults to inputs whose values were changed after
   * resolve (SENSITIVITY's grid axes): `changed` names count as set.
   */
  rederive(ticker: string, overrides: Overrides | null, inputs: Inputs, changed: readonly string[]): void {
    const base = this.base(ticker);
    if ('kind' in base) return;
    const isSet = this.isSetFn(ticker, overrides);
    applyDerivedDefaults(inputs, (n) => changed.includes(n) || isSet(n), this.marketLayer());
  }

  /** Inputs after the whole precedence chain. */
  resolve(ticker: string, overrides: Overrides | null): Inputs | EngineError {
    const base = this.base(ticker);
    if (!overrides || overrides.size === 0 || 'kind' in base) return base;
    const out: Inputs = { ...base };
    for (const [k, v] of overrides) out[k] = v;
    applyDerivedDefaults(out, this.isSetFn(ticker, overrides), this.marketLayer());
    return out;
  }

  /** Where a value comes from (INPUT_SOURCE, the task pane). */
  explain(ticker: string, name: string, overrides: Overrides | null): ResolvedValue | EngineError {
    const spec = inputSpec(name)!;
    if (ticker !== '' && !this.preset(ticker)) return this.unknownTicker(ticker);
    const ov = overrides?.get(spec.name);
    if (ov !== undefined) return { name: spec.name, value: ov, layer: 'override', asof: '', basis: 'function argument' };
    const resolved = this.resolve(ticker, overrides);
    if ('kind' in resolved) return resolved as EngineError;
    const isSet = this.isSetFn(ticker, overrides);
    if (spec.derived && !isSet(spec.name)) {
      const v = derivedDefault(spec, resolved, isSet, this.marketLayer());
      if (v !== undefined) {
        const from = spec.derived.fromMarket ? this.explain('', spec.derived.from, null) : this.explain(ticker, spec.derived.from, overrides);
        const fromText = 'kind' in from ? '' : ` = ${v} (${spec.derived.from}: ${from.layer === 'preset' ? `preset ${ticker}` : from.layer === 'market' ? 'market default' : from.layer})`;
        return { name: spec.name, value: v, layer: 'derived', asof: '', basis: `derived from ${spec.derived.text}${fromText}; ${spec.basis}` };
      }
    }
    const wb = this.workbook.get(ticker)?.get(spec.name);
    if (wb !== undefined && (isSet(spec.name) || !spec.derived)) return { name: spec.name, value: wb, layer: 'workbook', asof: '', basis: 'BTCAI_Presets table in this workbook' };
    const f = ticker === '' ? undefined : this.preset(ticker)?.fields[spec.name];
    if (f) return { name: spec.name, value: f.value, layer: 'preset', asof: f.asof, basis: f.source ?? `assumption: ${f.assumption}` };
    return { name: spec.name, value: spec.default, layer: 'market', asof: MARKET_DEFAULTS_ASOF, basis: spec.basis };
  }
}
