/**
 * Bodies of the primitive functions: adapt each argument (adapter.ts), call the
 * engine's pure function, and say the result's unit (the adapter's result path
 * gives it its number format). Argument names match the Excel tooltips.
 */
import { coloRevenueUsdYr, gpuCloudRevenueUsdYr } from '../engine/ai';
import { dealStartingRateKwMonth } from '../engine/lease';
import { todaySerial } from '../engine/dates';
import { numError } from '../engine/errors';
import { btcMinedPerYear, hashratePhPerGrossMw, miningPowerCostUsdYr } from '../engine/mining';
import {
  GENESIS_SERIAL,
  HeightAnchor,
  hashpriceUsdPerPhDay,
  heightAnchor,
  hashvalueBtcPerPhDay,
  networkEhFromDifficulty,
  nextHalvingSerial,
  subsidyBtcAtSerial,
} from '../engine/network';
import { store } from '../presets/bundled';
import { dateArg, fail, inputArg, numberArg } from './adapter';
import { Quantity, quantity } from './cellValues';

const DEFAULT_BLOCK_MINUTES = 10;

/** The stored chain tip when the workbook has market data, else the last halving. */
function anchor(): HeightAnchor {
  return heightAnchor(store.base('') as { tip_height?: unknown; tip_serial?: unknown });
}

function subsidyToday(): number {
  return subsidyBtcAtSerial(todaySerial(), DEFAULT_BLOCK_MINUTES, anchor());
}

function subsidyArg(x: unknown): number {
  return numberArg('subsidy_btc', x, subsidyToday(), { unit: 'BTC per block', min: 0, max: 50 });
}

export function hashprice(btcPrice: unknown, networkEh: unknown, fees: unknown, subsidy: unknown): Quantity {
  const price = inputArg('btc_price', 'btc_price', btcPrice, true);
  const net = inputArg('network_eh', 'network_hashrate_eh', networkEh, true);
  const f = inputArg('fees_btc_per_block', 'fees_btc_per_block', fees);
  return quantity(hashpriceUsdPerPhDay(price, net, f, subsidyArg(subsidy)), 'USD per PH/s per day');
}

export function hashvalue(networkEh: unknown, fees: unknown, subsidy: unknown): Quantity {
  const net = inputArg('network_eh', 'network_hashrate_eh', networkEh, true);
  const f = inputArg('fees_btc_per_block', 'fees_btc_per_block', fees);
  return quantity(hashvalueBtcPerPhDay(net, f, subsidyArg(subsidy)), 'BTC per PH/s per day');
}

export function networkHashrate(difficulty: unknown): Quantity {
  return quantity(networkEhFromDifficulty(numberArg('difficulty', difficulty, null, { min: 0, max: 1e30, positive: true })), 'EH/s');
}

function dateOrToday(x: unknown): number {
  const d = dateArg('date', x, todaySerial());
  if (d < GENESIS_SERIAL) fail(numError('no block was mined before the genesis block of 2009-01-03'));
  return d;
}

export function blockSubsidy(date: unknown): Quantity {
  return quantity(subsidyBtcAtSerial(dateOrToday(date), DEFAULT_BLOCK_MINUTES, anchor()), 'BTC per block');
}

export function nextHalving(date: unknown, blockMinutes: unknown): Quantity {
  const d = dateOrToday(date);
  return quantity(nextHalvingSerial(d, inputArg('block_minutes', 'block_minutes', blockMinutes), anchor()), 'date');
}

/** Fleet efficiency at the meter (overhead included): hashrate per MW = 1000 / J/TH. */
function meterHashratePh(efficiencyJth: number): number {
  return hashratePhPerGrossMw(efficiencyJth, 1);
}

export function costPerBtc(power: unknown, eff: unknown, networkEh: unknown, fees: unknown, uptime: unknown, poolFee: unknown, opex: unknown): Quantity {
  const price = inputArg('power_price_mwh', 'power_price_mwh', power, true);
  const e = inputArg('efficiency_j_th', 'efficiency_j_th', eff, true);
  const net = inputArg('network_eh', 'network_hashrate_eh', networkEh, true);
  const f = inputArg('fees_btc_per_block', 'fees_btc_per_block', fees);
  const up = inputArg('uptime', 'uptime', uptime);
  const pf = inputArg('pool_fee', 'pool_fee', poolFee);
  const ox = numberArg('opex_mw_yr', opex, 0, { unit: 'USD per MW per year', min: 0, max: 1e7 });
  const btc = btcMinedPerYear(meterHashratePh(e), hashvalueBtcPerPhDay(net, f, subsidyToday()), up, pf);
  if (!(btc > 0)) fail(numError('no bitcoin is mined (uptime 0 or pool fee 100 %), so a cost per BTC does not exist'));
  return quantity((miningPowerCostUsdYr(up, price) + ox) / btc, 'USD per BTC');
}

export function breakevenPowerPrice(hp: unknown, eff: unknown, uptime: unknown, poolFee: unknown, opex: unknown): Quantity {
  const h = numberArg('hashprice', hp, null, { unit: 'USD per PH/s per day', min: 0, max: 1e6 });
  const e = inputArg('efficiency_j_th', 'efficiency_j_th', eff, true);
  const up = inputArg('uptime', 'uptime', uptime);
  const pf = inputArg('pool_fee', 'pool_fee', poolFee);
  const ox = numberArg('opex_mw_yr', opex, 0, { unit: 'USD per MW per year', min: 0, max: 1e7 });
  if (!(up > 0)) fail(numError('with uptime 0 no power is bought, so a breakeven power price does not exist'));
  const revenue = meterHashratePh(e) * h * 365 * up * (1 - pf);
  return quantity((revenue - ox) / (8760 * up), 'USD per MWh');
}

export function coloRevenue(rate: unknown, pue: unknown, occupancy: unknown): Quantity {
  return quantity(coloRevenueUsdYr(inputArg('lease_rate_kw_month', 'lease_rate_kw_month', rate, true), inputArg('pue', 'pue', pue), inputArg('occupancy', 'occupancy', occupancy)), 'USD per gross MW per year');
}

export function gpuCloudRevenue(rate: unknown, kw: unknown, util: unknown, pue: unknown): Quantity {
  const usdYr = gpuCloudRevenueUsdYr(
    inputArg('gpu_hour_rate', 'gpu_hour_rate', rate, true),
    inputArg('kw_per_gpu', 'kw_per_gpu', kw),
    inputArg('utilization', 'utilization', util),
    inputArg('pue', 'pue', pue),
  );
  return quantity(usdYr, 'USD per gross MW per year');
}

/** DEAL_RATE: the starting rent whose escalated rents sum to the contract value; the plain average when the escalator is omitted. */
export function dealRate(value: unknown, years: unknown, itMw: unknown, escalator: unknown): Quantity {
  const v = numberArg('contract_value', value, null, { unit: 'USD', min: 0, max: 1e13 });
  const y = numberArg('term_years', years, null, { unit: 'years', min: 0, max: 100, positive: true });
  const mw = numberArg('it_mw', itMw, null, { unit: 'critical IT MW', min: 0, max: 1e6, positive: true });
  const e = numberArg('escalator', escalator, 0, { unit: 'per year, 0.025 = 2.5 %; above -1 (-100 %)', min: -1, max: 1, positive: true });
  return quantity(dealStartingRateKwMonth(v, y, mw, e), 'USD per IT kW per month');
}
