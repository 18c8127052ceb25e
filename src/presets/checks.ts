/**
 * The consistency checks of a schema-2 preset and its sourcing audit, as pure
 * functions of a validated preset. A preset whose book fails a consistency check
 * is rejected at load and import (schema2.ts); the sourcing standard (at most
 * 25 % of decision-relevant fields assumed) is enforced on the bundled presets
 * by `btcai validate-bundled` and reported by `btcai presets --audit`.
 *
 * Each check answers for the whole preset: ok, a one-line detail a reader can
 * recompute (the figures it compared), and one message per failure saying what
 * to fix.
 */
import { inputSpec } from '../engine/catalogue';
import { escalatedRentSumUsd, startingRentForTcv } from '../engine/lease';
import { fieldIn, ListName } from './fields';
import { Company, FieldRecord, PRIMARY_KINDS, Preset, Tranche } from './types';

export type CheckName =
  | 'shape'
  | 'schema_2'
  | 'it_mw_within_gross'
  | 'schedule_sums_to_it_mw'
  | 'tcv_reproduced'
  | 'capacity_stages'
  | 'tranches_fit_capacity'
  | 'hashrate_implied'
  | 'balance_sheet_dated'
  | 'sourcing';

export interface CheckResult {
  readonly name: CheckName;
  readonly ok: boolean;
  /** What was compared, with the figures (or why the check does not apply). */
  readonly detail: string;
  /** One message per failure: what is wrong and what would fix it. */
  readonly failures: readonly string[];
}

/** Escalated rents reproduce the TCV within this share. */
export const TCV_TOLERANCE = 0.01;
/** Implied hashrate within this share of the reported one. */
export const HASHRATE_TOLERANCE = 0.25;
/** Shares, cash, debt and convertibles dated within this many months of each other. */
export const BALANCE_SHEET_MONTHS = 9;
/** At most this share of decision-relevant fields may be assumptions (bundled presets). */
export const MAX_ASSUMED_SHARE = 0.25;
/** A schedule sums to it_mw within rounding: 0.1 % or 0.01 MW, whichever is larger. */
const SCHEDULE_TOLERANCE = 0.001;

const HOURS_PER_YEAR = 8760;

// ---- reading validated records -------------------------------------------------------

function num(rec: FieldRecord | undefined): number | undefined {
  return rec !== undefined && typeof rec.value === 'number' ? rec.value : undefined;
}
function text(rec: FieldRecord | undefined): string | undefined {
  return rec !== undefined && typeof rec.value === 'string' ? rec.value : undefined;
}

/** A number as a reader checks it by hand: 7.00 B, 245, 0.025. */
export function fmt(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e9) return `${(x / 1e9).toFixed(2)} B`;
  if (a >= 1e6) return `${Number((x / 1e6).toPrecision(4))} M`;
  if (a >= 100 || Number.isInteger(x)) return String(Math.round(x * 10) / 10);
  return String(Number(x.toPrecision(4)));
}
const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)} %`;

/** The tranche's AI mode: its own, else the company's, else the catalogue default. */
function trancheMode(c: Company, t: Tranche): string {
  return text(t.fields.ai_mode) ?? text(c.fields.ai_mode) ?? String(inputSpec('ai_mode')!.default);
}

/** The tranche's value of a model input, else the company's (undefined when neither sets it). */
function trancheOrCompany(c: Company, t: Tranche, name: string): number | undefined {
  return num(t.fields[name]) ?? num(c.fields[name]);
}

/** A capacity stage the preset may leave out (nothing in that stage): 0 when absent. */
function stage(c: Company, name: 'under_construction_mw' | 'contracted_unbuilt_mw'): number {
  return num(c.fields[name]) ?? 0;
}

function result(name: CheckName, failures: string[], okDetail: string, failDetail?: string): CheckResult {
  return { name, ok: failures.length === 0, detail: failures.length === 0 ? okDetail : failDetail ?? failures.join('; '), failures };
}

// ---- the checks ------------------------------------------------------------------------

/** Per tranche: IT MW ≤ gross MW (a hall cannot deliver more IT power than it draws from the grid). */
export function checkItWithinGross(c: Company): CheckResult {
  const failures: string[] = [];
  const parts: string[] = [];
  for (const t of c.contracts) {
    const it = num(t.fields.it_mw)!;
    const gross = num(t.fields.gross_mw)!;
    parts.push(`${t.name} ${fmt(it)} ≤ ${fmt(gross)}`);
    if (it > gross) failures.push(`contract "${t.name}": it_mw ${fmt(it)} is above gross_mw ${fmt(gross)}; IT MW is the critical load, gross MW the grid draw (IT × PUE), so IT ≤ gross`);
  }
  return result('it_mw_within_gross', failures, parts.length ? `IT ≤ gross MW: ${parts.join('; ')}` : 'no contracts');
}

/** Per tranche with a schedule: its deliveries sum to it_mw. */
export function checkScheduleSums(c: Company): CheckResult {
  const failures: string[] = [];
  const parts: string[] = [];
  for (const t of c.contracts) {
    const sched = t.fields.schedule?.value;
    if (!Array.isArray(sched)) continue;
    const it = num(t.fields.it_mw)!;
    const sum = sched.reduce((s, e) => s + e.it_mw, 0);
    parts.push(`${t.name} Σ ${fmt(sum)} = ${fmt(it)}`);
    if (Math.abs(sum - it) > Math.max(0.01, SCHEDULE_TOLERANCE * it)) failures.push(`contract "${t.name}": the schedule's deliveries sum to ${fmt(sum)} IT MW, not it_mw ${fmt(it)}; make the deliveries add up to the deal's IT MW`);
  }
  return result('schedule_sums_to_it_mw', failures, parts.length ? `schedules: ${parts.join('; ')}` : 'no schedules');
}

/**
 * Per tranche with a TCV: a colocation deal's starting rent, escalated on each
 * delivery's anniversaries over its term, reproduces the TCV within 1 %
 * (Σ = r0 · 12 · IT kW · Σ_{y<T}(1+e)^y); a cloud deal's GPUs × rate × hours ×
 * utilization × term does, where the tranche gives them.
 */
export function checkTcv(c: Company): CheckResult {
  const failures: string[] = [];
  const parts: string[] = [];
  for (const t of c.contracts) {
    const tcv = num(t.fields.tcv_usd);
    if (tcv === undefined) continue;
    const it = num(t.fields.it_mw)!;
    // a tranche inherits the company's model inputs it does not set (docs/presets.md)
    const term = trancheOrCompany(c, t, 'lease_term_years');
    const where = `contract "${t.name}"`;
    if (trancheMode(c, t) === 'cloud') {
      const gpus = num(t.fields.gpu_count);
      const rate = num(t.fields.gpu_hour_rate);
      const util = trancheOrCompany(c, t, 'utilization');
      if (gpus === undefined || rate === undefined || term === undefined || util === undefined) {
        parts.push(`${t.name}: cloud deal, not checked (needs gpu_count, gpu_hour_rate, lease_term_years and utilization)`);
        continue;
      }
      const sum = gpus * rate * HOURS_PER_YEAR * util * term;
      const gap = sum / tcv - 1;
      parts.push(`${t.name}: ${fmt(gpus)} GPUs × ${fmt(rate)} USD/h × 8760 h × ${fmt(util)} × ${fmt(term)} y = ${fmt(sum)} vs TCV ${fmt(tcv)} (${gap >= 0 ? '+' : ''}${pct(gap, 2)})`);
      if (Math.abs(gap) > TCV_TOLERANCE) {
        const fix = tcv / (gpus * HOURS_PER_YEAR * util * term);
        failures.push(`${where}: ${fmt(gpus)} GPUs at ${fmt(rate)} USD per GPU-hour, ${pct(util, 0)} utilized for ${fmt(term)} years, sum to ${fmt(sum)} USD, ${pct(Math.abs(gap))} ${gap < 0 ? 'below' : 'above'} the TCV of ${fmt(tcv)} (allowed: ${pct(TCV_TOLERANCE, 0)}); the rate that reproduces it is ${fmt(fix)}`);
      }
      continue;
    }
    const r0 = trancheOrCompany(c, t, 'lease_rate_kw_month');
    const esc = trancheOrCompany(c, t, 'lease_escalator');
    const missing = [r0 === undefined && 'lease_rate_kw_month', term === undefined && 'lease_term_years', esc === undefined && 'lease_escalator'].filter(Boolean);
    if (missing.length > 0) {
      failures.push(`${where}: a deal with tcv_usd needs ${missing.join(', ')} (on the tranche, or the company's) to check its rents against the TCV (an undisclosed escalator is an assumption that says why)`);
      continue;
    }
    const sum = escalatedRentSumUsd(r0!, it, term!, esc!);
    const gap = sum / tcv - 1;
    parts.push(`${t.name}: ${fmt(r0!)} USD/kW-month × ${fmt(it)} IT MW over ${fmt(term!)} y at ${pct(esc!)}/yr = ${fmt(sum)} vs TCV ${fmt(tcv)} (${gap >= 0 ? '+' : ''}${pct(gap, 2)})`);
    if (!(Math.abs(gap) <= TCV_TOLERANCE)) {
      const fix = startingRentForTcv(tcv, it, term!, esc!);
      failures.push(
        `${where}: the starting rent ${fmt(r0!)} USD per IT kW-month, escalated ${pct(esc!)}/yr over ${fmt(term!)} years on ${fmt(it)} IT MW, sums to ${fmt(sum)} USD, ${pct(Math.abs(gap))} ${gap < 0 ? 'below' : 'above'} the TCV of ${fmt(tcv)} (allowed: ${pct(TCV_TOLERANCE, 0)}); the starting rent that reproduces it is ${fmt(fix)}`,
      );
    }
  }
  return result('tcv_reproduced', failures, parts.length ? parts.join('; ') : 'no contract with a TCV');
}

/** The capacity ledger: mining ≤ energised; energised + under construction + contracted unbuilt ≤ secured power. */
export function checkCapacityStages(c: Company): CheckResult {
  const f = c.fields;
  const [power, energized, mining] = ['power_mw', 'energized_mw', 'mining_mw'].map((n) => num(f[n])!);
  const [uc, cu] = [stage(c, 'under_construction_mw'), stage(c, 'contracted_unbuilt_mw')];
  const failures: string[] = [];
  if (mining > energized) failures.push(`mining_mw ${fmt(mining)} is above energized_mw ${fmt(energized)}; mining MW are part of the energised MW`);
  const held = energized + uc + cu;
  if (held > power * (1 + 1e-9)) failures.push(`energized_mw ${fmt(energized)} + under_construction_mw ${fmt(uc)} + contracted_unbuilt_mw ${fmt(cu)} = ${fmt(held)} is above power_mw ${fmt(power)}; power_mw is secured grid capacity, which holds every built, building or contracted MW (all attributable)`);
  return result('capacity_stages', failures, `mining ${fmt(mining)} ≤ energised ${fmt(energized)}; energised + building + contracted unbuilt ${fmt(held)} ≤ secured ${fmt(power)} MW`);
}

/** The tranches' gross MW at ownership share fit in the capacity that can hold them. */
export function checkTranchesFit(c: Company): CheckResult {
  if (c.contracts.length === 0) return result('tranches_fit_capacity', [], 'no contracts');
  const f = c.fields;
  const cap = num(f.energized_mw)! + stage(c, 'under_construction_mw') + stage(c, 'contracted_unbuilt_mw');
  let sum = 0;
  const parts: string[] = [];
  for (const t of c.contracts) {
    const share = num(t.fields.ownership_share) ?? 1;
    const g = num(t.fields.gross_mw)! * share;
    sum += g;
    parts.push(share === 1 ? `${t.name} ${fmt(g)}` : `${t.name} ${fmt(num(t.fields.gross_mw)!)} × ${fmt(share)} = ${fmt(g)}`);
  }
  const detail = `Σ tranche gross MW at ownership ${fmt(sum)} (${parts.join(' + ')}) ≤ energised + building + contracted unbuilt ${fmt(cap)}`;
  const failures =
    sum > cap * (1 + 1e-9)
      ? [`the contracts' gross MW at ownership share sum to ${fmt(sum)} (${parts.join(' + ')}), above the ${fmt(cap)} MW energised, under construction or contracted unbuilt; a leased MW must sit in one of those stages (check gross vs IT MW and ownership shares)`]
      : [];
  return { name: 'tranches_fit_capacity', ok: failures.length === 0, detail, failures };
}

/** Hashrate implied by mining MW ÷ overhead ÷ J/TH within 25 % of the reported hashrate. */
export function checkHashrate(c: Company): CheckResult {
  const f = c.fields;
  const mining = num(f.mining_mw)!;
  const reported = num(f.hashrate_eh);
  if (mining === 0) {
    const failures = reported !== undefined && reported > 0 ? [`hashrate_eh ${fmt(reported)} EH/s with mining_mw 0; give the MW the fleet runs on (hosted sites included) or a hashrate of 0`] : [];
    return result('hashrate_implied', failures, 'no mining (mining_mw 0)');
  }
  const eff = num(f.efficiency_j_th);
  const missing = [reported === undefined && 'hashrate_eh', eff === undefined && 'efficiency_j_th'].filter(Boolean);
  if (missing.length > 0) return result('hashrate_implied', [`mining_mw is ${fmt(mining)} but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing; a miner's preset states its reported hashrate and fleet efficiency`], '');
  const overheadSet = num(f.mining_overhead);
  const overhead = overheadSet ?? (inputSpec('mining_overhead')!.default as number);
  // MW · 1e6 W / overhead / (J/TH) = TH/s; ÷ 1e6 = EH/s
  const implied = mining / overhead / eff!;
  const gap = reported! > 0 ? implied / reported! - 1 : Infinity;
  const detail = `${fmt(mining)} MW ÷ ${fmt(overhead)}${overheadSet === undefined ? ' (default overhead)' : ''} ÷ ${fmt(eff!)} J/TH = ${fmt(implied)} EH/s vs reported ${fmt(reported!)} (${Number.isFinite(gap) ? `${gap >= 0 ? '+' : ''}${pct(gap)}` : 'reported 0'})`;
  const failures =
    Math.abs(gap) <= HASHRATE_TOLERANCE
      ? []
      : [`mining_mw ${fmt(mining)} ÷ mining_overhead ${fmt(overhead)} ÷ efficiency_j_th ${fmt(eff!)} implies ${fmt(implied)} EH/s, ${Number.isFinite(gap) ? `${pct(Math.abs(gap), 0)} ${gap < 0 ? 'below' : 'above'}` : 'against'} the reported hashrate_eh ${fmt(reported!)} (allowed: ${pct(HASHRATE_TOLERANCE, 0)}); check which MW run ASICs and the fleet's J/TH`];
  return { name: 'hashrate_implied', ok: failures.length === 0, detail, failures };
}

/** The ISO date `months` calendar months after `iso`, clamped to the month's end (Mar 31 + 11 → Feb 28/29). */
export function addMonthsIso(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}

/** Shares, cash, and the principal of every debt and convertible item dated within 9 months of each other (one balance sheet, not a collage). */
export function checkBalanceDated(c: Company): CheckResult {
  const dated: { label: string; asof: string }[] = [];
  for (const n of ['shares_basic', 'cash_usd']) if (c.fields[n]) dated.push({ label: n, asof: c.fields[n].asof });
  // an instrument is dated by its principal outstanding (face_usd); its terms (conversion price, rate, maturity) date from issue and stay valid
  for (const [list, items] of [['convertible', c.convertibles], ['debt', c.debt]] as const) {
    for (const item of items) dated.push({ label: `${list} "${item.name}" face_usd`, asof: item.fields.face_usd.asof });
  }
  let lo = dated[0];
  let hi = dated[0];
  for (const d of dated) {
    if (d.asof < lo.asof) lo = d;
    if (d.asof > hi.asof) hi = d;
  }
  const limit = addMonthsIso(lo.asof, BALANCE_SHEET_MONTHS);
  const detail = `balance sheet dated ${lo.asof} (${lo.label}) to ${hi.asof} (${hi.label}), limit ${BALANCE_SHEET_MONTHS} months`;
  const failures = hi.asof > limit ? [`${hi.label} is dated ${hi.asof}, more than ${BALANCE_SHEET_MONTHS} months after ${lo.label} (${lo.asof}); take shares, cash, debt and convertibles from filings within ${BALANCE_SHEET_MONTHS} months of each other`] : [];
  return { name: 'balance_sheet_dated', ok: failures.length === 0, detail, failures };
}

/** The consistency checks, in the order docs/presets.md lists them. A schema-2 preset must pass all of them to load. */
export function consistencyChecks(p: Preset): CheckResult[] {
  const c = p.company;
  if (!c) return [];
  return [checkItWithinGross(c), checkScheduleSums(c), checkTcv(c), checkCapacityStages(c), checkTranchesFit(c), checkHashrate(c), checkBalanceDated(c)];
}

// ---- sourcing --------------------------------------------------------------------------

export interface SourcingCounts {
  /** Decision-relevant field records (capacity by stage, contract terms, balance sheet, hashrate, efficiency, power price). */
  readonly decision_fields: number;
  readonly assumed: number;
  readonly assumed_share: number;
  /** Decision fields citing a source: of a primary document, of a press rewrite, or (schema 1) free text. */
  readonly sourced_primary: number;
  readonly sourced_press: number;
  readonly sourced_unregistered: number;
  /** Every field record, decision-relevant or not. */
  readonly fields: number;
  readonly fields_assumed: number;
  readonly sources_primary: number;
  readonly sources_press: number;
}

/** Every field record of a preset with the list it sits in. */
export function allRecords(p: Preset): { list: ListName; name: string; where: string; rec: FieldRecord }[] {
  const out: { list: ListName; name: string; where: string; rec: FieldRecord }[] = [];
  const c = p.company;
  if (!c) {
    for (const [name, rec] of Object.entries(p.fields)) out.push({ list: 'fields', name, where: name, rec });
    return out;
  }
  for (const [name, rec] of Object.entries(c.fields)) out.push({ list: 'fields', name, where: name, rec });
  for (const t of c.contracts) for (const [name, rec] of Object.entries(t.fields)) out.push({ list: 'contracts', name, where: `contract "${t.name}" ${name}`, rec });
  for (const [list, items] of [['convertibles', c.convertibles], ['warrants', c.warrants], ['debt', c.debt]] as const) {
    for (const i of items) for (const [name, rec] of Object.entries(i.fields)) out.push({ list, name, where: `${list} "${i.name}" ${name}`, rec });
  }
  return out;
}

export function sourcingCounts(p: Preset): SourcingCounts {
  let decision = 0;
  let assumed = 0;
  let primary = 0;
  let press = 0;
  let unregistered = 0;
  let fields = 0;
  let fieldsAssumed = 0;
  const sources = p.company?.sources ?? {};
  for (const { list, name, rec } of allRecords(p)) {
    fields++;
    if (rec.assumption !== undefined) fieldsAssumed++;
    if (!fieldIn(list, name)?.decision) continue;
    decision++;
    if (rec.assumption !== undefined) assumed++;
    else if (!p.company) unregistered++;
    else if (PRIMARY_KINDS.has(sources[rec.source!].kind)) primary++;
    else press++;
  }
  const kinds = Object.values(sources).map((s) => s.kind);
  return {
    decision_fields: decision,
    assumed,
    assumed_share: decision > 0 ? assumed / decision : 0,
    sourced_primary: primary,
    sourced_press: press,
    sourced_unregistered: unregistered,
    fields,
    fields_assumed: fieldsAssumed,
    sources_primary: kinds.filter((k) => PRIMARY_KINDS.has(k)).length,
    sources_press: kinds.filter((k) => k === 'press').length,
  };
}

/** The sourcing standard of the bundled presets: at most 25 % of decision-relevant fields assumed. */
export function checkSourcing(p: Preset, counts: SourcingCounts = sourcingCounts(p)): CheckResult {
  const detail = `${counts.assumed} of ${counts.decision_fields} decision-relevant fields assumed (${pct(counts.assumed_share)}, limit ${pct(MAX_ASSUMED_SHARE, 0)}); sourced: ${counts.sourced_primary} primary, ${counts.sourced_press} press`;
  if (counts.assumed_share <= MAX_ASSUMED_SHARE) return { name: 'sourcing', ok: true, detail, failures: [] };
  const assumedNames = allRecords(p)
    .filter((r) => r.rec.assumption !== undefined && fieldIn(r.list, r.name)?.decision)
    .map((r) => r.where);
  const need = Math.ceil(counts.assumed - MAX_ASSUMED_SHARE * counts.decision_fields);
  return {
    name: 'sourcing',
    ok: false,
    detail,
    failures: [`${p.ticker}: ${counts.assumed} of ${counts.decision_fields} decision-relevant fields are assumptions (${pct(counts.assumed_share)}); at most ${pct(MAX_ASSUMED_SHARE, 0)} — source at least ${need} more from primary documents. Assumed: ${assumedNames.slice(0, 30).join(', ')}${assumedNames.length > 30 ? ', …' : ''}`],
  };
}

// ---- the audit -------------------------------------------------------------------------

export interface AuditEntry {
  readonly ticker: string;
  readonly quarter: string | null;
  readonly decision_fields: number;
  readonly assumed: number;
  readonly assumed_share: number;
  readonly checks: readonly { readonly name: CheckName; readonly ok: boolean; readonly detail: string }[];
  readonly ok: boolean;
  readonly schema: 1 | 2 | null;
  readonly name: string;
  readonly asof: string | null;
  readonly sourced_primary: number;
  readonly sourced_press: number;
  readonly sourced_unregistered: number;
  readonly fields: number;
  readonly sources_primary: number;
  readonly sources_press: number;
  readonly contracts: number;
}

const SHAPE_DETAIL = 'known keys, safe text, real dates, https sources of known kinds, every cited source exists, values in range';

/** The standard a bundled preset meets: shape, schema 2, every consistency check, sourcing. */
export function standardChecks(p: Preset): CheckResult[] {
  const shape: CheckResult = { name: 'shape', ok: true, detail: SHAPE_DETAIL, failures: [] };
  if (p.schema !== 2) {
    return [shape, { name: 'schema_2', ok: false, detail: 'schema 1: model inputs only, no capacity by stage, contract book, balance sheet or source registry', failures: [`${p.ticker}: the preset is schema 1 (model inputs only); the bundled standard needs schema 2`] }];
  }
  return [shape, ...consistencyChecks(p), checkSourcing(p)];
}

/** One audit row of a valid preset. */
export function auditPreset(p: Preset): AuditEntry {
  const counts = sourcingCounts(p);
  const checks = standardChecks(p);
  return {
    ticker: p.ticker,
    quarter: p.company?.quarter ?? null,
    decision_fields: counts.decision_fields,
    assumed: counts.assumed,
    assumed_share: Math.round(counts.assumed_share * 10000) / 10000,
    checks: checks.map(({ name, ok, detail }) => ({ name, ok, detail })),
    ok: checks.every((x) => x.ok),
    schema: p.schema,
    name: p.name,
    asof: p.asof,
    sourced_primary: counts.sourced_primary,
    sourced_press: counts.sourced_press,
    sourced_unregistered: counts.sourced_unregistered,
    fields: counts.fields,
    sources_primary: counts.sources_primary,
    sources_press: counts.sources_press,
    contracts: p.company?.contracts.length ?? 0,
  };
}

/** One audit row of a document that did not validate: its shape check fails with the reasons. */
export function auditRejected(doc: unknown, errors: readonly string[]): AuditEntry {
  const o = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
  const str = (x: unknown, max = 40) => (typeof x === 'string' && x.length <= max && !/[<>\u0000-\u001f]/.test(x) ? x : null);
  return {
    ticker: str(o.ticker) ?? '?',
    quarter: str(o.quarter),
    decision_fields: 0,
    assumed: 0,
    assumed_share: 0,
    checks: [{ name: 'shape', ok: false, detail: errors.slice(0, 50).join(' | ') }],
    ok: false,
    schema: o.schema === 2 ? 2 : o.schema === undefined || o.schema === 1 ? 1 : null,
    name: str(o.name, 200) ?? '',
    asof: str(o.asof),
    sourced_primary: 0,
    sourced_press: 0,
    sourced_unregistered: 0,
    fields: 0,
    sources_primary: 0,
    sources_press: 0,
    contracts: 0,
  };
}
