/**
 * The shapes of a validated preset (both schemas). Objects of these types are
 * built only by the validators (src/presets/schema.ts, schema2.ts), on
 * prototype-free records, from known keys only.
 */

/** A model input's record, as the engine layers read it. In schema 2, `source` is an id of the preset's source registry. */
export interface PresetField {
  readonly value: number | string;
  readonly asof: string;
  readonly source?: string;
  readonly assumption?: string;
  readonly note?: string;
}

export interface ScheduleEntry {
  readonly date: string;
  readonly it_mw: number;
}
/** A number, a date "YYYY-MM-DD" or text, or a delivery schedule. */
export type FieldValue = number | string | readonly ScheduleEntry[];

/** Any field record of schema 2. */
export interface FieldRecord {
  readonly value: FieldValue;
  readonly asof: string;
  readonly source?: string;
  readonly assumption?: string;
  readonly note?: string;
}

export const SOURCE_KINDS = ['release', 'filing', 'letter', 'transcript', 'presentation', 'press'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
/** Kinds that are the company's own documents (or its regulator's); `press` is a rewrite by others. */
export const PRIMARY_KINDS: ReadonlySet<SourceKind> = new Set(['release', 'filing', 'letter', 'transcript', 'presentation']);

export interface Source {
  readonly id: string;
  readonly title: string;
  readonly publisher: string;
  readonly date: string;
  readonly url: string;
  readonly kind: SourceKind;
  readonly note?: string;
}

/** One disclosed deal of the contract book. */
export interface Tranche {
  readonly name: string;
  readonly tenant: string;
  readonly guarantor?: string;
  readonly note?: string;
  readonly fields: Readonly<Record<string, FieldRecord>>;
}

/** A convertible note, a warrant series or a debt item. */
export interface Instrument {
  readonly name: string;
  /** The warrants' holder or the lender. */
  readonly holder?: string;
  readonly note?: string;
  readonly fields: Readonly<Record<string, FieldRecord>>;
}

/** What schema 2 adds to a preset: the sources, every top-level field, the book and the balance-sheet instruments. */
export interface Company {
  readonly quarter: string;
  readonly alias_note?: string;
  readonly sources: Readonly<Record<string, Source>>;
  /** Every top-level field: company fields (capacity, operations, balance) and model inputs. */
  readonly fields: Readonly<Record<string, FieldRecord>>;
  readonly contracts: readonly Tranche[];
  readonly convertibles: readonly Instrument[];
  readonly warrants: readonly Instrument[];
  readonly debt: readonly Instrument[];
}

export interface Preset {
  readonly schema: 1 | 2;
  readonly ticker: string;
  /** Other tickers that resolve to this preset (e.g. BITF for KEEL). */
  readonly aliases: readonly string[];
  readonly name: string;
  readonly asof: string;
  readonly ai_business: string;
  /** The model inputs the preset sets (catalogue names), as the engine layers read them. */
  readonly fields: Readonly<Record<string, PresetField>>;
  /** Schema 2 only. */
  readonly company?: Company;
}

