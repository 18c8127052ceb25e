/**
 * Which Excel data types the host takes: the one place the custom functions touch the
 * Office global (src/office/host.ts is the task pane's). Kept apart from host.ts so
 * functions.js does not carry the pane's host code.
 */

export type DataTypeLevel = 'none' | 'formattedNumber' | 'double';
let knownLevel: DataTypeLevel | null = null;

/**
 * Which of Excel's data types custom functions may return here:
 * - inside Excel, from the requirement sets: ExcelApi 1.19 takes a Double with a
 *   numberFormat, 1.16–1.18 the older FormattedNumber, earlier hosts plain values;
 * - with office.js loaded outside Office (the preview and the browser tests, which
 *   stand in for a current Excel): 'double';
 * - without office.js (Node: the tests, scripts): 'none', plain values.
 * Called on every function call; the answer inside Excel is kept once known.
 */
export function dataTypeLevel(): DataTypeLevel {
  if (knownLevel) return knownLevel;
  if (typeof Office === 'undefined') return 'none';
  try {
    const ctx = Office.context;
    if (!ctx || !ctx.host) return 'double'; // office.js outside Office, or not initialised yet
    const req = ctx.requirements;
    knownLevel = req.isSetSupported('ExcelApi', '1.19') ? 'double' : req.isSetSupported('ExcelApi', '1.16') ? 'formattedNumber' : 'none';
    return knownLevel;
  } catch {
    return 'double';
  }
}
