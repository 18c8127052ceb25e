/**
 * Property-based fuzzing of every function in dist/functions.json, called the
 * way Excel calls them: omitted arguments as null, ranges as 2-D arrays, the
 * repeating overrides argument as an array of per-argument ranges. Each call
 * must return what its metadata promises (a finite number, text, or a
 * rectangular 2-D array of finite numbers / text / booleans) or throw an error
 * Excel reads as #VALUE!, #N/A or #NUM! (#VALUE! and #N/A with a message); never
 * another exception, NaN, Infinity, more work than its arguments ask for (counted,
 * not timed), or a change to the preset store.
 */
import fc from 'fast-check';
import { INPUT_NAMES } from '../../src/engine/catalogue';
import { MODELS } from '../../src/engine/models';
import { store } from '../../src/presets/bundled';
import { FunctionMeta, Implementation, ParamMeta } from '../../src/cli/host';
import {
  anyArg,
  call,
  cell,
  implementations,
  inputName,
  judge,
  loadDistMetadata,
  metric,
  modelName,
  overrides,
  range,
  showArgs,
  storeSnapshot,
  ticker,
  valueFor,
} from './excelArgs';
import { Work, countWork } from '../support/work';

const metadata = loadDistMetadata();
const impls = implementations(metadata);
const byId = new Map(metadata.functions.map((f) => [f.id, f]));

/**
 * The work one fuzzed call may do (arguments are kept cheap, so more is a hang in
 * the making), counted rather than timed (test/support/work.ts): model evaluations
 * (a list table or a card computes each metric of its model once; a grid here is
 * at most 4 × 4 cells and its probe), simulated paths (at most 20 asked for) and
 * projected months (at most 36), and "did you mean" searches (one per name that
 * fails, and a call fails at its first).
 */
const PER_CALL_WORK: Work = { evaluations: 40, simulations: 1, paths: 20, projections: 1, projectedMonths: 36, aiPasses: 40, nameSearches: 4 };
/** Generated calls per family, as the brief asks. */
const CALLS_PER_FAMILY = 10_000;

const HEADLINE = Object.keys(MODELS);
const PRIMITIVES = ['HASHPRICE', 'HASHVALUE', 'NETWORK_HASHRATE', 'BLOCK_SUBSIDY', 'NEXT_HALVING', 'COST_PER_BTC', 'BREAKEVEN_POWER_PRICE', 'COLO_REVENUE', 'GPU_CLOUD_REVENUE', 'DEAL_RATE'];
const PRESET_FNS = ['PRESET', 'PRESETS', 'PRESET_ASOF', 'INPUT', 'INPUT_SOURCE'];
const SCENARIOS = ['PROJECTION', 'SENSITIVITY', 'LEASE_WIN_PROB', 'LEASE_NPV_PERCENTILES'];
const KNOWN = new Set([...HEADLINE, ...PRIMITIVES, ...PRESET_FNS, ...SCENARIOS]);
/** Functions registered after this suite was written: fuzzed with generic arguments. */
const OTHERS = metadata.functions.map((f) => f.id).filter((id) => !KNOWN.has(id));

/** Mostly plausible, sometimes anything Excel can pass. */
const mostly = (good: fc.Arbitrary<unknown>, junkWeight = 1): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 6, arbitrary: good }, { weight: junkWeight, arbitrary: anyArg });

/** Number arguments of the primitives that are not catalogue inputs: their allowed ranges (scalarFunctions.ts). */
const RANGES: Record<string, [number, number]> = {
  network_eh: [1, 1e7],
  subsidy_btc: [0, 50],
  opex_mw_yr: [0, 1e7],
  hashprice: [0, 1e6],
  contract_value: [0, 1e13],
  term_years: [0, 100],
  it_mw: [0, 1e6],
  difficulty: [0, 1e30],
  date: [39816, 73051],
};

function numberLike(name: string): fc.Arbitrary<unknown> {
  if (INPUT_NAMES.includes(name)) return mostly(valueFor(name));
  const r = RANGES[name];
  if (!r) return anyArg;
  const [lo, hi] = r;
  const edges = fc.constantFrom<unknown>(lo, hi, lo - 1, hi * 2, String(hi), '2026-01-01', '2140-01-01', true);
  return mostly(fc.oneof(fc.double({ min: lo, max: hi, noNaN: true }), edges, fc.integer({ min: Math.ceil(lo), max: Math.min(hi, 1e9) })));
}

/** A value that never asks for an expensive simulation or projection: small when valid, anything when invalid. */
function cheapCount(maxValid: number, validMin: number, validMax: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: validMin, max: maxValid }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(validMin - 1, validMax + 1, 0, -1, 1.5, 1e308, 5e-324, 'many', '3', true, [[2]], [[1, 2]]) },
    {
      weight: 2,
      arbitrary: anyArg.filter((x) => {
        const v = Array.isArray(x) && x.length === 1 && Array.isArray(x[0]) && x[0].length === 1 ? x[0][0] : x;
        if (v === null || v === undefined || v === '') return false; // blank means the (large) default
        const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim().replace(/,/g, '')) : typeof v === 'boolean' ? 1 : NaN;
        return !(Number.isFinite(n) && n > maxValid && n <= validMax);
      }),
    },
  );
}

/** Values for one axis of a sensitivity grid: a short row or column of values near the input's range. */
function axis(name: fc.Arbitrary<string>): fc.Arbitrary<[unknown, unknown]> {
  return name.chain((n) => {
    const base = n.trim().toLowerCase();
    const v = INPUT_NAMES.includes(base) ? (base === 'horizon_years' ? fc.integer({ min: 0, max: 31 }) : valueFor(base)) : cell;
    const values = fc.array(v, { minLength: 1, maxLength: 4 });
    const shaped = fc.oneof(
      values.map((xs) => [xs]), // a row
      values.map((xs) => xs.map((x) => [x])), // a column
      v.map((x) => [[x]]), // one value
      range(cell, 3, 3), // anything
      fc.constant([Array.from({ length: 10_001 }, (_, i) => 1 + i)]), // over the cap
    );
    return fc.tuple(fc.constant<unknown>(n), shaped);
  });
}

type ArgsArb = fc.Arbitrary<unknown[]>;

/** Arguments of one function, shaped by its metadata; deep paths reached with real names. */
function argsFor(meta: FunctionMeta): ArgsArb {
  const id = meta.id;
  const params = meta.parameters;
  const fixed = params.filter((p) => !p.repeating);
  const repeating = params.find((p) => p.repeating);
  const ov = repeating ? fc.oneof({ weight: 8, arbitrary: overrides }, { weight: 1, arbitrary: fc.constant([]) }) : undefined;

  if (id === 'SENSITIVITY') {
    const xname = fc.oneof({ weight: 6, arbitrary: inputName }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
    return fc
      .tuple(mostly(ticker), mostly(modelName), mostly(metric), axis(xname), axis(xname), ov!)
      .map(([t, f, m, [xn, xv], [yn, yv], o]) => [t, f, m, xn, xv, yn, yv, o]);
  }
  if (id === 'LEASE_WIN_PROB' || id === 'LEASE_NPV_PERCENTILES') {
    return fc.tuple(
      mostly(ticker),
      cheapCount(3, 1, 30), // horizon_years (blank: the input, at most 3 in the overrides here)
      mostly(valueFor('btc_vol')),
      cheapCount(20, 1, 200_000), // paths: small; blank would mean 10 000 (see the cap tests)
      mostly(fc.oneof(fc.integer({ min: 0, max: 4294967295 }), fc.constantFrom(-1, 4294967296, 0.5))),
      ov!,
    ).map((a) => a as unknown[]);
  }
  if (id === 'PROJECTION') return fc.tuple(mostly(ticker), cheapCount(36, 1, 600), ov!).map((a) => a as unknown[]);

  const arbs: fc.Arbitrary<unknown>[] = fixed.map((p: ParamMeta) => {
    switch (p.name) {
      case 'ticker':
        return mostly(ticker);
      case 'metric':
        return HEADLINE.includes(id) ? mostly(fc.constantFrom(...MODELS[id].metrics.map((m) => m.name)).chain((m) => fc.constantFrom(m, m.toUpperCase(), ` ${m}`)), 2) : mostly(metric);
      case 'name':
      case 'field':
        return mostly(inputName);
      default:
        return KNOWN.has(id) ? numberLike(p.name) : anyArg;
    }
  });
  // omitted trailing optionals arrive as null, like Excel
  return fc.tuple(...arbs, ...(ov ? [ov] : [])).map((a) => a as unknown[]);
}

interface Tally {
  calls: number;
  values: number;
  errors: Record<string, number>;
}

function fuzz(ids: readonly string[], numRuns: number, seed: number): Tally {
  const tally: Tally = { calls: 0, values: 0, errors: {} };
  const metas = ids.map((id) => byId.get(id)).filter((m): m is FunctionMeta => m !== undefined && impls.has(m.id));
  if (metas.length === 0) return tally;
  const before = storeSnapshot();
  const arb = fc.oneof(...metas.map((m) => fc.tuple(fc.constant(m.id), argsFor(m))));
  const meter = countWork();
  try {
  fc.assert(
    fc.property(arb, ([id, args]) => {
      const meta = byId.get(id) as FunctionMeta;
      const impl = impls.get(meta.id) as Implementation;
      const version = store.version;
      meter.reset();
      const outcome = call(impl, args);
      for (const k of Object.keys(PER_CALL_WORK) as (keyof Work)[]) {
        if (meter.work[k] > PER_CALL_WORK[k]) throw new Error(`${meta.id}(${showArgs(args)}) did ${meter.work[k]} ${k} (bound ${PER_CALL_WORK[k]})`);
      }
      tally.calls++;
      const v = judge(meta, outcome);
      if (!v.ok) throw new Error(`${meta.id}(${showArgs(args)}): ${v.why}`);
      if (v.kind === 'value') tally.values++;
      else tally.errors[v.code!] = (tally.errors[v.code!] ?? 0) + 1;
      const after = store.version;
      if (after !== version) throw new Error(`${meta.id}(${showArgs(args)}) changed the preset store's version`);
      if (tally.calls % 1000 === 0 && storeSnapshot() !== before) throw new Error(`the preset store changed after ${meta.id}(${showArgs(args)})`);
    }),
    { numRuns, seed, endOnFailure: true },
  );
  } finally {
    meter.stop();
  }
  expect(storeSnapshot()).toBe(before);
  if (process.env.BTCAI_FUZZ_TALLY) process.stdout.write(`${ids.join(',')}: ${JSON.stringify(tally)}\n`);
  return tally;
}

/** Some calls of every family must reach a real result, or the fuzzing only scratched the argument checks. */
function expectDeep(t: Tally, minShare: number): void {
  expect(t.calls).toBeGreaterThanOrEqual(CALLS_PER_FAMILY);
  expect(t.values / t.calls).toBeGreaterThan(minShare);
}

describe('every registered function survives any input', () => {
  test('dist/functions.json lists the functions this suite knows, each with an implementation', () => {
    for (const f of metadata.functions) expect(impls.has(f.id)).toBe(true);
    for (const id of [...HEADLINE, ...PRIMITIVES, ...PRESET_FNS]) expect(byId.has(id)).toBe(true);
  });

  test('headline model functions: 10 000 calls', () => {
    const t = fuzz(HEADLINE, CALLS_PER_FAMILY, 7001);
    expectDeep(t, 0.2);
  }, 120_000);

  test('primitives: 10 000 calls', () => {
    const t = fuzz(PRIMITIVES, CALLS_PER_FAMILY, 7002);
    expectDeep(t, 0.2);
  }, 120_000);

  test('presets and inputs: 10 000 calls', () => {
    const t = fuzz(PRESET_FNS, CALLS_PER_FAMILY, 7003);
    expectDeep(t, 0.2);
  }, 120_000);

  test('scenarios and risk (small paths and grids): 10 000 calls', () => {
    const present = SCENARIOS.filter((id) => byId.has(id));
    if (present.length === 0) return; // not registered in this build
    const t = fuzz(present, CALLS_PER_FAMILY, 7004);
    expectDeep(t, 0.1);
  }, 120_000);

  test('functions registered after this suite was written, with generic arguments', () => {
    const t = fuzz(OTHERS, OTHERS.length > 0 ? 2_000 : 1, 7005);
    expect(t.calls).toBe(OTHERS.length > 0 ? 2_000 : 0);
  }, 120_000);
});
