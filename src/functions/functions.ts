/* The functions a user types in Excel (namespace BTCAI).
 * Top-level, JSDoc-annotated wrappers only: the metadata generator reads this file
 * to write functions.json. Each wrapper adapts its arguments, calls the engine and
 * maps errors (adapter.ts); no model logic lives here.
 * Parameters are typed `any` so that the adapter, not Excel, checks them and can
 * say what to fix. Results are typed `any` too: with functions.json's
 * allowCustomDataForDataTypeAny, a result may be one of Excel's data types (a
 * formatted number, a card), which the adapter's result path builds from units. */
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as A from './adapter';
import * as P from './presetFunctions';
import * as S from './scalarFunctions';
import * as C from './scenarioFunctions';
import * as M from './marketFunctions';
import * as K from './companyFunctions';
import { setDataTypeProbe } from './cellValues';
import { dataTypeLevel } from '../office/dataTypes';

// which of Excel's data types the host takes: asked of src/office/ (the only code that touches Office)
setDataTypeProbe(dataTypeLevel);

/**
 * Yield on converting a miner's power to AI: stabilised AI EBITDA / capex, or IRR, NPV, payback.
 * @customfunction MINER_AI_YIELD
 * @helpurl https://localhost:3000/help.html#MINER_AI_YIELD
 * @param {any} [ticker] Company preset ticker such as "IREN"; "" or omitted for a generic 1 MW site on market defaults.
 * @param {any} [metric] yield (default, year-1 EBITDA / capex), irr (pre-tax, terminal value included), npv (USD), terminal_value (USD, present value), residual_value (USD, present value after the contract), payback_years, equity_irr, equity_npv (USD), min_dscr, revenue (USD/yr), ebitda (USD/yr), revenue_per_mw, capex (USD), convert_mw, valuation_years, sign_changes, cash_flows (USD per month), table.
 * @param {any[][][]} [overrides] Input overrides: "name", value pairs, or a two-column range of names and values.
 * @returns {any[][]} The metric, or a spilled table.
 */
export function minerAiYield(ticker?: any, metric?: any, overrides?: any[][][]): any[][] {
  return A.run(() => A.runModel('MINER_AI_YIELD', ticker, metric, overrides));
}

/**
 * Is a megawatt worth more hashing or leased to AI? AI minus mining EBITDA per gross MW per year, and related metrics.
 * @customfunction HASH_VS_LEASE
 * @helpurl https://localhost:3000/help.html#HASH_VS_LEASE
 * @param {any} [ticker] Company preset ticker such as "RIOT"; "" or omitted for a generic 1 MW site on market defaults.
 * @param {any} [metric] delta (default, USD per gross MW per year), ratio, breakeven_hashprice (USD per PH/s per day), breakeven_btc_price (USD), npv_delta (USD per gross MW), economic_delta (USD per gross MW per year), economic_breakeven_btc_price (USD), mining_capital_charge, ai_capital_charge, mining_ebitda, ai_ebitda, table.
 * @param {any[][][]} [overrides] Input overrides: "name", value pairs, or a two-column range of names and values.
 * @returns {any[][]} The metric, or a spilled table.
 */
export function hashVsLease(ticker?: any, metric?: any, overrides?: any[][][]): any[][] {
  return A.run(() => A.runModel('HASH_VS_LEASE', ticker, metric, overrides));
}

/**
 * Mining economics per gross MW per year for a company preset or a generic site.
 * @customfunction MINING_ECONOMICS
 * @helpurl https://localhost:3000/help.html#MINING_ECONOMICS
 * @param {any} [ticker] Company preset ticker; "" or omitted for a generic 1 MW site.
 * @param {any} [metric] ebitda (default, USD per gross MW per year), revenue, power_cost, btc_mined (BTC/yr), cost_per_btc (USD), all_in_cost_per_btc (USD), breakeven_power_price (USD/MWh), breakeven_hashprice (USD/PH/day), hashrate_ph (PH/s), hashprice, fleet_renewal, table.
 * @param {any[][][]} [overrides] Input overrides: "name", value pairs, or a two-column range of names and values.
 * @returns {any[][]} The metric, or a spilled table.
 */
export function miningEconomics(ticker?: any, metric?: any, overrides?: any[][][]): any[][] {
  return A.run(() => A.runModel('MINING_ECONOMICS', ticker, metric, overrides));
}

/**
 * AI hosting economics per gross MW per year in the preset's ai_mode (colo or cloud).
 * @customfunction AI_ECONOMICS
 * @helpurl https://localhost:3000/help.html#AI_ECONOMICS
 * @param {any} [ticker] Company preset ticker; "" or omitted for a generic 1 MW site.
 * @param {any} [metric] ebitda (default, USD per gross MW per year), revenue, capex (USD per gross MW), yield (per year), it_mw, gpus, power_cost, depreciation, table.
 * @param {any[][][]} [overrides] Input overrides: "name", value pairs, or a two-column range of names and values.
 * @returns {any[][]} The metric, or a spilled table.
 */
export function aiEconomics(ticker?: any, metric?: any, overrides?: any[][][]): any[][] {
  return A.run(() => A.runModel('AI_ECONOMICS', ticker, metric, overrides));
}

/**
 * Hashprice: what one PH/s earns per day, in USD.
 * @customfunction HASHPRICE
 * @helpurl https://localhost:3000/help.html#HASHPRICE
 * @param {any} btc_price Bitcoin price in USD.
 * @param {any} network_eh Network hashrate in EH/s.
 * @param {any} [fees_btc_per_block] Transaction fees in BTC per block (default: market default).
 * @param {any} [subsidy_btc] Block subsidy in BTC (default: today's).
 * @returns {any} USD per PH/s per day.
 */
export function hashprice(btc_price: any, network_eh: any, fees_btc_per_block?: any, subsidy_btc?: any): any {
  return A.run(() => S.hashprice(btc_price, network_eh, fees_btc_per_block, subsidy_btc));
}

/**
 * Hashvalue: bitcoin earned by one PH/s per day.
 * @customfunction HASHVALUE
 * @helpurl https://localhost:3000/help.html#HASHVALUE
 * @param {any} network_eh Network hashrate in EH/s.
 * @param {any} [fees_btc_per_block] Transaction fees in BTC per block (default: market default).
 * @param {any} [subsidy_btc] Block subsidy in BTC (default: today's).
 * @returns {any} BTC per PH/s per day.
 */
export function hashvalue(network_eh: any, fees_btc_per_block?: any, subsidy_btc?: any): any {
  return A.run(() => S.hashvalue(network_eh, fees_btc_per_block, subsidy_btc));
}

/**
 * Network hashrate implied by a difficulty: difficulty × 2^32 / 600.
 * @customfunction NETWORK_HASHRATE
 * @helpurl https://localhost:3000/help.html#NETWORK_HASHRATE
 * @param {any} difficulty Bitcoin mining difficulty (e.g. 150e12).
 * @returns {any} EH/s.
 */
export function networkHashrate(difficulty: any): any {
  return A.run(() => S.networkHashrate(difficulty));
}

/**
 * Block subsidy at a date.
 * @customfunction BLOCK_SUBSIDY
 * @helpurl https://localhost:3000/help.html#BLOCK_SUBSIDY
 * @param {any} [date] Date (Excel date serial or date cell; default: today).
 * @returns {any} BTC per block.
 */
export function blockSubsidy(date?: any): any {
  return A.run(() => S.blockSubsidy(date));
}

/**
 * Date of the next halving after a date.
 * @customfunction NEXT_HALVING
 * @helpurl https://localhost:3000/help.html#NEXT_HALVING
 * @param {any} [date] Date (Excel date serial or date cell; default: today).
 * @param {any} [block_minutes] Average minutes per block for future blocks (default 10).
 * @returns {any} The date (an Excel date serial, shown as a date where Excel has data types).
 */
export function nextHalving(date?: any, block_minutes?: any): any {
  return A.run(() => S.nextHalving(date, block_minutes));
}

/**
 * Cash cost to mine one bitcoin: power and other opex per BTC mined.
 * @customfunction COST_PER_BTC
 * @helpurl https://localhost:3000/help.html#COST_PER_BTC
 * @param {any} power_price_mwh All-in power price in USD/MWh.
 * @param {any} efficiency_j_th Fleet efficiency at the meter in J/TH (overhead included).
 * @param {any} network_eh Network hashrate in EH/s.
 * @param {any} [fees_btc_per_block] Transaction fees in BTC per block (default: market default).
 * @param {any} [uptime] Share of hours hashing, 0 to 1 (default 0.95).
 * @param {any} [pool_fee] Pool fee, 0 to 1 (default 0.02).
 * @param {any} [opex_mw_yr] Non-power opex in USD per MW per year (default 0).
 * @returns {any} USD per BTC.
 */
export function costPerBtc(power_price_mwh: any, efficiency_j_th: any, network_eh: any, fees_btc_per_block?: any, uptime?: any, pool_fee?: any, opex_mw_yr?: any): any {
  return A.run(() => S.costPerBtc(power_price_mwh, efficiency_j_th, network_eh, fees_btc_per_block, uptime, pool_fee, opex_mw_yr));
}

/**
 * Power price at which mining breaks even at a hashprice.
 * @customfunction BREAKEVEN_POWER_PRICE
 * @helpurl https://localhost:3000/help.html#BREAKEVEN_POWER_PRICE
 * @param {any} hashprice Hashprice in USD per PH/s per day.
 * @param {any} efficiency_j_th Fleet efficiency at the meter in J/TH (overhead included).
 * @param {any} [uptime] Share of hours hashing, 0 to 1 (default 0.95).
 * @param {any} [pool_fee] Pool fee, 0 to 1 (default 0.02).
 * @param {any} [opex_mw_yr] Non-power opex in USD per MW per year (default 0).
 * @returns {any} USD per MWh.
 */
export function breakevenPowerPrice(hashprice: any, efficiency_j_th: any, uptime?: any, pool_fee?: any, opex_mw_yr?: any): any {
  return A.run(() => S.breakevenPowerPrice(hashprice, efficiency_j_th, uptime, pool_fee, opex_mw_yr));
}

/**
 * Colocation rent per gross MW per year.
 * @customfunction COLO_REVENUE
 * @helpurl https://localhost:3000/help.html#COLO_REVENUE
 * @param {any} lease_rate_kw_month Rent in USD per critical-IT kW per month.
 * @param {any} [pue] Power usage effectiveness, gross MW / IT MW (default 1.25).
 * @param {any} [occupancy] Share of IT capacity leased, 0 to 1 (default 1).
 * @returns {any} USD per gross MW per year.
 */
export function coloRevenue(lease_rate_kw_month: any, pue?: any, occupancy?: any): any {
  return A.run(() => S.coloRevenue(lease_rate_kw_month, pue, occupancy));
}

/**
 * GPU cloud revenue per gross MW per year.
 * @customfunction GPU_CLOUD_REVENUE
 * @helpurl https://localhost:3000/help.html#GPU_CLOUD_REVENUE
 * @param {any} gpu_hour_rate Price of a GPU-hour in USD.
 * @param {any} [kw_per_gpu] All-in IT kW per GPU (default 1.8).
 * @param {any} [utilization] Share of GPU-hours sold, 0 to 1 (default 0.85).
 * @param {any} [pue] Power usage effectiveness, gross MW / IT MW (default 1.25).
 * @returns {any} USD per gross MW per year.
 */
export function gpuCloudRevenue(gpu_hour_rate: any, kw_per_gpu?: any, utilization?: any, pue?: any): any {
  return A.run(() => S.gpuCloudRevenue(gpu_hour_rate, kw_per_gpu, utilization, pue));
}

/**
 * Starting lease rate of an announced AI hosting deal: the year-1 rent whose escalated rents over the term sum to the contract value (the plain average when the escalator is omitted).
 * @customfunction DEAL_RATE
 * @helpurl https://localhost:3000/help.html#DEAL_RATE
 * @param {any} contract_value Total contract value (base rent) in USD.
 * @param {any} term_years Contract term in years.
 * @param {any} it_mw Critical IT MW contracted.
 * @param {any} [escalator] Annual rent escalator, e.g. 0.025 for 2.5 % (omitted: the average rate, no escalation).
 * @returns {any} USD per IT kW per month (year 1).
 */
export function dealRate(contract_value: any, term_years: any, it_mw: any, escalator?: any): any {
  return A.run(() => S.dealRate(contract_value, term_years, it_mw, escalator));
}

/**
 * One field of a company preset, or every field and value as a two-column table.
 * @customfunction PRESET
 * @helpurl https://localhost:3000/help.html#PRESET
 * @param {any} [ticker] Company preset ticker; "" for the market defaults.
 * @param {any} [field] Input or company field such as "power_mw", "energized_mw", "hashrate_eh", "shares_basic" or "btc_held"; omitted for the whole table.
 * @returns {any[][]} The value, or a spilled table of fields and values.
 */
export function preset(ticker?: any, field?: any): any[][] {
  return A.run(() => P.preset(ticker, field));
}

/**
 * The company presets that exist: ticker, company name, as-of date.
 * @customfunction PRESETS
 * @helpurl https://localhost:3000/help.html#PRESETS
 * @returns {any[][]} A spilled table with a header row.
 */
export function presets(): any[][] {
  return A.run(() => P.presets());
}

/**
 * The date of a preset's data.
 * @customfunction PRESET_ASOF
 * @helpurl https://localhost:3000/help.html#PRESET_ASOF
 * @param {any} [ticker] Company preset ticker; "" for the market defaults.
 * @returns {any} The date (an Excel date serial, shown as a date where Excel has data types).
 */
export function presetAsof(ticker?: any): any {
  return A.run(() => P.presetAsof(ticker));
}

/**
 * The value the engine will use for an input, after overrides, the workbook's preset table, the company preset and market defaults.
 * @customfunction INPUT
 * @helpurl https://localhost:3000/help.html#INPUT
 * @param {any} ticker Company preset ticker; "" for a generic site.
 * @param {any} name Input name such as "power_price_mwh".
 * @param {any[][][]} [overrides] Input overrides: "name", value pairs, or a two-column range of names and values.
 * @returns {any} The value, in the input's unit.
 */
export function input(ticker: any, name: any, overrides?: any[][][]): any {
  return A.run(() => P.input(ticker, name, overrides));
}

/**
 * Where a value comes from: override, tranche, workbook table, company preset (its document's title, publisher, date and address, or the assumption), the workbook's market data or market default.
 * @customfunction INPUT_SOURCE
 * @helpurl https://localhost:3000/help.html#INPUT_SOURCE
 * @param {any} ticker Company preset ticker; "" for a generic site.
 * @param {any} name Input or company field such as "power_price_mwh" or "energized_mw".
 * @param {any[][][]} [overrides] Input overrides: "name", value pairs, or a two-column range of names and values.
 * @returns {string} The layer, as-of date and source.
 */
export function inputSource(ticker: any, name: any, overrides?: any[][][]): string {
  return A.run(() => P.inputSource(ticker, name, overrides));
}

/**
 * Monthly projection per gross MW: one row per month with date, subsidy, network, hashprice, mining and AI EBITDA, and the cumulative cash difference.
 * @customfunction PROJECTION
 * @helpurl https://localhost:3000/help.html#PROJECTION
 * @param {any} [ticker] Company preset ticker such as "IREN"; "" or omitted for a generic 1 MW site on market defaults.
 * @param {any} [months] Months to project, 1 to 600 (default: the valuation horizon of terminal_method).
 * @param {any[][][]} [overrides] Input overrides: "name", value pairs, or a two-column range of names and values.
 * @returns {any[][]} A spilled table with a header row: date (Excel serial), subsidy (BTC/block), network (EH/s), hashprice (USD/PH/day), mining EBITDA (USD/month), AI EBITDA (USD/month), cumulative delta (USD).
 */
export function projection(ticker?: any, months?: any, overrides?: any[][][]): any[][] {
  return A.run(() => C.projection(ticker, months, overrides));
}

/**
 * A model function's metric over a grid of two inputs: x values across the top, y values down the side.
 * @customfunction SENSITIVITY
 * @helpurl https://localhost:3000/help.html#SENSITIVITY
 * @param {any} ticker Company preset ticker such as "RIOT"; "" for a generic 1 MW site on market defaults.
 * @param {any} function_name Model function: MINER_AI_YIELD, HASH_VS_LEASE, MINING_ECONOMICS or AI_ECONOMICS.
 * @param {any} metric A single-number metric of that function, such as "npv_delta" (blank: the function's default).
 * @param {any} x_name Input varied across the columns, such as "btc_price".
 * @param {any[][]} x_values Values of x_name (in its unit): a row or column range, or an array constant such as {80000,100000,120000}.
 * @param {any} y_name Input varied down the rows, such as "lease_rate_kw_month".
 * @param {any[][]} y_values Values of y_name (in its unit): a row or column range, or an array constant. At most 10 000 cells in all.
 * @param {any[][][]} [overrides] Input overrides: "name", value pairs, or a two-column range of names and values.
 * @returns {any[][]} A spilled grid: a label top-left, x values in the top row, y values in the first column; a cell whose result does not exist shows its error code as text.
 */
export function sensitivity(ticker: any, function_name: any, metric: any, x_name: any, x_values: any[][], y_name: any, y_values: any[][], overrides?: any[][][]): any[][] {
  return A.run(() => C.sensitivity(ticker, function_name, metric, x_name, x_values, y_name, y_values, overrides));
}

/**
 * Probability that converting a gross MW to an AI lease beats mining on (NPV over the horizon), by seeded Monte Carlo on the BTC price.
 * @customfunction LEASE_WIN_PROB
 * @helpurl https://localhost:3000/help.html#LEASE_WIN_PROB
 * @param {any} [ticker] Company preset ticker such as "CIFR"; "" or omitted for a generic 1 MW site on market defaults.
 * @param {any} [horizon_years] Years to compare, 1 to 30, with no terminal value (omitted: the valuation horizon of terminal_method, terminal values included).
 * @param {any} [btc_vol] Annualised BTC volatility, 0 to 5, e.g. 0.5 for 50 % (default: the btc_vol input).
 * @param {any} [paths] Simulated price paths, 1 to 200 000 (default 10 000); standard error is sqrt(p(1-p)/paths).
 * @param {any} [seed] Random seed, a whole number from 0 to 4294967295 (default 1); the same seed gives the same result.
 * @param {any[][][]} [overrides] Input overrides: "name", value pairs, or a two-column range of names and values.
 * @returns {any[][]} Probability from 0 to 1.
 */
export function leaseWinProb(ticker?: any, horizon_years?: any, btc_vol?: any, paths?: any, seed?: any, overrides?: any[][][]): any[][] {
  return A.run(() => [[C.leaseWinProb(ticker, horizon_years, btc_vol, paths, seed, overrides)]]);
}

/**
 * Percentiles of NPV(AI) minus NPV(mining) per gross MW from the LEASE_WIN_PROB Monte Carlo, with the win probability and its standard error.
 * @customfunction LEASE_NPV_PERCENTILES
 * @helpurl https://localhost:3000/help.html#LEASE_NPV_PERCENTILES
 * @param {any} [ticker] Company preset ticker such as "CIFR"; "" or omitted for a generic 1 MW site on market defaults.
 * @param {any} [horizon_years] Years to compare, 1 to 30, with no terminal value (omitted: the valuation horizon of terminal_method, terminal values included).
 * @param {any} [btc_vol] Annualised BTC volatility, 0 to 5, e.g. 0.5 for 50 % (default: the btc_vol input).
 * @param {any} [paths] Simulated price paths, 1 to 200 000 (default 10 000).
 * @param {any} [seed] Random seed, a whole number from 0 to 4294967295 (default 1).
 * @param {any[][][]} [overrides] Input overrides: "name", value pairs, or a two-column range of names and values.
 * @returns {any[][]} A spilled table: p5, p50, p95 and mean of the NPV difference (USD per gross MW), win probability, standard error, paths, seed.
 */
export function leaseNpvPercentiles(ticker?: any, horizon_years?: any, btc_vol?: any, paths?: any, seed?: any, overrides?: any[][][]): any[][] {
  return A.run(() => C.leaseNpvPercentiles(ticker, horizon_years, btc_vol, paths, seed, overrides));
}

/**
 * The workbook's market data (from "Refresh market data" in the BTCAI pane): one field, or every field as a two-column table. Never calls the network.
 * @customfunction MARKET
 * @helpurl https://localhost:3000/help.html#MARKET
 * @param {any} [field] btc_price (USD), network_hashrate_eh (EH/s), difficulty, fees_btc_per_block (BTC), height (blocks), hashprice (USD per PH/s per day), asof (date serial of the refresh), source (API address); omitted for the whole table.
 * @returns {any[][]} The value, or a spilled table of fields and values.
 */
export function market(field?: any): any[][] {
  return A.run(() => A.asMatrix(M.market(field)));
}

/**
 * The daily market history stored in the workbook: date, BTC price, network hashrate, fees per block and hashprice. Never calls the network.
 * @customfunction HASHPRICE_HISTORY
 * @helpurl https://localhost:3000/help.html#HASHPRICE_HISTORY
 * @param {any} [start_date] First date (Excel date serial, date cell or "YYYY-MM-DD"; default: the first stored day).
 * @param {any} [end_date] Last date (default: the last stored day, the latest refresh).
 * @returns {any[][]} A spilled table with a header row: date (Excel serial), BTC price (USD), network (EH/s), fees (BTC/block), hashprice (USD/PH/day).
 */
export function hashpriceHistory(start_date?: any, end_date?: any): any[][] {
  return A.run(() => M.hashpriceHistory(start_date, end_date));
}

/**
 * The contract book of a company: one row per disclosed deal (tranche) with its tenant, IT and gross MW, first delivery, term, contract value, starting rent, escalator and backstop.
 * @customfunction CONTRACTS
 * @helpurl https://localhost:3000/help.html#CONTRACTS
 * @param {any} ticker Company preset ticker such as "HUT".
 * @returns {any[][]} A spilled table with a header row: tranche, tenant, guarantor, ai_mode, it_mw (IT MW), gross_mw, ownership_share, start (Excel date serial), lease_term_years, tcv_usd (USD), lease_rate_kw_month (starting rent, USD per IT kW per month), lease_escalator (per year), backstop_usd (USD); blank where the deal does not disclose a term.
 */
export function contracts(ticker: any): any[][] {
  return A.run(() => P.contracts(ticker));
}

/**
 * A company's value per share as a sum of the parts: its contract book at its own rates, development options on uncontracted power, mining, bitcoin held, less G&A, net debt, preferred and minorities; or another metric of the valuation. With no metric, a card of every metric where Excel has data types.
 * @customfunction COMPANY
 * @helpurl https://localhost:3000/help.html#COMPANY
 * @param {any} ticker Company preset ticker such as "IREN".
 * @param {any} [metric] value_per_share (default, USD per share), equity_value, enterprise_value, contracted_ai_value, residual_value, uncontracted_ai_value, pipeline_value, mining_value, btc_value, ga_value, net_debt (USD), diluted_shares, btc_beta, ai_rate_beta (x), ai_share_of_value, ai_share_of_ebitda, contracted_it_mw (IT MW), backlog_usd (USD), standard_lease_npv (USD per gross MW), upside (needs a "share_price" override), table (the bridge from the parts to value per share).
 * @param {any[][][]} [overrides] Company-wide overrides: "name", value pairs, or a two-column range of names and values (e.g. "btc_price", 90000, "share_price", 12.5).
 * @returns {any} The metric, a spilled table, or a card.
 */
export function company(ticker: any, metric?: any, overrides?: any[][][]): any {
  return A.run(() => K.company(ticker, metric, overrides));
}

/**
 * Comparable companies: one row per company, one column per metric (COMPANY metrics, company fields such as energized_mw, mining metrics such as cost_per_btc, or inputs), with the same company-wide overrides on every row.
 * @customfunction COMPS
 * @helpurl https://localhost:3000/help.html#COMPS
 * @param {any} [metrics] Metric names: a row or column range, or an array constant such as {"value_per_share","btc_beta"} (default: value_per_share, enterprise_value, ai_share_of_value, btc_beta, contracted_it_mw, energized_mw, hashrate_eh, cost_per_btc).
 * @param {any} [tickers] Tickers: a range or an array constant such as {"IREN","CIFR"} (default: every preset).
 * @param {any[][][]} [overrides] Company-wide overrides: "name", value pairs, or a two-column range of names and values (e.g. "btc_price", 90000 moves every row).
 * @returns {any[][]} A spilled table with a header row (units in brackets); a cell without a result shows its error code as text.
 */
export function comps(metrics?: any, tickers?: any, overrides?: any[][][]): any[][] {
  return A.run(() => K.comps(metrics, tickers, overrides));
}

/**
 * A company's ramp, quarter by quarter from the valuation date: IT MW in service, AI revenue and EBITDA of its contract book (in total and by tranche), and mining EBITDA, at ownership share.
 * @customfunction RAMP
 * @helpurl https://localhost:3000/help.html#RAMP
 * @param {any} ticker Company preset ticker such as "APLD".
 * @param {any} [quarters] Quarters to show, 1 to 200 (default 12).
 * @param {any[][][]} [overrides] Company-wide overrides: "name", value pairs, or a two-column range of names and values.
 * @returns {any[][]} A spilled table with a header row: quarter start (date), IT MW in service, AI revenue (USD), AI EBITDA (USD), mining EBITDA (USD), then each tranche's IT MW, revenue and EBITDA.
 */
export function ramp(ticker: any, quarters?: any, overrides?: any[][][]): any[][] {
  return A.run(() => K.rampFn(ticker, quarters, overrides));
}
