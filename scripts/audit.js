#!/usr/bin/env node
/*
 * npm run audit: are the packages the add-in ships free of known vulnerabilities,
 * and is what ships what we think it is?
 *
 * 1. `npm audit --omit=dev --json`: the registry's advisory check of the
 *    production dependencies. Fails on any reported vulnerability.
 * 2. When the advisory service cannot be reached (this workplace's registry
 *    answers 405 to the audit endpoint), it says so plainly and relies on:
 * 3. Offline checks, always run:
 *    - the production dependency tree (`npm ls --omit=dev --all --json`) holds
 *      only the expected packages (today @microsoft/office-js, whose code is not
 *      even bundled: office.js loads from Microsoft's CDN);
 *    - the shipped bundles (dist/functions.js, dist/taskpane.js, dist/help.js)
 *      hold no third-party package code beyond webpack's runtime: no marker of
 *      a dev-only library (hyperformula is GPL/commercial and must never ship),
 *      no node_modules path, no extracted third-party licence file.
 *
 * Exit 0: no vulnerability reported and the offline checks hold.
 * Exit 1: a vulnerability was reported, or the tree or the bundles are not as expected.
 * Exit 2: the check itself could not run (npm missing, dist/ not built).
 * Options: --require-online  also fail (exit 1) when the advisory service is unreachable.
 */
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

/** Production packages allowed in the dependency tree, and why. */
const EXPECTED_PRODUCTION = {
  '@microsoft/office-js': 'type reference only: office.js is loaded from https://appsforoffice.microsoft.com, not bundled',
};
/** Bundles that are served to Office. */
const BUNDLES = ['functions.js', 'taskpane.js', 'help.js'];
/** Strings that betray a library's code in a bundle (dev-only packages, or anything else that should not ship). */
const FORBIDDEN_MARKERS = [
  'hyperformula',
  'exceljs',
  'formulajs',
  'fast-check',
  'playwright',
  'office-addin-mock',
  'jszip',
  'lodash',
  'node_modules',
  '@license',
  '@preserve',
];

const requireOnline = process.argv.includes('--require-online');
const lines = [];
const say = (s = '') => {
  lines.push(s);
  process.stdout.write(s + '\n');
};

function npm(args) {
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, shell: process.platform === 'win32' });
  if (r.error) throw new Error(`could not run npm ${args.join(' ')}: ${r.error.message}`);
  return r;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// ---- 1. the registry's advisories -----------------------------------------------

/** 'clean' | 'vulnerable' | 'unreachable' */
function onlineAudit() {
  say('1. npm audit --omit=dev (the registry\'s advisory service)');
  const r = npm(['audit', '--omit=dev', '--json']);
  const report = parseJson(r.stdout);
  const counts = report && report.metadata && report.metadata.vulnerabilities;
  if (counts && typeof counts === 'object') {
    const total = Object.values(counts).reduce((a, b) => a + (typeof b === 'number' ? b : 0), 0) - (counts.total || 0);
    if (total === 0) {
      say('   no known vulnerability in the production dependencies');
      return 'clean';
    }
    say(`   VULNERABLE: ${Object.entries(counts).filter(([k, v]) => k !== 'total' && v > 0).map(([k, v]) => `${v} ${k}`).join(', ')}`);
    for (const [name, v] of Object.entries(report.vulnerabilities || {})) {
      const via = (v.via || []).map((x) => (typeof x === 'string' ? x : `${x.title || ''} ${x.url || ''}`.trim())).join('; ');
      say(`   - ${name} (${v.severity}) ${v.range || ''}: ${via}${v.fixAvailable ? ' [fix available]' : ''}`);
    }
    return 'vulnerable';
  }
  const why = (report && (report.message || (report.error && report.error.summary))) || (r.stderr || '').trim().split('\n').find((l) => /error|warn/i.test(l)) || `npm audit exited ${r.status}`;
  say(`   THE ADVISORY SERVICE COULD NOT BE REACHED: ${String(why).slice(0, 300)}`);
  say('   No vulnerability data was checked online. Relying on the offline checks below;');
  say('   run `npm run audit` where registry.npmjs.org/-/npm/v1/security/advisories/bulk answers for the online check.');
  return 'unreachable';
}

// ---- 2. the production dependency tree ----------------------------------------------

function treeNames(node, out = new Map(), trail = []) {
  for (const [name, dep] of Object.entries((node && node.dependencies) || {})) {
    const where = [...trail, name].join(' > ');
    if (!out.has(name)) out.set(name, { version: dep.version, where });
    treeNames(dep, out, [...trail, name]);
  }
  return out;
}

function checkTree() {
  say('2. production dependency tree (npm ls --omit=dev --all)');
  const r = npm(['ls', '--omit=dev', '--all', '--json']);
  const tree = parseJson(r.stdout);
  if (!tree) {
    say(`   could not read the tree: ${(r.stderr || '').trim().slice(0, 300)}`);
    return false;
  }
  let ok = true;
  const names = treeNames(tree);
  for (const [name, { version, where }] of names) {
    if (EXPECTED_PRODUCTION[name]) say(`   ok   ${name}@${version}: ${EXPECTED_PRODUCTION[name]}`);
    else {
      say(`   UNEXPECTED ${name}@${version} (${where}): a new production dependency; review it, then add it to EXPECTED_PRODUCTION in scripts/audit.js`);
      ok = false;
    }
  }
  for (const name of Object.keys(EXPECTED_PRODUCTION)) if (!names.has(name)) say(`   note: ${name} is expected but not installed`);
  const declared = Object.keys(parseJson(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).dependencies || {});
  for (const name of declared) {
    if (!EXPECTED_PRODUCTION[name]) {
      say(`   UNEXPECTED ${name} in package.json "dependencies"`);
      ok = false;
    }
  }
  for (const p of tree.problems || []) say(`   npm ls reports: ${p}`);
  return ok;
}

// ---- 3. what the bundles contain ------------------------------------------------------

function checkBundles() {
  say('3. shipped bundles (dist/): no third-party package code beyond webpack\'s runtime');
  let ok = true;
  for (const file of BUNDLES) {
    const p = path.join(DIST, file);
    if (!fs.existsSync(p)) {
      if (file === 'help.js') continue;
      say(`   dist/${file} is missing: run \`npm run build\` first`);
      return null;
    }
    const text = fs.readFileSync(p, 'utf8').toLowerCase();
    const found = FORBIDDEN_MARKERS.filter((m) => text.includes(m));
    if (found.length) {
      say(`   FOUND in dist/${file}: ${found.join(', ')}`);
      ok = false;
    } else say(`   ok   dist/${file} (${(text.length / 1024).toFixed(0)} KB)`);
  }
  const licences = fs.readdirSync(DIST).filter((f) => /licen[cs]e/i.test(f));
  if (licences.length) {
    say(`   FOUND extracted third-party licence files: ${licences.join(', ')}`);
    ok = false;
  }
  return ok;
}

function main() {
  let online;
  try {
    online = onlineAudit();
  } catch (e) {
    say(`   ${e.message}`);
    online = 'unreachable';
  }
  say();
  let tree;
  try {
    tree = checkTree();
  } catch (e) {
    say(`   ${e.message}`);
    return 2;
  }
  say();
  const bundles = checkBundles();
  say();
  if (bundles === null) return 2;
  const failed = online === 'vulnerable' || !tree || !bundles || (requireOnline && online === 'unreachable');
  say(
    failed
      ? 'audit: FAILED'
      : `audit: passed${online === 'unreachable' ? ' (offline checks only: the advisory service was unreachable)' : ''}`,
  );
  return failed ? 1 : 0;
}

process.exitCode = main();
