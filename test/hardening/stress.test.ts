/**
 * A recalculation stress test: 10 000 formulas (every kind of function, preset
 * tickers, overrides, nested calls, some wrong on purpose) evaluated through the
 * FunctionHost stand-in (src/cli/host.ts, driven by dist/functions.json), five
 * times, with the workbook's preset table changing between rounds as a user's
 * Refresh would. No formula may fail outside Excel's error codes, identical
 * workbook states must give identical results, and memory must not grow from
 * one recalculation to the next.
 */
import * as v8 from 'v8';
import * as vm from 'vm';
import { parseFormula } from '../../src/cli/formula';
import { FunctionHost, Outcome, isError } from '../../src/cli/host';
import { INPUT_NAMES } from '../../src/engine/catalogue';
import { MODELS } from '../../src/engine/models';
import { store } from '../../src/presets/bundled';
import { implementations, loadDistMetadata, matrixProblem, storeSnapshot } from './excelArgs';

const metadata = loadDistMetadata();
const host = new FunctionHost(metadata, implementations(metadata));
const has = (id: string) => host.ids().includes(id);

/** A seeded generator (the formulas are the same in every run). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}
const rnd = lcg(20260120);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const between = (lo: number, hi: number) => lo + rnd() * (hi - lo);
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

const TICKERS = ['', ...store.tickers(), 'NOPE'];
const ticker = () => q(pick(TICKERS));
const metricOf = (model: string) => q(pick(MODELS[model].metrics.map((m) => m.name)));
const override = () =>
  pick([
    `"btc_price",${between(20000, 250000).toFixed(0)}`,
    `"power_price_mwh",${between(20, 90).toFixed(1)}`,
    `"lease_rate_kw_month",${between(80, 250).toFixed(0)}`,
    `"ai_mode","cloud"`,
    `"discount_rate",${between(0, 0.3).toFixed(3)}`,
    `"uptime",${between(0, 1).toFixed(2)}`,
    `{"pue",1.3;"occupancy",0.9}`,
    `"horizon_years",${1 + Math.floor(rnd() * 15)}`,
    `"build_months",${Math.floor(rnd() * 36)}`,
    `"efficiency_j_th",${between(10, 40).toFixed(1)}`,
    `"btc_price",-5`, // out of range: #VALUE!
    `"btc_prise",1`, // misspelt: #VALUE! with did you mean
  ]);
const overrides = () => (rnd() < 0.5 ? '' : ',' + Array.from({ length: 1 + Math.floor(rnd() * 3) }, override).join(','));

const makers: (() => string)[] = [
  () => `HASH_VS_LEASE(${ticker()},${metricOf('HASH_VS_LEASE')}${overrides()})`,
  () => `MINER_AI_YIELD(${ticker()},${metricOf('MINER_AI_YIELD')}${overrides()})`,
  () => `MINING_ECONOMICS(${ticker()},${metricOf('MINING_ECONOMICS')}${overrides()})`,
  () => `AI_ECONOMICS(${ticker()},${metricOf('AI_ECONOMICS')}${overrides()})`,
  () => `HASHPRICE(${between(10000, 200000).toFixed(0)},${between(300, 3000).toFixed(0)})`,
  () => `HASHPRICE(PRESET(${ticker()},"btc_price"),INPUT(${ticker()},"network_hashrate_eh"))`,
  () => `HASHVALUE(${between(300, 3000).toFixed(0)},,${pick(['', '3.125', '1.5625'])})`,
  () => `NETWORK_HASHRATE(${between(1e13, 3e14).toExponential(3)})`,
  () => `BLOCK_SUBSIDY(${Math.floor(between(39816, 73051))})`,
  () => `NEXT_HALVING(${pick(['', '"2026-01-01"', String(Math.floor(between(39816, 60000)))])})`,
  () => `COST_PER_BTC(${between(20, 90).toFixed(0)},${between(12, 30).toFixed(1)},${between(500, 2000).toFixed(0)})`,
  () => `BREAKEVEN_POWER_PRICE(${between(20, 80).toFixed(2)},${between(12, 30).toFixed(1)})`,
  () => `COLO_REVENUE(${between(50, 250).toFixed(0)},${between(1.1, 1.5).toFixed(2)})`,
  () => `GPU_CLOUD_REVENUE(${between(1, 4).toFixed(2)})`,
  () => `DEAL_RATE(${between(1e8, 1e10).toFixed(0)},${pick([5, 10, 15])},${between(10, 300).toFixed(0)})`,
  () => `PRESET(${ticker()},${rnd() < 0.2 ? '' : q(pick(INPUT_NAMES))})`,
  () => `PRESETS()`,
  () => `PRESET_ASOF(${ticker()})`,
  () => `INPUT(${ticker()},${q(pick(INPUT_NAMES))}${overrides()})`,
  () => `INPUT_SOURCE(${ticker()},${q(pick(INPUT_NAMES))}${overrides()})`,
  () => `HASHPRICE("lots",1100)`, // wrong on purpose
  () => `INPUT(${ticker()},"btc_pric")`, // did you mean
];
if (has('PROJECTION')) makers.push(() => `PROJECTION(${ticker()},${1 + Math.floor(rnd() * 24)})`);
if (has('SENSITIVITY'))
  makers.push(() => `SENSITIVITY(${ticker()},"HASH_VS_LEASE","npv_delta","btc_price",{60000,100000,140000},"lease_rate_kw_month",{120;150})`);
if (has('LEASE_WIN_PROB')) makers.push(() => `LEASE_WIN_PROB(${ticker()},2,0.6,40,${Math.floor(rnd() * 50)})`);
if (has('LEASE_NPV_PERCENTILES')) makers.push(() => `LEASE_NPV_PERCENTILES(${ticker()},2,0.6,40,${Math.floor(rnd() * 50)})`);

const FORMULAS = Array.from({ length: 10_000 }, () => pick(makers)());

/** A collectable heap without changing the test command (jest runs without --expose-gc). */
function gcFunction(): (() => void) | undefined {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/** 32-bit FNV-1a of a string. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function outcomeProblem(o: Outcome): string | undefined {
  if (isError(o)) {
    if (!['#VALUE!', '#N/A', '#NUM!'].includes(o.error)) return `error ${o.error}`;
    if (o.error !== '#NUM!' && !o.message) return `${o.error} without a message`;
    if (/unlabelled exception|could not evaluate this call/.test(o.message)) return o.message;
    return undefined;
  }
  const v = o.value;
  if (Array.isArray(v)) return matrixProblem(v);
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : `not finite: ${v}`;
  return typeof v === 'string' || typeof v === 'boolean' ? undefined : `odd value ${String(v)}`;
}

/** The workbook's preset table as a Refresh would set it: two states, alternating. */
const LAYERS = [
  new Map([['RIOT', new Map<string, number | string>([['power_price_mwh', 39]])]]),
  new Map([
    ['RIOT', new Map<string, number | string>([['power_price_mwh', 55]])],
    ['', new Map<string, number | string>([['btc_price', 90000]])],
  ]),
];

test('10 000 formulas, five recalculations: no failure, same state gives same results, memory bounded', () => {
  const gc = gcFunction();
  const original = store.workbookLayer();
  const heap: number[] = [];
  const results: number[][] = []; // a hash per formula, so the test itself holds no growing data
  let values = 0;
  try {
    for (let round = 1; round <= 5; round++) {
      store.setWorkbookLayer(LAYERS[(round - 1) % 2]);
      const out = new Uint32Array(FORMULAS.length);
      for (let i = 0; i < FORMULAS.length; i++) {
        const f = FORMULAS[i];
        const o = host.evaluate(parseFormula(f));
        const p = outcomeProblem(o);
        if (p) throw new Error(`=${f}: ${p}`);
        if (!isError(o)) values++;
        out[i] = fnv1a(JSON.stringify(o));
      }
      results.push(Array.from(out));
      gc?.();
      heap.push(process.memoryUsage().heapUsed);
    }
  } finally {
    store.setWorkbookLayer(original);
  }
  // identical workbook states (rounds 1, 3, 5 and rounds 2, 4) give identical results, formula by formula
  expect(results[2]).toEqual(results[0]);
  expect(results[4]).toEqual(results[0]);
  expect(results[3]).toEqual(results[1]);
  // the two states differ somewhere (the refresh reached the functions)
  expect(results[1]).not.toEqual(results[0]);
  // most formulas are meant to work
  expect(values / (5 * FORMULAS.length)).toBeGreaterThan(0.6);
  // memory: heap after recalculation 5 within a bound of recalculation 2 (after a full GC when available)
  const growthMb = (heap[4] - heap[1]) / 1e6;
  if (process.env.BTCAI_STRESS_REPORT) process.stdout.write(`heap MB by round: ${heap.map((h) => (h / 1e6).toFixed(1)).join(', ')}; gc: ${gc ? 'yes' : 'no'}\n`);
  expect(growthMb).toBeLessThan(gc ? 5 : 20);
}, 120_000);

test('the stress test leaves the preset store as it found it', () => {
  const before = storeSnapshot();
  store.setWorkbookLayer(store.workbookLayer());
  const after = JSON.parse(storeSnapshot());
  expect({ ...after, version: 0 }).toEqual({ ...JSON.parse(before), version: 0 });
});
