/**
 * Formatted results and cards: the unit → number-format table, the adapter's
 * result path (Excel's cell-value JSON at each host level), reading data types
 * back in arguments, and errors that stay Excel errors.
 */
import fc from 'fast-check';
import * as F from '../../src/functions/functions';
import * as A from '../../src/functions/adapter';
import { CATALOGUE } from '../../src/engine/catalogue';
import { MODELS } from '../../src/engine/models';
import { DataTypeLevel, card, plainArg, quantity, readResult, setDataTypeLevel, tableWithUnits, toExcelResult } from '../../src/functions/cellValues';
import { DATE_FORMAT, GENERAL_UNITS, PERCENT_FORMAT, UNIT_FORMATS, USD_CENTS_FORMAT, USD_FORMAT, numberFormatForUnit } from '../../src/functions/formats';
import { errorOf } from '../support/excel';

const withLevel = <T>(level: DataTypeLevel, body: () => T): T => {
  setDataTypeLevel(level);
  try {
    return body();
  } finally {
    setDataTypeLevel(null);
  }
};

describe('the unit → number format table', () => {
  test('rates and yields are 0.0%, dates a date, USD amounts thousands without decimals, prices with cents', () => {
    expect(numberFormatForUnit('per year')).toBe(PERCENT_FORMAT);
    expect(numberFormatForUnit('share of hours')).toBe(PERCENT_FORMAT);
    expect(numberFormatForUnit('Excel date serial')).toBe(DATE_FORMAT);
    expect(numberFormatForUnit('date')).toBe(DATE_FORMAT);
    expect(numberFormatForUnit('USD per gross MW per year')).toBe(USD_FORMAT);
    expect(numberFormatForUnit('USD')).toBe(USD_FORMAT);
    expect(numberFormatForUnit('USD per MWh')).toBe(USD_CENTS_FORMAT);
    expect(numberFormatForUnit('USD/PH/day')).toBe(USD_CENTS_FORMAT); // a table header's short form
    expect(numberFormatForUnit('shares')).not.toBe(PERCENT_FORMAT); // a count, not a share
    expect(numberFormatForUnit('a unit nobody uses')).toBeUndefined();
  });

  test('every metric of every model and every numeric input has a format (or is General on purpose)', () => {
    // a new metric or input gets its format from its unit: see docs/excel-native.md for the units
    const missing: string[] = [];
    for (const model of Object.values(MODELS))
      for (const m of model.metrics) if (m.unit && !numberFormatForUnit(m.unit) && !GENERAL_UNITS.includes(m.unit)) missing.push(`${model.name}.${m.name} (${m.unit})`);
    for (const s of CATALOGUE) if ((s.kind === 'number' || s.kind === 'date') && !numberFormatForUnit(s.unit) && !GENERAL_UNITS.includes(s.unit)) missing.push(`input ${s.name} (${s.unit})`);
    expect(missing).toEqual([]);
  });

  test('every format in the table is one Excel reads (digits, separators, %, a quoted suffix, or a date)', () => {
    for (const r of UNIT_FORMATS) expect(r.format).toMatch(/^(#,##0|0)(\.0+)?(%|"x")?$|^yyyy-mm-dd$/);
  });
});

describe('results at each host level', () => {
  test('MINER_AI_YIELD("IREN","irr") is a Double with 0.0% where the host has ExcelApi 1.19, a FormattedNumber on 1.16, a plain number before', () => {
    const plain = F.minerAiYield('IREN', 'irr')[0][0] as number;
    expect(typeof plain).toBe('number');
    expect(withLevel('double', () => F.minerAiYield('IREN', 'irr'))).toEqual([[{ type: 'Double', basicType: 'Double', basicValue: plain, numberFormat: '0.0%' }]]);
    expect(withLevel('formattedNumber', () => F.minerAiYield('IREN', 'irr'))).toEqual([[{ type: 'FormattedNumber', basicType: 'Double', basicValue: plain, numberFormat: '0.0%' }]]);
    expect(withLevel('none', () => F.minerAiYield('IREN', 'irr'))).toEqual([[plain]]);
  });

  test('dates: NEXT_HALVING and PRESET_ASOF carry a date format; HASHPRICE a price; COLO_REVENUE a USD amount', () => {
    const r = withLevel('double', () => [F.nextHalving(46023), F.presetAsof('IREN'), F.hashprice(100000, 1100, 0.03, 3.125), F.coloRevenue(150)]);
    expect(r.map((x) => (x as { numberFormat: string }).numberFormat)).toEqual([DATE_FORMAT, DATE_FORMAT, USD_CENTS_FORMAT, USD_FORMAT]);
    // iren.json: asof 2026-06-01 = serial 46 174
    expect((r[1] as { basicValue: number }).basicValue).toBe(46174);
  });

  test('the plain value never changes: for every function result, the Double\'s basicValue is the number a host without data types gets', () => {
    const calls: (() => unknown)[] = [
      () => F.hashVsLease('RIOT', 'delta'),
      () => F.hashVsLease('RIOT', 'table'),
      () => F.miningEconomics('CLSK', 'table'),
      () => F.projection('IREN', 13),
      () => F.presets(),
      () => F.preset('RIOT'),
      () => F.input('RIOT', 'power_price_mwh'),
      () => F.sensitivity('RIOT', 'HASH_VS_LEASE', 'delta', 'btc_price', [[80000, 120000]], 'pue', [[1.2], [1.3]]),
      () => F.leaseNpvPercentiles('', 2, null, 200, 1),
      () => F.blockSubsidy(46023),
    ];
    for (const call of calls) {
      const plain = withLevel('none', call);
      const rich = withLevel('double', call);
      expect(readResult(rich).value).toEqual(plain);
    }
  });

  test('tables take formats from their structure: a date column, a unit column, units in labels, input names', () => {
    const projection = readResult(withLevel('double', () => F.projection('IREN', 2)));
    expect((projection.numberFormat as string[][])[1]).toEqual([DATE_FORMAT, '0.000', '#,##0.0', USD_CENTS_FORMAT, USD_FORMAT, USD_FORMAT, USD_FORMAT]);
    const presets = readResult(withLevel('double', () => F.presets()));
    expect((presets.numberFormat as string[][])[1]).toEqual(['', '', DATE_FORMAT]);
    const riot = readResult(withLevel('double', () => F.preset('RIOT')));
    const rows = riot.value as unknown[][];
    const formats = riot.numberFormat as string[][];
    expect(formats[rows.findIndex((r) => r[0] === 'uptime')][1]).toBe(PERCENT_FORMAT);
    expect(formats[rows.findIndex((r) => r[0] === 'valuation_date')][1]).toBe(DATE_FORMAT);
    const table = readResult(withLevel('double', () => F.minerAiYield('IREN', 'table')));
    const t = table.value as unknown[][];
    expect((table.numberFormat as string[][])[t.findIndex((r) => r[0] === 'irr')][1]).toBe(PERCENT_FORMAT);
  });

  test('property: any quantity and any table round-trips to its plain value at every level', () => {
    const cell = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 8 }), fc.boolean());
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...UNIT_FORMATS.flatMap((u) => u.units ?? []), 'nonsense'), fc.constantFrom<DataTypeLevel>('none', 'formattedNumber', 'double'), (v, unit, level) => {
        const r = readResult(toExcelResult(quantity(v, unit), level));
        expect(r.value).toBe(v);
        expect(r.numberFormat).toBe(level === 'none' ? undefined : numberFormatForUnit(unit));
      }),
      { seed: 13, numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), fc.constantFrom<DataTypeLevel>('none', 'formattedNumber', 'double'), (rows, level) => {
        const width = rows[0].length;
        const table = rows.map((r) => Array.from({ length: width }, (_, j) => r[j % r.length]));
        expect(readResult(toExcelResult(table, level)).value).toEqual(table);
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  test('a table without a header of text is left alone by the structural rules', () => {
    expect(tableWithUnits([[1, 2], [3, 4]])).toEqual([[1, 2], [3, 4]]);
  });
});

describe('cards', () => {
  test('a card is an Entity whose properties are formatted values, with the as-of date and the sources', () => {
    const c = card('IREN', [['irr', quantity(0.12, 'per year')], ['name', 'IREN Limited']], { asof: '2026-02-05', sources: ['a', 'b', 'a'] });
    expect(toExcelResult(c, 'double')).toEqual({
      type: 'Entity',
      text: 'IREN',
      properties: {
        irr: { type: 'Double', basicType: 'Double', basicValue: 0.12, numberFormat: PERCENT_FORMAT },
        name: { type: 'String', basicType: 'String', basicValue: 'IREN Limited' },
        as_of: { type: 'Double', basicType: 'Double', basicValue: 46058, numberFormat: DATE_FORMAT },
        sources: { type: 'String', basicType: 'String', basicValue: 'a | b' },
      },
    });
    // a host without data types shows the card's text
    expect(toExcelResult(c, 'none')).toBe('IREN');
  });

  test('runModelCard: every single-number metric of a model as a field, the preset\'s as-of and cited sources', () => {
    const c = withLevel('double', () => A.run(() => A.runModelCard('MINER_AI_YIELD', 'IREN', null)));
    const r = readResult(c);
    expect(r.value).toBe('IREN MINER_AI_YIELD');
    const irr = withLevel('none', () => F.minerAiYield('IREN', 'irr')[0][0]);
    expect(r.properties!.irr).toEqual({ value: irr, numberFormat: PERCENT_FORMAT });
    expect(r.properties!.as_of).toEqual({ value: 46174, numberFormat: DATE_FORMAT });
    expect(String(r.properties!.sources.value)).toMatch(/IREN/);
    expect(r.properties!.table).toBeUndefined(); // tables are not fields
  });
});

describe('data types in arguments (Excel passes a cell holding one as its cell-value JSON)', () => {
  const dbl = (v: number, numberFormat = '#,##0') => ({ type: 'Double', basicType: 'Double', basicValue: v, numberFormat });

  test('a formatted number is its value: as a scalar, inside a 1×1 range, in an overrides block, on a grid axis', () => {
    expect(F.hashprice(dbl(100000), [[dbl(1100)]], 0.03, 3.125)).toBe(F.hashprice(100000, 1100, 0.03, 3.125));
    const block = [[['btc_price', dbl(120000)], [{ type: 'String', basicType: 'String', basicValue: 'pue' }, dbl(1.2, '0.00')]]];
    expect(F.hashVsLease('', 'delta', block as never)).toEqual(F.hashVsLease('', 'delta', [[['btc_price', 120000], ['pue', 1.2]]] as never));
    expect(F.sensitivity('', 'HASH_VS_LEASE', 'delta', 'btc_price', [[dbl(80000), dbl(100000)]], 'pue', [[dbl(1.2)]])).toEqual(
      F.sensitivity('', 'HASH_VS_LEASE', 'delta', 'btc_price', [[80000, 100000]], 'pue', [[1.2]]),
    );
  });

  test("our own results fed back in: the model sheet's INPUT cells (formatted) drive the headline formulas", () => {
    // one deal of the book (riot.json amd-rockdale): its INPUT cells, fed back as overrides, give the same delta
    const deal = ['tranche', 'amd-rockdale'];
    const inputs = ['btc_price', 'pue'].map((n) => [n, withLevel('double', () => F.input('RIOT', n, [[deal]] as never))]);
    expect(withLevel('double', () => F.hashVsLease('RIOT', 'delta', [[...inputs, deal]] as never))).toEqual(withLevel('double', () => F.hashVsLease('RIOT', 'delta', [[deal]] as never)));
  });

  test('a card where a value is needed is #VALUE! saying to read a field; an Empty data type is blank', () => {
    const e = errorOf(() => F.hashprice({ type: 'Entity', text: 'IREN', properties: {} }, 1100));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toMatch(/btc_price holds a card \("IREN"\).*field/);
    expect(plainArg({ type: 'Empty', basicValue: '' })).toBeNull();
  });
});

describe('errors stay Excel errors', () => {
  test.each<DataTypeLevel>(['none', 'formattedNumber', 'double'])('at level %s an error is thrown as an Excel error with its message, never returned as a data type', (level) => {
    const e = withLevel(level, () => errorOf(() => F.hashprice('abc', 1100)));
    expect(e.code).toBe('#VALUE!');
    expect(e.message).toContain('btc_price');
    expect(withLevel(level, () => errorOf(() => F.hashVsLease('NOPE'))).code).toBe('#N/A');
  });
});

test('GENERAL_UNITS lists only units the table does not format', () => {
  for (const u of GENERAL_UNITS) expect(numberFormatForUnit(u)).toBeUndefined();
});
