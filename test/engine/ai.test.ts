/**
 * AI hosting per gross MW per year: the colocation worked figure (docs/engine.md), the
 * cloud formulas, and DEAL_RATE's average on the public deals (docs/valuation.md lists them;
 * the starting-rent form is tested in lease.test.ts).
 */
import { defaultInputs } from '../../src/engine/catalogue';
import { AiParams, coloPerMwYear, cloudPerMwYear, dealRateKwMonth } from '../../src/engine/ai';
import * as F from '../../src/functions/functions';
import { errorOf as excelError, one } from '../support/excel';

function ov(...pairs: (string | number)[]): (string | number)[][][] {
  return pairs.map((x) => [[x]]);
}
const NONE = null as never;

// Worked figure: pue 1.25, 150 USD/kW-mo, full occupancy, pass-through, opex 100 000
// per IT MW → IT MW 0.8, revenue 1 440 000, EBITDA 1 360 000; capex at 10 M per IT MW = 8 M; yield 17.0 %.
const COLO: AiParams = { ...(defaultInputs() as unknown as AiParams), ai_mode: 'colo', pue: 1.25, lease_rate_kw_month: 150, occupancy: 1, power_pass_through: 1, ai_opex_mw_it_yr: 100_000, ai_capex_mw_it: 10_000_000, tenant_capex_share: 0 };

describe('colocation worked figure', () => {
  const r = coloPerMwYear(COLO);
  test('engine: IT MW 0.8, revenue 1 440 000, EBITDA 1 360 000, capex 8 M, yield 17.0 %', () => {
    expect(r.itMw).toBeCloseTo(0.8, 12);
    expect(r.revenueUsdYr).toBeCloseTo(1_440_000, 6);
    expect(r.ebitdaUsdYr).toBeCloseTo(1_360_000, 6);
    expect(r.capexUsd).toBeCloseTo(8_000_000, 4);
    expect(r.yieldOnCost).toBeCloseTo(0.17, 10);
  });
  // the market defaults are the worked figure's inputs except the starting rent (135, not 150)
  test('AI_ECONOMICS("", …, "lease_rate_kw_month", 150) is the worked figure', () => {
    const o = ov('lease_rate_kw_month', 150);
    expect(one(F.aiEconomics('', 'it_mw', o))).toBeCloseTo(0.8, 12);
    expect(one(F.aiEconomics('', 'revenue', o))).toBeCloseTo(1_440_000, 6);
    expect(one(F.aiEconomics('', null, o))).toBeCloseTo(1_360_000, 6);
    expect(one(F.aiEconomics('', 'capex', o))).toBeCloseTo(8_000_000, 4);
    expect(one(F.aiEconomics('', 'yield', o))).toBeCloseTo(0.17, 10);
    // at the default starting rent of 135: revenue 0.8 · 1000 · 135 · 12 = 1 296 000, EBITDA 1 216 000, yield 15.2 %
    expect(one(F.aiEconomics('', 'ebitda', NONE))).toBeCloseTo(1_216_000, 6);
  });
  test('MINER_AI_YIELD("") default metric is the yield; revenue/ebitda/capex scale with convert_mw', () => {
    expect(one(F.minerAiYield('', null, ov('lease_rate_kw_month', 150)))).toBeCloseTo(0.17, 10);
    expect(one(F.minerAiYield('', null, NONE))).toBeCloseTo(0.152, 10);
    expect(one(F.minerAiYield('', 'revenue_per_mw', NONE))).toBeCloseTo(1_296_000, 6);
    const o = ov('convert_mw', 25);
    expect(one(F.minerAiYield('', 'revenue', o))).toBeCloseTo(25 * 1_296_000, 4);
    expect(one(F.minerAiYield('', 'ebitda', o))).toBeCloseTo(25 * 1_216_000, 4);
    expect(one(F.minerAiYield('', 'capex', o))).toBeCloseTo(25 * 8_000_000, 2);
    expect(one(F.minerAiYield('', 'yield', o))).toBeCloseTo(0.152, 10); // yield does not depend on size
  });
  test('COLO_REVENUE(150, 1.25, 1) → 1 440 000; omitted pue and occupancy take the defaults', () => {
    expect(F.coloRevenue(150, 1.25, 1)).toBeCloseTo(1_440_000, 6);
    expect(F.coloRevenue(150, null, null)).toBeCloseTo(1_440_000, 6);
  });
  test('the landlord pays power only without pass-through: 8 760 · load_factor · price', () => {
    const r0 = coloPerMwYear({ ...COLO, power_pass_through: 0, load_factor: 0.8, power_price_mwh: 45 });
    expect(r0.powerCostUsdYr).toBeCloseTo(8760 * 0.8 * 45, 6);
    expect(r0.ebitdaUsdYr).toBeCloseTo(1_360_000 - 8760 * 0.8 * 45, 6);
  });
  test('tenant-funded capex lowers the landlord capex and raises the yield', () => {
    const half = coloPerMwYear({ ...COLO, tenant_capex_share: 0.5 });
    expect(half.capexUsd).toBeCloseTo(4_000_000, 4);
    expect(half.yieldOnCost).toBeCloseTo(0.34, 10);
  });
  test('higher lease rate raises AI EBITDA and yield', () => {
    expect(one(F.aiEconomics('', 'yield', ov('lease_rate_kw_month', 160)))).toBeGreaterThan(one(F.aiEconomics('', 'yield', ov('lease_rate_kw_month', 140))));
  });
});

describe('GPU cloud formulas', () => {
  const p: AiParams = { ...COLO, ai_mode: 'cloud', gpu_hour_rate: 2.5, kw_per_gpu: 1.8, utilization: 0.85, gpu_capex: 50_000, gpu_life_years: 5, cloud_opex_pct: 0.15, load_factor: 0.8, power_price_mwh: 45, facility_life_years: 20 };
  const r = cloudPerMwYear(p);
  test('GPUs = IT MW · 1000 / kW per GPU; revenue = GPUs · rate · 8 760 · utilization', () => {
    expect(r.gpus).toBeCloseTo(800 / 1.8, 10);
    expect(r.revenueUsdYr).toBeCloseTo((800 / 1.8) * 2.5 * 8760 * 0.85, 6);
    expect(F.gpuCloudRevenue(2.5, 1.8, 0.85, 1.25)).toBeCloseTo(r.revenueUsdYr, 6);
  });
  test('EBITDA = revenue · (1 − opex %) − power; capex = GPUs · gpu_capex + IT MW · facility capex', () => {
    expect(r.ebitdaUsdYr).toBeCloseTo(r.revenueUsdYr * 0.85 - 8760 * 0.8 * 45, 6);
    expect(r.capexUsd).toBeCloseTo((800 / 1.8) * 50_000 + 0.8 * 10_000_000, 4);
    expect(r.depreciationUsdYr).toBeCloseTo(((800 / 1.8) * 50_000) / 5 + (0.8 * 10_000_000) / 20, 4);
  });
  test('AI_ECONOMICS with ai_mode "cloud" switches the model', () => {
    expect(one(F.aiEconomics('', 'gpus', ov('ai_mode', 'cloud')))).toBeCloseTo(800 / 1.8, 10);
    expect(one(F.aiEconomics('', 'gpus', NONE))).toBe(0);
    expect(one(F.aiEconomics('', 'ebitda', ov('ai_mode', 'CLOUD')))).toBeCloseTo(r.ebitdaUsdYr, 6); // choices are case-insensitive
  });
  test('an unknown ai_mode is #VALUE! naming the choices', () => {
    const e = excelError(() => F.aiEconomics('', 'ebitda', ov('ai_mode', 'gpu')));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('ai_mode');
    expect(e.message).toContain('"colo"');
    expect(e.message).toContain('"cloud"');
  });
});

describe('DEAL_RATE without an escalator: the average rate of public lease deals', () => {
  // Core Scientific / CoreWeave, 8.7 B USD over 12 years for ~500 MW critical IT → ~120.8 USD/kW-month
  test('Core Scientific / CoreWeave: 8.7 B, 12 y, 500 MW → 120.8', () => {
    expect(dealRateKwMonth(8.7e9, 12, 500)).toBeCloseTo(120.83, 2);
    expect(F.dealRate(8.7e9, 12, 500)).toBeCloseTo(120.83, 2);
  });
  // TeraWulf / Fluidstack 3.7 B over 10 years for 200 MW → ~154; Cipher / AWS 5.5 B, 15 y, 300 MW → ~102
  test('TeraWulf / Fluidstack → ~154 and Cipher / AWS → ~102', () => {
    expect(F.dealRate(3.7e9, 10, 200)).toBeCloseTo(154.2, 1);
    expect(F.dealRate(5.5e9, 15, 300)).toBeCloseTo(101.9, 1);
  });
  test('DEAL_RATE with zero MW or zero years is #VALUE! naming the argument (not a division by zero)', () => {
    const e = excelError(() => F.dealRate(8.7e9, 12, 0));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('it_mw');
    expect(excelError(() => F.dealRate(8.7e9, 0, 500)).message).toContain('term_years');
  });
  test('DEAL_RATE with text is #VALUE!; with a missing argument #N/A naming it', () => {
    expect(excelError(() => F.dealRate('8.7 billion', 12, 500)).code).toBe('#VALUE!');
    const e = excelError(() => F.dealRate(8.7e9, null, 500));
    expect(e.code).toBe('#N/A');
    expect(e.message).toContain('term_years');
  });
});
