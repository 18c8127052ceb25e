#!/usr/bin/env node
/* Where the bytes of functions.js go (npm run bench; docs/performance.md, "Bundle
 * budget"). Builds the add-in into build/bundle-report/:
 *   shipped    as `npm run build` does (BTCAI_BUNDLE=split), with a source map;
 *   reference  BTCAI_BUNDLE=reference: presets validated as they load, all text inline;
 *   baseline   the sources of BASELINE_REV (main before the bundle work), as they built
 *              then, with a source map (skipped when git cannot give that commit);
 *   pane-apart, pane-apart-mangled
 *              measurements of reductions the build does not make
 *              (scripts/reductions.webpack.js; reductionsNotTaken).
 * For each: every output's size (bytes, gzip -9); functions.js module by module from the
 * source map (the minified bytes each source produced, their size gzipped alone, and
 * what functions.js gains gzipped without them, its marginal cost); what the runtime
 * page (taskpane.html) loads before the first call in all; and how long that takes to
 * evaluate in a fresh VM (median of STARTUP_RUNS, a timing: bench only, never jest).
 * It checks that the shipped build answers the whole sweep (scripts/bundle-answers.js)
 * exactly as the reference build, and, without text.js, differs only in INPUT_SOURCE's
 * text. HyperFormula (GPL, dev only) must be in no bundle. Prints JSON. */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const zlib = require('zlib');
const { SourceMapConsumer } = require('source-map');
const sweep = require('./bundle-answers');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'build', 'bundle-report');
/** main before the bundle work (issue 14): the "before" of docs/performance.md. */
const BASELINE_REV = 'e13e81a';
const STARTUP_RUNS = 15;
const OUTPUTS = ['text.js', 'preset-text.js', 'functions.js', 'taskpane.js', 'help-text.js', 'help.js'];
/** The scripts taskpane.html loads before the first call, in order (preset-text.js: builds before text.js). */
const RUNTIME_PAGE = ['preset-text.js', 'text.js', 'functions.js', 'taskpane.js'];
const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

/** Builds the add-in from the sources at `from` into build/bundle-report/<name>. */
function build(name, { from = root, env = {}, sourceMap = false, config = 'webpack.config.js' } = {}) {
  const dir = path.join(out, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const webpack = path.join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js');
  const args = [webpack, '--config', config, '--config-name', 'addin', '--mode', 'production', '--output-path', dir, ...(sourceMap ? ['--devtool', 'source-map'] : [])];
  execFileSync(process.execPath, args, { cwd: from, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const files = {};
  for (const f of OUTPUTS) {
    const p = path.join(dir, f);
    if (!fs.existsSync(p)) continue;
    // measured as `npm run build` writes it: without the source map's comment (the only difference)
    const buf = Buffer.from(fs.readFileSync(p, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, ''));
    files[f] = { bytes: buf.length, gzip: gzip(buf), hyperformula: buf.includes('HyperFormula') };
  }
  const runtime = RUNTIME_PAGE.filter((f) => files[f]);
  return { dir, files, runtimePage: { scripts: runtime, bytes: runtime.reduce((a, f) => a + files[f].bytes, 0), gzip: runtime.reduce((a, f) => a + files[f].gzip, 0) } };
}

/** The group a source of functions.js belongs to. */
function groupOf(source) {
  if (/src\/presets\/data\/|src\/presets\/bundledPresets\.ts/.test(source)) return 'preset data';
  if (/src\/presets\/(schema|schema2|checks|validation|audit|bundledDocuments)\.ts/.test(source)) return 'preset validators';
  if (/scripts\/preset-text/.test(source)) return 'preset text join';
  if (/src\/engine\/catalogue\.ts/.test(source)) return 'input catalogue';
  if (/src\/engine\//.test(source)) return 'engine';
  if (/src\/functions\//.test(source)) return 'functions and adapter';
  if (/src\/presets\//.test(source)) return 'preset store and reading';
  if (/node_modules/.test(source)) return 'node_modules';
  return 'webpack runtime and other';
}

/**
 * functions.js source by source, from its source map: the minified bytes each produced,
 * those bytes gzipped alone, and the marginal cost (gzip of the file minus gzip of the
 * file without them). Gzip shares context, so the marginal costs do not add up to the total.
 */
function modules(dir) {
  const code = fs.readFileSync(path.join(dir, 'functions.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '');
  const map = new SourceMapConsumer(JSON.parse(fs.readFileSync(path.join(dir, 'functions.js.map'), 'utf8')));
  const lineStart = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStart.push(i + 1);
  const mappings = [];
  map.eachMapping((m) => mappings.push(m));
  mappings.sort((a, b) => a.generatedLine - b.generatedLine || a.generatedColumn - b.generatedColumn);
  const owner = new Array(code.length).fill('(unmapped)');
  mappings.forEach((m, i) => {
    const start = lineStart[m.generatedLine - 1] + m.generatedColumn;
    const next = mappings[i + 1];
    const end = next ? lineStart[next.generatedLine - 1] + next.generatedColumn : code.length;
    const name = (m.source || '(unmapped)').replace(/^webpack:\/\/[^/]*\//, '');
    for (let k = start; k < end; k++) owner[k] = name;
  });
  const total = gzip(Buffer.from(code));
  const bySource = new Map();
  for (let k = 0; k < code.length; k++) {
    const list = bySource.get(owner[k]) || [];
    list.push(k);
    bySource.set(owner[k], list);
  }
  const rows = [];
  for (const [source, idx] of bySource) {
    const mine = new Set(idx);
    let rest = '';
    for (let k = 0; k < code.length; k++) if (!mine.has(k)) rest += code[k];
    rows.push({ source, group: groupOf(source), minified: idx.length, gzipAlone: gzip(Buffer.from(idx.map((k) => code[k]).join(''))), gzipMarginal: total - gzip(Buffer.from(rest)) });
  }
  rows.sort((a, b) => b.gzipMarginal - a.gzipMarginal);
  const groups = new Map();
  for (const r of rows) {
    const g = groups.get(r.group) || { group: r.group, modules: 0, minified: 0, gzipMarginal: 0 };
    g.modules++;
    g.minified += r.minified;
    g.gzipMarginal += r.gzipMarginal;
    groups.set(r.group, g);
  }
  // a group's own marginal cost: functions.js without all of its bytes at once
  for (const g of groups.values()) {
    const theirs = new Set(rows.filter((r) => r.group === g.group).map((r) => r.source));
    let rest = '';
    for (let k = 0; k < code.length; k++) if (!theirs.has(owner[k])) rest += code[k];
    g.gzipMarginal = total - gzip(Buffer.from(rest));
  }
  return { bytes: code.length, gzip: total, modules: rows, groups: [...groups.values()].sort((a, b) => b.gzipMarginal - a.gzipMarginal), literals: literalsCost(code) };
}

/**
 * What functions.js would be without any text: every string and template literal
 * emptied (the preset data, error messages, input, metric and function names), parsed
 * with TypeScript's parser. Its gzip is the code alone, a lower bound on what any
 * move of text or data out of the file could reach.
 */
function literalsCost(code) {
  const ts = require('typescript');
  const sf = ts.createSourceFile('functions.js', code, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
  const spans = [];
  const visit = (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) spans.push([node.getStart(sf), node.getEnd(), node.kind]);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  spans.sort((a, b) => a[0] - b[0]);
  const empty = { [ts.SyntaxKind.StringLiteral]: '""', [ts.SyntaxKind.NoSubstitutionTemplateLiteral]: '``', [ts.SyntaxKind.TemplateHead]: '`${', [ts.SyntaxKind.TemplateMiddle]: '}${', [ts.SyntaxKind.TemplateTail]: '}`' };
  let out = '';
  let at = 0;
  let chars = 0;
  for (const [start, end, kind] of spans) {
    out += code.slice(at, start) + empty[kind];
    chars += end - start;
    at = end;
  }
  out += code.slice(at);
  return { count: spans.length, bytes: chars, codeOnlyGzip: gzip(Buffer.from(out)) };
}

/**
 * functions.js with the presets' compact data (the one JSON.parse of the split build's
 * bundledPresets module) read from a global instead, as text.js's prose is: what the
 * file would be if that data shipped in a script of its own. Throws unless the literal
 * is found once and holds exactly the build's compact data.
 */
function withoutPresetData(code, compact) {
  const head = 'JSON.parse(\'{"shapes":';
  const at = code.indexOf(head);
  if (at < 0 || code.indexOf(head, at + 1) >= 0) throw new Error('bundle report: the presets\' compact data is not one JSON.parse in functions.js');
  let end = at + 'JSON.parse(\''.length;
  while (code[end] !== "'") end += code[end] === '\\' ? 2 : 1;
  const literal = code.slice(at + 'JSON.parse('.length, end + 1);
  if (code[end + 1] !== ')' || vm.runInNewContext(literal) !== JSON.stringify(compact)) throw new Error('bundle report: the JSON.parse found in functions.js is not the presets\' compact data');
  return code.slice(0, at) + 'globalThis.BTCAI_PRESETS' + code.slice(end + 2);
}

/**
 * Three reductions of functions.js that this build does not make, measured together in
 * this run, each on top of the one before: the pane bundled apart; the preset data in
 * a script of its own; camelCase property names mangled. Each moves bytes rather than
 * removing them, or breaks the add-in (scripts/reductions.webpack.js); the figures
 * show how far they would go.
 */
function reductionsNotTaken() {
  const config = path.join(__dirname, 'reductions.webpack.js');
  const compact = require('./split-build').compile().compact;
  const apart = build('pane-apart', { config });
  const mangled = build('pane-apart-mangled', { config, env: { BTCAI_REPORT_MANGLE: '1' } });
  const code = (b) => fs.readFileSync(path.join(b.dir, 'functions.js'), 'utf8');
  return {
    paneApart: { functionsGzip: apart.files['functions.js'].gzip, taskpaneGzip: apart.files['taskpane.js'].gzip, runtimePageGzip: apart.runtimePage.gzip },
    paneApartNoPresetData: { functionsGzip: gzip(Buffer.from(withoutPresetData(code(apart), compact))) },
    paneApartNoPresetDataMangled: { functionsGzip: gzip(Buffer.from(withoutPresetData(code(mangled), compact))) },
  };
}

/** Median time (ms) to evaluate the runtime page's scripts up to functions.js in a fresh VM context. */
function startupMs(dir) {
  const scripts = RUNTIME_PAGE.filter((f) => f !== 'taskpane.js' && fs.existsSync(path.join(dir, f))).map((f) => new vm.Script(fs.readFileSync(path.join(dir, f), 'utf8')));
  const times = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const ctx = { CustomFunctions: { associate() {} }, console, URL };
    ctx.globalThis = ctx;
    ctx.self = ctx;
    vm.createContext(ctx);
    const t = process.hrtime.bigint();
    for (const s of scripts) s.runInContext(ctx);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The shipped build answers as the reference (presets validated at load, text inline); without text.js only INPUT_SOURCE's text differs. */
function checkAnswers(shipped, reference) {
  const names = sweep.names();
  const want = sweep.answers(sweep.loadFunctions(reference, true), names).split('\n');
  const got = sweep.answers(sweep.loadFunctions(shipped, true), names).split('\n');
  const bare = sweep.answers(sweep.loadFunctions(shipped, false), names).split('\n');
  const same = got.length === want.length && got.every((l, i) => l === want[i]);
  const bareDiffers = bare.filter((l, i) => l !== want[i]);
  return {
    calls: want.length,
    sameAsReference: same,
    withoutTextOnlyInputSourceDiffers: bare.length === want.length && bareDiffers.every((l) => l.startsWith('INPUT_SOURCE(') && /not loaded \(text\.js\)/.test(l)),
    withoutTextDiffering: bareDiffers.length,
  };
}

/** The baseline's sources (git archive of BASELINE_REV) in build/bundle-report/baseline-src, with this checkout's node_modules; undefined when git cannot give them. */
function baselineSources() {
  const dir = path.join(out, 'baseline-src');
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['-C', root, 'archive', BASELINE_REV], { maxBuffer: 256 << 20 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    return dir;
  } catch (e) {
    process.stderr.write(`bundle report: no baseline (${String(e.message).split('\n')[0]})\n`);
    return undefined;
  }
}

/** The bundled presets: the documents, and the compact data and prose the build makes of them. */
function presetData(shippedDir) {
  const split = require('./split-build');
  const dataDir = path.join(root, 'src', 'presets', 'data');
  const docs = fs.readdirSync(dataDir).filter((f) => f.endsWith('.json')).sort().map((f) => fs.readFileSync(path.join(dataDir, f), 'utf8'));
  const c = split.compile();
  const compact = JSON.stringify(c.compact);
  const text = fs.readFileSync(path.join(shippedDir, 'text.js'));
  return {
    files: docs.length,
    documentBytes: docs.reduce((a, d) => a + Buffer.byteLength(d), 0),
    documentsMinifiedGzip: gzip(Buffer.from(docs.map((d) => JSON.stringify(JSON.parse(d))).join('\n'))),
    compactBytes: Buffer.byteLength(compact),
    compactGzip: gzip(Buffer.from(compact)),
    proseStrings: c.presetText.text.length,
    proseChars: c.presetText.text.reduce((a, t) => a + t.length, 0),
    tableTexts: Object.values(c.tableText.tables).reduce((a, l) => a + l.length, 0),
    textJsGzip: gzip(text),
  };
}

function main() {
  process.stderr.write('bundle report: building the add-in as shipped\n');
  const shipped = build('shipped', { sourceMap: true });
  process.stderr.write('bundle report: building the reference (presets validated as they load, text inline)\n');
  const reference = build('reference', { env: { BTCAI_BUNDLE: 'reference' } });
  const report = {
    variants: { shipped: shipped.files, reference: reference.files },
    runtimePage: { shipped: shipped.runtimePage, reference: reference.runtimePage },
    functionsModules: { shipped: modules(shipped.dir) },
    startupMs: { shipped: startupMs(shipped.dir), reference: startupMs(reference.dir) },
    presetData: presetData(shipped.dir),
    answers: checkAnswers(shipped.dir, reference.dir),
  };
  process.stderr.write('bundle report: measuring the reductions not taken (the pane bundled apart, the preset data apart, property names mangled)\n');
  report.reductionsNotTaken = reductionsNotTaken();
  const from = baselineSources();
  if (from) {
    process.stderr.write(`bundle report: building the baseline (${BASELINE_REV})\n`);
    try {
      const baseline = build('baseline', { from, sourceMap: true, env: { BTCAI_PRESET_TEXT: 'split' } });
      report.baseline = { rev: BASELINE_REV };
      report.variants.baseline = baseline.files;
      report.runtimePage.baseline = baseline.runtimePage;
      report.functionsModules.baseline = modules(baseline.dir);
      report.startupMs.baseline = startupMs(baseline.dir);
    } catch (e) {
      process.stderr.write(`bundle report: the baseline did not build (${String(e.message).split('\n')[0]})\n`);
    }
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

if (require.main === module) main();
module.exports = { modules, groupOf, withoutPresetData, reductionsNotTaken, BASELINE_REV };
