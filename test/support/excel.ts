/** Shared by the tests that call the Excel-facing wrappers: reading an Excel error back, 1×1 results, overrides ranges. */
import { readExcelError } from '../../src/functions/excelError';

export function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    const x = readExcelError(e);
    if (x) return x;
    throw e;
  }
  throw new Error('expected an Excel error');
}

/** The number in a 1×1 spill. */
export function one(x: unknown[][]): number {
  expect(x.length).toBe(1);
  expect(x[0].length).toBe(1);
  expect(typeof x[0][0]).toBe('number');
  return x[0][0] as number;
}

/** Overrides as Excel passes a two-column assumptions range to the repeating argument. */
export function ov(o: Record<string, number | string>): never {
  return [Object.entries(o).map(([k, v]) => [k, v])] as never;
}
