/**
 * Floors of COMPANY and COMPS for `npm run bench` (bench/cases.ts): a company's sum
 * of the parts (docs/company.md) over plain numbers packed once (packCompany), in
 * the least work we know how to write: each lease (a tranche, the standard lease)
 * in one pass over its deliveries and one after-tax pass over its months, the
 * capacity ledger as a difference array, mining's market path, fleet, ledger MW
 * and yearly tax in one loop, the diluted share price by bisection over plain
 * numbers; scratch arrays reused, nothing allocated per call.
 *
 * Written against the formulas of docs/company.md and docs/valuation.md, not the
 * engine's code (sums may run in another order: the bench compares to 1e-9
 * relative). The bench checks every value against the function in each run, and
 * test/bench/floors.test.ts does in `npm test`.
 */
import { CompanyInput } from '../src/engine/company';
import {
  ANCHOR,
  CAP_RATE,
  DAYS_PER_MONTH,
  FloorInputs,
  GPU_NODE_SHARE,
  HOURS_PER_MONTH,
  I,
  LAG,
  NONE,
  RENEWAL,
  mine,
  miningSetup,
  monthlyRate,
  networkFactor,
  nextHalvingAfter,
  packInputs,
  subsidyAt,
} from './floors';

/** One tranche: its inputs, its deliveries (month from the valuation date, share of its IT MW), its size and what is already paid. */
export interface TranchePack {
  readonly p: FloorInputs;
  readonly months: Float64Array;
  readonly shares: Float64Array;
  readonly grossMw: number;
  readonly itMw: number;
  readonly ownership: number;
  /** Share of its capex paid before the valuation date; NaN: the engine's own split (capex before month 0 is sunk). */
  readonly paid: number;
}

/** A company as plain numbers: its inputs, the standard lease's, its book, its capacity by stage, its balance sheet, and the preset fields COMPS shows. */
export interface CompanyPack {
  readonly company: FloorInputs;
  readonly standard: FloorInputs;
  readonly tranches: readonly TranchePack[];
  readonly energizedMw: number;
  readonly miningMw: number;
  readonly underConstructionMw: number;
  readonly contractedUnbuiltMw: number;
  readonly pipelineMw: number;
  readonly securedUnbuiltMw: number;
  readonly miningEndMonth: number;
  readonly sharesBasic: number;
  readonly rsus: number;
  readonly cashUsd: number;
  readonly btcHeld: number;
  readonly preferredUsd: number;
  readonly minorityUsd: number;
  readonly gaUsdYr: number;
  /** Per note: face, conversion price, capped-call cap (NaN: none). */
  readonly convertibles: Float64Array;
  /** Per warrant: count, strike. */
  readonly warrants: Float64Array;
  /** Per debt item: face, recourse (1) or project-level (0), ownership share. */
  readonly debt: Float64Array;
  /** COMPS's preset columns (NaN where the preset has none). */
  readonly fieldEnergizedMw: number;
  readonly fieldHashrateEh: number;
  readonly fieldMiningMw: number;
}

/** Packs a company's inputs (the resolver's output) and preset fields once: resolving is the function's work, not the floor's. */
export function packCompany(c: CompanyInput, fields: { energizedMw: number; hashrateEh: number; miningMw: number }): CompanyPack {
  const pack = (x: unknown): FloorInputs => packInputs(x as Parameters<typeof packInputs>[0]);
  const b = c.balance;
  return {
    company: pack(c.company),
    standard: pack(c.standard),
    tranches: c.tranches.map((t) => ({
      p: pack(t.params),
      months: Float64Array.from(t.deliveries.map((d) => d.month)),
      shares: Float64Array.from(t.deliveries.map((d) => d.share)),
      grossMw: t.grossMw,
      itMw: t.itMw,
      ownership: t.ownership,
      paid: t.capexPaidShare === undefined ? NaN : t.capexPaidShare,
    })),
    energizedMw: c.capacity.energizedMw,
    miningMw: c.capacity.miningMw,
    underConstructionMw: c.capacity.underConstructionMw,
    contractedUnbuiltMw: c.capacity.contractedUnbuiltMw,
    pipelineMw: c.capacity.pipelineMw,
    securedUnbuiltMw: c.capacity.securedUnbuiltMw,
    miningEndMonth: c.capacity.miningEndMonth,
    sharesBasic: b.sharesBasic,
    rsus: b.rsus,
    cashUsd: b.cashUsd,
    btcHeld: b.btcHeld,
    preferredUsd: b.preferredUsd,
    minorityUsd: b.minorityUsd,
    gaUsdYr: b.gaUsdYr,
    convertibles: Float64Array.from(b.convertibles.flatMap((n) => [n.faceUsd, n.conversionPrice, n.capPrice ?? NaN])),
    warrants: Float64Array.from(b.warrants.flatMap((w) => [w.count, w.strike])),
    debt: Float64Array.from(b.debt.flatMap((d) => [d.faceUsd, d.recourse ? 1 : 0, d.ownership])),
    fieldEnergizedMw: fields.energizedMw,
    fieldHashrateEh: fields.hashrateEh,
    fieldMiningMw: fields.miningMw,
  };
}

/** A company-wide override of one input (the bench varies tax_rate each call): written into every vector of the pack. */
export function setInput(c: CompanyPack, index: number, value: number): void {
  c.company[index] = value;
  c.standard[index] = value;
  for (const t of c.tranches) t.p[index] = value;
}

// ---- one lease, after tax, per gross MW ------------------------------------------------------------

/** The longest timeline: 600 months and a terminal window of 12. */
const W = 616;
const scratch = new Float64Array(10 * W);
const E = scratch.subarray(0, W); // EBITDA
const C = scratch.subarray(W, 2 * W); // of which under contract
const P = scratch.subarray(2 * W, 3 * W); // prepayment cash
const X = scratch.subarray(3 * W, 4 * W); // build capex
const Q = scratch.subarray(4 * W, 5 * W); // re-letting capex
const G = scratch.subarray(5 * W, 6 * W); // GPU residual
const R = scratch.subarray(6 * W, 7 * W); // revenue
const MR = scratch.subarray(7 * W, 8 * W); // market rent of the site's IT capacity, each month
const D = scratch.subarray(8 * W, 9 * W); // depreciation, a difference array
const M = scratch.subarray(9 * W, 10 * W); // the ledger's mining MW (the book's MW by build start first)

/** What leaseFloor leaves: the after-tax PVs from month 0 (contract flows, flows after the contract, the value at the horizon) and the horizon. */
const lease = { pvContract: 0, pvResidual: 0, pvHorizon: 0, n: 0 };

/**
 * One lease's after-tax DCF per gross MW (docs/valuation.md, docs/company.md): each
 * delivery's months added into the month arrays (build capex, the contract a lease
 * year at a time, GPU-rate decay, the colo path at market rent), then one pass a
 * tax year at a time: capex still to spend, straight-line depreciation, tax on the
 * year's income (never below zero), maintenance, each month's tax and maintenance
 * shared between the contract and the rest by their EBITDA, both discounted. The
 * credit spread + `spreadAdd`, the starting rent × `leaseFactor`, the market rent ×
 * `renewalFactor`. False where the horizon is an error.
 */
function leaseFloor(p: FloorInputs, months: Float64Array, shares: Float64Array, paid: number, spreadAdd: number, leaseFactor: number, renewalFactor: number): boolean {
  const nd = months.length;
  const itMw = 1 / p[I.pue];
  const itKw = itMw * 1000;
  const cloud = p[I.ai_mode] === 1;
  const price = p[I.power_price_mwh];
  const build = Math.max(0, Math.round(p[I.build_months]));
  const termMonths = Math.max(1, Math.round(p[I.lease_term_years] * 12));
  const life = Math.max(1, Math.round(p[I.gpu_life_years] * 12));
  const T = cloud ? Math.min(termMonths, life) : termMonths;
  const pathStart = cloud ? life : T;
  const method = p[I.terminal_method];
  let n: number;
  if (method === NONE) n = Math.round(p[I.horizon_years] * 12);
  else {
    let last = -Infinity;
    for (let i = 0; i < nd; i++) if (months[i] > last) last = months[i];
    n = last + pathStart + (method === RENEWAL ? Math.round(p[I.post_term_years] * 12) : 0);
    if (n > 600 || n < 1) return false;
  }
  const inPlace = method === CAP_RATE && !cloud;
  const from = method === NONE ? n : inPlace ? Math.max(0, n - 12) : n;
  const to = method === NONE ? n : inPlace ? n : n + 12;
  const end = n > to ? n : to;
  // the lease's terms
  const landlordPower = ((1 - p[I.power_pass_through]) * 8760 * p[I.load_factor] * price) / 12;
  const rent0 = itKw * p[I.lease_rate_kw_month] * leaseFactor * p[I.occupancy];
  const opex0 = (itMw * p[I.ai_opex_mw_it_yr]) / 12;
  const gpus = itKw / p[I.kw_per_gpu];
  const gpuRevenue = cloud ? gpus * p[I.gpu_hour_rate] * HOURS_PER_MONTH * p[I.utilization] : 0;
  const cloudKeep = 1 - p[I.cloud_opex_pct];
  const cloudPower = (8760 * p[I.load_factor] * price) / 12;
  const gpuCapex = cloud ? gpus * p[I.gpu_capex] : 0;
  const hallCapex = cloud ? itMw * p[I.ai_capex_mw_it] : itMw * p[I.ai_capex_mw_it] * (1 - p[I.tenant_capex_share]);
  const capexTotal = hallCapex + gpuCapex;
  const gpuResidual = gpuCapex * GPU_NODE_SHARE * p[I.gpu_residual];
  const escRent = 1 + p[I.lease_escalator];
  const escOpex = 1 + p[I.ai_opex_escalator];
  let prepay = 0;
  if (p[I.prepayment_share] > 0) {
    let value: number;
    if (cloud) value = gpuRevenue * T;
    else {
      let rentMonths = 0;
      let factor = 1;
      const years = Math.floor(T / 12);
      for (let y = 0; y < years; y++, factor *= escRent) rentMonths += 12 * factor;
      value = rent0 * (rentMonths + (T - 12 * years) * factor);
    }
    prepay = p[I.prepayment_share] * value;
  }
  const renewP = p[I.renewal_probability];
  const downtime = Math.max(0, Math.round(p[I.downtime_months]));
  const releasingMonths = Math.max(1, downtime);
  const releasing = (1 - renewP) * itMw * p[I.releasing_capex_mw_it];
  const growth = Math.pow(1 + p[I.market_rent_growth_yr], 1 / 12);
  const decay = cloud ? Math.pow(1 - p[I.gpu_rate_decay_yr], 1 / 12) : 1;
  E.fill(0, 0, end);
  C.fill(0, 0, end);
  P.fill(0, 0, end);
  X.fill(0, 0, end);
  Q.fill(0, 0, end);
  G.fill(0, 0, end);
  R.fill(0, 0, end);
  for (let m = 0, rent = itKw * p[I.occupancy] * p[I.renewal_rate_kw_month] * renewalFactor * Math.sqrt(growth); m < end; m++, rent *= growth) MR[m] = rent;
  // each delivery's months
  for (let i = 0; i < nd; i++) {
    const s = shares[i];
    const start = months[i];
    if (start - build >= 0 && start - build < end) P[start - build] += s * prepay; // the customer prepays as the build starts
    if (build > 0) {
      const perMonth = (s * capexTotal) / build;
      for (let m = Math.max(0, start - build); m < Math.min(end, start); m++) X[m] += perMonth;
    } else if (start >= 0 && start < end) X[start] += s * capexTotal;
    // the contract: rent and opex fixed for a lease year (colo), GPU-hours at the contract rate (cloud); the prepayment released
    const released = (s * prepay) / T;
    const contractEnd = Math.min(end, start + T);
    if (cloud) {
      const rev = s * gpuRevenue;
      const e = rev * cloudKeep - s * cloudPower;
      for (let m = Math.max(0, start); m < contractEnd; m++) {
        R[m] += rev;
        E[m] += e;
        C[m] += e;
        P[m] -= released;
      }
      // the GPUs after the contract: a decaying rate until they retire, idle where they no longer cover power
      for (let m = Math.max(0, start + T); m < Math.min(end, start + life); m++) {
        const r = s * gpuRevenue * Math.pow(decay, m - start);
        const e2 = r * cloudKeep - s * cloudPower;
        if (e2 > 0) {
          R[m] += r;
          E[m] += e2;
        }
      }
    } else {
      for (let y = 0; start + 12 * y < contractEnd; y++) {
        const first = Math.max(0, start + 12 * y);
        const last = Math.min(contractEnd, start + 12 * y + 12);
        if (first >= last) continue;
        const rent = s * rent0 * Math.pow(escRent, y);
        const e = rent - s * (opex0 * Math.pow(escOpex, y) + landlordPower);
        for (let m = first; m < last; m++) {
          R[m] += rent;
          E[m] += e;
          C[m] += e;
          P[m] -= released;
        }
      }
    }
    // the colo path after the contract (colo) or the GPUs (cloud): expected occupancy, re-letting capex, market rent
    const path0 = start + pathStart;
    if (cloud && path0 >= 0 && path0 < end) G[path0] += s * gpuResidual;
    for (let y = Math.max(0, Math.floor((Math.max(0, path0) - start) / 12)); start + 12 * y < end; y++) {
      const first = Math.max(0, path0, start + 12 * y);
      const last = Math.min(end, start + 12 * y + 12);
      const opexYear = opex0 * Math.pow(escOpex, y);
      for (let m = first; m < last; m++) {
        const k = m - path0;
        const occupied = k >= downtime ? 1 : renewP;
        const rent = s * MR[m] * occupied;
        R[m] += rent;
        E[m] += rent - s * (opexYear + landlordPower * occupied);
        if (k < releasingMonths) Q[m] += (s * releasing) / releasingMonths;
      }
    }
  }
  // the terminal value: the next 12 months' NOI (less re-letting capex, plus GPU residuals) at the exit cap rate, or the last 12 months' in place
  let noi = 0;
  let capital = 0;
  for (let m = from; m < to; m++) {
    noi += E[m];
    capital += G[m] - Q[m];
  }
  const cap = p[I.exit_cap_rate];
  const terminal = method === NONE ? 0 : inPlace ? (noi * (12 / (to - from))) / cap : noi / cap + capital;
  // capex still to spend: what is left of the deal's, in the engine's months, or spread to the last delivery
  let capexScale = 1;
  let spread = 0;
  let spreadMonths = 0;
  if (paid === paid) {
    const remaining = (1 - paid) * capexTotal;
    let future = 0;
    for (let m = 0; m < n; m++) future += X[m];
    if (future > 0) capexScale = remaining / future;
    else {
      capexScale = 0;
      if (remaining > 0) {
        let last = 0;
        for (let i = 0; i < nd; i++) if (months[i] > last) last = months[i];
        spreadMonths = Math.min(n, last + 1);
        spread = remaining / spreadMonths;
      }
    }
  }
  // straight-line tax depreciation: the hall over facility_life_years and GPUs over gpu_life_years from each rent start, re-letting capex from its month
  const facility = Math.max(1, Math.round(p[I.facility_life_years] * 12));
  D.fill(0, 0, n + 1);
  for (let i = 0; i < nd; i++) {
    const start = months[i];
    const a = Math.max(0, start);
    const hall = shares[i] * hallCapex;
    const gpu = shares[i] * gpuCapex;
    if (Math.min(n, start + facility) > a && hall !== 0) {
      D[a] += hall / facility;
      D[Math.min(n, start + facility)] -= hall / facility;
    }
    if (Math.min(n, start + life) > a && gpu !== 0) {
      D[a] += gpu / life;
      D[Math.min(n, start + life)] -= gpu / life;
    }
  }
  const rate = p[I.tax_rate];
  const maintenance = p[I.maintenance_pct];
  const credit = p[I.credit_spread] + spreadAdd;
  const kc = 1 / (1 + monthlyRate(p[I.ai_discount_rate] + credit));
  const kr = 1 / (1 + monthlyRate(p[I.ai_discount_rate] + credit + p[I.residual_spread]));
  let dc = 1;
  let dr = 1;
  let pvContract = 0;
  let pvResidual = 0;
  let depreciation = 0;
  for (let y0 = 0; y0 < n; y0 += 12) {
    const y1 = Math.min(n, y0 + 12);
    let income = 0;
    for (let m = y0; m < y1; m++) {
      const q = Q[m];
      if (q !== 0) {
        D[m] += q / facility;
        D[Math.min(n, m + facility)] -= q / facility;
      }
      depreciation += D[m];
      income += E[m] - depreciation + G[m];
    }
    const tax = income > 0 ? (rate * income) / (y1 - y0) : 0;
    for (let m = y0; m < y1; m++) {
      dc *= kc;
      dr *= kr;
      const e = E[m];
      const ce = C[m];
      const shareC = e > 0 ? Math.min(1, Math.max(0, ce / e)) : ce !== 0 ? 1 : 0;
      const charges = tax + maintenance * R[m];
      const capex = paid === paid && capexScale === 0 ? (m < spreadMonths ? spread : 0) : X[m] * capexScale;
      pvContract += (ce + P[m] - capex - charges * shareC) * dc;
      pvResidual += (e - ce - Q[m] + G[m] - charges * (1 - shareC)) * dr;
    }
  }
  const land = p[I.powered_land_value_mw];
  lease.pvContract = pvContract;
  lease.pvResidual = pvResidual;
  lease.pvHorizon = (terminal > land ? terminal : land) * dr;
  lease.n = n;
  return true;
}

// ---- the company ---------------------------------------------------------------------------------

/** The standard lease: one delivery of all its IT capacity after build_months. */
const standardMonth = new Float64Array(1);
const ONE = Float64Array.of(1);

/** What companyLeases and companyValue leave (USD unless said). */
export const co = {
  ok: true,
  contractedAi: 0,
  residual: 0,
  contractedItMw: 0,
  npvStandard: 0,
  months: 0,
  book: 0,
  uncontractedMw: 0,
  freedMw: 0,
  stayingMw: 0,
  anyMining: false,
  // companyValue
  uncontractedAi: 0,
  pipeline: 0,
  mining: 0,
  btc: 0,
  ga: 0,
  enterpriseValue: 0,
  netDebt: 0,
  equityValue: 0,
  dilutedShares: 0,
  valuePerShare: 0,
};

/**
 * What does not move with the BTC price: the book (each tranche's after-tax value
 * at ownership share), the standard lease's after-tax NPV at the development rate,
 * and the capacity ledger over the company horizon (the standard lease's). Sets
 * co.ok false where a lease's horizon is an error.
 */
export function companyLeases(c: CompanyPack): void {
  co.ok = true;
  let contractedAi = 0;
  let residual = 0;
  let itMw = 0;
  let book = 0;
  for (const t of c.tranches) {
    if (!leaseFloor(t.p, t.months, t.shares, t.paid, 0, 1, 1)) {
      co.ok = false;
      return;
    }
    const scale = t.grossMw * t.ownership;
    contractedAi += (lease.pvContract + lease.pvResidual + lease.pvHorizon) * scale;
    residual += (lease.pvResidual + lease.pvHorizon) * scale;
    itMw += t.itMw * t.ownership;
    book += scale;
  }
  const s = c.standard;
  standardMonth[0] = Math.round(s[I.build_months]);
  if (!leaseFloor(s, standardMonth, ONE, NaN, c.company[I.development_spread], 1, 1)) {
    co.ok = false;
    return;
  }
  co.contractedAi = contractedAi;
  co.residual = residual;
  co.contractedItMw = itMw;
  co.book = book;
  co.npvStandard = lease.pvContract + lease.pvResidual + lease.pvHorizon;
  const n = lease.n;
  co.months = n;
  // the ledger: the book's MW from each delivery's build start (a difference array), drawing on new capacity, then idle energised MW, then mining MW
  M.fill(0, 0, n);
  for (const t of c.tranches) {
    const mw = t.grossMw * t.ownership;
    const build = Math.max(0, Math.round(t.p[I.build_months]));
    for (let i = 0; i < t.months.length; i++) {
      const m = Math.max(0, t.months[i] - build);
      if (m < n) M[m] += mw * t.shares[i];
    }
  }
  const newCapacity = c.underConstructionMw + c.contractedUnbuiltMw;
  const capacity = c.energizedMw + newCapacity;
  let ai = 0;
  let anyMining = false;
  for (let m = 0; m < n; m++) {
    ai += M[m];
    const room = c.energizedMw - (ai > newCapacity ? ai - newCapacity : 0);
    const mining = m >= c.miningEndMonth ? 0 : Math.max(0, Math.min(c.miningMw, room));
    M[m] = mining;
    if (mining > 0) anyMining = true;
  }
  co.anyMining = anyMining;
  const uncontracted = Math.max(0, capacity - book - (n > 0 ? M[0] : 0));
  const free = Math.max(0, capacity - book - uncontracted);
  const freedMonth = c.miningEndMonth;
  co.uncontractedMw = uncontracted;
  co.freedMw = freedMonth > 0 && freedMonth < n ? Math.min(M[freedMonth - 1], free) : 0;
  const lastMining = Math.min(n, freedMonth) - 1;
  co.stayingMw = lastMining >= 0 ? Math.min(M[lastMining], free) : 0;
}

/** Mining's value (after tax) split into MW the book takes later and MW that stay, at the BTC price × btcFactor. */
const minedValue = { transitional: 0, staying: 0 };
/** The last LAG hashprices of the company's mining path. */
const lagged = new Float64Array(LAG);

/**
 * The ledger's mining MW on the per-MW mining path: the market (subsidy read again
 * at a halving), the network's answer to the hashprice LAG months back, the fleet
 * (off below power, renewal out of margin toward the frontier, mothballing), each
 * month's flow on the MW that stay and on those the book takes later, discounted
 * at mining_discount_rate, tax on each 12-month year's positive flow; powered land
 * at the horizon for the MW still mining then.
 */
function miningValue(c: CompanyPack, btcFactor: number): void {
  const p = c.company;
  const n = co.months;
  if (!co.anyMining) {
    minedValue.transitional = 0;
    minedValue.staying = 0;
    return;
  }
  const btcPrice = p[I.btc_price];
  p[I.btc_price] = btcFactor === 1 ? btcPrice : btcPrice * btcFactor;
  miningSetup(p);
  p[I.btc_price] = btcPrice;
  const { revenue, power, fixed, renewal, replaceShare, asicPhPerJth, growth, btcGrowth, frontierGain, hashprice0, fees, blockMinutes, date0 } = mine;
  const km = 1 / (1 + monthlyRate(p[I.mining_discount_rate]));
  const taxRate = p[I.tax_rate];
  const stay = co.stayingMw;
  let btc = mine.btc0;
  let frontier = mine.frontier0;
  let network = mine.network0;
  let hashratePh = mine.hashratePh0;
  let negative = 0;
  let mothballed = false;
  let subsidy = 0;
  let subsidyUntil = -Infinity;
  let dm = 1;
  let pvStay = 0;
  let pvMove = 0;
  let yearStay = 0;
  let yearMove = 0;
  let yearDiscount = 0;
  let yearMonths = 0;
  for (let m = 0; m < n; m++) {
    const date = date0 + (m + 0.5) * DAYS_PER_MONTH;
    if (date >= subsidyUntil || date < ANCHOR.serial) {
      subsidy = subsidyAt(date, blockMinutes);
      subsidyUntil = nextHalvingAfter(date, blockMinutes);
    }
    const breakeven = (2 * frontier * 24 * 55) / 1000;
    const slot = m % LAG;
    network = m === 0 ? network * Math.sqrt(networkFactor(growth, hashprice0, breakeven)) : network * networkFactor(growth, m >= LAG ? lagged[slot] : hashprice0, breakeven);
    const h = (((144 * (subsidy + fees)) / 1000) * btc) / network;
    lagged[slot] = h;
    const margin = revenue * hashratePh * h - power;
    const ebitdaOn = (margin > 0 ? margin : 0) - fixed;
    let flow = 0;
    if (mothballed && ebitdaOn > 0) {
      mothballed = false;
      negative = 0;
    }
    if (!mothballed) {
      if (ebitdaOn < 0 && ++negative > LAG) mothballed = true;
      else {
        if (!(ebitdaOn < 0)) negative = 0;
        if (margin > 0) {
          const funded = margin < renewal ? margin : renewal;
          flow = margin - funded - fixed;
          hashratePh += (funded === renewal || !(renewal > 0) ? 1 : funded / renewal) * replaceShare * (asicPhPerJth / frontier - hashratePh);
        } else flow = -fixed;
      }
    }
    btc *= btcGrowth;
    frontier *= frontierGain;
    // the ledger's MW: those that stay, and those the book takes later
    dm *= km;
    const mw = M[m];
    const stayMw = mw < stay ? mw : stay;
    const flowStay = stayMw * flow;
    const flowMove = (mw - stayMw) * flow;
    pvStay += flowStay * dm;
    pvMove += flowMove * dm;
    yearStay += flowStay;
    yearMove += flowMove;
    yearDiscount += dm;
    if (++yearMonths === 12 || m === n - 1) {
      if (yearStay > 0) pvStay -= ((taxRate * yearStay) / yearMonths) * yearDiscount;
      if (yearMove > 0) pvMove -= ((taxRate * yearMove) / yearMonths) * yearDiscount;
      yearStay = 0;
      yearMove = 0;
      yearDiscount = 0;
      yearMonths = 0;
    }
  }
  const landRate = monthlyRate(p[I.ai_discount_rate] + p[I.residual_spread]);
  minedValue.transitional = pvMove;
  minedValue.staying = pvStay + M[n - 1] * p[I.powered_land_value_mw] * Math.pow(1 + landRate, -n);
}

/** Dilution at a trial price: equity and shares with the notes that convert and the warrants that are exercised. */
const trial = { equity: 0, shares: 0, convertibleDebt: 0, warrantCash: 0 };
function atPrice(c: CompanyPack, equityAllDebt: number, price: number): void {
  let equity = equityAllDebt;
  let shares = c.sharesBasic + c.rsus;
  let convertibleDebt = 0;
  let warrantCash = 0;
  const cv = c.convertibles;
  for (let i = 0; i < cv.length; i += 3) {
    const face = cv[i];
    const conversion = cv[i + 1];
    const capPrice = cv[i + 2];
    if (price > conversion) {
      equity += face;
      const n = face / conversion;
      // a capped call hands back the shares between the conversion price and the cap
      shares += capPrice === capPrice && capPrice > conversion ? n - (n * ((price < capPrice ? price : capPrice) - conversion)) / price : n;
    } else convertibleDebt += face;
  }
  const w = c.warrants;
  for (let i = 0; i < w.length; i += 2) {
    if (price > w[i + 1]) {
      equity += w[i] * w[i + 1];
      warrantCash += w[i] * w[i + 1];
      shares += w[i];
    }
  }
  trial.equity = equity;
  trial.shares = shares;
  trial.convertibleDebt = convertibleDebt;
  trial.warrantCash = warrantCash;
}

/**
 * The sum of the parts at the BTC price × btcFactor (after companyLeases): the
 * development options, mining (or the option on the MW that keep mining, where
 * converting them now is worth more), bitcoin, G&A, net debt, and value per share
 * at the fixed point P = E(P) / S(P), by bisection.
 */
export function companyValue(c: CompanyPack, btcFactor: number): void {
  const p = c.company;
  miningValue(c, btcFactor);
  const npv = co.npvStandard;
  const land = p[I.powered_land_value_mw];
  const pipelineLand = p[I.pipeline_land_value_mw];
  const leaseP = p[I.lease_probability];
  const development = Math.max(land, leaseP * npv);
  const secured = Math.max(pipelineLand, leaseP * npv);
  const pipelineValue = Math.max(pipelineLand, p[I.pipeline_lease_probability] * npv);
  const freedOption = co.freedMw > 0 ? development * co.freedMw * Math.pow(1 + p[I.ai_discount_rate] + p[I.development_spread], -c.miningEndMonth / 12) : 0;
  const convertNow = development * co.stayingMw;
  const converted = co.stayingMw > 0 && convertNow > minedValue.staying + freedOption;
  const uncontractedAi = development * co.uncontractedMw + secured * c.securedUnbuiltMw + (converted ? 0 : freedOption);
  const mining = minedValue.transitional + (converted ? convertNow : minedValue.staying);
  const pipeline = pipelineValue * c.pipelineMw;
  const btc = c.btcHeld * p[I.btc_price] * btcFactor;
  const ga = c.gaUsdYr * p[I.ga_multiple];
  const enterpriseValue = co.contractedAi + uncontractedAi + pipeline + mining + btc - ga;
  let debt = 0;
  for (let i = 0; i < c.debt.length; i += 3) debt += c.debt[i + 1] === 1 ? c.debt[i] : c.debt[i] * c.debt[i + 2];
  let faces = 0;
  for (let i = 0; i < c.convertibles.length; i += 3) faces += c.convertibles[i];
  const equityAllDebt = enterpriseValue - (debt + faces - c.cashUsd) - c.preferredUsd - c.minorityUsd;
  // the diluted price: E/S − P falls as P rises
  let price: number;
  atPrice(c, equityAllDebt, 0);
  if (!(trial.equity > 0)) price = trial.equity / trial.shares;
  else {
    let most = equityAllDebt;
    for (let i = 0; i < c.convertibles.length; i += 3) most += c.convertibles[i];
    for (let i = 0; i < c.warrants.length; i += 2) most += c.warrants[i] * c.warrants[i + 1];
    let lo = 0;
    let hi = (most / (c.sharesBasic + c.rsus)) * (1 + 1e-9) + 1e-9;
    for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
      const mid = 0.5 * (lo + hi);
      atPrice(c, equityAllDebt, mid);
      if (trial.equity / trial.shares - mid > 0) lo = mid;
      else hi = mid;
    }
    price = 0.5 * (lo + hi);
  }
  atPrice(c, equityAllDebt, price);
  const netDebt = debt + trial.convertibleDebt - c.cashUsd - trial.warrantCash;
  const equityValue = enterpriseValue - netDebt - c.preferredUsd - c.minorityUsd;
  co.uncontractedAi = uncontractedAi;
  co.pipeline = pipeline;
  co.mining = mining;
  co.btc = btc;
  co.ga = ga;
  co.enterpriseValue = enterpriseValue;
  co.netDebt = netDebt;
  co.equityValue = equityValue;
  co.dilutedShares = trial.shares;
  co.valuePerShare = equityValue / trial.shares;
}

/** COMPANY(ticker, "value_per_share"): NaN where the function gives an error. */
export function valuePerShareFloor(c: CompanyPack): number {
  companyLeases(c);
  if (!co.ok) return NaN;
  companyValue(c, 1);
  return co.valuePerShare;
}

/** ai_share_of_value after companyValue: AI parts over AI and mining parts; NaN (#NUM!) where those are not positive. */
export function aiShareOfValueFloor(): number {
  const ai = co.contractedAi + co.uncontractedAi + co.pipeline;
  const all = ai + co.mining;
  return all > 0 ? ai / all : NaN;
}

/** btc_beta after companyLeases: (E(1.01 BTC) − E(0.99 BTC)) / (0.02 E), NaN (#NUM!) where E is not positive; leaves co at the base (btcFactor 1). */
export function btcBetaFloor(c: CompanyPack): number {
  companyValue(c, 1.01);
  const up = co.equityValue;
  companyValue(c, 0.99);
  const down = co.equityValue;
  companyValue(c, 1);
  return co.equityValue > 0 ? (up - down) / (0.02 * co.equityValue) : NaN;
}

/** MINING_ECONOMICS(…, "cost_per_btc") at the company's inputs: power, opex less credits per BTC mined at the valuation date's hashprice. */
export function costPerBtcFloor(p: FloorInputs): number {
  const subsidy = subsidyAt(p[I.valuation_date], p[I.block_minutes]);
  const hashprice = ((144 * (subsidy + p[I.fees_btc_per_block])) / (p[I.network_hashrate_eh] * 1000)) * p[I.btc_price];
  const uptime = p[I.uptime];
  const hashratePh = ((1 / p[I.mining_overhead]) * 1e6) / p[I.efficiency_j_th] / 1000;
  const btcMined = (hashratePh * 365 * uptime * (1 - p[I.pool_fee]) * hashprice) / p[I.btc_price];
  return btcMined > 0 ? (8760 * uptime * p[I.power_price_mwh] + p[I.mining_opex_mw_yr] - p[I.curtailment_credit_mw_yr]) / btcMined : NaN;
}

/**
 * One row of COMPS with its default columns: value_per_share, enterprise_value,
 * ai_share_of_value, btc_beta, contracted_it_mw, energized_mw, hashrate_eh,
 * cost_per_btc (NaN where the function shows an error or #N/A), into `out` from `at`.
 */
export function compsRowFloor(c: CompanyPack, out: Float64Array, at: number): void {
  companyLeases(c);
  if (!co.ok) {
    out.fill(NaN, at, at + 5);
  } else {
    const beta = btcBetaFloor(c);
    out[at] = co.valuePerShare;
    out[at + 1] = co.enterpriseValue;
    out[at + 2] = aiShareOfValueFloor();
    out[at + 3] = beta;
    out[at + 4] = co.contractedItMw;
  }
  out[at + 5] = c.fieldEnergizedMw;
  out[at + 6] = c.fieldHashrateEh;
  out[at + 7] = c.fieldMiningMw === 0 ? NaN : costPerBtcFloor(c.company);
}
