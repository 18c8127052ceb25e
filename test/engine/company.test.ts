/**
 * The company engine (src/engine/company.ts) on inputs built here: the capacity
 * ledger never holds a gross MW in two uses in a month, the diluted share count
 * is the fixed point P = E(P)/S(P), the bridge adds up, and the sum of the parts
 * composes the per-MW engine (a tranche is valuePiece on its own inputs).
 * Properties run on fast-check with fixed seeds.
 */
import fc from 'fast-check';
import { CATALOGUE, Inputs, defaultInputs } from '../../src/engine/catalogue';
import {
  BalanceSheet,
  Capacity,
  CompanyInput,
  CompanyModel,
  CompanyParams,
  Convertible,
  PIECE_KEYS,
  PieceParams,
  TrancheInput,
  capacityLedger,
  convertedShares,
  dilute,
  equityAndShares,
  monthlyUses,
  standardLeaseNpvPerMw,
  valuePiece,
  valuePieceSums,
} from '../../src/engine/company';
import { isEngineError } from '../../src/engine/errors';
import { Delivery } from '../../src/engine/lease';

const SEED = 1411;
const defaults = (): Inputs => ({ ...defaultInputs() });
const params = (o: Record<string, number | string> = {}): PieceParams => ({ ...defaults(), ...o }) as unknown as PieceParams;

const NO_BALANCE: BalanceSheet = { sharesBasic: 100e6, rsus: 0, cashUsd: 0, btcHeld: 0, preferredUsd: 0, minorityUsd: 0, gaUsdYr: 0, convertibles: [], warrants: [], debt: [] };

function tranche(name: string, grossMw: number, deliveries: Delivery[], o: Record<string, number | string> = {}, extra: Partial<TrancheInput> = {}): TrancheInput {
  return { name, params: params({ pue: 1.25, ...o }), deliveries, grossMw, itMw: grossMw / 1.25, ownership: 1, ...extra };
}

function company(capacity: Partial<Capacity>, tranches: TrancheInput[] = [], balance: Partial<BalanceSheet> = {}, o: Record<string, number | string> = {}): CompanyInput {
  return {
    company: { ...defaults(), ...o } as unknown as CompanyParams,
    standard: params(o),
    capacity: { energizedMw: 0, miningMw: 0, underConstructionMw: 0, contractedUnbuiltMw: 0, pipelineMw: 0, securedUnbuiltMw: 0, miningEndMonth: Infinity, ...capacity },
    balance: { ...NO_BALANCE, ...balance },
    tranches,
  };
}

// ---- the capacity ledger ------------------------------------------------------------------

describe('no gross MW is valued twice in any month', () => {
  const arbDeliveries = fc
    .array(fc.record({ month: fc.integer({ min: -36, max: 60 }), weight: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 4 })
    .map((ds) => {
      const total = ds.reduce((s, d) => s + d.weight, 0);
      return ds.map((d) => ({ month: d.month, share: d.weight / total }));
    });
  const arbTranche = fc.record({
    // whole numbers scaled: fast-check's doubles crowd near 0, where no MW is ever short
    weight: fc.integer({ min: 1, max: 20 }),
    ownership: fc.integer({ min: 20, max: 100 }).map((x) => x / 100),
    deliveries: arbDeliveries,
    build: fc.integer({ min: 0, max: 24 }),
  });
  const arbCase = fc
    .record({
      energized: fc.integer({ min: 0, max: 1500 }),
      miningShare: fc.integer({ min: 0, max: 100 }).map((x) => x / 100),
      underConstruction: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 800 })),
      contractedUnbuilt: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 500 })),
      end: fc.oneof(fc.constant(Infinity), fc.integer({ min: -12, max: 300 })),
      // how much of the capacity the book fills (the preset checks hold: at most all of it), often all of it
      fill: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 100 }).map((x) => x / 100)),
      tranches: fc.array(arbTranche, { maxLength: 5 }),
    })
    .map((c) => {
      const capacity = c.energized + c.underConstruction + c.contractedUnbuilt;
      const weights = c.tranches.reduce((s, t) => s + t.weight, 0);
      return { ...c, tranches: c.tranches.map((t) => ({ ...t, gross: (capacity * c.fill * t.weight) / weights / t.ownership })) };
    });

  test('property: in each month the book, mining and the MW with a development option add to at most the capacity, whichever way the mining MW are valued', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const capacity: Capacity = {
          energizedMw: c.energized,
          miningMw: c.energized * c.miningShare,
          underConstructionMw: c.underConstruction,
          contractedUnbuiltMw: c.contractedUnbuilt,
          pipelineMw: 0,
          securedUnbuiltMw: 0,
          miningEndMonth: c.end,
        };
        const ts = c.tranches.map((t, i) => tranche(`t${i}`, t.gross, t.deliveries, { build_months: t.build }, { ownership: t.ownership }));
        const ledger = capacityLedger(capacity, ts, 300);
        const capacityMw = c.energized + c.underConstruction + c.contractedUnbuilt;
        const book = ts.reduce((s, t) => s + t.grossMw * t.ownership, 0);
        // the worst month of each check, so a failure names it (one expect per check: jest's expect is slow in a 300-month loop)
        const over: string[] = [];
        for (const converted of [false, true]) {
          const u = monthlyUses(ledger, converted);
          for (let m = 0; m < ledger.months; m++) {
            const used = u.ai[m] + u.mining[m] + u.option[m];
            if (used > capacityMw * (1 + 1e-12) + 1e-9) over.push(`month ${m}${converted ? ' (mining MW at their option)' : ''}: ${used} MW used of ${capacityMw}`);
            if (u.mining[m] < 0 || u.mining[m] > capacity.miningMw + 1e-9) over.push(`month ${m}: mining ${u.mining[m]} MW outside 0–${capacity.miningMw}`);
            if (m >= c.end && u.mining[m] !== 0) over.push(`month ${m}: mining after mining_end_date`);
          }
        }
        // each tranche's MW counted once: the book's MW in a month never exceed its attributable gross MW, and reach it once every build has started
        let lastStart = -Infinity;
        for (const t of ts) for (const d of t.deliveries) lastStart = Math.max(lastStart, d.month - Math.round(t.params.build_months));
        for (let m = 0; m < ledger.months; m++) if (ledger.aiMw[m] > book * (1 + 1e-12) + 1e-9) over.push(`month ${m}: the book holds ${ledger.aiMw[m]} MW of ${book}`);
        expect(over).toEqual([]);
        if (lastStart < 300 && ts.length > 0) expect(ledger.aiMw[Math.max(0, lastStart)]).toBeCloseTo(book, 6);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  test('MW that mine until mining_end_date and that the book takes later carry no development option (worked figures)', () => {
    // 100 MW energised, all mining, mining ends in month 12; a 100 MW deal starts building in month 38
    const ledger = capacityLedger({ energizedMw: 100, miningMw: 100, underConstructionMw: 0, contractedUnbuiltMw: 0, pipelineMw: 0, securedUnbuiltMw: 0, miningEndMonth: 12 }, [tranche('a', 100, [{ month: 50, share: 1 }], { build_months: 12 })], 120);
    expect(ledger.miningMw[11]).toBe(100);
    expect(ledger.miningMw[12]).toBe(0);
    expect(ledger.freedMw).toBe(0);
    expect(ledger.stayingMw).toBe(0);
    expect(ledger.aiMw[38]).toBe(100);
  });

  test('the book draws on new capacity first, then idle energised MW, then mining MW (worked figures)', () => {
    // 100 MW energised of which 80 mine, 50 under construction; a 120 MW deal building from month 0 takes 50 new + 20 idle + 50 mining
    const ledger = capacityLedger({ energizedMw: 100, miningMw: 80, underConstructionMw: 50, contractedUnbuiltMw: 0, pipelineMw: 0, securedUnbuiltMw: 0, miningEndMonth: Infinity }, [tranche('a', 120, [{ month: 12, share: 1 }], { build_months: 12 })], 24);
    expect(ledger.aiMw[0]).toBe(120);
    expect(ledger.miningMw[0]).toBe(30); // 100 − (120 − 50)
    expect(ledger.uncontractedMw).toBe(0);
    // the same deal starting its build in month 6: mining stays at 80 until then
    const later = capacityLedger({ energizedMw: 100, miningMw: 80, underConstructionMw: 50, contractedUnbuiltMw: 0, pipelineMw: 0, securedUnbuiltMw: 0, miningEndMonth: Infinity }, [tranche('a', 120, [{ month: 18, share: 1 }], { build_months: 12 })], 24);
    expect(later.miningMw[5]).toBe(80);
    expect(later.miningMw[6]).toBe(30);
  });
});

// ---- diluted shares ------------------------------------------------------------------------------

describe('diluted shares at the fixed point P = E(P) / S(P)', () => {
  const arbConvertible = fc.record({
    faceUsd: fc.double({ min: 1e6, max: 2e9, noNaN: true }),
    conversionPrice: fc.double({ min: 1, max: 100, noNaN: true }),
    capMultiple: fc.oneof(fc.constant(0), fc.double({ min: 1.1, max: 2.5, noNaN: true })),
  });
  const arbBalance = fc.record({
    sharesBasic: fc.double({ min: 1e7, max: 1e9, noNaN: true }),
    rsus: fc.double({ min: 0, max: 3e7, noNaN: true }),
    convertibles: fc.array(arbConvertible, { maxLength: 4 }),
    warrants: fc.array(fc.record({ count: fc.double({ min: 1e5, max: 8e7, noNaN: true }), strike: fc.double({ min: 0.01, max: 120, noNaN: true }) }), { maxLength: 3 }),
    equityAllDebt: fc.double({ min: -5e9, max: 3e10, noNaN: true }),
  });
  test('property: E(P)/S(P) = P, or P is a conversion or strike price across which E/S − P changes sign', () => {
    fc.assert(
      fc.property(arbBalance, (a) => {
        const b: BalanceSheet = {
          ...NO_BALANCE,
          sharesBasic: a.sharesBasic,
          rsus: a.rsus,
          convertibles: a.convertibles.map((c, i) => ({ name: `c${i}`, faceUsd: c.faceUsd, conversionPrice: c.conversionPrice, ...(c.capMultiple > 0 ? { capPrice: c.conversionPrice * c.capMultiple } : {}) })),
          warrants: a.warrants.map((w, i) => ({ name: `w${i}`, ...w })),
        };
        const d = dilute(a.equityAllDebt, b);
        const f = (p: number) => {
          const r = equityAndShares(a.equityAllDebt, b, p);
          return r.equity / r.shares - p;
        };
        expect(d.equity / d.shares).toBeCloseTo(equityAndShares(a.equityAllDebt, b, d.price).equity / equityAndShares(a.equityAllDebt, b, d.price).shares, 9);
        if (a.equityAllDebt <= 0) {
          expect(d.price).toBeLessThanOrEqual(0); // nothing converts or exercises: the equity is under water
          return;
        }
        const tol = 1e-7 * Math.max(1, d.price);
        if (Math.abs(f(d.price)) <= tol) return;
        const jumps = [...b.convertibles.map((c) => c.conversionPrice), ...b.warrants.map((w) => w.strike)];
        const at = jumps.find((j) => Math.abs(j - d.price) <= 1e-9 * Math.max(1, j));
        expect(at).toBeDefined();
        expect(f(at! * (1 - 1e-6))).toBeGreaterThan(0);
        expect(f(at! * (1 + 1e-6))).toBeLessThan(0);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  test('a capped call offsets converted shares between the conversion price and the cap (worked figures)', () => {
    // 100 M USD at 10 USD a share = 10 M shares; cap 15 USD. At 12: the call returns 10 M × (12 − 10)/12 = 1.667 M shares
    const c: Convertible = { name: 'n', faceUsd: 100e6, conversionPrice: 10, capPrice: 15 };
    expect(convertedShares(c, 12)).toBeCloseTo(10e6 - (10e6 * 2) / 12, 3);
    // above the cap the call delivers (15 − 10) × 10 M USD of shares: 10 M − 50 M / 20 at 20 USD
    expect(convertedShares(c, 20)).toBeCloseTo(10e6 - 50e6 / 20, 3);
    expect(convertedShares({ ...c, capPrice: undefined }, 20)).toBe(10e6);
  });

  test('a note converts only when its conversion value exceeds its face; a warrant only when its strike is below the price (worked figures)', () => {
    // 1 000 M USD of equity with every note still debt; 100 M shares: 10 USD a share before anything converts
    const b: BalanceSheet = { ...NO_BALANCE, convertibles: [{ name: 'n', faceUsd: 200e6, conversionPrice: 20 }], warrants: [{ name: 'w', count: 10e6, strike: 5 }] };
    const d = dilute(1000e6, b);
    // the warrants exercise (strike 5 < price): (1 000 + 50) M / 110 M = 9.545 USD; the note stays debt (9.55 < 20)
    expect(d.exercised).toEqual([true]);
    expect(d.converted).toEqual([false]);
    expect(d.price).toBeCloseTo(1050 / 110, 6);
    expect(d.convertibleDebtUsd).toBe(200e6);
  });
});

// ---- the sum of the parts -----------------------------------------------------------------------

describe('the sum of the parts', () => {
  const book = [tranche('a', 100, [{ month: 3, share: 0.5 }, { month: 9, share: 0.5 }], { lease_rate_kw_month: 140 }), tranche('b', 50, [{ month: -6, share: 1 }], { lease_rate_kw_month: 120 }, { ownership: 0.5, capexPaidShare: 1 })];
  const balance: Partial<BalanceSheet> = {
    sharesBasic: 300e6,
    rsus: 5e6,
    cashUsd: 400e6,
    btcHeld: 2000,
    preferredUsd: 50e6,
    minorityUsd: 20e6,
    gaUsdYr: 40e6,
    convertibles: [{ name: 'n', faceUsd: 500e6, conversionPrice: 6, capPrice: 9 }],
    warrants: [{ name: 'w', count: 5e6, strike: 0.01 }],
    debt: [
      { name: 'r', faceUsd: 100e6, recourse: true, ownership: 1 },
      { name: 'p', faceUsd: 300e6, recourse: false, ownership: 0.5 },
    ],
  };
  const input = company({ energizedMw: 300, miningMw: 200, underConstructionMw: 100, pipelineMw: 500, securedUnbuiltMw: 200 }, book, balance);

  test('the bridge adds up: value per share × diluted shares = equity value = parts − G&A − net debt − preferred − minorities', () => {
    const v = new CompanyModel(input).value();
    if (isEngineError(v)) throw new Error(v.message);
    const parts = v.contractedAi + v.uncontractedAi + v.pipeline + v.mining + v.btc;
    expect(v.valuePerShare * v.dilutedShares).toBeCloseTo(v.equityValue, 2);
    expect(v.equityValue).toBeCloseTo(parts - v.ga - v.netDebt - v.preferred - v.minority, 2);
    expect(v.enterpriseValue).toBeCloseTo(parts - v.ga, 2);
    // net debt: recourse 100 + project 300 × 0.5 + the note while it is debt − cash 400 − the warrants' exercise cash
    const noteDebt = v.dilution.converted[0] ? 0 : 500e6;
    expect(v.netDebt).toBeCloseTo(100e6 + 150e6 + noteDebt - 400e6 - (v.dilution.exercised[0] ? 5e6 * 0.01 : 0), 2);
    expect(v.ga).toBe(40e6 * 8); // ga_multiple 8 (the catalogue default)
    expect(v.btc).toBe(2000 * 60000); // btc_price 60 000 (the catalogue default)
  });

  test('property: the bridge adds up for any BTC price, market rent and discount rate', () => {
    fc.assert(
      fc.property(fc.double({ min: 20_000, max: 300_000, noNaN: true }), fc.double({ min: 60, max: 250, noNaN: true }), fc.double({ min: 0.05, max: 0.2, noNaN: true }), (btc, rent, rate) => {
        const o = { btc_price: btc, lease_rate_kw_month: rent, renewal_rate_kw_month: rent, ai_discount_rate: rate };
        const v = new CompanyModel(company({ energizedMw: 300, miningMw: 200, underConstructionMw: 100, pipelineMw: 500 }, book.map((t) => ({ ...t, params: { ...t.params, btc_price: btc, ai_discount_rate: rate } })), balance, o)).value();
        if (isEngineError(v)) throw new Error(v.message);
        const parts = v.contractedAi + v.uncontractedAi + v.pipeline + v.mining + v.btc;
        expect(Math.abs(v.valuePerShare * v.dilutedShares - v.equityValue)).toBeLessThanOrEqual(1e-6 * Math.abs(v.equityValue) + 1);
        expect(Math.abs(v.equityValue - (parts - v.ga - v.netDebt - v.preferred - v.minority))).toBeLessThanOrEqual(1e-9 * Math.abs(parts) + 1);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  test('a tranche is the per-MW engine on its own inputs: value = valuePiece × gross MW × ownership', () => {
    const v = new CompanyModel(input).value();
    if (isEngineError(v)) throw new Error(v.message);
    for (const [i, t] of book.entries()) {
      const p = valuePiece(t.params, t.deliveries, t.capexPaidShare);
      if (isEngineError(p)) throw new Error(p.message);
      expect(v.tranches[i].value).toBeCloseTo((p.pvContract + p.pvResidual + p.pvHorizon) * t.grossMw * t.ownership, 2);
      expect(v.tranches[i].residual).toBeCloseTo((p.pvResidual + p.pvHorizon) * t.grossMw * t.ownership, 2);
    }
  });

  test('capex already paid is not deducted again: paying all of it raises the value by the PV of the capex still to come', () => {
    const t = book[0];
    const unpaid = valuePiece(t.params, t.deliveries, 0);
    const paid = valuePiece(t.params, t.deliveries, 1);
    const engineSplit = valuePiece(t.params, t.deliveries);
    if (isEngineError(unpaid) || isEngineError(paid) || isEngineError(engineSplit)) throw new Error('engine error');
    expect(paid.pvContract).toBeGreaterThan(unpaid.pvContract);
    expect(paid.pvResidual).toBe(unpaid.pvResidual); // capex is a contract-period flow; tax depreciation keeps its basis either way
    expect(engineSplit.pvContract).toBeGreaterThanOrEqual(unpaid.pvContract); // the engine leaves capex before month 0 out
  });

  test('a company without mining or bitcoin has a btc_beta of 0', () => {
    const m = new CompanyModel(company({ energizedMw: 150, miningMw: 0, underConstructionMw: 100 }, book, { ...balance, btcHeld: 0 }));
    expect(m.btcBeta()).toBeCloseTo(0, 12);
  });

  test('bitcoin held and debt make btc_beta above 1 (equity is a levered claim on the BTC)', () => {
    // 50 000 BTC (3 B USD at 60 000) against 2.5 B USD of net debt and no operating assets but land
    const m = new CompanyModel(company({ energizedMw: 100, miningMw: 100 }, [], { btcHeld: 50_000, debt: [{ name: 'd', faceUsd: 2.5e9, recourse: true, ownership: 1 }] }));
    const beta = m.btcBeta();
    if (isEngineError(beta)) throw new Error(beta.message);
    expect(beta).toBeGreaterThan(1);
  });

  test('the standard lease and the development options: max(land, probability × NPV), pipeline with its own probability and floor', () => {
    const v = new CompanyModel(input).value();
    if (isEngineError(v)) throw new Error(v.message);
    expect(v.developmentValuePerMw).toBe(Math.max(1e6, 0.5 * v.standardNpvPerMw));
    expect(v.pipelineValuePerMw).toBe(Math.max(250_000, 0.25 * v.standardNpvPerMw));
    expect(v.pipeline).toBeCloseTo(500 * v.pipelineValuePerMw, 2);
  });
});

describe('the caches of lease values are keyed by every input the value depends on', () => {
  test('a change of any keyed input (PIECE_KEYS) gives the uncached value: the key holds each of them', () => {
    // three leases between them reach every keyed input: colo with a renewal path and a prepayment, cloud, and a horizon without a terminal value
    const configs: Record<string, number | string>[] = [
      { ai_mode: 'colo', terminal_method: 'renewal', prepayment_share: 0.2, maintenance_pct: 0.02 },
      { ai_mode: 'cloud', terminal_method: 'renewal', gpu_residual: 0.1, lease_term_years: 3, gpu_life_years: 5, maintenance_pct: 0.02 },
      { ai_mode: 'colo', terminal_method: 'none', horizon_years: 12 },
    ];
    // the uncached value by the same path the cache stores (valuePieceSums; its equality with valuePiece to 1e-12 is test/engine/companyfast.test.ts's), so a hit is the same number
    const plainNpv = (p: PieceParams, spread: number): number => {
      const rates = { creditSpread: p.credit_spread + spread, leaseRateKwMonth: p.lease_rate_kw_month, renewalRateKwMonth: p.renewal_rate_kw_month };
      const v = valuePieceSums(p, [{ month: Math.round(p.build_months), share: 1 }], undefined, rates);
      if (isEngineError(v)) throw new Error(v.message);
      return v.pvContract + v.pvResidual + v.pvHorizon;
    };
    for (const name of PIECE_KEYS) {
      let moved = false;
      for (const c of configs) {
        const base = params(c);
        expect(standardLeaseNpvPerMw(base, 0.03)).toBe(plainNpv(base, 0.03)); // cached
        const spec = CATALOGUE.find((s) => s.name === name)!;
        const v = (base as unknown as Record<string, number | string>)[name];
        const clamp = (x: number): number => Math.min(spec.max!, Math.max(spec.min!, x));
        const up = clamp(v === 0 ? 0.5 * spec.max! : (v as number) * 1.21);
        const other = spec.kind === 'choice' ? spec.choices!.find((x) => x !== v)! : up !== v ? up : clamp((v as number) * 0.79); // down where the range ends at the value
        const changed = params({ ...c, [name]: other });
        const want = plainNpv(changed, 0.03);
        expect([name, standardLeaseNpvPerMw(changed, 0.03)]).toEqual([name, want]);
        if (want !== plainNpv(base, 0.03)) moved = true;
      }
      expect([name, moved]).toEqual([name, true]); // the input moves the value in one of the leases, so a key without it would have answered wrongly
    }
  });

  test('perturbing any catalogue input outside the key leaves a lease\'s value unchanged (so a cache hit is the same number)', () => {
    const base = params({ lease_rate_kw_month: 140, pue: 1.3, build_months: 6 });
    const deliveries = [{ month: 4, share: 0.5 }, { month: 10, share: 0.5 }];
    const before = valuePiece(base, deliveries, 0.3);
    if (isEngineError(before)) throw new Error(before.message);
    const keyed = new Set<string>([...PIECE_KEYS, 'valuation_date']);
    const outside = CATALOGUE.filter((s) => s.kind === 'number' && !keyed.has(s.name));
    expect(outside.map((s) => s.name)).toContain('btc_price');
    for (const s of outside) {
      const v = s.default as number;
      const moved = Math.min(s.max!, Math.max(s.min!, v === 0 ? 0.5 * s.max! : v * 1.37));
      const after = valuePiece(params({ lease_rate_kw_month: 140, pue: 1.3, build_months: 6, [s.name]: moved }), deliveries, 0.3);
      if (isEngineError(after)) throw new Error(after.message);
      expect([s.name, after.pvContract + after.pvResidual + after.pvHorizon]).toEqual([s.name, before.pvContract + before.pvResidual + before.pvHorizon]);
    }
  });
});
