/**
 * A comparison, not a floor: 10 000 sites' per-site delta as plain spreadsheet
 * formulas recalculated by HyperFormula (dev only, GPL; required at run time, never
 * bundled) against 10 000 HASH_VS_LEASE calls with four overrides each.
 */
import * as F from '../src/functions/functions';
import { Inputs } from '../src/engine/catalogue';
import { subsidyBtcAtSerial } from '../src/engine/network';
import { store } from '../src/presets/bundled';

export interface Comparison {
  readonly id: string;
  readonly title: string;
  readonly btcaiMs: number;
  readonly hyperformulaRecalcMs: number;
  readonly hyperformulaBuildMs: number;
  /** HyperFormula's recalculation time / BTCAI's time. */
  readonly ratio: number;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;
function median(fn: () => void, reps: number): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = now();
    fn();
    t.push(now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(reps / 2)];
}

export function hyperFormulaComparison(): Comparison {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { HyperFormula } = require('hyperformula');
  const SITES = 10_000;
  const site = (i: number) => ({ power_price_mwh: 30 + (i % 40), efficiency_j_th: 15 + (i % 10), lease_rate_kw_month: 120 + (i % 60), pue: 1.15 + (i % 20) * 0.01 });
  const m = store.base('') as Inputs;
  const subsidy = subsidyBtcAtSerial(m.valuation_date as number, m.block_minutes as number);
  // shared assumptions in row 1 (A..N), one site per row below: mining EBITDA, AI EBITDA and delta as plain formulas
  const shared = [m.btc_price, m.network_hashrate_eh, m.fees_btc_per_block, subsidy, m.mining_overhead, m.uptime, m.pool_fee, m.mining_opex_mw_yr, m.curtailment_credit_mw_yr, m.occupancy, m.ai_opex_mw_it_yr, m.power_pass_through, m.load_factor];
  const sheet: (number | string)[][] = [[...(shared as number[]), '=144*(D1+C1)*A1/(B1*1000)']];
  for (let i = 0; i < SITES; i++) {
    const s = site(i);
    const r = i + 2;
    sheet.push([
      s.power_price_mwh,
      s.efficiency_j_th,
      s.lease_rate_kw_month,
      s.pue,
      `=1000000/$E$1/B${r}/1000*$N$1*365*$F$1*(1-$G$1)-8760*$F$1*A${r}-$H$1+$I$1`,
      `=(1/D${r})*1000*C${r}*12*$J$1-(1/D${r})*$K$1-(1-$L$1)*8760*$M$1*A${r}`,
      `=F${r}-E${r}`,
    ]);
  }
  type Hf = { setCellContents: (a: object, v: unknown) => void; getCellValue: (a: object) => unknown; destroy: () => void };
  let hf: Hf | undefined;
  const build = median(() => {
    hf?.destroy();
    hf = HyperFormula.buildFromArray(sheet, { licenseKey: 'gpl-v3' }) as Hf;
  }, 3);
  let price = 100000;
  const recalc = median(() => hf!.setCellContents({ sheet: 0, row: 0, col: 0 }, [[(price += 1000)]]), 5);
  hf!.setCellContents({ sheet: 0, row: 0, col: 0 }, [[m.btc_price]]);
  const hfDelta = hf!.getCellValue({ sheet: 0, row: 1, col: 6 }) as number;
  hf!.destroy();
  const overrides = Array.from({ length: SITES }, (_, i) => [Object.entries(site(i))] as never);
  const btcaiDelta = (F.hashVsLease('', 'delta', overrides[0]) as number[][])[0][0];
  if (Math.abs(hfDelta - btcaiDelta) > 1e-6 * Math.abs(btcaiDelta)) throw new Error(`bench: HyperFormula delta ${hfDelta} differs from BTCAI ${btcaiDelta}`);
  let sink = 0;
  const btcai = median(() => {
    for (let i = 0; i < SITES; i++) sink += (F.hashVsLease('', 'delta', overrides[i]) as number[][])[0][0];
  }, 7);
  if (sink === 0) throw new Error('bench: no results');
  return {
    id: 'hyperformula_sites',
    title: '10 000 sites: per-site delta. BTCAI: 10 000 × HASH_VS_LEASE("", "delta", 4 overrides); HyperFormula: the same model as 30 000 plain formulas, recalculated after a btc_price edit',
    btcaiMs: btcai,
    hyperformulaRecalcMs: recalc,
    hyperformulaBuildMs: build,
    ratio: recalc / btcai,
  };
}
