/**
 * The equity view of an AI project (equity_irr, equity_npv, min_dscr):
 * after-tax cash flows, and project debt drawn with the capex.
 *
 * - Debt: debt_share of each delivery's capex, drawn as it is spent. Interest
 *   during the build is capitalised; from rent start the loan amortises over
 *   debt_term_years: "level" (an annuity), "bullet" (interest only, principal at
 *   the end) or "sculpted" (debt service = cash available / target_dscr, the rest
 *   at the end). Whatever is owed at the horizon is repaid out of the terminal value.
 * - Cash available for debt service (CFADS) = NOI + prepayment cash − unlevered
 *   tax − maintenance (maintenance_pct of revenue).
 * - Tax (tax.ts): levered tax deducts interest as it accrues (capitalised
 *   interest included).
 * - Unlevered after-tax flow = pre-tax project flow (terminal value included) −
 *   unlevered tax − maintenance; equity flow = that + debt drawn − debt service −
 *   (levered − unlevered tax). With no debt the two are the same numbers.
 */
import { Delivery } from './lease';
import { monthlyFromAnnualRate } from './finance';
import { aiDepreciation, taxByYear } from './tax';
import { AiValuation, gpuCapexPerGrossMw, hallCapexPerGrossMw, AiValuationParams } from './valuation';

export type Amortization = 'level' | 'bullet' | 'sculpted';

export interface FinancingParams {
  readonly debt_share: number;
  readonly debt_rate: number;
  readonly debt_term_years: number;
  readonly debt_amortization: Amortization;
  readonly target_dscr: number;
  readonly maintenance_pct: number;
  readonly tax_rate: number;
  readonly facility_life_years: number;
  readonly gpu_life_years: number;
}

export interface EquityView {
  readonly months: number;
  readonly depreciation: Float64Array;
  readonly taxUnlevered: Float64Array;
  readonly taxLevered: Float64Array;
  readonly maintenance: Float64Array;
  readonly cfads: Float64Array;
  /** Interest paid in cash plus principal (balloon included), positive = paid. */
  readonly debtService: Float64Array;
  /** Debt service without balloon repayments (what DSCR is measured against). */
  readonly scheduledService: Float64Array;
  readonly debtDrawn: Float64Array;
  readonly unleveredAfterTax: Float64Array;
  readonly equityFlow: Float64Array;
  /** Lowest CFADS / debt service over months with debt service; NaN without debt. */
  readonly minDscr: number;
  readonly hasDebt: boolean;
}

interface Loan {
  balance: number;
  payment: number;
}

export function equityView(p: FinancingParams & AiValuationParams, deliveries: readonly Delivery[], ai: AiValuation): EquityView {
  const n = ai.months;
  const f = ai.flows;
  const block = new Float64Array(10 * n);
  const at = (i: number): Float64Array => block.subarray(i * n, (i + 1) * n);
  const maintenance = at(0);
  const cfads = at(1);
  const debtService = at(2);
  const debtDrawn = at(3);
  const interestAccrued = at(4);
  const unleveredAfterTax = at(5);
  const equityFlow = at(6);
  const taxable = at(7);
  const taxableLevered = at(8);
  const scheduledService = at(9);

  const depreciation = aiDepreciation(p, deliveries, hallCapexPerGrossMw(p), gpuCapexPerGrossMw(p), f);
  for (let m = 0; m < n; m++) taxable[m] = f.ebitda[m] - depreciation[m] + f.gpuResidual[m];
  const taxUnlevered = taxByYear(taxable, p.tax_rate);
  for (let m = 0; m < n; m++) {
    maintenance[m] = p.maintenance_pct * f.revenue[m];
    cfads[m] = f.ebitda[m] + f.prepayment[m] - taxUnlevered[m] - maintenance[m];
  }

  const hasDebt = p.debt_share > 0;
  if (hasDebt) financeDeliveries(p, deliveries, ai, cfads, debtDrawn, debtService, scheduledService, interestAccrued);
  for (let m = 0; m < n; m++) taxableLevered[m] = taxable[m] - interestAccrued[m];
  const taxLevered = hasDebt ? taxByYear(taxableLevered, p.tax_rate) : taxUnlevered;

  let minDscr = Infinity;
  for (let m = 0; m < n; m++) {
    unleveredAfterTax[m] = ai.projectFlow[m] - taxUnlevered[m] - maintenance[m];
    equityFlow[m] = unleveredAfterTax[m] + debtDrawn[m] - debtService[m] - (taxLevered[m] - taxUnlevered[m]);
    if (scheduledService[m] > 0 && f.convertedShare[m] > 0) {
      const dscr = cfads[m] / scheduledService[m];
      if (dscr < minDscr) minDscr = dscr;
    }
  }
  return {
    months: n,
    depreciation,
    taxUnlevered,
    taxLevered,
    maintenance,
    cfads,
    debtService,
    scheduledService,
    debtDrawn,
    unleveredAfterTax,
    equityFlow,
    minDscr: hasDebt && Number.isFinite(minDscr) ? minDscr : NaN,
    hasDebt,
  };
}

/** One loan per delivery, from its build start (possibly before month 0) to the horizon; cash effects recorded for months ≥ 0. */
function financeDeliveries(
  p: FinancingParams & AiValuationParams,
  deliveries: readonly Delivery[],
  ai: AiValuation,
  cfads: Float64Array,
  drawn: Float64Array,
  service: Float64Array,
  scheduled: Float64Array,
  interestAccrued: Float64Array,
): void {
  const n = ai.months;
  const i = monthlyFromAnnualRate(p.debt_rate);
  const termMonths = Math.max(1, Math.round(p.debt_term_years * 12));
  const build = Math.max(0, Math.round(p.build_months));
  const capexPerMw = hallCapexPerGrossMw(p) + gpuCapexPerGrossMw(p);
  for (const d of deliveries) {
    const loan: Loan = { balance: 0, payment: 0 };
    const debtCapex = d.share * capexPerMw * p.debt_share;
    const start = d.month - build;
    for (let m = Math.min(start, 0); m < n; m++) {
      const age = m - d.month;
      const inTimeline = m >= 0;
      const interest = loan.balance * i;
      if (inTimeline) interestAccrued[m] += interest;
      if (age < 0 || (age === 0 && build === 0)) {
        // building: draw with the capex, capitalise interest
        const draw = age < 0 ? (age >= -build ? debtCapex / build : 0) : debtCapex;
        loan.balance += interest + draw;
        if (inTimeline) drawn[m] += draw;
        if (age < 0) continue;
      }
      if (loan.balance <= 0) break;
      if (age === 0) loan.payment = levelPayment(loan.balance, i, termMonths);
      let principal: number;
      let interestPaid = interest;
      if (age === 0 && build === 0) interestPaid = 0; // drawn this month: no interest yet
      const last = age >= termMonths - 1 || m === n - 1;
      if (last) principal = loan.balance;
      else if (p.debt_amortization === 'level') principal = loan.payment - interestPaid;
      else if (p.debt_amortization === 'bullet') principal = 0;
      else {
        const share = ai.flows.convertedShare[m] > 0 ? d.share / ai.flows.convertedShare[m] : 0;
        const cash = inTimeline ? cfads[m] * share : 0;
        principal = (cash > 0 ? cash / p.target_dscr : 0) - interestPaid; // negative: the shortfall is capitalised
      }
      if (principal > loan.balance) principal = loan.balance;
      loan.balance -= principal;
      if (inTimeline) {
        service[m] += interestPaid + principal;
        // DSCR is measured against scheduled service: a balloon at the end of the term or the horizon is refinanced or repaid from the sale
        scheduled[m] += interestPaid + (last && p.debt_amortization !== 'level' ? 0 : last ? Math.min(principal, Math.max(0, loan.payment - interestPaid)) : principal);
      }
    }
  }
}

/** Level monthly payment that repays `balance` over `months` at monthly rate i. */
function levelPayment(balance: number, i: number, months: number): number {
  return i === 0 ? balance / months : (balance * i) / (1 - Math.pow(1 + i, -months));
}
