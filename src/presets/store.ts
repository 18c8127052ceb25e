/**
 * The preset store and the precedence chain:
 *   function overrides > the chosen tranche (`tranche` input) > the workbook's
 *   preset table > the company preset (imported, then bundled) > the workbook's
 *   market data (BTCAI_Market, from a refresh) > market defaults (the input catalogue).
 * Every layer holds validated values only, so resolving never re-checks them.
 * A ticker resolves by its own name first, then as another preset's alias.
 */
import { InputSpec, Inputs, applyDerivedDefaults, defaultInputs, derivedDefault, derivedSpecsFollowing, inputSpec, MARKET_DEFAULTS_ASOF } from '../engine/catalogue';
import { serialFromUnixMs } from '../engine/dates';
import { EngineError, naError, valueError } from '../engine/errors';
import type { MarketState } from '../market/types';
import { Preset } from './schema';
import { STANDARD_TRANCHE, TrancheLayer, citationText, trancheLayer, WHOLE_BOOK_TRANCHE } from './companyData';

export type Layer = 'override' | 'tranche' | 'workbook' | 'preset' | 'derived' | 'marketdata' | 'market';

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
  private readonly trancheCache = new Map<string, TrancheLayer>();
  /** Per ticker as called: the inputs set above the market layer (preset fields, workbook cells that differ from the market default). */
  private readonly setNames = new Map<string, ReadonlySet<string>>();
  /** Alias → ticker, of bundled and imported presets. */
  private readonly aliases = new Map<string, string>();
  /** Spread into a fresh literal first: defaultInputs() builds a dictionary-mode object, 10× slower to copy in resolve(). */
  private market: Inputs = Object.freeze({ ...defaultInputs() }) as Inputs;
  /** Bumped on every change, so callers can tell that results may differ. */
  version = 0;

  constructor(bundled: readonly Preset[]) {
    for (const p of bundled) this.bundled.set(p.ticker, p);
    this.indexAliases();
  }

  private indexAliases(): void {
    this.aliases.clear();
    for (const p of [...this.bundled.values(), ...this.imported.values()]) for (const a of p.aliases) this.aliases.set(a, p.ticker);
  }

  /** The preset's own ticker for a ticker or alias (upper case); the input itself when neither matches. */
  canonical(ticker: string): string {
    const t = ticker.toUpperCase();
    if (this.imported.has(t) || this.bundled.has(t)) return t;
    return this.aliases.get(t) ?? t;
  }

  /** Tickers that resolve, sorted. */
  tickers(): string[] {
    return [...new Set([...this.bundled.keys(), ...this.imported.keys()])].sort();
  }

  preset(ticker: string): Preset | undefined {
    const t = this.canonical(ticker);
    return this.imported.get(t) ?? this.bundled.get(t);
  }

  bundledPreset(ticker: string): Preset | undefined {
    const t = ticker.toUpperCase();
    return this.bundled.get(t) ?? this.bundled.get(this.aliases.get(t) ?? t);
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
    this.indexAliases();
    this.changed();
  }

  private changed(): void {
    this.cache.clear();
    this.trancheCache.clear();
    this.setNames.clear();
    this.version++;
  }

  private unknownTicker(ticker: string): EngineError {
    const aliases = [...this.aliases].map(([a, t]) => `${a} (${t})`);
    return naError(`unknown ticker "${ticker.slice(0, 20)}"; tickers: ${this.tickers().join(', ')}${aliases.length ? `; aliases: ${aliases.join(', ')}` : ''}, or "" for a generic 1 MW site`);
  }

  /** The workbook table's column for a ticker: the column headed as the call names it, else the preset's own ticker (a table made before a rename keeps working). */
  private workbookEdits(given: string, ticker: string): ReadonlyMap<string, number | string> | undefined {
    return this.workbook.get(given.toUpperCase()) ?? this.workbook.get(ticker);
  }

  /** Inputs of a ticker without overrides ("" is the generic site), derived defaults applied. Cached; do not mutate. */
  base(tickerOrAlias: string): Inputs | EngineError {
    const hit = this.cache.get(tickerOrAlias);
    if (hit) return hit;
    const ticker = tickerOrAlias === '' ? '' : this.canonical(tickerOrAlias);
    const out: Inputs = { ...this.market };
    const set = new Set<string>();
    if (ticker !== '') {
      const preset = this.preset(ticker);
      if (!preset) return this.unknownTicker(ticker);
      for (const k in preset.fields) {
        out[k] = preset.fields[k].value;
        set.add(k);
      }
    }
    const edits = this.workbookEdits(tickerOrAlias, ticker);
    if (edits) {
      for (const [k, v] of edits) {
        if (this.yieldsToMarket(ticker, k)) continue;
        out[k] = v;
        // the workbook table repeats the market column in every ticker's row: only a value that differs from the market default counts as set
        if (v !== inputSpec(k)?.default) set.add(k);
      }
    }
    applyDerivedDefaults(out, (n) => set.has(n), ticker === '' ? out : this.marketLayer());
    this.cache.set(tickerOrAlias, out);
    this.setNames.set(tickerOrAlias, set);
    return out;
  }

  /** The market layer: the market defaults and market data, with the workbook's market column. */
  private marketLayer(): Inputs {
    return this.base('') as Inputs;
  }

  /** Whether an input is set above the market layer for a call (after base() succeeded): an override, the chosen tranche, the workbook table or the preset. */
  private isSetFn(tickerOrAlias: string, overrides: Overrides | null, layer: TrancheLayer | null): (name: string) => boolean {
    const set = this.setNames.get(tickerOrAlias)!;
    const ov = overrides && overrides.size > 0 ? overrides : null;
    if (!ov && !layer) return (n) => set.has(n);
    return (n) => (ov !== null && n !== 'tranche' && ov.has(n)) || (layer !== null && layer.values.has(n)) || set.has(n);
  }

  /** The tranche a call selects, resolved (null for the whole book or the generic site). */
  private selectedTranche(tickerOrAlias: string, base: Inputs, overrides: Overrides | null): TrancheLayer | null | EngineError {
    if (!(overrides?.has('tranche') ?? false) && base.tranche === WHOLE_BOOK_TRANCHE) return null;
    return this.trancheFor(tickerOrAlias === '' ? '' : this.canonical(tickerOrAlias), base, overrides);
  }

  /**
   * Re-applies the derived defaults to inputs whose values were changed after
   * resolve (SENSITIVITY's grid axes): `changed` names count as set.
   */
  rederive(tickerOrAlias: string, overrides: Overrides | null, inputs: Inputs, changed: readonly string[]): void {
    this.rederiver(tickerOrAlias, overrides, changed)?.(inputs);
  }

  /**
   * rederive for many calls with the same ticker, overrides and changed names (a
   * SENSITIVITY grid): the lookups once, then only the rules that follow `changed`
   * per call. Undefined when no derived default follows them.
   */
  rederiver(tickerOrAlias: string, overrides: Overrides | null, changed: readonly string[]): ((inputs: Inputs) => void) | undefined {
    const specs = derivedSpecsFollowing(changed);
    if (specs.length === 0) return undefined;
    const base = this.base(tickerOrAlias);
    if ('kind' in base) return undefined;
    const layer = this.selectedTranche(tickerOrAlias, base, overrides);
    if (layer !== null && 'kind' in layer) return undefined;
    const isSet = this.isSetFn(tickerOrAlias, overrides, layer);
    const setOrChanged = (n: string): boolean => changed.includes(n) || isSet(n);
    const market = this.marketLayer();
    return (inputs) => applyDerivedDefaults(inputs, setOrChanged, market, specs);
  }

  /**
   * The tranche layer a call selects (the `tranche` override, else the workbook
   * table's), or null for the whole book; #VALUE! listing the names when the
   * company has no such tranche.
   */
  trancheFor(ticker: string, base: Inputs, overrides: Overrides | null): TrancheLayer | null | EngineError {
    return this.trancheNamed(ticker, String(overrides?.get('tranche') ?? base.tranche ?? WHOLE_BOOK_TRANCHE));
  }

  /** trancheFor of a tranche named `chosen`. */
  private trancheNamed(ticker: string, chosen: string): TrancheLayer | null | EngineError {
    if (chosen.toLowerCase() === WHOLE_BOOK_TRANCHE || chosen.toLowerCase() === STANDARD_TRANCHE) return null;
    if (ticker === '') return valueError(`tranche "${chosen}" needs a company ticker: the generic site has no contract book`);
    const p = this.preset(ticker)!;
    const key = `${p.ticker}\u0000${chosen.toLowerCase()}`;
    const hit = this.trancheCache.get(key);
    if (hit) return hit;
    const contracts = p.company?.contracts ?? [];
    const t = contracts.find((c) => c.name.toLowerCase() === chosen.toLowerCase());
    if (!t) {
      if (!p.company) return valueError(`unknown tranche "${chosen}": ${p.ticker}'s preset has model inputs only (schema 1), no contract book; use tranche "${WHOLE_BOOK_TRANCHE}"`);
      if (contracts.length === 0) return valueError(`unknown tranche "${chosen}": ${p.ticker} has no disclosed contracts; use tranche "${WHOLE_BOOK_TRANCHE}"`);
      return valueError(`unknown tranche "${chosen}" for ${p.ticker}; tranches: ${contracts.map((c) => c.name).join(', ')} (or "${WHOLE_BOOK_TRANCHE}" for the whole book, "${STANDARD_TRANCHE}" for a new MW on a standard lease)`);
    }
    const layer = trancheLayer(p, t);
    this.trancheCache.set(key, layer);
    return layer;
  }

  /** The inputs of a ticker with a tranche's layer and no overrides, derived defaults applied: cached like base (cleared on every change). Do not mutate. */
  private withLayer(tickerOrAlias: string, base: Inputs, layer: TrancheLayer): Inputs {
    const key = `${tickerOrAlias}\u0000tranche\u0000${layer.name}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const out = { ...base };
    for (const [k, v] of layer.values) out[k] = v.value;
    out.tranche = layer.name;
    applyDerivedDefaults(out, this.isSetFn(tickerOrAlias, null, layer), this.marketLayer());
    this.cache.set(key, out);
    return out;
  }

  /** Inputs after the whole precedence chain. */
  resolve(tickerOrAlias: string, overrides: Overrides | null): Inputs | EngineError {
    const base = this.base(tickerOrAlias);
    if ('kind' in base) return base;
    const layer = this.selectedTranche(tickerOrAlias, base, overrides);
    if (layer !== null && 'kind' in layer) return layer as EngineError;
    return this.withOverrides(tickerOrAlias, base, layer, overrides);
  }

  /**
   * resolve(ticker, overrides with `tranche` set to `name`) for one of a company's
   * tranches (COMPANY resolves every tranche of the book with the same
   * overrides), without building that second set of overrides.
   */
  resolveTranche(tickerOrAlias: string, name: string, overrides: Overrides | null): Inputs | EngineError {
    if (overrides?.has('tranche')) {
      // the overrides choose a tranche (the whole book's name): `name` replaces it, as resolve would take it
      const withName = new Map(overrides);
      withName.set('tranche', name);
      return this.resolve(tickerOrAlias, withName);
    }
    const base = this.base(tickerOrAlias);
    if ('kind' in base) return base;
    const layer = this.trancheNamed(tickerOrAlias === '' ? '' : this.canonical(tickerOrAlias), name);
    if (layer === null) return this.resolve(tickerOrAlias, new Map([...(overrides ?? []), ['tranche', name]]));
    if ('kind' in layer) return layer;
    return this.withOverrides(tickerOrAlias, base, layer, overrides);
  }

  /**
   * The cached inputs of the ticker and layer (derived defaults applied), a copy
   * with the overrides, and only the derived defaults that follow the overridden
   * names applied again. Every other derived default reads inputs no override
   * moved, and whether those are set is the same with or without the overrides,
   * so the cached value is the one a full pass would compute again: the same
   * inputs, field for field (test/presets/store.test.ts, against every rule
   * applied afresh).
   */
  private withOverrides(tickerOrAlias: string, base: Inputs, layer: TrancheLayer | null, overrides: Overrides | null): Inputs {
    const cached = layer ? this.withLayer(tickerOrAlias, base, layer) : base;
    let others = 0;
    if (overrides) for (const k of overrides.keys()) if (k !== 'tranche') others++;
    if (others === 0) return cached;
    const out = { ...cached };
    for (const [k, v] of overrides!) if (k !== 'tranche') out[k] = v;
    const specs = this.specsFollowing(overrides!);
    if (specs.length > 0) applyDerivedDefaults(out, this.isSetFn(tickerOrAlias, overrides, layer), this.marketLayer(), specs);
    return out;
  }

  /** derivedSpecsFollowing of the overrides' names, for the last set of names asked (a company's tranches ask with the same overrides in turn). */
  private specsFollowing(overrides: Overrides): readonly InputSpec[] {
    const names = [...overrides.keys()];
    const last = this.followingMemo;
    if (last && last.names.length === names.length && last.names.every((n, i) => n === names[i])) return last.specs;
    const specs = derivedSpecsFollowing(names);
    this.followingMemo = { names, specs };
    return specs;
  }
  private followingMemo: { names: readonly string[]; specs: readonly InputSpec[] } | undefined;

  /** Where a value comes from (INPUT_SOURCE, the task pane). */
  explain(tickerOrAlias: string, name: string, overrides: Overrides | null): ResolvedValue | EngineError {
    const spec = inputSpec(name)!;
    const ticker = tickerOrAlias === '' ? '' : this.canonical(tickerOrAlias);
    if (ticker !== '' && !this.preset(ticker)) return this.unknownTicker(tickerOrAlias);
    const ov = overrides?.get(spec.name);
    if (ov !== undefined && spec.name !== 'tranche') return { name: spec.name, value: ov, layer: 'override', asof: '', basis: 'function argument' };
    const base = this.base(tickerOrAlias);
    if ('kind' in base) return base as EngineError;
    const layer = this.trancheFor(ticker, base, overrides);
    if (layer !== null && 'kind' in layer) return layer as EngineError;
    if (spec.name === 'tranche') {
      if (ov !== undefined) return { name: spec.name, value: layer ? layer.name : ov, layer: 'override', asof: '', basis: 'function argument' };
    } else {
      const t = layer?.values.get(spec.name);
      if (t) return { name: spec.name, value: t.value, layer: 'tranche', asof: t.asof, basis: t.basis };
    }
    const isSet = this.isSetFn(tickerOrAlias, overrides, layer);
    if (spec.derived && !isSet(spec.name)) {
      const resolved = this.resolve(tickerOrAlias, overrides);
      if ('kind' in resolved) return resolved as EngineError;
      const v = derivedDefault(spec, resolved, isSet, this.marketLayer());
      if (v !== undefined) {
        const from = spec.derived.fromMarket ? this.explain('', spec.derived.from, null) : this.explain(tickerOrAlias, spec.derived.from, overrides);
        const fromText = 'kind' in from ? '' : ` = ${v} (${spec.derived.from}: ${from.layer === 'preset' ? `preset ${ticker}` : from.layer === 'market' ? 'market default' : from.layer === 'marketdata' ? 'market data' : from.layer})`;
        return { name: spec.name, value: v, layer: 'derived', asof: '', basis: `derived from ${spec.derived.text}${fromText}; ${spec.basis}` };
      }
    }
    const wb = this.yieldsToMarket(ticker, spec.name) ? undefined : this.workbookEdits(tickerOrAlias, ticker)?.get(spec.name);
    if (wb !== undefined && (isSet(spec.name) || !spec.derived)) return { name: spec.name, value: wb, layer: 'workbook', asof: '', basis: 'BTCAI_Presets table in this workbook' };
    const p = ticker === '' ? undefined : this.preset(ticker);
    const f = p?.fields[spec.name];
    if (p && f) return { name: spec.name, value: f.value, layer: 'preset', asof: f.asof, basis: citationText(p, f) };
    const md = this.marketState?.snapshot;
    if (md && MARKET_DATA_INPUTS.includes(spec.name)) {
      return { name: spec.name, value: this.market[spec.name], layer: 'marketdata', asof: md.asof, basis: `market data from ${md.source}` };
    }
    return { name: spec.name, value: spec.default, layer: 'market', asof: MARKET_DEFAULTS_ASOF, basis: spec.basis };
  }
}

