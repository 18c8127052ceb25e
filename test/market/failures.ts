/**
 * Every way a market API answer can be wrong, as data: the path it happens on,
 * the stub's behaviour, and the reason the refresh must give. The refresh, the
 * task pane and the command-line tests all run these.
 * The timeout case expects a 0.4 s deadline (the tests pass timeoutMs 400).
 */
import { Behaviour, PathKey, fixture, fixtureText } from './stubServer';

export const withJson = (k: PathKey, edit: (doc: Record<string, unknown>) => void): Behaviour => {
  const doc = fixture(k) as Record<string, unknown>;
  edit(doc);
  return { kind: 'body', body: JSON.stringify(doc) };
};

const html = '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
export const FAILURES: [string, PathKey, () => Behaviour, RegExp][] = [
  ['HTTP 500', 'hashrate', () => ({ kind: 'body', status: 500, body: '{"error":"Failed to get historical hashrate"}' }), /HTTP 500/],
  ['HTTP 404 (not a mempool API)', 'rewardStats', () => ({ kind: 'body', status: 404, body: 'Not found', contentType: 'text/plain' }), /HTTP 404/],
  ['HTTP 429 (rate limited)', 'prices', () => ({ kind: 'body', status: 429, body: 'Too Many Requests', contentType: 'text/plain' }), /HTTP 429/],
  ['non-JSON text', 'rewardStats', () => ({ kind: 'body', body: 'Internal error', contentType: 'text/plain' }), /did not send valid JSON/],
  ['an HTML error page with status 200', 'prices', () => ({ kind: 'body', body: html, contentType: 'text/html' }), /web page \(HTML\)/],
  ['an HTML page sent as JSON', 'hashrate', () => ({ kind: 'body', body: html }), /web page \(HTML\)/],
  ['an HTML page for the tip height', 'tipHeight', () => ({ kind: 'body', body: '<html>error</html>', contentType: 'text/html' }), /web page \(HTML\)/],
  ['a long HTML page for the tip height (over its 64-byte cap)', 'tipHeight', () => ({ kind: 'body', body: html, contentType: 'text/html' }), /sent \d+ bytes; at most 64/],
  ['an empty body', 'prices', () => ({ kind: 'body', body: '' }), /empty body/],
  ['a missing field (USD)', 'prices', () => withJson('prices', (d) => delete d.USD), /USD is missing/],
  ['a missing field (currentDifficulty)', 'hashrate', () => withJson('hashrate', (d) => delete d.currentDifficulty), /currentDifficulty is missing/],
  ['a missing list (hashrates)', 'hashrate', () => withJson('hashrate', (d) => delete d.hashrates), /hashrates is not a list/],
  ['a string where a number belongs (USD)', 'prices', () => withJson('prices', (d) => (d.USD = '91234')), /USD should be a number/],
  ['a string where a number belongs (avgHashrate)', 'hashrate', () => withJson('hashrate', (d) => ((d.hashrates as Record<string, unknown>[])[3].avgHashrate = 'fast')), /hashrates\[3\]: avgHashrate should be a number/],
  ['text that is not digits in a documented digit string (totalFee)', 'rewardStats', () => withJson('rewardStats', (d) => (d.totalFee = '3.07e8')), /totalFee should be a whole number/],
  ['Infinity (JSON 1e999)', 'prices', () => ({ kind: 'body', body: fixtureText('prices').replace('91234', '1e999') }), /USD is not a finite number/],
  ['NaN sent as text', 'hashrate', () => withJson('hashrate', (d) => (d.currentHashrate = 'NaN')), /currentHashrate should be a number/],
  ['a zero price', 'prices', () => withJson('prices', (d) => (d.USD = 0)), /USD is 0; expected a number above 0/],
  ['a negative price', 'prices', () => withJson('prices', (d) => (d.USD = -5)), /USD is -5/],
  ["mempool's no-price marker (-1)", 'prices', () => withJson('prices', (d) => (d.USD = -1)), /no price yet/],
  ['an absurd price (10^9 USD)', 'prices', () => withJson('prices', (d) => (d.USD = 1e9)), /USD is 1000000000/],
  ['a price in cents', 'prices', () => withJson('prices', (d) => (d.USD = 9123400)), /disagrees with the price history/],
  ['a stale price (3 days old)', 'prices', () => withJson('prices', (d) => (d.time = (d.time as number) - 3 * 86400)), /stale/],
  ['a price dated tomorrow', 'prices', () => withJson('prices', (d) => (d.time = (d.time as number) + 86400)), /in the future/],
  ['a price time in milliseconds', 'prices', () => withJson('prices', (d) => (d.time = (d.time as number) * 1000)), /not a time in Unix seconds/],
  ['hashrate off by 10^3 (TH/s sent as H/s)', 'hashrate', () => withJson('hashrate', (d) => (d.currentHashrate = (d.currentHashrate as number) / 1000)), /disagrees with the difficulty/],
  ['hashrate off by 10^3, difficulty too', 'hashrate', () => withJson('hashrate', (d) => {
    d.currentHashrate = (d.currentHashrate as number) * 1000;
    d.currentDifficulty = (d.currentDifficulty as number) * 1000;
  }), /disagrees with the last daily average|network_hashrate_eh was/],
  ['a zero hashrate (the node is down)', 'hashrate', () => withJson('hashrate', (d) => (d.currentHashrate = 0)), /node is probably unreachable/],
  ['a negative daily hashrate', 'hashrate', () => withJson('hashrate', (d) => ((d.hashrates as Record<string, unknown>[])[0].avgHashrate = -1)), /avgHashrate is -1/],
  ['an empty hashrate history', 'hashrate', () => withJson('hashrate', (d) => (d.hashrates = [])), /history is empty/],
  ['a daily hashrate off by 10^3 in the history', 'hashrate', () => withJson('hashrate', (d) => {
    const h = (d.hashrates as Record<string, number>[])[100];
    h.avgHashrate *= 1000;
  }), /hashrate history's .* value/],
  ['fees above the rewards', 'rewardStats', () => withJson('rewardStats', (d) => (d.totalFee = '99306720000')), /exceeds totalReward/],
  ['rewards in BTC instead of satoshis', 'rewardStats', () => withJson('rewardStats', (d) => (d.totalReward = '453')), /exceeds totalReward|do not add up/],
  ['rewards that do not add up to the subsidy', 'rewardStats', () => withJson('rewardStats', (d) => (d.totalReward = String(10 * 45306720000))), /do not add up/],
  ['more blocks than asked for', 'rewardStats', () => withJson('rewardStats', (d) => (d.startBlock = (d.startBlock as number) - 1000)), /cover 1144 blocks/],
  ['statistics ending after the tip', 'rewardStats', () => withJson('rewardStats', (d) => {
    d.startBlock = (d.startBlock as number) + 10;
    d.endBlock = (d.endBlock as number) + 10;
  }), /index lags/],
  ['a testnet tip height', 'tipHeight', () => ({ kind: 'body', body: '4500000', contentType: 'text/plain' }), /not near the .* expected today/],
  ['a tip height that is not a number', 'tipHeight', () => ({ kind: 'body', body: 'tip', contentType: 'text/plain' }), /expected a block height/],
  ['a negative fee in the fee history', 'feeHistory', () => ({ kind: 'body', body: JSON.stringify([{ avgHeight: 978000, timestamp: 1795700000, avgFees: -3 }]) }), /avgFees is -3/],
  ['a price history that is not a list', 'priceHistory', () => ({ kind: 'body', body: '{"prices":"soon"}' }), /prices is not a list/],
  ['a price history entry with text', 'priceHistory', () => withJson('priceHistory', (d) => ((d.prices as Record<string, unknown>[])[5].USD = 'n/a')), /prices\[5\]: USD should be a number/],
  ['a truncated body (connection closed half-way)', 'priceHistory', () => ({ kind: 'truncate' }), /could not read|valid JSON/],
  ['a truncated JSON document', 'hashrate', () => ({ kind: 'body', body: fixtureText('hashrate').slice(0, 5000) }), /did not send valid JSON.*cut off/],
  ['a 50 MB body (streamed, no length)', 'priceHistory', () => ({ kind: 'huge', bytes: 50 * 1024 * 1024 }), /more than 8388608 bytes/],
  ['a 50 MB body (declared length)', 'prices', () => ({ kind: 'huge', bytes: 50 * 1024 * 1024, declare: true }), /sent 52428800 bytes; at most 65536/],
  ['a control character instead of JSON', 'prices', () => ({ kind: 'body', body: '\u0000' }), /valid JSON/],
  ['a redirect to another server', 'prices', () => ({ kind: 'redirect', to: 'https://example.com/api/v1/prices' }), /could not read/],
  ['a connection reset', 'rewardStats', () => ({ kind: 'reset' }), /could not read/],
  ['no answer (timeout)', 'feeHistory', () => ({ kind: 'hang' }), /no complete answer from .* within 0.4 s/],
];
