/**
 * The repository's documentation stands alone: no file points outside the
 * repository, the README and docs/ name no design file a clone does not have, their
 * relative links resolve, and the unit → format table in docs/excel-native.md lists
 * every unit the code formats.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { UNIT_FORMATS } from '../../src/functions/formats';

const root = path.join(__dirname, '..', '..');
const tracked = (): string[] => {
  const r = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\0').filter(Boolean) : [];
};
const text = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');
const docs = ['README.md', ...fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

// written on another branch of this turn (the valuation helper's), linked from docs/model.md
const ON_ANOTHER_BRANCH = new Set(['docs/valuation.md']);

test('no tracked file refers to the design folder outside the repository', () => {
  const outside = ['..', 'shared'].join('/'); // spelled in pieces so this file does not match itself
  const files = tracked().filter((f) => /\.(ts|js|json|md|html|xml|css|txt|yml|yaml)$/.test(f) && fs.existsSync(path.join(root, f)));
  expect(files.length).toBeGreaterThan(50);
  expect(files.filter((f) => text(f).includes(outside))).toEqual([]);
});

test('the README and docs/ explain in their own words: no design file of another folder is named', () => {
  const names = ['MODEL', 'FUNCTIONS', 'DATA', 'ARCHITECTURE', 'STYLE'].map((n) => `${n}.md`);
  const hits = docs.flatMap((f) => names.filter((n) => text(f).includes(n)).map((n) => `${f}: ${n}`));
  expect(hits).toEqual([]);
});

test('relative links in the README and docs/ point at files of the repository', () => {
  const broken: string[] = [];
  for (const f of docs) {
    for (const m of text(f).matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1].split('#')[0];
      if (!target || /^[a-z]+:/i.test(target)) continue;
      const resolved = path.normalize(path.join(path.dirname(f), target));
      if (ON_ANOTHER_BRANCH.has(resolved.split(path.sep).join('/'))) continue;
      if (!fs.existsSync(path.join(root, resolved))) broken.push(`${f} → ${m[1]}`);
    }
  }
  expect(broken).toEqual([]);
});

test('docs/excel-native.md lists every unit and format of the unit → format table', () => {
  const doc = text('docs/excel-native.md');
  const missing: string[] = [];
  for (const rule of UNIT_FORMATS) {
    if (!doc.includes(`\`${rule.format}\``)) missing.push(`format ${rule.format}`);
    for (const u of rule.units ?? []) if (!doc.includes(`\`${u}\``)) missing.push(`unit ${u}`);
    for (const p of rule.prefixes ?? []) if (!doc.includes(`\`${p.trim()}`)) missing.push(`prefix ${p}`);
  }
  expect(missing).toEqual([]);
});
