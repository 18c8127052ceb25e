/**
 * The input catalogue: every model input, once. Override validation, "did you
 * mean", INPUT(), PRESET() field lists, the preset schema, the task pane's
 * field list and the help page are all derived from this table.
 *
 * `default` is the market default: the last link of the precedence chain
 * (override > workbook preset table > bundled company preset > this default).
 * `basis` says where the default comes from: a cited public figure, or an
 * assumption with its reason.
 */
export type InputGroup = 'market' | 'site' | 'mining' | 'ai' | 'colo' | 'cloud' | 'selector';
export type Model = 'network' | 'mining' | 'colo' | 'cloud' | 'finance';

export interface InputSpec {
  readonly name: string;
  readonly group: InputGroup;
  readonly unit: string;
  /** 'text': a name (a letter, then letters, digits, - or _), e.g. a tranche of the contract book. */
  readonly kind: 'number' | 'choice' | 'date' | 'text';
  readonly default: number | string;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly choices?: readonly string[];
  readonly description: string;
  readonly models: readonly Model[];
  readonly basis: string;
}

/** As-of date of the market defaults below (ISO). */
export const MARKET_DEFAULTS_ASOF = '2026-06-28';

export const CATALOGUE: readonly InputSpec[] = [
  // ---- market ------------------------------------------------------------
  { name: 'btc_price', group: 'market', unit: 'USD', kind: 'number', default: 60000, min: 1, max: 1e8,
    description: 'Bitcoin price', models: ['network', 'mining', 'finance'],
    basis: 'Bitcoin fell below 60 000 USD on 2026-06-28, ending a second losing quarter (CoinDesk, as summarised at https://coinpulse.com.au/news/bitcoin-falls-below-60-000-on-track-for-a-rare-back-to-back-quarterly): 60 000. Refresh market data in the BTCAI pane for today\'s price.' },
  { name: 'network_hashrate_eh', group: 'market', unit: 'EH/s', kind: 'number', default: 960, min: 1, max: 1e7,
    description: 'Bitcoin network hashrate', models: ['network', 'mining', 'finance'],
    basis: 'Difficulty rose to 133.87 T at block 955 584 on 2026-06-26, which implies 133.87e12 × 2^32 / 600 = 958 EH/s; reported network hashrate then was ~984 EH/s (https://bt-miners.com/ko/bitcoin-difficulty-rebounds-7-15-what-asic-miners-should-do/, 2026-06): 960.' },
  { name: 'fees_btc_per_block', group: 'market', unit: 'BTC/block', kind: 'number', default: 0.017, min: 0, max: 100,
    description: 'Transaction fees per block', models: ['network', 'mining', 'finance'],
    basis: 'Fees were 0.55 % of block rewards, 17 BTC of ~3 167 BTC, in the week to 2026-01-12 (Hashrate Index Roundup, https://hashrateindex.com/blog/hashrate-index-roundup-january-12-2026): 17 BTC over ~1 008 blocks ≈ 0.017 BTC a block, the latest weekly fee figure found.' },
  { name: 'block_minutes', group: 'market', unit: 'minutes', kind: 'number', default: 10, min: 1, max: 60,
    description: 'Average minutes per block (for dating future blocks and halvings)', models: ['network', 'finance'],
    basis: 'Protocol target: one block per 600 seconds.' },
  { name: 'btc_price_growth_yr', group: 'market', unit: 'per year', kind: 'number', default: 0.1, min: -0.9, max: 5,
    description: 'Bitcoin price growth per year (also the drift of the Monte Carlo)', models: ['finance'],
    basis: 'Assumption: 10 %/yr, a modest drift below bitcoin\'s long-run history; set your own view.' },
  { name: 'hashrate_growth_yr', group: 'market', unit: 'per year', kind: 'number', default: 0.2, min: -0.9, max: 5,
    description: 'Network hashrate growth per year', models: ['finance'],
    basis: 'Assumption: 20 %/yr, below 2024–2025 growth (~45 %/yr from ~650 to ~1 100 EH/s) as hashprice compresses.' },
  { name: 'btc_vol', group: 'market', unit: 'per sqrt(year)', kind: 'number', default: 0.5, min: 0, max: 5,
    description: 'Annualised volatility of the bitcoin price (Monte Carlo)', models: ['finance'],
    basis: 'Assumption: 50 %, near bitcoin\'s realised 1-year volatility in 2024–2025 (~45–60 %).' },
  { name: 'discount_rate', group: 'market', unit: 'per year', kind: 'number', default: 0.1, min: 0, max: 1,
    description: 'Discount rate for NPVs (annual; monthly flows use (1+r)^(1/12)-1)', models: ['finance'],
    basis: 'Assumption: 10 %, a typical cost of capital for contracted data-centre cash flows.' },
  { name: 'valuation_date', group: 'market', unit: 'Excel date serial', kind: 'date', default: 46023, min: 39816, max: 73051,
    description: 'First day of the monthly cash flows (projections, NPV, IRR)', models: ['finance'],
    basis: 'Fixed at 2026-01-01 (serial 46023) so a model computes the same numbers every day; set it to TODAY() for a live start.' },
  // ---- site ---------------------------------------------------------------
  { name: 'power_mw', group: 'site', unit: 'gross MW', kind: 'number', default: 1, min: 0, max: 1e5,
    description: 'Grid power the site may draw', models: ['mining', 'colo', 'cloud'],
    basis: 'Generic site: 1 gross MW, the basis of every per-MW figure.' },
  { name: 'convert_mw', group: 'site', unit: 'gross MW', kind: 'number', default: 1, min: 0, max: 1e5,
    description: 'Gross MW converted from mining to AI (MINER_AI_YIELD scales by it)', models: ['colo', 'cloud'],
    basis: 'Generic site: converts its 1 gross MW.' },
  { name: 'power_price_mwh', group: 'site', unit: 'USD/MWh', kind: 'number', default: 45, min: 0, max: 2000,
    description: 'All-in power price', models: ['mining', 'colo', 'cloud'],
    basis: 'Assumption: 45 USD/MWh, between large miners\' reported 2025 all-in costs (IREN ~38, Riot ~42 USD/MWh); MODEL.md worked figure.' },
  // ---- mining -------------------------------------------------------------
  { name: 'efficiency_j_th', group: 'mining', unit: 'J/TH', kind: 'number', default: 17.5, min: 5, max: 200,
    description: 'Fleet efficiency at the ASIC (the model applies mining_overhead on top)', models: ['mining'],
    basis: 'Assumption: 17.5 J/TH, a 2025 large-miner fleet (CleanSpark 16.71, Riot 20.5 J/TH); MODEL.md worked figure.' },
  { name: 'mining_overhead', group: 'mining', unit: 'gross MW / ASIC MW', kind: 'number', default: 1.05, min: 1, max: 2,
    description: 'Site overhead of mining: fans, pumps, transformers', models: ['mining'],
    basis: 'Assumption: 1.05, middle of the 1.03–1.10 typical range (MODEL.md).' },
  { name: 'uptime', group: 'mining', unit: 'share of hours', kind: 'number', default: 0.95, min: 0, max: 1,
    description: 'Share of hours hashing, after curtailment', models: ['mining'],
    basis: 'Assumption: 95 %; MODEL.md worked figure.' },
  { name: 'pool_fee', group: 'mining', unit: 'share of revenue', kind: 'number', default: 0.02, min: 0, max: 1,
    description: 'Mining pool fee', models: ['mining'],
    basis: 'Assumption: 2 %, a typical FPPS pool fee; MODEL.md worked figure.' },
  { name: 'mining_opex_mw_yr', group: 'mining', unit: 'USD per gross MW per year', kind: 'number', default: 50000, min: 0, max: 1e7,
    description: 'Non-power cash costs of mining (staff, maintenance, site)', models: ['mining'],
    basis: 'Assumption: 50 000 USD/MW/yr (~5.7 USD/MWh), the order of large miners\' non-power site costs.' },
  { name: 'curtailment_credit_mw_yr', group: 'mining', unit: 'USD per gross MW per year', kind: 'number', default: 0, min: 0, max: 1e7,
    description: 'Power or demand-response credits earned by curtailing', models: ['mining'],
    basis: 'Assumption: none unless a preset reports credits.' },
  { name: 'asic_price_th', group: 'mining', unit: 'USD per TH/s', kind: 'number', default: 15, min: 0, max: 1000,
    description: 'Price of new ASICs (fleet renewal)', models: ['mining'],
    basis: 'Assumption: 15 USD/TH, the 2025 price range of new-generation machines (~12–18 USD/TH).' },
  { name: 'asic_life_years', group: 'mining', unit: 'years', kind: 'number', default: 4, min: 0.5, max: 20,
    description: 'Useful life of an ASIC (fleet renewal)', models: ['mining'],
    basis: 'Assumption: 4 years, a typical economic life across one halving.' },
  // ---- AI, shared ---------------------------------------------------------
  { name: 'ai_mode', group: 'ai', unit: 'colo | cloud', kind: 'choice', default: 'colo', choices: ['colo', 'cloud'],
    description: 'AI business model: colo (lease the hall to a tenant) or cloud (own GPUs, sell GPU-hours)', models: ['colo', 'cloud'],
    basis: 'Generic site: colocation, the model of most miners\' AI deals (Core Scientific, TeraWulf, Cipher, Applied Digital).' },
  { name: 'pue', group: 'ai', unit: 'gross MW / IT MW', kind: 'number', default: 1.25, min: 1, max: 3,
    description: 'Power usage effectiveness of the AI hall', models: ['colo', 'cloud'],
    basis: 'Assumption: 1.25, inside the 1.15–1.40 range (MODEL.md); Applied Digital designs for 1.18.' },
  { name: 'load_factor', group: 'ai', unit: 'share of gross MW', kind: 'number', default: 0.8, min: 0, max: 1,
    description: 'Average power draw of the AI hall as a share of gross capacity', models: ['colo', 'cloud'],
    basis: 'Assumption: 80 %, typical average draw of dense GPU training and inference halls.' },
  { name: 'ai_capex_mw_it', group: 'ai', unit: 'USD per IT MW', kind: 'number', default: 10000000, min: 0, max: 1e9,
    description: 'Cost to convert or build one critical-IT MW of AI hall', models: ['colo', 'cloud'],
    basis: 'TeraWulf 8–10 M and Cipher 9–11 M USD per MW IT (2025 releases, DATA.md): 10 M.' },
  { name: 'ai_opex_mw_it_yr', group: 'ai', unit: 'USD per IT MW per year', kind: 'number', default: 100000, min: 0, max: 1e8,
    description: 'Landlord operating cost of the AI hall', models: ['colo'],
    basis: 'Assumption: 100 000 USD per IT MW per year; MODEL.md worked figure (NOI margins of 85–90 % in Cipher and TeraWulf releases).' },
  { name: 'build_months', group: 'ai', unit: 'months', kind: 'number', default: 12, min: 0, max: 120, integer: true,
    description: 'Months from the conversion decision to AI revenue (mining runs until then)', models: ['colo', 'cloud', 'finance'],
    basis: 'Assumption: 12 months, in line with 2025 deals (TeraWulf first 40 MW ~10 months after signing).' },
  { name: 'horizon_years', group: 'ai', unit: 'years', kind: 'number', default: 10, min: 1, max: 30, integer: true,
    description: 'Horizon of the monthly cash flows (NPV, IRR, payback)', models: ['finance'],
    basis: 'Assumption: 10 years, the term of the Fluidstack leases (TeraWulf, Cipher).' },
  { name: 'facility_life_years', group: 'ai', unit: 'years', kind: 'number', default: 20, min: 1, max: 60,
    description: 'Depreciation life of the AI facility (cloud depreciation)', models: ['cloud'],
    basis: 'Assumption: 20 years, a common depreciation life for data-centre shells and power equipment.' },
  // ---- AI, colocation -----------------------------------------------------
  { name: 'lease_rate_kw_month', group: 'colo', unit: 'USD per IT kW per month', kind: 'number', default: 150, min: 0, max: 2000,
    description: 'Colocation rent, net of power', models: ['colo'],
    basis: '2025 miner deals imply 120–177 USD/kW-month (DATA.md: Core Scientific ~121, Cipher ~149, TeraWulf ~154, Applied Digital ~153): 150.' },
  { name: 'occupancy', group: 'colo', unit: 'share', kind: 'number', default: 1, min: 0, max: 1,
    description: 'Share of IT capacity leased', models: ['colo'],
    basis: 'Single-tenant build-to-suit leases are fully leased.' },
  { name: 'power_pass_through', group: 'colo', unit: '1 tenant pays, 0 landlord pays', kind: 'number', default: 1, min: 0, max: 1, integer: true,
    description: 'Whether the tenant pays for power (1) or the landlord does (0)', models: ['colo'],
    basis: 'Net-of-power rents are the norm in the 2025 miner leases (modified gross, power passed through).' },
  { name: 'tenant_capex_share', group: 'colo', unit: 'share', kind: 'number', default: 0, min: 0, max: 1,
    description: 'Share of the conversion capex the tenant funds', models: ['colo'],
    basis: 'Assumption: the landlord funds the build, as in the Fluidstack deals.' },
  { name: 'lease_escalator', group: 'colo', unit: 'per year', kind: 'number', default: 0.03, min: -0.5, max: 0.5,
    description: 'Annual rent escalation', models: ['colo', 'finance'],
    basis: 'Assumption: 3 %/yr; TeraWulf discloses "annual escalators" without a figure.' },
  { name: 'lease_term_years', group: 'colo', unit: 'years', kind: 'number', default: 10, min: 0.5, max: 50,
    description: 'Initial lease term (rent is assumed renewed at the escalated rate after it)', models: ['colo'],
    basis: 'Fluidstack leases with TeraWulf and Cipher: 10 years.' },
  // ---- AI, GPU cloud ------------------------------------------------------
  { name: 'gpu_hour_rate', group: 'cloud', unit: 'USD per GPU-hour', kind: 'number', default: 2.5, min: 0, max: 100,
    description: 'Price of a GPU-hour sold', models: ['cloud'],
    basis: 'Assumption: 2.5 USD per GPU-hour, between 2025 H100 (~2) and contracted Blackwell rates.' },
  { name: 'kw_per_gpu', group: 'cloud', unit: 'IT kW per GPU', kind: 'number', default: 1.8, min: 0.1, max: 20,
    description: 'All-in IT power per GPU including servers and network', models: ['cloud'],
    basis: 'Assumption: GB300 NVL72 racks draw ~130–140 kW for 72 GPUs (~1.9 kW/GPU); 1.8.' },
  { name: 'utilization', group: 'cloud', unit: 'share of hours', kind: 'number', default: 0.85, min: 0, max: 1,
    description: 'Share of GPU-hours sold', models: ['cloud'],
    basis: 'Assumption: 85 %; contracted clusters run near full, spot capacity lower.' },
  { name: 'gpu_capex', group: 'cloud', unit: 'USD per GPU', kind: 'number', default: 50000, min: 0, max: 1e7,
    description: 'All-in cost per GPU (servers, network, storage share)', models: ['cloud'],
    basis: 'Assumption: ~50 000 USD per GB300-class GPU incl. network (IREN: ~5.8 B USD of Dell GB300 systems for ~200 MW).' },
  { name: 'gpu_life_years', group: 'cloud', unit: 'years', kind: 'number', default: 5, min: 0.5, max: 20,
    description: 'Useful life of a GPU (replacement)', models: ['cloud'],
    basis: 'Assumption: 5 years; CoreWeave uses ~6 years, contracts run 3–5 years.' },
  { name: 'cloud_opex_pct', group: 'cloud', unit: 'share of revenue', kind: 'number', default: 0.15, min: 0, max: 1,
    description: 'Operating cost of GPU cloud as a share of revenue', models: ['cloud'],
    basis: 'Assumption: 15 % of revenue (staff, software, support, insurance) before power.' },
  // ---- selectors: what a call evaluates, not a figure (never set in a preset) --------
  { name: 'tranche', group: 'selector', unit: 'name', kind: 'text', default: 'all',
    description: 'Contract of the company\'s book to evaluate (its deal terms layered over the company\'s inputs); "all" for the whole book', models: ['colo', 'cloud', 'finance'],
    basis: 'The whole book unless a call names one tranche (CONTRACTS lists the names).' },
];

export type InputName = string;
/** Resolved inputs: every catalogue name with a value (ai_mode a string). */
export type Inputs = Record<InputName, number | string>;

const BY_NAME: ReadonlyMap<string, InputSpec> = new Map(CATALOGUE.map((s) => [s.name, s]));
export const INPUT_NAMES: readonly string[] = CATALOGUE.map((s) => s.name);

export function inputSpec(name: string): InputSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** The market defaults as resolved inputs. */
export function defaultInputs(): Inputs {
  const out: Inputs = {};
  for (const s of CATALOGUE) out[s.name] = s.default;
  return out;
}

/** A 'text' input's value: a name, as tranche names are written. */
const TEXT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/** The allowed range of an input, as a user reads it. */
export function allowedText(spec: InputSpec): string {
  if (spec.kind === 'choice') return `one of ${spec.choices!.map((c) => `"${c}"`).join(', ')}`;
  if (spec.kind === 'text') return 'a name: a letter, then letters, digits, - or _ (up to 40 characters)';
  const range = `${spec.min} to ${spec.max}`;
  return spec.integer ? `a whole number from ${range}` : `a number from ${range}`;
}

/**
 * Checks one value against its catalogue row. Returns the canonical value (a
 * number, or the lower-case choice) or a message saying what is allowed.
 */
export function checkInputValue(spec: InputSpec, value: unknown): { ok: true; value: number | string } | { ok: false; message: string } {
  const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value === 'object' && value !== null ? (Array.isArray(value) ? 'a list' : 'an object') : typeof value === 'symbol' ? 'a symbol' : String(value);
  if (spec.kind === 'choice') {
    const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
    if (spec.choices!.includes(v)) return { ok: true, value: v };
    return { ok: false, message: `${spec.name} was ${shown}; allowed: ${allowedText(spec)}` };
  }
  if (spec.kind === 'text') {
    const v = typeof value === 'string' ? value.trim() : '';
    if (TEXT_NAME.test(v)) return { ok: true, value: v };
    return { ok: false, message: `${spec.name} was ${shown}; allowed: ${allowedText(spec)}` };
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { ok: false, message: `${spec.name} needs a number (${spec.unit}), got ${shown}; allowed: ${allowedText(spec)}` };
  }
  if (value < spec.min! || value > spec.max! || (spec.integer && !Number.isInteger(value))) {
    return { ok: false, message: `${spec.name} was ${shown}; allowed: ${allowedText(spec)} (${spec.unit})` };
  }
  return { ok: true, value };
}
