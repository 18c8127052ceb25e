/* What a built functions.js answers (scripts/bundle-report.js): loads dist-like
 * directories in a bare VM context (a stand-in for CustomFunctions, and text.js first
 * when asked), calls every function over every bundled preset, the generic site and
 * each tranche of the book, and returns the answers as one string in which every number
 * is written exactly (shortest round-trip form, -0 kept), so two builds that answer
 * alike give the same string. The names swept (inputs, company fields, metrics) come
 * from the sources through scripts/ts-run.js. */
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { loadTs } = require('./ts-run');

const root = path.resolve(__dirname, '..');

/** The functions a built directory registers; with `withText`, its text.js runs first (as taskpane.html loads it). */
function loadFunctions(dir, withText) {
  const fns = {};
  // URL: the validators of a build that validates its presets as they load (the reference) check addresses with it
  const ctx = { CustomFunctions: { associate: (id, f) => (fns[id] = f) }, console, URL };
  ctx.globalThis = ctx;
  ctx.self = ctx;
  vm.createContext(ctx);
  // text.js (this build); preset-text.js (builds before it, for comparisons with them)
  if (withText) for (const f of ['text.js', 'preset-text.js']) if (fs.existsSync(path.join(dir, f))) vm.runInContext(fs.readFileSync(path.join(dir, f), 'utf8'), ctx);
  vm.runInContext(fs.readFileSync(path.join(dir, 'functions.js'), 'utf8'), ctx);
  return fns;
}

/** Input names, top-level company field names and each function's metrics, from the sources. */
function names() {
  const catalogue = loadTs(path.join(root, 'src/engine/catalogue.ts')).exports;
  const fields = loadTs(path.join(root, 'src/presets/fields.ts')).exports;
  const models = loadTs(path.join(root, 'src/engine/models.ts')).exports;
  const company = loadTs(path.join(root, 'src/engine/companyMetrics.ts')).exports;
  return {
    inputs: catalogue.CATALOGUE.map((s) => s.name),
    companyFields: fields.TOP_LEVEL_FIELDS.map((f) => f.name),
    models: Object.fromEntries(Object.values(models.MODELS).map((m) => [m.name, m.metrics.map((x) => x.name)])),
    companyMetrics: company.COMPANY_METRICS.map((m) => m.name),
  };
}

/** Every number exactly; errors as their code and message. */
function exact(x) {
  return JSON.stringify(x, (_k, v) => (typeof v === 'number' ? `#${Object.is(v, -0) ? '-0' : String(v)}` : v));
}

function call(f, args) {
  try {
    return exact(f(...args));
  } catch (e) {
    return exact({ thrown: String(e && (e.code || e.name)), message: String(e && e.message) });
  }
}

/** Every answer of `fns`, one per line. */
function answers(fns, n = names()) {
  const out = [];
  const put = (id, args) => out.push(`${id}(${exact(args)}) = ${call(fns[id], args)}`);
  put('PRESETS', []);
  const tickers = ['', ...fns.PRESETS().slice(1).map((r) => r[0])];
  for (const t of tickers) {
    put('PRESET', [t, null]);
    put('PRESET_ASOF', [t]);
    for (const i of n.inputs) {
      put('INPUT', [t, i, []]);
      put('INPUT_SOURCE', [t, i, []]);
    }
    for (const f of n.companyFields) {
      put('PRESET', [t, f]);
      put('INPUT_SOURCE', [t, f, []]);
    }
    for (const [model, metrics] of Object.entries(n.models)) for (const m of metrics) put(model, [t, m, []]);
    for (const m of n.companyMetrics) put('COMPANY', [t, m, []]);
    put('CONTRACTS', [t]);
    put('RAMP', [t, null, []]);
    put('PROJECTION', [t, 36, []]);
    put('LEASE_WIN_PROB', [t, 5, null, 300, 7, []]);
    put('LEASE_NPV_PERCENTILES', [t, 5, null, 300, 7, []]);
    put('SENSITIVITY', [t, 'HASH_VS_LEASE', 'npv_delta', 'btc_price', [[50000], [90000]], 'lease_rate_kw_month', [[120], [180]], []]);
    const book = t === '' ? [] : call(fns.CONTRACTS, [t]);
    const rows = typeof book === 'string' && book.startsWith('[') ? JSON.parse(book).slice(1) : [];
    for (const row of rows) {
      const tranche = [[['tranche', row[0]]]];
      for (const m of n.models.MINER_AI_YIELD) put('MINER_AI_YIELD', [t, m, tranche]);
      for (const i of n.inputs) put('INPUT_SOURCE', [t, i, tranche]);
    }
  }
  put('COMPS', [null, null, []]);
  return out.join('\n');
}

module.exports = { loadFunctions, answers, names, exact };
