/**
 * Units → Excel number formats: the one table that decides how a result looks in
 * a cell. Every metric (src/engine/models.ts) and every input (the catalogue) has
 * a unit; the adapter's result path (cellValues.ts) looks the unit up here. A new
 * metric gets a format by using one of these units; a unit not listed keeps
 * Excel's General format (a plain number).
 *
 * Formats are en-US format strings, as Excel's data types take them.
 */

export const DATE_FORMAT = 'yyyy-mm-dd';
export const PERCENT_FORMAT = '0.0%';
export const USD_FORMAT = '#,##0';
export const USD_CENTS_FORMAT = '#,##0.00';
export const MULTIPLE_FORMAT = '0.00"x"';

export interface UnitFormat {
  /** Units matched exactly (case-insensitive). */
  readonly units?: readonly string[];
  /** Units matched by their start (case-insensitive), tried after every exact unit. */
  readonly prefixes?: readonly string[];
  readonly format: string;
  /** What the format is for, shown in docs/excel-native.md and the tests. */
  readonly means: string;
}

export const UNIT_FORMATS: readonly UnitFormat[] = [
  { units: ['date', 'Excel date serial'], format: DATE_FORMAT, means: 'a date (Excel serial, 1900 system)' },
  {
    units: ['per year', 'per sqrt(year)', 'share', 'probability'],
    prefixes: ['share of '],
    format: PERCENT_FORMAT,
    means: 'rates, yields, growth, volatility, shares and probabilities (0.0274 shows 2.7%)',
  },
  { units: ['x', 'multiple', 'times'], format: MULTIPLE_FORMAT, means: 'ratios and multiples (1.83 shows 1.83x)' },
  {
    units: [
      'USD per share',
      'USD per PH/s per day',
      'USD/PH/day',
      'USD per MWh',
      'USD/MWh',
      'USD per IT kW per month',
      'USD per kW per month',
      'USD/kW/month',
      'USD per GPU-hour',
      'USD per TH/s',
      'USD per W',
    ],
    format: USD_CENTS_FORMAT,
    means: 'prices quoted with cents: per share, hashprice, power, rent per kW, GPU-hour, ASIC prices',
  },
  { prefixes: ['USD'], format: USD_FORMAT, means: 'every other USD amount: values, revenues, EBITDA, capex, NPV, cost per BTC (thousands separators, no decimals)' },
  { units: ['BTC per block', 'BTC/block'], format: '0.000', means: 'block subsidy and fees per block' },
  { units: ['BTC per PH/s per day'], format: '0.00000000', means: 'hashvalue (to the satoshi)' },
  { prefixes: ['BTC'], format: '#,##0.0000', means: 'other bitcoin amounts' },
  {
    units: ['EH/s', 'PH/s per gross MW', 'gross MW', 'IT MW', 'MW', 'critical IT MW'],
    format: '#,##0.0',
    means: 'hashrate and megawatts',
  },
  { units: ['years', 'J/TH', 'minutes'], format: '#,##0.0', means: 'years, efficiency, minutes' },
  { units: ['months', 'shares', 'GPUs per gross MW', 'paths', 'blocks', 'count'], format: '#,##0', means: 'counts' },
  {
    units: ['gross MW / IT MW', 'gross MW / ASIC MW', 'IT MW per gross MW', 'IT kW per GPU'],
    format: '0.00',
    means: 'PUE, overheads and other small ratios of power',
  },
];

/**
 * Units that stay General on purpose (flags, codes): the test that every metric
 * and input has a format skips them.
 */
export const GENERAL_UNITS: readonly string[] = ['1 tenant pays, 0 landlord pays'];

/** Short forms written in table headers and row labels ("revenue (USD/yr)"). */
const ALIASES: Readonly<Record<string, string>> = {
  'usd/yr': 'USD per year',
  'usd/month': 'USD per month',
  'usd/ph/day': 'USD per PH/s per day',
  'eh/s': 'EH/s',
};

const exact = new Map<string, string>();
for (const rule of UNIT_FORMATS) for (const u of rule.units ?? []) exact.set(u.toLowerCase(), rule.format);
const prefixed: [string, string][] = UNIT_FORMATS.flatMap((rule) => (rule.prefixes ?? []).map((p): [string, string] => [p.toLowerCase(), rule.format]));

/** The Excel number format for a unit, or undefined (General) when the unit is not in the table. */
export function numberFormatForUnit(unit: string | undefined): string | undefined {
  if (!unit) return undefined;
  const key = unit.trim().toLowerCase();
  const u = (ALIASES[key] ?? key).toLowerCase();
  const hit = exact.get(u);
  if (hit !== undefined) return hit;
  for (const [p, f] of prefixed) if (u.startsWith(p)) return f;
  return undefined;
}

/** The unit written in brackets at the end of a label: "revenue (USD/yr)" → "USD/yr". */
export function unitInLabel(label: string): string | undefined {
  const m = /\(([^()]+)\)\s*$/.exec(label);
  return m ? m[1].trim() : undefined;
}

// ---- how a format reads (the task pane's values, the preview's cells) --------------------

/** The calendar date of an Excel serial (1900 system: 60 is the phantom 1900-02-29). */
export function isoFromExcelSerial(serial: number): string {
  const day = Math.floor(serial);
  if (day === 60) return '1900-02-29';
  const base = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(base + day * 86_400_000).toISOString().slice(0, 10);
}

function general(v: number): string {
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  if (Math.abs(v) >= 1e11 || (Math.abs(v) < 1e-4 && v !== 0)) return v.toExponential(4);
  return v.toLocaleString('en-US', { maximumFractionDigits: 4 });
}

const PATTERN = /^(#,##0|0)(?:\.(0+)(#*))?(%)?(?:"([^"]*)")?$/;

/** A number as Excel shows it in `format` (General when the format is not one of the kinds above). */
export function formatNumber(v: number, format: string | undefined): string {
  const f = (format ?? 'General').trim();
  if (!f || f === 'General' || f === '@') return general(v);
  if (/^yyyy-mm-dd$/i.test(f)) return v >= 1 && v < 2958466 ? isoFromExcelSerial(v) : general(v);
  const m = PATTERN.exec(f);
  if (!m) return general(v);
  const grouping = m[1] === '#,##0';
  const min = m[2]?.length ?? 0;
  const max = min + (m[3]?.length ?? 0);
  const percent = m[4] === '%';
  const x = percent ? v * 100 : v;
  const text = x.toLocaleString('en-US', { useGrouping: grouping, minimumFractionDigits: min, maximumFractionDigits: max });
  return `${text}${percent ? '%' : ''}${m[5] ?? ''}`;
}
