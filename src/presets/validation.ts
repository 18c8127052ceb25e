/**
 * The checks every preset document goes through, whatever its schema: text that
 * is safe to show and to write into a cell, real dates, known keys only, no keys
 * that reach an object's prototype, https addresses. Each pushes a reason onto
 * `errors` and never throws.
 */
import { serialFromIso } from '../engine/dates';
import { closest } from '../engine/errors';

export const TICKER = /^[A-Z][A-Z0-9.]{0,9}$/;
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_TEXT = 2000;
/** A preset's ai_business paragraph: what the AI business is and what the schema's fields cannot hold (deal structures, later events). */
export const MAX_DESCRIPTION = 4000;
/** Unknown keys reported one by one (with "did you mean") per object; the rest are counted. */
export const MAX_UNKNOWN_REPORTED = 10;
/** Reasons collected before validation stops: enough to fix a file, bounded so a hostile file cannot stall the pane. */
export const MAX_REPORTED_ERRORS = 200;
export const MAX_URL = 2000;

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** A value as an error message may show it: short, and never by calling its own methods. */
export function shownValue(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? x.slice(0, 40) + '…' : x);
  if (typeof x === 'number' || typeof x === 'boolean' || x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return 'a list';
  return typeof x === 'object' ? 'an object' : typeof x;
}

/** Text that is safe to show and to write into a cell: no formulas, no markup, bounded. */
export function checkText(where: string, x: unknown, errors: string[], required = true, max = MAX_TEXT): string | undefined {
  if (x === undefined && !required) return undefined;
  if (typeof x !== 'string' || x.trim() === '') {
    errors.push(`${where} must be non-empty text`);
    return undefined;
  }
  if (x.length > max) errors.push(`${where} is longer than ${max} characters`);
  if (/^[=+\-@]/.test(x.trim())) errors.push(`${where} must not start with = + - or @ (it would be read as a formula)`);
  if (/[<>]/.test(x)) errors.push(`${where} must not contain < or > (no markup)`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffd]/.test(x)) errors.push(`${where} contains control characters or invalid UTF-8`);
  return x;
}

/** A calendar date written YYYY-MM-DD; returns its serial, or NaN after pushing the reason. */
export function checkDate(where: string, x: unknown, errors: string[]): number {
  const serial = typeof x === 'string' ? serialFromIso(x) : NaN;
  if (!Number.isFinite(serial)) errors.push(`${where} must be a date written YYYY-MM-DD, got ${JSON.stringify(x)?.slice(0, 40)}`);
  return serial;
}

export function unknownKeys(where: string, obj: Record<string, unknown>, allowed: readonly string[], errors: string[]): void {
  let unknown = 0;
  for (const k of Object.keys(obj)) {
    if (FORBIDDEN_KEYS.has(k)) errors.push(`${where} has a forbidden key "${k}"`);
    else if (!allowed.includes(k) && ++unknown <= MAX_UNKNOWN_REPORTED) {
      const hint = closest(k, allowed);
      errors.push(`${where} has an unknown key "${k.slice(0, 40)}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
  }
  if (unknown > MAX_UNKNOWN_REPORTED) errors.push(`${where} has ${unknown - MAX_UNKNOWN_REPORTED} more unknown keys`);
}

/**
 * A source address a reader may open: https (http only to localhost or 127.0.0.1),
 * no user name or password, no spaces, quotes or markup, bounded.
 */
export function checkUrl(where: string, x: unknown, errors: string[]): void {
  if (typeof x !== 'string' || x.trim() === '') {
    errors.push(`${where} must be an https address`);
    return;
  }
  if (x.length > MAX_URL) {
    errors.push(`${where} is longer than ${MAX_URL} characters`);
    return;
  }
  if (/[\s<>"'`\\\u0000-\u001f\u007f\ufffd]/.test(x)) {
    errors.push(`${where} must not contain spaces, quotes, backslashes, markup or control characters`);
    return;
  }
  let url: URL;
  try {
    url = new URL(x);
  } catch {
    errors.push(`${where} is not a web address: ${JSON.stringify(x.slice(0, 60))}`);
    return;
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && local))) errors.push(`${where} must be an https address (http only for localhost), got ${JSON.stringify(x.slice(0, 60))}`);
  else if (url.username !== '' || url.password !== '') errors.push(`${where} must not carry a user name or password`);
  else if (url.hostname === '') errors.push(`${where} has no host name`);
}

/** Object.entries bounded: at most `max` entries are read, so a hostile object with a million keys costs nothing more. */
export function boundedEntries(where: string, obj: Record<string, unknown>, max: number, what: string, errors: string[]): [string, unknown][] | undefined {
  const keys = Object.keys(obj);
  if (keys.length > max) {
    errors.push(`${where} has ${keys.length} ${what}; at most ${max} are accepted`);
    return undefined;
  }
  return keys.map((k) => [k, obj[k]]);
}
