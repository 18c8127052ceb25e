/**
 * SENSITIVITY from the two sides separately (issue 14): where one axis moves only
 * mining inputs and the other only AI inputs, a metric made of the two sides
 * (HASH_VS_LEASE delta, npv_delta) is computed from n + m evaluations instead of
 * n · m, and a metric of one side (MINER_AI_YIELD's, MINING_ECONOMICS') once per
 * value of the axis it reads. Which inputs are on which side comes from the
 * catalogue's data (inputSide: each row's models and group, and the defaults
 * derived from it); which side a metric reads is its `sides` (models.ts). Both
 * claims are checked here against the inputs the engine actually reads, and every
 * grid against its cells computed one by one.
 */
import fc from 'fast-check';
import { CATALOGUE, Inputs, inputSide } from '../../src/engine/catalogue';
import { isEngineError } from '../../src/engine/errors';
import { Context, MODELS, Metric } from '../../src/engine/models';
import * as V from '../../src/engine/valuation';
import * as F from '../../src/functions/functions';
import { store } from '../../src/presets/bundled';
import { ov } from '../support/excel';

const TICKERS = ['', ...store.tickers()];

/** Inputs whose reads are recorded (numeric and text keys alike). */
function recorded(inputs: Inputs): { inputs: Inputs; reads: Set<string> } {
  const reads = new Set<string>();
  const proxy = new Proxy(inputs, {
    get(target, key) {
      if (typeof key === 'string') reads.add(key);
      return target[key as string];
    },
  });
  return { inputs: proxy, reads };
}
const onSide = (side: 'ai' | 'mining'): Set<string> => new Set(CATALOGUE.filter((s) => inputSide(s.name) === side).map((s) => s.name));
const AI_INPUTS = onSide('ai');
const MINING_INPUTS = onSide('mining');
const expectNoneOf = (reads: Set<string>, forbidden: Set<string>, what: string): void => {
  const bad = [...reads].filter((r) => forbidden.has(r));
  if (bad.length > 0) throw new Error(`${what} reads ${bad.join(', ')}, which the catalogue puts on the other side`);
};

/** Every metric with a side claim, with its model's name. */
const CLAIMS: [string, Metric][] = Object.values(MODELS).flatMap((model) => model.metrics.filter((m) => m.sides !== undefined).map((m) => [model.name, m] as [string, Metric]));

/** Inputs that exercise every branch the claims rest on: both AI modes, each terminal method, a prepayment, debt. */
const VARIANTS: Record<string, number | string>[] = [
  {},
  { ai_mode: 'cloud' },
  { terminal_method: 'none' },
  { terminal_method: 'cap_rate', ai_mode: 'cloud' },
  { prepayment_share: 0.2, debt_share: 0.6, debt_amortization: 'sculpted' },
  { btc_price: 5000 }, // the fleet switches off and is mothballed
];

describe('which side reads which input: the catalogue against the engine', () => {
  test('the inputs are split three ways, and the split is the catalogue data (models and group), not a list', () => {
    expect(AI_INPUTS.size).toBeGreaterThan(20);
    expect(MINING_INPUTS.size).toBeGreaterThan(10);
    expect(inputSide('btc_price')).toBe('mining');
    expect(inputSide('lease_rate_kw_month')).toBe('ai');
    expect(inputSide('power_price_mwh')).toBe('both'); // read by the fleet and by the hall (landlord power, GPU power)
    expect(inputSide('discount_rate')).toBe('both'); // each side's rate is derived from it
    expect(inputSide('efficiency_j_th')).toBe('mining'); // and asic_price_w, derived from it, is mining's too
    expect(inputSide('ai_capex_mw_it')).toBe('ai'); // and releasing_capex_mw_it, derived from it
  });

  test("each metric reads only the side it claims: an 'ai' metric no mining input, a 'mining' metric no AI input, a split metric's AI part no mining input and its mining part no AI input", () => {
    for (const t of TICKERS) {
      for (const variant of VARIANTS) {
        const base = store.resolve(t, new Map(Object.entries(variant))) as Inputs;
        for (const [model, m] of CLAIMS) {
          const what = `${model} ${m.name} (${t || 'generic'}, ${JSON.stringify(variant)})`;
          const sides = m.sides!;
          if (typeof sides === 'string') {
            const r = recorded(base);
            m.compute(new Context(r.inputs));
            expectNoneOf(r.reads, sides === 'ai' ? MINING_INPUTS : AI_INPUTS, what);
            continue;
          }
          const a = recorded(base);
          const aiPart = sides.ai(new Context(a.inputs));
          expectNoneOf(a.reads, MINING_INPUTS, `${what}, AI part`);
          const g = recorded(base);
          sides.mining(new Context(g.inputs), isEngineError(aiPart) ? 12 : sides.months(aiPart));
          expectNoneOf(g.reads, AI_INPUTS, `${what}, mining part`);
        }
      }
    }
  });

  test('a split metric combines its parts into compute() exactly: the AI part from one set of inputs, the mining part from another (fast-check)', () => {
    const aiNames = [...AI_INPUTS].filter((n) => CATALOGUE.find((s) => s.name === n)!.kind === 'number');
    const miningNames = [...MINING_INPUTS].filter((n) => CATALOGUE.find((s) => s.name === n)!.kind === 'number');
    const within = (name: string): fc.Arbitrary<[string, number]> => {
      const s = CATALOGUE.find((c) => c.name === name)!;
      const hi = Math.min(s.max!, s.min! + 40 * Math.max(1, Math.abs(Number(s.default))));
      return (s.integer ? fc.integer({ min: Math.ceil(s.min!), max: Math.floor(hi) }) : fc.double({ min: s.min!, max: hi, noNaN: true })).map((v) => [name, v] as [string, number]);
    };
    const arb = fc.record({
      ticker: fc.constantFrom(...TICKERS),
      ai: fc.constantFrom(...aiNames).chain(within),
      mining: fc.constantFrom(...miningNames).chain(within),
      metric: fc.constantFrom('delta', 'npv_delta'),
    });
    fc.assert(
      fc.property(arb, ({ ticker, ai, mining, metric }) => {
        const m = MODELS.HASH_VS_LEASE.metrics.find((x) => x.name === metric)!;
        const sides = m.sides as Exclude<Metric['sides'], string | undefined>;
        const resolve = (pairs: [string, number][]): Inputs | undefined => {
          const r = store.resolve(ticker, new Map(pairs));
          return isEngineError(r) ? undefined : (r as Inputs);
        };
        const both = resolve([ai, mining]);
        const aiOnly = resolve([ai]);
        const miningOnly = resolve([mining]);
        if (!both || !aiOnly || !miningOnly) return;
        const whole = m.compute(new Context(both));
        const aiPart = sides.ai(new Context(aiOnly));
        if (isEngineError(aiPart)) return expect(isEngineError(whole) && whole.message).toBe(aiPart.message);
        const combined = sides.combine(aiPart, sides.mining(new Context(miningOnly), sides.months(aiPart)));
        expect(Object.is(combined, whole)).toBe(true);
      }),
      { seed: 1414, numRuns: 400 },
    );
  });
});

/** The grid's cells as numbers (error codes as text), row by row. */
const cellsOf = (g: unknown[][]): unknown[][] => g.slice(1).map((row) => row.slice(1));
/** Each cell computed on its own: the model function with the two axis values as overrides. */
function cellByCell(fn: (t: string, m: string, o: never) => unknown[][], t: string, metric: string, x: string, xs: number[], y: string, ys: number[], extra: Record<string, number | string> = {}): unknown[][] {
  return ys.map((yv) =>
    xs.map((xv) => {
      try {
        return fn(t, metric, ov({ ...extra, [x]: xv, [y]: yv }))[0][0];
      } catch (e) {
        return (e as { code?: string }).code ?? 'error';
      }
    }),
  );
}
/** Equal to the last bit, cell by cell; an error cell is its code, whatever the path. */
function expectSameCells(a: unknown[][], b: unknown[][]): void {
  expect(a.length).toBe(b.length);
  for (let j = 0; j < a.length; j++) {
    for (let i = 0; i < a[j].length; i++) {
      const u = a[j][i];
      const v = b[j][i];
      if (typeof u === 'number' || typeof v === 'number') {
        if (!Object.is(u, v)) throw new Error(`cell (${j}, ${i}): ${u} against ${v}`);
        expect(Math.abs((u as number) - (v as number))).toBeLessThanOrEqual(1e-12 * Math.abs(v as number)); // the bound, met with room
      } else expect(typeof u === 'string' && u.startsWith('#')).toBe(true);
    }
  }
}

describe('SENSITIVITY grids computed from the two sides separately', () => {
  const axes: [string, number[], string, number[]][] = [
    ['btc_price', [40_000, 80_000, 160_000, 5_000], 'lease_rate_kw_month', [90, 135, 200]],
    ['efficiency_j_th', [12, 17.5, 30], 'ai_capex_mw_it', [6e6, 10e6, 14e6]], // defaults derived from both axes (asic_price_w, releasing_capex_mw_it)
    ['lease_term_years', [2, 10, 25], 'mining_discount_rate', [0.08, 0.15, 0.3]], // the horizon changes with the AI axis
    ['build_months', [0, 12, 36], 'hashrate_growth_yr', [0, 0.2, 0.6]],
  ];

  test('delta and npv_delta: every cell equal to the cell computed on its own, to the last bit', () => {
    for (const t of TICKERS) {
      for (const metric of ['npv_delta', 'delta']) {
        for (const [x, xs, y, ys] of axes) {
          const g = F.sensitivity(t, 'HASH_VS_LEASE', metric, x, [xs], y, ys.map((v) => [v]), [] as never);
          expectSameCells(cellsOf(g), cellByCell(F.hashVsLease, t, metric, x, xs, y, ys));
        }
      }
    }
  });

  // one standard MW of a company (IREN's and WULF's own functions evaluate their books, several schedules, which take the cell-by-cell path)
  const STANDARD = { tranche: 'standard' };

  test('npv_delta on 20 × 30 axes: 20 AI sides and 30 mining sides, not 600 evaluations', () => {
    const aiSide = jest.spyOn(V, 'npvDeltaAiSide');
    const miningSide = jest.spyOn(V, 'npvDeltaMiningSide');
    const onePass = jest.spyOn(V, 'npvDeltaOnePass');
    try {
      const xs = Array.from({ length: 20 }, (_, i) => 100 + 5 * i); // lease_rate_kw_month: AI
      const ys = Array.from({ length: 30 }, (_, i) => 40_000 + 4_000 * i); // btc_price: mining
      const g = F.sensitivity('IREN', 'HASH_VS_LEASE', 'npv_delta', 'lease_rate_kw_month', [xs], 'btc_price', ys.map((v) => [v]), ov(STANDARD));
      expect(g.length).toBe(31);
      expect(aiSide).toHaveBeenCalledTimes(20);
      expect(miningSide).toHaveBeenCalledTimes(30);
      expect(onePass).toHaveBeenCalledTimes(1); // the grid's probe (is the metric a table?)
      // and the cells are the separately computed ones: spot-check a corner against a call of its own
      expectSameCells([[g[30][20]]], cellByCell(F.hashVsLease, 'IREN', 'npv_delta', 'lease_rate_kw_month', [xs[19]], 'btc_price', [ys[29]], STANDARD));
    } finally {
      aiSide.mockRestore();
      miningSide.mockRestore();
      onePass.mockRestore();
    }
  });

  test('an axis that moves both sides (power_price_mwh, discount_rate) takes the cell-by-cell path, with the same numbers', () => {
    const onePass = jest.spyOn(V, 'npvDeltaOnePass');
    try {
      const g = F.sensitivity('RIOT', 'HASH_VS_LEASE', 'npv_delta', 'power_price_mwh', [[30, 45, 60]], 'lease_rate_kw_month', [[120], [150]], [] as never);
      expect(onePass).toHaveBeenCalledTimes(1 + 6);
      expectSameCells(cellsOf(g), cellByCell(F.hashVsLease, 'RIOT', 'npv_delta', 'power_price_mwh', [30, 45, 60], 'lease_rate_kw_month', [120, 150]));
    } finally {
      onePass.mockRestore();
    }
  });

  test("a metric of one side, an axis on the other: the same value along that axis, evaluated once per value of the axis it reads", () => {
    const pass = jest.spyOn(V, 'aiValuationPass');
    try {
      const xs = [30_000, 60_000, 120_000, 240_000]; // btc_price: mining, which MINER_AI_YIELD does not read
      const ys = [100, 135, 170];
      const g = F.sensitivity('WULF', 'MINER_AI_YIELD', 'irr', 'btc_price', [xs], 'lease_rate_kw_month', ys.map((v) => [v]), ov(STANDARD));
      expect(pass).toHaveBeenCalledTimes(1 + 3); // the probe, then one per lease rate
      expectSameCells(cellsOf(g), cellByCell(F.minerAiYield, 'WULF', 'irr', 'btc_price', xs, 'lease_rate_kw_month', ys, STANDARD));
      for (const row of cellsOf(g)) expect(new Set(row).size).toBe(1);
    } finally {
      pass.mockRestore();
    }
    const m = F.sensitivity('CLSK', 'MINING_ECONOMICS', 'ebitda', 'pue', [[1.1, 1.3]], 'btc_price', [[50_000], [90_000]], [] as never);
    expectSameCells(cellsOf(m), cellByCell(F.miningEconomics, 'CLSK', 'ebitda', 'pue', [1.1, 1.3], 'btc_price', [50_000, 90_000]));
  });
});
