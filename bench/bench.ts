/**
 * `npm run bench`: speed of the scenario functions and the wrapper path, each
 * against a baseline measured in the same run on the same machine, plus the
 * bundle sizes. Not part of the tests: timings depend on the machine and its load.
 * Targets (issue 5) are printed next to each figure; a miss is flagged, not fatal.
 */
/* eslint-disable no-console */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import * as F from '../src/functions/functions';
import { Inputs } from '../src/engine/catalogue';
import { miningTerms } from '../src/engine/cashflows';
import { monthlyFromAnnualRate } from '../src/engine/finance';
import { SimulationParams } from '../src/engine/montecarlo';
import { NETWORK_LAG_MONTHS, subsidyBtcAtSerial } from '../src/engine/network';
import { ValuationParams, compareWithMining, singleDelivery, valueAi } from '../src/engine/valuation';
import { Rng, ZF, ZIGGURAT_R, ZK, ZW } from '../src/engine/rng';
import { store } from '../src/presets/bundled';

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Median wall time (ms) of `reps` runs of fn, after `warm` unmeasured runs. */
function medianMs(fn: () => void, reps: number, warm = 2): number {
  for (let i = 0; i < warm; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = now();
    fn();
    t.push(now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

const rows: string[][] = [];
function report(name: string, value: string, baseline: string, ratio: string, target: string, ok: boolean | null): void {
  rows.push([name, value, baseline, ratio, target, ok === null ? '' : ok ? 'ok' : 'MISSED']);
  console.log(`${name}\n  ${value}${baseline ? `; baseline ${baseline}` : ''}${ratio ? `; ratio ${ratio}` : ''}${target ? `; target ${target}` : ''}${ok === null ? '' : ok ? ' [ok]' : ' [MISSED]'}`);
}
const fmt = (x: number, d = 1): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const perSec = (msPerBatch: number, batch: number): number => (batch / msPerBatch) * 1000;
const ov = (o: Record<string, number | string>): never => [Object.entries(o)] as never;
let sink = 0; // results feed this so no loop is optimised away

// ---- 1. scalar HASH_VS_LEASE(…, "delta") through the wrapper vs the bare arithmetic ----

/** The delta on plain numbers: colo AI EBITDA − mining EBITDA per gross MW per year. */
function deltaBare(p: Inputs, subsidy: number): number {
  const hp = (144 * (subsidy + (p.fees_btc_per_block as number)) * (p.btc_price as number)) / ((p.network_hashrate_eh as number) * 1000);
  const hashratePh = ((1 / (p.mining_overhead as number)) * 1e6) / (p.efficiency_j_th as number) / 1000;
  const uptime = p.uptime as number;
  const mining = hashratePh * hp * 365 * uptime * (1 - (p.pool_fee as number)) - 8760 * uptime * (p.power_price_mwh as number) - (p.mining_opex_mw_yr as number) + (p.curtailment_credit_mw_yr as number);
  const itMw = 1 / (p.pue as number);
  const ai = itMw * 1000 * (p.lease_rate_kw_month as number) * 12 * (p.occupancy as number) - itMw * (p.ai_opex_mw_it_yr as number) - (1 - (p.power_pass_through as number)) * 8760 * (p.load_factor as number) * (p.power_price_mwh as number);
  return ai - mining;
}

function benchDelta(): void {
  const N = 200_000;
  const riot = store.base('RIOT') as Inputs;
  const subsidy = subsidyBtcAtSerial(riot.valuation_date as number, riot.block_minutes as number);
  const wrapperValue = (F.hashVsLease('RIOT', 'delta', [] as never) as number[][])[0][0];
  const bareValue = deltaBare(riot, subsidy);
  if (Math.abs(wrapperValue - bareValue) > 1e-6 * Math.abs(bareValue)) throw new Error(`bench: bare delta ${bareValue} differs from the wrapper's ${wrapperValue}`);
  const wrapper = medianMs(() => {
    for (let i = 0; i < N; i++) sink += (F.hashVsLease('RIOT', 'delta', [] as never) as number[][])[0][0];
  }, 7);
  const bare = medianMs(() => {
    for (let i = 0; i < N; i++) sink += deltaBare(riot, subsidyBtcAtSerial(riot.valuation_date as number, riot.block_minutes as number));
  }, 7);
  const w = perSec(wrapper, N);
  report('HASH_VS_LEASE("RIOT","delta") via the wrapper (adapter, precedence chain, engine)', `${fmt(w, 0)} calls/s`, `bare arithmetic ${fmt(perSec(bare, N), 0)}/s`, `${fmt(wrapper / bare)}× the bare time`, '≥ 500 000/s', w >= 500_000);
  const ovr = ov({ btc_price: 120000, power_price_mwh: 40 });
  const withOv = medianMs(() => {
    for (let i = 0; i < N; i++) sink += (F.hashVsLease('RIOT', 'delta', ovr) as number[][])[0][0];
  }, 7);
  report('  same, with two name/value overrides', `${fmt(perSec(withOv, N), 0)} calls/s`, '', `${fmt(withOv / bare)}× the bare time`, '', null);
}

// ---- 2. npv_delta (120 monthly steps) --------------------------------------------

/** npv_delta through the engine's own functions, no wrapper (the baseline): valueAi + compareWithMining. */
function npvDeltaEngine(p: ValuationParams): number {
  const v = valueAi(p, singleDelivery(p.build_months));
  if ('kind' in v) throw new Error(v.message);
  return compareWithMining(p, v).npvDelta;
}

/** Turn 1's targets were set on 120 monthly steps: terminal_method "none" over horizon_years 10 is that workload. */
const NONE_10 = { terminal_method: 'none', horizon_years: 10 };

function benchNpvDelta(): void {
  const N = 20_000;
  const base = { ...(store.base('') as Inputs), ...NONE_10 } as unknown as ValuationParams;
  const ovNone = ov(NONE_10);
  const wrapper = medianMs(() => {
    for (let i = 0; i < N; i++) sink += (F.hashVsLease('', 'npv_delta', ovNone) as number[][])[0][0];
  }, 7);
  const engine = medianMs(() => {
    for (let i = 0; i < N; i++) sink += npvDeltaEngine(base);
  }, 7);
  const w = perSec(wrapper, N);
  report('HASH_VS_LEASE("","npv_delta","terminal_method","none"), 120 monthly steps, via the wrapper', `${fmt(w, 0)} calls/s`, `engine (valueAi + compareWithMining, no wrapper) ${fmt(perSec(engine, N), 0)}/s`, `${fmt(wrapper / engine)}×`, '≥ 100 000/s', w >= 100_000);
  const full = medianMs(() => {
    for (let i = 0; i < N; i++) sink += (F.hashVsLease('', 'npv_delta', [] as never) as number[][])[0][0];
  }, 7);
  const months = (valueAi(store.base('') as unknown as ValuationParams, singleDelivery(12)) as { months: number }).months;
  const f = perSec(full, N);
  report(`  default terminal_method "renewal": ${months} monthly steps plus the terminal year (for reference)`, `${fmt(f, 0)} calls/s`, '', '', `(the 120-step target scaled to ${months} steps would be ${fmt((100_000 * 120) / months, 0)}/s)`, null);
}

// ---- 3. SENSITIVITY 50 × 50 of npv_delta ----------------------------------------

function benchSensitivity(): void {
  const xs = [Array.from({ length: 50 }, (_, i) => 60000 + i * 2000)];
  const ys = Array.from({ length: 50 }, (_, i) => [100 + i * 2]);
  const ovNone = ov(NONE_10);
  const ms = medianMs(() => {
    const g = F.sensitivity('', 'HASH_VS_LEASE', 'npv_delta', 'btc_price', xs, 'lease_rate_kw_month', ys, ovNone);
    sink += g[1][1] as number;
  }, 9);
  const base = { ...(store.base('') as Inputs), ...NONE_10 };
  const cell = medianMs(() => {
    for (let i = 0; i < 2500; i++) sink += npvDeltaEngine({ ...base, btc_price: 60000 + (i % 50) * 2000, lease_rate_kw_month: 100 + Math.floor(i / 50) * 2 } as never);
  }, 9);
  report('SENSITIVITY 50×50 of npv_delta, 120 monthly steps (terminal_method "none")', `${fmt(ms)} ms`, `2 500 engine npv_delta evaluations ${fmt(cell)} ms`, `${fmt(ms / cell)}×`, '< 30 ms', ms < 30);
  const full = medianMs(() => {
    const g = F.sensitivity('', 'HASH_VS_LEASE', 'npv_delta', 'btc_price', xs, 'lease_rate_kw_month', ys);
    sink += g[1][1] as number;
  }, 9);
  report('  same, default terminal_method "renewal" (252 monthly steps + terminal year; for reference)', `${fmt(full)} ms`, '', '', '(the 120-step target scaled to 252 steps would be 63 ms)', null);
}

// ---- 4. LEASE_WIN_PROB 10 000 paths × 120 months vs a hand-written loop ---------

/** The same simulation written as one function over Float64Arrays, the generator and the mining rules inlined (the baseline). */
function handWrittenSimulation(p: SimulationParams, paths: number, seed: number, sigma: number): number {
  const v = valueAi(p, singleDelivery(p.build_months));
  if ('kind' in v) throw new Error(v.message);
  const cmp = compareWithMining(p, v);
  const path = cmp.mining;
  const n = path.months;
  const k = 1 / (1 + monthlyFromAnnualRate(p.mining_discount_rate));
  const disc = new Float64Array(n);
  for (let m = 0, fac = 1; m < n; m++) disc[m] = fac *= k;
  const land = cmp.landValue;
  const aiSum = v.pvContract + v.pvResidual;
  const landTerm = (v.terminalValue > land ? v.terminalValue : land) * v.horizonDiscount - land * v.horizonDiscount;
  const conv = v.flows.convertedShare;
  const t = miningTerms(p);
  const num = path.hashpriceNumerator;
  const be = path.breakevenHashprice;
  const fr = path.frontierPh;
  const hp0 = path.hashpriceToday;
  const g = path.baseMonthlyGrowth;
  const lag = NETWORK_LAG_MONTHS;
  const growth = (hpLag: number, b: number): number => {
    if (!(g > 0)) return 1 + g;
    const c = (hpLag / b - 1) / 0.5;
    return 1 + g * (c < -0.5 ? -0.5 : c > 1 ? 1 : c);
  };
  const net0 = p.network_hashrate_eh * Math.sqrt(growth(hp0, be[0]));
  const drift0 = -0.5 * sigma * sigma * (0.5 / 12);
  const sd0 = sigma * Math.sqrt(0.5 / 12);
  const drift = -0.5 * sigma * sigma * (1 / 12);
  const sd = sigma * Math.sqrt(1 / 12);
  const rng = new Rng(seed);
  let [a, b, c, d] = rng.getState();
  const hp = new Float64Array(n);
  let wins = 0;
  for (let i = 0; i < paths; i++) {
    let x = 0;
    let net = net0;
    let H = t.hashratePh0;
    let neg = 0;
    let off = false;
    let acc = 0;
    for (let m = 0; m < n; m++) {
      // xoshiro128** and the ziggurat's fast path, inline
      const r = Math.imul(b, 5);
      const u = Math.imul((r << 7) | (r >>> 25), 9);
      const tt = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= tt;
      d = (d << 11) | (d >>> 21);
      const layer = u & 127;
      const j = u >> 7;
      let z: number;
      if (Math.abs(j) < ZK[layer]) z = j * ZW[layer];
      else {
        // the rare path: hand the state to the generator's own slow path
        const gen = Rng.fromState(a, b, c, d);
        z = slowNormal(gen, j, layer);
        [a, b, c, d] = gen.getState();
      }
      x += m === 0 ? drift0 + sd0 * z : drift + sd * z;
      if (m > 0) net *= growth(m >= lag ? hp[m - lag] : hp0, be[m]);
      const h = (num[m] * Math.exp(x)) / net;
      hp[m] = h;
      // the fleet: off below power, mothballed after the lag, renewal funded out of the margin
      const margin = t.revenuePerPhHashprice * H * h - t.powerMonth;
      const on = (margin > 0 ? margin : 0) - t.fixedMonth;
      let flow = 0;
      if (off && on > 0) {
        off = false;
        neg = 0;
      }
      if (!off) {
        if (on < 0 && ++neg > lag) off = true;
        else {
          if (on >= 0) neg = 0;
          if (margin > 0) {
            const funded = margin < t.renewalMonth ? margin : t.renewalMonth;
            flow = margin - funded - t.fixedMonth;
            H += (t.renewalMonth > 0 ? funded / t.renewalMonth : 1) * t.replaceShareMonth * (fr[m] - H);
          } else flow = -t.fixedMonth;
        }
      }
      acc += flow * disc[m] * conv[m];
    }
    if (aiSum - acc + landTerm > 0) wins++;
  }
  return wins / paths;
}

/** The ziggurat's wedge/tail path with a generator's uniforms (same arithmetic as rng.ts). */
function slowNormal(g: Rng, j: number, layer: number): number {
  for (;;) {
    if (layer === 0) {
      let x: number;
      let y: number;
      do {
        x = -Math.log(g.uniform()) / ZIGGURAT_R;
        y = -Math.log(g.uniform());
      } while (y + y < x * x);
      return j > 0 ? ZIGGURAT_R + x : -ZIGGURAT_R - x;
    }
    const x = j * ZW[layer];
    if (ZF[layer] + g.uniform() * (ZF[layer - 1] - ZF[layer]) < Math.exp(-0.5 * x * x)) return x;
    const u = g.nextUint32();
    layer = u & 127;
    j = (u | 0) >> 7;
    if (Math.abs(j) < ZK[layer]) return j * ZW[layer];
  }
}

function benchMonteCarlo(): void {
  const p = { ...(store.base('') as Inputs), ...NONE_10 } as unknown as SimulationParams;
  const viaWrapper = (F.leaseWinProb('', 10, 0.5, 10000, 1) as number[][])[0][0];
  const hand = handWrittenSimulation(p, 10000, 1, 0.5);
  if (viaWrapper !== hand) throw new Error(`bench: hand-written simulation gives ${hand}, LEASE_WIN_PROB ${viaWrapper}`);
  let seed = 100; // a new seed each run, so the functions' result cache never answers
  const ms = medianMs(() => {
    sink += (F.leaseWinProb('', 10, 0.5, 10000, seed++) as number[][])[0][0];
  }, 9);
  const base = medianMs(() => {
    sink += handWrittenSimulation(p, 10000, seed++, 0.5);
  }, 9);
  report(
    'LEASE_WIN_PROB 10 000 paths × 120 months via the wrapper',
    `${fmt(ms)} ms (${fmt((ms * 1e6) / 1.2e6, 0)} ns per path-month)`,
    `hand-written Float64Array loop ${fmt(base)} ms (same result: ${hand})`,
    `${fmt(ms / base, 2)}×`,
    '< 150 ms and ≤ 2× the baseline',
    ms < 150 && ms <= 2 * base,
  );
}

// ---- 5. 10 000 sites as spreadsheet formulas (HyperFormula) vs BTCAI -----------

function benchSpreadsheet(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { HyperFormula } = require('hyperformula');
  const SITES = 10_000;
  const site = (i: number) => ({ power_price_mwh: 30 + (i % 40), efficiency_j_th: 15 + (i % 10), lease_rate_kw_month: 120 + (i % 60), pue: 1.15 + (i % 20) * 0.01 });
  const m = store.base('') as Inputs;
  const subsidy = subsidyBtcAtSerial(m.valuation_date as number, m.block_minutes as number);
  // shared assumptions in row 1 (A..N), one site per row below: mining EBITDA, AI EBITDA and delta as plain formulas
  const shared = [m.btc_price, m.network_hashrate_eh, m.fees_btc_per_block, subsidy, m.mining_overhead, m.uptime, m.pool_fee, m.mining_opex_mw_yr, m.curtailment_credit_mw_yr, m.occupancy, m.ai_opex_mw_it_yr, m.power_pass_through, m.load_factor];
  const sheet: (number | string)[][] = [[...(shared as number[]), '=144*(D1+C1)*A1/(B1*1000)']];
  for (let i = 0; i < SITES; i++) {
    const s = site(i);
    const r = i + 2;
    sheet.push([
      s.power_price_mwh,
      s.efficiency_j_th,
      s.lease_rate_kw_month,
      s.pue,
      `=1000000/$E$1/B${r}/1000*$N$1*365*$F$1*(1-$G$1)-8760*$F$1*A${r}-$H$1+$I$1`,
      `=(1/D${r})*1000*C${r}*12*$J$1-(1/D${r})*$K$1-(1-$L$1)*8760*$M$1*A${r}`,
      `=F${r}-E${r}`,
    ]);
  }
  let hf: { setCellContents: (a: object, v: unknown) => void; getCellValue: (a: object) => unknown; destroy: () => void } | undefined;
  const build = medianMs(() => {
    hf?.destroy();
    hf = HyperFormula.buildFromArray(sheet, { licenseKey: 'gpl-v3' });
  }, 3, 1);
  let price = 100000;
  const recalc = medianMs(() => {
    hf!.setCellContents({ sheet: 0, row: 0, col: 0 }, [[(price += 1000)]]);
  }, 5, 1);
  hf!.setCellContents({ sheet: 0, row: 0, col: 0 }, [[m.btc_price]]);
  const hfDelta = hf!.getCellValue({ sheet: 0, row: 1, col: 6 }) as number;
  const overrides = Array.from({ length: SITES }, (_, i) => ov(site(i)));
  const btcaiDelta = (F.hashVsLease('', 'delta', overrides[0]) as number[][])[0][0];
  if (Math.abs(hfDelta - btcaiDelta) > 1e-6 * Math.abs(btcaiDelta)) throw new Error(`bench: HyperFormula delta ${hfDelta} differs from BTCAI ${btcaiDelta}`);
  const btcai = medianMs(() => {
    for (let i = 0; i < SITES; i++) sink += (F.hashVsLease('', 'delta', overrides[i]) as number[][])[0][0];
  }, 7);
  hf!.destroy();
  report(
    '10 000-site model: delta per site',
    `BTCAI: 10 000 × HASH_VS_LEASE("","delta", 4 overrides) ${fmt(btcai)} ms`,
    `HyperFormula plain formulas (30 000 cells): recalc after a btc_price edit ${fmt(recalc)} ms, build ${fmt(build)} ms`,
    `recalc / BTCAI = ${fmt(recalc / btcai, 2)}×`,
    '',
    null,
  );
}

// ---- 6. bundle sizes -------------------------------------------------------------

function benchBundles(): void {
  for (const [file, limitKb] of [['functions.js', 60], ['taskpane.js', 250]] as const) {
    const p = path.resolve(__dirname, '..', 'dist', file);
    const raw = fs.readFileSync(p);
    const gz = zlib.gzipSync(raw, { level: 9 }).length / 1024;
    const hfInside = raw.includes('HyperFormula') ? ' (CONTAINS HyperFormula!)' : '';
    report(`dist/${file}`, `${fmt(raw.length / 1024)} KB, ${fmt(gz)} KB gzipped${hfInside}`, '', '', `≤ ${limitKb} KB gzipped`, gz <= limitKb && !hfInside);
  }
}

function main(): void {
  console.log(`BTCAI bench: Node ${process.version}, ${require('os').cpus().length} CPU(s) ${require('os').cpus()[0]?.model ?? ''}, load ${require('os').loadavg().map((x: number) => x.toFixed(2)).join(' ')}\n`);
  benchDelta();
  benchNpvDelta();
  benchSensitivity();
  benchMonteCarlo();
  benchSpreadsheet();
  benchBundles();
  const missed = rows.filter((r) => r[5] === 'MISSED').length;
  console.log(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`} (sink ${sink === 0 ? 0 : 1})`);
}

main();
