/**
 * PROJECTION: the monthly table behind npv_delta (docs/scenarios.md).
 */
import * as F from '../../src/functions/functions';
import { serialFromUtc } from '../../src/engine/dates';
import { errorOf, one, ov } from '../support/excel';

const COLUMNS = ['date', 'subsidy', 'network', 'hashprice', 'mining EBITDA', 'AI EBITDA', 'cumulative delta'];

describe('PROJECTION shape', () => {
  test('a header row, then one row per month: the valuation horizon by default', () => {
    const t = F.projection('', null, null as never);
    // terminal_method "renewal": 12 months' build + 10-year lease + 10 post-term years = 252 months
    expect(t.length).toBe(253);
    expect(t[0].length).toBe(7);
    COLUMNS.forEach((c, i) => expect(String(t[0][i])).toContain(c));
    for (const row of t.slice(1)) {
      expect(row.length).toBe(7);
      for (const v of row) expect(Number.isFinite(v)).toBe(true);
    }
  });

  test('months sets the number of rows; with terminal_method "none", horizon_years sets the default', () => {
    expect(F.projection('', 24, null as never).length).toBe(25);
    expect(F.projection('', null, ov({ horizon_years: 3, terminal_method: 'none' })).length).toBe(37);
    expect(F.projection('', null, ov({ terminal_method: 'cap_rate' })).length).toBe(12 + 120 + 1);
    // iren.json's book from its first build start (Microsoft's first 50 MW on 2026-03-31 less 12 build months): the last
    // delivery (NVIDIA, 2027-03-31) 24 months on, then the GPUs' 5-year life, then the post-term years
    expect(F.projection('IREN', null, null as never).length).toBe(24 + 60 + 120 + 1);
    // one tranche: Microsoft's four quarterly deliveries end 21 months after its build start
    expect(F.projection('IREN', null, ov({ tranche: 'microsoft-horizon' })).length).toBe(21 + 60 + 120 + 1);
  });

  test('dates start in the first month after the valuation date and step by about a month', () => {
    const t = F.projection('', 3, ov({ valuation_date: 46023 })); // 2026-01-01
    expect(t[1][0]).toBe(46038); // mid-January: 46023 + 0.5 × 30.4375, whole days
    expect((t[2][0] as number) - (t[1][0] as number)).toBeGreaterThanOrEqual(30);
    expect((t[2][0] as number) - (t[1][0] as number)).toBeLessThanOrEqual(31);
  });

  test('months outside 1–600, or not whole, are #VALUE! naming the argument and the range', () => {
    for (const bad of [0, 601, 12.5, 'twelve']) {
      const e = errorOf(() => F.projection('', bad, null as never));
      expect(e.code).toBe('#VALUE!');
      expect(e.message).toContain('months');
    }
    expect(errorOf(() => F.projection('', 601, null as never)).message).toContain('600');
    expect(F.projection('', 600, null as never).length).toBe(601);
  });

  test('an unknown ticker is #N/A listing the tickers; a bad override is #VALUE! with did-you-mean', () => {
    const e = errorOf(() => F.projection('NOPE', 12, null as never));
    expect(e.code).toBe('#N/A');
    expect(e.message).toContain('RIOT');
    const o = errorOf(() => F.projection('', 12, ov({ btc_prize: 1 })));
    expect(o.code).toBe('#VALUE!');
    expect(o.message).toContain('did you mean "btc_price"');
  });
});

describe('PROJECTION content', () => {
  test('the halving shows on its month: subsidy 3.125 → 1.5625 around April 2028', () => {
    // 5th halving = block 1 050 000: the 4th (block 840 000, 2024-04-20 00:09:27 UTC)
    // plus 210 000 blocks × 10 minutes = 1 458.33 days → 2028-04-17 (block_minutes 10).
    const halving = serialFromUtc(2024, 4, 20, 0, 9, 27) + (210000 * 10) / 1440;
    const t = F.projection('', 60, ov({ valuation_date: 46023, fees_btc_per_block: 0.03 })).slice(1);
    const k = t.findIndex((r) => r[1] === 1.5625);
    expect(k).toBeGreaterThan(0);
    expect(t[k - 1][1]).toBe(3.125);
    expect(t.slice(0, k).every((r) => r[1] === 3.125)).toBe(true);
    expect(t.slice(k).every((r) => r[1] === 1.5625)).toBe(true);
    // the first month valued after the halving, and its month is April or May 2028
    expect(t[k - 1][0] as number).toBeLessThanOrEqual(halving + 1);
    expect(t[k][0] as number).toBeGreaterThan(halving - 1);
    expect(t[k][0] as number).toBeLessThan(halving + 31);
    expect(t[k][0] as number).toBeGreaterThan(serialFromUtc(2028, 4, 1));
    // hashprice halves (less the fee share) from one month to the next: (1.5625 + 0.03) / (3.125 + 0.03) ≈ 0.505,
    // times one month of price growth (+10 %/yr) over that month's network growth (read from the table)
    const step = (t[k][3] as number) / (t[k - 1][3] as number);
    const growth = Math.pow(1.1, 1 / 12) / ((t[k][2] as number) / (t[k - 1][2] as number));
    expect(step).toBeCloseTo((1.5625 + 0.03) / (3.125 + 0.03) * growth, 10);
  });

  test('with no growth, a hashing month earns a twelfth of MINING_ECONOMICS ebitda, and AI a twelfth of AI_ECONOMICS ebitda after the build', () => {
    const o = ov({ btc_price_growth_yr: 0, hashrate_growth_yr: 0, valuation_date: 46023, build_months: 6, lease_rate_kw_month: 150, lease_escalator: 0.03, ai_opex_escalator: 0 });
    const t = F.projection('', 30, o).slice(1);
    const miningYr = one(F.miningEconomics('', 'ebitda', o));
    const aiYr = one(F.aiEconomics('', 'ebitda', o));
    expect(t[0][4] as number).toBeCloseTo(miningYr / 12, 6);
    for (let m = 0; m < 6; m++) expect(t[m][5]).toBe(0); // building: no AI revenue
    expect(t[6][5] as number).toBeCloseTo(aiYr / 12, 6);
    // rent escalates once a year from the first rent month (3 % here), opex does not (ai_opex_escalator 0):
    // worked colo figure: revenue 1 440 000, opex 0.8 · 100 000 = 80 000 per gross MW per year
    expect(aiYr).toBeCloseTo(1_360_000, 6);
    expect(t[17][5] as number).toBeCloseTo(1_360_000 / 12, 6);
    expect(t[18][5] as number).toBeCloseTo((1_440_000 * 1.03 - 80_000) / 12, 6);
  });

  test('the network grows at hashrate_growth_yr while hashprice is 50 % or more above the marginal fleet\'s breakeven', () => {
    // 1000 EH/s at 100 000 USD: hashprice ~45 USD/PH/day against a breakeven of ~31.7: response 0.84 at first;
    // with a BTC price of 300 000 the response is 1 for two years: the full 20 %
    const t = F.projection('', 25, ov({ hashrate_growth_yr: 0.2, network_hashrate_eh: 1000, btc_price: 300_000 })).slice(1);
    expect((t[24][2] as number) / (t[12][2] as number)).toBeCloseTo(1.2, 10);
    expect(t[0][2] as number).toBeCloseTo(1000 * Math.pow(1.2, 0.5 / 12), 8); // mid-month
  });

  test('the last cumulative delta equals npv_delta at zero discount rates with no terminal value (same cash flows, undiscounted)', () => {
    for (const ticker of ['', 'RIOT', 'IREN']) {
      const o = ov({ ai_discount_rate: 0, mining_discount_rate: 0, residual_spread: 0, terminal_method: 'none', horizon_years: 12 });
      const t = F.projection(ticker, null, o);
      const last = t[t.length - 1][6] as number;
      const npv = one(F.hashVsLease(ticker, 'npv_delta', o));
      expect(last).toBeCloseTo(npv, 3);
    }
  });

  test('the cumulative delta falls by the monthly capex during the build (AI spends, earns nothing)', () => {
    // colo capex per gross MW = (1 / pue) · ai_capex_mw_it = 0.8 · 10 M = 8 M (worked colo figure), over 12 months
    const t = F.projection('', 12, ov({ build_months: 12 })).slice(1);
    expect(t[0][6] as number).toBeCloseTo(-8_000_000 / 12, 6);
    expect(t[11][6] as number).toBeCloseTo(-8_000_000, 4);
  });
});
