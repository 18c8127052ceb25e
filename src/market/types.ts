/**
 * Market data as BTCAI stores it: one snapshot (the figures a refresh read from
 * a mempool-compatible API) and a daily history. Plain data, no imports: the
 * store, the functions, the pane and the command line all share these shapes.
 */

/** The fields of a snapshot that are numbers, in the order tables and MARKET() list them. */
export const SNAPSHOT_NUMBER_FIELDS = ['btc_price', 'network_hashrate_eh', 'difficulty', 'fees_btc_per_block', 'height', 'hashprice'] as const;
export type SnapshotNumberField = (typeof SNAPSHOT_NUMBER_FIELDS)[number];

/** Units of the snapshot's fields, as a reader wants them. */
export const SNAPSHOT_UNITS: Readonly<Record<SnapshotNumberField | 'asof' | 'source', string>> = {
  btc_price: 'USD',
  network_hashrate_eh: 'EH/s',
  difficulty: 'difficulty (hashes per block / 2^32)',
  fees_btc_per_block: 'BTC/block',
  height: 'blocks',
  hashprice: 'USD per PH/s per day',
  asof: 'UTC time of the refresh',
  source: 'base URL of the API',
};

export interface MarketSnapshot {
  /** BTC/USD of the API's price feed. */
  readonly btc_price: number;
  /** Network hashrate, EH/s: the node's estimate over the last 1 008 blocks (about a week). */
  readonly network_hashrate_eh: number;
  /** Current mining difficulty. */
  readonly difficulty: number;
  /** Mean transaction fees per block over the last 144 blocks (about a day), BTC. */
  readonly fees_btc_per_block: number;
  /** Height of the chain tip. */
  readonly height: number;
  /** USD per PH/s per day from the fields above and the subsidy at the tip. */
  readonly hashprice: number;
  /** When the snapshot was taken: ISO 8601 UTC timestamp ("2026-11-27T12:00:00.000Z"). */
  readonly asof: string;
  /** Base URL of the API it came from (or "file …" for a snapshot read from a file). */
  readonly source: string;
}

/** One day of the stored history (UTC day). */
export interface MarketDay {
  /** ISO yyyy-mm-dd. */
  readonly date: string;
  readonly btc_price: number;
  readonly network_hashrate_eh: number;
  readonly fees_btc_per_block: number;
  readonly hashprice: number;
}

export interface MarketState {
  readonly snapshot: MarketSnapshot;
  /** Oldest first, one row per date, no gaps required. */
  readonly history: readonly MarketDay[];
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };
