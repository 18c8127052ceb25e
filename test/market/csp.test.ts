/**
 * BTCAI_MARKET_ORIGINS: the build-time list of extra origins the task pane may
 * fetch market data from (a fund's own node). Only https origins, or http to
 * localhost / 127.0.0.1, are accepted; anything else stops the build.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { marketOrigins } = require('../../webpack.config.js') as { marketOrigins: (t: string | undefined) => string[] };

describe('BTCAI_MARKET_ORIGINS', () => {
  test('unset or blank adds nothing', () => {
    expect(marketOrigins(undefined)).toEqual([]);
    expect(marketOrigins('  ')).toEqual([]);
  });
  test('https origins (with a port) and local http are added, lower-cased, without a trailing slash', () => {
    expect(marketOrigins('https://Mempool.Fund.example https://node.example:8443/ http://localhost:8999 http://127.0.0.1:*')).toEqual([
      'https://mempool.fund.example',
      'https://node.example:8443',
      'http://localhost:8999',
      'http://127.0.0.1:*',
    ]);
  });
  test.each(['http://mempool.fund.example', 'https://node.example/api', "https://x.example 'unsafe-inline'", 'https:', '*', 'https://a.example;script-src *'])('%s stops the build', (v) => {
    expect(() => marketOrigins(v)).toThrow(/BTCAI_MARKET_ORIGINS/);
  });
});
