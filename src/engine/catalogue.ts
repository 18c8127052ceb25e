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
export type InputGroup = 'market' | 'site' | 'mining' | 'ai' | 'colo' | 'cloud' | 'valuation' | 'financing' | 'company' | 'selector';
/**
 * What reads an input: 'network' the Bitcoin network and market path (hashprice,
 * halvings, the price and the network over time), 'mining' the fleet, 'colo' and
 * 'cloud' the AI hall, 'finance' the valuation timeline (discounting, horizon,
 * terminal value, debt, tax). An input tagged 'finance' alone belongs to the side
 * its group names (inputSide).
 */
export type Model = 'network' | 'mining' | 'colo' | 'cloud' | 'finance';

/**
 * A default that depends on other inputs, as data. The store applies it in one
 * place (resolve and explain) when the input itself is not set above the market
 * layer (override, workbook table or company preset):
 *   value = source × factor (÷ the input `per`), where the source is `from`'s
 *   resolved value, or its market-layer value when `fromMarket` is set.
 * `when: 'set'` applies the rule only where `from` is itself set above the
 * market layer (otherwise the row's own default stands); `'always'` applies it
 * whenever this input is not set.
 */
export interface DerivedDefault {
  readonly from: string;
  readonly factor?: number;
  readonly per?: string;
  readonly when: 'set' | 'always';
  readonly fromMarket?: boolean;
  /** How a user reads the rule, e.g. "0.30 × ai_capex_mw_it". */
  readonly text: string;
}

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
  readonly derived?: DerivedDefault;
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
    description: 'Bitcoin price growth per year (also the drift of the Monte Carlo)', models: ['network', 'finance'],
    basis: 'Assumption: 10 %/yr, a modest drift below bitcoin\'s long-run history; set your own view.' },
  { name: 'hashrate_growth_yr', group: 'market', unit: 'per year', kind: 'number', default: 0.2, min: -0.9, max: 5,
    description: 'Base network hashrate growth per year; the network grows faster or slower as hashprice sits above or below a marginal fleet\'s breakeven', models: ['network', 'finance'],
    basis: 'Assumption: 20 %/yr, below 2024–2025 growth (~45 %/yr from ~650 to ~1 100 EH/s) as hashprice compresses.' },
  { name: 'btc_vol', group: 'market', unit: 'per sqrt(year)', kind: 'number', default: 0.5, min: 0, max: 5,
    description: 'Annualised volatility of the bitcoin price (Monte Carlo)', models: ['network', 'finance'],
    basis: 'Assumption: 50 %, near bitcoin\'s realised 1-year volatility in 2024–2025 (~45–60 %).' },
  { name: 'discount_rate', group: 'market', unit: 'per year', kind: 'number', default: 0.1, min: 0, max: 1,
    description: 'Shortcut: where set, the discount rate of each side (ai_discount_rate, mining_discount_rate) whose own rate is not set', models: ['finance'],
    basis: 'Assumption: 10 %. Not used by itself: the AI and mining sides have their own rates; a workbook that sets only discount_rate keeps one rate for both.' },
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
    basis: 'Assumption: 45 USD/MWh, between large miners\' reported 2025 all-in costs (IREN ~38, Riot ~42 USD/MWh).' },
  { name: 'efficiency_j_th', group: 'mining', unit: 'J/TH', kind: 'number', default: 17.5, min: 5, max: 200,
    description: 'Fleet efficiency at the ASIC today (the model applies mining_overhead on top; renewal moves it toward frontier_j_th)', models: ['mining'],
    basis: 'Assumption: 17.5 J/TH, a 2025 large-miner fleet (CleanSpark 16.71, Riot 20.5 J/TH).' },
  { name: 'mining_overhead', group: 'mining', unit: 'gross MW / ASIC MW', kind: 'number', default: 1.05, min: 1, max: 2,
    description: 'Site overhead of mining: fans, pumps, transformers', models: ['mining'],
    basis: 'Assumption: 1.05, middle of the 1.03–1.10 range typical of air-cooled and immersion mining sites.' },
  { name: 'uptime', group: 'mining', unit: 'share of hours', kind: 'number', default: 0.95, min: 0, max: 1,
    description: 'Share of hours hashing, after curtailment', models: ['mining'],
    basis: 'Assumption: 95 %, a well-run site with modest curtailment.' },
  { name: 'pool_fee', group: 'mining', unit: 'share of revenue', kind: 'number', default: 0.02, min: 0, max: 1,
    description: 'Mining pool fee', models: ['mining'],
    basis: 'Assumption: 2 %, a typical FPPS pool fee.' },
  { name: 'mining_opex_mw_yr', group: 'mining', unit: 'USD per gross MW per year', kind: 'number', default: 50000, min: 0, max: 1e7,
    description: 'Non-power cash costs of mining (staff, maintenance, site)', models: ['mining'],
    basis: 'Assumption: 50 000 USD/MW/yr (~5.7 USD/MWh), the order of large miners\' non-power site costs.' },
  { name: 'curtailment_credit_mw_yr', group: 'mining', unit: 'USD per gross MW per year', kind: 'number', default: 0, min: 0, max: 1e7,
    description: 'Power or demand-response credits earned by curtailing (they lower the cost per BTC, as miners report it)', models: ['mining'],
    basis: 'Assumption: none unless a preset reports credits.' },
  { name: 'asic_price_w', group: 'mining', unit: 'USD per W', kind: 'number', default: 1, min: 0, max: 100,
    description: 'Price of new ASICs per watt of ASIC load (fleet renewal buys frontier machines at this price)', models: ['mining'],
    basis: 'Assumption: 1.0 USD/W; new-generation machines sold at ~12–18 USD/TH in 2025, i.e. ~0.8–1.2 USD/W at 12–17 J/TH. Per watt, so renewal does not inflate as machines get more efficient.',
    derived: { from: 'asic_price_th', per: 'efficiency_j_th', when: 'set', text: 'asic_price_th / efficiency_j_th' } },
  { name: 'asic_price_th', group: 'mining', unit: 'USD per TH/s', kind: 'number', default: 15, min: 0, max: 1000,
    description: 'Price of new ASICs per TH/s (still accepted: where set, asic_price_w = asic_price_th / efficiency_j_th)', models: ['mining'],
    basis: 'Assumption: 15 USD/TH, the 2025 price range of new-generation machines (~12–18 USD/TH). The engine prices renewal per watt (asic_price_w).' },
  { name: 'asic_life_years', group: 'mining', unit: 'years', kind: 'number', default: 4, min: 0.5, max: 20,
    description: 'Useful life of an ASIC (fleet renewal, tax depreciation, capital charge)', models: ['mining'],
    basis: 'Assumption: 4 years, a typical economic life across one halving.' },
  { name: 'frontier_j_th', group: 'mining', unit: 'J/TH', kind: 'number', default: 12, min: 1, max: 200,
    description: 'Efficiency of the best machines on sale today (what fleet renewal buys; it improves by efficiency_gain_yr)', models: ['mining', 'finance'],
    basis: 'Bitmain S21 XP Hydro ~12 J/TH (air-cooled S21 XP ~13.5), S23 Hydro ~9.5 J/TH announced for 2026: 12.' },
  { name: 'efficiency_gain_yr', group: 'mining', unit: 'per year', kind: 'number', default: 0.1, min: 0, max: 0.5,
    description: 'Yearly improvement of the frontier J/TH (frontier J/TH × (1 − gain)^years)', models: ['mining', 'finance'],
    basis: 'Assumption: 10 %/yr, roughly the pace from S19 XP (21.5 J/TH, 2022) to S21 XP Hydro (12 J/TH, 2024–2025).' },
  // ---- AI, shared ---------------------------------------------------------
  { name: 'ai_mode', group: 'ai', unit: 'colo | cloud', kind: 'choice', default: 'colo', choices: ['colo', 'cloud'],
    description: 'AI business model: colo (lease the hall to a tenant) or cloud (own GPUs, sell GPU-hours)', models: ['colo', 'cloud'],
    basis: 'Generic site: colocation, the model of most miners\' AI deals (Core Scientific, TeraWulf, Cipher, Applied Digital).' },
  { name: 'pue', group: 'ai', unit: 'gross MW / IT MW', kind: 'number', default: 1.25, min: 1, max: 3,
    description: 'Power usage effectiveness of the AI hall', models: ['colo', 'cloud'],
    basis: 'Assumption: 1.25, inside the 1.15–1.40 range of liquid-cooled GPU halls; Applied Digital designs for 1.18.' },
  { name: 'load_factor', group: 'ai', unit: 'share of gross MW', kind: 'number', default: 0.8, min: 0, max: 1,
    description: 'Average power draw of the AI hall as a share of gross capacity', models: ['colo', 'cloud'],
    basis: 'Assumption: 80 %, typical average draw of dense GPU training and inference halls.' },
  { name: 'ai_capex_mw_it', group: 'ai', unit: 'USD per IT MW', kind: 'number', default: 10000000, min: 0, max: 1e9,
    description: 'Cost to convert or build one critical-IT MW of AI hall', models: ['colo', 'cloud'],
    basis: 'TeraWulf 8–10 M and Cipher 9–11 M USD per MW IT (2025 releases): 10 M.' },
  { name: 'ai_opex_mw_it_yr', group: 'ai', unit: 'USD per IT MW per year', kind: 'number', default: 100000, min: 0, max: 1e8,
    description: 'Landlord operating cost of the AI hall in its first year (escalates with ai_opex_escalator)', models: ['colo'],
    basis: 'Assumption: 100 000 USD per IT MW per year, in line with the NOI margins of 85–90 % in Cipher and TeraWulf releases.' },
  { name: 'ai_opex_escalator', group: 'ai', unit: 'per year', kind: 'number', default: 0.025, min: -0.5, max: 0.5,
    description: 'Annual escalation of the landlord\'s opex, on each delivery\'s anniversaries', models: ['colo'],
    basis: 'Assumption: costs rise with the rent, so the default is lease_escalator.',
    derived: { from: 'lease_escalator', when: 'always', text: 'lease_escalator' } },
  { name: 'build_months', group: 'ai', unit: 'months', kind: 'number', default: 12, min: 0, max: 120, integer: true,
    description: 'Months from the conversion decision to rent start; capex is spread over them and mining runs until then', models: ['colo', 'cloud', 'finance'],
    basis: 'Assumption: 12 months, in line with 2025 deals (TeraWulf first 40 MW ~10 months after signing).' },
  { name: 'horizon_years', group: 'ai', unit: 'years', kind: 'number', default: 10, min: 1, max: 30, integer: true,
    description: 'Horizon of the monthly cash flows when terminal_method is "none" (other methods derive the horizon from the lease); also LEASE_WIN_PROB\'s horizon argument', models: ['finance'],
    basis: 'Assumption: 10 years, the term of the Fluidstack leases (TeraWulf, Cipher).' },
  { name: 'facility_life_years', group: 'ai', unit: 'years', kind: 'number', default: 20, min: 1, max: 60,
    description: 'Life of the AI hall (tax depreciation, capital charge, cloud depreciation)', models: ['colo', 'cloud'],
    basis: 'Assumption: 20 years, a common depreciation life for data-centre shells and power equipment.' },
  // ---- AI, colocation -----------------------------------------------------
  { name: 'lease_rate_kw_month', group: 'colo', unit: 'USD per IT kW per month', kind: 'number', default: 135, min: 0, max: 2000,
    description: 'Starting (year-1) colocation rent, net of power; it escalates by lease_escalator on each anniversary (DEAL_RATE turns a contract value into it)', models: ['colo'],
    basis: 'Starting rents that reproduce 2025 miner deals with a 2–2.5 % escalator: TeraWulf–Fluidstack 137.6, Hut 8–Fluidstack 137.7, Cipher–Fluidstack 132.8, Applied Digital–CoreWeave 132.5, Core Scientific–CoreWeave 108.1 USD/kW-month: 135.' },
  { name: 'occupancy', group: 'colo', unit: 'share', kind: 'number', default: 1, min: 0, max: 1,
    description: 'Share of IT capacity leased', models: ['colo'],
    basis: 'Single-tenant build-to-suit leases are fully leased.' },
  { name: 'power_pass_through', group: 'colo', unit: '1 tenant pays, 0 landlord pays', kind: 'number', default: 1, min: 0, max: 1, integer: true,
    description: 'Whether the tenant pays for power (1) or the landlord does (0)', models: ['colo'],
    basis: 'Net-of-power rents are the norm in the 2025 miner leases (modified gross, power passed through).' },
  { name: 'tenant_capex_share', group: 'colo', unit: 'share', kind: 'number', default: 0, min: 0, max: 1,
    description: 'Share of the conversion capex the tenant funds', models: ['colo'],
    basis: 'Assumption: the landlord funds the build, as in the Fluidstack deals.' },
  { name: 'lease_escalator', group: 'colo', unit: 'per year', kind: 'number', default: 0.025, min: -0.5, max: 0.5,
    description: 'Annual rent escalation, on each anniversary of rent start', models: ['colo', 'finance'],
    basis: 'Assumption: 2.5 %/yr; TeraWulf and Cipher disclose "annual escalators" without a figure, and 2–3 % is usual in wholesale data-centre leases.' },
  { name: 'lease_term_years', group: 'colo', unit: 'years', kind: 'number', default: 10, min: 0.5, max: 50,
    description: 'Contract term from rent start (colo lease, or GPU contract for cloud); after it the hall follows the post-term path (terminal_method)', models: ['colo', 'cloud'],
    basis: 'Fluidstack leases with TeraWulf and Cipher: 10 years.' },
  { name: 'prepayment_share', group: 'ai', unit: 'share of contract value', kind: 'number', default: 0, min: 0, max: 1,
    description: 'Customer prepayment as a share of the contract value, received when the build starts and earned straight-line over the term (deferred revenue)', models: ['colo', 'cloud'],
    basis: 'Assumption: none unless a deal discloses one (IREN–Microsoft: 20 %).' },
  { name: 'credit_spread', group: 'ai', unit: 'per year', kind: 'number', default: 0, min: 0, max: 0.5,
    description: 'Added to ai_discount_rate for the tenant\'s credit (e.g. 0.02 for an unbacked neocloud)', models: ['finance'],
    basis: 'Assumption: 0, an investment-grade or backstopped tenant.' },
  // ---- AI, GPU cloud ------------------------------------------------------
  { name: 'gpu_hour_rate', group: 'cloud', unit: 'USD per GPU-hour', kind: 'number', default: 2.5, min: 0, max: 100,
    description: 'Contracted price of a GPU-hour', models: ['cloud'],
    basis: 'Assumption: 2.5 USD per GPU-hour, between 2025 H100 (~2) and contracted Blackwell rates.' },
  { name: 'kw_per_gpu', group: 'cloud', unit: 'IT kW per GPU', kind: 'number', default: 1.8, min: 0.1, max: 20,
    description: 'All-in IT power per GPU including servers and network', models: ['cloud'],
    basis: 'Assumption: GB300 NVL72 racks draw ~130–140 kW for 72 GPUs (~1.9 kW/GPU); 1.8.' },
  { name: 'utilization', group: 'cloud', unit: 'share of hours', kind: 'number', default: 0.85, min: 0, max: 1,
    description: 'Share of GPU-hours sold', models: ['cloud'],
    basis: 'Assumption: 85 %; contracted clusters run near full, spot capacity lower.' },
  { name: 'gpu_capex', group: 'cloud', unit: 'USD per GPU', kind: 'number', default: 50000, min: 0, max: 1e7,
    description: 'All-in cost per GPU (servers, network, storage share)', models: ['cloud'],
    basis: 'Assumption: ~50 000 USD per GB300-class GPU incl. network (IREN: ~5.8 B USD of Dell GB300 systems for ~76 000 GPUs).' },
  { name: 'gpu_life_years', group: 'cloud', unit: 'years', kind: 'number', default: 6, min: 0.5, max: 20,
    description: 'Years from delivery until the GPUs retire (then the hall follows the colo path)', models: ['cloud'],
    basis: 'CoreWeave depreciates GPUs over ~6 years; GPU contracts run 3–5 years.' },
  { name: 'gpu_rate_decay_yr', group: 'cloud', unit: 'per year', kind: 'number', default: 0.25, min: 0, max: 0.95,
    description: 'After the contract, the GPU-hour rate is the contract rate × (1 − decay)^(years since delivery)', models: ['cloud'],
    basis: 'Assumption: 25 %/yr; H100 rental rates fell from ~4–8 USD an hour in 2023 to ~2 USD in 2025.' },
  { name: 'gpu_residual', group: 'cloud', unit: 'share of GPU node cost', kind: 'number', default: 0.1, min: 0, max: 1,
    description: 'Resale value at retirement of the GPU nodes (85 % of gpu_capex), as a share of their cost', models: ['cloud'],
    basis: 'Assumption: 10 %; CoreWeave puts GPU nodes at ~85 % of cluster cost, and 5–6-year-old data-centre GPUs resell for a small fraction of their price.' },
  { name: 'cloud_opex_pct', group: 'cloud', unit: 'share of revenue', kind: 'number', default: 0.15, min: 0, max: 1,
    description: 'Operating cost of GPU cloud as a share of revenue', models: ['cloud'],
    basis: 'Assumption: 15 % of revenue (staff, software, support, insurance) before power.' },
  // ---- valuation after the lease --------------------------------------------
  { name: 'terminal_method', group: 'valuation', unit: 'renewal | cap_rate | none', kind: 'choice', default: 'renewal', choices: ['renewal', 'cap_rate', 'none'],
    description: 'After the term: "renewal" (post_term_years of expected re-letting at market rent, then a terminal value at exit_cap_rate), "cap_rate" (stop at the end of the term and capitalise the NOI), "none" (horizon_years, no terminal value)', models: ['finance'],
    basis: 'A hall outlives its first lease (facility life ~20 years against 10–15-year terms); renewal with vacancy risk, then a cap rate, is how real-estate analysts value it.' },
  { name: 'post_term_years', group: 'valuation', unit: 'years', kind: 'number', default: 10, min: 0, max: 30,
    description: 'Years of cash flows after the term (terminal_method "renewal") before the terminal value', models: ['finance'],
    basis: 'Assumption: 10 years, one renewal term; the hall\'s 20-year life is then reached for a 10-year lease.' },
  { name: 'exit_cap_rate', group: 'valuation', unit: 'per year', kind: 'number', default: 0.085, min: 0.01, max: 0.99,
    description: 'Cap rate of the terminal value: next 12 months\' NOI / exit_cap_rate', models: ['finance'],
    basis: 'Assumption: 8.5 %. Leased, investment-grade, primary-market halls trade at 6–7.5 %; an AI hall whose lease has ended, in a secondary market, nearer 8–9.5 %.' },
  { name: 'residual_spread', group: 'valuation', unit: 'per year', kind: 'number', default: 0.02, min: 0, max: 0.5,
    description: 'Added to the AI discount rate for cash flows after the contract and for the terminal value', models: ['finance'],
    basis: 'Assumption: 2 %: re-letting rent is uncontracted, so riskier than the contract.' },
  { name: 'renewal_probability', group: 'valuation', unit: 'probability', kind: 'number', default: 0.75, min: 0, max: 1,
    description: 'Probability the hall is re-let at market rent as the term ends; otherwise it stands empty for downtime_months and needs releasing_capex_mw_it', models: ['finance'],
    basis: 'Assumption: 75 %; data-centre tenants renew most leases (moving GPUs is costly), but an AI tenant may leave a hall built to its spec.' },
  { name: 'renewal_rate_kw_month', group: 'valuation', unit: 'USD per IT kW per month, today', kind: 'number', default: 135, min: 0, max: 2000,
    description: 'Market rent for re-letting, in today\'s money; it grows at market_rent_growth_yr to each month after the term', models: ['colo', 'cloud'],
    basis: 'The market lease rate of today (the market layer\'s lease_rate_kw_month), not the tenant\'s escalated contract rent.',
    derived: { from: 'lease_rate_kw_month', fromMarket: true, when: 'always', text: 'the market lease_rate_kw_month' } },
  { name: 'market_rent_growth_yr', group: 'valuation', unit: 'per year', kind: 'number', default: 0.02, min: -0.5, max: 0.5,
    description: 'Growth of market rent from today to the months after the term', models: ['finance'],
    basis: 'Assumption: 2 %/yr, about inflation; new supply caps real rent growth.' },
  { name: 'downtime_months', group: 'valuation', unit: 'months', kind: 'number', default: 12, min: 0, max: 120, integer: true,
    description: 'Months a hall stands empty when it is not renewed', models: ['finance'],
    basis: 'Assumption: 12 months to re-fit and re-let a large hall.' },
  { name: 'releasing_capex_mw_it', group: 'valuation', unit: 'USD per IT MW', kind: 'number', default: 3000000, min: 0, max: 1e9,
    description: 'Re-fit cost to re-let a hall that was not renewed', models: ['colo', 'cloud'],
    basis: 'Assumption: 30 % of the build cost (cooling and electrical refresh for the next tenant).',
    derived: { from: 'ai_capex_mw_it', factor: 0.3, when: 'always', text: '0.30 × ai_capex_mw_it' } },
  { name: 'ai_discount_rate', group: 'valuation', unit: 'per year', kind: 'number', default: 0.09, min: 0, max: 1,
    description: 'Discount rate of contracted AI cash flows (rent or GPU-hours under contract; annual, monthly flows use (1+r)^(1/12)-1)', models: ['finance'],
    basis: 'Assumption: 9 %, the return asked of data-centre rent from an investment-grade or backstopped tenant (leased hyperscale halls trade at 6–7.5 % cap rates; a development premium on top).',
    derived: { from: 'discount_rate', when: 'set', text: 'discount_rate' } },
  { name: 'mining_discount_rate', group: 'valuation', unit: 'per year', kind: 'number', default: 0.15, min: 0, max: 1,
    description: 'Discount rate of mining cash flows (merchant, tied to the BTC price)', models: ['mining', 'finance'],
    basis: 'Assumption: 15 %, a cost of capital for merchant cash flows that move with the BTC price (listed miners\' equity is far more volatile than data-centre rent).',
    derived: { from: 'discount_rate', when: 'set', text: 'discount_rate' } },
  { name: 'powered_land_value_mw', group: 'valuation', unit: 'USD per gross MW', kind: 'number', default: 1000000, min: 0, max: 1e8,
    description: 'Floor on the value of an energised site at the end of the horizon, on both sides of a comparison (it cancels in npv_delta unless the AI terminal value is higher)', models: ['mining', 'colo', 'cloud'],
    basis: 'Assumption: 1 M USD per energised gross MW, the order of what buyers paid for powered sites with grid capacity in 2024–2025 (miner acquisitions at roughly 0.5–1.5 M USD per MW before any data-centre build).' },
  // ---- mining -------------------------------------------------------------
  // ---- financing and tax (equity metrics) -----------------------------------
  { name: 'debt_share', group: 'financing', unit: 'share of capex', kind: 'number', default: 0, min: 0, max: 0.99,
    description: 'Loan to cost: share of capex funded by project debt, drawn with the capex', models: ['finance'],
    basis: 'Assumption: unlevered unless set; 2025 data-centre project loans ran at 60–80 % of cost.' },
  { name: 'debt_rate', group: 'financing', unit: 'per year', kind: 'number', default: 0.08, min: 0, max: 1,
    description: 'Interest rate of the project debt (annual; monthly (1+r)^(1/12)-1); capitalised during the build', models: ['finance'],
    basis: 'Assumption: 8 %, SOFR (~4 %) plus ~3.5–4 % for 2025 construction and term loans on leased AI halls.' },
  { name: 'debt_term_years', group: 'financing', unit: 'years', kind: 'number', default: 10, min: 0.5, max: 50,
    description: 'Years of amortisation from rent start (a balloon repays what is left at the end of the term or the horizon)', models: ['finance'],
    basis: 'Assumption: 10 years, matched to a 10-year lease.' },
  { name: 'debt_amortization', group: 'financing', unit: 'level | bullet | sculpted', kind: 'choice', default: 'level', choices: ['level', 'bullet', 'sculpted'],
    description: 'Repayment: level (annuity), bullet (interest only, principal at the end) or sculpted (debt service = cash available / target_dscr)', models: ['finance'],
    basis: 'Assumption: level annuity, the simplest amortising loan.' },
  { name: 'target_dscr', group: 'financing', unit: 'x', kind: 'number', default: 1.3, min: 1, max: 10,
    description: 'Debt service coverage a sculpted loan is shaped to', models: ['finance'],
    basis: 'Assumption: 1.30×, usual for contracted infrastructure.' },
  { name: 'maintenance_pct', group: 'financing', unit: 'share of revenue', kind: 'number', default: 0.02, min: 0, max: 1,
    description: 'Maintenance capex reserve, deducted from cash available for debt service and from equity cash flows', models: ['finance'],
    basis: 'Assumption: 2 % of revenue.' },
  { name: 'cost_of_equity', group: 'financing', unit: 'per year', kind: 'number', default: 0.15, min: 0, max: 1,
    description: 'Discount rate of equity_npv', models: ['finance'],
    basis: 'Assumption: 15 %, the return listed miners\' equity holders ask.' },
  { name: 'tax_rate', group: 'financing', unit: 'share of taxable income', kind: 'number', default: 0.21, min: 0, max: 0.9,
    description: 'Income tax on EBITDA less straight-line depreciation (and interest when levered); never below zero in a year', models: ['finance'],
    basis: 'US federal corporate rate, 21 %.' },
  // ---- the company (COMPANY, COMPS, RAMP): sum of the parts -----------------------------
  { name: 'lease_probability', group: 'company', unit: 'probability', kind: 'number', default: 0.5, min: 0, max: 1,
    description: 'Probability that energised or under-construction capacity without a tenant signs a standard lease at market terms (its development option is this × the lease\'s NPV, floored at powered_land_value_mw)', models: ['finance'],
    basis: 'Assumption: even odds. 8 of the 12 listed miners covered here had signed AI leases or GPU contracts by mid-2026, and none for all of its powered land; whether and when a given idle MW is let is uncertain, so neither a likely nor an unlikely prior.' },
  { name: 'development_spread', group: 'company', unit: 'per year', kind: 'number', default: 0.03, min: 0, max: 0.5,
    description: 'Added to the AI discount rate (contract and residual) when valuing a standard lease not yet signed: construction, tenant and timing risk', models: ['finance'],
    basis: 'Assumption: 3 %, a premium for construction, leasing and timing risk over the 9 % of a signed lease, so an unlet MW is discounted at 12 %.' },
  { name: 'ga_multiple', group: 'company', unit: 'x', kind: 'number', default: 8, min: 0, max: 50,
    description: 'Multiple of corporate cash G&A deducted as a cost of the company (value of G&A = corporate_ga_usd_yr × ga_multiple)', models: ['finance'],
    basis: 'Assumption: 8×, a perpetuity of the yearly cost at a 12.5 % cost of capital (1 / 0.125), between the AI rate (9 %) and the mining rate (15 %): head-office cost runs as long as the company does.' },
  { name: 'pipeline_lease_probability', group: 'company', unit: 'probability', kind: 'number', default: 0.25, min: 0, max: 1,
    description: 'Probability that pipeline power (applied for or under study, not yet secured) is secured, built and let on a standard lease', models: ['finance'],
    basis: 'Assumption: 0.25, half the odds of secured capacity: the power must first be granted (interconnection queues take years and many requests are withdrawn).' },
  { name: 'pipeline_land_value_mw', group: 'company', unit: 'USD per gross MW', kind: 'number', default: 250000, min: 0, max: 1e8,
    description: 'Floor on the value of one gross MW of pipeline power (a land and interconnection position, not energised)', models: ['finance'],
    basis: 'Assumption: 0.25 M USD per MW, a quarter of powered land: an interconnection position and land without a grid connection.' },
  { name: 'share_price', group: 'company', unit: 'USD per share', kind: 'number', default: 0, min: 0, max: 1e6,
    description: 'Market price of one share, for COMPANY\'s upside (0 or not set: upside is #N/A)', models: ['finance'],
    basis: 'No default: a market price is the user\'s input (0 means not set).' },
  // ---- selectors: what a call evaluates, not a figure (never set in a preset) --------
  { name: 'tranche', group: 'selector', unit: 'name', kind: 'text', default: 'all',
    description: 'Contract of the company\'s book to evaluate (its deal terms layered over the company\'s inputs); "all" for the whole book; "standard" for a new MW on a standard lease at the company\'s own inputs, without the book', models: ['colo', 'cloud', 'finance'],
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

/** The inputs whose default is derived from others, in catalogue order. */
export const DERIVED_SPECS: readonly InputSpec[] = CATALOGUE.filter((s) => s.derived !== undefined);

/**
 * The derived default of one input, or undefined where its own default stands
 * (a "set" rule whose source is not set above the market layer).
 * `resolved` holds the other inputs after the precedence chain; `market` the market layer.
 */
export function derivedDefault(spec: InputSpec, resolved: Inputs, isSet: (name: string) => boolean, market: Inputs): number | undefined {
  const d = spec.derived;
  if (!d || (d.when === 'set' && !isSet(d.from))) return undefined;
  const source = (d.fromMarket ? market : resolved)[d.from] as number;
  const divisor = d.per === undefined ? 1 : (resolved[d.per] as number);
  const v = (source * (d.factor ?? 1)) / divisor;
  // a derived value is clamped into the input's own range, so it is always a valid value of it
  return Math.min(spec.max!, Math.max(spec.min!, v));
}

/**
 * Applies every derived default in place (or those of `specs`, in catalogue
 * order): each derived input that is not set above the market layer takes its
 * derived value. The one place the rules run (the preset store calls it from
 * resolve).
 */
export function applyDerivedDefaults(inputs: Inputs, isSet: (name: string) => boolean, market: Inputs, specs: readonly InputSpec[] = DERIVED_SPECS): void {
  for (const spec of specs) {
    if (isSet(spec.name)) continue;
    const v = derivedDefault(spec, inputs, isSet, market);
    inputs[spec.name] = v === undefined ? spec.default : v;
  }
}

/**
 * The derived inputs whose values can follow the inputs `changed`: those derived
 * from one of them, and from those in turn, in catalogue order (the rules to
 * re-apply when only `changed` moved).
 */
export function derivedSpecsFollowing(changed: readonly string[]): InputSpec[] {
  const moved = new Set(changed);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of DERIVED_SPECS) {
      const d = s.derived!;
      if (!moved.has(s.name) && (moved.has(d.from) || (d.per !== undefined && moved.has(d.per)))) {
        moved.add(s.name);
        grew = true;
      }
    }
  }
  return DERIVED_SPECS.filter((s) => moved.has(s.name) && !changed.includes(s.name));
}

/** The side of the mining-or-AI comparison whose numbers an input moves. */
export type InputSide = 'mining' | 'ai' | 'both';

const MINING_MODELS: readonly Model[] = ['network', 'mining'];
const AI_MODELS: readonly Model[] = ['colo', 'cloud'];
/** Groups whose 'finance'-only inputs are the AI side's valuation: its horizon, terminal value, rates, debt and tax. */
const AI_FINANCE_GROUPS: readonly InputGroup[] = ['ai', 'colo', 'cloud', 'valuation', 'financing'];

/** The side an input's own row names: its models, and for a 'finance'-only input its group (other groups: both). A selector picks a layer of many inputs: both. */
function ownSide(spec: InputSpec): InputSide {
  if (spec.group === 'selector') return 'both';
  const mining = spec.models.some((m) => MINING_MODELS.includes(m));
  const ai = spec.models.some((m) => AI_MODELS.includes(m));
  if (mining || ai) return mining && ai ? 'both' : mining ? 'mining' : 'ai';
  return AI_FINANCE_GROUPS.includes(spec.group) ? 'ai' : 'both';
}

/**
 * The side of the comparison an input moves, from the catalogue's data: its own
 * row (ownSide) together with every input derived from it (a default that follows
 * the resolved value; one read from the market layer does not follow it). 'mining'
 * inputs move only the mining side (the market path and the fleet), 'ai' only the
 * AI side (the hall, its contract and its valuation), 'both' either. SENSITIVITY
 * computes a grid whose axes are one of each from the two sides separately.
 */
export function inputSide(name: string): InputSide {
  return SIDES.get(name.toLowerCase()) ?? 'both';
}
const SIDES: ReadonlyMap<string, InputSide> = new Map(
  CATALOGUE.map((spec) => {
    const sides = new Set<InputSide>([ownSide(spec)]);
    for (const d of derivedSpecsFollowing([spec.name])) if (!d.derived!.fromMarket || d.derived!.from !== spec.name) sides.add(ownSide(d));
    return [spec.name, sides.size === 1 ? [...sides][0] : 'both'];
  }),
);

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
