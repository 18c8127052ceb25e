/**
 * The built add-in (dist/, npm test builds it first) against its sources: the
 * shipped functions.js, loaded as the runtime page loads it (text.js first) in a bare
 * VM, answers every call of the sweep (scripts/bundle-answers.js: every function, every
 * bundled preset, the generic site, every tranche) exactly as the TypeScript sources do
 * here, where the presets are validated as they load: the same numbers to the bit, the
 * same text, the same errors. Without text.js, only INPUT_SOURCE changes, to a labelled
 * placeholder. And what left functions.js is really gone from it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CATALOGUE } from '../../src/engine/catalogue';
import { COMPANY_METRICS } from '../../src/engine/companyMetrics';
import { MODELS } from '../../src/engine/models';
import { TOP_LEVEL_FIELDS } from '../../src/presets/fields';
import { implementations, loadDistMetadata } from '../hardening/excelArgs';

interface BundleAnswers {
  loadFunctions(dir: string, withText: boolean): Record<string, (...args: unknown[]) => unknown>;
  answers(fns: Record<string, (...args: unknown[]) => unknown>, names: unknown): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sweep = require('../../scripts/bundle-answers') as BundleAnswers;

const DIST = path.resolve(__dirname, '../../dist');
const names = {
  inputs: CATALOGUE.map((s) => s.name),
  companyFields: TOP_LEVEL_FIELDS.map((f) => f.name),
  models: Object.fromEntries(Object.values(MODELS).map((m) => [m.name, m.metrics.map((x) => x.name)])),
  companyMetrics: COMPANY_METRICS.map((m) => m.name),
};
const read = (f: string) => fs.readFileSync(path.join(DIST, f), 'utf8');

const fromSources = sweep.answers(Object.fromEntries(implementations(loadDistMetadata())) as Record<string, (...args: unknown[]) => unknown>, names).split('\n');

test('dist/functions.js with text.js answers every call of the sweep exactly as the sources', () => {
  const built = sweep.answers(sweep.loadFunctions(DIST, true), names).split('\n');
  expect(built.length).toBe(fromSources.length);
  expect(fromSources.length).toBeGreaterThan(3000);
  const differ = built.filter((line, i) => line !== fromSources[i]);
  expect(differ.slice(0, 5)).toEqual([]);
});

test('without text.js, every answer but INPUT_SOURCE\'s is the same, and those say the text did not load', () => {
  const bare = sweep.answers(sweep.loadFunctions(DIST, false), names).split('\n');
  const changed = bare.filter((line, i) => line !== fromSources[i]);
  expect(changed.length).toBeGreaterThan(0);
  for (const line of changed) {
    expect(line.startsWith('INPUT_SOURCE(')).toBe(true);
    expect(line).toMatch(/not loaded \(text\.js\)/);
  }
});

test('the validators, the preset documents and the descriptions are not in functions.js; the pane keeps the validators, the help page the descriptions', () => {
  const functions = read('functions.js');
  const validatorMessage = 'is not a source id'; // src/presets/schema2.ts
  expect(read('taskpane.js')).toContain(validatorMessage);
  expect(functions).not.toContain(validatorMessage);
  const description = CATALOGUE.find((s) => s.name === 'hashrate_growth_yr')!.description;
  const basis = CATALOGUE.find((s) => s.name === 'hashrate_growth_yr')!.basis;
  for (const f of ['functions.js', 'text.js', 'taskpane.js']) expect(read(f)).not.toContain(description.slice(0, 40));
  expect(read('help-text.js')).toContain(description.slice(0, 40));
  expect(functions).not.toContain(basis.slice(0, 40));
  expect(read('text.js')).toContain(basis.slice(0, 40));
  expect(read('taskpane.html')).toMatch(/<script src="?text\.js"?><\/script><script src="?functions\.js"?>/);
  expect(read('help.html')).toMatch(/<script src="?help-text\.js"?><\/script><script src="?help\.js"?>/);
});
