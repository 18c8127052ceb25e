/**
 * One GET of an untrusted API, bounded: no credentials, no redirects (only the
 * configured base URL is ever contacted), a shared deadline, and a size cap that
 * stops reading as soon as the body is longer than allowed. The fetch function is
 * injected: the task pane passes the browser's, the command line Node's, tests
 * their own. Never throws; every failure is a one-line reason.
 */
import type { Checked } from './types';

/** The part of the Fetch API this module uses (the browser's and Node's fetch both fit). */
export interface FetchInit {
  readonly method: 'GET';
  readonly credentials: 'omit';
  readonly redirect: 'error';
  readonly cache: 'no-store';
  readonly referrerPolicy: 'no-referrer';
  readonly headers: Record<string, string>;
  readonly signal?: AbortSignal;
}

export interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly url?: string;
  readonly headers: { get(name: string): string | null };
  readonly body?: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(reason?: unknown): Promise<void> } } | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type FetchLike = (url: string, init: FetchInit) => Promise<ResponseLike>;

export interface Got {
  readonly text: string;
  readonly contentType: string;
}

function shortUrl(url: string): string {
  return url.length > 120 ? url.slice(0, 117) + '…' : url;
}

/** Reads at most maxBytes of a body; undefined when it is longer. */
async function readCapped(res: ResponseLike, maxBytes: number): Promise<Uint8Array | undefined> {
  const reader = res.body?.getReader?.();
  if (!reader) {
    const buf = new Uint8Array(await res.arrayBuffer());
    return buf.byteLength > maxBytes ? undefined : buf;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!value) continue;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel('too large').catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * GETs a URL and returns its body as text. Rejects: a network error or timeout,
 * a redirect, an HTTP error status, a declared or actual body over maxBytes, and
 * bytes that are not UTF-8.
 */
export async function getText(fetchFn: FetchLike, url: string, maxBytes: number, signal: AbortSignal | undefined, timeoutS: number): Promise<Checked<Got>> {
  const where = shortUrl(url);
  try {
    const res = await fetchFn(url, {
      method: 'GET',
      credentials: 'omit',
      redirect: 'error',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      headers: { Accept: 'application/json, text/plain' },
      signal,
    });
    if (res.url && res.url !== url && !res.url.startsWith(url)) return { ok: false, error: `${where} answered from another address (${shortUrl(res.url)}); redirects are not followed` };
    if (!res.ok) return { ok: false, error: `${where} answered HTTP ${res.status}` };
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, error: `${where} sent ${declared} bytes; at most ${maxBytes} are accepted` };
    const bytes = await readCapped(res, maxBytes);
    if (!bytes) return { ok: false, error: `${where} sent more than ${maxBytes} bytes; at most ${maxBytes} are accepted` };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, error: `${where} sent bytes that are not UTF-8 text` };
    }
    return { ok: true, value: { text, contentType: (res.headers.get('content-type') ?? '').toLowerCase() } };
  } catch (e) {
    if (signal?.aborted) return { ok: false, error: `no complete answer from ${where} within ${timeoutS} s` };
    const cause = e instanceof Error ? (e as { cause?: unknown }).cause : undefined;
    const msg = e instanceof Error ? `${e.message}${cause instanceof Error ? ` (${cause.message})` : ''}` : String(e);
    return { ok: false, error: `could not read ${where}: ${msg.replace(/\s+/g, ' ').slice(0, 160)}` };
  }
}

/** Parses a JSON body; an HTML page (a proxy's or server's error page) is named as such. */
export function parseJsonBody(got: Got, where: string): Checked<unknown> {
  const t = got.text.trimStart();
  if (got.contentType.includes('text/html') || t.startsWith('<')) return { ok: false, error: `${where} sent a web page (HTML), not data: is this the base address of a mempool API?` };
  if (t === '') return { ok: false, error: `${where} sent an empty body` };
  try {
    return { ok: true, value: JSON.parse(got.text) as unknown };
  } catch (e) {
    return { ok: false, error: `${where} did not send valid JSON (${(e as Error).message.slice(0, 80)}); the answer may be cut off` };
  }
}
