/**
 * Mining per gross MW per year: the design's worked figure (docs/engine.md) through the engine and
 * through MINING_ECONOMICS / COST_PER_BTC / BREAKEVEN_POWER_PRICE, the breakeven
 * identities, credits in the cost per BTC, per-watt fleet renewal, and monotonicity.
 */
import fc from 'fast-check';
import { defaultInputs } from '../../src/engine/catalogue';
import { MiningParams, hashpriceForMiningEbitda, hashratePhPerGrossMw, miningPerMwYear } from '../../src/engine/mining';
import { hashpriceUsdPerPhDay } from '../../src/engine/network';
import * as F from '../../src/functions/functions';
import { errorOf as excelError, one } from '../support/excel';

/** Excel's repeating overrides argument from name/value pairs: [[["name"]],[[value]],…]. */
function ov(...pairs: (string | number)[]): (string | number)[][][] {
  return pairs.map((x) => [[x]]);
}

// Worked figure (docs/engine.md): 1 gross MW, 17.5 J/TH, overhead 1.05, uptime 0.95, pool fee 0.02,
// hashprice 41.30, power 45 USD/MWh, opex 0 → 54.42 PH/s; revenue 763 808; power 374 490; EBITDA 389 318.
const WORKED: MiningParams = {
  efficiency_j_th: 17.5,
  mining_overhead: 1.05,
  uptime: 0.95,
  pool_fee: 0.02,
  power_price_mwh: 45,
  mining_opex_mw_yr: 0,
  curtailment_credit_mw_yr: 0,
  asic_price_w: 1,
  asic_life_years: 4,
};
const WORKED_HASHPRICE = hashpriceUsdPerPhDay(100_000, 1100, 0.03, 3.125); // 41.30 (worked figure)

describe('mining worked figure', () => {
  const r = miningPerMwYear(WORKED, WORKED_HASHPRICE, 100_000);
  test('hashrate 54.42 PH/s per gross MW', () => {
    expect(r.hashratePh).toBeCloseTo(54.42, 2);
    expect(hashratePhPerGrossMw(17.5, 1.05)).toBeCloseTo(54.42, 2);
  });
  test('revenue 763 808 USD/yr', () => expect(Math.abs(r.revenueUsdYr - 763_808)).toBeLessThan(1));
  test('power 374 490 USD/yr', () => expect(r.powerCostUsdYr).toBeCloseTo(374_490, 6));
  test('EBITDA 389 318 USD/yr', () => expect(Math.abs(r.ebitdaUsdYr - 389_318)).toBeLessThan(1));
  test('BTC mined is revenue / BTC price', () => expect(r.btcMinedYr * 100_000).toBeCloseTo(r.revenueUsdYr, 6));

  // the generic site's defaults are the worked figure's inputs (with opex 50 000) once its market is given
  test('MINING_ECONOMICS("", …, "mining_opex_mw_yr", 0) reproduces the worked figure', () => {
    const o = ov('mining_opex_mw_yr', 0, 'btc_price', 100_000, 'network_hashrate_eh', 1100, 'fees_btc_per_block', 0.03);
    expect(one(F.miningEconomics('', 'hashrate_ph', o))).toBeCloseTo(54.42, 2);
    expect(one(F.miningEconomics('', 'hashprice', o))).toBeCloseTo(41.3, 2);
    expect(Math.abs(one(F.miningEconomics('', 'revenue', o)) - 763_808)).toBeLessThan(1);
    expect(one(F.miningEconomics('', 'power_cost', o))).toBeCloseTo(374_490, 6);
    expect(Math.abs(one(F.miningEconomics('', null, o)) - 389_318)).toBeLessThan(1); // ebitda is the default metric
  });
  test('MINING_ECONOMICS with the default opex (50 000) is 50 000 lower', () => {
    expect(one(F.miningEconomics('', 'ebitda', null as never))).toBeCloseTo(one(F.miningEconomics('', 'ebitda', ov('mining_opex_mw_yr', 0))) - 50_000, 6);
  });
  test('the overrides range form equals the name/value pair form', () => {
    const pairs = one(F.miningEconomics('', 'ebitda', ov('btc_price', 120_000, 'power_price_mwh', 50)));
    const range = one(F.miningEconomics('', 'ebitda', [[['btc_price', 120_000], ['power_price_mwh', 50]]]));
    const mixed = one(F.miningEconomics('', 'ebitda', [[['btc_price']], [[120_000]], [['power_price_mwh', 50]]]));
    expect(range).toBe(pairs);
    expect(mixed).toBe(pairs);
    expect(pairs).not.toBeCloseTo(one(F.miningEconomics('', 'ebitda', null as never)), 0);
  });
  test('cost per BTC: (power + opex − credits) / BTC mined', () => {
    expect(r.cashCostUsdPerBtc).toBeCloseTo(374_490 / r.btcMinedYr, 6);
    expect(r.allInCostUsdPerBtc).toBeCloseTo((374_490 + r.fleetRenewalUsdYr) / r.btcMinedYr, 6);
    // fleet renewal per watt: 1.0 USD/W × 1e6 / 1.05 ASIC watts / 4 years = 238 095 USD/yr
    expect(r.fleetRenewalUsdYr).toBeCloseTo(1e6 / 1.05 / 4, 6);
    expect(r.fleetValueUsd).toBeCloseTo(1e6 / 1.05, 6);
    // credits net into the cost, as miners report it: 100 000 of credits take 100 000 / BTC mined off each BTC
    const credited = miningPerMwYear({ ...WORKED, curtailment_credit_mw_yr: 100_000 }, WORKED_HASHPRICE, 100_000);
    expect(credited.cashCostUsdPerBtc).toBeCloseTo((374_490 - 100_000) / r.btcMinedYr, 6);
  });
  test('renewal per watt does not inflate with TH/s: a more efficient fleet has the same renewal per MW', () => {
    expect(miningPerMwYear({ ...WORKED, efficiency_j_th: 12 }, WORKED_HASHPRICE, 100_000).fleetRenewalUsdYr).toBeCloseTo(r.fleetRenewalUsdYr, 9);
  });
  test('property: more curtailment credits lower the cost per BTC (and the all-in cost)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 500_000, noNaN: true }), fc.double({ min: 1, max: 500_000, noNaN: true }), fc.double({ min: 10, max: 200, noNaN: true }), (credit, more, hp) => {
        const lo = miningPerMwYear({ ...WORKED, mining_opex_mw_yr: 50_000, curtailment_credit_mw_yr: credit }, hp, 100_000);
        const hi = miningPerMwYear({ ...WORKED, mining_opex_mw_yr: 50_000, curtailment_credit_mw_yr: credit + more }, hp, 100_000);
        expect(hi.cashCostUsdPerBtc).toBeLessThan(lo.cashCostUsdPerBtc);
        expect(hi.allInCostUsdPerBtc).toBeLessThan(lo.allInCostUsdPerBtc);
      }),
      { seed: 20251130, numRuns: 200 },
    );
  });
  test('MINING_ECONOMICS cost_per_btc nets credits; asic_price_th still converts to asic_price_w at the fleet J/TH', () => {
    const base = one(F.miningEconomics('', 'cost_per_btc', null as never));
    const btc = one(F.miningEconomics('', 'btc_mined', null as never));
    expect(one(F.miningEconomics('', 'cost_per_btc', ov('curtailment_credit_mw_yr', 30_000)))).toBeCloseTo(base - 30_000 / btc, 6);
    // 15 USD/TH at 17.5 J/TH = 0.857 USD/W: renewal = 0.857 · 1e6 / 1.05 / 4
    expect(F.input('', 'asic_price_w', ov('asic_price_th', 15) as never)).toBeCloseTo(15 / 17.5, 12);
    expect(one(F.miningEconomics('', 'fleet_renewal', ov('asic_price_th', 15)))).toBeCloseTo(((15 / 17.5) * 1e6) / 1.05 / 4, 6);
  });
});

describe('mining primitives (COST_PER_BTC, BREAKEVEN_POWER_PRICE)', () => {
  // At the meter, 17.5 J/TH × 1.05 overhead = 18.375 J/TH gives the same hashrate per gross MW.
  test('BREAKEVEN_POWER_PRICE(41.30, 18.375) is the worked figure revenue / (8 760 · 0.95)', () => {
    const bpp = F.breakevenPowerPrice(WORKED_HASHPRICE, 17.5 * 1.05, null, null, null);
    const revenue = miningPerMwYear(WORKED, WORKED_HASHPRICE, 100_000).revenueUsdYr;
    expect(bpp).toBeCloseTo(revenue / (8760 * 0.95), 6);
    expect(bpp).toBeCloseTo(91.78, 1); // 763 808 / 8 322
  });
  test('COST_PER_BTC is the cash cost of the worked figure when today has the 3.125 subsidy', () => {
    // COST_PER_BTC uses today's subsidy; between the 4th and 5th halvings that is 3.125.
    const today = F.blockSubsidy(null);
    const c = F.costPerBtc(45, 17.5 * 1.05, 1100, 0.03, null, null, null);
    const r = miningPerMwYear(WORKED, hashpriceUsdPerPhDay(100_000, 1100, 0.03, today), 100_000);
    expect(c).toBeCloseTo(r.cashCostUsdPerBtc, 6);
    // at BTC = cost per BTC, EBITDA is zero: cost per BTC is the breakeven BTC price with opex 0
    const atCost = miningPerMwYear(WORKED, hashpriceUsdPerPhDay(c, 1100, 0.03, today), c);
    expect(Math.abs(atCost.ebitdaUsdYr)).toBeLessThan(0.01);
  });
  test('COST_PER_BTC with uptime 0 is #NUM! (nothing is mined)', () => {
    expect(excelError(() => F.costPerBtc(45, 18, 1100, null, 0, null, null)).code).toBe('#NUM!');
  });
  test('BREAKEVEN_POWER_PRICE with a negative opex is #VALUE! naming opex_mw_yr', () => {
    const e = excelError(() => F.breakevenPowerPrice(41.3, 18, null, null, -5));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('opex_mw_yr');
    expect(e.message).toContain('-5');
  });
  test('a share outside 0–1 is #VALUE! naming the argument and the range', () => {
    const e = excelError(() => F.breakevenPowerPrice(41.3, 18, 1.2, null, null));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('uptime');
    expect(e.message).toContain('1.2');
    expect(e.message).toContain('0 to 1');
  });
});

describe('breakeven identities', () => {
  test('engine: at breakeven power price, EBITDA is 0 within a cent', () => {
    const p = { ...WORKED, mining_opex_mw_yr: 50_000, curtailment_credit_mw_yr: 20_000 };
    const r = miningPerMwYear(p, WORKED_HASHPRICE, 100_000);
    const at = miningPerMwYear({ ...p, power_price_mwh: r.breakevenPowerUsdPerMwh }, WORKED_HASHPRICE, 100_000);
    expect(Math.abs(at.ebitdaUsdYr)).toBeLessThan(0.01);
  });
  test('engine: at breakeven hashprice, EBITDA is 0; hashpriceForMiningEbitda hits any target', () => {
    const r = miningPerMwYear(WORKED, WORKED_HASHPRICE, 100_000);
    expect(Math.abs(miningPerMwYear(WORKED, r.breakevenHashpriceUsdPerPhDay, 100_000).ebitdaUsdYr)).toBeLessThan(0.01);
    const hp = hashpriceForMiningEbitda(WORKED, 1_000_000);
    expect(miningPerMwYear(WORKED, hp, 100_000).ebitdaUsdYr).toBeCloseTo(1_000_000, 2);
  });
  test.each(['', 'RIOT', 'CLSK', 'MARA', 'IREN'])('MINING_ECONOMICS(%p): at breakeven_power_price, EBITDA is 0 within a cent', (ticker) => {
    const bpp = one(F.miningEconomics(ticker, 'breakeven_power_price', null as never));
    expect(bpp).toBeGreaterThan(0);
    const ebitda = one(F.miningEconomics(ticker, 'ebitda', ov('power_price_mwh', bpp)));
    expect(Math.abs(ebitda)).toBeLessThan(0.01);
  });
  test.each(['', 'RIOT', 'CLSK'])('MINING_ECONOMICS(%p): at breakeven_hashprice (via btc_price), EBITDA is 0 within a cent', (ticker) => {
    const bhp = one(F.miningEconomics(ticker, 'breakeven_hashprice', null as never));
    const hp = one(F.miningEconomics(ticker, 'hashprice', null as never));
    const btc = F.input(ticker, 'btc_price', null as never) as number;
    const ebitda = one(F.miningEconomics(ticker, 'ebitda', ov('btc_price', (btc * bhp) / hp)));
    expect(Math.abs(ebitda)).toBeLessThan(0.01);
  });
});

describe('monotonicity', () => {
  const base = defaultInputs();
  test('higher BTC price raises mining EBITDA', () => {
    let prev = -Infinity;
    for (const btc of [20_000, 50_000, 100_000, 150_000, 300_000]) {
      const e = one(F.miningEconomics('', 'ebitda', ov('btc_price', btc)));
      expect(e).toBeGreaterThan(prev);
      prev = e;
    }
  });
  test('higher power price lowers mining EBITDA and raises cost per BTC', () => {
    const lo = ov('power_price_mwh', 30);
    const hi = ov('power_price_mwh', 60);
    expect(one(F.miningEconomics('', 'ebitda', hi))).toBeLessThan(one(F.miningEconomics('', 'ebitda', lo)));
    expect(one(F.miningEconomics('', 'cost_per_btc', hi))).toBeGreaterThan(one(F.miningEconomics('', 'cost_per_btc', lo)));
  });
  test('a more efficient fleet (fewer J/TH) mines more per MW', () => {
    expect(one(F.miningEconomics('', 'btc_mined', ov('efficiency_j_th', 15)))).toBeGreaterThan(one(F.miningEconomics('', 'btc_mined', ov('efficiency_j_th', 20))));
    expect(base.efficiency_j_th).toBe(17.5);
  });
});
