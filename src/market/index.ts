/**
 * Market data from a mempool-compatible API: pure code (no Office.js, no DOM, no
 * global fetch; the fetch function is passed in) shared by the task pane, the
 * command line and the tests. The functions read stored market data through the
 * store and import none of the fetching code.
 */
export * from './types';
export { DEFAULT_MARKET_SOURCE, ENDPOINTS, MARKET_TIMEOUT_MS, checkBaseUrl } from './endpoints';
export type { FetchLike, FetchInit, ResponseLike } from './http';
export { fetchMarket } from './refresh';
export type { Fetched } from './refresh';
export { LIMITS, MAX_HISTORY_DAYS, mergeHistory } from './assemble';
export * as codec from './codec';
