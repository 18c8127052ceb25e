/**
 * Valuation v2 (docs/valuation.md): starting rents and contract values over any
 * delivery schedule, the terminal value and the post-term path, GPU-cloud
 * capital, the land floor, discount rates by side, and the capital-aware
 * comparison. Identities are fast-check properties with a fixed seed
 * (BTCAI_FC_SEED explores others); worked figures cite their source.
 */
import fc from 'fast-check';
import { Inputs, defaultInputs } from '../../src/engine/catalogue';
import { isEngineError } from '../../src/engine/errors';
import { signChanges } from '../../src/engine/finance';
import { Delivery, contractRentsUsd, dealStartingRateKwMonth, escalatedRentMonths, escalationFactor } from '../../src/engine/lease';
import { Context, MODELS, findMetric } from '../../src/engine/models';
import { AiValuation, ValuationParams, aiFlows, compareWithMining, escalationFactors, valueAi } from '../../src/engine/valuation';
import * as F from '../../src/functions/functions';
import { store } from '../../src/presets/bundled';
import { errorOf, one, ov } from '../support/excel';

const SEED = Number(process.env.BTCAI_FC_SEED ?? 20251130);
const RUNS = Number(process.env.BTCAI_FC_RUNS ?? 100);

const base = defaultInputs();
const params = (o: Record<string, number | string> = {}): ValuationParams => ({ ...base, ...o }) as unknown as ValuationParams;
const metric = (model: string, name: string, inputs: Inputs): number => {
  const v = findMetric(MODELS[model], name)!.compute(new Context(inputs));
  if (typeof v !== 'number') throw new Error(`${model}.${name}: ${JSON.stringify(v)}`);
  return v;
};
const value = (p: ValuationParams, d: Delivery[]): AiValuation => {
  const v = valueAi(p, d);
  if (isEngineError(v)) throw new Error(v.message);
  return v;
};

/** A random delivery schedule: 1–6 deliveries, months from `lo` to 60, shares summing to 1. */
const arbSchedule = (lo: number): fc.Arbitrary<Delivery[]> =>
  fc.array(fc.tuple(fc.integer({ min: lo, max: 60 }), fc.double({ min: 0.05, max: 1, noNaN: true })), { minLength: 1, maxLength: 6 }).map((xs) => {
    const total = xs.reduce((a, [, w]) => a + w, 0);
    const out = xs.map(([month, w]) => ({ month, share: w / total }));
    const sum = out.reduce((a, d) => a + d.share, 0);
    out[0] = { ...out[0], share: out[0].share + (1 - sum) }; // exact sum of 1
    return out;
  });
/** Typical colo inputs near the market defaults. */
const arbColo = fc.record({
  lease_rate_kw_month: fc.double({ min: 60, max: 250, noNaN: true }),
  lease_escalator: fc.double({ min: 0, max: 0.05, noNaN: true }),
  lease_term_years: fc.integer({ min: 3, max: 20 }),
  build_months: fc.integer({ min: 0, max: 30 }),
  ai_capex_mw_it: fc.double({ min: 4e6, max: 15e6, noNaN: true }),
  ai_opex_mw_it_yr: fc.double({ min: 0, max: 300_000, noNaN: true }),
  renewal_probability: fc.double({ min: 0, max: 1, noNaN: true }),
  exit_cap_rate: fc.double({ min: 0.05, max: 0.15, noNaN: true }),
  ai_discount_rate: fc.double({ min: 0.05, max: 0.15, noNaN: true }),
  btc_price: fc.double({ min: 40_000, max: 250_000, noNaN: true }),
});
/** Typical cloud inputs. */
const arbCloud = fc.record({
  ai_mode: fc.constant('cloud'),
  gpu_hour_rate: fc.double({ min: 1.5, max: 4, noNaN: true }),
  gpu_capex: fc.double({ min: 25_000, max: 80_000, noNaN: true }),
  gpu_life_years: fc.integer({ min: 4, max: 7 }),
  lease_term_years: fc.integer({ min: 2, max: 7 }),
  build_months: fc.integer({ min: 1, max: 18 }),
  utilization: fc.double({ min: 0.7, max: 1, noNaN: true }),
  gpu_rate_decay_yr: fc.double({ min: 0, max: 0.4, noNaN: true }),
});

describe('starting rent, escalation and contract value (DEAL_RATE)', () => {
  // The design's worked figure: TCV 3.7 B, 10 years, 200 MW, 2.5 % → r₀ = 3.7e9 / (200 000 · 12 · 11.2034) = 137.6; average 154.17
  test('DEAL_RATE(3.7e9, 10, 200, 0.025) = 137.6; without the escalator the average 154.17', () => {
    expect(F.dealRate(3.7e9, 10, 200, 0.025)).toBeCloseTo(137.6, 1);
    expect(F.dealRate(3.7e9, 10, 200, 0.025)).toBeCloseTo(3.7e9 / (200_000 * 12 * 11.2034), 2);
    expect(F.dealRate(3.7e9, 10, 200, null)).toBeCloseTo(154.17, 2);
    expect(escalatedRentMonths(120, 0.025)).toBeCloseTo(12 * 11.203382, 5); // Σ_{y<10} 1.025^y = 11.2034
  });
  test('a part year pays the next year\'s rate: 18 months at 10 % = 12 + 6 · 1.1', () => {
    expect(escalatedRentMonths(18, 0.1)).toBeCloseTo(18.6, 12);
    expect(escalationFactor(11, 0.1)).toBe(1);
    expect(escalationFactor(12, 0.1)).toBeCloseTo(1.1, 15);
  });
  test('the issue\'s example: cash flows at DEAL_RATE(3.7e9,10,200,0.025) sum to the 3.7 B contract, not 4.15 B', () => {
    const o = ov({ lease_rate_kw_month: F.dealRate(3.7e9, 10, 200, 0.025), pue: 1, convert_mw: 200, ai_capex_mw_it: 0, ai_opex_mw_it_yr: 0, build_months: 0, horizon_years: 10, lease_escalator: 0.025, terminal_method: 'none' });
    const flows = F.minerAiYield('', 'cash_flows', o).map((r) => r[0] as number);
    expect(flows).toHaveLength(120);
    expect(flows.reduce((a, b) => a + b, 0)).toBeCloseTo(3.7e9, -1);
  });
  test('property: rents over the term sum to the TCV for any escalator, term and delivery schedule (deliveries before the valuation date included)', () => {
    fc.assert(
      fc.property(arbSchedule(-60), fc.double({ min: -0.2, max: 0.2, noNaN: true }), fc.integer({ min: 6, max: 360 }), fc.double({ min: 1e8, max: 2e10, noNaN: true }), (d, e, termMonths, tcv) => {
        const itMw = 200;
        const r0 = dealStartingRateKwMonth(tcv, termMonths / 12, itMw, e);
        // the engine's month-by-month contract rent (opex 0, power passed through: contract NOI = rent) on the timeline…
        const p = params({ pue: 1, lease_rate_kw_month: r0, lease_escalator: e, lease_term_years: termMonths / 12, ai_opex_mw_it_yr: 0, occupancy: 1, power_pass_through: 1, build_months: 0 });
        const f = aiFlows(p, d, 60 + termMonths + 1);
        let onTimeline = 0;
        for (let m = 0; m < f.months; m++) onTimeline += f.contractEbitda[m] * itMw; // per gross MW at pue 1 = per IT MW
        // …plus the rent each delivery earned before the valuation date
        let before = 0;
        for (const x of d) for (let age = 0; age < Math.min(termMonths, -x.month); age++) before += x.share * itMw * 1000 * r0 * escalationFactor(age, e);
        expect(onTimeline + before).toBeCloseTo(tcv, -2);
        expect(Math.abs(onTimeline + before - tcv) / tcv).toBeLessThan(1e-10);
        expect(contractRentsUsd(d, itMw * 1000, r0, e, termMonths)).toBeCloseTo(tcv, -2);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
  // Public deals (company releases; docs/valuation.md lists them): each starting rent reproduces its contract value
  const DEALS: [string, number, number, number, number][] = [
    ['TeraWulf / Fluidstack (2025-08-14)', 3.7e9, 10, 200, 0.025],
    ['Core Scientific / CoreWeave (2024-10-22)', 8.7e9, 12, 500, 0.02],
    ['Cipher / Fluidstack (2025-09-25)', 3.0e9, 10, 168, 0.025],
    ['Cipher / Fluidstack expansion (2025-11)', 0.83e9, 10, 39, 0.025],
    ['Cipher / AWS at ~207 MW IT (2025-11-03)', 5.5e9, 15, 207, 0.025],
    ['Applied Digital / CoreWeave (2025-08-29)', 11e9, 15, 400, 0.02],
    ['Applied Digital / hyperscaler (2025-10-22)', 5e9, 15, 200, 0.02],
    ['Hut 8 / Fluidstack base rent (2025-12-17)', 7.0e9, 15, 245, 0.02],
    ['Riot / AMD (2026-01-16)', 311e6, 10, 25, 0.02],
  ];
  test.each(DEALS)('%s: the engine\'s rents at DEAL_RATE sum to the contract value', (_, tcv, years, mw, e) => {
    const r0 = F.dealRate(tcv, years, mw, e);
    const p = params({ pue: 1, lease_rate_kw_month: r0, lease_escalator: e, lease_term_years: years, ai_opex_mw_it_yr: 0, build_months: 0 });
    const f = aiFlows(p, [{ month: 0, share: 1 }], years * 12);
    const sum = f.contractEbitda.reduce((a, b) => a + b, 0) * mw;
    expect(sum / tcv).toBeCloseTo(1, 12);
    expect(r0).toBeLessThan(tcv / (years * 12 * mw * 1000)); // a positive escalator puts the starting rent below the average
  });
  // Every colocation tranche of the bundled presets with a TCV: its starting rent (lease_rate_kw_month of the tranche, e.g.
  // hut.json river-bend 128.02 over 15 years at 3 %) reproduces its tcv_usd within the preset standard's 1 %
  const tranchesWithTcv = store.tickers().flatMap((t) =>
    (F.contracts(t) as unknown[][]).slice(1).filter((r) => r[3] === 'colo' && typeof r[9] === 'number').map((r) => [t, r[0] as string, r[4] as number, r[9] as number] as const),
  );
  test('the presets have colocation tranches with a TCV to check', () => expect(tranchesWithTcv.length).toBeGreaterThanOrEqual(15));
  test.each(tranchesWithTcv)('preset %s, tranche %s: the starting rent over the term and escalator reproduces the contract value', (t, tranche, itMw, tcv) => {
    const o = ov({ tranche });
    const r0 = F.input(t, 'lease_rate_kw_month', o) as number;
    const years = F.input(t, 'lease_term_years', o) as number;
    const e = F.input(t, 'lease_escalator', o) as number;
    const sum = itMw * 1000 * r0 * escalatedRentMonths(years * 12, e);
    expect(Math.abs(sum / tcv - 1)).toBeLessThan(0.01);
  });
  test('DEAL_RATE checks its escalator: −100 % or below is #VALUE! naming it', () => {
    const e = errorOf(() => F.dealRate(3.7e9, 10, 200, -1));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('escalator');
    expect(errorOf(() => F.dealRate(3.7e9, 10, 200, 'x')).code).toBe('#VALUE!');
  });
});

describe('after the lease: renewal, terminal value, land', () => {
  test('the WULF example: lease_term_years 5 and 30 give different NPVs', () => {
    expect(one(F.minerAiYield('WULF', 'npv', ov({ lease_term_years: 5 })))).not.toBeCloseTo(one(F.minerAiYield('WULF', 'npv', ov({ lease_term_years: 30 }))), -3);
  });
  test('property: lease_term_years moves NPV whenever renewal_probability < 1', () => {
    fc.assert(
      fc.property(arbColo, fc.double({ min: 0, max: 0.99, noNaN: true }), fc.integer({ min: 1, max: 5 }), (o, prob, extra) => {
        const a = metric('MINER_AI_YIELD', 'npv', { ...base, ...o, renewal_probability: prob });
        const b = metric('MINER_AI_YIELD', 'npv', { ...base, ...o, renewal_probability: prob, lease_term_years: o.lease_term_years + extra });
        expect(a).not.toBe(b);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
  test('property: NPV rises as exit_cap_rate falls ("renewal" and "cap_rate")', () => {
    fc.assert(
      fc.property(arbColo, fc.constantFrom('renewal', 'cap_rate'), fc.double({ min: 0.04, max: 0.12, noNaN: true }), (o, method, cap) => {
        const at = (c: number) => metric('MINER_AI_YIELD', 'npv', { ...base, ...o, terminal_method: method, exit_cap_rate: c });
        const tv = metric('MINER_AI_YIELD', 'terminal_value', { ...base, ...o, terminal_method: method, exit_cap_rate: cap });
        if (tv > 0) expect(at(cap)).toBeGreaterThan(at(cap + 0.01));
        else expect(at(cap)).toBeLessThanOrEqual(at(cap + 0.01)); // a hall whose NOI has turned negative is worth less at a lower cap
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
  test('renewal: after the term, expected rent at market rent with vacancy, re-letting capex, then NOI / cap at the horizon', () => {
    // 1 gross MW at pue 1.25 (800 kW IT), build 0, term 2 years, p 0.75, 12 months' downtime
    const p = params({ build_months: 0, lease_term_years: 2, lease_escalator: 0.05, ai_opex_escalator: 0, market_rent_growth_yr: 0, renewal_rate_kw_month: 100, post_term_years: 3 });
    const v = value(p, [{ month: 0, share: 1 }]);
    expect(v.months).toBe(24 + 36);
    const rent1 = 800 * 135 * 1.05; // contract, second year
    const opex = 80_000 / 12;
    expect(v.flows.ebitda[23]).toBeCloseTo(rent1 - opex, 6);
    expect(v.flows.ebitda[24]).toBeCloseTo(0.75 * 800 * 100 - opex, 6); // renewed with probability 0.75, at market rent
    expect(v.flows.ebitda[36]).toBeCloseTo(800 * 100 - opex, 6); // let again after the downtime either way
    expect(v.flows.releasingCapex[24]).toBeCloseTo((0.25 * 0.8 * 3e6) / 12, 6); // (1 − p) · IT MW · 0.30 · capex, over the downtime
    expect(v.flows.contractEbitda[24]).toBe(0);
    expect(v.terminalValue).toBeCloseTo((12 * (800 * 100 - opex)) / 0.085, 4);
    expect(v.projectFlow[59]).toBeCloseTo(v.flows.ebitda[59] + v.terminalValue, 4);
  });
  test('"cap_rate": flows stop at the end of the term; the last 12 months\' in-place NOI / cap rate', () => {
    const p = params({ build_months: 6, lease_term_years: 3, terminal_method: 'cap_rate' });
    const v = value(p, [{ month: 6, share: 1 }]);
    expect(v.months).toBe(6 + 36);
    const last12 = Array.from(v.flows.ebitda.subarray(30, 42)).reduce((a, b) => a + b, 0);
    expect(v.terminalValue).toBeCloseTo(last12 / 0.085, 4);
  });
  test('"none": horizon_years, no terminal value', () => {
    const v = value(params({ terminal_method: 'none', horizon_years: 7 }), [{ month: 12, share: 1 }]);
    expect(v.months).toBe(84);
    expect(v.terminalValue).toBe(0);
  });
  test('post-term flows and the terminal value are discounted at the AI rate + residual_spread', () => {
    const p = params({ build_months: 0, lease_term_years: 2, post_term_years: 1 });
    const v = value(p, [{ month: 0, share: 1 }]);
    const rr = Math.pow(1.11, 1 / 12) - 1;
    expect(v.residualRate).toBeCloseTo(rr, 14);
    expect(v.pvTerminal).toBeCloseTo(v.terminalValue / Math.pow(1 + rr, 36), 4);
  });
  test('property: with the land floor, land cancels in npv_delta whenever the AI terminal value is below it', () => {
    fc.assert(
      fc.property(arbColo, fc.double({ min: 0, max: 5e6, noNaN: true }), (o, land) => {
        const i = { ...base, ...o, terminal_method: 'none', powered_land_value_mw: land } as Inputs; // no terminal value: land always above it
        const withLand = metric('HASH_VS_LEASE', 'npv_delta', i);
        const noLand = metric('HASH_VS_LEASE', 'npv_delta', { ...i, powered_land_value_mw: 0 });
        expect(withLand).toBeCloseTo(noLand, 6);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });
  test('the AI side is worth its terminal value where that beats powered land', () => {
    const i = { ...base, powered_land_value_mw: 0 } as Inputs;
    const c = new Context(i).comparison;
    if (isEngineError(c)) throw new Error(c.message);
    expect(c.ai.terminalValue).toBeGreaterThan(1e6);
    const withLand = metric('HASH_VS_LEASE', 'npv_delta', { ...i, powered_land_value_mw: 1e6 });
    // land (1 M, below the terminal value) adds to mining only: npv_delta falls by its present value
    expect(metric('HASH_VS_LEASE', 'npv_delta', i) - withLand).toBeCloseTo(1e6 * c.ai.horizonDiscount, 4);
  });
  test('a horizon beyond 600 months is #VALUE! naming the inputs that make it', () => {
    const e = errorOf(() => F.minerAiYield('', 'npv', ov({ lease_term_years: 45, post_term_years: 10 })));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('600');
    expect(e.message).toContain('lease_term_years');
  });
});

describe('GPU cloud: contract, decay, residual, then the hall on the colo path', () => {
  const p = params({ ai_mode: 'cloud', build_months: 0, lease_term_years: 3, gpu_life_years: 5, gpu_rate_decay_yr: 0.25, post_term_years: 2, market_rent_growth_yr: 0 });
  const v = value(p, [{ month: 0, share: 1 }]);
  const gpus = 800 / 1.8;
  const revenue0 = gpus * 2.5 * 730 * 0.85;
  test('the contract rate for the term, then rate × (1 − decay)^(years since delivery) until retirement', () => {
    expect(v.flows.revenue[35]).toBeCloseTo(revenue0, 6);
    expect(v.flows.revenue[36]).toBeCloseTo(revenue0 * Math.pow(0.75, 3), 6);
    expect(v.flows.revenue[59]).toBeCloseTo(revenue0 * Math.pow(0.75, 59 / 12), 6);
    expect(v.flows.contractEbitda[36]).toBe(0); // merchant after the contract
  });
  test('at retirement the GPU nodes (85 % of gpu_capex) fetch gpu_residual; only then is the hall let as colo', () => {
    expect(v.flows.gpuResidual[60]).toBeCloseTo(gpus * 50_000 * 0.85 * 0.1, 4);
    expect(v.flows.revenue[60]).toBeCloseTo(0.75 * 800 * 135, 6); // market rent, expected renewal
    for (let m = 0; m < 60; m++) expect(v.flows.releasingCapex[m]).toBe(0); // never a colo hall while the GPUs earn
  });
  test('property: IRR rises with gpu_residual', () => {
    fc.assert(
      fc.property(arbCloud, fc.double({ min: 0, max: 0.5, noNaN: true }), (o, r) => {
        const lo = metric('MINER_AI_YIELD', 'irr', { ...base, ...o, gpu_residual: r });
        const hi = metric('MINER_AI_YIELD', 'irr', { ...base, ...o, gpu_residual: r + 0.1 });
        expect(hi).toBeGreaterThan(lo);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
  test('property: IRR rises with prepayment_share', () => {
    fc.assert(
      fc.property(arbCloud, fc.double({ min: 0, max: 0.3, noNaN: true }), (o, s) => {
        const irr = (share: number) => findMetric(MODELS.MINER_AI_YIELD, 'irr')!.compute(new Context({ ...base, ...o, prepayment_share: share }));
        const lo = irr(s);
        const hi = irr(s + 0.05);
        // a prepayment that funds most of the build can leave the NPV positive at every rate: then no IRR exists (#NUM!)
        if (typeof lo !== 'number' || typeof hi !== 'number') {
          expect(isEngineError(hi) ? hi.code : '#NUM!').toBe('#NUM!');
          return;
        }
        expect(hi).toBeGreaterThan(lo);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
  test('a prepayment arrives when the build starts and is released straight-line over the contract', () => {
    const q = params({ ai_mode: 'cloud', build_months: 6, lease_term_years: 3, gpu_life_years: 5, prepayment_share: 0.2 });
    const f = value(q, [{ month: 6, share: 1 }]).flows;
    const tcv = revenue0 * 36;
    expect(f.prepayment[0]).toBeCloseTo(0.2 * tcv, 4);
    expect(f.prepayment[6]).toBeCloseTo(-(0.2 * tcv) / 36, 4);
    expect(f.prepayment[6 + 36]).toBe(0);
    expect(Array.from(f.prepayment).reduce((a, b) => a + b, 0)).toBeCloseTo(0, 2);
  });
  test('IREN–Microsoft: irr 10–17 % with the hall on the colo path, GPU residual and the 20 % prepayment (turn 1: 2.7 %)', () => {
    // iren.json microsoft-horizon: 9.7 B USD over 5 years on 76 000 GPUs at 76 316 USD each, 20 % prepaid (the 8-K of 2025-11-03)
    const deal = ov({ tranche: 'microsoft-horizon' });
    const irr = one(F.minerAiYield('IREN', 'irr', deal));
    expect(irr).toBeGreaterThan(0.1);
    expect(irr).toBeLessThan(0.17);
    expect(one(F.minerAiYield('IREN', 'irr', ov({ tranche: 'microsoft-horizon', prepayment_share: 0 })))).toBeLessThan(irr);
    expect(one(F.minerAiYield('IREN', 'sign_changes', deal))).toBeGreaterThan(1); // the prepayments come before the capex of later deliveries: flagged
  });
});

describe('discount rates by side', () => {
  test('property: raising ai_discount_rate lowers the AI NPV and leaves mining\'s cash-flow PV unchanged', () => {
    fc.assert(
      fc.property(arbColo, fc.double({ min: 0.001, max: 0.05, noNaN: true }), (o, bump) => {
        const lo = { ...base, ...o } as Inputs;
        const hi = { ...lo, ai_discount_rate: (o.ai_discount_rate as number) + bump };
        const vLo = new Context(lo).valuation as AiValuation;
        if (signChanges(vLo.projectFlow) !== 1) return; // NPV falls with the rate for conventional flows (spend, then earn)
        expect(metric('MINER_AI_YIELD', 'npv', hi)).toBeLessThan(metric('MINER_AI_YIELD', 'npv', lo));
        const cLo = compareWithMining(lo as unknown as ValuationParams, vLo);
        const cHi = new Context(hi).comparison;
        if (isEngineError(cHi)) throw new Error(cHi.message);
        expect(cHi.pvMining).toBe(cLo.pvMining);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
  test('mining_discount_rate moves the mining side only', () => {
    const c1 = new Context({ ...base, mining_discount_rate: 0.1 }).comparison;
    const c2 = new Context({ ...base, mining_discount_rate: 0.2 }).comparison;
    if (isEngineError(c1) || isEngineError(c2)) throw new Error('no comparison');
    expect(c2.pvMining).not.toBeCloseTo(c1.pvMining, 0);
    expect(c2.ai.npv).toBe(c1.ai.npv);
  });
});

describe('capital-aware comparison (economic_delta)', () => {
  test('property: economic_delta = 0 at economic_breakeven_btc_price', () => {
    fc.assert(
      fc.property(arbColo, (o) => {
        const i = { ...base, ...o } as Inputs;
        const v = findMetric(MODELS.HASH_VS_LEASE, 'economic_breakeven_btc_price')!.compute(new Context(i));
        if (typeof v !== 'number' || v < 1 || v > 1e8) return; // no breakeven, or outside btc_price's range
        expect(Math.abs(metric('HASH_VS_LEASE', 'economic_delta', { ...i, btc_price: v }))).toBeLessThan(0.01);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
  test('capital charges: fleet value × CRF(15 %, 4 y); hall × CRF(9 %, 20 y)', () => {
    // 1.0 USD/W × 1e6 / 1.05 = 952 381 of ASICs; CRF(0.15, 4) = 0.350265; hall 8 M × CRF(0.09, 20) = 8 M × 0.109546
    expect(metric('HASH_VS_LEASE', 'mining_capital_charge', base)).toBeCloseTo((1e6 / 1.05) * 0.3502653, 0);
    expect(metric('HASH_VS_LEASE', 'ai_capital_charge', base)).toBeCloseTo(8e6 * 0.1095465, 0);
  });
  test('IREN: the economic breakeven BTC price is far below the EBITDA one (803 k in turn 1)', () => {
    // the book's GPU cloud earns ~6 M USD per gross MW a year before the GPUs' capital charge (iren.json: 9.7 B + 3.4 B over 5 years on 360 MW)
    expect(one(F.hashVsLease('IREN', 'breakeven_btc_price'))).toBeGreaterThan(600_000);
    expect(one(F.hashVsLease('IREN', 'economic_breakeven_btc_price'))).toBeLessThan(200_000);
  });
  test('RIOT: delta, npv_delta and economic_delta agree on the sign (turn 1: +539 k against a negative npv_delta)', () => {
    const signs = ['delta', 'npv_delta', 'economic_delta'].map((m) => Math.sign(one(F.hashVsLease('RIOT', m))));
    expect(new Set(signs).size).toBe(1);
  });
});

describe('the terminal value\'s share of NPV, per preset (docs/valuation.md names those above half)', () => {
  // docs/valuation.md section 7 names the presets above half and the input that drives each: keep the two in step
  // (with the schema-2 contract books, none is: the longest leases, APLD's 15 years, put 45 % in the terminal value)
  const NAMED: string[] = [];
  test('the presets whose terminal value carries more than half their NPV are the ones the docs name', () => {
    const shares = store.tickers().map((t) => [t, one(F.minerAiYield(t, 'terminal_value')) / one(F.minerAiYield(t, 'npv'))] as const);
    expect(shares.filter(([, s]) => s > 0.5).map(([t]) => t)).toEqual(NAMED);
  });
  test('a fresh 10-year colo lease at the defaults: the terminal value is under half of the NPV (41 %)', () => {
    const share = one(F.minerAiYield('', 'terminal_value')) / one(F.minerAiYield('', 'npv'));
    expect(share).toBeLessThan(0.5);
    expect(share).toBeCloseTo(0.41, 2);
  });
});

describe('no gross MW is counted by both sides in the same month', () => {
  test('property: mining runs on 1 − the converted share; AI earns only on delivered shares; the two add to the MW', () => {
    fc.assert(
      fc.property(arbSchedule(-24), arbColo, (d, o) => {
        const p = params({ ...o, terminal_method: 'none', horizon_years: 10 });
        const v = value(p, d);
        const c = compareWithMining(p, v);
        const k = 1 / (1 + (Math.pow(1 + p.mining_discount_rate, 1 / 12) - 1));
        let df = 1;
        let miningConverted = 0;
        for (let m = 0; m < v.months; m++) {
          const delivered = d.filter((x) => x.month <= m).reduce((a, x) => a + x.share, 0);
          expect(v.flows.convertedShare[m]).toBeCloseTo(delivered, 12);
          expect(delivered).toBeLessThanOrEqual(1 + 1e-12);
          if (delivered === 0) expect(v.flows.revenue[m]).toBe(0); // nothing in service earns nothing
          df *= k;
          miningConverted += c.mining.miningFlow[m] * df * (1 - v.flows.convertedShare[m]);
        }
        // converted MW = the AI project + mining on the part not yet delivered, nothing more
        const aiHorizon = Math.max(v.terminalValue, p.powered_land_value_mw) * v.horizonDiscount;
        expect(c.npvConverted).toBeCloseTo(v.pvContract + v.pvResidual + aiHorizon + miningConverted, 2);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe('bad inputs: #VALUE! naming the input and its range', () => {
  test.each([
    ['exit_cap_rate', 0],
    ['exit_cap_rate', 1],
    ['renewal_probability', 1.1],
    ['renewal_probability', -0.1],
    ['debt_share', 1],
    ['lease_escalator', -1],
    ['ai_opex_escalator', -1],
    ['market_rent_growth_yr', -1],
    ['lease_term_years', 0],
    ['debt_term_years', 0],
    ['gpu_residual', 2],
  ])('%s = %p', (name, bad) => {
    const e = errorOf(() => F.minerAiYield('', 'npv', ov({ [name]: bad })));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain(name);
    expect(e.message).toMatch(/allowed: a number from -?[\d.]+ to [\d.]+/);
  });
  test('terminal_method and debt_amortization take their choices only', () => {
    expect(errorOf(() => F.minerAiYield('', 'npv', ov({ terminal_method: 'perpetuity' }))).message).toContain('"renewal", "cap_rate", "none"');
    expect(errorOf(() => F.minerAiYield('', 'npv', ov({ debt_amortization: 'balloon' }))).message).toContain('"level", "bullet", "sculpted"');
  });
});

describe('escalationFactors: tables shared between calls at the same rate', () => {
  // AiMonths reads a lease year's escalation from this table. Each entry must be the
  // running product 1, (1 + r), (1 + r)(1 + r), … that AiMonths computed per call before
  // the tables were shared, bit for bit, however the calls before it asked (any rates,
  // any lengths, in any order), and a table handed out must never change afterwards.
  const rateArb = fc.oneof(fc.constantFrom(0, 0.025, 0.03, -0.01, 0.1), fc.double({ min: -0.5, max: 0.5, noNaN: true }));
  const runningProduct = (rate: number, years: number): number[] => {
    const out: number[] = [];
    for (let y = 0, r = 1; y < years; y++, r *= 1 + rate) out.push(r);
    return out;
  };
  test('every table is the running product, bit for bit, and stays so after later calls', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(rateArb, fc.integer({ min: 1, max: 140 })), { minLength: 1, maxLength: 40 }), (calls) => {
        const handed: [number, number, Float64Array][] = [];
        for (const [rate, years] of calls) {
          const t = escalationFactors(rate, years);
          expect(t.length).toBeGreaterThanOrEqual(years);
          expect(Array.from(t.subarray(0, years))).toEqual(runningProduct(rate, years));
          handed.push([rate, years, t]);
        }
        for (const [rate, years, t] of handed) expect(Array.from(t.subarray(0, years))).toEqual(runningProduct(rate, years));
      }),
      { seed: 20261127, numRuns: 200 },
    );
  });
});
