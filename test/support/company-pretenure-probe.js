'use strict';
/* Run by test/engine/caches.test.ts as
 *   node --allow-natives-syntax --max-semi-space-size=1 --min-semi-space-size=1 company-pretenure-probe.js <repo root>
 * A young generation of 1 MB collects every few COMPANY calls, so the 32 models the
 * cache keeps outlive nearly every collection, as at a cold start in Excel: the
 * pressure under which V8 pretenured the models' literals (src/engine/caches.ts,
 * `keptRecord`). After 3 000 calls (new tax rates, the 12 companies in turn) it values one
 * more model and walks everything that model reaches and a second model of the same
 * company does not (what is shared, the presets' balance sheets and schedules, is
 * long-lived by design), and prints the paths of those objects V8 allocated in its
 * old generation: there should be none. */
const path = require('path');
const root = process.argv[2];
const { loadTs } = require(path.join(root, 'scripts', 'ts-run.js'));
const { companyModel, store } = loadTs(path.join(root, 'test', 'support', 'company-probe-entry.ts')).exports;
const TICKERS = store.tickers();
const valued = (ticker, tax) => {
  const m = companyModel(ticker, new Map([['tax_rate', tax]]));
  if (typeof m.value !== 'function') throw new Error(`${ticker}: ${m.message}`);
  const v = m.value();
  if (typeof v.valuePerShare !== 'number') throw new Error(`${ticker}: ${v.message}`);
  return m;
};
for (let i = 0; i < 3000; i++) valued(TICKERS[i % TICKERS.length], 0.15 + (i % 997) * 1e-4);

/**
 * Objects reachable from `root` (Maps' values and own properties; not into typed
 * arrays), each with its path and where V8 holds it at the walk (before anything
 * else is allocated, so no later collection can have promoted it).
 */
function reach(rootObject) {
  const seen = new Map();
  const walk = (o, p) => {
    if (o === null || typeof o !== 'object' || seen.has(o)) return;
    seen.set(o, { path: p, young: %InYoungGeneration(o) });
    if (ArrayBuffer.isView(o)) return;
    if (o instanceof Map) for (const [k, x] of o) walk(x, `${p}.get(${k})`);
    else for (const k of Object.keys(o)) walk(o[k], `${p}.${k}`);
  };
  walk(rootObject, 'model');
  return seen;
}
const fresh = reach(valued('IREN', 0.2468));
const other = reach(valued('IREN', 0.2469));
const own = [...fresh].filter(([o]) => !other.has(o));
const old = own.filter(([, at]) => !at.young).map(([, at]) => at.path);
process.stdout.write(JSON.stringify({ own: own.length, shared: fresh.size - own.length, old }));
