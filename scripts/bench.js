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
if (writeDocs && (only || quick)) {
  console.error('--write-docs needs the full run (no --only, no --quick)');
  process.exit(2);
}


/** The bundle budgets: functions.js as shipped (and with the schema-2 presets, while they wait in src/presets/v2) ≤ 40 KB gzipped, taskpane.js ≤ 250 KB, no HyperFormula anywhere. */
function bundleTargets(b) {
  const f = b.variants.split['functions.js'];
  const t = b.variants.split['taskpane.js'];
  const v2 = b.variants['v2-split'];
  const hf = Object.values(b.variants).some((v) => Object.values(v).some((file) => file.hyperformula));
  return [
    { id: 'functions_js', title: 'dist/functions.js as shipped (preset prose in preset-text.js), with all presets, gzipped', value: f.gzip, unit: 'bytes', target: '≤ 40 KB', ok: f.gzip <= 40 * 1024 },
    ...(v2 ? [{ id: 'functions_js_v2', title: 'the same with the 12 schema-2 presets of src/presets/v2 in src/presets/data (a scratch build), gzipped', value: v2['functions.js'].gzip, unit: 'bytes', target: '≤ 40 KB', ok: v2['functions.js'].gzip <= 40 * 1024 }] : []),
    { id: 'taskpane_js', title: 'dist/taskpane.js, gzipped', value: t.gzip, unit: 'bytes', target: '≤ 250 KB', ok: t.gzip <= 250 * 1024 },
    { id: 'no_hyperformula', title: 'HyperFormula (GPL, dev only) in no bundle', value: hf ? 1 : 0, unit: '', target: 'absent', ok: !hf },
  ];
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const fmtValue = (c) => (c.unit === 'ms' ? `${c.value.toFixed(1)} ms` : `${Math.round(c.value).toLocaleString('en-US')} ${c.unit}`);
const fmtFloor = (c) => (c.unit === 'ms' ? `${c.floorValue.toFixed(2)} ms` : `${Math.round(c.floorValue).toLocaleString('en-US')} ${c.unit}`);
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
  for (const t of f.bundleTargets) lines.push(`${t.id}: ${t.unit === 'bytes' ? kb(t.value) : t.value ? 'present' : 'absent'}; target ${t.target} [${t.ok ? 'ok' : 'MISSED'}]`);
  const missed = [...f.cases, ...f.bundleTargets].filter((c) => c.ok === false).length;
  lines.push('', missed === 0 ? 'all targets met' : `${missed} target(s) missed`);
  return lines.join('\n');
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
  const b = f.bundles;
  const v = b.variants;
  parts.bundles = [
    '| build | functions.js | preset-text.js | taskpane.js |',
    '| --- | --- | --- | --- |',
    ...Object.entries({
      split: 'as shipped (BTCAI_PRESET_TEXT=split): preset prose in preset-text.js',
      inline: 'BTCAI_PRESET_TEXT=inline: presets whole in functions.js',
      empty: 'without presets (for the breakdown only)',
      'v2-split': 'the 12 schema-2 presets (src/presets/v2, scratch build), as shipped',
      'v2-inline': 'the 12 schema-2 presets, inline',
    })
      .filter(([k]) => v[k])
      .map(([k, label]) => {
      const x = v[k];
      const cell = (file) => (x[file] ? `${kb(x[file].bytes)}, ${kb(x[file].gzip)} gzipped` : '—');
      return `| ${label} | ${cell('functions.js')} | ${cell('preset-text.js')} | ${cell('taskpane.js')} |`;
    }),
  ].join('\n');
  parts.targets = f.bundleTargets.map((t) => `- ${t.title}: ${t.unit === 'bytes' ? kb(t.value) : t.value ? 'present' : 'absent'} (target ${t.target}) ${verdict(t.ok)}`).join('\n');
  parts.modules = ['| functions.js modules (unminified source) | bytes | modules |', '| --- | --- | --- |', ...b.functionsModules.map((g) => `| ${g.group} | ${g.bytes.toLocaleString('en-US')} | ${g.modules} |`)].join('\n');
  const presetLines = (p, inline, split, label) => [
    `- ${label}: ${p.files} preset files, ${kb(p.rawBytes)} as written, ${kb(p.minifiedBytes)} minified (${kb(p.minifiedGzip)} gzipped together). Prose moved out by the split (sources, assumptions, notes, ai_business): ${p.textChars.toLocaleString('en-US')} characters; the core left for functions.js: ${kb(p.coreBytes)} (${kb(p.coreGzip)} gzipped together).`,
    `- What they cost functions.js, gzipped: ${kb(inline['functions.js'].gzip - v.empty['functions.js'].gzip)} inline, ${kb(split['functions.js'].gzip - v.empty['functions.js'].gzip)} split (core and the join code).`,
  ];
  parts.presets = [
    ...presetLines(b.presetData, v.inline, v.split, 'The bundled presets (src/presets/data)'),
    ...(b.v2 ? presetLines(b.v2.presetData, v['v2-inline'], v['v2-split'], 'The schema-2 presets (src/presets/v2)') : []),
    `- Without presets, functions.js is ${kb(v.empty['functions.js'].gzip)} gzipped: the engine, the catalogue, the functions and the preset code.`,
    `- Each split build answers every preset's PRESET, INPUT_SOURCE, npv_delta and irr exactly as its inline one when preset-text.js has loaded, and with the same numbers when it has not (checked in this run: ${b.splitAnswersAsInline && (!b.v2 || b.v2.splitAnswersAsInline) ? 'yes' : 'NO'}).`,
  ].join('\n');
  const template = fs.readFileSync(path.join(root, 'bench', 'performance.template.md'), 'utf8');
  return template.replace(/\{\{(\w+)\}\}/g, (_, k) => {
    if (!(k in parts)) throw new Error(`performance.template.md: unknown placeholder {{${k}}}`);
    return parts[k];
  });
}

/** Builds and runs the bench, adds the bundle report, writes the docs when asked, prints the figures. */
function run() {
  const node = (script, extra = []) => execFileSync(process.execPath, [script, ...extra], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 }).toString();

  execFileSync(process.execPath, [path.join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--config', 'webpack.bench.js', '--no-stats'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const bench = JSON.parse(node('build/bench.js', args.filter((a) => a.startsWith('--only=') || a === '--quick')));
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
