/* Loads one of our TypeScript modules in Node at build time (webpack.config.js uses it
 * to validate and encode the bundled presets with the validators themselves).
 * Each .ts file is transpiled to CommonJS by typescript.transpileModule (no type
 * check: tsc and ts-loader check types) and evaluated in its own module record, with
 * its own cache, so nothing is registered globally. Relative imports resolve to .ts
 * and .json files; anything else comes from node_modules through Node's require.
 * Returns the module's exports and every file it read (for webpack's watch list).
 * `transform(file, js)`, when given, may rewrite a module's JavaScript before it runs
 * (the tests run the build's text split this way: test/bundle/tableText.test.ts). */
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

function resolveFile(dir, spec) {
  const base = path.resolve(dir, spec);
  for (const f of [base, `${base}.ts`, `${base}.json`, path.join(base, 'index.ts')]) if (fs.existsSync(f) && fs.statSync(f).isFile()) return f;
  throw new Error(`ts-run: cannot resolve "${spec}" from ${dir}`);
}

function loadTs(entry, transform) {
  const ts = require('typescript');
  const cache = new Map();
  const load = (file) => {
    const hit = cache.get(file);
    if (hit) return hit.exports;
    const record = { exports: {} };
    cache.set(file, record);
    const source = fs.readFileSync(file, 'utf8');
    if (file.endsWith('.json')) {
      record.exports = JSON.parse(source);
      return record.exports;
    }
    let { outputText } = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, isolatedModules: true },
    });
    if (transform) outputText = transform(file, outputText);
    const nodeRequire = createRequire(file);
    const req = (spec) => (spec.startsWith('.') ? load(resolveFile(path.dirname(file), spec)) : nodeRequire(spec));
    // eslint-disable-next-line no-new-func
    new Function('exports', 'require', 'module', '__filename', '__dirname', outputText)(record.exports, req, record, file, path.dirname(file));
    return record.exports;
  };
  const exports = load(path.resolve(entry));
  return { exports, files: [...cache.keys()] };
}

module.exports = { loadTs };
