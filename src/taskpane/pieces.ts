/**
 * Small reusable pieces of the pane's detail view, built for a pane 320 px wide:
 * a labelled value row (value, unit, as-of date) with its source behind a
 * disclosure, and a section of such rows. New detail sections (capacity, the
 * contract book, the balance sheet) are a `detailSection` of `valueRow`s.
 * Every piece of text goes in through textContent; a link only to https (or http
 * on this computer).
 */
import { el } from './dom';
import { SourceRef, safeLinkUrl } from './view';

export interface ValueRowData {
  /** What the value is (an input name, a field label). */
  readonly label: string;
  /** The value as text, already formatted. */
  readonly value: string;
  readonly unit?: string;
  /** ISO date of the figure. */
  readonly asof?: string;
  readonly source?: SourceRef;
  /** Extra words after the as-of date ("preset", "workbook table"). */
  readonly note?: string;
}

const KIND_LABEL: Record<SourceRef['kind'], string> = {
  source: 'Source',
  assumption: 'Assumption',
  'market default': 'Source: market default',
  'workbook table': 'Source: workbook table',
  override: 'Source: override',
};

/** The source of a value, collapsed behind a disclosure: its text, and a link to the document when it has one. */
export function sourceDisclosure(src: SourceRef): HTMLDetailsElement {
  const url = safeLinkUrl(src.url);
  return el(
    'details',
    { class: `source ${src.kind === 'assumption' ? 'assumption' : ''}`.trim() },
    el('summary', {}, KIND_LABEL[src.kind]),
    el('p', {}, src.text),
    url ? el('p', {}, el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, 'Open the document')) : null,
  );
}

/** One value: label and value on a line (wrapping when narrow), then its unit and as-of date, then its source. */
export function valueRow(r: ValueRowData): HTMLLIElement {
  const meta = [r.unit, r.asof ? `as of ${r.asof}` : '', r.note].filter((x): x is string => !!x).join(' · ');
  return el(
    'li',
    { class: 'vrow' },
    el('div', { class: 'vline' }, el('span', { class: 'vlabel' }, r.label), el('span', { class: 'vvalue' }, r.value)),
    meta ? el('div', { class: 'vmeta muted' }, meta) : null,
    r.source ? sourceDisclosure(r.source) : null,
  );
}

/** A titled group of value rows. */
export function detailSection(title: string, rows: readonly ValueRowData[], id?: string): HTMLElement {
  return el('section', { class: 'dsection', id, 'aria-label': title }, el('h3', {}, title), el('ul', { class: 'vrows' }, ...rows.map(valueRow)));
}
