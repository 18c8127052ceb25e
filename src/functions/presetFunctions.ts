/**
 * Bodies of the preset and input functions: PRESET, PRESETS, PRESET_ASOF, INPUT, INPUT_SOURCE.
 */
import { CATALOGUE, MARKET_DEFAULTS_ASOF } from '../engine/catalogue';
import { serialFromIso } from '../engine/dates';
import { store } from '../presets/bundled';
import { Scalar, check, inputNameArg, overridesArg, resolveInputs, tickerArg } from './adapter';
import { OutCell, Quantity, quantity } from './cellValues';

/** A value with its input's unit (a number), or the text of a choice. */
function withInputUnit(v: number | string, unit: string): OutCell {
  return typeof v === 'number' ? quantity(v, unit) : v;
}

export function preset(ticker: unknown, field: unknown): OutCell[][] {
  const t = tickerArg(ticker);
  const inputs = resolveInputs(t, null);
  const blank = field === null || field === undefined || field === '' || (Array.isArray(field) && field.length === 1 && (field[0] as unknown[])[0] == null);
  if (!blank) {
    const spec = inputNameArg('field', field);
    return [[withInputUnit(inputs[spec.name], spec.unit)]];
  }
  const out: Scalar[][] = [['field', t === '' ? 'market' : t]];
  for (const s of CATALOGUE) out.push([s.name, inputs[s.name]]);
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
  const spec = inputNameArg('name', name);
  const r = check(store.explain(t, spec.name, overridesArg(overrides)));
  const asof = r.asof ? ` as of ${r.asof}` : '';
  switch (r.layer) {
    case 'override':
      return `override: ${r.value} (function argument)`;
    case 'workbook':
      return `workbook: ${r.value} (edited in the BTCAI_Presets table)`;
    case 'preset':
      return `preset ${t}${asof}: ${r.basis}`;
    default:
      return `market default${asof}: ${r.basis}`;
  }
}
