#!/usr/bin/env node
/* npm run bench [-- flags]: builds the benchmark (webpack.bench.js), runs it
 * (bench/bench.ts: every case against its floor, JSON on stdout), adds the bundle
 * report (scripts/bundle-report.js) and prints the figures.
 *
 *   --json         print the figures as JSON (nothing else on stdout)
 *   --write-docs   also write docs/performance.json and docs/performance.md (rendered
 *                  from bench/performance.template.md and these figures only)
 *   --render-docs  only render docs/performance.md again from docs/performance.json
 *                  (after editing the template's prose; no run, the same figures)
 *   --only=a,b     run only these cases (no bundle report, no docs)
 *   --bundle-only  run only the bundle report (scripts/bundle-report.js); with
 *                  --write-docs, its figures replace those of docs/performance.json
 *                  and docs/performance.md is rendered again (the cases' figures kept)
 *   --quick        a third of the timed rounds (no docs)
 * Not part of npm test: times depend on the machine. */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const writeDocs = args.includes('--write-docs');
const only = args.find((a) => a.startsWith('--only='));
const quick = args.includes('--quick');
const bundleOnly = args.includes('--bundle-only');
if (writeDocs && (only || quick)) {
  console.error('--write-docs needs the full run (no --only, no --quick)');
  process.exit(2);
}


/**
 * The bundle budgets: functions.js as shipped ≤ 40 KB gzipped with every bundled preset;
 * what the runtime page loads in all no more than before the bundle work (the baseline,
 * built in the same run), so that moving bytes from functions.js into another script
 * of that page gains nothing; taskpane.js ≤ 250 KB; no HyperFormula anywhere; the same
 * answers as the reference build.
 */
function bundleTargets(b) {
  const f = b.variants.shipped['functions.js'];
  const page = b.runtimePage.shipped;
  const before = b.runtimePage.baseline;
  const t = b.variants.shipped['taskpane.js'];
  const hf = Object.values(b.variants).some((v) => Object.values(v).some((file) => file.hyperformula));
  const same = b.answers.sameAsReference && b.answers.withoutTextOnlyInputSourceDiffers;
  return [
    { id: 'functions_js', title: `dist/functions.js as shipped, with all ${b.presetData.files} presets, gzipped`, value: f.gzip, unit: 'bytes', target: '≤ 40 KB', ok: f.gzip <= 40 * 1024 },
    {
      id: 'runtime_page',
      title: `what the runtime page (taskpane.html) loads in all, gzipped: ${page.scripts.join(', ')}`,
      value: page.gzip,
      unit: 'bytes',
      target: before ? `≤ before the bundle work (${b.baseline.rev}, built in this run: ${kb(before.gzip)})` : `≤ before the bundle work (${BASELINE_NOT_BUILT})`,
      ok: before ? page.gzip <= before.gzip : null,
    },
    { id: 'taskpane_js', title: 'dist/taskpane.js, gzipped', value: t.gzip, unit: 'bytes', target: '≤ 250 KB', ok: t.gzip <= 250 * 1024 },
    { id: 'no_hyperformula', title: 'HyperFormula (GPL, dev only) in no bundle', value: hf ? 1 : 0, unit: '', target: 'absent', ok: !hf },
    { id: 'same_answers', title: `the shipped build answers all ${b.answers.calls} calls of the sweep exactly as the reference build (and without text.js differs only in INPUT_SOURCE's text)`, value: same ? 0 : 1, unit: '', target: 'same', ok: same },
  ];
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const BASELINE_NOT_BUILT = 'not built in this run: git could not give that commit';
const fmtValue = (c) => (c.unit === 'ms' ? `${c.value.toFixed(1)} ms` : `${Math.round(c.value).toLocaleString('en-US')} ${c.unit}`);
const fmtFloor = (c) => (c.unit === 'ms' ? `${c.floorValue.toFixed(2)} ms` : `${Math.round(c.floorValue).toLocaleString('en-US')} ${c.unit}`);
const shownTarget = (t) => (t.unit === 'bytes' ? kb(t.value) : t.id === 'same_answers' ? (t.ok ? 'same' : 'DIFFERENT') : t.value ? 'present' : 'absent');
const verdict = (ok) => (ok === null ? '' : ok ? 'ok' : '**missed**');

/** A case's time as a multiple of one call of the per-MW case it is reported against (same run). */
const perMwText = (c) => (c.perMw ? `${c.perMw.ratio.toFixed(1)}× one ${c.perMw.case} call` : '');
/** Time per call of a throughput case, in µs. */
const perCallText = (c) => (c.unit === 'calls/s' ? `${(1e6 / c.value).toFixed(1)} µs a call` : '');

function text(f) {
  const lines = [`BTCAI bench ${f.date}: Node ${f.machine.node}, ${f.machine.cpus} CPU(s) ${f.machine.cpu}, load ${f.machine.loadAverage.join(' ')}`, ''];
  for (const c of f.cases) {
    const extra = [perCallText(c), perMwText(c)].filter(Boolean).join(', ');
    lines.push(`${c.id}: ${fmtValue(c)}${extra ? ` (${extra})` : ''}; floor ${fmtFloor(c)}; ${c.ratio.toFixed(2)}× the floor; target ${c.target}${c.ok === null ? '' : c.ok ? ' [ok]' : ' [MISSED]'}`);
  }
  for (const c of f.comparisons) lines.push(`${c.id}: BTCAI ${c.btcaiMs.toFixed(1)} ms; HyperFormula recalculation ${c.hyperformulaRecalcMs.toFixed(1)} ms (${c.ratio.toFixed(2)}× BTCAI)`);
  for (const t of f.bundleTargets) lines.push(`${t.id}: ${shownTarget(t)}; target ${t.target}${t.ok === null ? '' : t.ok ? ' [ok]' : ' [MISSED]'}`);
  const missed = [...f.cases, ...f.bundleTargets].filter((c) => c.ok === false).length;
  lines.push('', missed === 0 ? 'all targets met' : `${missed} target(s) missed`);
  return lines.join('\n');
}

/** The three reductions the build does not make, as the bundle report measured them together (scripts/bundle-report.js, reductionsNotTaken). */
function reductionsText(b) {
  const r = b.reductionsNotTaken;
  if (!r) return 'The reductions not taken were not measured in this run.';
  const within = (g) => (g > 40 * 1024 ? `${kb(g - 40 * 1024)} over the budget` : `within the budget by ${kb(40 * 1024 - g)}`);
  const shipped = b.variants.shipped;
  return [
    `1. **The task pane bundled apart**, so that functions.js is alone in its chunk and webpack concatenates its modules: functions.js ${kb(r.paneApart.functionsGzip)} gzipped. The pane would then carry its own copies of the engine tables, catalogue and formats it reads: taskpane.js ${kb(r.paneApart.taskpaneGzip)} instead of ${kb(shipped['taskpane.js'].gzip)}, and the runtime page ${kb(r.paneApart.runtimePageGzip)} instead of ${kb(b.runtimePage.shipped.gzip)}. It would also need the one preset store handed over at run time.`,
    `2. **The presets' compact data in a script of its own**, loaded before functions.js as text.js is: ${kb(r.paneApartNoPresetData.functionsGzip)}. The runtime page would load the same bytes from another file.`,
    `3. **Every camelCase property name mangled** by the minifier: ${kb(r.paneApartNoPresetDataMangled.functionsGzip)}, ${within(r.paneApartNoPresetDataMangled.functionsGzip)}. This is an upper bound on what mangling saves: it would also rename Office's cell-value fields (\`basicValue\`, \`numberFormat\`) and the store's methods the pane calls, which would break the add-in.`,
  ].join('\n');
}

/** The figures of the bundle report as docs/performance.md's "Bundle budget" placeholders. */
function bundleParts(f) {
  const b = f.bundles;
  const v = b.variants;
  const parts = {};
  parts.targets = f.bundleTargets.map((t) => `- ${t.title}: ${shownTarget(t)} (target ${t.target}) ${verdict(t.ok)}`).join('\n');
  const cell = (x, file) => (x && x[file] ? `${kb(x[file].bytes)}, **${kb(x[file].gzip)}** gzipped` : '—');
  const rows = [
    ['baseline', `before this split (${b.baseline ? b.baseline.rev : ''}): presets validated as functions.js loads, their prose in preset-text.js`],
    ['shipped', 'as shipped (`npm run build`, BTCAI_BUNDLE=split)'],
    ['reference', 'BTCAI_BUNDLE=reference: presets validated as they load, all text inline'],
  ].filter(([k]) => v[k]);
  parts.bundles = [
    '| build | functions.js | text.js (preset-text.js before) | taskpane.js | the runtime page in all (text, functions, pane) | its scripts up to functions.js evaluated (median of 15, VM) | help-text.js (help page only) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(([k, label]) => `| ${label} | ${cell(v[k], 'functions.js')} | ${cell(v[k], 'text.js') !== '—' ? cell(v[k], 'text.js') : cell(v[k], 'preset-text.js')} | ${cell(v[k], 'taskpane.js')} | ${kb(b.runtimePage[k].bytes)}, **${kb(b.runtimePage[k].gzip)}** gzipped | ${b.startupMs[k].toFixed(1)} ms | ${cell(v[k], 'help-text.js')} |`),
  ].join('\n');
  const now = b.functionsModules.shipped;
  const before = b.functionsModules.baseline;
  const groupNames = [...new Set([...now.groups.map((g) => g.group), ...(before ? before.groups.map((g) => g.group) : [])])];
  const find = (m, g) => (m ? m.groups.find((x) => x.group === g) : undefined);
  const gcell = (x) => (x ? `${x.minified.toLocaleString('en-US')} B, ${kb(x.gzipMarginal)}` : '—');
  parts.modules = [
    `functions.js by origin, from its source map: the minified bytes each group of sources produced, and its marginal cost gzipped (what functions.js loses gzipped without it; gzip shares context, so the marginal costs add up to less than the file: ${kb(now.gzip)} now${before ? `, ${kb(before.gzip)} before` : ''}).`,
    '',
    `| group | ${before ? 'before: minified, gzipped (marginal) | ' : ''}now: minified, gzipped (marginal) |`,
    `| --- | ${before ? '--- | ' : ''}--- |`,
    ...groupNames.map((g) => `| ${g} | ${before ? `${gcell(find(before, g))} | ` : ''}${gcell(find(now, g))} |`),
    '',
    'Source by source, as shipped:',
    '',
    '| source | group | minified | gzipped alone | gzipped, marginal |',
    '| --- | --- | --- | --- | --- |',
    ...now.modules.map((m) => `| \`${m.source}\` | ${m.group} | ${m.minified.toLocaleString('en-US')} | ${m.gzipAlone.toLocaleString('en-US')} | ${m.gzipMarginal.toLocaleString('en-US')} |`),
  ].join('\n');
  const p = b.presetData;
  const a = b.answers;
  parts.presets = [
    `- The bundled presets: ${p.files} documents, ${kb(p.documentBytes)} as written (${kb(p.documentsMinifiedGzip)} minified and gzipped together). functions.js carries them validated, as compact data: ${kb(p.compactBytes)}, ${kb(p.compactGzip)} gzipped; their prose (${p.proseStrings.toLocaleString('en-US')} strings, ${p.proseChars.toLocaleString('en-US')} characters) is in text.js, with ${p.tableTexts} table texts (bases for text.js, descriptions for help-text.js).`,
    `- The sweep (scripts/bundle-answers.js: every function over every preset, the generic site and every tranche, ${a.calls} calls): the shipped build answers exactly as the reference build, every number to the bit: ${a.sameAsReference ? 'yes' : '**NO**'}; without text.js, only INPUT_SOURCE's text differs (${a.withoutTextDiffering} answers, each saying the text did not load): ${a.withoutTextOnlyInputSourceDiffers ? 'yes' : '**NO**'}.`,
  ].join('\n');
  const over = now.gzip - 40 * 1024;
  const dataCost = (now.groups.find((g) => g.group === 'preset data') || { gzipMarginal: 0 }).gzipMarginal;
  const top = now.groups.slice(0, 4).map((g) => `${g.group} ${kb(g.gzipMarginal)}`).join(', ');
  parts.bundleGap =
    over > 0
      ? `functions.js is ${kb(over)} gzipped over the budget. What is left in it, by marginal cost: ${top}. Without the preset data (${kb(dataCost)} of it) it would be ${kb(now.gzip - dataCost)}, ${now.gzip - dataCost > 40 * 1024 ? 'still over the budget' : 'within the budget'}.${now.literals ? ` With every string literal emptied instead (${now.literals.count.toLocaleString('en-US')} literals, ${now.literals.bytes.toLocaleString('en-US')} bytes: the preset data among them, error messages, input, metric and function names), what is left is the code alone: ${kb(now.literals.codeOnlyGzip)} gzipped, ${now.literals.codeOnlyGzip > 40 * 1024 ? 'over' : 'under'} the budget${now.literals.codeOnlyGzip > 40 * 1024 ? '' : ` by ${kb(40 * 1024 - now.literals.codeOnlyGzip)}, which is all the room any text and data could have`}.` : ''}`
      : `functions.js is within the budget by ${kb(-over)} gzipped. By marginal cost: ${top}.`;
  parts.reductions = reductionsText(b);
  return parts;
}

function markdown(f) {
  const m = f.machine;
  const parts = {};
  parts.machine = `${f.date.slice(0, 10)}, Node ${m.node}, ${m.cpus} CPU(s) (${m.cpu}), load average ${m.loadAverage.join(' / ')} (1/5/15 min) when the run started`;
  parts.cases = [
    '| case | measured | floor (same run) | × floor | target | |',
    '| --- | --- | --- | --- | --- | --- |',
    ...f.cases.map((c) => {
      const extra = [perCallText(c), perMwText(c) && `${perMwText(c)} in this run`].filter(Boolean).join('; ');
      return `| \`${c.id}\`: ${c.title} | ${fmtValue(c)}${extra ? `, ${extra}` : ''} (CPU ms per run: median ${c.ms.median.toFixed(2)}, quartiles ${c.ms.p25.toFixed(2)}–${c.ms.p75.toFixed(2)}; wall ${c.wallMs.median.toFixed(2)}) | ${fmtFloor(c)}: ${c.floorWhat} | ${c.ratio.toFixed(2)}× | ${c.target} | ${verdict(c.ok)} |`;
    }),
  ].join('\n');
  parts.limits = f.cases.map((c) => `- \`${c.id}\`: ${c.limitedBy}.`).join('\n');
  parts.comparisons = f.comparisons.map((c) => `- ${c.title}: BTCAI ${c.btcaiMs.toFixed(1)} ms; HyperFormula ${c.hyperformulaRecalcMs.toFixed(1)} ms per recalculation (build ${c.hyperformulaBuildMs.toFixed(0)} ms), ${c.ratio.toFixed(2)}× BTCAI's time.`).join('\n');
  Object.assign(parts, bundleParts(f));
  const template = fs.readFileSync(path.join(root, 'bench', 'performance.template.md'), 'utf8');
  return template.replace(/\{\{(\w+)\}\}/g, (_, k) => {
    if (!(k in parts)) throw new Error(`performance.template.md: unknown placeholder {{${k}}}`);
    return parts[k];
  });
}

/** Builds and runs the bench, adds the bundle report, writes the docs when asked, prints the figures. */
function run() {
  const node = (script, extra = []) => execFileSync(process.execPath, [script, ...extra], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 }).toString();

  if (!bundleOnly) execFileSync(process.execPath, [path.join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--config', 'webpack.bench.js', '--no-stats'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const bench = bundleOnly ? JSON.parse(fs.readFileSync(path.join(root, 'docs', 'performance.json'), 'utf8')) : JSON.parse(node('build/bench.js', args.filter((a) => a.startsWith('--only=') || a === '--quick')));
  const bundles = only ? undefined : JSON.parse(node('scripts/bundle-report.js'));
  const figures = { ...bench, bundles, bundleTargets: bundles ? bundleTargets(bundles) : [] };
  if (writeDocs) {
    fs.writeFileSync(path.join(root, 'docs', 'performance.json'), `${JSON.stringify(figures, null, 2)}\n`);
    fs.writeFileSync(path.join(root, 'docs', 'performance.md'), markdown(figures));
    console.error('wrote docs/performance.json and docs/performance.md');
  }
  process.stdout.write(json ? `${JSON.stringify(figures, null, 2)}\n` : `${text(figures)}\n`);
}

if (args.includes('--render-docs')) {
  const saved = JSON.parse(fs.readFileSync(path.join(root, 'docs', 'performance.json'), 'utf8'));
  fs.writeFileSync(path.join(root, 'docs', 'performance.md'), markdown(saved));
  console.error('rendered docs/performance.md from docs/performance.json');
} else run();
