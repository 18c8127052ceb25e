/**
 * The Bitcoin network: subsidy schedule, halvings, hashvalue and hashprice.
 * Units are in the names: EH/s for the network, PH/s for fleets, BTC per block.
 */
import { serialFromUtc } from './dates';

export const BLOCKS_PER_DAY = 144;
export const HALVING_INTERVAL_BLOCKS = 210_000;
export const INITIAL_SUBSIDY_BTC = 50;

/** Genesis block, 2009-01-03 18:15:05 UTC. */
export const GENESIS_SERIAL = serialFromUtc(2009, 1, 3, 18, 15, 5);

/** Halvings that have happened: height and the UTC time of the block (data, not code). */
export const HALVINGS_PAST: readonly { height: number; serial: number }[] = [
  { height: 210_000, serial: serialFromUtc(2012, 11, 28, 15, 24, 38) },
  { height: 420_000, serial: serialFromUtc(2016, 7, 9, 16, 46, 13) },
  { height: 630_000, serial: serialFromUtc(2020, 5, 11, 19, 23, 43) },
  { height: 840_000, serial: serialFromUtc(2024, 4, 20, 0, 9, 27) },
];
/** A block whose height and time are known: estimates of other heights start from it. */
export interface HeightAnchor {
  readonly height: number;
  /** Excel date serial (UTC) of the block. */
  readonly serial: number;
}

/** The last recorded halving: the anchor when no later block is known. */
export const LAST_HALVING: HeightAnchor = HALVINGS_PAST[HALVINGS_PAST.length - 1];

/**
 * The anchor for height estimates of resolved inputs: the stored chain tip
 * (`tip_height` at `tip_serial`, from refreshed market data) when it is a block
 * after the last recorded halving, else the last halving. The tip rides along in
 * the inputs under names that are not catalogue inputs, so it cannot be overridden.
 */
export function heightAnchor(p: { readonly tip_height?: unknown; readonly tip_serial?: unknown }): HeightAnchor {
  const h = p.tip_height;
  const s = p.tip_serial;
  if (typeof h === 'number' && typeof s === 'number' && Number.isInteger(h) && Number.isFinite(s) && h > LAST_HALVING.height && s > LAST_HALVING.serial) {
    return { height: h, serial: s };
  }
  return LAST_HALVING;
}

/** Subsidy at a block height: 50 / 2^floor(h / 210 000), zero from the 33rd halving on. */
export function subsidyBtcAtHeight(height: number): number {
  const epoch = Math.floor(height / HALVING_INTERVAL_BLOCKS);
  return epoch >= 33 ? 0 : SUBSIDY_BY_EPOCH[epoch];
}
/** INITIAL_SUBSIDY_BTC / 2^epoch for epochs 0–32, worked out once (a division by a power of two is exact, so the table holds the same numbers). */
const SUBSIDY_BY_EPOCH: readonly number[] = Array.from({ length: 33 }, (_, epoch) => INITIAL_SUBSIDY_BTC / 2 ** epoch);

/**
 * Estimated height at a date from the last recorded halving on. After the anchor:
 * the anchor plus elapsed minutes / block_minutes. Between the last halving and a
 * later anchor (the stored tip): linear between the two known blocks, so the
 * estimate is exact at both and follows the pace blocks actually came at.
 */
export function heightAtSerial(serial: number, blockMinutes: number, anchor: HeightAnchor = LAST_HALVING): number {
  if (anchor !== LAST_HALVING && serial < anchor.serial) {
    return LAST_HALVING.height + ((serial - LAST_HALVING.serial) / (anchor.serial - LAST_HALVING.serial)) * (anchor.height - LAST_HALVING.height);
  }
  return anchor.height + ((serial - anchor.serial) * 1440) / blockMinutes;
}

/** Subsidy in BTC per block at a date: recorded halvings for the past, estimated heights after the last one. */
export function subsidyBtcAtSerial(serial: number, blockMinutes: number, anchor: HeightAnchor = LAST_HALVING): number {
  if (serial < LAST_HALVING.serial) {
    let epoch = 0;
    for (const h of HALVINGS_PAST) if (serial >= h.serial) epoch++;
    return SUBSIDY_BY_EPOCH[epoch];
  }
  return subsidyBtcAtHeight(heightAtSerial(serial, blockMinutes, anchor));
}

/** Date (serial) of the first halving strictly after `serial`. */
export function nextHalvingSerial(serial: number, blockMinutes: number, anchor: HeightAnchor = LAST_HALVING): number {
  for (const h of HALVINGS_PAST) if (h.serial > serial) return h.serial;
  const nextHeight = (Math.floor(heightAtSerial(serial, blockMinutes, anchor) / HALVING_INTERVAL_BLOCKS) + 1) * HALVING_INTERVAL_BLOCKS;
  if (nextHeight <= anchor.height) {
    // a halving between the last recorded one and the stored tip: the inverse of the interpolation
    return LAST_HALVING.serial + ((nextHeight - LAST_HALVING.height) / (anchor.height - LAST_HALVING.height)) * (anchor.serial - LAST_HALVING.serial);
  }
  return anchor.serial + ((nextHeight - anchor.height) * blockMinutes) / 1440;
}

/** Network hashrate from difficulty: D · 2^32 / 600, in EH/s. */
export function networkEhFromDifficulty(difficulty: number): number {
  return (difficulty * 4_294_967_296) / 600 / 1e18;
}

/** Hashvalue: 144 · (subsidy + fees) / (network EH/s · 1000), in BTC per PH/s per day. */
export function hashvalueBtcPerPhDay(networkEh: number, feesBtcPerBlock: number, subsidyBtc: number): number {
  return (BLOCKS_PER_DAY * (subsidyBtc + feesBtcPerBlock)) / (networkEh * 1000);
}

/** Hashprice: hashvalue · BTC price, in USD per PH/s per day. */
export function hashpriceUsdPerPhDay(btcPriceUsd: number, networkEh: number, feesBtcPerBlock: number, subsidyBtc: number): number {
  return hashvalueBtcPerPhDay(networkEh, feesBtcPerBlock, subsidyBtc) * btcPriceUsd;
}

/** Fees per block from fees as a share of block rewards s: subsidy · s / (1 − s). */
export function feesBtcFromShare(subsidyBtc: number, feeShare: number): number {
  return (subsidyBtc * feeShare) / (1 - feeShare);
}

// ---- how the network answers hashprice (one rule for the deterministic path, PROJECTION and the Monte Carlo) ----

/** Months between a hashprice and the network's answer to it (ASIC lead time). */
export const NETWORK_LAG_MONTHS = 6;
/** Power price of the marginal fleet that sets the network's breakeven, USD/MWh. */
export const MARGINAL_POWER_USD_MWH = 55;
/** The marginal fleet is this many times less efficient than the frontier. */
export const MARGINAL_FLEET_FACTOR = 2;
/** Hashprice above breakeven, as a share of it, at which the network grows at its full base rate. */
export const NETWORK_RESPONSE_SCALE = 0.5;
/** Bounds of the response multiplier: the network shrinks at most half as fast as it grows, and never faster than the base rate. */
export const NETWORK_RESPONSE_MIN = -0.5;
export const NETWORK_RESPONSE_MAX = 1;

/** Frontier efficiency `years` after the valuation date: frontier J/TH · (1 − gain)^years. */
export function frontierJthAt(frontierJth: number, efficiencyGainYr: number, years: number): number {
  return frontierJth * Math.pow(1 - efficiencyGainYr, years);
}

/**
 * Hashprice (USD per PH/s per day) at which the marginal fleet breaks even:
 * 2 · frontier J/TH · 24 h · 55 USD/MWh / 1000 (a PH/s at J/TH joules per TH draws J/TH kW).
 * At the frontier of 12 J/TH: 31.68 USD/PH/day.
 */
export function marginalBreakevenHashprice(frontierJth: number): number {
  return (MARGINAL_FLEET_FACTOR * frontierJth * 24 * MARGINAL_POWER_USD_MWH) / 1000;
}

/**
 * The network's growth this month, as a multiplier of its base monthly growth:
 * clamp((HP(t − lag) / HP_be − 1) / 0.5, −0.5, 1). Hashprice at the marginal
 * fleet's breakeven: no growth; 50 % above it or more: the full base rate; below
 * it, the network shrinks (at most half the base rate).
 */
export function networkResponse(hashpriceLagged: number, breakevenHashprice: number): number {
  const c = (hashpriceLagged / breakevenHashprice - 1) / NETWORK_RESPONSE_SCALE;
  return c < NETWORK_RESPONSE_MIN ? NETWORK_RESPONSE_MIN : c > NETWORK_RESPONSE_MAX ? NETWORK_RESPONSE_MAX : c;
}

/**
 * The network's growth factor for one month: 1 + base monthly growth × response,
 * where the base monthly growth is (1 + hashrate_growth_yr)^(1/12) − 1. A base
 * growth of zero or below is a path the user fixed: it does not answer hashprice.
 */
export function networkGrowthFactor(baseMonthlyGrowth: number, hashpriceLagged: number, breakevenHashprice: number): number {
  return baseMonthlyGrowth > 0 ? 1 + baseMonthlyGrowth * networkResponse(hashpriceLagged, breakevenHashprice) : 1 + baseMonthlyGrowth;
}
