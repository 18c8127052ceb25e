/**
 * Block heights from a stored chain tip: with market data, the engine estimates
 * heights (and so subsidies and halving dates) from the tip and its time instead
 * of from block 840 000. Identities, checked by fast-check with a fixed seed.
 */
import fc from 'fast-check';
import { defaultInputs } from '../../src/engine/catalogue';
import { serialFromUtc } from '../../src/engine/dates';
import { isEngineError } from '../../src/engine/errors';
import { ValuationParams, compareWithMining, npvDeltaOnePass, singleDelivery, valueAi } from '../../src/engine/valuation';
import { HALVING_INTERVAL_BLOCKS, HeightAnchor, LAST_HALVING, heightAnchor, heightAtSerial, nextHalvingSerial, subsidyBtcAtSerial } from '../../src/engine/network';

const SEED = { seed: 20261127, numRuns: 300 };
/** A tip after the last halving: blocks at 9.5 to 10.5 minutes on average since block 840 000. */
const tipArb = fc.record({ days: fc.double({ min: 1, max: 4000, noNaN: true }), minutes: fc.double({ min: 9.5, max: 10.5, noNaN: true }) }).map(({ days, minutes }): HeightAnchor => ({
  height: LAST_HALVING.height + Math.max(1, Math.floor((days * 1440) / minutes)),
  serial: LAST_HALVING.serial + days,
}));

describe('heightAtSerial from a tip', () => {
  test('is exact at both known blocks: the last halving and the tip', () => {
    fc.assert(
      fc.property(tipArb, (tip) => {
        expect(heightAtSerial(tip.serial, 10, tip)).toBeCloseTo(tip.height, 6);
        expect(heightAtSerial(LAST_HALVING.serial, 10, tip)).toBeCloseTo(LAST_HALVING.height, 6);
      }),
      SEED,
    );
  });

  test('never decreases with the date', () => {
    fc.assert(
      fc.property(tipArb, fc.double({ min: 0, max: 8000, noNaN: true }), fc.double({ min: 0, max: 8000, noNaN: true }), fc.double({ min: 1, max: 60, noNaN: true }), (tip, a, b, bm) => {
        const [s1, s2] = [LAST_HALVING.serial + Math.min(a, b), LAST_HALVING.serial + Math.max(a, b)];
        expect(heightAtSerial(s1, bm, tip)).toBeLessThanOrEqual(heightAtSerial(s2, bm, tip) + 1e-6);
      }),
      SEED,
    );
  });

  test('without a tip it is the old estimate exactly: 840 000 + minutes since the halving / block_minutes', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10000, noNaN: true }), fc.double({ min: 1, max: 60, noNaN: true }), (d, bm) => {
        const s = LAST_HALVING.serial + d;
        expect(heightAtSerial(s, bm)).toBe(LAST_HALVING.height + ((s - LAST_HALVING.serial) * 1440) / bm);
      }),
      SEED,
    );
  });
});

describe('halvings from a tip', () => {
  test('the subsidy halves exactly at nextHalvingSerial', () => {
    fc.assert(
      fc.property(tipArb, fc.double({ min: 0, max: 6000, noNaN: true }), (tip, d) => {
        const s = LAST_HALVING.serial + d;
        const h = nextHalvingSerial(s, 10, tip);
        expect(h).toBeGreaterThan(s);
        const before = subsidyBtcAtSerial(h - 1e-6, 10, tip);
        const after = subsidyBtcAtSerial(h + 1e-6, 10, tip);
        expect(after).toBe(before / 2);
      }),
      SEED,
    );
  });

  test('the next halving is block 1 050 000 at block_minutes after the tip', () => {
    // tip 978 100 at 2026-11-27 12:00 UTC: 71 900 blocks to go, at 10 minutes 499.31 days later
    const tip = { height: 978_100, serial: serialFromUtc(2026, 11, 27, 12) };
    expect(nextHalvingSerial(tip.serial, 10, tip)).toBeCloseTo(tip.serial + (71_900 * 10) / 1440, 9);
    // from block 840 000 alone the estimate is 210 000 blocks of 10 minutes (2028-04-17 08:09 UTC): later by the
    // blocks the tip is ahead of that pace (978 100 − 977 015.05 = 1 084.95), at 10 minutes each: 7.53 days
    const ahead = tip.height - heightAtSerial(tip.serial, 10);
    expect(ahead).toBeCloseTo(1084.95, 1);
    expect(nextHalvingSerial(tip.serial, 10) - nextHalvingSerial(tip.serial, 10, tip)).toBeCloseTo((ahead * 10) / 1440, 9);
  });

  test('a tip past the next halving places it between the two known blocks', () => {
    const tip = { height: 1_060_000, serial: serialFromUtc(2028, 5, 20) };
    const h = nextHalvingSerial(serialFromUtc(2027, 1, 1), 10, tip);
    const share = (1_050_000 - 840_000) / (tip.height - LAST_HALVING.height);
    expect(h).toBeCloseTo(LAST_HALVING.serial + share * (tip.serial - LAST_HALVING.serial), 9);
    expect(subsidyBtcAtSerial(h + 0.01, 10, tip)).toBe(3.125 / 2);
  });

  test('only a tip after the last halving anchors anything', () => {
    const ok = { tip_height: 978_100, tip_serial: 46353.5 };
    expect(heightAnchor(ok)).toEqual({ height: 978_100, serial: 46353.5 });
    for (const bad of [{}, { tip_height: '978100', tip_serial: 46353.5 }, { tip_height: 800_000, tip_serial: 46353.5 }, { tip_height: 978_100.5, tip_serial: 46353.5 }, { tip_height: 978_100, tip_serial: NaN }, { tip_height: 978_100, tip_serial: 45000 }]) {
      expect(heightAnchor(bad)).toBe(LAST_HALVING);
    }
    expect(HALVING_INTERVAL_BLOCKS).toBe(210_000);
  });
});

describe('npv_delta with a tip', () => {
  /** The array path: the AI side's monthly arrays, then the mining path and the comparison. */
  const slow = (p: ValuationParams): number => {
    const v = valueAi(p, singleDelivery(p.build_months));
    if (isEngineError(v)) throw new Error(v.message);
    return compareWithMining(p, v).npvDelta;
  };
  const fast = (p: ValuationParams): number => {
    const v = npvDeltaOnePass(p, singleDelivery(p.build_months));
    if (isEngineError(v)) throw new Error(v.message);
    return v;
  };
  test('the one-pass npv_delta still equals the monthly cash flows to the last bit', () => {
    fc.assert(
      fc.property(tipArb, fc.integer({ min: 45000, max: 50000 }), fc.integer({ min: 1, max: 30 }), fc.constantFrom('none', 'renewal'), (tip, date, years, method) => {
        const p = { ...defaultInputs(), valuation_date: date, horizon_years: years, terminal_method: method, tip_height: tip.height, tip_serial: tip.serial } as unknown as ValuationParams;
        expect(fast(p)).toBe(slow(p));
      }),
      { ...SEED, numRuns: 100 },
    );
  });

  test('an earlier halving (faster blocks) lowers mining cash flows: npv_delta rises', () => {
    // the worked figure's market (BTC 100 000, 1 100 EH/s, fees 0.03): mining runs on both sides of the halving
    const base = { ...defaultInputs(), btc_price: 100_000, network_hashrate_eh: 1100, fees_btc_per_block: 0.03, terminal_method: 'none', horizon_years: 5 } as unknown as ValuationParams;
    const fastTip = { ...base, tip_height: 990_000, tip_serial: serialFromUtc(2026, 11, 27) } as ValuationParams;
    expect(fast(fastTip)).toBeGreaterThan(fast(base));
  });
});
