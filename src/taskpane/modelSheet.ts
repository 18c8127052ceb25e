/**
 * "Insert model": a worksheet that is a small investor model of one company,
 * built only on BTCAI formulas, so it recalculates with the workbook's presets.
 *
 *   B2            ticker (change it to model another company)
 *   A5:B13        inputs block, names and values; the values start as
 *                 =BTCAI.INPUT(ticker, name) and the user types over them to override
 *   E5:F9         yield, IRR, NPV, payback (MINER_AI_YIELD) and the delta (HASH_VS_LEASE)
 *   A17           =BTCAI.HASH_VS_LEASE(ticker, "table", inputs), spilled 12×4 (to row 28)
 *   F17:G18       mining and AI EBITDA per gross MW, the chart's data
 *   A29:F34       sensitivity of the delta to btc_price (across) × lease_rate_kw_month (down), titled in H29
 *   chart         column chart of mining vs AI EBITDA per gross MW
 */
import { inputSpec } from '../engine/catalogue';
import type { SheetCells, SheetPlan } from '../office/workbook';

/** The inputs block: the two grid axes first (the grid overrides them itself), then the rest. */
export const MODEL_INPUTS = ['btc_price', 'lease_rate_kw_month', 'network_hashrate_eh', 'power_price_mwh', 'efficiency_j_th', 'pue', 'ai_capex_mw_it', 'ai_discount_rate', 'convert_mw'] as const;
export const GRID_STEPS = [0.6, 0.8, 1, 1.2, 1.4] as const;

const FIRST_INPUT_ROW = 5;
const LAST_INPUT_ROW = FIRST_INPUT_ROW + MODEL_INPUTS.length - 1;
/** Every input: the overrides of the headline formulas. */
export const INPUTS_RANGE = `$A$${FIRST_INPUT_ROW}:$B$${LAST_INPUT_ROW}`;
/** The inputs without the two grid axes (a name given twice is #VALUE!). */
export const GRID_INPUTS_RANGE = `$A$${FIRST_INPUT_ROW + 2}:$B$${LAST_INPUT_ROW}`;
const TICKER_CELL = '$B$2';
const BTC_CELL = `$B$${FIRST_INPUT_ROW}`;
const LEASE_CELL = `$B$${FIRST_INPUT_ROW + 1}`;

const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;

export function modelSheetPlan(ticker: string): SheetPlan {
  const cells: SheetCells[] = [];
  cells.push({ address: 'A1', formulas: [['BTCAI investor model: hash or lease?']], bold: true });
  cells.push({ address: 'A2:B2', formulas: [['ticker', ticker]], bold: true });
  cells.push({ address: 'A3', formulas: [['Type over a value in B5:B13 to override it; clear it to go back to the preset (=BTCAI.INPUT). Figures are per gross MW unless stated.']] });
  cells.push({ address: 'A4:C4', formulas: [['input', 'value', 'unit']], bold: true });
  cells.push({
    address: `A${FIRST_INPUT_ROW}:C${LAST_INPUT_ROW}`,
    formulas: MODEL_INPUTS.map((n) => [n, `=BTCAI.INPUT(${TICKER_CELL},${q(n)})`, inputSpec(n)!.unit]),
  });
  cells.push({ address: 'E4:G4', formulas: [['result', 'value', 'unit']], bold: true });
  const results: [string, string, string, string][] = [
    ['yield on cost', `=BTCAI.MINER_AI_YIELD(${TICKER_CELL},"yield",${INPUTS_RANGE})`, 'per year', '0.0%'],
    ['IRR', `=BTCAI.MINER_AI_YIELD(${TICKER_CELL},"irr",${INPUTS_RANGE})`, 'per year', '0.0%'],
    ['NPV', `=BTCAI.MINER_AI_YIELD(${TICKER_CELL},"npv",${INPUTS_RANGE})`, 'USD (convert_mw)', '#,##0'],
    ['payback', `=BTCAI.MINER_AI_YIELD(${TICKER_CELL},"payback_years",${INPUTS_RANGE})`, 'years', '0.0'],
    ['AI − mining EBITDA', `=BTCAI.HASH_VS_LEASE(${TICKER_CELL},"delta",${INPUTS_RANGE})`, 'USD per gross MW per year', '#,##0'],
  ];
  results.forEach(([label, f, unit, fmt], i) => {
    const r = 5 + i;
    cells.push({ address: `E${r}`, formulas: [[label]] });
    cells.push({ address: `F${r}`, formulas: [[f]], numberFormat: fmt });
    cells.push({ address: `G${r}`, formulas: [[unit]] });
  });
  cells.push({ address: 'A16', formulas: [['Mining vs AI per gross MW (HASH_VS_LEASE table)']], bold: true });
  cells.push({ address: 'A17', formulas: [[`=BTCAI.HASH_VS_LEASE(${TICKER_CELL},"table",${INPUTS_RANGE})`]] });
  cells.push({ address: 'F16', formulas: [['EBITDA, USD per gross MW per year']], bold: true });
  cells.push({
    address: 'F17:G18',
    formulas: [
      ['Mining', `=BTCAI.HASH_VS_LEASE(${TICKER_CELL},"mining_ebitda",${INPUTS_RANGE})`],
      ['AI', `=BTCAI.HASH_VS_LEASE(${TICKER_CELL},"ai_ebitda",${INPUTS_RANGE})`],
    ],
    numberFormat: '#,##0',
  });
  const gridTop = 29;
  // the title sits beside the grid: the table above spills down to row 28
  cells.push({ address: `H${gridTop}`, formulas: [['← Sensitivity: AI − mining EBITDA (USD per gross MW per year); btc_price across, lease_rate_kw_month down']], bold: true });
  const cols = ['B', 'C', 'D', 'E', 'F'];
  cells.push({ address: `A${gridTop}`, formulas: [['lease \\ BTC']], bold: true });
  cells.push({ address: `B${gridTop}:F${gridTop}`, formulas: [GRID_STEPS.map((s) => `=${BTC_CELL}*${s}`)], numberFormat: '#,##0', bold: true });
  const last = gridTop + GRID_STEPS.length;
  cells.push({ address: `A${gridTop + 1}:A${last}`, formulas: GRID_STEPS.map((s) => [`=${LEASE_CELL}*${s}`]), numberFormat: '0.0', bold: true });
  const grid = GRID_STEPS.map((_, i) =>
    cols.map((c) => `=BTCAI.HASH_VS_LEASE(${TICKER_CELL},"delta",${GRID_INPUTS_RANGE},"btc_price",${c}$${gridTop},"lease_rate_kw_month",$A${gridTop + 1 + i})`),
  );
  cells.push({ address: `B${gridTop + 1}:F${last}`, formulas: grid, numberFormat: '#,##0' });
  return {
    name: `BTCAI Model ${ticker || 'site'}`,
    cells,
    charts: [{ type: 'ColumnClustered', sourceAddress: 'F17:G18', title: `${ticker || 'Generic site'}: mining vs AI EBITDA per gross MW per year (USD)`, topLeft: 'I4', bottomRight: 'O20' }],
    autofit: 'A:G',
  };
}
