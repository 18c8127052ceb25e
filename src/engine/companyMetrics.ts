/**
 * COMPANY's metrics, as data: name, unit, description and a pure computation on
 * a company model (company.ts). COMPS reads the same list, so a row of COMPS is
 * the single COMPANY calls' numbers.
 */
import { CompanyModel, CompanyValuation, RampRow, TrancheInput } from './company';
import { EngineError, isEngineError, naError, numError } from './errors';
import { Table } from './models';

export interface CompanyMetric {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly compute: (m: CompanyModel) => number | Table | EngineError;
}

/** A number from the base valuation. */
function fromValue(f: (v: CompanyValuation) => number | EngineError): (m: CompanyModel) => number | EngineError {
  return (m) => {
    const v = m.value();
    return isEngineError(v) ? v : f(v);
  };
}

/** AI parts (contracted, uncontracted, pipeline) over the operating parts (those and mining). */
function aiShareOfValue(v: CompanyValuation): number | EngineError {
  const ai = v.contractedAi + v.uncontractedAi + v.pipeline;
  const all = ai + v.mining;
  return all > 0 ? ai / all : numError('ai_share_of_value needs positive operating parts (AI and mining value)');
}

/** AI EBITDA over AI plus mining EBITDA of the next 12 months (each floored at 0). */
function aiShareOfEbitda(v: CompanyValuation): number | EngineError {
  const ai = Math.max(0, v.aiEbitda12);
  const mining = Math.max(0, v.miningEbitda12);
  return ai + mining > 0 ? ai / (ai + mining) : numError('ai_share_of_ebitda: neither AI nor mining earns a positive EBITDA in the next 12 months');
}

function upside(m: CompanyModel): number | EngineError {
  const price = m.input.company.share_price;
  if (!(price > 0)) return naError('upside needs the share\'s market price: add the override "share_price", e.g. "share_price", 12.5 (USD per share)');
  const v = m.value();
  return isEngineError(v) ? v : v.valuePerShare / price - 1;
}

/** The bridge from the parts to value per share: deductions negative, every line above enterprise value a part, so the lines add up to equity value (contracted AI in two lines, during and after the leases: the contract period can be negative, GPU capital before its rent, while the residual is positive). */
export function bridgeTable(v: CompanyValuation): Table {
  const s = v.dilutedShares;
  const row = (label: string, usd: number): (string | number)[] => [label, usd, usd / s];
  return [
    ['item', 'value (USD)', 'per share (USD per share)'],
    row('contracted AI during the leases: the book at its own rates, after tax', v.contractedAi - v.residual),
    row('contracted AI after the leases: renewals, re-letting and terminal values', v.residual),
    row('uncontracted AI: development option on idle and secured MW', v.uncontractedAi),
    row('pipeline: development option on power not yet secured', v.pipeline),
    row(v.miningConverted ? 'mining MW at their development option (worth more than mining them)' : 'mining, after tax', v.mining),
    row('bitcoin held', v.btc),
    row('less corporate G&A × ga_multiple', -v.ga),
    row('enterprise value', v.enterpriseValue),
    row('less net debt (convertibles still debt at this price)', -v.netDebt),
    row('less preferred equity', -v.preferred),
    row('less minority interests', -v.minority),
    row('equity value', v.equityValue),
    ['diluted shares (shares)', s, ''],
    ['value per share (USD per share)', v.valuePerShare, ''],
  ];
}

export const COMPANY_METRICS: readonly CompanyMetric[] = [
  { name: 'value_per_share', unit: 'USD per share', description: 'Equity value / diluted shares at the fixed point (sum of the parts)', compute: fromValue((v) => v.valuePerShare) },
  { name: 'equity_value', unit: 'USD', description: 'Enterprise value − net debt − preferred − minorities', compute: fromValue((v) => v.equityValue) },
  { name: 'enterprise_value', unit: 'USD', description: 'The parts (AI, mining, bitcoin) − G&A', compute: fromValue((v) => v.enterpriseValue) },
  { name: 'contracted_ai_value', unit: 'USD', description: 'After-tax DCF of every tranche at its own rates, terminal value included, at ownership share', compute: fromValue((v) => v.contractedAi) },
  { name: 'residual_value', unit: 'USD', description: 'Of contracted_ai_value: what comes after the leases (renewals, re-letting, terminal values)', compute: fromValue((v) => v.residual) },
  { name: 'uncontracted_ai_value', unit: 'USD', description: 'Development option on idle energised and under-construction MW, MW freed when mining ends, and secured power not yet built', compute: fromValue((v) => v.uncontractedAi) },
  { name: 'pipeline_value', unit: 'USD', description: 'Development option on pipeline power (applied for, not yet secured)', compute: fromValue((v) => v.pipeline) },
  { name: 'mining_value', unit: 'USD', description: 'MW that mine: after-tax DCF until the book takes them or mining ends, plus powered land at the horizon; MW the book never takes at their development option where that is worth more', compute: fromValue((v) => v.mining) },
  { name: 'btc_value', unit: 'USD', description: 'btc_held × btc_price', compute: fromValue((v) => v.btc) },
  { name: 'ga_value', unit: 'USD', description: 'Corporate cash G&A × ga_multiple (a cost, deducted)', compute: fromValue((v) => v.ga) },
  { name: 'net_debt', unit: 'USD', description: 'Recourse debt + project debt at ownership share + convertibles still debt at the price − cash − warrant exercise cash', compute: fromValue((v) => v.netDebt) },
  { name: 'diluted_shares', unit: 'shares', description: 'Basic shares + RSUs + converted notes (net of capped calls) + warrants in the money, at the fixed point', compute: fromValue((v) => v.dilutedShares) },
  { name: 'btc_beta', unit: 'x', description: '% change of equity value for +1 % BTC price (±1 %, the whole sum of the parts, network response included)', compute: (m) => m.btcBeta() },
  { name: 'ai_rate_beta', unit: 'x', description: '% change of equity value for +1 % market lease rate (development options and renewals)', compute: (m) => m.aiRateBeta() },
  { name: 'ai_share_of_value', unit: 'share', description: 'AI parts (contracted, uncontracted, pipeline) / operating parts (those and mining)', compute: fromValue(aiShareOfValue) },
  { name: 'ai_share_of_ebitda', unit: 'share', description: 'AI EBITDA / (AI + mining EBITDA), next 12 months', compute: fromValue(aiShareOfEbitda) },
  { name: 'contracted_it_mw', unit: 'IT MW', description: 'IT MW of the contract book at ownership share', compute: fromValue((v) => v.contractedItMw) },
  { name: 'backlog_usd', unit: 'USD', description: 'Contracted revenue still to come (the rest of every term), at ownership share', compute: fromValue((v) => v.backlogUsd) },
  { name: 'standard_lease_npv', unit: 'USD per gross MW', description: 'After-tax NPV of one gross MW let on a standard lease today (market rent, build_months, capex included) at the AI rate + development_spread: the basis of the development options', compute: fromValue((v) => v.standardNpvPerMw) },
  { name: 'upside', unit: 'share', description: 'value_per_share / share_price − 1 (needs a share_price override)', compute: upside },
  { name: 'table', unit: '', description: 'The bridge from the parts to value per share', compute: (m) => {
    const v = m.value();
    return isEngineError(v) ? v : bridgeTable(v);
  } },
];

export function findCompanyMetric(name: string): CompanyMetric | undefined {
  const n = name.toLowerCase();
  return COMPANY_METRICS.find((m) => m.name === n);
}

/** RAMP as a table: a header row, then one row per quarter (totals, mining, then each tranche's IT MW, revenue and EBITDA). */
export function rampTable(rows: readonly RampRow[], tranches: readonly TrancheInput[], quarterStart: (q: number) => number): Table {
  const header: (string | number)[] = ['quarter start (date)', 'IT MW in service (IT MW)', 'AI revenue (USD)', 'AI EBITDA (USD)', 'mining EBITDA (USD)'];
  for (const t of tranches) header.push(`${t.name} IT MW (IT MW)`, `${t.name} revenue (USD)`, `${t.name} EBITDA (USD)`);
  const out: Table = [header];
  for (const r of rows) {
    const row: (string | number)[] = [quarterStart(r.quarter), r.itMwTotal, r.revenueTotal, r.ebitdaTotal, r.miningEbitda];
    for (let i = 0; i < tranches.length; i++) row.push(r.itMw[i], r.revenue[i], r.ebitda[i]);
    out.push(row);
  }
  return out;
}
