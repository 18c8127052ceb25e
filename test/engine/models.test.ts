/**
 * The model registries (MINER_AI_YIELD, HASH_VS_LEASE, MINING_ECONOMICS,
 * AI_ECONOMICS) on the engine side: property-based tests over random valid
 * inputs drawn from the input catalogue's ranges, the breakeven identities,
 * the table's own arithmetic, and monotonicity.
 *
 * fast-check runs with a fixed seed so CI is reproducible; set BTCAI_FC_SEED to
 * explore other inputs (a failure prints the seed and the shrunk counterexample).
 */
import fc from 'fast-check';
import { CATALOGUE, Inputs, InputSpec, checkInputValue, defaultInputs } from '../../src/engine/catalogue';
import { isEngineError } from '../../src/engine/errors';
import { Context, MODELS, MetricValue, Table, evaluateMetric, findMetric } from '../../src/engine/models';
import { nextHalvingSerial } from '../../src/engine/network';

const SEED = Number(process.env.BTCAI_FC_SEED ?? 20251130);
const RUNS = Number(process.env.BTCAI_FC_RUNS ?? 150);
const ERROR_CODES = ['#VALUE!', '#N/A', '#NUM!'];

/** A random valid value of one catalogue input, anywhere in its allowed range. */
function arbInput(s: InputSpec): fc.Arbitrary<number | string> {
  if (s.kind === 'choice') return fc.constantFrom(...s.choices!);
  if (s.kind === 'text') return fc.constant(s.default as string); // a selector (tranche): the whole book
  if (s.kind === 'date' || s.integer) return fc.integer({ min: Math.ceil(s.min!), max: Math.floor(s.max!) });
  return fc.double({ min: s.min!, max: s.max!, noNaN: true, noDefaultInfinity: true });
}
/** A random valid value, but near the market default (a typical model). */
function arbTypical(s: InputSpec): fc.Arbitrary<number | string> {
  if (s.kind !== 'number' || typeof s.default !== 'number') return arbInput(s);
  const d = s.default;
  const lo = Math.max(s.min!, d === 0 ? s.min! : d * 0.5);
  const hi = Math.min(s.max!, d === 0 ? Math.min(s.max!, 100_000) : d * 1.5);
  if (s.integer) return fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) });
  return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
}
function arbInputs(pick: (s: InputSpec) => fc.Arbitrary<number | string>): fc.Arbitrary<Inputs> {
  const rec: Record<string, fc.Arbitrary<number | string>> = {};
  for (const s of CATALOGUE) rec[s.name] = pick(s);
  return fc.record(rec) as fc.Arbitrary<Inputs>;
}
const anyInputs = arbInputs(arbInput);
const typicalInputs = arbInputs(arbTypical);

/** Finite number, a labelled engine error, or a table of finite numbers and text. */
function wellFormed(v: MetricValue): string | null {
  if (isEngineError(v)) return ERROR_CODES.includes(v.code) && v.message.length > 10 ? null : `unlabelled error ${JSON.stringify(v)}`;
  if (typeof v === 'number') return Number.isFinite(v) ? null : `non-finite ${v}`;
  if (!Array.isArray(v) || v.length === 0) return `not a table: ${JSON.stringify(v)}`;
  for (const row of v) for (const c of row) if (!(typeof c === 'string' || (typeof c === 'number' && Number.isFinite(c)))) return `bad cell ${c}`;
  return null;
}
function metric(model: string, name: string) {
  const m = findMetric(MODELS[model], name);
  if (!m) throw new Error(`no metric ${model}.${name}`);
  return m;
}
function numberOf(model: string, name: string, inputs: Inputs): number {
  const v = evaluateMetric(metric(model, name), inputs);
  if (typeof v !== 'number') throw new Error(`${model}.${name} is not a number: ${JSON.stringify(v)}`);
  return v;
}

describe('the generated inputs are valid by the catalogue', () => {
  test('every generated value passes checkInputValue', () => {
    fc.assert(
      fc.property(anyInputs, (inputs) => {
        for (const s of CATALOGUE) expect(checkInputValue(s, inputs[s.name]).ok).toBe(true);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});

describe('property: every metric of every model is finite or a labelled engine error', () => {
  for (const [modelName, model] of Object.entries(MODELS)) {
    test(`${modelName}: all ${model.metrics.length} metrics over random valid inputs`, () => {
      fc.assert(
        fc.property(fc.oneof(anyInputs, typicalInputs), (inputs) => {
          const c = new Context(inputs);
          for (const m of model.metrics) {
            const problem = wellFormed(m.compute(c));
            if (problem) throw new Error(`${modelName}.${m.name}: ${problem}`);
          }
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }
});

describe('property: the HASH_VS_LEASE table is consistent with itself and with the metrics', () => {
  test('"AI - mining" is AI minus mining; npv_delta is the NPV row difference; EBITDA row matches delta', () => {
    fc.assert(
      fc.property(fc.oneof(anyInputs, typicalInputs), (inputs) => {
        const c = new Context(inputs);
        const table = metric('HASH_VS_LEASE', 'table').compute(c) as Table;
        expect(table[0]).toEqual(['per gross MW', 'mining', 'AI', 'AI - mining']);
        for (const row of table.slice(1)) {
          if (String(row[0]).startsWith('NPV')) continue; // checked below against npv_delta
          const [, mining, ai, diff] = row;
          if (typeof mining === 'number' && typeof ai === 'number') {
            expect(typeof diff).toBe('number');
            expect(Math.abs((diff as number) - (ai - mining))).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ai), Math.abs(mining)));
          } else expect(diff).toBe('n/a');
        }
        const rowOf = (label: string) => table.find((r) => String(r[0]).startsWith(label))!;
        const npvRow = rowOf('NPV');
        const npvDelta = metric('HASH_VS_LEASE', 'npv_delta').compute(c);
        if (isEngineError(npvDelta)) {
          expect(npvRow.slice(1)).toEqual([npvDelta.code, npvDelta.code, 'n/a']); // no horizon: the row says why
        } else {
          expect(npvDelta).toBeCloseTo((npvRow[2] as number) - (npvRow[1] as number), 4);
          expect(npvRow[3]).toBe(npvDelta); // the table's difference is npv_delta itself
        }
        const ebitdaRow = rowOf('EBITDA');
        expect(ebitdaRow[3]).toBeCloseTo(metric('HASH_VS_LEASE', 'delta').compute(c) as number, 4);
        expect(ebitdaRow[1]).toBe(metric('HASH_VS_LEASE', 'mining_ebitda').compute(c));
        expect(ebitdaRow[2]).toBe(metric('HASH_VS_LEASE', 'ai_ebitda').compute(c));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  test('NPV row: mining = PV of mining flows + powered land; AI = the converted MW (AI project, land floor, mining until rent start)', () => {
    fc.assert(
      fc.property(typicalInputs, (inputs) => {
        const c = new Context(inputs);
        const cmp = c.comparison;
        if (isEngineError(cmp)) return;
        const npvRow = (metric('HASH_VS_LEASE', 'table').compute(c) as Table).find((row) => String(row[0]).startsWith('NPV'))!;
        expect(npvRow[1]).toBeCloseTo(cmp.pvMining + cmp.landValue * cmp.ai.horizonDiscount, 4);
        expect(npvRow[2]).toBeCloseTo(cmp.npvConverted, 4);
        expect(npvRow[3]).toBe(cmp.npvDelta);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
  test('economic rows: EBITDA − capital charge, AI on its levelised EBITDA; the difference is economic_delta', () => {
    fc.assert(
      fc.property(typicalInputs, (inputs) => {
        const c = new Context(inputs);
        const t = metric('HASH_VS_LEASE', 'table').compute(c) as Table;
        const row = (label: string) => t.find((r) => String(r[0]).startsWith(label))!;
        const econ = row('economic EBITDA');
        const charge = row('capital charge');
        if (typeof econ[3] !== 'number') return;
        expect(econ[3]).toBeCloseTo(metric('HASH_VS_LEASE', 'economic_delta').compute(c) as number, 4);
        expect(econ[1]).toBeCloseTo((row('EBITDA')[1] as number) - (charge[1] as number), 4);
        expect(econ[2]).toBeCloseTo((row('levelised EBITDA')[2] as number) - (charge[2] as number), 4);
        expect(String(row('yield on cost')[0])).toContain('fleet replacement value');
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
});

describe('breakeven prices never go negative (a negative hashprice or BTC price does not exist)', () => {
  test('property: breakeven_hashprice and breakeven_btc_price are ≥ 0 or #NUM!', () => {
    fc.assert(
      fc.property(fc.oneof(anyInputs, typicalInputs), (inputs) => {
        for (const [model, name] of [['HASH_VS_LEASE', 'breakeven_hashprice'], ['HASH_VS_LEASE', 'breakeven_btc_price'], ['MINING_ECONOMICS', 'breakeven_hashprice']]) {
          const v = evaluateMetric(metric(model, name), inputs);
          if (isEngineError(v)) expect(v.code).toBe('#NUM!');
          else expect(v).toBeGreaterThanOrEqual(0);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
  test('an AI hall losing more than mining at zero hashprice: #NUM! saying mining earns more', () => {
    // landlord pays power for an empty hall: AI EBITDA = −opex − 8 760 · 0.8 · 45 ≈ −395 000, below mining's −(power + opex)
    const inputs = { ...defaultInputs(), occupancy: 0, power_pass_through: 0, ai_opex_mw_it_yr: 500_000 };
    const v = evaluateMetric(metric('HASH_VS_LEASE', 'breakeven_btc_price'), inputs);
    expect(isEngineError(v) && v.code).toBe('#NUM!');
    expect(isEngineError(v) && v.message).toContain('mining earns more than AI');
  });
  test('curtailment credits above power and opex: mining breakeven_hashprice is #NUM!', () => {
    const inputs = { ...defaultInputs(), curtailment_credit_mw_yr: 1_000_000 };
    const v = evaluateMetric(metric('MINING_ECONOMICS', 'breakeven_hashprice'), inputs);
    expect(isEngineError(v) && v.code).toBe('#NUM!');
  });
});

describe('property: breakeven identities hold on random typical inputs', () => {
  test('at HASH_VS_LEASE breakeven_btc_price (so hashprice = breakeven_hashprice), delta is 0 within a cent', () => {
    fc.assert(
      fc.property(typicalInputs, (inputs) => {
        const be = evaluateMetric(metric('HASH_VS_LEASE', 'breakeven_btc_price'), inputs);
        if (typeof be !== 'number' || be < 1 || be > 1e8) return; // outside btc_price's allowed range
        const at = { ...inputs, btc_price: be };
        expect(new Context(at).hashprice).toBeCloseTo(numberOf('HASH_VS_LEASE', 'breakeven_hashprice', inputs), 6);
        expect(Math.abs(numberOf('HASH_VS_LEASE', 'delta', at))).toBeLessThan(0.01);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
  test('at MINING_ECONOMICS breakeven_power_price, mining EBITDA is 0 within a cent', () => {
    fc.assert(
      fc.property(typicalInputs, (inputs) => {
        const bpp = evaluateMetric(metric('MINING_ECONOMICS', 'breakeven_power_price'), inputs);
        if (typeof bpp !== 'number' || bpp < 0 || bpp > 2000) return; // outside power_price_mwh's range
        expect(Math.abs(numberOf('MINING_ECONOMICS', 'ebitda', { ...inputs, power_price_mwh: bpp }))).toBeLessThan(0.01);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('property: monotonicity', () => {
  const twoPrices = fc.tuple(fc.double({ min: 1000, max: 1e6, noNaN: true }), fc.double({ min: 1.01, max: 3, noNaN: true }));
  test('a higher btc_price raises mining EBITDA and lowers delta (strictly, when anything is mined)', () => {
    fc.assert(
      fc.property(typicalInputs, twoPrices, (inputs, [p, k]) => {
        const lo = { ...inputs, btc_price: p };
        const hi = { ...inputs, btc_price: p * k };
        expect(numberOf('MINING_ECONOMICS', 'ebitda', hi)).toBeGreaterThan(numberOf('MINING_ECONOMICS', 'ebitda', lo));
        expect(numberOf('HASH_VS_LEASE', 'delta', hi)).toBeLessThan(numberOf('HASH_VS_LEASE', 'delta', lo));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
  test('a higher lease_rate_kw_month raises delta and yield (colo)', () => {
    fc.assert(
      fc.property(typicalInputs, fc.double({ min: 10, max: 500, noNaN: true }), (inputs, rate) => {
        // yield needs landlord capex: keep some of the build on the landlord (tenant_capex_share < 1)
        const lo = { ...inputs, ai_mode: 'colo', lease_rate_kw_month: rate, tenant_capex_share: Math.min(inputs.tenant_capex_share as number, 0.9) };
        const hi = { ...lo, lease_rate_kw_month: rate + 10 };
        expect(numberOf('HASH_VS_LEASE', 'delta', hi)).toBeGreaterThan(numberOf('HASH_VS_LEASE', 'delta', lo));
        expect(numberOf('MINER_AI_YIELD', 'yield', hi)).toBeGreaterThan(numberOf('MINER_AI_YIELD', 'yield', lo));
        expect(numberOf('HASH_VS_LEASE', 'npv_delta', hi)).toBeGreaterThan(numberOf('HASH_VS_LEASE', 'npv_delta', lo));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('monthly cash flow conventions (docs/engine.md)', () => {
  const base = defaultInputs();
  const pathOf = (inputs: Inputs) => {
    const cmp = new Context(inputs).comparison;
    if (isEngineError(cmp)) throw new Error(cmp.message);
    return cmp.mining;
  };
  test('months are dated mid-month from valuation_date', () => {
    const f = pathOf(base);
    expect(f.dateSerial[0]).toBeCloseTo(46023 + 365.25 / 24, 9);
    expect(f.dateSerial[1] - f.dateSerial[0]).toBeCloseTo(365.25 / 12, 9);
  });
  // Each month takes the subsidy in force at its mid-month date. From 2026-01-01, month 28's
  // middle is 2028-04-17 00:45 UTC, 7 hours before the estimated halving (08:09): month 29 is the first at 1.5625.
  test('the halving cuts the subsidy from the first month whose mid-month date is after it', () => {
    const f = pathOf(base);
    const d = f.dateSerial;
    const halving = nextHalvingSerial(46023, 10);
    const i = Array.from(f.subsidyBtc).findIndex((s) => s < 3.125);
    expect(f.subsidyBtc[i]).toBe(1.5625);
    expect(f.subsidyBtc[i - 1]).toBe(3.125);
    expect(d[i - 1]).toBeLessThan(halving);
    expect(d[i]).toBeGreaterThanOrEqual(halving);
    expect(i).toBe(28);
    // the mining hashprice halves with it (at nearly the same BTC price and network, the fee share aside)
    expect(f.hashpriceUsdPerPhDay[i] / f.hashpriceUsdPerPhDay[i - 1]).toBeLessThan(0.6);
  });
  test('miners switch off in a month whose hashprice does not cover power, then are mothballed after 6 such months', () => {
    const f = pathOf({ ...base, btc_price: 10_000 }); // hashprice ~4 USD/PH/day, far below power
    for (let m = 0; m < 6; m++) {
      expect(f.miningEbitda[m]).toBeCloseTo(-50_000 / 12, 6); // off: only fixed opex
      expect(f.miningFlow[m]).toBeCloseTo(-50_000 / 12, 6); // no fleet renewal while off
    }
    for (let m = 6; m < f.months; m++) expect(f.miningEbitda[m]).toBe(0); // mothballed: no opex either
    // while the stabilised (annual) EBITDA follows the linear formula and goes below −opex
    expect(new Context({ ...base, btc_price: 10_000 }).mining.ebitdaUsdYr).toBeLessThan(-50_000);
  });
  test('terminal_method "none" stops the flows at horizon_years and adds nothing after', () => {
    const c = new Context({ ...base, terminal_method: 'none', horizon_years: 5, build_months: 0 });
    const v = c.valuation;
    if (isEngineError(v)) throw new Error(v.message);
    expect(v.months).toBe(60);
    expect(v.terminalValue).toBe(0);
    expect(v.projectFlow[59]).toBeCloseTo(v.flows.ebitda[59], 9);
  });
});
