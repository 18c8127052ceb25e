/**
 * The mining side month by month (src/engine/cashflows.ts): the network's answer
 * to hashprice (one rule for the deterministic path, PROJECTION and the Monte
 * Carlo), fleet renewal buying frontier machines, and mothballing a fleet that
 * keeps losing money. docs/engine.md states the rules.
 */
import fc from 'fast-check';
import { CATALOGUE, Inputs, defaultInputs } from '../../src/engine/catalogue';
import { MiningPathParams, miningPath, miningTerms, newFleet, stepFleet } from '../../src/engine/cashflows';
import { NETWORK_LAG_MONTHS, marginalBreakevenHashprice, networkGrowthFactor, networkResponse } from '../../src/engine/network';
import * as F from '../../src/functions/functions';
import { store } from '../../src/presets/bundled';

const SEED = Number(process.env.BTCAI_FC_SEED ?? 20251130);
const base = defaultInputs() as unknown as MiningPathParams;
const p = (o: Record<string, number | string> = {}): MiningPathParams => ({ ...base, ...o }) as MiningPathParams;

/** Longest run of consecutive months with mining EBITDA below zero. */
function longestLossRun(ebitda: ArrayLike<number>): number {
  let run = 0;
  let longest = 0;
  for (let m = 0; m < ebitda.length; m++) {
    run = ebitda[m] < 0 ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

describe('the network answers hashprice against a marginal fleet\'s breakeven', () => {
  test('breakeven of the marginal fleet: 2 × 12 J/TH × 24 h × 55 USD/MWh / 1000 = 31.68 USD/PH/day', () => {
    expect(marginalBreakevenHashprice(12)).toBeCloseTo(31.68, 12);
  });
  test('response: 0 at breakeven, the full base rate 50 % above it, at most half the base rate shrinking', () => {
    const be = 31.68;
    expect(networkResponse(be, be)).toBe(0);
    expect(networkResponse(1.25 * be, be)).toBeCloseTo(0.5, 12);
    expect(networkResponse(1.5 * be, be)).toBeCloseTo(1, 12);
    expect(networkResponse(3 * be, be)).toBe(1);
    expect(networkResponse(0.9 * be, be)).toBeCloseTo(-0.2, 12);
    expect(networkResponse(0.1 * be, be)).toBe(-0.5);
    expect(networkGrowthFactor(0.01, 3 * be, be)).toBeCloseTo(1.01, 15);
    expect(networkGrowthFactor(-0.01, 3 * be, be)).toBeCloseTo(0.99, 15); // a negative base rate is a fixed path
  });
  test('the deterministic path: month m grows by the response to the hashprice of month m − 6 (today\'s before month 0)', () => {
    const q = p();
    const path = miningPath(q, 120);
    const g = Math.pow(1.2, 1 / 12) - 1;
    for (const m of [1, 5, 6, 7, 40, 119]) {
      const lagged = m >= NETWORK_LAG_MONTHS ? path.hashpriceUsdPerPhDay[m - NETWORK_LAG_MONTHS] : path.hashpriceToday;
      expect(path.networkEh[m] / path.networkEh[m - 1]).toBeCloseTo(1 + g * networkResponse(lagged, path.breakevenHashprice[m]), 12);
    }
    // the frontier improves 10 %/yr, so the breakeven falls with it
    expect(path.breakevenHashprice[12] / path.breakevenHashprice[0]).toBeCloseTo(0.9, 12);
  });
  test('after the 2028 halving cuts hashprice below breakeven, the network shrinks instead of growing 20 % a year', () => {
    const path = miningPath(p(), 240);
    const i = Array.from(path.subsidyBtc).findIndex((s) => s < 3.125);
    expect(path.networkEh[i + 12]).toBeLessThan(path.networkEh[i + 6]);
    expect(path.networkEh[239]).toBeLessThan(1100 * Math.pow(1.2, 20) / 4); // far below the 20 %/yr path (42 000 EH/s)
  });
});

describe('fleet renewal buys the frontier', () => {
  test('fully funded renewal moves the fleet toward frontier J/TH at 1 / (12 · life) of its watts a month', () => {
    const q = p({ btc_price: 1_000_000, efficiency_gain_yr: 0, frontier_j_th: 12 }); // margin covers renewal every month
    const path = miningPath(q, 48);
    const t = miningTerms(q);
    const h0 = t.hashratePh0;
    const frontier = path.frontierPh[0];
    const expected = frontier + (h0 - frontier) * Math.pow(1 - 1 / 48, 48); // geometric approach over four years
    expect(1e6 / 1.05 / 1000 / path.fleetJth[47]).toBeCloseTo(expected, 6);
    expect(path.fleetJth[47]).toBeLessThan(14);
  });
  test('no margin, no renewal: the fleet keeps its J/TH', () => {
    const path = miningPath(p({ btc_price: 5_000 }), 24);
    expect(path.fleetJth[23]).toBeCloseTo(17.5, 12);
  });
  test('renewal is funded only out of the margin: half a renewal\'s margin buys half the replacement', () => {
    const q = p();
    const t = miningTerms(q);
    const s = newFleet(t);
    const hp = (t.powerMonth + t.renewalMonth / 2) / (t.revenuePerPhHashprice * t.hashratePh0);
    stepFleet(t, s, hp, 100);
    expect(s.flow).toBeCloseTo(-t.fixedMonth, 6); // all the margin went to renewal
    expect(s.hashratePh).toBeCloseTo(t.hashratePh0 + 0.5 * t.replaceShareMonth * (100 - t.hashratePh0), 9);
  });
});

describe('a fleet that keeps losing money is mothballed', () => {
  test('after more than 6 months of negative EBITDA: no power, no opex, no revenue until hashing pays again', () => {
    const q = p({ mining_opex_mw_yr: 120_000 });
    const t = miningTerms(q);
    const s = newFleet(t);
    const off = 0.5 * (t.powerMonth / (t.revenuePerPhHashprice * t.hashratePh0)); // revenue half of power: EBITDA = −opex
    for (let m = 0; m < 6; m++) {
      stepFleet(t, s, off, 0);
      expect(s.ebitda).toBeCloseTo(-10_000, 6);
    }
    stepFleet(t, s, off, 0);
    expect(s.mothballed).toBe(true);
    expect(s.ebitda).toBe(0);
    expect(s.flow).toBe(0);
    stepFleet(t, s, 10 * off, 0); // hashing would pay again
    expect(s.mothballed).toBe(false);
    expect(s.ebitda).toBeGreaterThan(0);
  });
  const catalogueNumber = (name: string) => CATALOGUE.find((c) => c.name === name)!;
  test('property: the deterministic path never runs a fleet at a loss for more than the lag', () => {
    const num = (name: string, lo?: number, hi?: number) => fc.double({ min: lo ?? catalogueNumber(name).min!, max: hi ?? catalogueNumber(name).max!, noNaN: true });
    fc.assert(
      fc.property(
        fc.record({
          btc_price: num('btc_price', 5_000, 500_000),
          btc_price_growth_yr: num('btc_price_growth_yr', -0.3, 0.5),
          hashrate_growth_yr: num('hashrate_growth_yr', -0.3, 1),
          power_price_mwh: num('power_price_mwh', 10, 150),
          mining_opex_mw_yr: num('mining_opex_mw_yr', 0, 300_000),
          curtailment_credit_mw_yr: num('curtailment_credit_mw_yr', 0, 100_000),
          efficiency_j_th: num('efficiency_j_th', 10, 40),
          asic_price_w: num('asic_price_w', 0, 3),
        }),
        (o) => {
          const path = miningPath(p(o), 360);
          expect(longestLossRun(path.miningEbitda)).toBeLessThanOrEqual(NETWORK_LAG_MONTHS);
        },
      ),
      { seed: SEED, numRuns: 150 },
    );
  });
  test.each(['', ...store.tickers()])('PROJECTION(%p) never shows more than 6 months of mining losses in a row', (t) => {
    const rows = F.projection(t, 600, null as never).slice(1);
    expect(longestLossRun(rows.map((r) => r[4] as number))).toBeLessThanOrEqual(NETWORK_LAG_MONTHS);
  });
  test('RIOT: the network no longer compounds at 20 % to 8 000 EH/s while hashprice collapses (turn 1)', () => {
    const rows = F.projection('RIOT', null, null as never).slice(1);
    const last = rows[rows.length - 1];
    expect(last[2] as number).toBeLessThan(5000);
    expect(longestLossRun(rows.map((r) => r[4] as number))).toBeLessThanOrEqual(6);
  });
});

describe('inputs of the path', () => {
  test('defaults: frontier 12 J/TH improving 10 %/yr; ASICs 1.0 USD/W', () => {
    const d = defaultInputs() as Inputs;
    expect(d.frontier_j_th).toBe(12);
    expect(d.efficiency_gain_yr).toBe(0.1);
    expect(d.asic_price_w).toBe(1);
  });
});
