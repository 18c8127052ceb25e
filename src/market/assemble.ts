/**
 * From the parsed answers to one snapshot and its daily history, after checks
 * across endpoints that catch answers which are well-formed but wrong: a stale
 * price feed, a hashrate off by a factor of a thousand, fees larger than the
 * rewards they are part of, a tip height of another network. Pure: the clock is
 * an argument.
 */
import { inputSpec, checkInputValue } from '../engine/catalogue';
import { isoFromSerial, serialFromUnixMs } from '../engine/dates';
import { HeightAnchor, LAST_HALVING, hashpriceUsdPerPhDay, heightAnchor, heightAtSerial, networkEhFromDifficulty, subsidyBtcAtHeight, subsidyBtcAtSerial } from '../engine/network';
import { FEE_WINDOW_BLOCKS } from './endpoints';
import { FeePoint, Hashrate, Price, PricePoint, RewardStats, SATS_PER_BTC } from './parse';
import type { Checked, MarketDay, MarketSnapshot } from './types';

/** The checks, as data (each says why in docs/market.md). */
export const LIMITS = {
  /** A price older than this (by the computer's clock) is a stale feed. */
  priceMaxAgeS: 2 * 86_400,
  /** …and one from further in the future than this, a wrong clock. */
  priceMaxAheadS: 3_600,
  /** The current hashrate estimate and the one implied by the difficulty (and the last daily average) agree within this factor. */
  hashrateAgreement: 1.5,
  /** The current price and the last two days of the price history agree within this factor. */
  priceAgreement: 1.5,
  /** The tip may run ahead of the fee statistics by this many blocks (indexing lag). */
  rewardLagBlocks: 144,
  /** Subsidy claimed in the reward statistics: within this share below the protocol's (a miner may claim less, never more). */
  subsidyShortfall: 0.01,
  /** The tip height and the height expected at this date from the last halving differ by at most 10 % of the blocks since, plus this. */
  tipSlackBlocks: 4032,
  tipSlackShare: 0.1,
  /** Days of API history taken in a refresh. */
  historyDays: 366,
  /** Days a daily value may differ from today's: hashrate within this factor… */
  historyHashrateFactor: 3,
  /** …and price within this one. */
  historyPriceFactor: 10,
} as const;

const SECONDS_PER_DAY = 86_400;

function catalogueCheck(name: 'btc_price' | 'network_hashrate_eh' | 'fees_btc_per_block', value: number, what: string): string | undefined {
  const c = checkInputValue(inputSpec(name)!, value);
  return c.ok ? undefined : `${what}: ${c.message}`;
}

function within(a: number, b: number, factor: number): boolean {
  return a > 0 && b > 0 && a / b <= factor && b / a <= factor;
}

function round(x: number, digits: number): string {
  return Number(x.toPrecision(digits)).toLocaleString('en-US');
}

/** Protocol subsidy of the blocks start..end, in satoshis. */
function subsidySats(start: number, end: number): number {
  let sum = 0;
  for (let h = start; h <= end; h++) sum += subsidyBtcAtHeight(h) * SATS_PER_BTC;
  return sum;
}

export interface Parts {
  readonly price: Price;
  readonly hashrate: Hashrate;
  readonly rewards: RewardStats;
  readonly tip: number;
  readonly priceHistory: readonly PricePoint[];
  readonly feeHistory: readonly FeePoint[];
}

/** The snapshot, or the first check that failed. */
export function assembleSnapshot(p: Parts, source: string, nowMs: number): Checked<MarketSnapshot> {
  const nowS = Math.floor(nowMs / 1000);
  const fail = (error: string): Checked<MarketSnapshot> => ({ ok: false, error });

  // the price: fresh, in range, and in line with the recent price history
  const ageS = nowS - p.price.timeS;
  if (ageS > LIMITS.priceMaxAgeS) return fail(`the price is dated ${new Date(p.price.timeS * 1000).toISOString()}, ${round(ageS / 3600, 3)} hours ago: the server's price feed looks stale (or this computer's clock is wrong)`);
  if (-ageS > LIMITS.priceMaxAheadS) return fail(`the price is dated ${new Date(p.price.timeS * 1000).toISOString()}, in the future: this computer's clock or the server's is wrong`);
  const priceError = catalogueCheck('btc_price', p.price.usd, 'the price');
  if (priceError) return fail(priceError);
  const recent = p.priceHistory.filter((x) => nowS - x.timeS <= LIMITS.priceMaxAgeS && x.timeS <= nowS + LIMITS.priceMaxAheadS);
  if (recent.length > 0) {
    const mean = recent.reduce((s, x) => s + x.usd, 0) / recent.length;
    if (!within(p.price.usd, mean, LIMITS.priceAgreement)) return fail(`the price, ${round(p.price.usd, 6)} USD, disagrees with the price history of the last two days (mean ${round(mean, 6)} USD)`);
  }

  // the hashrate: the node's estimate, checked against the difficulty and the daily averages
  const eh = p.hashrate.currentEh;
  const ehError = catalogueCheck('network_hashrate_eh', eh, 'the network hashrate (currentHashrate / 10^18)');
  if (ehError) return fail(ehError);
  const ehFromDifficulty = networkEhFromDifficulty(p.hashrate.difficulty);
  if (!within(eh, ehFromDifficulty, LIMITS.hashrateAgreement)) {
    return fail(`the hashrate, ${round(eh, 6)} EH/s, disagrees with the difficulty ${round(p.hashrate.difficulty, 6)} (which implies ${round(ehFromDifficulty, 6)} EH/s): one of them is in the wrong unit`);
  }
  const lastDaily = p.hashrate.daily.reduce<{ day: number; eh: number } | undefined>((a, x) => (!a || x.day > a.day ? x : a), undefined);
  if (!lastDaily) return fail('the hashrate history is empty: the server has not indexed enough blocks');
  if (!within(eh, lastDaily.eh, LIMITS.hashrateAgreement)) return fail(`the hashrate, ${round(eh, 6)} EH/s, disagrees with the last daily average, ${round(lastDaily.eh, 6)} EH/s`);

  // the tip: mainnet at this date, at or after the fee statistics
  const expected = heightAtSerial(serialFromUnixMs(nowMs), 10);
  const slack = LIMITS.tipSlackShare * Math.max(0, expected - LAST_HALVING.height) + LIMITS.tipSlackBlocks;
  if (Math.abs(p.tip - expected) > slack) return fail(`the tip height ${p.tip} is not near the ${Math.round(expected)} expected today: is this a Bitcoin mainnet node?`);
  const r = p.rewards;
  const blocks = r.endBlock - r.startBlock + 1;
  if (blocks > FEE_WINDOW_BLOCKS) return fail(`the reward statistics cover ${blocks} blocks; ${FEE_WINDOW_BLOCKS} were asked for`);
  if (r.endBlock > p.tip || p.tip - r.endBlock > LIMITS.rewardLagBlocks) return fail(`the reward statistics end at block ${r.endBlock}, but the tip is ${p.tip}: the server's index lags`);

  // the fees: part of the rewards, the rest of which is the protocol's subsidy
  const subsidy = subsidySats(r.startBlock, r.endBlock);
  const claimed = r.totalRewardSats - r.totalFeeSats;
  if (claimed > subsidy || claimed < subsidy * (1 - LIMITS.subsidyShortfall)) {
    return fail(`the reward statistics do not add up: rewards less fees are ${claimed} satoshis over ${blocks} blocks, the subsidy is ${subsidy}`);
  }
  const fees = r.totalFeeSats / blocks / SATS_PER_BTC;
  const feeError = catalogueCheck('fees_btc_per_block', fees, 'the fees per block');
  if (feeError) return fail(feeError);

  const hashprice = hashpriceUsdPerPhDay(p.price.usd, eh, fees, subsidyBtcAtHeight(p.tip));
  return {
    ok: true,
    value: {
      btc_price: p.price.usd,
      network_hashrate_eh: eh,
      difficulty: p.hashrate.difficulty,
      fees_btc_per_block: fees,
      height: p.tip,
      hashprice,
      asof: new Date(nowMs).toISOString(),
      source,
    },
  };
}

/** The height anchor of a snapshot: its tip at its time. */
export function snapshotAnchor(s: MarketSnapshot): HeightAnchor {
  return heightAnchor({ tip_height: s.height, tip_serial: serialFromUnixMs(Date.parse(s.asof)) });
}

function dailyMeans(points: readonly { day: number; value: number }[]): Map<number, number> {
  const sums = new Map<number, { s: number; n: number }>();
  for (const p of points) {
    const a = sums.get(p.day) ?? { s: 0, n: 0 };
    a.s += p.value;
    a.n += 1;
    sums.set(p.day, a);
  }
  return new Map([...sums].map(([d, a]) => [d, a.s / a.n]));
}

/**
 * The daily history of one refresh: each UTC day of the last year for which the
 * API gives a price, a hashrate and fees (their means over the day), then today's
 * row from the snapshot itself. Hashprice uses the subsidy at mid-day.
 */
export function assembleHistory(p: Parts, s: MarketSnapshot): Checked<MarketDay[]> {
  const nowS = Math.floor(Date.parse(s.asof) / 1000);
  const today = Math.floor(nowS / SECONDS_PER_DAY);
  const first = today - LIMITS.historyDays;
  const inWindow = (day: number) => day >= first && day < today;
  const prices = dailyMeans(p.priceHistory.map((x) => ({ day: Math.floor(x.timeS / SECONDS_PER_DAY), value: x.usd })).filter((x) => inWindow(x.day)));
  const hashrates = dailyMeans(p.hashrate.daily.map((x) => ({ day: x.day, value: x.eh })).filter((x) => inWindow(x.day)));
  const fees = dailyMeans(p.feeHistory.map((x) => ({ day: Math.floor(x.timeS / SECONDS_PER_DAY), value: x.feesSats / SATS_PER_BTC })).filter((x) => inWindow(x.day)));
  const anchor = snapshotAnchor(s);
  const out: MarketDay[] = [];
  for (let day = first; day < today; day++) {
    const price = prices.get(day);
    const eh = hashrates.get(day);
    const fee = fees.get(day);
    if (price === undefined || eh === undefined || fee === undefined) continue;
    const serial = serialFromUnixMs(day * SECONDS_PER_DAY * 1000);
    const date = isoFromSerial(serial);
    if (!within(price, s.btc_price, LIMITS.historyPriceFactor)) return { ok: false, error: `the price history's ${date} price, ${round(price, 6)} USD, is not within a factor ${LIMITS.historyPriceFactor} of today's` };
    if (!within(eh, s.network_hashrate_eh, LIMITS.historyHashrateFactor)) return { ok: false, error: `the hashrate history's ${date} value, ${round(eh, 6)} EH/s, is not within a factor ${LIMITS.historyHashrateFactor} of today's` };
    const feeError = catalogueCheck('fees_btc_per_block', fee, `the fee history on ${date}`);
    if (feeError) return { ok: false, error: feeError };
    const subsidy = subsidyBtcAtSerial(serial + 0.5, 10, anchor);
    out.push({ date, btc_price: price, network_hashrate_eh: eh, fees_btc_per_block: fee, hashprice: hashpriceUsdPerPhDay(price, eh, fee, subsidy) });
  }
  out.push({ date: s.asof.slice(0, 10), btc_price: s.btc_price, network_hashrate_eh: s.network_hashrate_eh, fees_btc_per_block: s.fees_btc_per_block, hashprice: s.hashprice });
  return { ok: true, value: out };
}

/** Most days kept in a workbook (ten years). */
export const MAX_HISTORY_DAYS = 3660;

/** The stored history brought up to date: a refresh's days replace the stored ones of the same date; older days stay. */
export function mergeHistory(stored: readonly MarketDay[], fresh: readonly MarketDay[]): MarketDay[] {
  const byDate = new Map<string, MarketDay>();
  for (const d of stored) byDate.set(d.date, d);
  for (const d of fresh) byDate.set(d.date, d);
  const all = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return all.slice(Math.max(0, all.length - MAX_HISTORY_DAYS));
}
