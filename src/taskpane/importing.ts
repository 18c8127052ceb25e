/**
 * Import decisions: which URLs are fetched, how a download becomes presets
 * (all or nothing, schema.ts), and how accepted presets join earlier imports.
 */
import { MAX_IMPORT_BYTES, Preset, Validation, parsePresetBytes } from '../presets/schema';

/** An https address, or the reason it is refused. */
export function checkImportUrl(text: string): { ok: true; url: string } | { ok: false; error: string } {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'Type the https:// address of a preset JSON file.' };
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    return { ok: false, error: `"${t.slice(0, 80)}" is not a web address; type one starting with https://` };
  }
  if (u.protocol !== 'https:') return { ok: false, error: `Only https:// addresses are accepted (got ${u.protocol.replace(':', '')}://); the data must arrive encrypted and unaltered.` };
  if (u.username || u.password) return { ok: false, error: 'Addresses with a user name or password are not accepted.' };
  return { ok: true, url: u.href };
}

export type FetchLike = (url: string, init: { signal?: AbortSignal; credentials: 'omit'; redirect: 'follow' }) => Promise<{
  ok: boolean;
  status: number;
  url?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** Downloads and validates a preset file. Never throws; a failure changes nothing. */
export async function fetchPresets(text: string, fetchFn: FetchLike, timeoutMs = 15000): Promise<Validation<Preset[]>> {
  const checked = checkImportUrl(text);
  if (!checked.ok) return { ok: false, errors: [checked.error] };
  const abort = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = setTimeout(() => abort?.abort(), timeoutMs);
  try {
    const res = await fetchFn(checked.url, { signal: abort?.signal, credentials: 'omit', redirect: 'follow' });
    if (res.url && !res.url.startsWith('https:')) return { ok: false, errors: [`the address redirected to a non-https address (${res.url.slice(0, 80)})`] };
    if (!res.ok) return { ok: false, errors: [`the server answered HTTP ${res.status} for ${checked.url.slice(0, 120)}`] };
    const buf = await res.arrayBuffer();
    if (buf.byteLength > MAX_IMPORT_BYTES) return { ok: false, errors: [`the file is ${buf.byteLength} bytes; at most ${MAX_IMPORT_BYTES} are accepted`] };
    return parsePresetBytes(new Uint8Array(buf));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [`could not download ${checked.url.slice(0, 120)}: ${/abort/i.test(msg) ? `no answer within ${timeoutMs / 1000} s` : msg.slice(0, 160)} (the server must allow cross-origin requests)`] };
  } finally {
    clearTimeout(timer);
  }
}

export interface ImportPlan {
  /** Every imported preset after this import (earlier imports of other tickers kept). */
  readonly presets: Preset[];
  readonly added: string[];
  readonly replaced: string[];
  /** Tickers whose values in the workbook table win over the import until loaded again. */
  readonly shadowed: string[];
}

export function planImport(existing: readonly Preset[], incoming: readonly Preset[], inWorkbook: readonly string[]): ImportPlan {
  const byTicker = new Map(existing.map((p) => [p.ticker, p]));
  const added: string[] = [];
  const replaced: string[] = [];
  for (const p of incoming) {
    (byTicker.has(p.ticker) ? replaced : added).push(p.ticker);
    byTicker.set(p.ticker, p);
  }
  const presets = [...byTicker.values()].sort((a, b) => a.ticker.localeCompare(b.ticker));
  return { presets, added, replaced, shadowed: incoming.map((p) => p.ticker).filter((t) => inWorkbook.includes(t)) };
}
