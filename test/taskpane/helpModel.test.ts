import fs from 'fs';
import path from 'path';
import { CATALOGUE } from '../../src/engine/catalogue';
import { functionHelp, inputHelp } from '../../src/taskpane/helpModel';

// dist/functions.json is what Excel reads; the help page is generated from the same file
const distJson = path.join(__dirname, '../../dist/functions.json');
const haveDist = fs.existsSync(distJson);

describe('the function reference', () => {
  (haveDist ? it : it.skip)('lists every function of functions.json under an anchor that matches its help link', () => {
    const meta = JSON.parse(fs.readFileSync(distJson, 'utf8'));
    const help = functionHelp(meta);
    expect(help.map((h) => h.name)).toEqual(meta.functions.map((f: { name: string }) => f.name));
    for (const f of meta.functions) expect(f.helpUrl.endsWith(`#${help.find((h) => h.name === f.name)!.id}`)).toBe(true);
  });

  it('writes signatures as Excel shows them, optional and repeating arguments bracketed', () => {
    const [f] = functionHelp({
      functions: [{ name: 'HASH_VS_LEASE', description: 'd', parameters: [{ name: 'ticker', optional: true }, { name: 'metric', optional: true }, { name: 'overrides', optional: true, repeating: true }], result: { dimensionality: 'matrix' } }],
    });
    expect(f.signature).toBe('=BTCAI.HASH_VS_LEASE([ticker], [metric], [overrides…])');
    expect(f.metrics.find((m) => m.isDefault)!.name).toBe('delta');
    expect(f.metrics.find((m) => m.name === 'delta')!.unit).toBe('USD per gross MW per year');
  });

  it('gives an argument named after a catalogue input that input\'s unit', () => {
    const [f] = functionHelp({ functions: [{ name: 'COST_PER_BTC', parameters: [{ name: 'power_price_mwh', description: 'x' }] }] });
    expect(f.params[0]).toEqual({ name: 'power_price_mwh', description: 'x', optional: false, repeating: false, unit: 'USD/MWh' });
  });

  it('skips malformed metadata instead of failing', () => {
    expect(functionHelp(null)).toEqual([]);
    expect(functionHelp({ functions: [{ name: '<script>' }, 7] })).toEqual([]);
  });

  it('lists every input with unit, default, allowed range and basis', () => {
    const rows = inputHelp();
    expect(rows).toHaveLength(CATALOGUE.length);
    expect(rows.find((r) => r.name === 'uptime')).toMatchObject({ unit: 'share of hours', default: '0.95', range: 'a number from 0 to 1' });
    expect(rows.find((r) => r.name === 'ai_mode')!.range).toBe('one of "colo", "cloud"');
  });
});
