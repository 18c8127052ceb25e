/**
 * What the pane's buttons do, as functions of an Excel.RequestContext and the
 * preset store: testable with a mocked context. Every action reads the workbook's
 * snapshot afresh, validates before it writes, and changes the store only after
 * the workbook writes succeeded. A damaged snapshot is never overwritten: the
 * actions that would save one refuse until the user keeps the damaged copy aside.
 */
import type { Preset, Validation } from '../presets/schema';
import type { PresetStore } from '../presets/store';
import { deleteSetting, readSetting, readTable, recalculate, writeSetting, writeSheet, writeTable } from '../office/workbook';
import { planImport } from './importing';
import { modelSheetPlan } from './modelSheet';
import { CellChange, SheetData, SHEET_NAME, TABLE_NAME, copiedCells, describeChange, diffSheets, layerOf, mergeSource, parseTableValues, sheetToValues, sourceSheet } from './presetTable';
import { SNAPSHOT_KEY, Snapshot, damagedKey, decodeSnapshot, encodeSnapshot } from './snapshot';

export interface Outcome {
  readonly ok: boolean;
  readonly message: string;
  readonly details: readonly string[];
}

export type SnapshotState =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly snapshot: Snapshot }
  | { readonly kind: 'damaged'; readonly raw: string; readonly errors: readonly string[] };

const done = (message: string, details: readonly string[] = []): Outcome => ({ ok: true, message, details });
const refused = (message: string, details: readonly string[] = []): Outcome => ({ ok: false, message, details });

export async function readSnapshotState(context: Excel.RequestContext): Promise<SnapshotState> {
  const raw = await readSetting(context, SNAPSHOT_KEY);
  if (raw === null) return { kind: 'none' };
  const d = decodeSnapshot(raw);
  return d.ok ? { kind: 'ok', snapshot: d.snapshot } : { kind: 'damaged', raw, errors: d.errors };
}

const DAMAGED = 'This workbook\'s BTCAI snapshot is damaged, so BTCAI uses its bundled presets. Nothing was saved: choose "Keep damaged copy" to set it aside first.';

function applyToStore(store: PresetStore, snapshot: Snapshot): void {
  store.setImported(snapshot.imported);
  store.setWorkbookLayer(layerOf(snapshot.sheet), copiedCells(snapshot.sheet, snapshot.baseline));
}

/**
 * On opening: a valid snapshot becomes the store's workbook layer (and its
 * imports), then formulas recalculate; a damaged one leaves the bundled presets
 * in use and the damaged text untouched.
 */
export async function startup(context: Excel.RequestContext, store: PresetStore): Promise<{ state: SnapshotState; outcome: Outcome | null }> {
  const state = await readSnapshotState(context);
  if (state.kind === 'none') return { state, outcome: null };
  if (state.kind === 'damaged') {
    return { state, outcome: refused('This workbook\'s BTCAI snapshot is damaged; BTCAI is using its bundled presets. The damaged copy is left as it is.', state.errors) };
  }
  applyToStore(store, state.snapshot);
  await recalculate(context);
  const t = state.snapshot.sheet.tickers;
  return { state, outcome: done(`Using this workbook's presets saved ${state.snapshot.saved}${t.length ? ` (${t.join(', ')})` : ''}.`) };
}

/** The table the user sees, or what the snapshot says it was; a bad table is an error with addresses. */
async function currentSheet(context: Excel.RequestContext, state: SnapshotState): Promise<{ ok: true; sheet: SheetData | null; fromTable: boolean } | { ok: false; errors: string[] }> {
  const t = await readTable(context, TABLE_NAME);
  if (t) {
    const p = parseTableValues(t.values, t.address);
    return p.ok ? { ok: true, sheet: p.sheet, fromTable: true } : p;
  }
  return { ok: true, sheet: state.kind === 'ok' ? state.snapshot.sheet : null, fromTable: false };
}

const EMPTY: SheetData = { tickers: [], cells: {}, asof: {} };

function withColumns(base: SheetData, extra: SheetData | undefined, keep: readonly string[]): SheetData {
  if (!extra) return base;
  const missing = keep.filter((t) => !base.tickers.includes(t) && extra.tickers.includes(t));
  if (missing.length === 0) return base;
  const cells = { ...base.cells };
  const asof = { ...base.asof };
  for (const t of missing) {
    cells[t] = extra.cells[t];
    asof[t] = extra.asof[t];
  }
  return { tickers: [...base.tickers, ...missing], cells, asof };
}

async function save(context: Excel.RequestContext, store: PresetStore, snapshot: Snapshot): Promise<void> {
  await writeSetting(context, SNAPSHOT_KEY, encodeSnapshot(snapshot));
  applyToStore(store, snapshot);
  await recalculate(context);
}

/**
 * Load into workbook: writes the chosen presets (and those already in the table)
 * as the BTCAI_Presets table and saves the snapshot. Cells the user edited since
 * the last load are kept, even where the bundled data has changed; the outcome
 * lists what was updated and which edits were kept.
 */
export async function loadPresets(context: Excel.RequestContext, store: PresetStore, tickers: readonly string[], nowIso: string): Promise<Outcome> {
  const state = await readSnapshotState(context);
  if (state.kind === 'damaged') return refused(DAMAGED, state.errors);
  const cur = await currentSheet(context, state);
  if (!cur.ok) return refused('The BTCAI_Presets table has cells that are not valid; fix them (or undo) and try again. Nothing was changed.', cur.errors);
  const wanted = [...new Set([...(cur.sheet?.tickers ?? []), ...tickers.map((t) => t.toUpperCase())])];
  const source = sourceSheet(wanted, (t) => store.preset(t));
  const unknown = tickers.filter((t) => !store.preset(t));
  if (unknown.length) return refused(`Unknown ticker${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Nothing was changed.`);
  let sheet = source;
  let updated: CellChange[] = [];
  let keptEdits: CellChange[] = [];
  if (cur.sheet) {
    // without a snapshot we cannot tell edits from data: treat every filled cell as the user's
    const baseline = state.kind === 'ok' ? state.snapshot.baseline : EMPTY;
    ({ sheet, updated, keptEdits } = mergeSource(cur.sheet, baseline, source));
  }
  const baseline = withColumns(source, state.kind === 'ok' ? state.snapshot.baseline : undefined, sheet.tickers);
  const { values, textColumns } = sheetToValues(sheet);
  await writeTable(context, { sheetName: SHEET_NAME, tableName: TABLE_NAME, values, textColumns });
  await save(context, store, { saved: nowIso, sheet, baseline, imported: store.importedPresets() });
  const details = [...updated.map((c) => `updated ${describeChange(c)}`), ...keptEdits.map((c) => `kept your edit ${c.ticker || 'market'} ${c.name} = ${c.to} (presets now say ${c.from ?? 'market value'})`)];
  return done(`Loaded ${sheet.tickers.join(', ') || 'the market defaults'} into the "${SHEET_NAME}" sheet; formulas recalculated.`, details);
}

/**
 * Refresh: reads the user's edits in the table into the store and the snapshot,
 * then recalculates. A bad cell is reported by address and changes nothing.
 */
export async function refreshFromTable(context: Excel.RequestContext, store: PresetStore, nowIso: string): Promise<Outcome> {
  const state = await readSnapshotState(context);
  if (state.kind === 'damaged') return refused(DAMAGED, state.errors);
  const t = await readTable(context, TABLE_NAME);
  if (!t) return refused(`There is no ${TABLE_NAME} table in this workbook; load presets first.`);
  const p = parseTableValues(t.values, t.address);
  if (!p.ok) return refused('Some cells of the BTCAI_Presets table are not valid; nothing was changed.', p.errors);
  const before = state.kind === 'ok' ? state.snapshot.sheet : EMPTY;
  const changes = diffSheets(before, p.sheet);
  const baseline = state.kind === 'ok' ? withColumns(state.snapshot.baseline, sourceSheet(p.sheet.tickers, (x) => store.preset(x)), p.sheet.tickers) : sourceSheet(p.sheet.tickers, (x) => store.preset(x));
  await save(context, store, { saved: nowIso, sheet: p.sheet, baseline, imported: state.kind === 'ok' ? state.snapshot.imported : store.importedPresets() });
  return done(changes.length ? `Read ${changes.length} change${changes.length > 1 ? 's' : ''} from the table; formulas recalculated.` : 'No changes in the table; formulas recalculated.', changes.map(describeChange));
}

/**
 * Import: presets that passed validation join the imported layer and the
 * snapshot; a rejected file changes nothing. Outside Excel (context null) the
 * import lasts for this session only.
 */
export async function importPresets(context: Excel.RequestContext | null, store: PresetStore, result: Validation<Preset[]>, nowIso: string): Promise<Outcome> {
  if (!result.ok) return refused('The file was rejected; nothing was imported.', result.errors);
  let state: SnapshotState = { kind: 'none' };
  if (context) {
    state = await readSnapshotState(context);
    if (state.kind === 'damaged') return refused(DAMAGED, state.errors);
  }
  const inWorkbook = state.kind === 'ok' ? state.snapshot.sheet.tickers : [];
  const plan = planImport(store.importedPresets(), result.value, inWorkbook);
  const details: string[] = [];
  if (plan.added.length) details.push(`added ${plan.added.join(', ')}`);
  if (plan.replaced.length) details.push(`replaced the earlier import of ${plan.replaced.join(', ')}`);
  if (plan.shadowed.length) details.push(`${plan.shadowed.join(', ')} ${plan.shadowed.length > 1 ? 'are' : 'is'} in the workbook table, which wins: load ${plan.shadowed.length > 1 ? 'them' : 'it'} again to take the imported values (your edits are kept)`);
  if (!context) {
    store.setImported(plan.presets);
    return done(`Imported ${result.value.length} preset${result.value.length > 1 ? 's' : ''} for this session (open in Excel to keep them in a workbook).`, details);
  }
  const sheet = state.kind === 'ok' ? state.snapshot.sheet : sourceSheet([], () => undefined);
  const baseline = state.kind === 'ok' ? state.snapshot.baseline : sheet;
  await save(context, store, { saved: nowIso, sheet, baseline, imported: plan.presets });
  return done(`Imported ${result.value.length} preset${result.value.length > 1 ? 's' : ''}; saved in this workbook's snapshot.`, details);
}

/** Insert model: a new sheet with the investor model of one ticker. */
export async function insertModel(context: Excel.RequestContext, ticker: string): Promise<Outcome> {
  const name = await writeSheet(context, modelSheetPlan(ticker));
  return done(`Added the sheet "${name}": change its ticker in B2 or type over the inputs in B5:B13.`);
}

/** Sets a damaged snapshot aside under another key (only when the user asks), so BTCAI can save a new one. */
export async function keepDamagedCopy(context: Excel.RequestContext, nowIso: string): Promise<Outcome> {
  const state = await readSnapshotState(context);
  if (state.kind !== 'damaged') return done('The snapshot is not damaged; nothing to set aside.');
  const key = damagedKey(nowIso);
  if ((await readSetting(context, key)) !== null) return refused(`A setting "${key}" already exists; try again in a moment.`);
  await writeSetting(context, key, state.raw);
  if ((await readSetting(context, key)) !== state.raw) return refused('Could not keep a copy of the damaged snapshot; it was left in place.');
  await deleteSetting(context, SNAPSHOT_KEY);
  return done(`The damaged snapshot is kept in the workbook setting "${key}". BTCAI will save a new snapshot the next time you load or import presets.`);
}
