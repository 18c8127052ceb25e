/**
 * Bodies of the preset and input functions: PRESET, PRESETS, PRESET_ASOF, INPUT, INPUT_SOURCE.
 */
import { CATALOGUE, MARKET_DEFAULTS_ASOF } from '../engine/catalogue';
import { serialFromIso } from '../engine/dates';
import { store } from '../presets/bundled';
import { Scalar, check, inputNameArg, overridesArg, resolveInputs, tickerArg } from './adapter';

export function preset(ticker: unknown, field: unknown): Scalar[][] {
  const t = tickerArg(ticker);
  const inputs = resolveInputs(t, null);
  const blank = field === null || field === undefined || field === '' || (Array.isArray(field) && field.length === 1 && (field[0] as unknown[])[0] == null);
  if (!blank) return [[inputs[inputNameArg('field', field).name]]];
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

export function presetAsof(ticker: unknown): number {
  const t = tickerArg(ticker);
  if (t === '') return serialFromIso(MARKET_DEFAULTS_ASOF);
  check(store.base(t));
  return serialFromIso(store.preset(t)!.asof);
}

export function input(ticker: unknown, name: unknown, overrides: unknown): number | string {
  const t = tickerArg(ticker);
  const spec = inputNameArg('name', name);
  return resolveInputs(t, overridesArg(overrides))[spec.name];
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
    case 'derived':
      return r.basis; // "derived from discount_rate = 0.12 (discount_rate: override); …"
    default:
      return `market default${asof}: ${r.basis}`;
  }
}
