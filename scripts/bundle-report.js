#!/usr/bin/env node
/* Where the bytes of functions.js go (npm run bench; docs/performance.md, "Bundle
 * budget"). Builds the add-in three ways into build/bundle-report/ with webpack's
 * stats: as shipped (preset prose split into preset-text.js, BTCAI_PRESET_TEXT=split,
 * the default), with the presets whole in functions.js (BTCAI_PRESET_TEXT=inline),
 * and without presets (the engine and functions alone). While the schema-2 presets
 * wait in src/presets/v2, it also builds a scratch copy of the sources with them in
 * src/presets/data (split and inline), so the budget is measured on the presets
 * that are coming. Prints JSON: each variant's bundle sizes (raw, gzip -9),
 * functions.js's modules grouped by origin (unminified bytes), and the preset
 * data's own figures; and checks that each split build, loaded in a VM, answers
 * every preset's PRESET, INPUT_SOURCE and model calls exactly as its inline build
 * (the same numbers without preset-text.js, only the prose then reads as a
 * placeholder). HyperFormula (GPL, dev only) must be in no bundle. */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { splitPresetText } = require('./preset-text');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'build', 'bundle-report');
const VARIANTS = ['split', 'inline', 'empty'];
const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

/** Builds the add-in with preset text `mode` from the sources at `from` into build/bundle-report/<name>. */
function build(name, mode = name, from = root) {
  const dir = path.join(out, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const stats = path.join(out, `${name}-stats.json`);
  const webpack = path.join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
  execFileSync(process.execPath, [webpack, '--config', 'webpack.config.js', '--config-name', 'addin', '--mode', 'production', '--output-path', dir, '--json', stats], {
    cwd: from,
    env: { ...process.env, BTCAI_PRESET_TEXT: mode },
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

function presetData(dir = path.join(root, 'src', 'presets', 'data')) {
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

/** A split build answers exactly as its inline one when preset-text.js has loaded, and with the same numbers when it has not. */
function checkSplit(split = 'split', inline = 'inline') {
  const whole = answers(loadFunctions(path.join(out, inline), false));
  if (answers(loadFunctions(path.join(out, split), true)) !== whole) throw new Error(`bundle report: the ${split} build answers differently from the ${inline} one`);
  const numbers = (f) => JSON.stringify(f.PRESETS().slice(1).map(([t]) => [f.PRESET(t, null), f.HASH_VS_LEASE(t, 'npv_delta', [])]));
  if (numbers(loadFunctions(path.join(out, split), false)) !== numbers(loadFunctions(path.join(out, inline), false))) throw new Error(`bundle report: without preset-text.js the ${split} build computes different numbers`);
  return true;
}

/**
 * A scratch copy of what the build reads (build/bundle-report/v2-src), with the
 * schema-2 presets of src/presets/v2 in src/presets/data instead of today's and
 * bundled.ts importing them; undefined once src/presets/v2 is gone (the presets
 * moved). Inside build/, so webpack finds the repository's node_modules.
 */
function v2Sources() {
  const v2 = path.join(root, 'src', 'presets', 'v2');
  if (!fs.existsSync(v2)) return undefined;
  const scratch = path.join(out, 'v2-src');
  fs.rmSync(scratch, { recursive: true, force: true });
  for (const d of ['src', 'scripts', 'assets']) fs.cpSync(path.join(root, d), path.join(scratch, d), { recursive: true });
  for (const f of ['webpack.config.js', 'tsconfig.json', 'manifest.xml']) fs.copyFileSync(path.join(root, f), path.join(scratch, f));
  const data = path.join(scratch, 'src', 'presets', 'data');
  fs.rmSync(data, { recursive: true, force: true });
  fs.mkdirSync(data);
  const names = fs.readdirSync(v2).filter((f) => f.endsWith('.json')).sort().map((f) => path.basename(f, '.json'));
  for (const n of names) fs.copyFileSync(path.join(v2, `${n}.json`), path.join(data, `${n}.json`));
  const bundled = path.join(scratch, 'src', 'presets', 'bundled.ts');
  const src = fs.readFileSync(bundled, 'utf8');
  const imports = /(?:import \w+ from '\.\/data\/\w+\.json';\n)+/;
  const list = /BUNDLED_DOCUMENTS: readonly unknown\[\] = \[[^\]]*\]/;
  if (!imports.test(src) || !list.test(src)) throw new Error('bundle report: src/presets/bundled.ts no longer lists its imports as the v2 scratch build expects');
  fs.writeFileSync(bundled, src.replace(imports, names.map((n) => `import ${n} from './data/${n}.json';\n`).join('')).replace(list, `BUNDLED_DOCUMENTS: readonly unknown[] = [${names.join(', ')}]`));
  return { scratch, dir: v2 };
}

function main() {
  const variants = {};
  let groups = [];
  for (const v of VARIANTS) {
    process.stderr.write(`bundle report: building the add-in (${v})\n`);
    const b = build(v);
    variants[v] = b.files;
    if (v === 'split') groups = moduleGroups(b.stats);
  }
  const report = { variants, functionsModules: groups, presetData: presetData(), splitAnswersAsInline: checkSplit() };
  const v2 = v2Sources();
  if (v2) {
    for (const mode of ['split', 'inline']) {
      process.stderr.write(`bundle report: building the add-in with the schema-2 presets of src/presets/v2 (${mode})\n`);
      variants[`v2-${mode}`] = build(`v2-${mode}`, mode, v2.scratch).files;
    }
    report.v2 = { presetData: presetData(v2.dir), splitAnswersAsInline: checkSplit('v2-split', 'v2-inline') };
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main();
