/**
 * The market path and the mining side, month by month, per gross MW.
 *
 * Month m (from 0) is dated at its middle, valuation_date + (m + ½) · 365.25/12
 * days. The BTC price compounds at btc_price_growth_yr to that date; the month
 * takes the subsidy in force then. The network starts at network_hashrate_eh and
 * grows each month by its base rate times the network's response to the
 * hashprice of NETWORK_LAG_MONTHS before (network.ts, networkGrowthFactor); the
 * hashprice before the valuation date is today's.
 *
 * Mining one gross MW (stepFleet, the one rule the deterministic path, PROJECTION
 * and the Monte Carlo share):
 * - a month whose revenue does not cover power: the fleet is off and pays only
 *   fixed opex (less credits);
 * - fleet renewal (asic_price_w · ASIC watts / asic_life_years) is funded only out
 *   of a positive hashing margin, and what is funded buys frontier machines: that
 *   share of the fleet's watts moves to the frontier's hashrate per watt, so the
 *   fleet's J/TH drifts toward frontier_j_th · (1 − efficiency_gain_yr)^years;
 * - a fleet whose EBITDA stays below zero for more than NETWORK_LAG_MONTHS months
 *   is mothballed (no power, no opex, no credits, no revenue) until hashing would
 *   pay again.
 */
import { powRemembered } from './finance';
import { MiningParams, hashratePhPerGrossMw, DAYS_PER_YEAR, miningPowerCostUsdYr } from './mining';
import {
  BLOCKS_PER_DAY,
  HALVING_INTERVAL_BLOCKS,
  HeightAnchor,
  LAST_HALVING,
  NETWORK_LAG_MONTHS,
  frontierJthAt,
  hashpriceUsdPerPhDay,
  marginalBreakevenHashprice,
  networkGrowthFactor,
  heightAnchor,
  heightAtSerial,
  nextHalvingSerial,
  subsidyBtcAtHeight,
  subsidyBtcAtSerial,
} from './network';

export const DAYS_PER_MONTH = 365.25 / 12;

export interface MarketPath {
  readonly btc_price: number;
  readonly network_hashrate_eh: number;
  readonly fees_btc_per_block: number;
  readonly block_minutes: number;
  readonly btc_price_growth_yr: number;
  readonly hashrate_growth_yr: number;
  readonly valuation_date: number;
  /** The stored chain tip (refreshed market data), when there is one: height estimates start from it. */
  readonly tip_height?: number;
  readonly tip_serial?: number;
  readonly frontier_j_th: number;
  readonly efficiency_gain_yr: number;
}

export type MiningPathParams = MiningParams & MarketPath;

/** The month-invariant terms of mining one gross MW (USD per month). */
export interface MiningTerms {
  /** Revenue per month per PH/s per unit of hashprice (USD/PH/day): 365/12 · uptime · (1 − pool fee). */
  readonly revenuePerPhHashprice: number;
  readonly powerMonth: number;
  /** Opex less credits, USD per month (negative where credits exceed opex). */
  readonly fixedMonth: number;
  /** Full fleet renewal, USD per month: asic_price_w · ASIC W / life / 12. */
  readonly renewalMonth: number;
  /** Share of the fleet's watts a fully funded month replaces: 1 / (12 · life). */
  readonly replaceShareMonth: number;
  /** Hashrate of one gross MW at today's fleet efficiency, PH/s. */
  readonly hashratePh0: number;
}

export function miningTerms(p: MiningParams): MiningTerms {
  return {
    revenuePerPhHashprice: (DAYS_PER_YEAR * p.uptime * (1 - p.pool_fee)) / 12,
    powerMonth: miningPowerCostUsdYr(p.uptime, p.power_price_mwh) / 12,
    fixedMonth: (p.mining_opex_mw_yr - p.curtailment_credit_mw_yr) / 12,
    renewalMonth: (p.asic_price_w * 1e6) / p.mining_overhead / p.asic_life_years / 12,
    replaceShareMonth: 1 / (12 * p.asic_life_years),
    hashratePh0: hashratePhPerGrossMw(p.efficiency_j_th, p.mining_overhead),
  };
}

/** The state of one gross MW of fleet, carried from month to month; `ebitda` and `flow` are the month just stepped. */
export interface FleetState {
  hashratePh: number;
  negativeMonths: number;
  mothballed: boolean;
  ebitda: number;
  flow: number;
}

export function newFleet(t: MiningTerms): FleetState {
  return { hashratePh: t.hashratePh0, negativeMonths: 0, mothballed: false, ebitda: 0, flow: 0 };
}

/**
 * One month of mining at a hashprice: writes the month's EBITDA and cash flow
 * (after the renewal it funds) into `s`, and moves the fleet toward the frontier
 * hashrate `frontierPh` (PH/s per gross MW) by the share of renewal funded.
 */
export function stepFleet(t: MiningTerms, s: FleetState, hashprice: number, frontierPh: number): void {
  const margin = t.revenuePerPhHashprice * s.hashratePh * hashprice - t.powerMonth;
  const ebitdaOn = (margin > 0 ? margin : 0) - t.fixedMonth;
  if (s.mothballed) {
    if (!(ebitdaOn > 0)) {
      s.ebitda = 0;
      s.flow = 0;
      return;
    }
    s.mothballed = false; // hashing pays again: switch the fleet back on
    s.negativeMonths = 0;
  }
  if (ebitdaOn < 0) {
    if (++s.negativeMonths > NETWORK_LAG_MONTHS) {
      s.mothballed = true;
      s.ebitda = 0;
      s.flow = 0;
      return;
    }
  } else s.negativeMonths = 0;
  s.ebitda = ebitdaOn;
  if (margin > 0) {
    const funded = margin < t.renewalMonth ? margin : t.renewalMonth;
    s.flow = margin - funded - t.fixedMonth;
    s.hashratePh += renewedShare(funded, t.renewalMonth) * t.replaceShareMonth * (frontierPh - s.hashratePh);
  } else s.flow = -t.fixedMonth;
}

/** The share of full renewal a month funds: funded / renewal (1 without a renewal cost); exactly 1, with no division, when renewal is funded in full. */
export function renewedShare(funded: number, renewalMonth: number): number {
  return funded === renewalMonth || !(renewalMonth > 0) ? 1 : funded / renewalMonth;
}

/** Everything per month the mining side and the market path produce. */
export interface MiningPath {
  readonly months: number;
  /** Mid-month date serial. */
  readonly dateSerial: Float64Array;
  readonly subsidyBtc: Float64Array;
  readonly btcPrice: Float64Array;
  /** 144 · (subsidy + fees) · BTC price / 1000: the hashprice is this over the network in EH/s. */
  readonly hashpriceNumerator: Float64Array;
  readonly networkEh: Float64Array;
  readonly hashpriceUsdPerPhDay: Float64Array;
  /** The marginal fleet's breakeven hashprice (network response), USD/PH/day. */
  readonly breakevenHashprice: Float64Array;
  /** Hashrate of one gross MW of frontier machines, PH/s. */
  readonly frontierPh: Float64Array;
  /** Fleet J/TH at the ASIC after the month's renewal. */
  readonly fleetJth: Float64Array;
  /** Mining EBITDA and cash flow (after funded renewal) of one gross MW that keeps mining. */
  readonly miningEbitda: Float64Array;
  readonly miningFlow: Float64Array;
  /** 1 where the fleet is mothballed that month. */
  readonly mothballed: Uint8Array;
  /** Today's hashprice (the network's reference before month 0). */
  readonly hashpriceToday: number;
  readonly baseMonthlyGrowth: number;
}

/** Today's hashprice at the valuation date (the network's reference for the months before month 0). */
export function hashpriceToday(p: MarketPath, btcPriceUsd: number = p.btc_price): number {
  return hashpriceUsdPerPhDay(btcPriceUsd, p.network_hashrate_eh, p.fees_btc_per_block, subsidyBtcAtSerial(p.valuation_date, p.block_minutes, heightAnchor(p)));
}

/**
 * The market path and one gross MW mining, month by month: constants worked
 * out once, then `step(m)` for m = 0, 1, 2, … writes month m's figures into its
 * fields. miningPath stores them; npvDeltaOnePass sums them.
 */
export class MiningMonths {
  // the month just stepped
  date = 0;
  subsidy = 0;
  btc = 0;
  numerator = 0;
  breakeven = 0;
  frontierPh = 0;
  network = 0;
  hashprice = 0;

  readonly terms: MiningTerms;
  readonly fleet: FleetState;
  readonly hashpriceToday: number;
  readonly baseMonthlyGrowth: number;
  /** The last NETWORK_LAG_MONTHS hashprices, a ring (the network answers the one NETWORK_LAG_MONTHS back). */
  private readonly hp = new Float64Array(NETWORK_LAG_MONTHS);
  private readonly p: MiningPathParams;
  private readonly btcGrowthMonthly: number;
  private readonly frontierMonthly: number;
  private readonly asicPhPerJth: number;
  private epoch = NaN;
  /** Where block-height estimates start: the stored chain tip when there is one, else the last halving. */
  private readonly anchor: HeightAnchor;
  /** Month dates from which the subsidy must be read again (the next epoch may start): a lower bound, so no change is missed. */
  private nextEpochDate = -Infinity;
  /** 144 · (subsidy + fees) / 1000 for the current epoch: the hashprice numerator per USD of BTC price. */
  private numeratorPerBtc = 0;
  private nextBtc: number;
  private nextFrontier: number;

  /** `btcPriceUsd`: the BTC price today, p's unless given (the company's btc_beta moves it without copying p). */
  constructor(p: MiningPathParams, btcPriceUsd: number = p.btc_price) {
    this.p = p;
    this.anchor = heightAnchor(p);
    this.terms = miningTerms(p);
    this.fleet = newFleet(this.terms);
    this.hashpriceToday = hashpriceToday(p, btcPriceUsd);
    this.baseMonthlyGrowth = powRemembered(1 + p.hashrate_growth_yr, 1 / 12) - 1;
    this.btcGrowthMonthly = powRemembered(1 + p.btc_price_growth_yr, 1 / 12);
    this.frontierMonthly = powRemembered(1 - p.efficiency_gain_yr, 1 / 12);
    this.asicPhPerJth = this.terms.hashratePh0 * p.efficiency_j_th; // hashrate of one gross MW × J/TH
    this.nextBtc = btcPriceUsd * powRemembered(this.btcGrowthMonthly, 0.5);
    this.nextFrontier = frontierJthAt(p.frontier_j_th, p.efficiency_gain_yr, 0.5 / 12);
  }

  /** The subsidy in force at `date`: subsidyBtcAtSerial's arithmetic, worked out again only when the epoch may have changed. */
  private readSubsidy(date: number): void {
    const p = this.p;
    if (date < LAST_HALVING.serial) {
      this.subsidy = subsidyBtcAtSerial(date, p.block_minutes, this.anchor);
      this.epoch = NaN;
      this.nextEpochDate = -Infinity;
    } else {
      const height = heightAtSerial(date, p.block_minutes, this.anchor);
      const e = Math.floor(height / HALVING_INTERVAL_BLOCKS);
      if (e !== this.epoch) {
        this.epoch = e;
        this.subsidy = subsidyBtcAtHeight(height);
      }
      // the next epoch starts at height (e + 1) · 210 000; a day early, so rounding can never skip it
      this.nextEpochDate = nextHalvingSerial(date, p.block_minutes, this.anchor) - 1;
    }
    this.numeratorPerBtc = (BLOCKS_PER_DAY * (this.subsidy + p.fees_btc_per_block)) / 1000;
  }

  /** Month m (call for m = 0, 1, 2, … in order). */
  step(m: number): void {
    const p = this.p;
    const date = p.valuation_date + (m + 0.5) * DAYS_PER_MONTH;
    if (date >= this.nextEpochDate || m === 0) this.readSubsidy(date);
    const btc = this.nextBtc;
    const frontier = this.nextFrontier;
    this.date = date;
    this.btc = btc;
    this.numerator = this.numeratorPerBtc * btc;
    this.breakeven = marginalBreakevenHashprice(frontier);
    this.frontierPh = this.asicPhPerJth / frontier;
    const g = this.baseMonthlyGrowth;
    const hp0 = this.hashpriceToday;
    const slot = m % NETWORK_LAG_MONTHS;
    this.network =
      m === 0 ? p.network_hashrate_eh * Math.sqrt(networkGrowthFactor(g, hp0, this.breakeven)) : this.network * networkGrowthFactor(g, m >= NETWORK_LAG_MONTHS ? this.hp[slot] : hp0, this.breakeven);
    const h = this.numerator / this.network;
    this.hashprice = h;
    this.hp[slot] = h; // month m − lag's slot, read above, now holds month m
    stepFleet(this.terms, this.fleet, h, this.frontierPh);
    this.nextBtc = btc * this.btcGrowthMonthly;
    this.nextFrontier = frontier * this.frontierMonthly;
  }

  /**
   * Months 0 … months − 1 in one loop over local variables: step()'s and
   * stepFleet's arithmetic month by month (the same numbers, about twice as fast
   * as stepping), writing each month's mining cash flow times its discount factor
   * (factor k per month, Excel's NPV: month m discounted m + 1 periods) into `out`.
   * Call on a fresh MiningMonths; the fleet is left as stepping would leave it
   * (the month fields, date to hashprice, are not set).
   */
  discountedFlows(months: number, k: number, out: Float64Array): void {
    this.pass(months, k, out, null, null);
  }

  /**
   * Months 0 … months − 1 as discountedFlows runs them, each month's mining cash
   * flow (after the renewal it funds) into `flow` and its EBITDA into `ebitda`:
   * fleet.flow and fleet.ebitda after each step(m), the same numbers.
   */
  flowsInto(months: number, flow: Float64Array, ebitda: Float64Array): void {
    this.pass(months, 1, null, flow, ebitda);
  }

  /** discountedFlows' loop; each output array is optional. */
  private pass(months: number, k: number, out: Float64Array | null, flowOut: Float64Array | null, ebitdaOut: Float64Array | null): void {
    const p = this.p;
    const t = this.terms;
    const fleet = this.fleet;
    const hp = this.hp;
    const valuationDate = p.valuation_date;
    const g = this.baseMonthlyGrowth;
    const hp0 = this.hashpriceToday;
    const btcGrowth = this.btcGrowthMonthly;
    const frontierMonthly = this.frontierMonthly;
    const asicPhPerJth = this.asicPhPerJth;
    const revenuePerPh = t.revenuePerPhHashprice;
    const powerMonth = t.powerMonth;
    const fixedMonth = t.fixedMonth;
    const renewalMonth = t.renewalMonth;
    const replaceShare = t.replaceShareMonth;
    let btc = this.nextBtc;
    let frontier = this.nextFrontier;
    let network = this.network;
    let hashratePh = fleet.hashratePh;
    let negativeMonths = fleet.negativeMonths;
    let mothballed = fleet.mothballed;
    let ebitda = fleet.ebitda;
    let flow = fleet.flow;
    let d = 1;
    for (let m = 0; m < months; m++) {
      const date = valuationDate + (m + 0.5) * DAYS_PER_MONTH;
      if (date >= this.nextEpochDate || m === 0) this.readSubsidy(date);
      const breakeven = marginalBreakevenHashprice(frontier);
      const frontierPh = asicPhPerJth / frontier;
      const slot = m % NETWORK_LAG_MONTHS;
      network = m === 0 ? p.network_hashrate_eh * Math.sqrt(networkGrowthFactor(g, hp0, breakeven)) : network * networkGrowthFactor(g, m >= NETWORK_LAG_MONTHS ? hp[slot] : hp0, breakeven);
      const h = (this.numeratorPerBtc * btc) / network;
      hp[slot] = h;
      // stepFleet
      const margin = revenuePerPh * hashratePh * h - powerMonth;
      const ebitdaOn = (margin > 0 ? margin : 0) - fixedMonth;
      let on = true;
      if (mothballed) {
        if (!(ebitdaOn > 0)) {
          ebitda = 0;
          flow = 0;
          on = false;
        } else {
          mothballed = false;
          negativeMonths = 0;
        }
      }
      if (on) {
        if (ebitdaOn < 0 && ++negativeMonths > NETWORK_LAG_MONTHS) {
          mothballed = true;
          ebitda = 0;
          flow = 0;
        } else {
          if (!(ebitdaOn < 0)) negativeMonths = 0;
          ebitda = ebitdaOn;
          if (margin > 0) {
            const funded = margin < renewalMonth ? margin : renewalMonth;
            flow = margin - funded - fixedMonth;
            hashratePh += renewedShare(funded, renewalMonth) * replaceShare * (frontierPh - hashratePh);
          } else flow = -fixedMonth;
        }
      }
      if (out !== null) out[m] = flow * (d *= k);
      if (flowOut !== null) flowOut[m] = flow;
      if (ebitdaOut !== null) ebitdaOut[m] = ebitda;
      btc *= btcGrowth;
      frontier *= frontierMonthly;
    }
    this.nextBtc = btc;
    this.nextFrontier = frontier;
    this.network = network;
    fleet.hashratePh = hashratePh;
    fleet.negativeMonths = negativeMonths;
    fleet.mothballed = mothballed;
    fleet.ebitda = ebitda;
    fleet.flow = flow;
  }
}

/** The deterministic market path and one gross MW mining over `months` months, arrays sized once. */
export function miningPath(p: MiningPathParams, months: number): MiningPath {
  const n = months;
  const w = new MiningMonths(p);
  const block = new Float64Array(12 * n);
  const at = (i: number): Float64Array => block.subarray(i * n, (i + 1) * n);
  const path: MiningPath = {
    months: n,
    dateSerial: at(0),
    subsidyBtc: at(1),
    btcPrice: at(2),
    hashpriceNumerator: at(3),
    networkEh: at(4),
    hashpriceUsdPerPhDay: at(5),
    breakevenHashprice: at(6),
    frontierPh: at(7),
    fleetJth: at(8),
    miningEbitda: at(9),
    miningFlow: at(10),
    mothballed: new Uint8Array(n),
    hashpriceToday: w.hashpriceToday,
    baseMonthlyGrowth: w.baseMonthlyGrowth,
  };
  const fleet = w.fleet;
  const asicPhPerJth = w.terms.hashratePh0 * p.efficiency_j_th;
  for (let m = 0; m < n; m++) {
    w.step(m);
    path.dateSerial[m] = w.date;
    path.subsidyBtc[m] = w.subsidy;
    path.btcPrice[m] = w.btc;
    path.hashpriceNumerator[m] = w.numerator;
    path.breakevenHashprice[m] = w.breakeven;
    path.frontierPh[m] = w.frontierPh;
    path.networkEh[m] = w.network;
    path.hashpriceUsdPerPhDay[m] = w.hashprice;
    path.miningEbitda[m] = fleet.ebitda;
    path.miningFlow[m] = fleet.flow;
    path.mothballed[m] = fleet.mothballed ? 1 : 0;
    path.fleetJth[m] = asicPhPerJth / fleet.hashratePh;
  }
  return path;
}
