/**
 * The company-field catalogue of preset schema 2: every field a preset may carry
 * beside the model inputs, once, as data. The validator, the sourcing audit,
 * PRESET/INPUT_SOURCE/CONTRACTS and the schema reference (docs/presets.md) read it.
 *
 * A field whose name is also a model input (src/engine/catalogue.ts) takes its
 * unit, kind and range from the input catalogue, so the two can never disagree;
 * its row here only says where it belongs and whether it is decision-relevant.
 *
 * `decision`: the field is one of the figures an investment decision rests on
 * (capacity by stage, contract terms, balance sheet, hashrate, efficiency, power
 * price). At most 25 % of those may be assumptions in a bundled preset.
 */
import { InputSpec, inputSpec } from '../engine/catalogue';

/** Where a field lives: the preset's `fields` (capacity, operations, balance), a tranche, or an instrument list. */
export type FieldGroup = 'capacity' | 'operations' | 'balance' | 'contract' | 'convertible' | 'warrant' | 'debt';
export type FieldKind = 'number' | 'date' | 'text' | 'schedule';

export interface CompanyFieldSpec {
  readonly name: string;
  readonly group: FieldGroup;
  /** Absent for a model input (taken from the input catalogue). */
  readonly unit?: string;
  readonly kind?: FieldKind;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly decision: boolean;
  /** Each entry of its list must carry it. */
  readonly required?: boolean;
  readonly description: string;
}

const MW_MAX = 1e5;
const USD_MAX = 1e13;

export const COMPANY_FIELDS: readonly CompanyFieldSpec[] = [
  // ---- capacity by stage: gross MW at the company's ownership share ---------------
  { name: 'power_mw', group: 'capacity', decision: true, required: true, description: 'Secured grid capacity (power under contract or approved interconnection), attributable gross MW' },
  { name: 'energized_mw', group: 'capacity', unit: 'gross MW', kind: 'number', min: 0, max: MW_MAX, decision: true, required: true, description: 'Energised today, attributable gross MW' },
  { name: 'mining_mw', group: 'capacity', unit: 'gross MW', kind: 'number', min: 0, max: MW_MAX, decision: true, required: true, description: 'Of energized_mw, running ASICs' },
  { name: 'under_construction_mw', group: 'capacity', unit: 'gross MW', kind: 'number', min: 0, max: MW_MAX, decision: true, description: 'Being built (substation or hall), not yet energised' },
  { name: 'contracted_unbuilt_mw', group: 'capacity', unit: 'gross MW', kind: 'number', min: 0, max: MW_MAX, decision: true, description: 'Secured and contracted to an AI tenant, not yet under construction' },
  { name: 'pipeline_mw', group: 'capacity', unit: 'gross MW', kind: 'number', min: 0, max: 1e6, decision: true, description: 'Applied for or under study, not yet secured' },
  // ---- operations -----------------------------------------------------------------
  { name: 'hashrate_eh', group: 'operations', unit: 'EH/s', kind: 'number', min: 0, max: 1e4, decision: true, description: 'Reported operating (or deployed, as the note says) hashrate' },
  { name: 'efficiency_j_th', group: 'operations', decision: true, description: 'Fleet efficiency at the ASIC' },
  { name: 'power_price_mwh', group: 'operations', decision: true, description: 'All-in power price' },
  { name: 'mining_end_date', group: 'operations', unit: 'date', kind: 'date', decision: false, description: 'When the company has announced it stops mining' },
  // ---- balance sheet ----------------------------------------------------------------
  { name: 'shares_basic', group: 'balance', unit: 'shares', kind: 'number', min: 1, max: 1e11, decision: true, required: true, description: 'Common shares outstanding (all classes)' },
  { name: 'rsus', group: 'balance', unit: 'shares', kind: 'number', min: 0, max: 1e11, decision: true, description: 'Unvested RSUs, PSUs and in-the-money options, as shares' },
  { name: 'cash_usd', group: 'balance', unit: 'USD', kind: 'number', min: 0, max: USD_MAX, decision: true, description: 'Cash and equivalents (restricted cash excluded unless the note says)' },
  { name: 'btc_held', group: 'balance', unit: 'BTC', kind: 'number', min: 0, max: 2.1e7, decision: true, description: 'Bitcoin held, including pledged or lent (the note says)' },
  { name: 'preferred_usd', group: 'balance', unit: 'USD', kind: 'number', min: 0, max: USD_MAX, decision: true, description: 'Preferred equity at liquidation preference' },
  { name: 'minority_interest_usd', group: 'balance', unit: 'USD', kind: 'number', min: -USD_MAX, max: USD_MAX, decision: true, description: 'Non-controlling interests' },
  { name: 'corporate_ga_usd_yr', group: 'balance', unit: 'USD per year', kind: 'number', min: 0, max: 1e11, decision: true, description: 'Cash G&A, excluding stock compensation' },
  // ---- a contract (tranche); 100 % of the deal unless said ------------------------
  { name: 'ai_mode', group: 'contract', decision: false, description: 'colo (lease of the hall) or cloud (GPU-hours sold)' },
  { name: 'it_mw', group: 'contract', unit: 'IT MW', kind: 'number', min: 0, max: MW_MAX, decision: true, required: true, description: 'Critical IT capacity of the deal' },
  { name: 'gross_mw', group: 'contract', unit: 'gross MW', kind: 'number', min: 0, max: MW_MAX, decision: true, required: true, description: 'Grid capacity the deal uses' },
  { name: 'schedule', group: 'contract', unit: 'IT MW by date', kind: 'schedule', decision: true, description: 'IT MW entering service, [{ "date", "it_mw" }], summing to it_mw' },
  { name: 'lease_term_years', group: 'contract', decision: true, description: 'Initial term of each delivery, from its own in-service date' },
  { name: 'tcv_usd', group: 'contract', unit: 'USD', kind: 'number', min: 0, max: USD_MAX, decision: true, description: 'Base-rent contract value (no pass-throughs, no extension options)' },
  { name: 'lease_escalator', group: 'contract', decision: true, description: 'Annual rent escalator' },
  { name: 'lease_rate_kw_month', group: 'contract', decision: true, description: 'Starting rent (year 1); for a TCV deal, the rate whose escalated rents sum to the TCV' },
  { name: 'ai_capex_mw_it', group: 'contract', decision: true, description: "Landlord's build cost per IT MW" },
  { name: 'capex_paid_share', group: 'contract', unit: 'share', kind: 'number', min: 0, max: 1, decision: true, description: "Share of the build cost already spent at the preset's quarter end" },
  { name: 'tenant_capex_share', group: 'contract', decision: true, description: 'Share of the build the tenant funds' },
  { name: 'ownership_share', group: 'contract', unit: 'share', kind: 'number', min: 0, max: 1, decision: true, description: "The company's share of the deal (joint ventures)" },
  { name: 'backstop_usd', group: 'contract', unit: 'USD', kind: 'number', min: 0, max: USD_MAX, decision: true, description: "Guarantor's backstop of the tenant's obligations" },
  { name: 'credit_spread', group: 'contract', unit: 'per year', kind: 'number', min: 0, max: 0.5, decision: false, description: 'Added to the AI discount rate (0 for an investment-grade or backstopped tenant)' },
  { name: 'prepayment_share', group: 'contract', unit: 'share of TCV', kind: 'number', min: 0, max: 1, decision: true, description: 'Customer prepayment' },
  { name: 'gpu_count', group: 'contract', unit: 'GPUs', kind: 'number', min: 0, max: 1e7, integer: true, decision: true, description: 'GPUs of a cloud deal' },
  { name: 'gpu_hour_rate', group: 'contract', decision: true, description: 'Price of a GPU-hour of a cloud deal' },
  { name: 'gpu_capex', group: 'contract', decision: true, description: 'All-in cost per GPU of a cloud deal' },
  { name: 'kw_per_gpu', group: 'contract', decision: false, description: 'All-in IT kW per GPU' },
  { name: 'utilization', group: 'contract', decision: false, description: 'Share of GPU-hours sold' },
  { name: 'gpu_life_years', group: 'contract', decision: false, description: 'Useful life of a GPU' },
  { name: 'cloud_opex_pct', group: 'contract', decision: false, description: 'Operating cost of GPU cloud as a share of revenue' },
  // ---- convertible notes ------------------------------------------------------------
  { name: 'face_usd', group: 'convertible', unit: 'USD', kind: 'number', min: 0, max: USD_MAX, decision: true, required: true, description: 'Principal outstanding' },
  { name: 'conversion_price', group: 'convertible', unit: 'USD per share', kind: 'number', min: 0.0001, max: 1e6, decision: true, required: true, description: 'Conversion price' },
  { name: 'cap_price', group: 'convertible', unit: 'USD per share', kind: 'number', min: 0.0001, max: 1e6, decision: true, description: 'Cap price of the capped call, where one exists' },
  { name: 'rate', group: 'convertible', unit: 'per year', kind: 'number', min: 0, max: 1, decision: true, description: 'Coupon' },
  { name: 'maturity', group: 'convertible', unit: 'date', kind: 'date', decision: true, description: 'Maturity date' },
  // ---- warrants ---------------------------------------------------------------------
  { name: 'count', group: 'warrant', unit: 'shares', kind: 'number', min: 0, max: 1e11, decision: true, required: true, description: 'Shares the warrants buy' },
  { name: 'strike', group: 'warrant', unit: 'USD per share', kind: 'number', min: 0, max: 1e6, decision: true, required: true, description: 'Exercise price' },
  { name: 'expiry', group: 'warrant', unit: 'date', kind: 'date', decision: false, description: 'Expiry date' },
  // ---- debt ---------------------------------------------------------------------------
  { name: 'face_usd', group: 'debt', unit: 'USD', kind: 'number', min: 0, max: USD_MAX, decision: true, required: true, description: 'Principal outstanding, 100 % of the facility' },
  { name: 'rate', group: 'debt', unit: 'per year', kind: 'number', min: 0, max: 1, decision: true, description: 'Interest rate (all-in)' },
  { name: 'maturity', group: 'debt', unit: 'date', kind: 'date', decision: true, description: 'Maturity date' },
  { name: 'recourse', group: 'debt', unit: '1 recourse, 0 project-level', kind: 'number', min: 0, max: 1, integer: true, decision: true, description: 'Whether the company is liable (1) or only the project (0)' },
  { name: 'ownership_share', group: 'debt', unit: 'share', kind: 'number', min: 0, max: 1, decision: true, description: "The company's share of project debt" },
];

/** The lists of a preset and the groups of fields each holds. `fields` also takes any model input. */
export const LIST_GROUPS = {
  fields: ['capacity', 'operations', 'balance'],
  contracts: ['contract'],
  convertibles: ['convertible'],
  warrants: ['warrant'],
  debt: ['debt'],
} as const satisfies Record<string, readonly FieldGroup[]>;
export type ListName = keyof typeof LIST_GROUPS;

/** Model inputs that a preset must not set: they choose what a function evaluates, they are not company data. */
export const SELECTOR_INPUTS: ReadonlySet<string> = new Set(['tranche', 'share_price']);

/** A field as the validator checks it: kind, unit and range resolved (from the input catalogue for model inputs). */
export interface ResolvedField {
  readonly name: string;
  readonly group: FieldGroup | 'input';
  readonly kind: FieldKind;
  readonly unit: string;
  readonly decision: boolean;
  readonly required: boolean;
  /** The input catalogue row, for a model input. */
  readonly input?: InputSpec;
  readonly spec?: CompanyFieldSpec;
}

const BY_GROUP = new Map<string, CompanyFieldSpec>(COMPANY_FIELDS.map((f) => [`${f.group}:${f.name}`, f]));

const RESOLVED = new Map<string, ResolvedField>();

/**
 * The field `name` in list `list`, or undefined when it does not belong there (exact, case-sensitive).
 * A model input takes kind, unit and range from the input catalogue; a company row adds its group and flags.
 */
export function fieldIn(list: ListName, name: string): ResolvedField | undefined {
  const key = `${list}:${name}`;
  const hit = RESOLVED.get(key);
  if (hit) return hit;
  let spec: CompanyFieldSpec | undefined;
  for (const g of LIST_GROUPS[list] as readonly FieldGroup[]) spec = spec ?? BY_GROUP.get(`${g}:${name}`);
  const maybeInput = list === 'fields' || list === 'contracts' ? inputSpec(name) : undefined;
  const input = maybeInput && maybeInput.name === name && !SELECTOR_INPUTS.has(name) ? maybeInput : undefined;
  let out: ResolvedField | undefined;
  if (input) {
    const kind: FieldKind = input.kind === 'number' || input.kind === 'date' ? 'number' : 'text';
    out = { name, group: spec?.group ?? 'input', kind, unit: input.unit, decision: spec?.decision ?? false, required: spec?.required ?? false, input, spec };
  } else if (spec?.kind) {
    out = { name, group: spec.group, kind: spec.kind, unit: spec.unit ?? '', decision: spec.decision, required: spec.required ?? false, spec };
  }
  if (out) RESOLVED.set(key, out); // known names only: a hostile file's made-up names must not grow the cache
  return out;
}

/** Every name list `list` accepts (for "did you mean"). */
export function namesIn(list: ListName, inputNames: readonly string[]): string[] {
  const own = COMPANY_FIELDS.filter((f) => (LIST_GROUPS[list] as readonly string[]).includes(f.group)).map((f) => f.name);
  const inputs = list === 'fields' || list === 'contracts' ? inputNames.filter((n) => !SELECTOR_INPUTS.has(n)) : [];
  return [...new Set([...own, ...inputs])];
}

/** Fields each entry of a list must carry. */
export function requiredIn(list: ListName): string[] {
  return COMPANY_FIELDS.filter((f) => f.required && (LIST_GROUPS[list] as readonly string[]).includes(f.group)).map((f) => f.name);
}

/** Top-level company fields (capacity, operations, balance) in catalogue order: PRESET's spill and INPUT_SOURCE read these. */
export const TOP_LEVEL_FIELDS: readonly CompanyFieldSpec[] = COMPANY_FIELDS.filter((f) => (LIST_GROUPS.fields as readonly string[]).includes(f.group));
