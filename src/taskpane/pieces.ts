/**
 * Small reusable pieces of the pane's detail view, built for a pane 320 px wide:
 * a labelled value row (value, unit, as-of date) with its source behind a
 * disclosure, a section of such rows, and a group of titled entry blocks (the
 * contract book's tranches, the balance sheet's instruments).
 * Every piece of text goes in through textContent; a link only to https (or http
 * on this computer).
 */
import { el } from './dom';
import { SourceRef, safeLinkUrl } from './view';
import type { SourceKind } from '../presets/types';

export interface ValueRowData {
  /** What the value is (an input name, a field label). */
  readonly label: string;
  /** The field's name as functions take it, when the label is a reader's label. */
  readonly name?: string;
  /** The value as text, already formatted. */
  readonly value: string;
  readonly unit?: string;
  /** ISO date of the figure. */
  readonly asof?: string;
  readonly source?: SourceRef;
  /** Extra words after the as-of date ("preset", "company-wide"). */
  readonly note?: string;
  /** A value of several parts (a schedule's deliveries): shown under the label, each part kept on one line. */
  readonly parts?: readonly string[];
}

const KIND_LABEL: Record<SourceRef['kind'], string> = {
  source: 'Source',
  assumption: 'Assumption',
  'market data': 'Source: market data',
  'market default': 'Source: market default',
  derived: 'Source: derived',
  'workbook table': 'Source: workbook table',
  override: 'Source: override',
};

const DOCUMENT_KIND: Record<SourceKind, string> = {
  release: 'company release',
  filing: 'filing',
  letter: 'shareholder letter',
  transcript: 'call transcript',
  presentation: 'investor presentation',
  press: 'press rewrite',
};

/**
 * The source of a value, collapsed behind a disclosure. A cited document shows its
 * title (a link when it has an https address), publisher, date and kind, and the
 * field's note (a quote or the arithmetic); a press rewrite is marked on the
 * disclosure itself, so it shows while closed. An assumption shows its reason.
 */
export function sourceDisclosure(src: SourceRef): HTMLDetailsElement {
  const url = safeLinkUrl(src.url);
  const doc = src.document;
  const press = doc?.press === true;
  const link = (text: string): HTMLAnchorElement => el('a', { href: url!, target: '_blank', rel: 'noopener noreferrer' }, text);
  const body: (HTMLElement | null)[] = doc
    ? [
        el('p', { class: 'doc-title' }, url ? link(doc.title) : doc.title),
        el('p', { class: 'doc-meta' }, `${doc.publisher} · ${doc.date} · ${DOCUMENT_KIND[doc.kind]}`),
        press ? el('p', { class: 'doc-press' }, `Press rewrite: no primary document gives this figure${doc.note ? ` (${doc.note})` : '.'}`) : doc.note ? el('p', {}, doc.note) : null,
      ]
    : [el('p', {}, src.text), url ? el('p', {}, link('Open the document')) : null];
  return el(
    'details',
    { class: ['source', src.kind === 'assumption' ? 'assumption' : '', press ? 'press' : ''].filter(Boolean).join(' ') },
    el('summary', {}, KIND_LABEL[src.kind], press ? el('span', { class: 'tag press-tag' }, 'press') : null),
    ...body,
    src.note !== undefined ? el('p', { class: 'doc-note' }, src.note) : null,
  );
}

/** One value: label and value on a line (wrapping when narrow), then its name, unit and as-of date, then its source. */
export function valueRow(r: ValueRowData): HTMLLIElement {
  // the name, unit, as-of date (kept on one line) and note, separated by " · "
  const meta = [r.name ? el('code', {}, r.name) : null, r.unit ?? null, r.asof ? el('span', { class: 'nowrap' }, `as of ${r.asof}`) : null, r.note ?? null].filter((x): x is HTMLElement | string => !!x);
  return el(
    'li',
    { class: 'vrow' },
    el(
      'div',
      { class: 'vline' },
      el('span', { class: r.name ? 'vlabel text' : 'vlabel' }, r.label),
      r.parts ? el('span', { class: 'vvalue wide' }, ...r.parts.flatMap((t, i) => [i ? ' · ' : '', el('span', { class: 'vpart' }, t)])) : el('span', { class: 'vvalue' }, r.value),
    ),
    meta.length ? el('div', { class: 'vmeta muted' }, ...meta.flatMap((m, i) => (i ? [' · ', m] : [m]))) : null,
    r.source ? sourceDisclosure(r.source) : null,
  );
}

export interface SectionOptions {
  /** The heading level: 3 for a section of the detail, 4 for an entry inside one. */
  readonly level?: 3 | 4;
  /** Lines of text under the heading (counterparties, a note). */
  readonly lines?: readonly string[];
  /** Said instead of an empty list. */
  readonly empty?: string;
  readonly className?: string;
}

/** A titled group of value rows. */
export function detailSection(title: string, rows: readonly ValueRowData[], id?: string, opts: SectionOptions = {}): HTMLElement {
  const heading = opts.level === 4 ? el('h4', {}, title) : el('h3', {}, title);
  return el(
    'section',
    { class: ['dsection', opts.className].filter(Boolean).join(' '), id, 'aria-label': title },
    heading,
    ...(opts.lines ?? []).map((l) => el('p', { class: 'dline' }, l)),
    rows.length ? el('ul', { class: 'vrows' }, ...rows.map(valueRow)) : opts.empty ? el('p', { class: 'muted' }, opts.empty) : null,
  );
}

/** A titled section holding entry blocks (each a `detailSection` at level 4), with an optional intro line. */
export function detailGroup(title: string, intro: string | null, blocks: readonly HTMLElement[], id?: string): HTMLElement {
  return el('section', { class: 'dsection dgroup', id, 'aria-label': title }, el('h3', {}, title), intro ? el('p', { class: 'muted' }, intro) : null, ...blocks);
}
