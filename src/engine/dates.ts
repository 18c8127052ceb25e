/**
 * Excel serial dates, 1900 date system: serial 25 569 is 1970-01-01 UTC; serial 60
 * is Excel's phantom 1900-02-29. Every date this product handles is after 2009, far
 * from the phantom day, so the conversion is a plain offset.
 */
export const UNIX_EPOCH_SERIAL = 25569;
const MS_PER_DAY = 86_400_000;

export function serialFromUnixMs(ms: number): number {
  return ms / MS_PER_DAY + UNIX_EPOCH_SERIAL;
}

export function unixMsFromSerial(serial: number): number {
  return (serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY;
}

/** A serial for a UTC calendar date and time. */
export function serialFromUtc(year: number, month1: number, day: number, h = 0, m = 0, s = 0): number {
  return serialFromUnixMs(Date.UTC(year, month1 - 1, day, h, m, s));
}

/** ISO yyyy-mm-dd of a serial (UTC). */
export function isoFromSerial(serial: number): string {
  return new Date(unixMsFromSerial(serial)).toISOString().slice(0, 10);
}

/** Serial of an ISO yyyy-mm-dd, or NaN when the text is not such a date. */
export function serialFromIso(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const serial = serialFromUtc(y, mo, d);
  return isoFromSerial(serial) === iso ? serial : NaN;
}

/** Today's date as a whole serial (UTC). */
export function todaySerial(nowMs: number = Date.now()): number {
  return Math.floor(serialFromUnixMs(nowMs));
}

/** Serial of the first day of the month `months` after the month holding `serial`. */
export function addMonthsSerial(serial: number, months: number): number {
  const d = new Date(unixMsFromSerial(Math.floor(serial)));
  return serialFromUnixMs(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
}
