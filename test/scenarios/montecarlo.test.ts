/**
 * LEASE_WIN_PROB / LEASE_NPV_PERCENTILES and the Monte Carlo engine behind them
 * (docs/scenarios.md).
 */
import * as F from '../../src/functions/functions';
import { defaultInputs } from '../../src/engine/catalogue';
import { Rng } from '../../src/engine/rng';
import { SimulationParams, SimulationResult, percentileInc, simulateLeaseVsMining } from '../../src/engine/montecarlo';
import { miningTerms, newFleet, stepFleet } from '../../src/engine/cashflows';
import { monthlyFromAnnualRate } from '../../src/engine/finance';
import { NETWORK_LAG_MONTHS, networkGrowthFactor } from '../../src/engine/network';
import { compareWithMining, singleDelivery, valueAi } from '../../src/engine/valuation';
import { isEngineError } from '../../src/engine/errors';
import { errorOf, one, ov } from '../support/excel';

const params = (o: Record<string, number | string> = {}): SimulationParams => ({ ...defaultInputs(), ...o }) as unknown as SimulationParams;
function simulate(p: SimulationParams, opts: Parameters<typeof simulateLeaseVsMining>[1]): SimulationResult {
  const r = simulateLeaseVsMining(p, opts);
  if (isEngineError(r)) throw new Error(r.message);
  return r;
}

/**
 * Standard normal CDF via Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), an
 * implementation independent of the engine's.
 */
function normCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

describe('the random generator', () => {
  test('xoshiro128** matches the reference C implementation from state (1, 2, 3, 4)', () => {
    // Golden: Blackman & Vigna's xoshiro128starstar.c next(), compiled with gcc, s = {1, 2, 3, 4}
    const r = Rng.fromState(1, 2, 3, 4);
    expect([1, 2, 3, 4, 5, 6].map(() => r.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  test('the same seed gives the same stream; different seeds give different streams', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    const c = new Rng(2);
    const xa = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xa);
  });

  test('fillNormals gives the same draws as calling normal() one by one (tail and wedge paths included)', () => {
    const a = new Rng(11);
    const b = new Rng(11);
    const bulk = new Float64Array(50_000);
    a.fillNormals(bulk);
    const single = Float64Array.from({ length: 50_000 }, () => b.normal());
    expect(bulk).toEqual(single);
    expect(bulk.some((x) => Math.abs(x) > 3.442619855899)).toBe(true); // draws from the tail beyond the ziggurat's base
  });

  test('normal tail frequencies match the normal distribution: P(|Z| > 2) and P(Z > 3.5)', () => {
    // P(|Z| > 2) = 0.0455003, P(Z > 3.5) = 2.326e-4 (standard normal table)
    const r = new Rng(5);
    const n = 400_000;
    const z = new Float64Array(n);
    r.fillNormals(z);
    let out2 = 0;
    let above35 = 0;
    for (const x of z) {
      if (Math.abs(x) > 2) out2++;
      if (x > 3.5) above35++;
    }
    const check = (count: number, p: number) => expect(Math.abs(count / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    check(out2, 0.0455003);
    check(above35, 2.326e-4);
  });

  test('normals have mean 0 and variance 1 within 4 standard errors', () => {
    const r = new Rng(7);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n)); // SE of the mean = 1/√n
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n)); // SE of the variance of N(0,1) ≈ √(2/n)
  });
});

describe('the BTC price paths are geometric Brownian motion', () => {
  // T = the last month's mid-point; the GBM's mean is the deterministic path S0 (1 + g)^T
  const sigma = 0.6;
  const p = params({ terminal_method: 'none', horizon_years: 4, btc_price: 100000, btc_price_growth_yr: 0.15 });
  const r = simulate(p, { paths: 40_000, seed: 3, btcVol: sigma, keepTerminalPrice: true });
  const T = r.terminalYears;
  const logs = Array.from(r.terminalBtcPrice!, Math.log);
  const n = logs.length;

  test('terminal year and mean follow the monthly grid', () => {
    expect(T).toBeCloseTo(47.5 / 12, 12);
    expect(r.terminalBtcPriceMean).toBeCloseTo(100000 * Math.pow(1.15, T), 6);
  });

  test('ln S_T has mean ln S0 + T ln(1+g) − σ²T/2 and variance σ²T, within 4 standard errors', () => {
    const mean = logs.reduce((a, b) => a + b, 0) / n;
    const variance = logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    const mu = Math.log(100000) + T * Math.log(1.15) - (sigma * sigma * T) / 2;
    const v = sigma * sigma * T;
    expect(Math.abs(mean - mu)).toBeLessThan(4 * Math.sqrt(v / n));
    expect(Math.abs(variance - v)).toBeLessThan(4 * v * Math.sqrt(2 / (n - 1)));
  });

  test('P(S_T > K) = N(d2) within 3 standard errors, for strikes around the mean', () => {
    for (const k of [60000, 120000, 200000, 400000]) {
      const m = Math.log(100000) + T * Math.log(1.15);
      const d2 = (m - Math.log(k) - (sigma * sigma * T) / 2) / (sigma * Math.sqrt(T));
      const theory = normCdf(d2);
      const share = logs.filter((x) => x > Math.log(k)).length / n;
      expect(Math.abs(share - theory)).toBeLessThan(3 * Math.sqrt((theory * (1 - theory)) / n));
    }
  });
});

describe('the Monte Carlo against the deterministic model', () => {
  test('at zero volatility every path is the deterministic npv_delta, and the probability is 1 or 0 by its sign', () => {
    // the simulation is of one MW on the standard lease (a company's book is HASH_VS_LEASE's default; tranche "standard" is the same MW)
    for (const ticker of ['', 'RIOT', 'IREN', 'CIFR']) {
      const npv = one(F.hashVsLease(ticker, 'npv_delta', ov({ tranche: 'standard' })));
      const pr = one(F.leaseWinProb(ticker, null, 0, 500, null));
      expect(pr).toBe(npv > 0 ? 1 : 0);
      const t = F.leaseNpvPercentiles(ticker, null, 0, 500, null);
      for (const row of t.slice(1, 5)) expect(row[1] as number).toBeCloseTo(npv, 4);
    }
  });

  test('a horizon_years argument compares over that horizon with no terminal value: npv_delta with terminal_method "none"', () => {
    const npv = one(F.hashVsLease('', 'npv_delta', ov({ horizon_years: 5, terminal_method: 'none' })));
    const t = F.leaseNpvPercentiles('', 5, 0, 10, 1);
    expect(t[2][1] as number).toBeCloseTo(npv, 4);
    // omitted, the simulation runs over the valuation horizon, terminal value included
    expect(F.leaseNpvPercentiles('', null, 0, 10, 1)[2][1] as number).toBeCloseTo(one(F.hashVsLease('', 'npv_delta')), 4);
  });

  test('a sure win stays sure and a sure loss stays lost with volatility (lease far above or below mining)', () => {
    expect(one(F.leaseWinProb('', 10, 0.8, 2000, 1, ov({ lease_rate_kw_month: 2000 })))).toBe(1);
    expect(one(F.leaseWinProb('', 10, 0.8, 2000, 1, ov({ lease_rate_kw_month: 20 })))).toBe(0);
  });

  test('a higher lease rate makes the lease more likely to win (the AI side is a fixed contract)', () => {
    const low = one(F.leaseWinProb('', 10, 0.5, 5000, 1, ov({ lease_rate_kw_month: 125 })));
    const high = one(F.leaseWinProb('', 10, 0.5, 5000, 1, ov({ lease_rate_kw_month: 135 })));
    expect(high).toBeGreaterThan(low);
  });

  test('the network answers each path\'s own hashprice: with no base growth the network never moves', () => {
    // hashrate_growth_yr 0: a fixed network, so every path's hashprice is its BTC price over the same network;
    // with growth the network rises on paths where hashprice is high, which caps mining's upside
    const spread = (g: number) => {
      const r = simulate(params({ hashrate_growth_yr: g, terminal_method: 'none', horizon_years: 10 }), { paths: 4000, seed: 5, btcVol: 0.6 });
      const s = Float64Array.from(r.npvDelta).sort();
      return percentileInc(s, 0.95) - percentileInc(s, 0.05);
    };
    expect(spread(0.3)).toBeLessThan(spread(0));
  });

  test('same seed gives the same result; different seeds agree within 4 standard errors', () => {
    const o = ov({ lease_rate_kw_month: 138 }); // a lease near mining's value over 10 years with no terminal value, so the probability is inside (0, 1)
    const a = F.leaseNpvPercentiles('', 10, null, 10000, 1, o);
    const b = F.leaseNpvPercentiles('', 10, null, 10000, 1, o);
    expect(b).toEqual(a);
    const c = F.leaseNpvPercentiles('', 10, null, 10000, 2, o);
    const pa = a[5][1] as number;
    const pc = c[5][1] as number;
    expect(pa).toBeGreaterThan(0.05);
    expect(pa).toBeLessThan(0.95);
    expect(pc).not.toBe(pa);
    const se = Math.hypot(a[6][1] as number, c[6][1] as number);
    expect(Math.abs(pa - pc)).toBeLessThan(4 * se);
    expect(one(F.leaseWinProb('', 10, null, 10000, 1, o))).toBe(pa);
  });
});

describe('LEASE_NPV_PERCENTILES table', () => {
  test('p5 ≤ p50 ≤ p95, and the standard error is sqrt(p(1−p)/n)', () => {
    const t = F.leaseNpvPercentiles('', 10, 0.6, 3000, 9, ov({ lease_rate_kw_month: 138 }));
    expect(t.map((r) => r[0])).toEqual(['npv_delta (AI - mining)', 'p5', 'p50', 'p95', 'mean', 'win_probability', 'standard_error', 'paths', 'seed']);
    const [p5, p50, p95] = [t[1][1], t[2][1], t[3][1]] as number[];
    expect(p5).toBeLessThanOrEqual(p50);
    expect(p50).toBeLessThanOrEqual(p95);
    const p = t[5][1] as number;
    expect(t[6][1] as number).toBeCloseTo(Math.sqrt((p * (1 - p)) / 3000), 15);
    expect(t[7][1]).toBe(3000);
    expect(t[8][1]).toBe(9);
  });

  test('percentiles interpolate like Excel PERCENTILE.INC', () => {
    // PERCENTILE.INC({1,2,3,4,5}, 0.05) = 1 + 0.05 × 4 × (2 − 1) = 1.2 (Excel's documented (n − 1)p rank)
    expect(percentileInc([1, 2, 3, 4, 5], 0.05)).toBeCloseTo(1.2, 12);
    expect(percentileInc([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(percentileInc([1, 2, 3, 4, 5], 1)).toBe(5);
  });
});

describe('LEASE_WIN_PROB arguments', () => {
  test('paths outside 1–200 000 or not whole is #VALUE! naming paths and the cap', () => {
    for (const bad of [0, 200_001, 10.5, 'many']) {
      const e = errorOf(() => F.leaseWinProb('', null, null, bad, null));
      expect(e.code).toBe('#VALUE!');
      expect(e.message).toContain('paths');
    }
    expect(errorOf(() => F.leaseWinProb('', null, null, 200_001, null)).message).toContain('200000');
  });

  test('seed, btc_vol and horizon_years are checked against their ranges', () => {
    expect(errorOf(() => F.leaseWinProb('', null, null, 10, -1)).message).toContain('seed');
    expect(errorOf(() => F.leaseWinProb('', null, 6, 10, 1)).message).toContain('btc_vol');
    expect(errorOf(() => F.leaseWinProb('', 31, null, 10, 1)).message).toContain('horizon_years');
  });

  test('an argument also given as an override is #VALUE!, never a silent pick', () => {
    const e = errorOf(() => F.leaseWinProb('', null, 0.4, 10, 1, ov({ btc_vol: 0.7 })));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('btc_vol');
  });

  test('btc_vol from the overrides is used when the argument is blank', () => {
    const a = F.leaseNpvPercentiles('', null, null, 500, 1, ov({ btc_vol: 0.3 }));
    const b = F.leaseNpvPercentiles('', null, 0.3, 500, 1);
    expect(a).toEqual(b);
  });

  test('an unknown ticker is #N/A', () => {
    expect(errorOf(() => F.leaseWinProb('ZZZ')).code).toBe('#N/A');
  });
});

describe('the fused path loop (normals drawn in the month loop, the fleet in local variables) is the same simulation', () => {
  /**
   * The reference: each path's normals drawn ahead into an array (Rng.fillNormals),
   * the fleet stepped by stepFleet, on the deterministic path and the AI side's value
   * of valueAi + compareWithMining: the simulation as the engine wrote it before the
   * loop was fused. Seeded results must not move by one bit.
   */
  function reference(p: SimulationParams, paths: number, seed: number, sigma: number): Float64Array {
    const ai = valueAi(p, singleDelivery(p.build_months));
    if (isEngineError(ai)) throw new Error(ai.message);
    const cmp = compareWithMining(p, ai);
    const path = cmp.mining;
    const n = path.months;
    const k = 1 / (1 + monthlyFromAnnualRate(p.mining_discount_rate));
    const disc = new Float64Array(n);
    for (let m = 0, d = 1; m < n; m++) disc[m] = d *= k;
    const land = cmp.landValue;
    const landTerm = (ai.terminalValue > land ? ai.terminalValue : land) * ai.horizonDiscount - land * ai.horizonDiscount;
    const t = miningTerms(p);
    const g = path.baseMonthlyGrowth;
    const hp0 = path.hashpriceToday;
    const rng = new Rng(seed);
    const z = new Float64Array(n);
    const hp = new Float64Array(n);
    const out = new Float64Array(paths);
    for (let i = 0; i < paths; i++) {
      rng.fillNormals(z);
      const fleet = newFleet(t);
      let x = 0;
      let net = p.network_hashrate_eh * Math.sqrt(networkGrowthFactor(g, hp0, path.breakevenHashprice[0]));
      let pv = 0;
      for (let m = 0; m < n; m++) {
        x += m === 0 ? -0.5 * sigma * sigma * (0.5 / 12) + sigma * Math.sqrt(0.5 / 12) * z[m] : -0.5 * sigma * sigma * (1 / 12) + sigma * Math.sqrt(1 / 12) * z[m];
        if (m > 0) net *= networkGrowthFactor(g, m >= NETWORK_LAG_MONTHS ? hp[m - NETWORK_LAG_MONTHS] : hp0, path.breakevenHashprice[m]);
        hp[m] = (path.hashpriceNumerator[m] * Math.exp(x)) / net;
        stepFleet(t, fleet, hp[m], path.frontierPh[m]);
        pv += fleet.flow * disc[m] * ai.flows.convertedShare[m];
      }
      out[i] = ai.pvContract + ai.pvResidual - pv + landTerm;
    }
    return out;
  }

  test.each([
    ['generic site, 10 years, no terminal value', { terminal_method: 'none', horizon_years: 10 }, 0.5],
    ['generic site, the valuation horizon', {}, 0.8],
    ['mining near its costs: fleets switch off and are mothballed on some paths', { btc_price: 25_000, power_price_mwh: 70 }, 1.2],
    ['cloud, a prepayment', { ai_mode: 'cloud', prepayment_share: 0.2 }, 0.5],
  ] as const)('%s: every path\'s npv_delta, exactly', (_, o, sigma) => {
    const p = params(o as Record<string, number | string>);
    for (const seed of [1, 2026, 4294967295]) {
      const r = simulate(p, { paths: 600, seed, btcVol: sigma });
      const ref = reference(p, 600, seed, sigma);
      for (let i = 0; i < 600; i++) if (!Object.is(r.npvDelta[i], ref[i])) throw new Error(`seed ${seed}, path ${i}: ${r.npvDelta[i]} against ${ref[i]}`);
    }
  });
});
