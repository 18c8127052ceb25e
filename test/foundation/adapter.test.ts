/**
 * The argument adapter: what Excel passes becomes what the engine takes, and
 * every failure is a labelled Excel error (never an exception, NaN or Infinity).
 */
import * as F from '../../src/functions/functions';
import { errorOf } from '../support/excel';
import { inputSpec } from '../../src/engine/catalogue';

// worked figure (docs/model.md): 144 · 3.155 · 100 000 / 1 100 000 = 41.30 USD/PH/day
const WORKED = (144 * 3.155 * 100000) / 1100000;

describe('Excel argument conventions', () => {
  test('omitted optional arguments arrive as null and take the documented default', () => {
    expect(F.hashprice(100000, 1100, null, 3.125)).toBe(F.hashprice(100000, 1100, inputSpec('fees_btc_per_block')!.default, 3.125));
    expect(F.hashVsLease(null, null, null as never)).toEqual(F.hashVsLease('', 'delta', [] as never));
  });

  test('a 1×1 range is a scalar', () => {
    expect(F.hashprice([[100000]], [[1100]], [[0.03]], [[3.125]])).toBeCloseTo(WORKED, 10);
  });

  test('a larger range where one value is needed is #VALUE! naming the argument', () => {
    const e = errorOf(() => F.hashprice([[1, 2]], 1100));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('btc_price');
    expect(e.message).toContain('1×2');
  });

  test('numeric text and booleans coerce as in Excel; other text is #VALUE! naming the argument and what was given', () => {
    expect(F.hashprice('100000', '1100', '0.03', '3.125')).toBeCloseTo(WORKED, 10);
    const e = errorOf(() => F.hashprice(100000, 'lots'));
    expect(e).toEqual({ code: '#VALUE!', message: expect.stringMatching(/network_eh.*"lots"/) });
  });

  test('an out-of-range argument is #VALUE! naming the value and the allowed range', () => {
    const e = errorOf(() => F.coloRevenue(150, 1.25, 1.5));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toMatch(/occupancy was 1.5; allowed: a number from 0 to 1/);
    expect(errorOf(() => F.costPerBtc(-5, 17.5, 1100)).message).toMatch(/power_price_mwh was -5/);
  });

  test('a missing required argument is #N/A saying which input to set', () => {
    const e = errorOf(() => F.dealRate(8.7e9, null, 500));
    expect(e).toEqual({ code: '#N/A', message: expect.stringContaining('term_years is required') });
  });
});

describe('overrides', () => {
  const delta = (...ov: unknown[][][]) => F.hashVsLease('', 'delta', ov as never)[0][0];

  test('name/value pairs, a two-column range, a 1×2 row, and both together agree', () => {
    const pairs = delta([['btc_price']], [[120000]], [['pue']], [[1.2]]);
    expect(delta([['btc_price', 120000], ['pue', 1.2]])).toBe(pairs);
    expect(delta([['btc_price', 120000]], [['pue']], [[1.2]])).toBe(pairs);
    expect(pairs).not.toBe(delta());
  });

  test('names are case-insensitive; blank rows and blank values keep the default', () => {
    expect(delta([['BTC_Price', 120000], [null, null], ['pue', '']])).toBe(delta([['btc_price']], [[120000]]));
  });

  test('a name given twice is #VALUE!, never a silent pick', () => {
    const e = errorOf(() => F.hashVsLease('', 'delta', [[['btc_price', 1]], [['BTC_PRICE']], [[2]]] as never));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('twice');
  });

  test('an unknown name is #VALUE! with "did you mean"', () => {
    const e = errorOf(() => F.hashVsLease('', 'delta', [[['btc_prise']], [[1]]] as never));
    expect(e.message).toMatch(/did you mean "btc_price"/);
  });

  test('a name without a value is #VALUE!', () => {
    expect(errorOf(() => F.hashVsLease('', 'delta', [[['btc_price']]] as never)).message).toContain('pairs');
  });

  test('a range that is not two columns is #VALUE! with its shape', () => {
    expect(errorOf(() => F.hashVsLease('', 'delta', [[['a', 2, 3], ['b', 5, 6], ['c', 8, 9]]] as never)).message).toContain('3×3');
  });

  test('ai_mode takes "colo" or "cloud" in any case', () => {
    const cloud = F.aiEconomics('', 'gpus', [[['ai_mode', 'CLOUD']]] as never)[0][0];
    expect(cloud).toBeGreaterThan(0);
    expect(errorOf(() => F.aiEconomics('', 'gpus', [[['ai_mode', 'rent']]] as never)).message).toMatch(/"colo", "cloud"/);
  });
});

describe('the precedence chain', () => {
  test('an override wins over the company preset, which wins over the market default', () => {
    const market = F.input('', 'power_price_mwh');
    const riot = F.input('RIOT', 'power_price_mwh');
    expect(typeof riot).toBe('number');
    expect(F.input('RIOT', 'power_price_mwh', [[['power_price_mwh', 77]]] as never)).toBe(77);
    expect(F.inputSource('RIOT', 'power_price_mwh', [[['power_price_mwh', 77]]] as never)).toMatch(/^override/);
    expect(F.inputSource('RIOT', 'power_price_mwh')).toMatch(/^preset RIOT/);
    expect(F.inputSource('', 'power_price_mwh')).toMatch(/^market default/);
    expect(market).toBe(45);
  });
});
