/**
 * The inserted model sheet computed as Excel would (btcai calc's HyperFormula host
 * with the BTCAI functions of dist/): no formula ends in #SPILL!, every spilled table
 * lands where the layout says, and the company blocks (the sum of the parts and the
 * comps) sit beside the per-MW model without overlapping it.
 */
import * as path from 'path';
import type * as HFModule from 'hyperformula';
import { SheetCalc, CellInput } from '../../src/cli/calc';
import { hostFor, loadMetadata } from '../../src/cli/main';
import { BRIDGE_CELL, COMPS_CELL, modelSheetPlan } from '../../src/taskpane/modelSheet';
import { store } from '../../src/presets/bundled';
import { readResult } from '../../src/functions/cellValues';
import * as F from '../../src/functions/functions';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hf = require('hyperformula') as typeof HFModule;
const host = hostFor(loadMetadata(path.join(__dirname, '..', '..', 'dist')));

const colOf = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
function cellAt(a1: string): { row: number; col: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a1)!;
  return { row: Number(m[2]) - 1, col: colOf(m[1]) };
}

/** The plan as a grid of the contents written, and the cells written. */
function grid(ticker: string): { rows: CellInput[][]; written: Set<string> } {
  const rows: CellInput[][] = [];
  const written = new Set<string>();
  for (const block of modelSheetPlan(ticker).cells) {
    const [from] = block.address.split(':');
    const start = cellAt(from);
    block.formulas.forEach((r, i) =>
      r.forEach((v, j) => {
        const row = start.row + i;
        const col = start.col + j;
        while (rows.length <= row) rows.push([]);
        rows[row][col] = v as CellInput;
        written.add(`${row}:${col}`);
      }),
    );
  }
  return { rows, written };
}

describe.each(['IREN', 'RIOT', 'APLD'])('Insert model for %s, computed', (ticker) => {
  const { rows, written } = grid(ticker);
  const sheet = 'Model';
  const calc = new SheetCalc(hf, host, { [sheet]: rows });
  afterAll(() => calc.destroy());
  const value = (row: number, col: number): unknown => {
    const s = calc.shown(sheet, row, col);
    if ('error' in s) throw new Error(`${row}:${col} is ${s.error}: ${s.message}`);
    return s.value;
  };
  const at = (a1: string): unknown => value(cellAt(a1).row, cellAt(a1).col);

  test('no formula is #SPILL! (nor any other error), and no spill covers a written cell or another spill', () => {
    const errors: string[] = [];
    const covered = new Map<string, string>();
    for (const key of written) {
      const [row, col] = key.split(':').map(Number);
      const content = rows[row][col];
      if (typeof content !== 'string' || !content.startsWith('=')) continue;
      const shown = calc.shown(sheet, row, col);
      if ('error' in shown) errors.push(`${key} ${content}: ${shown.error} ${shown.message}`);
      const size = calc.spillSize(sheet, row, col);
      for (let i = 0; i < size.rows; i++) {
        for (let j = 0; j < size.cols; j++) {
          if (i === 0 && j === 0) continue;
          const k = `${row + i}:${col + j}`;
          if (written.has(k)) errors.push(`the spill of ${key} covers the written cell ${k}`);
          if (covered.has(k)) errors.push(`the spills of ${key} and ${covered.get(k)} overlap at ${k}`);
          covered.set(k, key);
        }
      }
    }
    expect(errors).toEqual([]);
  });

  test('the sum of the parts spills at A38 (15 rows, to row 52) and ends with value per share; the comps at A56, one row per preset', () => {
    const b = cellAt(BRIDGE_CELL);
    expect(calc.spillSize(sheet, b.row, b.col)).toEqual({ rows: 15, cols: 3 });
    expect(value(b.row, b.col)).toBe('item');
    expect(value(b.row + 14, b.col)).toBe('value per share (USD per share)');
    expect(value(b.row + 14, b.col + 1)).toBeCloseTo(at('F10') as number, 9);
    const c = cellAt(COMPS_CELL);
    expect(calc.spillSize(sheet, c.row, c.col)).toEqual({ rows: 1 + store.tickers().length, cols: 9 });
    // nothing is written below the comps: imported presets add rows there
    for (const key of written) expect(Number(key.split(':')[0])).toBeLessThanOrEqual(c.row);
  });

  test('the per-MW formulas value one standard MW: the same numbers as tranche "standard" with the inputs as overrides', () => {
    const irr = at('F6') as number;
    const block = [4, 5, 6, 7, 8, 9, 10, 11, 12].map((r) => [rows[r][0], value(r, 1)]);
    const expected = readResult(F.minerAiYield(ticker, 'irr', [block, [['tranche', 'standard']]] as never)).value as number[][];
    expect(irr).toBeCloseTo(expected[0][0], 12);
  });
});
