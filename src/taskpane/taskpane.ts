/**
 * The task pane: preset list with search, a detail view of each field with its
 * unit, value, as-of date and source, and the workbook actions (load, refresh,
 * import, insert model). Logic lives in actions.ts, view.ts and friends; this
 * file only builds elements (text through textContent) and wires buttons.
 * Outside Excel the list and details still work and the workbook buttons are
 * disabled with the reason.
 */
import { store } from '../presets/bundled';
import { parsePresetBytes } from '../presets/schema';
import { HostInfo, officeHost, officeTheme, withWorkbook } from '../office/host';
import { Outcome, importPresets, insertModel, keepDamagedCopy, loadPresets, refreshFromTable, startup } from './actions';
import { el } from './dom';
import { fetchPresets } from './importing';
import { DEFAULT_MARKET_SOURCE } from '../market';
import { marketStartup, refreshMarketData } from './marketData';
import { applyStyle, applyTheme } from './style';
import { CompanyDetail, DetailRow, EntryBlock, companyDetail, detailRows, filterPresets } from './view';
import { ValueRowData, detailGroup, detailSection, valueRow } from './pieces';

interface UiState {
  host: HostInfo | null;
  query: string;
  current: string;
  checked: Set<string>;
  busy: boolean;
  damaged: boolean;
  outcome: Outcome | null;
  /** The market API base address in the box, and the market data line (text). */
  marketSource: string;
  marketStatus: string;
}

const ui: UiState = { host: null, query: '', current: '', checked: new Set(), busy: false, damaged: false, outcome: null, marketSource: DEFAULT_MARKET_SOURCE, marketStatus: 'No market data refreshed in this workbook: models use the bundled market defaults.' };
const now = (): string => new Date().toISOString();
/** The one place the pane reaches the network: handed to the preset import and the market refresh, which check the address first and send no credentials. */
const webFetch = (u: string, init: RequestInit): Promise<Response> => fetch(u, init);

function statusView(): HTMLElement | null {
  const o = ui.outcome;
  if (!o) return null;
  return el(
    'div',
    { class: `status ${o.ok ? 'good' : 'bad'}`, role: 'status', id: 'status' },
    el('p', {}, o.message),
    o.details.length ? el('ul', {}, ...o.details.slice(0, 60).map((d) => el('li', {}, d)), o.details.length > 60 ? el('li', {}, `…and ${o.details.length - 60} more`) : null) : null,
  );
}

function hostNotice(): HTMLElement {
  if (!ui.host) return el('p', { class: 'notice muted', id: 'host-notice' }, 'Connecting to Excel…');
  if (ui.host.excel) return el('p', { class: 'muted', id: 'host-notice' }, 'Connected to this workbook.');
  return el('p', { class: 'notice', id: 'host-notice', role: 'note' }, ui.host.reason);
}

function listView(): HTMLElement {
  const items = filterPresets(store, ui.query);
  if (!ui.current && items.length) ui.current = items[0].ticker;
  const list = el('ul', { class: 'list', id: 'preset-list', 'aria-label': 'Presets' });
  for (const it of items) {
    const box = el('input', { type: 'checkbox', id: `check-${it.ticker}`, 'aria-label': `choose ${it.ticker} for loading`, checked: ui.checked.has(it.ticker) });
    box.addEventListener('change', () => {
      if (box.checked) ui.checked.add(it.ticker);
      else ui.checked.delete(it.ticker);
      render();
    });
    const open = el('button', { class: 'link', type: 'button', id: `preset-${it.ticker}`, 'data-ticker': it.ticker, 'aria-current': it.ticker === ui.current ? 'true' : undefined }, el('strong', {}, it.ticker), ` ${it.name}`);
    open.addEventListener('click', () => {
      ui.current = it.ticker;
      render();
      showDetail();
    });
    open.addEventListener('keydown', (e) => moveInList(e, open));
    list.appendChild(
      el('li', { class: it.ticker === ui.current ? 'selected' : undefined }, box, open, it.imported ? el('span', { class: 'tag' }, 'imported') : null, it.inWorkbook ? el('span', { class: 'tag' }, 'in workbook') : null),
    );
  }
  if (!items.length) list.appendChild(el('li', { class: 'muted' }, 'No preset matches the search.'));
  return list;
}

/** Arrow keys move between the presets of the list (Home/End to the ends); Tab leaves it. */
function moveInList(e: KeyboardEvent, from: HTMLElement): void {
  const keys: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity };
  if (!(e.key in keys)) return;
  const all = Array.from(document.querySelectorAll<HTMLButtonElement>('#preset-list button[data-ticker]'));
  const k = all.indexOf(from as HTMLButtonElement);
  const step = keys[e.key];
  const next = step === -Infinity ? 0 : step === Infinity ? all.length - 1 : Math.max(0, Math.min(all.length - 1, k + step));
  e.preventDefault();
  all[next]?.focus();
}

/** After a preset is chosen: its detail in view, and the keyboard on its heading. */
function showDetail(): void {
  const heading = document.getElementById('detail-heading');
  if (!heading) return;
  heading.scrollIntoView({ block: 'start' });
  heading.focus({ preventScroll: true });
}

const GROUP_TITLES: Record<string, string> = { market: 'Market', site: 'Site and power', mining: 'Mining', ai: 'AI hosting', colo: 'Colocation', cloud: 'GPU cloud' };

function rowData(r: DetailRow): ValueRowData {
  return { label: r.name, value: r.value, unit: r.unit, asof: r.asof || undefined, source: r.source };
}

/** An entry of the contract book or the balance sheet as a titled block; undisclosed key terms listed, never shown as 0. */
function entryView(b: EntryBlock, prefix: string, id: string): HTMLElement {
  const lines = b.missing.length ? [...b.lines, `Not disclosed: ${b.missing.join(', ')}`] : b.lines;
  return detailSection(`${prefix}${b.title}`, b.rows, id, { level: 4, lines, className: 'entry' });
}

/** Capacity by stage, operations, the contract book and the balance sheet of a schema-2 preset. */
function companyView(ticker: string, c: CompanyDetail): HTMLElement[] {
  const out: HTMLElement[] = [detailSection('Capacity by stage', c.capacity, 'detail-capacity', { lines: ["Gross MW (grid side) at the company's share of each site."] })];
  if (c.operations.length) out.push(detailSection('Operations', c.operations, 'detail-operations'));
  const n = c.contracts.length;
  out.push(
    detailGroup(
      'Contract book',
      n ? `${n} tranche${n > 1 ? 's' : ''}, each at 100 % of the deal; its name selects it in a formula: =BTCAI.MINER_AI_YIELD("${ticker}","irr","tranche","${c.contracts[0].title}")` : 'No disclosed AI contract.',
      c.contracts.map((b, i) => entryView(b, '', `tranche-${i + 1}`)),
      'detail-contracts',
    ),
  );
  out.push(
    detailGroup(
      'Balance sheet',
      null,
      [
        c.balance.length ? el('ul', { class: 'vrows' }, ...c.balance.map(valueRow)) : el('p', { class: 'muted' }, 'No balance-sheet figures beyond the share count.'),
        ...c.convertibles.map((b, i) => entryView(b, 'Convertible: ', `convertible-${i + 1}`)),
        ...c.warrants.map((b, i) => entryView(b, 'Warrants: ', `warrant-${i + 1}`)),
        ...c.debt.map((b, i) => entryView(b, 'Debt: ', `debt-${i + 1}`)),
      ],
      'detail-balance',
    ),
  );
  return out;
}

/** Above this length the AI business text (schema 2 allows 4 000 characters) opens on request, so the figures stay near the top of a narrow pane. */
const ABOUT_OPEN_CHARS = 500;

function aboutView(ticker: string, text: string): HTMLElement {
  if (text.length <= ABOUT_OPEN_CHARS) return el('p', { class: 'about' }, text);
  return el('details', { class: 'about' }, el('summary', {}, `About ${ticker}'s AI business`), el('p', {}, text));
}

function detailView(): HTMLElement {
  const p = store.preset(ui.current);
  if (!p) return el('section', { id: 'detail' });
  const rows = detailRows(store, p.ticker);
  const groups = [...new Set(rows.map((r) => r.group))];
  const company = companyDetail(store, p.ticker);
  const dated = company
    ? `Data as of ${p.asof}, latest quarter ${company.quarter}; ${company.sources.primary} primary document${company.sources.primary === 1 ? '' : 's'}${company.sources.press ? `, ${company.sources.press} press rewrite${company.sources.press === 1 ? '' : 's'} (marked "press")` : ''}.`
    : `Data as of ${p.asof}. This preset holds model inputs only (schema 1): no capacity by stage, contract book or balance sheet.`;
  return el(
    'section',
    { id: 'detail', 'aria-labelledby': 'detail-heading' },
    el('h2', { id: 'detail-heading', tabindex: '-1' }, `${p.ticker}: ${p.name}`),
    el('p', { class: 'muted' }, `${dated} Each value's source is behind its "Source" line.`),
    aboutView(p.ticker, p.ai_business),
    ...(company ? companyView(p.ticker, company) : []),
    detailGroup(
      'Model inputs',
      'What the per-MW functions use for this company, after the workbook table and market data.',
      groups.map((g) => detailSection(GROUP_TITLES[g] ?? g, rows.filter((r) => r.group === g).map(rowData), `detail-${g}`, { level: 4 })),
      'detail-inputs',
    ),
  );
}

function button(id: string, label: string, needsExcel: boolean, onClick: () => Promise<Outcome>, primary = false): HTMLButtonElement {
  const off = ui.busy || (needsExcel && !ui.host?.excel);
  const b = el('button', { id, type: 'button', class: primary ? 'primary' : undefined, disabled: off, 'data-needs-excel': needsExcel ? 'true' : undefined, title: needsExcel && !ui.host?.excel ? (ui.host?.reason ?? 'Connecting to Excel…') : undefined }, label);
  b.addEventListener('click', () => void act(onClick));
  return b;
}

async function act(body: () => Promise<Outcome>): Promise<void> {
  ui.busy = true;
  render();
  try {
    ui.outcome = await body();
  } catch (e) {
    ui.outcome = { ok: false, message: `Excel reported an error: ${e instanceof Error ? e.message : String(e)}`, details: [] };
  }
  ui.busy = false;
  render();
  document.getElementById('status')?.scrollIntoView({ block: 'nearest' });
}

function actionsView(): HTMLElement {
  const chosen = [...ui.checked].sort();
  const loadList = chosen.length ? chosen : ui.current ? [ui.current] : [];
  const url = el('input', { type: 'url', id: 'import-url', placeholder: 'https://…/presets.json', 'aria-label': 'Preset file address (https)' });
  const file = el('input', { type: 'file', id: 'import-file', accept: '.json,application/json', 'aria-label': 'Preset JSON file', disabled: ui.busy });
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (!f) return;
    void act(async () => runImport(parsePresetBytes(new Uint8Array(await f.arrayBuffer()))));
  });
  return el(
    'section',
    { id: 'actions' },
    el('h2', {}, 'Workbook'),
    el(
      'div',
      { class: 'row' },
      button('load', `Load ${loadList.join(', ') || 'presets'} into workbook`, true, () => withWorkbook((c) => loadPresets(c, store, loadList, now())), true),
      button('refresh', 'Refresh from table', true, () => withWorkbook((c) => refreshFromTable(c, store, now()))),
      button('insert-model', `Insert model for ${ui.current || 'a generic site'}`, true, () => withWorkbook((c) => insertModel(c, ui.current))),
      ui.damaged ? button('keep-damaged', 'Keep damaged copy', true, async () => {
        const o = await withWorkbook((c) => keepDamagedCopy(c, now()));
        if (o.ok) ui.damaged = false;
        return o;
      }) : null,
    ),
    el('p', { class: 'muted' }, 'Load writes the BTCAI_Presets table on the "BTCAI Presets" sheet and saves a snapshot in the workbook. Edit the table, then Refresh: your edits are validated, used by every BTCAI formula and kept when presets are loaded again.'),
    el('h3', {}, 'Import presets'),
    el('div', { class: 'row' }, file),
    el('div', { class: 'row' }, url, button('import-url-button', 'Import from URL', false, () => fetchPresets(url.value, webFetch).then(runImport))),
    el('p', { class: 'muted' }, 'A JSON file in the preset schema; any invalid part rejects the whole file. Imported presets are saved in the workbook snapshot.'),
  );
}

function marketView(): HTMLElement {
  const source = el('input', { type: 'url', id: 'market-source', value: ui.marketSource, placeholder: DEFAULT_MARKET_SOURCE, 'aria-label': 'Market data API address (https, or http to localhost)' });
  source.addEventListener('input', () => {
    ui.marketSource = source.value;
  });
  return el(
    'section',
    { id: 'market', 'aria-label': 'Market data' },
    el('h2', {}, 'Market data'),
    el('p', { id: 'market-status', role: 'status' }, ui.marketStatus),
    el(
      'div',
      { class: 'row' },
      source,
      button('refresh-market', 'Refresh market data', true, async () => {
        const o = await withWorkbook((c) => refreshMarketData(c, store, ui.marketSource, webFetch, Date.now()));
        ui.marketStatus = o.message;
        return o;
      }),
    ),
    el('p', { class: 'muted' }, 'Reads BTC price, hashrate, difficulty, fees and the tip height from a mempool API (mempool.space or your own node) into the BTCAI_Market table and a daily history. Formulas read the stored copy and never go online.'),
  );
}

function runImport(v: Parameters<typeof importPresets>[2]): Promise<Outcome> {
  return ui.host?.excel ? withWorkbook((c) => importPresets(c, store, v, now())) : importPresets(null, store, v, now());
}

function render(): void {
  const app = document.getElementById('app');
  if (!app) return;
  const active = document.activeElement?.id;
  const search = el('input', { type: 'search', id: 'search', placeholder: 'Search: ticker, company, AI business', 'aria-label': 'Search presets (ticker, company name or AI business)', value: ui.query });
  search.addEventListener('input', () => {
    ui.query = search.value;
    const list = document.getElementById('preset-list');
    list?.replaceWith(listView());
  });
  app.replaceChildren(
    el('h1', {}, 'BTCAI presets'),
    el('p', { class: 'muted' }, 'Company data behind =BTCAI.HASH_VS_LEASE and friends. ', el('a', { href: 'help.html', target: '_blank', rel: 'noopener' }, 'Function reference')),
    hostNotice(),
    statusView() ?? '',
    search,
    listView(),
    actionsView(),
    marketView(),
    detailView(),
  );
  if (active) document.getElementById(active)?.focus();
}

async function main(): Promise<void> {
  applyStyle(document);
  render();
  ui.host = await officeHost();
  applyTheme(document, officeTheme());
  if (ui.host.excel) {
    try {
      const r = await withWorkbook((c) => startup(c, store));
      ui.outcome = r.outcome;
      ui.damaged = r.state.kind === 'damaged';
    } catch (e) {
      ui.outcome = { ok: false, message: `Could not read this workbook's presets: ${e instanceof Error ? e.message : String(e)}`, details: [] };
    }
    try {
      const m = await withWorkbook((c) => marketStartup(c, store));
      ui.marketSource = m.source;
      if (m.outcome) ui.marketStatus = m.outcome.message;
    } catch (e) {
      ui.marketStatus = `Could not read this workbook's market data: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  render();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void main());
else void main();
