/**
 * Bodies of the company functions: COMPANY, COMPS and RAMP. Arguments are
 * adapted here (adapter.ts); the company model is the engine's (company.ts,
 * companyMetrics.ts), its inputs the resolver's (presets/companyInputs.ts).
 * Results carry their units, so formats come from the adapter's result path.
 */
import { INPUT_NAMES, Inputs, inputSpec } from '../engine/catalogue';
import { CompanyModel, ramp } from '../engine/company';
import { COMPANY_METRICS, CompanyMetric, findCompanyMetric, rampTable } from '../engine/companyMetrics';
import { EngineError, didYouMean, isEngineError, naError, valueError } from '../engine/errors';
import { MODELS, Metric } from '../engine/models';
import { RingCache } from '../engine/caches';
import { store } from '../presets/bundled';
import { addMonthsKeepingDay, companyField, presetSourceList } from '../presets/companyData';
import { companyInput, modelContext } from '../presets/companyInputs';
import { COMPANY_FIELDS, fieldIn } from '../presets/fields';
import { Overrides } from '../presets/store';
import { Card, CardField, OutCell, card, dataTypeLevel, plainArg, quantity } from './cellValues';
import { asMatrix, check, fail, numberArg, overridesArg, present, textArg, tickerArg } from './adapter';

// ---- the model of a company, cached per call inputs -----------------------------------

/**
 * Company models kept: a sheet's COMPANY and COMPS calls share few (ticker,
 * overrides) pairs; each model holds its inputs and, once read, its monthly
 * arrays. A ring of slots, not a Map: an evicted model is garbage at once
 * (src/engine/caches.ts says why that matters).
 */
const CACHE_SIZE = 32;
const models = new RingCache<CompanyModel | EngineError>(CACHE_SIZE);

function overridesKey(ov: Overrides | null): string {
  if (!ov || ov.size === 0) return '';
  let k = '';
  for (const [n, v] of ov) k += `${n}=${typeof v}:${v};`;
  return k;
}

/** The company model of a ticker with company-wide overrides (cached until the store changes). */
export function companyModel(ticker: string, ov: Overrides | null): CompanyModel | EngineError {
  const key = `${store.version}|${ticker}|${overridesKey(ov)}`;
  const hit = models.get(key);
  if (hit) return hit;
  const input = companyInput(store, ticker, ov);
  const model = isEngineError(input) ? input : new CompanyModel(input);
  models.set(key, model);
  return model;
}

function companyTickerArg(x: unknown): string {
  const t = tickerArg(x);
  if (t === '') fail(naError(`ticker is required: a company such as "IREN"; tickers: ${store.tickers().join(', ')}`));
  return t;
}

function companyMetricArg(x: unknown): CompanyMetric | undefined {
  const name = textArg('metric', x);
  if (name === undefined) return undefined;
  const m = findCompanyMetric(name);
  if (!m) fail(valueError(`unknown metric "${name.slice(0, 40)}" for COMPANY: ${didYouMean(name, COMPANY_METRICS.map((c) => c.name))}`));
  return m;
}

// ---- COMPANY ------------------------------------------------------------------------------

/** Every single-number metric as a card, with the preset's as-of date and its sources. A metric without a result is its error code as text. */
export function companyCard(ticker: string, model: CompanyModel): Card {
  const fields: [string, CardField][] = [];
  for (const m of COMPANY_METRICS) {
    if (m.name === 'table' || (m.name === 'upside' && !(model.input.company.share_price > 0))) continue;
    const v = m.compute(model);
    fields.push([m.name, isEngineError(v) ? v.code : typeof v === 'number' && Number.isFinite(v) ? quantity(v, m.unit) : '#NUM!']);
  }
  const base = model.value();
  const p = store.preset(ticker)!;
  const text = isEngineError(base) ? `${p.ticker} company value: ${base.code}` : `${p.ticker} ${base.valuePerShare.toFixed(2)} USD per share (sum of the parts)`;
  return card(text, fields, { asof: p.asof, sources: presetSourceList(p) });
}

export function company(ticker: unknown, metric: unknown, overrides: unknown): OutCell[][] | Card {
  const m = companyMetricArg(metric);
  const t = companyTickerArg(ticker);
  const model = check(companyModel(t, overridesArg(overrides)));
  if (!m) {
    // no metric: a card where the host shows data types, else the default metric
    if (dataTypeLevel() !== 'none') return companyCard(t, model);
    return asMatrix(present(COMPANY_METRICS[0].compute(model), COMPANY_METRICS[0].unit));
  }
  return asMatrix(present(m.compute(model), m.unit));
}

// ---- COMPS --------------------------------------------------------------------------------

export const DEFAULT_COMPS_METRICS: readonly string[] = ['value_per_share', 'enterprise_value', 'ai_share_of_value', 'btc_beta', 'contracted_it_mw', 'energized_mw', 'hashrate_eh', 'cost_per_btc'];
/** MINING_ECONOMICS metrics COMPS takes by name (per gross MW of the company's fleet; "#N/A" for a company that does not mine). */
const MINING_COLUMNS: readonly Metric[] = MODELS.MINING_ECONOMICS.metrics.filter((m) => ['cost_per_btc', 'all_in_cost_per_btc', 'breakeven_power_price', 'breakeven_hashprice', 'hashrate_ph', 'btc_mined'].includes(m.name));
const TOP_FIELDS: readonly string[] = COMPANY_FIELDS.filter((f) => fieldIn('fields', f.name) && !fieldIn('fields', f.name)!.input).map((f) => f.name);
const COMPS_NAMES: readonly string[] = [...COMPANY_METRICS.filter((m) => m.name !== 'table').map((m) => m.name), ...TOP_FIELDS, ...MINING_COLUMNS.map((m) => m.name), ...INPUT_NAMES];
/** Bounds of COMPS's lists: a whole-column reference cannot stall a recalculation. */
export const MAX_COMPS_COLUMNS = 64;
export const MAX_COMPS_ROWS = 200;

type Column = { readonly name: string; readonly unit: string; readonly cell: (ticker: string, model: CompanyModel | EngineError, ov: Overrides | null) => OutCell };

const errorText = (e: EngineError): string => e.code;
const numberCell = (v: number | unknown, unit: string): OutCell => (typeof v === 'number' ? (Number.isFinite(v) ? quantity(v, unit) : '#NUM!') : isEngineError(v) ? errorText(v) : '#VALUE!');

function column(name: string): Column {
  const n = name.toLowerCase();
  const metric = findCompanyMetric(n);
  if (metric && metric.name !== 'table') return { name: metric.name, unit: metric.unit, cell: (_t, model) => (isEngineError(model) ? errorText(model) : numberCell(metric.compute(model), metric.unit)) };
  if (TOP_FIELDS.includes(n)) {
    const unit = COMPANY_FIELDS.find((f) => f.name === n)!.unit ?? '';
    return {
      name: n,
      unit,
      cell: (t) => {
        const p = store.preset(t);
        const v = p ? companyField(p, n) : undefined;
        return v === undefined ? '#N/A' : typeof v.value === 'number' ? quantity(v.value, unit) : v.value;
      },
    };
  }
  const mining = MINING_COLUMNS.find((m) => m.name === n);
  if (mining) {
    return {
      name: n,
      unit: mining.unit,
      cell: (t, _m, ov) => {
        const miningMw = store.preset(t)?.company?.fields.mining_mw?.value;
        if (miningMw === 0) return '#N/A'; // a company that does not mine has no cost per BTC
        const ctx = modelContext(store, 'MINING_ECONOMICS', t, ov);
        return isEngineError(ctx) ? errorText(ctx) : numberCell(mining.compute(ctx), mining.unit);
      },
    };
  }
  const spec = inputSpec(n);
  if (spec && spec.name === n) {
    return {
      name: n,
      unit: spec.unit,
      cell: (t, _m, ov) => {
        const r = store.resolve(t, ov);
        if (isEngineError(r)) return errorText(r);
        const v = (r as Inputs)[n];
        return typeof v === 'number' ? quantity(v, spec.unit) : v;
      },
    };
  }
  fail(valueError(`unknown metric "${name.slice(0, 40)}" for COMPS: ${didYouMean(name, COMPS_NAMES)} (a COMPANY metric, a company field such as energized_mw, a mining metric such as cost_per_btc, or an input)`));
}

/** A list argument: one value, a row or column range, or an array constant; blanks skipped. */
function listArg(argName: string, x: unknown, max: number): string[] | undefined {
  if (x === null || x === undefined) return undefined;
  const cells: unknown[] = Array.isArray(x) ? (x as unknown[]).flatMap((r) => (Array.isArray(r) ? r : [r])) : [x];
  const out: string[] = [];
  for (const c of cells) {
    const v = plainArg(c);
    if (v === null || v === undefined || v === '') continue;
    if (typeof v !== 'string') fail(valueError(`${argName} holds ${typeof v === 'object' ? 'an error value' : String(v)}; give names as text, such as "IREN"`));
    if (out.length >= max) fail(valueError(`${argName}: more than ${max} entries; pass a smaller range`));
    out.push(v.trim());
  }
  return out.length > 0 ? out : undefined;
}

export function comps(metrics: unknown, tickers: unknown, overrides: unknown): OutCell[][] {
  const names = listArg('metrics', metrics, MAX_COMPS_COLUMNS) ?? DEFAULT_COMPS_METRICS;
  const columns = names.map(column);
  const given = listArg('tickers', tickers, MAX_COMPS_ROWS);
  const ov = overridesArg(overrides);
  if (ov?.has('tranche')) fail(valueError('tranche is not an override of COMPS: each row values its company\'s whole book'));
  const rows = given ? given.map((t) => t.toUpperCase()) : store.tickers();
  for (const t of rows) if (!store.preset(t)) check(store.base(t)); // an unknown ticker: #N/A listing the tickers
  const out: OutCell[][] = [['ticker', ...columns.map((c) => (c.unit ? `${c.name} (${c.unit})` : c.name))]];
  for (const t of rows) {
    const model = companyModel(t, ov);
    out.push([store.preset(t)!.ticker, ...columns.map((c) => c.cell(t, model, ov))]);
  }
  return out;
}

// ---- RAMP -----------------------------------------------------------------------------------

export const DEFAULT_RAMP_QUARTERS = 12;
export const MAX_RAMP_QUARTERS = 200;

export function rampFn(ticker: unknown, quarters: unknown, overrides: unknown): OutCell[][] {
  const t = companyTickerArg(ticker);
  const q = numberArg('quarters', quarters, DEFAULT_RAMP_QUARTERS, { unit: 'quarters', min: 1, max: MAX_RAMP_QUARTERS, integer: true });
  const model = check(companyModel(t, overridesArg(overrides)));
  const rows = check(ramp(model, q));
  const vd = model.input.company.valuation_date;
  return present(rampTable(rows, model.input.tranches, (i) => Math.floor(addMonthsKeepingDay(vd, 3 * i)))) as OutCell[][];
}
