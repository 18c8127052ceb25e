/**
 * btcai market: fetch a market snapshot from a mempool-compatible API (the same
 * code the task pane runs, with Node's fetch), and btcai eval --market FILE: use
 * a saved snapshot as the workbook's market data.
 */
import * as fs from 'fs';
import * as path from 'path';
import { codec, DEFAULT_MARKET_SOURCE, fetchMarket, FetchLike, MarketSnapshot, SNAPSHOT_UNITS } from '../market';
import { PresetStore } from '../presets/store';


/** Removes `--name value` from args; an option without its value is an error. */
export function takeOption(args: readonly string[], name: string): { value?: string; rest: string[] } | { error: string } {
  const i = args.indexOf(name);
  if (i < 0) return { rest: [...args] };
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) return { error: `${name} needs a value` };
  if (args.indexOf(name, i + 2) >= 0) return { error: `${name} is given twice` };
  return { value, rest: [...args.slice(0, i), ...args.slice(i + 2)] };
}

function humanText(s: MarketSnapshot): string {
  const rows: [string, string][] = [
    ['btc_price', String(s.btc_price)],
    ['network_hashrate_eh', String(s.network_hashrate_eh)],
    ['difficulty', String(s.difficulty)],
    ['fees_btc_per_block', String(s.fees_btc_per_block)],
    ['height', String(s.height)],
    ['hashprice', String(s.hashprice)],
    ['asof', s.asof],
  ];
  return [`market data from ${s.source}`, ...rows.map(([k, v]) => `${k.padEnd(20)} ${v}  ${SNAPSHOT_UNITS[k as keyof typeof SNAPSHOT_UNITS]}`)].join('\n');
}

/** Fetches one snapshot; exit 0 and the snapshot, or exit 1 and a one-line reason. */
export async function marketCommand(args: readonly string[], json: boolean, fetchFn: FetchLike, nowMs: number): Promise<{ code: number; out: string; err: string }> {
  const opt = takeOption(args, '--source');
  if ('error' in opt) return { code: 2, out: '', err: opt.error };
  if (opt.rest.length > 0) return { code: 2, out: '', err: `btcai market takes no argument ${JSON.stringify(opt.rest[0].slice(0, 60))}` };
  const r = await fetchMarket(opt.value ?? DEFAULT_MARKET_SOURCE, fetchFn, { nowMs });
  if (!r.ok) return { code: 1, out: '', err: `market data rejected: ${r.error.replace(/\s+/g, ' ')}` };
  return { code: 0, out: json ? codec.snapshotJson(r.value.snapshot) : humanText(r.value.snapshot), err: '' };
}

/** Reads a snapshot file into the store's market layer; the reason when it is rejected. */
export function loadMarketFile(file: string, store: PresetStore): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return `cannot read ${file}: ${(e as Error).message.slice(0, 120)}`;
  }
  const s = codec.parseSnapshotFile(text, `file ${path.basename(file)}`);
  if (!s.ok) return `${file} is not a market snapshot: ${s.error}`;
  const v = s.value;
  // the snapshot is also the one day of history a file holds
  store.setMarketData({ snapshot: v, history: [{ date: v.asof.slice(0, 10), btc_price: v.btc_price, network_hashrate_eh: v.network_hashrate_eh, fees_btc_per_block: v.fees_btc_per_block, hashprice: v.hashprice }] });
  return undefined;
}
