/**
 * `npm run bench` (built by webpack.bench.js, run by scripts/bench.js): times each
 * case of bench/cases.ts against its floor in the same run and prints the figures as
 * JSON on stdout (progress on stderr). scripts/bench.js adds the bundle sizes and
 * renders the text report or docs/performance.md from this JSON.
 *
 * Timing: a warm-up (at least 3 runs of each side and 300 ms), then `reps` rounds,
 * each timing one run of the function and one of the floor, in alternating order so
 * drift in the machine's load falls on both. Each run's time is the CPU time the
 * process spent (process.cpuUsage: user + system), which on an idle machine is the
 * wall time and on a busy one leaves out the time other processes held the CPU; the
 * wall time is recorded beside it. Reported: medians, quartiles, and the median of
 * the per-round ratios (function / floor). Not part of `npm test`: times depend on
 * the machine; test/bench/floors.test.ts checks the floors' numbers.
 *
 * Flags: --only=id,id  run only those cases; --quick  a third of the rounds.
 */
/* eslint-disable no-console */
import * as os from 'os';
import { BenchCase, benchCases, firstDifference } from './cases';
import { hyperFormulaComparison } from './spreadsheet';

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface CaseFigures {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  /** ms per run, or units per second for throughput cases */
  readonly value: number;
  /** CPU time per run (ms). */
  readonly ms: { readonly median: number; readonly p25: number; readonly p75: number };
  readonly floorMs: { readonly median: number; readonly p25: number; readonly p75: number };
  /** Wall time per run (ms), for comparison: above the CPU time when other processes took the CPU. */
  readonly wallMs: { readonly median: number; readonly floorMedian: number };
  readonly floorValue: number;
  /** Median over rounds of (function time / floor time). */
  readonly ratio: number;
  readonly target: string;
  readonly ok: boolean | null;
  readonly floorWhat: string;
  readonly limitedBy: string;
  readonly reps: number;
  readonly checksum: number;
  /** The time per unit (a call, a run) over that of one unit of the per-MW case `case` (its median, this run). */
  perMw?: { readonly case: string; readonly ratio: number };
}

const quantile = (sorted: number[], q: number): number => {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo] + (i - lo) * (sorted[Math.min(sorted.length - 1, lo + 1)] - sorted[lo]);
};
const summary = (xs: number[]): { median: number; p25: number; p75: number } => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: quantile(s, 0.5), p25: quantile(s, 0.25), p75: quantile(s, 0.75) };
};

let rep = 0; // every run gets a new rep number: new inputs, never a cache hit
let checksum = 0;

/** One run: [CPU ms, wall ms]. */
function timeOnce(fn: (rep: number) => number): [number, number] {
  const r = rep++;
  const c0 = process.cpuUsage();
  const t0 = now();
  checksum += fn(r);
  const wall = now() - t0;
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1000, wall];
}

function measure(c: BenchCase, quick: boolean): CaseFigures {
  const diff = firstDifference(c);
  if (diff) throw new Error(`bench: the floor does not compute the function's numbers: ${diff}`);
  const before = checksum;
  // warm-up
  const warmStart = now();
  for (let i = 0; i < 3 || now() - warmStart < 300; i++) {
    timeOnce((r) => c.engine(r));
    timeOnce((r) => c.floor(r));
  }
  const reps = quick ? Math.max(3, Math.ceil(c.reps / 3)) : c.reps;
  const engineMs: number[] = [];
  const floorMs: number[] = [];
  const engineWall: number[] = [];
  const floorWall: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < reps; i++) {
    let e: [number, number];
    let f: [number, number];
    if (i % 2 === 0) {
      e = timeOnce((r) => c.engine(r));
      f = timeOnce((r) => c.floor(r));
    } else {
      f = timeOnce((r) => c.floor(r));
      e = timeOnce((r) => c.engine(r));
    }
    engineMs.push(e[0]);
    floorMs.push(f[0]);
    engineWall.push(e[1]);
    floorWall.push(f[1]);
    ratios.push(e[0] / f[0]);
  }
  const ms = summary(engineMs);
  const floorSummary = summary(floorMs);
  const ratio = summary(ratios).median;
  const value = c.rate ? (c.rate.units / ms.median) * 1000 : ms.median;
  const floorValue = c.rate ? (c.rate.units / floorSummary.median) * 1000 : floorSummary.median;
  const t = c.target;
  const checks: boolean[] = [];
  if (t.maxMs !== undefined) checks.push(ms.median <= t.maxMs);
  if (t.minPerSecond !== undefined) checks.push(value >= t.minPerSecond);
  if (t.maxFloorRatio !== undefined) checks.push(ratio <= t.maxFloorRatio);
  return {
    id: c.id,
    title: c.title,
    unit: c.rate ? c.rate.unit : 'ms',
    value,
    ms,
    floorMs: floorSummary,
    wallMs: { median: summary(engineWall).median, floorMedian: summary(floorWall).median },
    floorValue,
    ratio,
    target: t.text,
    ok: checks.length === 0 ? null : checks.every(Boolean),
    floorWhat: c.floorWhat,
    limitedBy: c.limitedBy,
    reps,
    checksum: checksum - before,
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  const quick = args.includes('--quick');
  const cpus = os.cpus();
  const machine = { node: process.version, cpus: cpus.length, cpu: cpus[0]?.model?.trim() ?? '', loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100) };
  console.error(`BTCAI bench: Node ${machine.node}, ${machine.cpus} CPU(s) ${machine.cpu}, load ${machine.loadAverage.join(' ')}`);
  const cases: CaseFigures[] = [];
  const all = benchCases();
  // a case reported against a per-MW case needs that case measured in the same run
  const wanted = only ? new Set([...only, ...all.filter((c) => only.includes(c.id) && c.perMw).map((c) => c.perMw!)]) : undefined;
  for (const c of all) {
    if (wanted && !wanted.has(c.id)) continue;
    const f = measure(c, quick);
    const fmt = (x: number): string => (f.unit === 'ms' ? `${x.toFixed(1)} ms` : `${Math.round(x).toLocaleString('en-US')} ${f.unit}`);
    console.error(`${c.id}: ${fmt(f.value)}; floor ${fmt(f.floorValue)}; ${f.ratio.toFixed(2)}× the floor; target ${f.target}${f.ok === null ? '' : f.ok ? ' [ok]' : ' [MISSED]'}`);
    cases.push(f);
  }
  // time per unit against the per-MW case's, both medians of this run
  const perUnitMs = (f: CaseFigures): number => (f.unit === 'ms' ? f.ms.median : f.ms.median / (all.find((c) => c.id === f.id)!.rate!.units));
  for (const c of all) {
    const f = cases.find((x) => x.id === c.id);
    const base = cases.find((x) => x.id === c.perMw);
    if (!f || !base) continue;
    f.perMw = { case: base.id, ratio: perUnitMs(f) / perUnitMs(base) };
    console.error(`${c.id}: ${f.perMw.ratio.toFixed(1)}× one ${base.id} call (same run)`);
  }
  const comparisons = only && !only.includes('hyperformula_sites') ? [] : [hyperFormulaComparison()];
  for (const c of comparisons) console.error(`${c.id}: BTCAI ${c.btcaiMs.toFixed(1)} ms; HyperFormula recalculation ${c.hyperformulaRecalcMs.toFixed(1)} ms (${c.ratio.toFixed(2)}×)`);
  const out = { schema: 1, date: new Date().toISOString(), machine, cases, comparisons, checksumLive: checksum !== 0 };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main();
