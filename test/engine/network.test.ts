/**
 * The Bitcoin network: difficulty → hashrate, hashprice, the subsidy schedule and
 * halving dates, through the engine and through the Excel-facing wrappers.
 */
import * as F from '../../src/functions/functions';
import { errorOf } from '../support/excel';
import { inputSpec } from '../../src/engine/catalogue';
import { isoFromSerial, serialFromIso, serialFromUtc } from '../../src/engine/dates';
import {
  feesBtcFromShare,
  hashpriceUsdPerPhDay,
  hashvalueBtcPerPhDay,
  networkEhFromDifficulty,
  nextHalvingSerial,
  subsidyBtcAtHeight,
  subsidyBtcAtSerial,
} from '../../src/engine/network';


const day = (iso: string): number => serialFromIso(iso);

describe('network hashrate from difficulty (worked figure)', () => {
  // Worked figure: difficulty 150e12 → 150e12 · 2^32 / 600 = 1.0737e21 H/s = 1 073.7 EH/s
  test('engine', () => {
    expect(networkEhFromDifficulty(150e12)).toBeCloseTo(1073.74, 2);
  });
  test('NETWORK_HASHRATE wrapper', () => {
    expect(F.networkHashrate(150e12)).toBeCloseTo(1073.74, 2);
    expect(F.networkHashrate([[150e12]])).toBeCloseTo(1073.74, 2); // a 1×1 range is a scalar
  });
  test('a zero or text difficulty is #VALUE! naming the argument', () => {
    const e = errorOf(() => F.networkHashrate(0));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toMatch(/difficulty/);
    expect(errorOf(() => F.networkHashrate('lots')).message).toMatch(/difficulty needs a number/);
  });
});

describe('hashprice (worked figure)', () => {
  // Worked figure: btc_price 100 000, network 1 100 EH/s, fees 0.03, subsidy 3.125 → 144 · 3.155 · 100 000 / 1 100 000 = 41.30
  test('engine', () => {
    expect(hashpriceUsdPerPhDay(100_000, 1100, 0.03, 3.125)).toBeCloseTo(41.3018, 3);
    expect(hashvalueBtcPerPhDay(1100, 0.03, 3.125)).toBeCloseTo(144 * 3.155 / 1_100_000, 12);
  });
  test('HASHPRICE and HASHVALUE wrappers', () => {
    expect(F.hashprice(100_000, 1100, 0.03, 3.125)).toBeCloseTo(41.3018, 3);
    expect(F.hashvalue(1100, 0.03, 3.125) * 100_000).toBeCloseTo(41.3018, 3);
    // numeric text coerces as Excel's own functions do
    expect(F.hashprice('100000', '1100', '0.03', '3.125')).toBeCloseTo(41.3018, 3);
  });
  test('omitted fees take the market default', () => {
    const fees = inputSpec('fees_btc_per_block')!.default as number;
    expect(F.hashprice(100_000, 1100, null, 3.125)).toBe(hashpriceUsdPerPhDay(100_000, 1100, fees, 3.125));
    expect(F.hashprice(100_000, 1100, null, 3.125)).toBe(F.hashprice(100_000, 1100, fees, 3.125));
  });
  test('hashprice is proportional to BTC price and inversely to network hashrate', () => {
    expect(F.hashprice(200_000, 1100, 0.03, 3.125)).toBeCloseTo(2 * 41.3018, 3);
    expect(F.hashprice(100_000, 2200, 0.03, 3.125)).toBeCloseTo(41.3018 / 2, 3);
  });
});

describe('published hashprice, Hashrate Index validation cases (within ~1 %)', () => {
  // Hashrate Index smooths fees and averages exchanges' prices; ~1 % agreement is expected.
  const cases = [
    // Hashrate Index Roundup, 2025-03-03: ~86 350 USD, 810 EH/s (7-day SMA), fees 1.93 % of rewards → 49.40 USD/PH/day
    { date: '2025-03-03', btc: 86_350, eh: 810, feeShare: 0.0193, published: 49.4 },
    // data.hashrateindex.com, 2024-11-12: 87 235 USD, 733.11 EH/s, fees 4.82 % of rewards → 55.97 USD/PH/day
    { date: '2024-11-12', btc: 87_235, eh: 733.11, feeShare: 0.0482, published: 55.97 },
  ];
  test.each(cases)('$date', ({ date, btc, eh, feeShare, published }) => {
    const subsidy = subsidyBtcAtSerial(day(date), 10);
    expect(subsidy).toBe(3.125);
    const fees = feesBtcFromShare(subsidy, feeShare);
    // fees as a share s of total rewards: fees / (subsidy + fees) = s
    expect(fees / (subsidy + fees)).toBeCloseTo(feeShare, 12);
    const engine = hashpriceUsdPerPhDay(btc, eh, fees, subsidy);
    expect(Math.abs(engine / published - 1)).toBeLessThan(0.01);
    // the wrapper with the same fees and the subsidy of that date gives the same number
    expect(F.hashprice(btc, eh, fees, F.blockSubsidy(day(date)))).toBeCloseTo(engine, 9);
  });
});

describe('block subsidy and halvings (protocol facts)', () => {
  test('serial 45402 is 2024-04-20 (Excel 1900 date system)', () => {
    expect(serialFromUtc(2024, 4, 20)).toBe(45402);
    expect(isoFromSerial(45402)).toBe('2024-04-20');
    expect(serialFromIso('1970-01-01')).toBe(25569);
  });
  test('subsidy by height: 50 / 2^floor(h / 210 000), zero from the 33rd halving', () => {
    expect(subsidyBtcAtHeight(0)).toBe(50);
    expect(subsidyBtcAtHeight(209_999)).toBe(50);
    expect(subsidyBtcAtHeight(210_000)).toBe(25);
    expect(subsidyBtcAtHeight(839_999)).toBe(6.25);
    expect(subsidyBtcAtHeight(840_000)).toBe(3.125);
    expect(subsidyBtcAtHeight(1_050_000)).toBe(1.5625);
    expect(subsidyBtcAtHeight(33 * 210_000)).toBe(0);
  });
  test.each([
    // 4th halving, block 840 000, 2024-04-20 00:09 UTC
    { before: '2024-04-19', after: '2024-04-21', was: 6.25, now: 3.125 },
    // 3rd halving, block 630 000, 2020-05-11
    { before: '2020-05-10', after: '2020-05-12', was: 12.5, now: 6.25 },
    // 2nd halving, block 420 000, 2016-07-09
    { before: '2016-07-08', after: '2016-07-10', was: 25, now: 12.5 },
    // 1st halving, block 210 000, 2012-11-28
    { before: '2012-11-27', after: '2012-11-29', was: 50, now: 25 },
  ])('BLOCK_SUBSIDY around the halving after $before: $was → $now', ({ before, after, was, now }) => {
    expect(F.blockSubsidy(day(before))).toBe(was);
    expect(F.blockSubsidy(day(after))).toBe(now);
    expect(F.blockSubsidy(before)).toBe(was); // ISO text is accepted as a date
  });
  test('on 2024-04-20 the subsidy changes at block 840 000 (00:09:27 UTC), not at midnight', () => {
    expect(F.blockSubsidy(45402)).toBe(6.25); // midnight: 9 minutes before the block
    expect(F.blockSubsidy(45402 + 15 / 1440)).toBe(3.125); // 00:15
  });
  test('after 2028 the estimated 5th halving cuts the subsidy to 1.5625', () => {
    expect(F.blockSubsidy(day('2028-01-01'))).toBe(3.125);
    expect(F.blockSubsidy(day('2028-06-01'))).toBe(1.5625);
  });
  test('a date before the genesis block is #NUM!', () => {
    expect(errorOf(() => F.blockSubsidy(day('2009-01-03'))).code).toBe('#NUM!');
  });

  test('NEXT_HALVING from 2025-06-01 lands mid-April 2028', () => {
    const serial = F.nextHalving(day('2025-06-01'), null);
    // 210 000 blocks of exactly 10 minutes after block 840 000 (2024-04-20 00:09 UTC) is
    // 1 458.33 days later: 2028-04-17 08:09 UTC. Hashrate Index estimated "April 15, 2028"
    // because recent blocks have come faster than 10 minutes while hashrate grew.
    // The engine assumes the block_minutes argument exactly, so it may differ by a few days.
    expect(isoFromSerial(serial)).toBe('2028-04-17');
    expect(Math.abs(serial - day('2028-04-15'))).toBeLessThan(4);
    expect(serial).toBeCloseTo(serialFromUtc(2024, 4, 20, 0, 9, 27) + (210_000 * 10) / 1440, 6);
  });
  test('NEXT_HALVING: faster blocks bring the halving forward in proportion', () => {
    const at10 = F.nextHalving(day('2025-06-01'), 10);
    const at9 = F.nextHalving(day('2025-06-01'), 9.9);
    expect(at9).toBeLessThan(at10);
    expect(at10 - at9).toBeCloseTo((210_000 * 0.1) / 1440, 6);
  });
  test('NEXT_HALVING from a past date returns the recorded halving', () => {
    expect(Math.floor(F.nextHalving(day('2024-01-01'), null))).toBe(45402);
    expect(isoFromSerial(F.nextHalving(day('2019-06-01'), null))).toBe('2020-05-11');
    expect(isoFromSerial(nextHalvingSerial(day('2012-01-01'), 10))).toBe('2012-11-28');
  });
  test('NEXT_HALVING just after a halving returns the one after it (strictly later)', () => {
    const after2028 = F.nextHalving(day('2028-06-01'), 10);
    // block 1 260 000: 420 000 blocks · 10 min = 2 916.67 days after 2024-04-20 00:09 UTC
    expect(after2028).toBeCloseTo(serialFromUtc(2024, 4, 20, 0, 9, 27) + (420_000 * 10) / 1440, 6);
    expect(isoFromSerial(after2028)).toBe('2032-04-14');
  });
});
