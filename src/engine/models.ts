/**
 * The model functions' metrics, as data: each model has a default metric and a
 * list of metrics, each with its unit and a pure computation on resolved inputs.
 */
import { AiParams, AiResult, aiPerMwYear } from './ai';
import { Inputs } from './catalogue';
import { FlowParams, MonthlyFlows, monthlyFlows, npvDeltaUsd } from './cashflows';
import { EngineError, isEngineError, numError } from './errors';
import { annualFromMonthlyRate, irrExcel, monthlyFromAnnualRate, npvExcel, paybackPeriods } from './finance';
import { MiningParams, MiningResult, hashpriceForMiningEbitda, miningPerMwYear } from './mining';
import { hashpriceUsdPerPhDay, hashvalueBtcPerPhDay, heightAnchor, subsidyBtcAtSerial } from './network';

export type Cell = number | string;
export type Table = Cell[][];
export type MetricValue = number | Table | EngineError;

export interface Metric {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly compute: (c: Context) => MetricValue;
}

export interface ModelSpec {
  readonly name: string;
  readonly defaultMetric: string;
  readonly metrics: readonly Metric[];
}

/** Lazily computed pieces of one evaluation, shared by the metrics of a table. */
export class Context {
  private _mining?: MiningResult;
  private _ai?: AiResult;
  private _flows?: MonthlyFlows;
  readonly p: FlowParams & { convert_mw: number; discount_rate: number };
  constructor(readonly inputs: Inputs) {
    this.p = inputs as unknown as FlowParams & { convert_mw: number; discount_rate: number };
  }
  get subsidyBtc(): number {
    return subsidyBtcAtSerial(this.p.valuation_date, this.p.block_minutes, heightAnchor(this.p));
  }
  get hashvalue(): number {
    return hashvalueBtcPerPhDay(this.p.network_hashrate_eh, this.p.fees_btc_per_block, this.subsidyBtc);
  }
  get hashprice(): number {
    return hashpriceUsdPerPhDay(this.p.btc_price, this.p.network_hashrate_eh, this.p.fees_btc_per_block, this.subsidyBtc);
  }
  get mining(): MiningResult {
    return (this._mining ??= miningPerMwYear(this.p as MiningParams, this.hashprice, this.p.btc_price));
  }
  get ai(): AiResult {
    return (this._ai ??= aiPerMwYear(this.p as AiParams));
  }
  get flows(): MonthlyFlows {
    return (this._flows ??= monthlyFlows(this.p));
  }
  get monthlyRate(): number {
    return monthlyFromAnnualRate(this.p.discount_rate);
  }
}

const orNum = (x: number, what: string): number | EngineError => (Number.isFinite(x) ? x : numError(`${what} does not exist for these inputs`));

// ---- shared quantities -------------------------------------------------------

function npvMining(c: Context): number {
  return npvExcel(c.monthlyRate, c.flows.miningFlow);
}
function npvConvert(c: Context): number {
  return npvExcel(c.monthlyRate, c.flows.convertFlow);
}
function npvAiProject(c: Context): number {
  return npvExcel(c.monthlyRate, c.flows.aiProjectFlow);
}
function delta(c: Context): number {
  return c.ai.ebitdaUsdYr - c.mining.ebitdaUsdYr;
}
function ratio(c: Context): number | EngineError {
  const m = c.mining.ebitdaUsdYr;
  if (!(m > 0)) return numError('ratio needs positive mining EBITDA: mining loses money at these inputs');
  return c.ai.ebitdaUsdYr / m;
}
/** A hashprice below zero does not exist: the side that wins at hashprice 0 wins at every hashprice. */
function nonNegativeHashprice(hp: number, whenNegative: string): number | EngineError {
  return hp < 0 ? numError(`breakeven hashprice does not exist: ${whenNegative}`) : orNum(hp, 'breakeven hashprice');
}
function breakevenHashprice(c: Context): number | EngineError {
  return nonNegativeHashprice(hashpriceForMiningEbitda(c.p, c.ai.ebitdaUsdYr), 'mining earns more than AI even at a zero hashprice');
}
function breakevenBtcPrice(c: Context): number | EngineError {
  const hp = breakevenHashprice(c);
  if (isEngineError(hp)) return hp;
  return orNum(hp / c.hashvalue, 'breakeven BTC price');
}
function aiIrr(c: Context): number | EngineError {
  const r = irrExcel(c.flows.aiProjectFlow);
  return isEngineError(r) ? r : orNum(annualFromMonthlyRate(r), 'IRR');
}
function aiPaybackYears(c: Context): number | EngineError {
  const months = paybackPeriods(c.flows.aiProjectFlow);
  return Number.isFinite(months) ? months / 12 : numError('the AI project does not pay back within horizon_years');
}
function simplePayback(capex: number, ebitda: number): Cell {
  return ebitda > 0 && capex > 0 ? capex / ebitda : 'n/a';
}
function cell(x: number): Cell {
  return Number.isFinite(x) ? x : 'n/a';
}

// ---- tables ------------------------------------------------------------------

function hashVsLeaseTable(c: Context): Table {
  const m = c.mining;
  const a = c.ai;
  const rows: [string, number | Cell, number | Cell][] = [
    ['revenue (USD/yr)', m.revenueUsdYr, a.revenueUsdYr],
    ['power cost (USD/yr)', m.powerCostUsdYr, a.powerCostUsdYr],
    ['other opex (USD/yr)', m.opexUsdYr - c.p.curtailment_credit_mw_yr, a.opexUsdYr],
    ['EBITDA (USD/yr)', m.ebitdaUsdYr, a.ebitdaUsdYr],
    ['capex (USD)', m.fleetValueUsd, a.capexUsd],
    ['yield on cost', m.fleetValueUsd > 0 ? m.ebitdaUsdYr / m.fleetValueUsd : 'n/a', cell(a.yieldOnCost)],
    ['simple payback (years)', simplePayback(m.fleetValueUsd, m.ebitdaUsdYr), simplePayback(a.capexUsd, a.ebitdaUsdYr)],
    ['NPV over horizon (USD)', npvMining(c), npvConvert(c)],
  ];
  const out: Table = [['per gross MW', 'mining', 'AI', 'AI - mining']];
  const finite = (x: Cell): Cell => (typeof x === 'number' ? cell(x) : x); // a ratio over a tiny capex can overflow
  for (const [label, rawM, rawA] of rows) {
    const mv = finite(rawM);
    const av = finite(rawA);
    out.push([label, mv, av, typeof mv === 'number' && typeof av === 'number' ? cell(av - mv) : 'n/a']);
  }
  return out;
}

function listTable(c: Context, metrics: readonly Metric[], header: string): Table {
  const out: Table = [['metric', header, 'unit']];
  for (const mt of metrics) {
    if (mt.name === 'table') continue;
    const v = mt.compute(c);
    out.push([mt.name, typeof v === 'number' ? cell(v) : 'n/a', mt.unit]);
  }
  return out;
}

// ---- the models ----------------------------------------------------------------

const MINING_METRICS: Metric[] = [
  { name: 'ebitda', unit: 'USD per gross MW per year', description: 'Mining EBITDA', compute: (c) => c.mining.ebitdaUsdYr },
  { name: 'revenue', unit: 'USD per gross MW per year', description: 'Mining revenue after pool fee', compute: (c) => c.mining.revenueUsdYr },
  { name: 'power_cost', unit: 'USD per gross MW per year', description: 'Power cost of mining', compute: (c) => c.mining.powerCostUsdYr },
  { name: 'btc_mined', unit: 'BTC per gross MW per year', description: 'Bitcoin mined', compute: (c) => c.mining.btcMinedYr },
  { name: 'cost_per_btc', unit: 'USD per BTC', description: 'Cash cost per bitcoin (power and opex)', compute: (c) => orNum(c.mining.cashCostUsdPerBtc, 'cost per BTC (nothing is mined)') },
  { name: 'all_in_cost_per_btc', unit: 'USD per BTC', description: 'Cash cost plus fleet renewal per bitcoin', compute: (c) => orNum(c.mining.allInCostUsdPerBtc, 'all-in cost per BTC (nothing is mined)') },
  { name: 'breakeven_power_price', unit: 'USD per MWh', description: 'Power price at which mining EBITDA is zero', compute: (c) => orNum(c.mining.breakevenPowerUsdPerMwh, 'breakeven power price (uptime is 0)') },
  { name: 'breakeven_hashprice', unit: 'USD per PH/s per day', description: 'Hashprice at which mining EBITDA is zero', compute: (c) => nonNegativeHashprice(c.mining.breakevenHashpriceUsdPerPhDay, 'curtailment credits exceed power and opex, so mining EBITDA is positive at any hashprice') },
  { name: 'hashrate_ph', unit: 'PH/s per gross MW', description: 'Hashrate of one gross MW', compute: (c) => c.mining.hashratePh },
  { name: 'hashprice', unit: 'USD per PH/s per day', description: 'Hashprice at the valuation date', compute: (c) => c.hashprice },
  { name: 'fleet_renewal', unit: 'USD per gross MW per year', description: 'Fleet renewal: fleet value / ASIC life', compute: (c) => c.mining.fleetRenewalUsdYr },
];
MINING_METRICS.push({ name: 'table', unit: '', description: 'Every mining metric as a table', compute: (c) => listTable(c, MINING_METRICS, 'mining') });

const AI_METRICS: Metric[] = [
  { name: 'ebitda', unit: 'USD per gross MW per year', description: 'Stabilised AI EBITDA', compute: (c) => c.ai.ebitdaUsdYr },
  { name: 'revenue', unit: 'USD per gross MW per year', description: 'AI revenue (rent or GPU-hours)', compute: (c) => c.ai.revenueUsdYr },
  { name: 'capex', unit: 'USD per gross MW', description: "Landlord's conversion capex (plus GPUs for cloud)", compute: (c) => c.ai.capexUsd },
  { name: 'yield', unit: 'per year', description: 'Stabilised EBITDA / capex', compute: (c) => orNum(c.ai.yieldOnCost, 'yield (no capex)') },
  { name: 'it_mw', unit: 'IT MW per gross MW', description: 'Critical IT MW per gross MW (1 / PUE)', compute: (c) => c.ai.itMw },
  { name: 'gpus', unit: 'GPUs per gross MW', description: 'GPUs hosted (cloud; 0 for colo)', compute: (c) => c.ai.gpus },
  { name: 'power_cost', unit: 'USD per gross MW per year', description: "Landlord's power cost", compute: (c) => c.ai.powerCostUsdYr },
  { name: 'depreciation', unit: 'USD per gross MW per year', description: 'Depreciation of facility (and GPUs)', compute: (c) => c.ai.depreciationUsdYr },
];
AI_METRICS.push({ name: 'table', unit: '', description: 'Every AI metric as a table', compute: (c) => listTable(c, AI_METRICS, c.ai.mode) });

const scaled = (c: Context, perMw: number): number => perMw * c.p.convert_mw;

const YIELD_METRICS: Metric[] = [
  { name: 'yield', unit: 'per year', description: 'Stabilised EBITDA / capex of the conversion', compute: (c) => orNum(c.ai.yieldOnCost, 'yield (no capex)') },
  { name: 'irr', unit: 'per year', description: "Excel IRR of the AI project's monthly cash flows, annualised (1+r)^12-1", compute: aiIrr },
  { name: 'npv', unit: 'USD', description: "NPV of the AI project's monthly cash flows for convert_mw", compute: (c) => scaled(c, npvAiProject(c)) },
  { name: 'payback_years', unit: 'years', description: 'Years until cumulative AI project cash flow turns positive', compute: aiPaybackYears },
  { name: 'revenue', unit: 'USD per year', description: 'Stabilised AI revenue of convert_mw', compute: (c) => scaled(c, c.ai.revenueUsdYr) },
  { name: 'ebitda', unit: 'USD per year', description: 'Stabilised AI EBITDA of convert_mw', compute: (c) => scaled(c, c.ai.ebitdaUsdYr) },
  { name: 'revenue_per_mw', unit: 'USD per gross MW per year', description: 'Stabilised AI revenue per gross MW', compute: (c) => c.ai.revenueUsdYr },
  { name: 'capex', unit: 'USD', description: 'Conversion capex of convert_mw', compute: (c) => scaled(c, c.ai.capexUsd) },
  { name: 'convert_mw', unit: 'gross MW', description: 'Gross MW converted', compute: (c) => c.p.convert_mw },
  { name: 'cash_flows', unit: 'USD per month', description: "The AI project's monthly cash flows for convert_mw (a column; IRR() of it is the monthly IRR)", compute: (c) => Array.from(c.flows.aiProjectFlow, (v) => [scaled(c, v)]) },
];
YIELD_METRICS.push({ name: 'table', unit: '', description: 'Every yield metric as a table', compute: (c) => listTable(c, YIELD_METRICS.filter((m) => m.name !== 'cash_flows'), 'conversion') });

const HVL_METRICS: Metric[] = [
  { name: 'delta', unit: 'USD per gross MW per year', description: 'AI EBITDA minus mining EBITDA, stabilised', compute: delta },
  { name: 'ratio', unit: 'x', description: 'AI EBITDA / mining EBITDA (#NUM! when mining loses money)', compute: ratio },
  { name: 'breakeven_hashprice', unit: 'USD per PH/s per day', description: 'Hashprice at which mining EBITDA equals AI EBITDA', compute: breakevenHashprice },
  { name: 'breakeven_btc_price', unit: 'USD', description: 'BTC price at which mining EBITDA equals AI EBITDA', compute: breakevenBtcPrice },
  { name: 'npv_delta', unit: 'USD per gross MW', description: 'NPV of converting minus NPV of mining on, monthly over horizon_years', compute: (c) => npvDeltaUsd(c.p, c.monthlyRate) },
  { name: 'mining_ebitda', unit: 'USD per gross MW per year', description: 'Mining EBITDA', compute: (c) => c.mining.ebitdaUsdYr },
  { name: 'ai_ebitda', unit: 'USD per gross MW per year', description: 'AI EBITDA', compute: (c) => c.ai.ebitdaUsdYr },
  { name: 'table', unit: '', description: 'Mining vs AI side by side: revenue, costs, EBITDA, capex, yield, payback, NPV', compute: hashVsLeaseTable },
];

export const MODELS: Readonly<Record<string, ModelSpec>> = {
  MINER_AI_YIELD: { name: 'MINER_AI_YIELD', defaultMetric: 'yield', metrics: YIELD_METRICS },
  HASH_VS_LEASE: { name: 'HASH_VS_LEASE', defaultMetric: 'delta', metrics: HVL_METRICS },
  MINING_ECONOMICS: { name: 'MINING_ECONOMICS', defaultMetric: 'ebitda', metrics: MINING_METRICS },
  AI_ECONOMICS: { name: 'AI_ECONOMICS', defaultMetric: 'ebitda', metrics: AI_METRICS },
};

export function findMetric(model: ModelSpec, name: string): Metric | undefined {
  const n = name.toLowerCase();
  return model.metrics.find((m) => m.name === n);
}

/** Evaluates one metric of a model on resolved inputs. */
export function evaluateMetric(metric: Metric, inputs: Inputs): MetricValue {
  return metric.compute(new Context(inputs));
}
