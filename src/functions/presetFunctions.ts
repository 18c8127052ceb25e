/**
 * Bodies of the preset and input functions: PRESET, PRESETS, PRESET_ASOF, INPUT, INPUT_SOURCE, CONTRACTS.
 */
import { CATALOGUE, INPUT_NAMES, InputSpec, MARKET_DEFAULTS_ASOF, inputSpec } from '../engine/catalogue';
import { serialFromIso } from '../engine/dates';
import { didYouMean, naError, valueError } from '../engine/errors';
import { store } from '../presets/bundled';
import { companyField, companyFieldNames, contractRows } from '../presets/companyData';
import { COMPANY_FIELDS, SELECTOR_INPUTS, TOP_LEVEL_FIELDS, fieldIn } from '../presets/fields';
import { Preset } from '../presets/schema';
import { Scalar, check, fail, inputNameArg, overridesArg, resolveInputs, textArg, tickerArg } from './adapter';
import { OutCell, Quantity, quantity } from './cellValues';

/** Names PRESET and INPUT_SOURCE accept: every model input, then every top-level company field. */
const FIELD_NAMES: readonly string[] = [...new Set([...INPUT_NAMES, ...TOP_LEVEL_FIELDS.map((f) => f.name)])];

/** A field name: a model input (its catalogue row) or a company field (its name); #VALUE! with "did you mean" otherwise. */
function fieldNameArg(argName: string, x: unknown): { input: InputSpec } | { company: string } {
  const v = textArg(argName, x);
  if (v === undefined) fail(valueError(`${argName} is required: a field name such as "power_mw" or "energized_mw"`));
  const spec = inputSpec(v);
  if (spec) return { input: spec };
  const name = v.toLowerCase();
  if (fieldIn('fields', name)) return { company: name };
  const elsewhere = COMPANY_FIELDS.find((f) => f.name === name);
  if (elsewhere) fail(valueError(`${name} is a field of each ${elsewhere.group === 'contract' ? 'contract (CONTRACTS lists the book)' : `${elsewhere.group} item of the balance sheet`}, not of the company as a whole`));
  fail(valueError(`unknown field "${v.slice(0, 40)}": ${didYouMean(v, FIELD_NAMES)}`));
}

/** The preset of a company ticker (or alias), for a company field; #N/A for the generic site or an unknown ticker. */
function companyPreset(t: string, what: string): Preset {
  if (t === '') fail(naError(`${what} needs a company ticker: the generic site ("") has model inputs only`));
  check(store.base(t));
  return store.preset(t)!;
}

function missingField(p: Preset, name: string): never {
  if (!p.company) fail(naError(`${p.ticker}'s preset has model inputs only (schema 1): it has no ${name}`));
  fail(naError(`${p.ticker}'s preset does not give ${name}`));
}

/** A value with its input's unit (a number), or the text of a choice. */
function withInputUnit(v: number | string, unit: string): OutCell {
  return typeof v === 'number' ? quantity(v, unit) : v;
}

export function preset(ticker: unknown, field: unknown): OutCell[][] {
  const t = tickerArg(ticker);
  const inputs = resolveInputs(t, null);
  const blank = field === null || field === undefined || field === '' || (Array.isArray(field) && field.length === 1 && (field[0] as unknown[])[0] == null);
  if (!blank) {
    const f = fieldNameArg('field', field);
    if ('input' in f) return [[withInputUnit(inputs[f.input.name], f.input.unit)]];
    const p = companyPreset(t, f.company);
    const v = companyField(p, f.company);
    if (!v) missingField(p, f.company);
    const unit = COMPANY_FIELDS.find((c) => c.name === f.company)?.unit ?? '';
    return [[withInputUnit(v.value, unit)]];
  }
  const p = t === '' ? undefined : store.preset(t);
  const out: Scalar[][] = [['field', t === '' ? 'market' : p!.ticker]];
  for (const s of CATALOGUE) if (!SELECTOR_INPUTS.has(s.name)) out.push([s.name, inputs[s.name]]);
  if (p) for (const name of companyFieldNames(p)) out.push([name, companyField(p, name)!.value]);
  return out;
}

export function presets(): Scalar[][] {
  const out: Scalar[][] = [['ticker', 'name', 'as of']];
  for (const t of store.tickers()) {
    const p = store.preset(t)!;
    out.push([p.ticker, p.name, serialFromIso(p.asof)]);
  }
  return out;
}

export function presetAsof(ticker: unknown): Quantity {
  const t = tickerArg(ticker);
  if (t === '') return quantity(serialFromIso(MARKET_DEFAULTS_ASOF), 'date');
  check(store.base(t));
  return quantity(serialFromIso(store.preset(t)!.asof), 'date');
}

export function input(ticker: unknown, name: unknown, overrides: unknown): OutCell {
  const t = tickerArg(ticker);
  const spec = inputNameArg('name', name);
  return withInputUnit(resolveInputs(t, overridesArg(overrides))[spec.name], spec.unit);
}

export function inputSource(ticker: unknown, name: unknown, overrides: unknown): string {
  const t = tickerArg(ticker);
  const f = fieldNameArg('name', name);
  const ov = overridesArg(overrides);
  if ('company' in f) {
    const p = companyPreset(t, f.company);
    const v = companyField(p, f.company);
    if (!v) missingField(p, f.company);
    return `preset ${p.ticker} as of ${v.asof}: ${v.basis}`;
  }
  const r = check(store.explain(t, f.input.name, ov));
  const asof = r.asof ? ` as of ${r.asof}` : '';
  const shown = t === '' ? t : store.preset(t)?.ticker ?? t;
  switch (r.layer) {
    case 'override':
      return `override: ${r.value} (function argument)`;
    case 'tranche':
      return `preset ${shown}${asof}, ${r.basis}`;
    case 'workbook':
      return `workbook: ${r.value} (edited in the BTCAI_Presets table)`;
    case 'preset':
      return `preset ${shown}${asof}: ${r.basis}`;
    case 'marketdata':
      return `${r.basis} as of ${r.asof.slice(0, 10)} ${r.asof.slice(11, 16)} UTC: ${r.value}`;
    case 'derived':
      return r.basis; // "derived from discount_rate = 0.12 (discount_rate: override); …"
    default:
      return `market default${asof}: ${r.basis}`;
  }
}

/** The contract book of a company: a header row, then one row per tranche. */
export function contracts(ticker: unknown): Scalar[][] {
  const t = tickerArg(ticker);
  const p = companyPreset(t, 'CONTRACTS');
  if (!p.company) fail(naError(`${p.ticker}'s preset has model inputs only (schema 1): it has no contract book`));
  return contractRows(p);
}
