/**
 * A stand-in for Excel's custom-function host: it calls a registered function
 * the way Excel does, driven by the function's metadata (functions.json):
 * omitted arguments as null, matrix parameters as 2-D arrays, repeating
 * parameters as one array of their values, errors read back from what the
 * function throws, and Excel's data types (formatted numbers, cards) read back as
 * their plain value plus number format and fields. A nested call's result reaches
 * the outer function as the function returned it (a data type stays a data type,
 * as Excel keeps them through calculation). Used by the CLI, `btcai calc`, the
 * preview and the browser tests.
 */
import { readExcelError } from '../functions/excelError';
import { ReadCell, readResult } from '../functions/cellValues';
import { Arg, Call, Constant } from './formula';

export interface ParamMeta {
  name: string;
  type?: string;
  dimensionality?: 'scalar' | 'matrix';
  optional?: boolean;
  repeating?: boolean;
}
export interface FunctionMeta {
  id: string;
  name: string;
  description?: string;
  helpUrl?: string;
  parameters: ParamMeta[];
  result?: { type?: string; dimensionality?: 'scalar' | 'matrix' };
}
export interface Metadata {
  functions: FunctionMeta[];
}

export type Value = Constant | Constant[][];
export interface ValueOutcome {
  value: Value;
  /** A string for one value, rows ("" = General) for a spilled table; absent when nothing is formatted. */
  numberFormat?: string | string[][];
  /** A card's fields (Excel's entity properties). */
  properties?: Record<string, ReadCell>;
  /** What the function returned, before reading (a data type as Excel receives it). */
  raw?: unknown;
}
export type Outcome = ValueOutcome | { error: string; message: string };
export type Implementation = (...args: unknown[]) => unknown;

/** A formula that cannot be evaluated as written (exit code 2 in the CLI). */
export class CallError extends Error {}

const isOutcomeError = (o: Outcome): o is { error: string; message: string } => 'error' in o;

/** 1×1 arrays read as their value, as Excel shows them. */
export function simplify(v: unknown): unknown {
  if (Array.isArray(v) && v.length === 1 && Array.isArray(v[0]) && v[0].length === 1) return v[0][0];
  return v;
}

/** A function's return value as an outcome: plain value, number format, card fields. */
export function outcomeOf(returned: unknown): ValueOutcome {
  const raw = simplify(returned);
  const r = readResult(raw);
  const o: ValueOutcome = { value: r.value as Value, raw };
  if (r.numberFormat !== undefined) o.numberFormat = r.numberFormat;
  if (r.properties !== undefined) o.properties = r.properties;
  return o;
}

export class FunctionHost {
  private readonly byId = new Map<string, { meta: FunctionMeta; impl: Implementation }>();

  constructor(readonly metadata: Metadata, implementations: ReadonlyMap<string, Implementation>) {
    for (const meta of metadata.functions) {
      const impl = implementations.get(meta.id);
      if (impl) this.byId.set(meta.id, { meta, impl });
    }
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  meta(id: string): FunctionMeta | undefined {
    return this.byId.get(id.toUpperCase())?.meta;
  }

  /** Evaluates a parsed call; syntax-level problems throw CallError. */
  evaluate(call: Call): Outcome {
    const entry = this.byId.get(call.name);
    if (!entry) throw new CallError(`${call.name} is not a BTCAI function; run "btcai list" to see them`);
    const { meta, impl } = entry;
    const params = meta.parameters;
    const repeating = params.length > 0 && params[params.length - 1].repeating ? params[params.length - 1] : undefined;
    const fixed = repeating ? params.slice(0, -1) : params;
    const required = fixed.filter((p) => !p.optional).length;
    if (call.args.length < required) throw new CallError(`${meta.name} needs at least ${required} argument${required === 1 ? '' : 's'}, got ${call.args.length}`);
    if (!repeating && call.args.length > fixed.length) throw new CallError(`${meta.name} takes at most ${fixed.length} argument${fixed.length === 1 ? '' : 's'}, got ${call.args.length}`);

    // evaluate nested calls first; an error in one is the result (Excel propagates it)
    const values: (Value | null)[] = [];
    for (const a of call.args) {
      const v = this.argValue(a);
      if ('error' in v) return v.error;
      values.push(v.value);
    }
    const args: unknown[] = fixed.map((p, k) => shape(values[k] ?? null, p));
    if (repeating) {
      const rest = values.slice(fixed.length).map((v) => shape(v, { ...repeating, dimensionality: repeating.dimensionality }));
      args.push(rest);
    }
    return this.invoke(impl, args);
  }

  /** Calls an implementation with already-shaped arguments, as Excel would. */
  invoke(impl: Implementation, args: unknown[]): Outcome {
    try {
      return outcomeOf(impl(...args));
    } catch (e) {
      const x = readExcelError(e);
      if (x) return { error: x.code, message: x.message };
      return { error: '#VALUE!', message: `unlabelled exception: ${String(e)}` };
    }
  }

  private argValue(a: Arg): { value: Value | null } | { error: Outcome } {
    switch (a.kind) {
      case 'omitted':
        return { value: null };
      case 'value':
        return { value: a.value };
      case 'array':
        return { value: a.rows };
      case 'raw':
        return { value: a.value as Value };
      case 'call': {
        const o = this.evaluate(a.call);
        return isOutcomeError(o) ? { error: o } : { value: (o.raw ?? o.value) as Value };
      }
    }
  }
}

/** Shapes one argument for its parameter: matrix parameters get 2-D arrays, scalars a 1×1 range's value. */
function shape(v: Value | null, p: ParamMeta): unknown {
  if (p.dimensionality === 'matrix') {
    if (v === null) return p.repeating ? [[null]] : null;
    return Array.isArray(v) ? v : [[v]];
  }
  return v;
}

export function isError(o: Outcome): o is { error: string; message: string } {
  return isOutcomeError(o);
}
