'use strict';
/* Run by test/engine/caches.test.ts as `node --allow-natives-syntax pretenure-probe.js <repo root>`.
 * For each way of making a small record or list, keeps the last 2^20 it made alive
 * (so nearly all of them outlive each young-generation collection, as a cached
 * model's parts do while the code is cold), makes 2^22, and prints whether the
 * next one is still allocated in the young generation, i.e. whether V8 has
 * pretenured its allocation site (src/engine/caches.ts, `keptRecord`), and whether its
 * properties are in V8's fast mode (not a slow dictionary). */
const path = require('path');
const { loadTs } = require(path.join(process.argv[2], 'scripts', 'ts-run.js'));
const { keptRecord, keptList } = loadTs(path.join(process.argv[2], 'src', 'engine', 'caches.ts')).exports;
const { CompanyValuation } = loadTs(path.join(process.argv[2], 'src', 'engine', 'company.ts')).exports;

/** A company valuation with every field set (the class assigns each field it has; their values do not matter here). */
const someValuation = Object.fromEntries(Object.keys(new CompanyValuation({})).map((k, j) => [k, j]));

const makers = {
  literalRecord: (i) => ({ a: i, b: i + 1 }),
  literalArray: (i) => [i, i + 1],
  keptRecord: (i) => keptRecord({ a: i, b: i + 1 }),
  keptList: (i) => keptList([i, i + 1]),
  companyValuation: () => new CompanyValuation(someValuation),
  keptValuation: () => keptRecord({ ...someValuation }),
};
const RING = 1 << 20;
const out = {};
for (const [name, make] of Object.entries(makers)) {
  const ring = new Array(RING).fill(null);
  for (let r = 0; r < 4 * RING; r++) ring[r & (RING - 1)] = make(r);
  const next = make(-1);
  out[name] = { young: %InYoungGeneration(next), fastProperties: %HasFastProperties(next), fields: Object.keys(next).length };
}
process.stdout.write(JSON.stringify(out));
