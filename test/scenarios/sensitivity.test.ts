/**
 * SENSITIVITY: a model function's scalar metric over a grid of two inputs
 * (docs/functions.md, "Scenarios and risk").
 */
import * as F from '../../src/functions/functions';
import { errorOf, one, ov } from '../support/excel';

const X = [[80000, 100000, 120000]]; // btc_price across the top (an array constant {…,…,…})
const Y = [[120], [150], [180]]; // lease_rate_kw_month down the side ({…;…;…})

describe('SENSITIVITY grid', () => {
  test('x values across the top row, y values down the first column, a label top-left', () => {
    const g = F.sensitivity('RIOT', 'HASH_VS_LEASE', 'npv_delta', 'btc_price', X, 'lease_rate_kw_month', Y);
    expect(g.length).toBe(4);
    expect(g[0].slice(1)).toEqual([80000, 100000, 120000]);
    expect(g.slice(1).map((r) => r[0])).toEqual([120, 150, 180]);
    expect(String(g[0][0])).toContain('npv_delta');
    expect(String(g[0][0])).toContain('btc_price');
    expect(String(g[0][0])).toContain('lease_rate_kw_month');
  });

  test('each cell is the model function called with those two values as overrides', () => {
    const g = F.sensitivity('RIOT', 'HASH_VS_LEASE', 'npv_delta', 'btc_price', X, 'lease_rate_kw_month', Y, ov({ discount_rate: 0.12 }));
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const direct = one(F.hashVsLease('RIOT', 'npv_delta', ov({ discount_rate: 0.12, btc_price: X[0][j], lease_rate_kw_month: Y[i][0] })));
        expect(g[i + 1][j + 1]).toBe(direct);
      }
    }
  });

  test('works for every model function, with ranges given as a row or a column', () => {
    const g1 = F.sensitivity('', 'MINER_AI_YIELD', 'yield', 'pue', [[1.2], [1.3]], 'ai_capex_mw_it', [[8e6, 12e6]]);
    expect(g1[2][1]).toBeCloseTo(one(F.minerAiYield('', 'yield', ov({ pue: 1.2, ai_capex_mw_it: 12e6 }))), 12);
    const g2 = F.sensitivity('', 'mining_economics', 'cost_per_btc', 'power_price_mwh', [[30, 60]], 'efficiency_j_th', [[15], [25]]);
    expect(g2[1][2]).toBeCloseTo(one(F.miningEconomics('', 'cost_per_btc', ov({ power_price_mwh: 60, efficiency_j_th: 15 }))), 8);
    const g3 = F.sensitivity('', 'BTCAI.AI_ECONOMICS', 'ebitda', 'ai_mode', [['colo', 'cloud']], 'pue', [[1.25]]);
    expect(g3[0].slice(1)).toEqual(['colo', 'cloud']);
    expect(g3[1][2]).toBeCloseTo(one(F.aiEconomics('', 'ebitda', ov({ ai_mode: 'cloud', pue: 1.25 }))), 8);
  });

  test('blank metric takes the function default; blank cells in an axis range are skipped', () => {
    const g = F.sensitivity('', 'HASH_VS_LEASE', null, 'btc_price', [[90000, null, 110000]], 'pue', [[1.2], ['']]);
    expect(g.length).toBe(2);
    expect(g[0].slice(1)).toEqual([90000, 110000]);
    expect(g[1][1]).toBeCloseTo(one(F.hashVsLease('', 'delta', ov({ btc_price: 90000, pue: 1.2 }))), 8);
  });

  test('a cell whose metric does not exist shows its error code as text and the grid still spills', () => {
    // ratio is #NUM! where mining EBITDA ≤ 0 (docs/model.md): at 20 000 USD/BTC mining loses money
    const g = F.sensitivity('', 'HASH_VS_LEASE', 'ratio', 'btc_price', [[20000, 100000]], 'power_price_mwh', [[45]]);
    expect(g[1][1]).toBe('#NUM!');
    expect(typeof g[1][2]).toBe('number');
  });
});

describe('SENSITIVITY errors', () => {
  const call = (over: Partial<Record<'fn' | 'metric' | 'xn' | 'xv' | 'yn' | 'yv', unknown>>, overrides?: never) =>
    errorOf(() =>
      F.sensitivity(
        '',
        'fn' in over ? over.fn : 'HASH_VS_LEASE',
        'metric' in over ? over.metric : 'npv_delta',
        'xn' in over ? over.xn : 'btc_price',
        ('xv' in over ? over.xv : X) as never,
        'yn' in over ? over.yn : 'lease_rate_kw_month',
        ('yv' in over ? over.yv : Y) as never,
        overrides,
      ),
    );

  test('a table metric is #VALUE! (the grid needs one number per cell)', () => {
    const e = call({ metric: 'table' });
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('table');
    expect(call({ fn: 'MINER_AI_YIELD', metric: 'cash_flows' }).code).toBe('#VALUE!');
  });

  test('unknown function, metric or input names are #VALUE! with did-you-mean', () => {
    expect(call({ fn: 'HASH_VS_LEAS' }).message).toContain('did you mean "HASH_VS_LEASE"');
    expect(call({ metric: 'npv_delt' }).message).toContain('did you mean "npv_delta"');
    expect(call({ xn: 'btc_prce' }).message).toContain('did you mean "btc_price"');
    const e = call({ yn: 'lease_rate' });
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('did you mean "lease_rate_kw_month"');
  });

  test('a value outside the input range is #VALUE! naming the axis, the value and the allowed range', () => {
    const e = call({ xn: 'uptime', xv: [[0.9, 1.5]] });
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('x_values');
    expect(e.message).toContain('1.5');
    expect(e.message).toContain('0 to 1');
    expect(call({ yv: [['cheap']] }).message).toContain('y_values');
  });

  test('a 2-D block of values, an empty axis, or the same input twice is #VALUE!', () => {
    expect(call({ xv: [[1, 2], [3, 4]] }).message).toContain('2×2');
    expect(call({ xv: [[null, null]] }).message).toContain('x_values is empty');
    expect(call({ yn: 'BTC_PRICE', yv: [[1]] }).message).toContain('both btc_price');
  });

  test('an axis input also given as an override is #VALUE!, never a silent pick', () => {
    const e = call({}, ov({ btc_price: 90000 }));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('btc_price');
    expect(e.message).toContain('override');
  });

  test('more than 10 000 cells is #VALUE! saying the cap; 100 × 100 is allowed', () => {
    const row = (n: number) => [Array.from({ length: n }, (_, i) => 50000 + i * 100)];
    const col = (n: number) => Array.from({ length: n }, (_, i) => [100 + i]);
    const e = call({ fn: 'MINING_ECONOMICS', metric: 'ebitda', xv: row(101), yn: 'power_price_mwh', yv: col(100) });
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('10000');
    const g = F.sensitivity('', 'MINING_ECONOMICS', 'ebitda', 'btc_price', row(100), 'power_price_mwh', col(100));
    expect(g.length).toBe(101);
    expect(g[0].length).toBe(101);
  });
});
