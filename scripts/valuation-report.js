#!/usr/bin/env node
// Valuation before/after report for the bundled presets, run against the built CLI
// (dist/cli.js, through the same function host as `btcai eval --json`).
//
//   node scripts/valuation-report.js --record FILE [--commit SHA]   write the figures of this build as JSON
//   node scripts/valuation-report.js [--before FILE] [--json]        print the markdown table (before | after)
//
// The "before" fixture of the turn-1 engine is test/fixtures/valuation-before.json.
// Metrics that did not exist in a build are recorded as null and shown as "n/a".
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const cli = require(path.join(root, 'dist', 'cli.js'));
const host = cli.hostFor(cli.loadMetadata(path.join(root, 'dist')));

/** One formula through the host: a number, or null when it is an error or not a number. */
function evalNumber(formula) {
  const r = cli.evalCommand(host, formula, true);
  if (r.code !== 0) return null;
  const o = JSON.parse(r.out);
  if (o.error) return { error: o.error };
  const v = Array.isArray(o.value) ? o.value[0][0] : o.value;
  return typeof v === 'number' ? v : null;
}

const TICKERS = ['IREN', 'RIOT', 'CLSK', 'CORZ', 'HUT', 'CIFR', 'WULF', 'MARA', 'KEEL', 'BTDR', 'HIVE', 'APLD'];
/** A preset recorded under its former ticker (Bitfarms, now Keel, BITF kept as an alias). */
const FORMERLY = { KEEL: 'BITF' };

/** The figures of the table, each a formula per ticker. */
const METRICS = {
  yield: (t) => `MINER_AI_YIELD("${t}","yield")`,
  irr: (t) => `MINER_AI_YIELD("${t}","irr")`,
  npv: (t) => `MINER_AI_YIELD("${t}","npv")`,
  terminal_value: (t) => `MINER_AI_YIELD("${t}","terminal_value")`,
  residual_value: (t) => `MINER_AI_YIELD("${t}","residual_value")`,
  capex: (t) => `MINER_AI_YIELD("${t}","capex")`,
  ebitda: (t) => `MINER_AI_YIELD("${t}","ebitda")`,
  delta: (t) => `HASH_VS_LEASE("${t}","delta")`,
  npv_delta: (t) => `HASH_VS_LEASE("${t}","npv_delta")`,
  economic_delta: (t) => `HASH_VS_LEASE("${t}","economic_delta")`,
  breakeven_btc_price: (t) => `HASH_VS_LEASE("${t}","breakeven_btc_price")`,
  economic_breakeven_btc_price: (t) => `HASH_VS_LEASE("${t}","economic_breakeven_btc_price")`,
  lease_win_prob: (t) => `LEASE_WIN_PROB("${t}")`,
  cost_per_btc: (t) => `MINING_ECONOMICS("${t}","cost_per_btc")`,
};

function record() {
  const out = {};
  for (const t of TICKERS) {
    out[t] = {};
    for (const [name, f] of Object.entries(METRICS)) {
      const v = evalNumber(f(t));
      out[t][name] = v === null || typeof v === 'object' ? null : v;
    }
  }
  return out;
}

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const pct = (x) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)} %`);
const musd = (x) => (x === null || x === undefined ? 'n/a' : `${(x / 1e6).toFixed(0)} M`);
const kusd = (x) => (x === null || x === undefined ? 'n/a' : `${(x / 1e3).toFixed(0)} k`);
const prob = (x) => (x === null || x === undefined ? 'n/a' : x.toFixed(2));
const pair = (fmt, b, a) => `${fmt(b)} → ${fmt(a)}`;

function table(before, after) {
  const lines = [];
  lines.push('| preset | yield (year-1 NOI ÷ capex) | IRR | NPV (USD) | TV share of NPV | after-contract share of NPV | npv_delta (USD/MW) | economic_delta (USD/MW-yr) | LEASE_WIN_PROB |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const t of TICKERS) {
    const b = before[t] || before[FORMERLY[t]] || {};
    const a = after[t];
    const share = (x) => (x === null || !a.npv ? 'n/a' : a.npv <= 0 ? `n/a (NPV ≤ 0; ${musd(x)})` : pct(x / a.npv));
    lines.push(
      `| ${t} | ${pair(pct, b.yield, a.yield)} | ${pair(pct, b.irr, a.irr)} | ${pair(musd, b.npv, a.npv)} | 0 → ${share(a.terminal_value)} | 0 → ${share(a.residual_value)} | ${pair(kusd, b.npv_delta, a.npv_delta)} | ${pair(kusd, b.economic_delta, a.economic_delta)} | ${pair(prob, b.lease_win_prob, a.lease_win_prob)} |`,
    );
  }
  return lines.join('\n');
}

if (process.argv.includes('--record')) {
  const file = arg('--record');
  const doc = { commit: arg('--commit') || null, recorded: new Date().toISOString().slice(0, 10), figures: record() };
  fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  process.stdout.write(`wrote ${file}\n`);
} else {
  const beforeFile = arg('--before') || path.join(root, 'test', 'fixtures', 'valuation-before.json');
  const before = JSON.parse(fs.readFileSync(beforeFile, 'utf8'));
  const after = record();
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify({ before: before.figures, after }, null, 2) + '\n');
  else process.stdout.write(`Before: commit ${before.commit}. After: this build.\n\n${table(before.figures, after)}\n`);
}
