/**
 * Mining economics per gross MW per year: hashrate, BTC mined, revenue, power,
 * EBITDA, fleet renewal (priced per watt of ASIC load), cost per BTC (credits
 * netted, as miners report it) and the breakevens. docs/engine.md states the formulas.
 */
export const HOURS_PER_YEAR = 8760;
export const DAYS_PER_YEAR = 365;

export interface MiningParams {
  readonly efficiency_j_th: number;
  readonly mining_overhead: number;
  readonly uptime: number;
  readonly pool_fee: number;
  readonly power_price_mwh: number;
  readonly mining_opex_mw_yr: number;
  readonly curtailment_credit_mw_yr: number;
  /** USD per watt of ASIC load (asic_price_th / J/TH where only the per-TH price is set). */
  readonly asic_price_w: number;
  readonly asic_life_years: number;
}

export interface MiningResult {
  readonly asicMw: number;
  readonly hashratePh: number;
  readonly btcMinedYr: number;
  readonly revenueUsdYr: number;
  readonly powerCostUsdYr: number;
  readonly opexUsdYr: number;
  readonly ebitdaUsdYr: number;
  readonly fleetRenewalUsdYr: number;
  readonly fleetValueUsd: number;
  /** (power + opex − credits) per BTC, as miners report it; NaN when nothing is mined (the caller maps it to #NUM!). */
  readonly cashCostUsdPerBtc: number;
  readonly allInCostUsdPerBtc: number;
  readonly breakevenPowerUsdPerMwh: number;
  readonly breakevenHashpriceUsdPerPhDay: number;
}

/** Hashrate of one gross MW: ASIC MW · 1e6 / J/TH / 1000, in PH/s. */
export function hashratePhPerGrossMw(efficiencyJth: number, miningOverhead: number): number {
  return ((1 / miningOverhead) * 1e6) / efficiencyJth / 1000;
}

/** BTC mined per year by `hashratePh` at a hashvalue in BTC per PH/s per day. */
export function btcMinedPerYear(hashratePh: number, hashvalueBtcPerPhDay: number, uptime: number, poolFee: number): number {
  return hashratePh * hashvalueBtcPerPhDay * DAYS_PER_YEAR * uptime * (1 - poolFee);
}

/** Power cost per gross MW per year: 8 760 · uptime · USD/MWh. */
export function miningPowerCostUsdYr(uptime: number, powerPriceMwh: number): number {
  return HOURS_PER_YEAR * uptime * powerPriceMwh;
}

/** Replacement value of the fleet on one gross MW: USD per W · ASIC watts (1e6 / overhead). */
export function fleetValueUsdPerGrossMw(p: Pick<MiningParams, 'asic_price_w' | 'mining_overhead'>): number {
  return (p.asic_price_w * 1e6) / p.mining_overhead;
}

/** Mining per gross MW per year at a hashprice (USD per PH/s per day) and BTC price. */
export function miningPerMwYear(p: MiningParams, hashpriceUsdPerPhDay: number, btcPriceUsd: number): MiningResult {
  const asicMw = 1 / p.mining_overhead;
  const hashratePh = hashratePhPerGrossMw(p.efficiency_j_th, p.mining_overhead);
  const revenuePerHashprice = hashratePh * DAYS_PER_YEAR * p.uptime * (1 - p.pool_fee);
  const revenueUsdYr = revenuePerHashprice * hashpriceUsdPerPhDay;
  const btcMinedYr = revenueUsdYr / btcPriceUsd;
  const powerCostUsdYr = miningPowerCostUsdYr(p.uptime, p.power_price_mwh);
  const opexUsdYr = p.mining_opex_mw_yr;
  const ebitdaUsdYr = revenueUsdYr - powerCostUsdYr - opexUsdYr + p.curtailment_credit_mw_yr;
  const fleetValueUsd = fleetValueUsdPerGrossMw(p);
  const fleetRenewalUsdYr = fleetValueUsd / p.asic_life_years;
  const powerHours = HOURS_PER_YEAR * p.uptime;
  const cashCostUsdYr = powerCostUsdYr + opexUsdYr - p.curtailment_credit_mw_yr;
  return {
    asicMw,
    hashratePh,
    btcMinedYr,
    revenueUsdYr,
    powerCostUsdYr,
    opexUsdYr,
    ebitdaUsdYr,
    fleetRenewalUsdYr,
    fleetValueUsd,
    cashCostUsdPerBtc: btcMinedYr > 0 ? cashCostUsdYr / btcMinedYr : NaN,
    allInCostUsdPerBtc: btcMinedYr > 0 ? (cashCostUsdYr + fleetRenewalUsdYr) / btcMinedYr : NaN,
    breakevenPowerUsdPerMwh: powerHours > 0 ? (revenueUsdYr - opexUsdYr + p.curtailment_credit_mw_yr) / powerHours : NaN,
    breakevenHashpriceUsdPerPhDay:
      revenuePerHashprice > 0 ? (powerCostUsdYr + opexUsdYr - p.curtailment_credit_mw_yr) / revenuePerHashprice : NaN,
  };
}

/**
 * The hashprice at which mining EBITDA equals `targetEbitdaUsdYr` (EBITDA is linear
 * in hashprice). NaN when the fleet earns nothing whatever the hashprice.
 */
export function hashpriceForMiningEbitda(p: MiningParams, targetEbitdaUsdYr: number): number {
  const revenuePerHashprice = hashratePhPerGrossMw(p.efficiency_j_th, p.mining_overhead) * DAYS_PER_YEAR * p.uptime * (1 - p.pool_fee);
  const fixed = miningPowerCostUsdYr(p.uptime, p.power_price_mwh) + p.mining_opex_mw_yr - p.curtailment_credit_mw_yr;
  return revenuePerHashprice > 0 ? (targetEbitdaUsdYr + fixed) / revenuePerHashprice : NaN;
}
