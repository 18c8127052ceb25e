/**
 * Defaults derived from other inputs (the catalogue's `derived` rows), applied
 * in one place by the preset store: INPUT returns the value used, INPUT_SOURCE
 * says where it comes from, and a workbook that sets only discount_rate keeps
 * one rate for both sides.
 */
import { CATALOGUE, DERIVED_SPECS } from '../../src/engine/catalogue';
import * as F from '../../src/functions/functions';
import { PresetStore } from '../../src/presets/store';
import { store } from '../../src/presets/bundled';
import { one, ov } from '../support/excel';

const input = (t: string, name: string, o?: Record<string, number | string>) => F.input(t, name, (o ? ov(o) : null) as never) as number;
const source = (t: string, name: string, o?: Record<string, number | string>) => F.inputSource(t, name, (o ? ov(o) : null) as never);

describe('the rules are data in the catalogue', () => {
  test('each derived row names an input that exists, and its text says what it derives from', () => {
    expect(DERIVED_SPECS.map((s) => s.name).sort()).toEqual(['ai_discount_rate', 'ai_opex_escalator', 'asic_price_w', 'mining_discount_rate', 'releasing_capex_mw_it', 'renewal_rate_kw_month']);
    for (const s of DERIVED_SPECS) {
      expect(CATALOGUE.some((c) => c.name === s.derived!.from)).toBe(true);
      expect(s.derived!.text).toContain(s.derived!.fromMarket ? 'lease_rate_kw_month' : s.derived!.from);
    }
  });
  test('no basis text leans on a document outside the repository', () => {
    for (const s of CATALOGUE) expect(s.basis).not.toMatch(/MODEL\.md|DATA\.md|FUNCTIONS\.md|shared\/design/);
  });
});

describe('discount_rate as a shortcut for both sides', () => {
  test('not set: the sides keep their own defaults (AI 9 %, mining 15 %)', () => {
    expect(input('', 'ai_discount_rate')).toBe(0.09);
    expect(input('', 'mining_discount_rate')).toBe(0.15);
    expect(source('', 'ai_discount_rate')).toMatch(/^market default/);
  });
  test('set as an override: both sides use it, and INPUT_SOURCE says so', () => {
    expect(input('', 'ai_discount_rate', { discount_rate: 0.12 })).toBe(0.12);
    expect(input('RIOT', 'mining_discount_rate', { discount_rate: 0.12 })).toBe(0.12);
    expect(source('', 'ai_discount_rate', { discount_rate: 0.12 })).toMatch(/^derived from discount_rate = 0.12 \(discount_rate: override\)/);
  });
  test('a side rate that is set wins over discount_rate', () => {
    expect(input('', 'ai_discount_rate', { discount_rate: 0.12, ai_discount_rate: 0.07 })).toBe(0.07);
    expect(input('', 'mining_discount_rate', { discount_rate: 0.12, ai_discount_rate: 0.07 })).toBe(0.12);
  });
  test('npv_delta with only discount_rate set equals both side rates set to it', () => {
    const a = one(F.hashVsLease('RIOT', 'npv_delta', ov({ discount_rate: 0.11 })));
    const b = one(F.hashVsLease('RIOT', 'npv_delta', ov({ ai_discount_rate: 0.11, mining_discount_rate: 0.11 })));
    expect(a).toBe(b);
  });
  test('set in the workbook table: both sides follow it; the rest of the table changes nothing', () => {
    const s = new PresetStore([store.preset('RIOT')!]);
    const before = s.resolve('RIOT', null) as Record<string, number>;
    // the table repeats every market value in each ticker's row (src/taskpane/presetTable.ts layerOf)
    const row = new Map(CATALOGUE.map((c) => [c.name, c.default] as [string, number | string]));
    for (const [k, f] of Object.entries(store.preset('RIOT')!.fields)) row.set(k, f.value);
    s.setWorkbookLayer(new Map([['RIOT', row]]));
    const same = s.resolve('RIOT', null) as Record<string, number>;
    for (const c of CATALOGUE) expect(same[c.name]).toBe(before[c.name]); // loading the table alone computes what the presets compute
    row.set('discount_rate', 0.12);
    s.setWorkbookLayer(new Map([['RIOT', row]]));
    const after = s.resolve('RIOT', null) as Record<string, number>;
    expect(after.ai_discount_rate).toBe(0.12);
    expect(after.mining_discount_rate).toBe(0.12);
  });
});

describe('the other derived defaults', () => {
  test('releasing_capex_mw_it = 0.30 × ai_capex_mw_it, the company\'s or the override\'s', () => {
    expect(input('', 'releasing_capex_mw_it')).toBe(3_000_000);
    // riot.json's AMD deal: ai_capex_mw_it 3.59 M USD per IT MW (1 077 000 × 0.30)
    const amd = { tranche: 'amd-rockdale' };
    expect(input('RIOT', 'releasing_capex_mw_it', amd)).toBeCloseTo(0.3 * input('RIOT', 'ai_capex_mw_it', amd), 6);
    expect(input('', 'releasing_capex_mw_it', { ai_capex_mw_it: 12e6 })).toBeCloseTo(3.6e6, 6);
    expect(source('RIOT', 'releasing_capex_mw_it', amd)).toMatch(/derived from 0.30 × ai_capex_mw_it = 1077000 \(ai_capex_mw_it: tranche\)/);
  });
  test('ai_opex_escalator = lease_escalator unless set', () => {
    expect(input('RIOT', 'ai_opex_escalator')).toBe(input('RIOT', 'lease_escalator'));
    expect(input('', 'ai_opex_escalator', { lease_escalator: 0.04 })).toBe(0.04);
    expect(input('', 'ai_opex_escalator', { lease_escalator: 0.04, ai_opex_escalator: 0 })).toBe(0);
  });
  test('renewal_rate_kw_month is today\'s market rent, not the tenant\'s contract rent', () => {
    // riot.json amd-rockdale: a starting rent of 92.53 USD/kW-month; re-letting is at the market's 135
    const amd = { tranche: 'amd-rockdale' };
    expect(input('RIOT', 'lease_rate_kw_month', amd)).toBeCloseTo(92.53, 6);
    expect(input('RIOT', 'renewal_rate_kw_month', amd)).toBe(135);
    expect(input('', 'renewal_rate_kw_month', { lease_rate_kw_month: 200 })).toBe(135); // an override of the contract rent is not the market
    expect(source('RIOT', 'renewal_rate_kw_month')).toContain('market default');
  });
  test('asic_price_w from asic_price_th at the fleet\'s J/TH only where the per-TH price is set', () => {
    expect(input('RIOT', 'asic_price_w')).toBe(1);
    expect(input('RIOT', 'asic_price_w', { asic_price_th: 16 })).toBeCloseTo(16 / 20.5, 12);
    expect(input('RIOT', 'asic_price_w', { asic_price_th: 16, asic_price_w: 0.9 })).toBe(0.9);
  });
  test('SENSITIVITY over a source re-derives per cell: a grid over ai_capex_mw_it moves the re-letting capex with it', () => {
    const g = F.sensitivity('', 'MINER_AI_YIELD', 'npv', 'ai_capex_mw_it', [[8e6, 12e6]], 'lease_rate_kw_month', [[135]]);
    const direct = one(F.minerAiYield('', 'npv', ov({ ai_capex_mw_it: 12e6 })));
    expect(g[1][2]).toBeCloseTo(direct, 4);
  });
});
