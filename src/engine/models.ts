/**
 * The model functions' metrics, as data: each model has a default metric and a
 * list of metrics, each with its unit and a pure computation on resolved inputs.
 */
import { AiParams, AiResult, aiPerMwYear } from './ai';
import { Inputs } from './catalogue';
import { EngineError, isEngineError, numError } from './errors';
import { annualFromMonthlyRate, annuityFactor, capitalRecoveryFactor, irrExcel, monthlyFromAnnualRate, npvExcel, paybackPeriods, signChanges } from './finance';
import { EquityView, FinancingParams, equityView } from './financing';
import { Delivery } from './lease';
import { MiningParams, MiningResult, fleetValueUsdPerGrossMw, hashpriceForMiningEbitda, miningPerMwYear } from './mining';
import { hashpriceUsdPerPhDay, hashvalueBtcPerPhDay, heightAnchor, subsidyBtcAtSerial } from './network';
import {
  AiValuation,
  AiValuationSums,
  Comparison,
  GPU_NODE_SHARE,
  ValuationParams,
  aiFlows,
  aiValuationPass,
  coloPathStartAge,
  compareWithMining,
  gpuCapexPerGrossMw,
  hallCapexPerGrossMw,
  horizonMonths,
  MiningSide,
  NpvDeltaAiSide,
  npvDeltaAiSide,
  npvDeltaMiningSide,
  npvDeltaOfSides,
  npvDeltaOnePass,
  singleDelivery,
  valueAi,
} from './valuation';

export type Cell = number | string;
export type Table = Cell[][];
export type MetricValue = number | Table | EngineError;

export interface Metric {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly compute: (c: Context) => MetricValue;
  /**
   * Which side of the comparison the metric's value depends on (the catalogue's
   * inputSide): 'ai' or 'mining' when it reads only that side's inputs (and those of
   * both sides), or a SplitMetric when it reads both but is computed from one
   * evaluation of each. Absent: no such claim (SENSITIVITY evaluates every cell).
   * test/scenarios/separable.test.ts checks each claim against the inputs read.
   */
  readonly sides?: 'ai' | 'mining' | SplitMetric;
}

/**
 * A metric computed from its two sides separately: combine(ai(c₁), mining(c₂, n))
 * is compute(c) for inputs that take the AI side's inputs from c₁ and the mining
 * side's from c₂, to the last bit. A SENSITIVITY grid with one axis on each side
 * then needs n + m evaluations instead of n · m.
 */
export interface SplitMetric {
  /** The AI side's part, or the error the cell shows; undefined where these inputs cannot be split (the grid then evaluates every cell). */
  readonly ai: (c: Context) => unknown;
  /** Months of the mining side an AI part needs. */
  readonly months: (aiPart: unknown) => number;
  /** The mining side's part, for AI parts needing at most `months` months. */
  readonly mining: (c: Context, months: number) => unknown;
  readonly combine: (aiPart: unknown, miningPart: unknown) => number | EngineError;
}

export interface ModelSpec {
  readonly name: string;
  readonly defaultMetric: string;
  readonly metrics: readonly Metric[];
}

export type ModelParams = ValuationParams & FinancingParams & { readonly convert_mw: number; readonly cost_of_equity: number };

/** The capital-aware comparison (HASH_VS_LEASE economic metrics), per gross MW per year. */
export interface Economics {
  readonly miningCapitalCharge: number;
  readonly aiCapitalCharge: number;
  /** AI EBITDA levelised over the contract (colo) or the GPUs' life (cloud) at the AI rate. */
  readonly aiLevelisedEbitda: number;
  readonly miningEconomic: number;
  readonly aiEconomic: number;
}

/** Lazily computed pieces of one evaluation, shared by the metrics of a table. */
export class Context {
  private _mining?: MiningResult;
  private _ai?: AiResult;
  private _valuation?: AiValuation | EngineError;
  private _sums?: AiValuationSums | EngineError;
  /** The per-MW model's single delivery, made once. */
  private _single?: readonly Delivery[];
  private _comparison?: Comparison | EngineError;
  private _equity?: EquityView | EngineError;
  private _economics?: Economics;
  readonly p: ModelParams;
  private readonly _deliveries?: readonly Delivery[];
  /**
   * `deliveries`: the deal's schedule (a tranche's, from its dates); omitted, the
   * per-MW model's: all of it after build_months.
   */
  constructor(
    readonly inputs: Inputs,
    deliveries?: readonly Delivery[],
  ) {
    this.p = inputs as unknown as ModelParams;
    this._deliveries = deliveries;
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
  /** The delivery schedule: the deal's, or the per-MW model's (all of it after build_months). */
  get deliveries(): readonly Delivery[] {
    return this._deliveries ?? (this._single ??= singleDelivery(this.p.build_months));
  }
  /** Whether the deliveries are a deal's own schedule (not the per-MW model's single delivery). */
  get hasSchedule(): boolean {
    return this._deliveries !== undefined;
  }
  /** How the AI side is labelled in a table: its ai_mode (a book of deals says "book"). */
  get aiLabel(): string {
    return this.ai.mode;
  }
  get valuation(): AiValuation | EngineError {
    return (this._valuation ??= valueAi(this.p, this.deliveries));
  }
  /** The valuation's sums (NPV, its parts, the horizon): the valuation's own once it is computed, else one pass with no arrays (the same numbers). */
  get sums(): AiValuationSums | EngineError {
    return this._valuation ?? (this._sums ??= aiValuationPass(this.p, this.deliveries, null));
  }
  /**
   * The pre-tax project flows (valuation.projectFlow: the same numbers). Unless the
   * valuation is computed, they are written into a scratch array that the next
   * evaluation of any Context reuses: read them at once, never keep them.
   */
  projectFlowScratch(): Float64Array | EngineError {
    if (this._valuation) return isEngineError(this._valuation) ? this._valuation : this._valuation.projectFlow;
    const n = horizonMonths(this.p, this.deliveries);
    if (typeof n !== 'number') return n;
    const flows = flowScratch(n);
    const sums = aiValuationPass(this.p, this.deliveries, flows);
    this._sums ??= sums;
    return isEngineError(sums) ? sums : flows;
  }
  get comparison(): Comparison | EngineError {
    if (this._comparison) return this._comparison;
    const v = this.valuation;
    return (this._comparison = isEngineError(v) ? v : compareWithMining(this.p, v));
  }
  get equity(): EquityView | EngineError {
    if (this._equity) return this._equity;
    const v = this.valuation;
    return (this._equity = isEngineError(v) ? v : equityView(this.p, this.deliveries, v));
  }
  get economics(): Economics {
    return (this._economics ??= economicsOf(this));
  }
  /** npv_delta per gross MW, in one pass over the months. */
  npvDelta(): number | EngineError {
    return npvDeltaOnePass(this.p, this.deliveries);
  }
}

/** Scratch arrays for project flows, one per horizon length (an IRR reads the whole array): allocated once, reused by every evaluation. */
const flowScratches = new Map<number, Float64Array>();
function flowScratch(months: number): Float64Array {
  let a = flowScratches.get(months);
  if (!a) {
    if (flowScratches.size >= 64) flowScratches.clear();
    flowScratches.set(months, (a = new Float64Array(months)));
  }
  return a;
}

const orNum = (x: number, what: string): number | EngineError => (Number.isFinite(x) ? x : numError(`${what} does not exist for these inputs`));
/** A number from a piece that may be an engine error. */
function from<T>(piece: T | EngineError, f: (x: T) => number | EngineError): number | EngineError {
  return isEngineError(piece) ? piece : f(piece);
}

// ---- shared quantities -------------------------------------------------------

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
function btcPriceAt(c: Context, hp: number | EngineError, what: string): number | EngineError {
  if (isEngineError(hp)) return hp;
  return orNum(hp / c.hashvalue, what);
}
function breakevenBtcPrice(c: Context): number | EngineError {
  return btcPriceAt(c, breakevenHashprice(c), 'breakeven BTC price');
}

/**
 * Capital charge = (capex − residual · (1 + r)^−n) · CRF(r, n), annual, at the
 * side's rate over the asset's life: ASICs at mining_discount_rate over
 * asic_life_years (no residual); the hall at the AI rate over facility_life_years;
 * GPUs at the AI rate over gpu_life_years, net of the nodes' resale. AI EBITDA
 * is levelised: the level annuity with the PV of the contract's escalating
 * EBITDA (cloud: the GPUs' life, decay included).
 */
function economicsOf(c: Context): Economics {
  const p = c.p;
  const rMining = p.mining_discount_rate;
  const rAi = p.ai_discount_rate + p.credit_spread;
  const miningCapitalCharge = fleetValueUsdPerGrossMw(p) * capitalRecoveryFactor(rMining, p.asic_life_years);
  const hall = hallCapexPerGrossMw(p);
  const gpu = gpuCapexPerGrossMw(p);
  const gpuResale = gpu * GPU_NODE_SHARE * p.gpu_residual;
  const aiCapitalCharge =
    hall * capitalRecoveryFactor(rAi, p.facility_life_years) + (gpu > 0 ? (gpu - gpuResale * Math.pow(1 + rAi, -p.gpu_life_years)) * capitalRecoveryFactor(rAi, p.gpu_life_years) : 0);
  // EBITDA of one fresh delivery by lease month, over the contract (cloud: the GPUs' life)
  const months = coloPathStartAge(p);
  const f = aiFlows({ ...p, build_months: 0, prepayment_share: 0 }, [{ month: 0, share: 1 }], months);
  const rm = monthlyFromAnnualRate(rAi);
  const levelisedMonthly = npvExcel(rm, f.ebitda) / annuityFactor(rm, months);
  const aiLevelisedEbitda = levelisedMonthly * 12;
  return {
    miningCapitalCharge,
    aiCapitalCharge,
    aiLevelisedEbitda,
    miningEconomic: c.mining.ebitdaUsdYr - miningCapitalCharge,
    aiEconomic: aiLevelisedEbitda - aiCapitalCharge,
  };
}
function economicDelta(c: Context): number {
  const e = c.economics;
  return e.aiEconomic - e.miningEconomic;
}
/** The BTC price at which economic_delta = 0: mining EBITDA = AI economic EBITDA + mining capital charge (mining EBITDA is linear in hashprice). */
function economicBreakevenBtcPrice(c: Context): number | EngineError {
  const e = c.economics;
  const hp = nonNegativeHashprice(hashpriceForMiningEbitda(c.p, e.aiEconomic + e.miningCapitalCharge), 'mining earns more than AI after capital charges even at a zero hashprice');
  return btcPriceAt(c, hp, 'economic breakeven BTC price');
}

/**
 * Guess of the monthly IRR: 1 % a month (12.7 % a year). Excel's default 0.1 is
 * a guess for annual periods; on monthly flows whose signs change more than once
 * (a prepayment before the build's capex, re-letting capex) it can land on a
 * root of several hundred per cent a year. =IRR(cash_flows, 0.01) in Excel
 * gives the same root.
 */
export const MONTHLY_IRR_GUESS = 0.01;

function aiIrr(c: Context): number | EngineError {
  return from(c.projectFlowScratch(), (flows) => {
    const r = irrExcel(flows, MONTHLY_IRR_GUESS);
    return isEngineError(r) ? r : orNum(annualFromMonthlyRate(r), 'IRR');
  });
}
function aiPaybackYears(c: Context): number | EngineError {
  return from(c.projectFlowScratch(), (flows) => {
    const months = paybackPeriods(flows);
    return Number.isFinite(months) ? months / 12 : numError('the AI project does not pay back within its horizon');
  });
}
function equityIrr(c: Context): number | EngineError {
  return from(c.equity, (e) => {
    let paysIn = false;
    for (let m = 0; m < e.months; m++) if (e.equityFlow[m] < 0) paysIn = true;
    if (!paysIn) return numError('equity IRR does not exist: the equity never puts cash in (debt and prepayment fund the whole build)');
    const r = irrExcel(e.equityFlow, MONTHLY_IRR_GUESS);
    return isEngineError(r) ? r : orNum(annualFromMonthlyRate(r), 'equity IRR');
  });
}
function equityNpv(c: Context): number | EngineError {
  return from(c.equity, (e) => scaled(c, npvExcel(monthlyFromAnnualRate(c.p.cost_of_equity), e.equityFlow)));
}
function minDscr(c: Context): number | EngineError {
  return from(c.equity, (e) => (e.hasDebt ? orNum(e.minDscr, 'min DSCR (no debt service falls in the horizon)') : numError('min_dscr needs debt: debt_share is 0')));
}
function simplePayback(capex: number, ebitda: number): Cell {
  return ebitda > 0 && capex > 0 ? capex / ebitda : 'n/a';
}
function cell(x: number | EngineError): Cell {
  if (isEngineError(x)) return x.code;
  return Number.isFinite(x) ? x : 'n/a';
}

// ---- tables ------------------------------------------------------------------

function hashVsLeaseTable(c: Context): Table {
  const m = c.mining;
  const a = c.ai;
  const e = c.economics;
  const cmp = c.comparison;
  const rows: [string, Cell, Cell][] = [
    ['revenue (USD/yr)', m.revenueUsdYr, a.revenueUsdYr],
    ['power cost (USD/yr)', m.powerCostUsdYr, a.powerCostUsdYr],
    ['other opex, less credits (USD/yr)', m.opexUsdYr - c.p.curtailment_credit_mw_yr, a.opexUsdYr],
    ['EBITDA (USD/yr)', m.ebitdaUsdYr, a.ebitdaUsdYr],
    ['capex (USD; mining: fleet replacement value)', m.fleetValueUsd, a.capexUsd],
    ['yield on cost (mining: on fleet replacement value)', m.fleetValueUsd > 0 ? m.ebitdaUsdYr / m.fleetValueUsd : 'n/a', cell(a.yieldOnCost)],
    ['simple payback (years)', simplePayback(m.fleetValueUsd, m.ebitdaUsdYr), simplePayback(a.capexUsd, a.ebitdaUsdYr)],
    ['levelised EBITDA (USD/yr; AI over the contract)', m.ebitdaUsdYr, e.aiLevelisedEbitda],
    ['capital charge (USD/yr)', e.miningCapitalCharge, e.aiCapitalCharge],
    ['economic EBITDA (USD/yr)', e.miningEconomic, e.aiEconomic],
    ['NPV over horizon, powered land included (USD)', isEngineError(cmp) ? cmp.code : cmp.npvMiningOn, isEngineError(cmp) ? cmp.code : cmp.npvConverted],
  ];
  const out: Table = [['per gross MW', 'mining', 'AI', 'AI - mining']];
  const finite = (x: Cell): Cell => (typeof x === 'number' ? cell(x) : x); // a ratio over a tiny capex can overflow
  for (const [label, rawM, rawA] of rows) {
    const mv = finite(rawM);
    const av = finite(rawA);
    let diff: Cell = typeof mv === 'number' && typeof av === 'number' ? cell(av - mv) : 'n/a';
    if (label.startsWith('NPV') && !isEngineError(cmp)) diff = cell(cmp.npvDelta); // the same number as npv_delta
    out.push([label, mv, av, diff]);
  }
  return out;
}

function listTable(c: Context, metrics: readonly Metric[], header: string): Table {
  const out: Table = [['metric', header, 'unit']];
  for (const mt of metrics) {
    if (mt.name === 'table' || mt.name === 'cash_flows') continue;
    const v = mt.compute(c);
    out.push([mt.name, typeof v === 'number' ? cell(v) : isEngineError(v) ? v.code : 'n/a', mt.unit]);
  }
  return out;
}

// ---- the models ----------------------------------------------------------------

/** The metrics of a list, each reading only one side's inputs. */
const onSide = (side: 'ai' | 'mining', metrics: Metric[]): Metric[] => metrics.map((m) => ({ ...m, sides: side }));

const MINING_METRICS: Metric[] = onSide('mining', [
  { name: 'ebitda', unit: 'USD per gross MW per year', description: 'Mining EBITDA', compute: (c) => c.mining.ebitdaUsdYr },
  { name: 'revenue', unit: 'USD per gross MW per year', description: 'Mining revenue after pool fee', compute: (c) => c.mining.revenueUsdYr },
  { name: 'power_cost', unit: 'USD per gross MW per year', description: 'Power cost of mining', compute: (c) => c.mining.powerCostUsdYr },
  { name: 'btc_mined', unit: 'BTC per gross MW per year', description: 'Bitcoin mined', compute: (c) => c.mining.btcMinedYr },
  { name: 'cost_per_btc', unit: 'USD per BTC', description: 'Cash cost per bitcoin: power and opex less credits', compute: (c) => orNum(c.mining.cashCostUsdPerBtc, 'cost per BTC (nothing is mined)') },
  { name: 'all_in_cost_per_btc', unit: 'USD per BTC', description: 'Cash cost plus fleet renewal per bitcoin', compute: (c) => orNum(c.mining.allInCostUsdPerBtc, 'all-in cost per BTC (nothing is mined)') },
  { name: 'breakeven_power_price', unit: 'USD per MWh', description: 'Power price at which mining EBITDA is zero', compute: (c) => orNum(c.mining.breakevenPowerUsdPerMwh, 'breakeven power price (uptime is 0)') },
  { name: 'breakeven_hashprice', unit: 'USD per PH/s per day', description: 'Hashprice at which mining EBITDA is zero', compute: (c) => nonNegativeHashprice(c.mining.breakevenHashpriceUsdPerPhDay, 'curtailment credits exceed power and opex, so mining EBITDA is positive at any hashprice') },
  { name: 'hashrate_ph', unit: 'PH/s per gross MW', description: 'Hashrate of one gross MW', compute: (c) => c.mining.hashratePh },
  { name: 'hashprice', unit: 'USD per PH/s per day', description: 'Hashprice at the valuation date', compute: (c) => c.hashprice },
  { name: 'fleet_renewal', unit: 'USD per gross MW per year', description: 'Fleet renewal: asic_price_w × ASIC watts / asic_life_years', compute: (c) => c.mining.fleetRenewalUsdYr },
]);
MINING_METRICS.push({ name: 'table', unit: '', description: 'Every mining metric as a table', compute: (c) => listTable(c, MINING_METRICS, 'mining') });

const AI_METRICS: Metric[] = onSide('ai', [
  { name: 'ebitda', unit: 'USD per gross MW per year', description: 'Stabilised (year-1) AI EBITDA', compute: (c) => c.ai.ebitdaUsdYr },
  { name: 'revenue', unit: 'USD per gross MW per year', description: 'Year-1 AI revenue (rent or GPU-hours)', compute: (c) => c.ai.revenueUsdYr },
  { name: 'capex', unit: 'USD per gross MW', description: "Landlord's conversion capex (plus GPUs for cloud)", compute: (c) => c.ai.capexUsd },
  { name: 'yield', unit: 'per year', description: 'Year-1 EBITDA / capex', compute: (c) => orNum(c.ai.yieldOnCost, 'yield (no capex)') },
  { name: 'it_mw', unit: 'IT MW per gross MW', description: 'Critical IT MW per gross MW (1 / PUE)', compute: (c) => c.ai.itMw },
  { name: 'gpus', unit: 'GPUs per gross MW', description: 'GPUs hosted (cloud; 0 for colo)', compute: (c) => c.ai.gpus },
  { name: 'power_cost', unit: 'USD per gross MW per year', description: "Landlord's power cost", compute: (c) => c.ai.powerCostUsdYr },
  { name: 'depreciation', unit: 'USD per gross MW per year', description: 'Depreciation of facility (and GPUs)', compute: (c) => c.ai.depreciationUsdYr },
]);
AI_METRICS.push({ name: 'table', unit: '', description: 'Every AI metric as a table', compute: (c) => listTable(c, AI_METRICS, c.aiLabel) });

const scaled = (c: Context, perMw: number): number => perMw * c.p.convert_mw;

const YIELD_METRICS: Metric[] = onSide('ai', [
  { name: 'yield', unit: 'per year', description: 'Year-1 EBITDA / capex of the conversion (pre-tax)', compute: (c) => orNum(c.ai.yieldOnCost, 'yield (no capex)') },
  { name: 'irr', unit: 'per year', description: "Excel IRR of the AI project's pre-tax monthly cash flows, terminal value included, annualised (1+r)^12-1", compute: aiIrr },
  { name: 'npv', unit: 'USD', description: 'Pre-tax NPV of the AI project for convert_mw: contract flows at the AI rate, later flows and the terminal value at the residual rate', compute: (c) => from(c.sums, (v) => scaled(c, v.npv)) },
  { name: 'terminal_value', unit: 'USD', description: 'Present value of the terminal value included in npv, for convert_mw', compute: (c) => from(c.sums, (v) => scaled(c, v.pvTerminal)) },
  { name: 'residual_value', unit: 'USD', description: 'Present value of everything after the contract (post-term flows, re-letting, GPU resale) plus the terminal value, included in npv, for convert_mw', compute: (c) => from(c.sums, (v) => scaled(c, v.pvResidual + v.pvTerminal)) },
  { name: 'payback_years', unit: 'years', description: 'Years until cumulative AI project cash flow turns non-negative for good (after a prepayment, when the rent has covered the build)', compute: aiPaybackYears },
  { name: 'equity_irr', unit: 'per year', description: 'IRR of the after-tax equity cash flows (debt_share, debt_rate, tax_rate), annualised; #NUM! where the equity never pays in', compute: equityIrr },
  { name: 'equity_npv', unit: 'USD', description: 'NPV of the after-tax equity cash flows at cost_of_equity, for convert_mw', compute: equityNpv },
  { name: 'min_dscr', unit: 'x', description: 'Lowest cash available for debt service / debt service in a month with debt service; #NUM! without debt', compute: minDscr },
  { name: 'revenue', unit: 'USD per year', description: 'Year-1 AI revenue of convert_mw', compute: (c) => scaled(c, c.ai.revenueUsdYr) },
  { name: 'ebitda', unit: 'USD per year', description: 'Year-1 AI EBITDA of convert_mw', compute: (c) => scaled(c, c.ai.ebitdaUsdYr) },
  { name: 'revenue_per_mw', unit: 'USD per gross MW per year', description: 'Year-1 AI revenue per gross MW', compute: (c) => c.ai.revenueUsdYr },
  { name: 'capex', unit: 'USD', description: 'Conversion capex of convert_mw', compute: (c) => scaled(c, c.ai.capexUsd) },
  { name: 'convert_mw', unit: 'gross MW', description: 'Gross MW converted', compute: (c) => c.p.convert_mw },
  { name: 'valuation_years', unit: 'years', description: 'Years of monthly cash flows valued (the terminal method\'s horizon)', compute: (c) => from(c.sums, (v) => v.months / 12) },
  { name: 'sign_changes', unit: 'count', description: 'Sign changes of the project cash flows (more than one: the IRR may not be unique)', compute: (c) => from(c.projectFlowScratch(), signChanges) },
  {
    name: 'cash_flows',
    unit: 'USD per month',
    description: "The AI project's pre-tax monthly cash flows for convert_mw, the terminal value in the last month (a column; IRR() of it is the monthly IRR)",
    compute: (c) => {
      const v = c.valuation;
      return isEngineError(v) ? v : Array.from(v.projectFlow, (x) => [scaled(c, x)]);
    },
  },
]);
YIELD_METRICS.push({ name: 'table', unit: '', description: 'Every yield metric as a table', compute: (c) => listTable(c, YIELD_METRICS, 'conversion') });

/** delta = AI EBITDA − mining EBITDA, each side's figure on its own. */
const DELTA_SPLIT: SplitMetric = {
  ai: (c) => c.ai.ebitdaUsdYr,
  months: () => 0,
  mining: (c) => c.mining.ebitdaUsdYr,
  combine: (ai, mining) => (ai as number) - (mining as number),
};

/** npv_delta: the AI side's sums (npvDeltaAiSide) and mining's discounted monthly flows (npvDeltaMiningSide), combined as npvDeltaOnePass combines them. */
const NPV_DELTA_SPLIT: SplitMetric = {
  ai: (c) => (c.deliveries.length === 1 ? npvDeltaAiSide(c.p, c.deliveries) : undefined), // a schedule of several deliveries: no split
  months: (ai) => (ai as NpvDeltaAiSide).months,
  mining: (c, months) => npvDeltaMiningSide(c.p, months),
  combine: (ai, mining) => npvDeltaOfSides(ai as NpvDeltaAiSide, mining as MiningSide),
};

const HVL_METRICS: Metric[] = [
  { name: 'delta', unit: 'USD per gross MW per year', description: 'AI EBITDA minus mining EBITDA, year 1 (run-rate)', compute: delta, sides: DELTA_SPLIT },
  { name: 'ratio', unit: 'x', description: 'AI EBITDA / mining EBITDA (#NUM! when mining loses money)', compute: ratio },
  { name: 'breakeven_hashprice', unit: 'USD per PH/s per day', description: 'Hashprice at which mining EBITDA equals AI EBITDA', compute: breakevenHashprice },
  { name: 'breakeven_btc_price', unit: 'USD', description: 'BTC price at which mining EBITDA equals AI EBITDA', compute: breakevenBtcPrice },
  { name: 'npv_delta', unit: 'USD per gross MW', description: 'NPV of converting minus NPV of mining on, over the AI horizon, terminal values and powered land included', compute: (c) => c.npvDelta(), sides: NPV_DELTA_SPLIT },
  { name: 'economic_delta', unit: 'USD per gross MW per year', description: 'AI levelised EBITDA − AI capital charge − (mining EBITDA − mining capital charge)', compute: economicDelta },
  { name: 'economic_breakeven_btc_price', unit: 'USD', description: 'BTC price at which economic_delta is 0', compute: economicBreakevenBtcPrice },
  { name: 'mining_capital_charge', unit: 'USD per gross MW per year', description: 'Fleet replacement value × CRF(mining_discount_rate, asic_life_years)', compute: (c) => c.economics.miningCapitalCharge },
  { name: 'ai_capital_charge', unit: 'USD per gross MW per year', description: 'Hall (and GPUs net of resale) × CRF at the AI rate over their lives', compute: (c) => c.economics.aiCapitalCharge },
  { name: 'mining_ebitda', unit: 'USD per gross MW per year', description: 'Mining EBITDA', compute: (c) => c.mining.ebitdaUsdYr, sides: 'mining' },
  { name: 'ai_ebitda', unit: 'USD per gross MW per year', description: 'AI EBITDA, year 1', compute: (c) => c.ai.ebitdaUsdYr, sides: 'ai' },
  { name: 'table', unit: '', description: 'Mining vs AI side by side: revenue, costs, EBITDA, capex, yield, payback, capital charges, economic EBITDA, NPV', compute: hashVsLeaseTable },
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
