/**
 * The function reference as data: every function of functions.json (the
 * metadata Excel reads) with its arguments, the metrics of the model functions,
 * and every input of the catalogue. help.ts only renders it.
 */
import { CATALOGUE, allowedText, inputSpec } from '../engine/catalogue';
import { MODELS } from '../engine/models';

export interface ParamHelp {
  readonly name: string;
  readonly description: string;
  readonly optional: boolean;
  readonly repeating: boolean;
  /** The catalogue unit when the argument is a catalogue input, else "". */
  readonly unit: string;
}
export interface MetricHelp {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly isDefault: boolean;
}
export interface FunctionHelp {
  /** The anchor: help.html#NAME is each function's help link. */
  readonly id: string;
  readonly name: string;
  readonly signature: string;
  readonly description: string;
  readonly params: ParamHelp[];
  readonly metrics: MetricHelp[];
  readonly returns: string;
}

const text = (x: unknown): string => (typeof x === 'string' ? x : '');

/** Builds the reference from functions.json; unknown shapes are skipped, never thrown on. */
export function functionHelp(metadata: unknown): FunctionHelp[] {
  const list = (metadata as { functions?: unknown })?.functions;
  if (!Array.isArray(list)) return [];
  const out: FunctionHelp[] = [];
  for (const f of list) {
    const name = text(f?.name);
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) continue;
    const params: ParamHelp[] = (Array.isArray(f.parameters) ? f.parameters : []).map((p: Record<string, unknown>) => ({
      name: text(p.name),
      description: text(p.description),
      optional: p.optional === true,
      repeating: p.repeating === true,
      unit: inputSpec(text(p.name))?.name === text(p.name) ? inputSpec(text(p.name))!.unit : '',
    }));
    const args = params.map((p) => (p.repeating ? `[${p.name}…]` : p.optional ? `[${p.name}]` : p.name)).join(', ');
    const model = MODELS[name];
    const metrics = model ? model.metrics.map((m) => ({ name: m.name, unit: m.unit, description: m.description, isDefault: m.name === model.defaultMetric })) : [];
    const spills = f.result?.dimensionality === 'matrix';
    out.push({ id: name, name, signature: `=BTCAI.${name}(${args})`, description: text(f.description), params, metrics, returns: spills ? 'a value, or a spilled table for table-like metrics' : 'a single value' });
  }
  return out;
}

export interface InputHelp {
  readonly name: string;
  readonly group: string;
  readonly unit: string;
  readonly default: string;
  readonly range: string;
  readonly description: string;
  readonly basis: string;
}

export function inputHelp(): InputHelp[] {
  return CATALOGUE.map((s) => ({ name: s.name, group: s.group, unit: s.unit, default: String(s.default), range: allowedText(s), description: s.description, basis: s.basis }));
}
