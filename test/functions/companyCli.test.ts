/**
 * COMPANY, COMPS, RAMP and CONTRACTS for all 12 presets through the command line
 * (`btcai eval --json`, the functions as dist/functions.json registers them):
 * `value` stays a plain number or 2-D array, formats and card fields beside it.
 */
import * as path from 'path';
import { evalCommand, hostFor, loadMetadata } from '../../src/cli/main';
import { store } from '../../src/presets/bundled';

const host = hostFor(loadMetadata(path.join(__dirname, '..', '..', 'dist')));
const evalJson = (f: string) => {
  const r = evalCommand(host, f, true);
  return { code: r.code, json: JSON.parse(r.out) };
};

describe.each(store.tickers())('%s in the CLI', (t) => {
  test('COMPANY: value per share (USD per share, 0.00), the bridge as a table, and a card without a metric', () => {
    const vps = evalJson(`COMPANY("${t}", "value_per_share")`);
    expect(vps.code).toBe(0);
    expect(typeof vps.json.value).toBe('number');
    expect(vps.json.numberFormat).toBe('#,##0.00');
    const table = evalJson(`COMPANY("${t}", "table")`).json;
    expect(table.value[0]).toEqual(['item', 'value (USD)', 'per share (USD per share)']);
    expect(table.value.at(-1)[1]).toBeCloseTo(vps.json.value, 9);
    const card = evalJson(`COMPANY("${t}")`).json;
    expect(card.value).toMatch(new RegExp(`^${t} -?[\\d.]+ USD per share`));
    expect(card.properties.value_per_share.value).toBeCloseTo(vps.json.value, 9);
  });
  test('COMPS, RAMP and CONTRACTS spill', () => {
    const comps = evalJson(`COMPS(, {"${t}"})`).json.value;
    expect(comps).toHaveLength(2);
    expect(comps[1][0]).toBe(t);
    const ramp = evalJson(`RAMP("${t}", 4)`);
    expect(ramp.code).toBe(0);
    expect(ramp.json.value).toHaveLength(5);
    const contracts = evalJson(`CONTRACTS("${t}")`);
    expect(contracts.code).toBe(0);
    expect(contracts.json.value[0][0]).toBe('tranche');
  });
});
