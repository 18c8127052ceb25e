/**
 * The bundle report measures what functions.js would be with the presets' compact data
 * in a script of its own (scripts/bundle-report.js, withoutPresetData; docs/performance.md,
 * "What is left to meet the budget"). The figure is only true if the cut takes out
 * exactly that data: these tests hold it to the built dist/functions.js (npm test builds
 * it first) and make it refuse anything else.
 */
import * as fs from 'fs';
import * as path from 'path';

interface Report {
  withoutPresetData(code: string, compact: unknown): string;
}
interface Split {
  compile(): { compact: { shapes: unknown[]; data: unknown[] } };
}
/* eslint-disable @typescript-eslint/no-require-imports */
const report = require('../../scripts/bundle-report') as Report;
const split = require('../../scripts/split-build') as Split;
/* eslint-enable @typescript-eslint/no-require-imports */

const built = fs.readFileSync(path.resolve(__dirname, '../../dist/functions.js'), 'utf8');
const compact = split.compile().compact;

test('the built functions.js loses exactly the presets\' compact data, read from a global instead', () => {
  const cut = report.withoutPresetData(built, compact);
  const data = JSON.stringify(compact);
  // what left is the data as a JS string literal (its quotes escaped), no more and no less
  expect(built.length - cut.length).toBeGreaterThan(data.length - 'globalThis.BTCAI_PRESETS'.length);
  expect(cut).toContain('globalThis.BTCAI_PRESETS');
  expect(cut).not.toContain('{"shapes":');
  // the rest is untouched: the text before the cut and after it
  const at = cut.indexOf('globalThis.BTCAI_PRESETS');
  expect(built.startsWith(cut.slice(0, at))).toBe(true);
  expect(built.endsWith(cut.slice(at + 'globalThis.BTCAI_PRESETS'.length))).toBe(true);
});

test('it refuses a file without that data, with it twice, or with other data in its place', () => {
  const literal = `JSON.parse('${JSON.stringify(compact).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}')`;
  expect(report.withoutPresetData(`var a=${literal};`, compact)).toBe('var a=globalThis.BTCAI_PRESETS;');
  expect(() => report.withoutPresetData('var a=1;', compact)).toThrow(/not one JSON.parse/);
  expect(() => report.withoutPresetData(`var a=${literal},b=${literal};`, compact)).toThrow(/not one JSON.parse/);
  const other = { ...compact, data: compact.data.slice(1) };
  const otherLiteral = `JSON.parse('${JSON.stringify(other).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}')`;
  expect(() => report.withoutPresetData(`var a=${otherLiteral};`, compact)).toThrow(/not the presets' compact data/);
});
