#!/usr/bin/env node
/* Where the bytes of functions.js go (npm run bench; docs/performance.md, "Bundle
 * budget"). Builds the add-in three ways into build/bundle-report/ with webpack's
 * stats: as shipped (presets inline), with preset prose split into preset-text.js
 * (BTCAI_PRESET_TEXT=split), and without presets (the engine and functions alone).
 * Prints JSON: each variant's bundle sizes (raw, gzip -9), functions.js's modules
 * grouped by origin (unminified bytes), and the preset data's own figures; and
 * checks that the split build, loaded in a VM, answers every preset's PRESET,
 * INPUT_SOURCE and model calls exactly as the inline build (the same numbers
 * without preset-text.js, only the prose then reads as a placeholder).
 * HyperFormula (GPL, dev only) must be in no bundle. */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { splitPresetText } = require('./preset-text');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'build', 'bundle-report');
const VARIANTS = ['inline', 'split', 'empty'];
const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

function build(variant) {
  const dir = path.join(out, variant);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const stats = path.join(out, `${variant}-stats.json`);
  const webpack = path.join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
  execFileSync(process.execPath, [webpack, '--config', 'webpack.config.js', '--config-name', 'addin', '--mode', 'production', '--output-path', dir, '--json', stats], {
    cwd: root,
    env: { ...process.env, BTCAI_PRESET_TEXT: variant },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const files = {};
  for (const f of ['functions.js', 'taskpane.js', 'preset-text.js']) {
    const p = path.join(dir, f);
    if (!fs.existsSync(p)) continue;
    const buf = fs.readFileSync(p);
    files[f] = { bytes: buf.length, gzip: gzip(buf), hyperformula: buf.includes('HyperFormula') };
  }
  const all = JSON.parse(fs.readFileSync(stats, 'utf8'));
  return { files, stats: all.children ? all.children.find((c) => c.name === 'addin') : all };
}

/** The group a module of functions.js belongs to. */
function groupOf(name) {
  if (/src\/presets\/data\/[^/]+\.json/.test(name)) return 'preset data (src/presets/data/*.json)';
  if (/scripts\/preset-text/.test(name)) return 'preset text join (scripts/preset-text.js)';
  if (/src\/engine\/catalogue\.ts/.test(name)) return 'input catalogue (src/engine/catalogue.ts: names, ranges, descriptions, bases)';
  if (/src\/engine\//.test(name)) return 'engine (src/engine, without the catalogue)';
  if (/src\/functions\//.test(name)) return 'function wrappers and adapter (src/functions)';
  if (/src\/presets\//.test(name)) return 'preset schema and store (src/presets/*.ts)';
  if (/node_modules/.test(name)) return 'node_modules';
  return 'other (webpack runtime)';
}

function moduleGroups(stats) {
  const chunk = stats.chunks.find((c) => (c.names || []).includes('functions'));
  const groups = new Map();
  const add = (m) => {
    if (m.modules) return m.modules.forEach(add); // concatenated modules
    const g = groupOf(m.name || m.identifier || '');
    const e = groups.get(g) || { group: g, bytes: 0, modules: 0 };
    e.bytes += m.size;
    e.modules += 1;
    groups.set(g, e);
  };
  for (const m of stats.modules.filter((mm) => (mm.chunks || []).includes(chunk.id))) add(m);
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes);
}

function presetData() {
  const dir = path.join(root, 'src', 'presets', 'data');
  let raw = 0;
  let minified = 0;
  let core = 0;
  let textChars = 0;
  let files = 0;
  const minAll = [];
  const coreAll = [];
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const s = fs.readFileSync(path.join(dir, f), 'utf8');
    const doc = JSON.parse(s);
    const split = splitPresetText(doc);
    files++;
    raw += Buffer.byteLength(s);
    const m = JSON.stringify(doc);
    const c = JSON.stringify(split.core);
    minAll.push(m);
    coreAll.push(c);
    minified += Buffer.byteLength(m);
    core += Buffer.byteLength(c);
    textChars += split.text.reduce((a, t) => a + t.length, 0);
  }
  return {
    files,
    rawBytes: raw,
    minifiedBytes: minified,
    minifiedGzip: gzip(Buffer.from(minAll.join('\n'))),
    coreBytes: core,
    coreGzip: gzip(Buffer.from(coreAll.join('\n'))),
    textChars,
  };
}

/** Loads a built functions.js (and preset-text.js first, when given) in a bare VM context with a stand-in for CustomFunctions. */
function loadFunctions(dir, withText) {
  const vm = require('vm');
  const fns = {};
  const ctx = { CustomFunctions: { associate: (id, f) => (fns[id] = f) }, console };
  ctx.globalThis = ctx;
  ctx.self = ctx;
  vm.createContext(ctx);
  if (withText) vm.runInContext(fs.readFileSync(path.join(dir, 'preset-text.js'), 'utf8'), ctx);
  vm.runInContext(fs.readFileSync(path.join(dir, 'functions.js'), 'utf8'), ctx);
  return fns;
}

/** Every preset's values, sources and a few model results, through the registered functions. */
function answers(fns) {
  const out = [fns.PRESETS()];
  for (const [t] of fns.PRESETS().slice(1)) {
    out.push(fns.PRESET(t, null), fns.HASH_VS_LEASE(t, 'npv_delta', []), fns.MINER_AI_YIELD(t, 'irr', []));
    for (const [field] of fns.PRESET(t, null).slice(1)) out.push(fns.INPUT_SOURCE(t, field, []));
  }
  return JSON.stringify(out);
}

/** The split build answers exactly as the inline one when preset-text.js has loaded, and with the same numbers when it has not. */
function checkSplit() {
  const inline = answers(loadFunctions(path.join(out, 'inline'), false));
  const split = answers(loadFunctions(path.join(out, 'split'), true));
  if (split !== inline) throw new Error('bundle report: the split build answers differently from the inline one');
  const fns = loadFunctions(path.join(out, 'split'), false);
  const numbers = (f) => JSON.stringify(f.PRESETS().slice(1).map(([t]) => [f.PRESET(t, null), f.HASH_VS_LEASE(t, 'npv_delta', [])]));
  if (numbers(fns) !== numbers(loadFunctions(path.join(out, 'inline'), false))) throw new Error('bundle report: without preset-text.js the split build computes different numbers');
  return true;
}

function main() {
  const variants = {};
  let groups = [];
  for (const v of VARIANTS) {
    process.stderr.write(`bundle report: building the add-in (${v})\n`);
    const b = build(v);
    variants[v] = b.files;
    if (v === 'inline') groups = moduleGroups(b.stats);
  }
  const report = { variants, functionsModules: groups, presetData: presetData(), splitAnswersAsInline: checkSplit() };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main();
