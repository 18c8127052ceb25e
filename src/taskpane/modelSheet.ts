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
 *   E10:G10       value per share of the company (COMPANY)
 *   A37, A38      the sum of the parts: =BTCAI.COMPANY(ticker, "table"), spilled 15×3 (to row 52)
 *   A55, A56      comparable companies: =BTCAI.COMPS(), spilled one row per preset × 9 (last: it grows
 *                 downward when presets are imported, into empty rows)
 *   chart         column chart of mining vs AI EBITDA per gross MW
 *
 * The per-MW formulas value one new MW on a standard lease at the company's
 * inputs (tranche "standard"): the inputs block overrides them, and a company's
 * own deals would lose their terms to it. The company's deals are in the bridge
 * (and CONTRACTS); the bridge and the comps take the block's BTC price and
 * network hashrate, company-wide.
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
/** The per-MW formulas' own selector: one standard MW, whatever the company's book. */
const STANDARD = '"tranche","standard"';
/** The market inputs of the block that the company formulas take (company-wide overrides). */
const MARKET_OVERRIDES = `"btc_price",${BTC_CELL},"network_hashrate_eh",$B$${FIRST_INPUT_ROW + 2}`;
/** Where the sum of the parts and the comps spill (test/taskpane/modelSheet.test.ts computes the sheet and finds no #SPILL!). */
export const BRIDGE_CELL = 'A38';
export const COMPS_CELL = 'A56';

export function modelSheetPlan(ticker: string): SheetPlan {
  const cells: SheetCells[] = [];
  cells.push({ address: 'A1', formulas: [['BTCAI investor model: hash or lease?']], bold: true });
  cells.push({ address: 'A2:B2', formulas: [['ticker', ticker]], bold: true });
  cells.push({ address: 'A3', formulas: [['Type over a value in B5:B13 to override it; clear it to go back to the preset (=BTCAI.INPUT). The per-MW figures are one new MW on a standard lease at these inputs; the company, its deals included, is in the sum of the parts below.']] });
  cells.push({ address: 'A4:C4', formulas: [['input', 'value', 'unit']], bold: true });
  cells.push({
    address: `A${FIRST_INPUT_ROW}:C${LAST_INPUT_ROW}`,
    formulas: MODEL_INPUTS.map((n) => [n, `=BTCAI.INPUT(${TICKER_CELL},${q(n)})`, inputSpec(n)!.unit]),
  });
  cells.push({ address: 'E4:G4', formulas: [['result', 'value', 'unit']], bold: true });
  const results: [string, string, string, string][] = [
    ['yield on cost', `=BTCAI.MINER_AI_YIELD(${TICKER_CELL},"yield",${INPUTS_RANGE},${STANDARD})`, 'per year', '0.0%'],
    ['IRR', `=BTCAI.MINER_AI_YIELD(${TICKER_CELL},"irr",${INPUTS_RANGE},${STANDARD})`, 'per year', '0.0%'],
    ['NPV', `=BTCAI.MINER_AI_YIELD(${TICKER_CELL},"npv",${INPUTS_RANGE},${STANDARD})`, 'USD (convert_mw)', '#,##0'],
    ['payback', `=BTCAI.MINER_AI_YIELD(${TICKER_CELL},"payback_years",${INPUTS_RANGE},${STANDARD})`, 'years', '0.0'],
    ['AI − mining EBITDA', `=BTCAI.HASH_VS_LEASE(${TICKER_CELL},"delta",${INPUTS_RANGE},${STANDARD})`, 'USD per gross MW per year', '#,##0'],
    ['value per share (company)', `=BTCAI.COMPANY(${TICKER_CELL},"value_per_share",${MARKET_OVERRIDES})`, 'USD per share', '#,##0.00'],
  ];
  results.forEach(([label, f, unit, fmt], i) => {
    const r = 5 + i;
    cells.push({ address: `E${r}`, formulas: [[label]] });
    cells.push({ address: `F${r}`, formulas: [[f]], numberFormat: fmt });
    cells.push({ address: `G${r}`, formulas: [[unit]] });
  });
  cells.push({ address: 'A16', formulas: [['Mining vs AI per gross MW (HASH_VS_LEASE table)']], bold: true });
  cells.push({ address: 'A17', formulas: [[`=BTCAI.HASH_VS_LEASE(${TICKER_CELL},"table",${INPUTS_RANGE},${STANDARD})`]] });
  cells.push({ address: 'F16', formulas: [['EBITDA, USD per gross MW per year']], bold: true });
  cells.push({
    address: 'F17:G18',
    formulas: [
      ['Mining', `=BTCAI.HASH_VS_LEASE(${TICKER_CELL},"mining_ebitda",${INPUTS_RANGE},${STANDARD})`],
      ['AI', `=BTCAI.HASH_VS_LEASE(${TICKER_CELL},"ai_ebitda",${INPUTS_RANGE},${STANDARD})`],
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
    cols.map((c) => `=BTCAI.HASH_VS_LEASE(${TICKER_CELL},"delta",${GRID_INPUTS_RANGE},"btc_price",${c}$${gridTop},"lease_rate_kw_month",$A${gridTop + 1 + i},${STANDARD})`),
  );
  cells.push({ address: `B${gridTop + 1}:F${last}`, formulas: grid, numberFormat: '#,##0' });
  cells.push({ address: 'A37', formulas: [['Sum of the parts: the company, its contract book at its own rates, to value per share (COMPANY table; BTC price and network hashrate from the inputs)']], bold: true });
  cells.push({ address: BRIDGE_CELL, formulas: [[`=BTCAI.COMPANY(${TICKER_CELL},"table",${MARKET_OVERRIDES})`]] });
  cells.push({ address: 'A55', formulas: [['Comparable companies (COMPS; the same BTC price and network hashrate for every row)']], bold: true });
  cells.push({ address: COMPS_CELL, formulas: [[`=BTCAI.COMPS(,,${MARKET_OVERRIDES})`]] });
  return {
    name: `BTCAI Model ${ticker || 'site'}`,
    cells,
    charts: [{ type: 'ColumnClustered', sourceAddress: 'F17:G18', title: `${ticker || 'Generic site'}: mining vs AI EBITDA per gross MW per year (USD)`, topLeft: 'I4', bottomRight: 'O20' }],
    autofit: 'A:G',
  };
}
