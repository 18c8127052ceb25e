/**
 * A company's AI book as one per-MW model (MINER_AI_YIELD, HASH_VS_LEASE and
 * AI_ECONOMICS of a company with a contract book and no `tranche`).
 *
 * Each tranche is evaluated by its own Context (its inputs, its schedule); the
 * book is their sum. Per gross MW of the book, every linear quantity is the
 * gross-MW-weighted sum of the tranches' per-MW quantities (weight = a tranche's
 * gross MW ÷ the book's), so a USD metric scaled by convert_mw (default: the
 * book's gross MW) is the sum of the tranches' USD metrics. Monthly arrays are
 * summed month by month on one timeline (each tranche's terminal value stays in
 * its own last month), so irr, payback and cash_flows are those of the book's
 * summed cash flows; yield is the book's year-1 EBITDA over its capex; min_dscr
 * the lowest of the tranches'.
 */
import { AiResult } from './ai';
import { Inputs } from './catalogue';
import { EngineError, isEngineError } from './errors';
import { EquityView } from './financing';
import { Context, Economics } from './models';
import { AiFlows, AiValuation, Comparison } from './valuation';

export interface BookPiece {
  /** The tranche evaluated on its own: its inputs and its delivery schedule. */
  readonly context: Context;
  /** Its gross MW (100 % of the deal): its weight in the book. */
  readonly grossMw: number;
}

/** Σ wᵢ · aᵢ[m] over a timeline of n months (a shorter array adds nothing after its end). */
function weightedArrays(arrays: readonly ArrayLike<number>[], weights: readonly number[], n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i];
    const w = weights[i];
    const len = Math.min(n, a.length);
    for (let m = 0; m < len; m++) out[m] += w * a[m];
  }
  return out;
}

/** The book's AI flows per gross MW of the book: the tranches' flows (each `n` months long) weighted by their gross MW. */
export function bookFlows(flows: readonly AiFlows[], weights: readonly number[], n: number): AiFlows {
  const f = (k: keyof Omit<AiFlows, 'months'>): Float64Array => weightedArrays(flows.map((x) => x[k]), weights, n);
  return {
    months: n,
    convertedShare: f('convertedShare'),
    revenue: f('revenue'),
    ebitda: f('ebitda'),
    contractEbitda: f('contractEbitda'),
    prepayment: f('prepayment'),
    capex: f('capex'),
    releasingCapex: f('releasingCapex'),
    gpuResidual: f('gpuResidual'),
  };
}

function weighted(xs: readonly number[], weights: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += weights[i] * xs[i];
  return s;
}

/** The first engine error among pieces, or their values. */
function allOrError<T>(xs: readonly (T | EngineError)[]): T[] | EngineError {
  for (const x of xs) if (isEngineError(x)) return x;
  return xs as T[];
}

export class BookContext extends Context {
  readonly weights: readonly number[];
  private _bookAi?: AiResult;
  private _bookValuation?: AiValuation | EngineError;
  private _bookComparison?: Comparison | EngineError;
  private _bookEquity?: EquityView | EngineError;
  private _bookEconomics?: Economics;

  /** `inputs`: the company's (its mining side, convert_mw the book's gross MW unless overridden). */
  constructor(
    inputs: Inputs,
    readonly pieces: readonly BookPiece[],
  ) {
    super(inputs);
    let total = 0;
    for (const p of pieces) total += p.grossMw;
    this.weights = pieces.map((p) => (total > 0 ? p.grossMw / total : 1 / pieces.length));
  }

  /** The book's gross MW (100 % of each deal). */
  get grossMw(): number {
    let s = 0;
    for (const p of this.pieces) s += p.grossMw;
    return s;
  }

  get ai(): AiResult {
    if (this._bookAi) return this._bookAi;
    const rs = this.pieces.map((p) => p.context.ai);
    const w = this.weights;
    const f = (k: keyof AiResult): number => weighted(rs.map((r) => r[k] as number), w);
    let largest = 0;
    for (let i = 1; i < w.length; i++) if (w[i] > w[largest]) largest = i;
    const ebitdaUsdYr = f('ebitdaUsdYr');
    const capexUsd = f('capexUsd');
    return (this._bookAi = {
      mode: rs[largest].mode,
      itMw: f('itMw'),
      gpus: f('gpus'),
      revenueUsdYr: f('revenueUsdYr'),
      powerCostUsdYr: f('powerCostUsdYr'),
      opexUsdYr: f('opexUsdYr'),
      ebitdaUsdYr,
      capexUsd,
      gpuCapexUsd: f('gpuCapexUsd'),
      depreciationUsdYr: f('depreciationUsdYr'),
      yieldOnCost: capexUsd > 0 ? ebitdaUsdYr / capexUsd : NaN,
    });
  }

  get aiLabel(): string {
    const modes = new Set(this.pieces.map((p) => p.context.ai.mode));
    return modes.size === 1 ? `book (${[...modes][0]})` : 'book (colo and cloud)';
  }

  get valuation(): AiValuation | EngineError {
    if (this._bookValuation) return this._bookValuation;
    const vs = allOrError(this.pieces.map((p) => p.context.valuation));
    if (isEngineError(vs)) return (this._bookValuation = vs);
    const w = this.weights;
    let n = 0;
    for (const v of vs) if (v.months > n) n = v.months;
    const flows = bookFlows(vs.map((v) => v.flows), w, n);
    const sum = (k: 'terminalValue' | 'pvContract' | 'pvResidual' | 'pvTerminal' | 'npv' | 'contractRate' | 'residualRate' | 'horizonDiscount'): number => weighted(vs.map((v) => v[k]), w);
    return (this._bookValuation = {
      months: n,
      flows,
      projectFlow: weightedArrays(vs.map((v) => v.projectFlow), w, n),
      terminalValue: sum('terminalValue'),
      // rates and the horizon discount differ by tranche: their weighted averages, for display only (every PV above is summed exactly)
      contractRate: sum('contractRate'),
      residualRate: sum('residualRate'),
      pvContract: sum('pvContract'),
      pvResidual: sum('pvResidual'),
      horizonDiscount: sum('horizonDiscount'),
      pvTerminal: sum('pvTerminal'),
      npv: sum('npv'),
    });
  }

  /** The book's sums are its valuation's (the per-MW fast path runs one schedule, not a book). */
  get sums(): AiValuation | EngineError {
    return this.valuation;
  }

  /** The book's summed project flows (the per-MW fast path's scratch array is for one schedule). */
  projectFlowScratch(): Float64Array | EngineError {
    const v = this.valuation;
    return isEngineError(v) ? v : v.projectFlow;
  }

  get comparison(): Comparison | EngineError {
    if (this._bookComparison) return this._bookComparison;
    const cs = allOrError(this.pieces.map((p) => p.context.comparison));
    if (isEngineError(cs)) return (this._bookComparison = cs);
    const ai = this.valuation;
    if (isEngineError(ai)) return (this._bookComparison = ai);
    const w = this.weights;
    const sum = (k: 'landValue' | 'pvMining' | 'npvMiningOn' | 'npvConverted' | 'npvDelta'): number => weighted(cs.map((c) => c[k]), w);
    return (this._bookComparison = {
      ai,
      mining: cs[0].mining,
      landValue: sum('landValue'),
      pvMining: sum('pvMining'),
      npvMiningOn: sum('npvMiningOn'),
      npvConverted: sum('npvConverted'),
      npvDelta: sum('npvDelta'),
    });
  }

  get equity(): EquityView | EngineError {
    if (this._bookEquity) return this._bookEquity;
    const es = allOrError(this.pieces.map((p) => p.context.equity));
    if (isEngineError(es)) return (this._bookEquity = es);
    const w = this.weights;
    let n = 0;
    let minDscr = Infinity;
    let hasDebt = false;
    for (const e of es) {
      if (e.months > n) n = e.months;
      if (e.hasDebt) hasDebt = true;
      if (e.minDscr < minDscr) minDscr = e.minDscr;
    }
    type Arrays = 'depreciation' | 'taxUnlevered' | 'taxLevered' | 'maintenance' | 'cfads' | 'debtService' | 'scheduledService' | 'debtDrawn' | 'unleveredAfterTax' | 'equityFlow';
    const arr = (k: Arrays): Float64Array => weightedArrays(es.map((e) => e[k]), w, n);
    return (this._bookEquity = {
      months: n,
      depreciation: arr('depreciation'),
      taxUnlevered: arr('taxUnlevered'),
      taxLevered: arr('taxLevered'),
      maintenance: arr('maintenance'),
      cfads: arr('cfads'),
      debtService: arr('debtService'),
      scheduledService: arr('scheduledService'),
      debtDrawn: arr('debtDrawn'),
      unleveredAfterTax: arr('unleveredAfterTax'),
      equityFlow: arr('equityFlow'),
      minDscr: hasDebt && Number.isFinite(minDscr) ? minDscr : NaN,
      hasDebt,
    });
  }

  get economics(): Economics {
    if (this._bookEconomics) return this._bookEconomics;
    const es = this.pieces.map((p) => p.context.economics);
    const f = (k: keyof Economics): number => weighted(es.map((e) => e[k]), this.weights);
    return (this._bookEconomics = {
      miningCapitalCharge: f('miningCapitalCharge'),
      aiCapitalCharge: f('aiCapitalCharge'),
      aiLevelisedEbitda: f('aiLevelisedEbitda'),
      miningEconomic: f('miningEconomic'),
      aiEconomic: f('aiEconomic'),
    });
  }

  npvDelta(): number | EngineError {
    let s = 0;
    for (let i = 0; i < this.pieces.length; i++) {
      const d = this.pieces[i].context.npvDelta();
      if (isEngineError(d)) return d;
      s += this.weights[i] * d;
    }
    return s;
  }
}
