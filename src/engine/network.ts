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
  return epoch >= 33 ? 0 : INITIAL_SUBSIDY_BTC / 2 ** epoch;
}

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
    return INITIAL_SUBSIDY_BTC / 2 ** epoch;
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
