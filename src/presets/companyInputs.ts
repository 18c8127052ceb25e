/**
 * The thin resolver between a company preset and the engine: it turns a preset,
 * the store's precedence chain and a call's overrides into what the pure engine
 * takes.
 * - modelContext: the per-MW model functions' evaluation (MINER_AI_YIELD,
 *   HASH_VS_LEASE, AI_ECONOMICS): one tranche (`tranche` names it), the whole
 *   book (a company with a contract book and no tranche), or one standard MW (a
 *   company without a book, the generic site, or `tranche` "standard").
 * - companyInput: COMPANY, COMPS and RAMP's inputs: the company's, each
 *   tranche's, the standard lease's, the capacity ledger and the balance sheet;
 *   #N/A naming a balance-sheet field the valuation needs and the preset lacks.
 */
import { keptRecord, keptList } from '../engine/caches';
import { BookContext, BookPiece } from '../engine/book';
import { Inputs } from '../engine/catalogue';
import { BalanceSheet, Capacity, CompanyInput, CompanyParams, PieceParams, TrancheInput } from '../engine/company';
import { EngineError, isEngineError, naError, valueError } from '../engine/errors';
import { Delivery } from '../engine/lease';
import { Context } from '../engine/models';
import { STANDARD_TRANCHE, WHOLE_BOOK_TRANCHE, addMonthsKeepingDay, trancheDeliveries, wholeMonthsBetween } from './companyData';
import { Overrides, PresetStore } from './store';
import { FieldRecord, Instrument, Preset, Tranche } from './types';

/** The model functions whose metrics read the AI side: a company's book replaces the per-MW standard lease in them. */
export const BOOK_MODELS: ReadonlySet<string> = new Set(['MINER_AI_YIELD', 'HASH_VS_LEASE', 'AI_ECONOMICS']);

const num = (r: FieldRecord | undefined): number | undefined => (r !== undefined && typeof r.value === 'number' ? r.value : undefined);

interface Deal {
  readonly tranche: Tranche;
  readonly inputs: Inputs;
  readonly deliveries: readonly Delivery[];
}

/** Each tranche's inputs (its layer over the company's and the overrides) and its schedule from the valuation date. */
function deals(store: PresetStore, ticker: string, tranches: readonly Tranche[], overrides: Overrides | null): Deal[] | EngineError {
  const out: Deal[] = [];
  for (const t of tranches) {
    const inputs = store.resolveTranche(ticker, t.name, overrides);
    if (isEngineError(inputs)) return inputs;
    out.push({ tranche: t, inputs, deliveries: trancheDeliveries(t, inputs.valuation_date as number, inputs.build_months as number) });
  }
  return out;
}

/**
 * The project view of deals (MINER_AI_YIELD and HASH_VS_LEASE report project
 * returns on the full capex): where a build started before the valuation date,
 * every deal's timeline starts at the earliest build start instead, its
 * valuation date moved back by as many months, so no capex is left out.
 */
function projectView(ds: readonly Deal[]): { inputs: Inputs; deliveries: readonly Delivery[] }[] {
  let origin = 0;
  for (const d of ds) for (const e of d.deliveries) origin = Math.min(origin, e.month - Math.max(0, Math.round(d.inputs.build_months as number)));
  return ds.map((d) =>
    origin === 0
      ? { inputs: d.inputs, deliveries: d.deliveries }
      : { inputs: { ...d.inputs, valuation_date: addMonthsKeepingDay(d.inputs.valuation_date as number, origin) }, deliveries: d.deliveries.map((e) => ({ month: e.month - origin, share: e.share })) },
  );
}

function chosenTranche(base: Inputs, overrides: Overrides | null): string {
  return String(overrides?.get('tranche') ?? base.tranche ?? WHOLE_BOOK_TRANCHE).toLowerCase();
}

/**
 * What a model function evaluates for a ticker and overrides: a named tranche
 * (its inputs and schedule), the whole book (a company with contracts, no
 * tranche), or one MW on the standard lease at the company's inputs.
 */
export function modelContext(store: PresetStore, modelName: string, ticker: string, overrides: Overrides | null): Context | EngineError {
  const inputs = store.resolve(ticker, overrides);
  if (isEngineError(inputs)) return inputs;
  if (ticker === '' || !BOOK_MODELS.has(modelName)) return new Context(inputs);
  const p = store.preset(ticker)!;
  const contracts = p.company?.contracts ?? [];
  const chosen = chosenTranche(inputs, overrides);
  if (chosen === STANDARD_TRANCHE || contracts.length === 0) return new Context(inputs);
  if (chosen !== WHOLE_BOOK_TRANCHE) {
    const t = contracts.find((c) => c.name.toLowerCase() === chosen)!; // the store has resolved it
    const [view] = projectView([{ tranche: t, inputs, deliveries: trancheDeliveries(t, inputs.valuation_date as number, inputs.build_months as number) }]);
    return new Context(view.inputs, view.deliveries);
  }
  const ds = deals(store, ticker, contracts, overrides);
  if (isEngineError(ds)) return ds;
  const views = projectView(ds);
  const pieces: BookPiece[] = ds.map((d, i) => ({ context: new Context(views[i].inputs, views[i].deliveries), grossMw: num(d.tranche.fields.gross_mw)! }));
  let gross = 0;
  for (const pc of pieces) gross += pc.grossMw;
  const bookInputs = overrides?.has('convert_mw') ? inputs : { ...inputs, convert_mw: gross };
  return new BookContext(bookInputs, pieces);
}

// ---- COMPANY ---------------------------------------------------------------------------------

/** Balance-sheet fields the company valuation needs; a preset without one gives #N/A naming it. */
export const REQUIRED_BALANCE_FIELDS: readonly string[] = ['shares_basic', 'cash_usd', 'btc_held', 'corporate_ga_usd_yr'];

function instrumentNumber(i: Instrument, name: string): number | undefined {
  return num(i.fields[name]);
}

/** Balance sheets by preset: they depend on the preset alone (no input moves them), and a changed preset is a new object. */
const balanceSheets = new WeakMap<Preset, BalanceSheet | EngineError>();

function balanceSheet(p: Preset): BalanceSheet | EngineError {
  let b = balanceSheets.get(p);
  if (!b) balanceSheets.set(p, (b = readBalanceSheet(p)));
  return b;
}

function readBalanceSheet(p: Preset): BalanceSheet | EngineError {
  const c = p.company!;
  const f = c.fields;
  for (const name of REQUIRED_BALANCE_FIELDS) {
    if (num(f[name]) === undefined) return naError(`${p.ticker}'s preset does not give ${name}, which the company valuation needs; set it in an imported preset`);
  }
  return {
    sharesBasic: num(f.shares_basic)!,
    rsus: num(f.rsus) ?? 0,
    cashUsd: num(f.cash_usd)!,
    btcHeld: num(f.btc_held)!,
    preferredUsd: num(f.preferred_usd) ?? 0,
    minorityUsd: num(f.minority_interest_usd) ?? 0,
    gaUsdYr: num(f.corporate_ga_usd_yr)!,
    convertibles: c.convertibles.map((i) => ({ name: i.name, faceUsd: instrumentNumber(i, 'face_usd')!, conversionPrice: instrumentNumber(i, 'conversion_price')!, capPrice: instrumentNumber(i, 'cap_price') })),
    warrants: c.warrants.map((i) => ({ name: i.name, count: instrumentNumber(i, 'count')!, strike: instrumentNumber(i, 'strike')! })),
    debt: c.debt.map((i) => ({ name: i.name, faceUsd: instrumentNumber(i, 'face_usd')!, recourse: (instrumentNumber(i, 'recourse') ?? 1) === 1, ownership: instrumentNumber(i, 'ownership_share') ?? 1 })),
  };
}

/** Capacity by preset and valuation date (the only input it reads): the last one asked for each preset. */
const capacities = new WeakMap<Preset, { serial: number; capacity: Capacity }>();

function capacity(p: Preset, valuationSerial: number): Capacity {
  const hit = capacities.get(p);
  if (hit && hit.serial === valuationSerial) return hit.capacity;
  const c = readCapacity(p, valuationSerial);
  capacities.set(p, { serial: valuationSerial, capacity: c });
  return c;
}

function readCapacity(p: Preset, valuationSerial: number): Capacity {
  const f = p.company!.fields;
  const end = f.mining_end_date?.value;
  const energizedMw = num(f.energized_mw)!;
  const underConstructionMw = num(f.under_construction_mw) ?? 0;
  const contractedUnbuiltMw = num(f.contracted_unbuilt_mw) ?? 0;
  return {
    energizedMw,
    miningMw: num(f.mining_mw)!,
    underConstructionMw,
    contractedUnbuiltMw,
    pipelineMw: num(f.pipeline_mw) ?? 0,
    securedUnbuiltMw: Math.max(0, num(f.power_mw)! - energizedMw - underConstructionMw - contractedUnbuiltMw),
    miningEndMonth: typeof end === 'string' ? wholeMonthsBetween(valuationSerial, end) : Infinity,
  };
}

/**
 * COMPANY's inputs for a ticker and company-wide overrides. #N/A for the
 * generic site or a preset without a company (schema 1), or without a
 * balance-sheet field the valuation needs; #VALUE! for a `tranche` override
 * (COMPANY values every tranche).
 */
export function companyInput(store: PresetStore, ticker: string, overrides: Overrides | null): CompanyInput | EngineError {
  if (ticker === '') return naError('COMPANY needs a company ticker: the generic site ("") has no capacity, contract book or balance sheet');
  const base = store.base(ticker);
  if (isEngineError(base)) return base;
  if (overrides?.has('tranche')) return valueError('tranche is not an override of a company valuation: it values every tranche of the book (use MINER_AI_YIELD or HASH_VS_LEASE with "tranche" for one deal)');
  const p = store.preset(ticker)!;
  if (!p.company) return naError(`${p.ticker}'s preset has model inputs only (schema 1): no capacity, contract book or balance sheet to value`);
  const company = store.resolve(ticker, overrides);
  if (isEngineError(company)) return company;
  const standard = store.resolve('', overrides);
  if (isEngineError(standard)) return standard;
  const balance = balanceSheet(p);
  if (isEngineError(balance)) return balance;
  const ds = deals(store, ticker, p.company.contracts, overrides);
  if (isEngineError(ds)) return ds;
  // keptRecord and keptList: a cached COMPANY model keeps these (src/engine/caches.ts says why they are not literals)
  const tranches: TrancheInput[] = ds.map((d) => {
    const f = d.tranche.fields;
    return keptRecord({
      name: d.tranche.name,
      params: d.inputs as unknown as PieceParams,
      deliveries: d.deliveries,
      grossMw: num(f.gross_mw)!,
      itMw: num(f.it_mw)!,
      ownership: num(f.ownership_share) ?? 1,
      capexPaidShare: num(f.capex_paid_share),
    });
  });
  return keptRecord({
    company: company as unknown as CompanyParams,
    standard: standard as unknown as PieceParams,
    capacity: capacity(p, company.valuation_date as number),
    balance,
    tranches: keptList(tranches),
  });
}
