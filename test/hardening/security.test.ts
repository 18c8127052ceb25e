/**
 * What the add-in lets in: the task pane renders preset text as text (no HTML
 * sinks in its code), its page allows scripts only from itself and Microsoft's
 * office.js CDN, and the shipped bundles make no network request except the
 * user's https-only "Import from URL" (importing.ts; its URL checks are tested
 * in presets.test.ts) and "Refresh market data" (src/market; tested against a
 * stub API in test/market). The functions never reach the network: no module
 * they load can fetch. Static scans of the sources and of the built files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DIST } from './excelArgs';

const ROOT = path.join(__dirname, '..', '..');
const SRC = path.join(ROOT, 'src');

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? tsFiles(p) : d.name.endsWith('.ts') ? [p] : [];
  });
}
const rel = (p: string) => path.relative(ROOT, p);
/** Source without comments, so a doc comment that names a sink does not count, and a sink in code cannot hide. */
function code(file: string): string {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}
function hits(re: RegExp, files: string[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    code(f)
      .split('\n')
      .forEach((line, i) => {
        if (new RegExp(re.source, re.flags.replace('g', '')).test(line)) out.push(`${rel(f)}:${i + 1}: ${line.trim().slice(0, 160)}`);
      });
  }
  return out;
}

/** Sources bundled into the add-in (functions.js, taskpane.js, help.js); src/cli is the Node command line. */
const BUNDLED_SOURCES = ['functions', 'engine', 'presets', 'taskpane', 'office', 'market'].flatMap((d) => tsFiles(path.join(SRC, d)));
const PANE_SOURCES = ['taskpane', 'office'].flatMap((d) => tsFiles(path.join(SRC, d)));

const HTML_SINKS = /\b(innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|srcdoc|DOMParser)\b|document\s*\.\s*write(ln)?\b|\beval\s*\(|\bnew\s+Function\b|\bsetAttribute\s*\(\s*['"`]on/;
const NETWORK = /\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts|RTCPeerConnection)\b|\bimport\s*\(|\bnew\s+Worker\b|\bwindow\s*\.\s*open\s*\(/;

describe('the task pane renders data as text', () => {
  test('the sources are where this scan expects them', () => {
    expect(PANE_SOURCES.map(rel)).toContain(path.join('src', 'taskpane', 'taskpane.ts'));
    expect(BUNDLED_SOURCES.length).toBeGreaterThan(10);
  });

  test('no HTML sink (innerHTML, outerHTML, insertAdjacentHTML, document.write, eval, on* attributes) in src/taskpane or src/office', () => {
    expect(hits(HTML_SINKS, PANE_SOURCES)).toEqual([]);
  });

  test('no event-handler attribute and no data-built link in element attributes', () => {
    expect(hits(/['"]?\bon[a-z]+['"]?\s*:\s*[^/]/, PANE_SOURCES).filter((h) => /\bel\(|\{\s*['"]?on/.test(h))).toEqual([]);
    // links are literal pages or in-page anchors; the one link built from data (a source's
    // document, pieces.ts) takes only what safeLinkUrl passed: https, or http on this computer
    for (const h of hits(/\bhref\s*:/, PANE_SOURCES)) {
      if (h.startsWith(path.join('src', 'taskpane', 'pieces.ts') + ':')) expect(h).toMatch(/href\s*:\s*url\b/);
      else expect(h).toMatch(/href\s*:\s*(['"][^'"]*['"]|`#\$\{)/);
    }
    expect(code(path.join(SRC, 'taskpane', 'pieces.ts'))).toMatch(/const url = safeLinkUrl\(/);
  });

  test('the built task pane holds no HTML sink either', () => {
    const js = path.join(DIST, 'taskpane.js');
    if (!fs.existsSync(js)) throw new Error('dist/taskpane.js is missing: run npm run build');
    const text = fs.readFileSync(js, 'utf8');
    expect(text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|srcdoc/);
  });
});

describe('Content-Security-Policy of the task pane', () => {
  const html = fs.readFileSync(path.join(DIST, 'taskpane.html'), 'utf8');
  const meta = /<meta\s+http-equiv=["']?Content-Security-Policy["']?\s+content=("([^"]*)"|'([^']*)')/i.exec(html);
  const policy = new Map<string, string[]>();
  for (const d of (meta?.[2] ?? meta?.[3] ?? '').split(';')) {
    const [name, ...values] = d.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), values);
  }
  const scriptSrc = policy.get('script-src') ?? policy.get('default-src') ?? [];

  test('dist/taskpane.html has a CSP meta tag', () => {
    expect(meta).not.toBeNull();
  });

  test("scripts only from 'self' and https://appsforoffice.microsoft.com; no 'unsafe-inline' or 'unsafe-eval'", () => {
    expect(scriptSrc.length).toBeGreaterThan(0);
    for (const s of scriptSrc) expect(["'self'", 'https://appsforoffice.microsoft.com']).toContain(s);
    expect(policy.get('default-src') ?? []).not.toContain("'unsafe-eval'");
    expect(policy.get('default-src') ?? []).not.toContain("'unsafe-inline'");
  });

  test("object-src 'none', base-uri restricted, and no inline script in the page", () => {
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
      const src = /src=["']?([^"'\s>]+)/.exec(attrs)![1];
      // same origin (relative), or office.js from Microsoft's CDN
      expect(src.startsWith('https://appsforoffice.microsoft.com/') || !/^[a-z]+:|^\/\//i.test(src)).toBe(true);
    }
  });

  test('connections only to the add-in, https (preset import, market data) and local http nodes; mempool.space named', () => {
    const connect = policy.get('connect-src') ?? policy.get('default-src') ?? [];
    for (const s of connect) expect(["'self'", 'https:', 'https://mempool.space', 'http://localhost:*', 'http://127.0.0.1:*']).toContain(s);
    expect(connect).toContain('https://mempool.space');
    expect(connect).not.toContain('http:');
  });
});

describe('no network request except the https-only preset import and market refresh', () => {
  test('sources: the only requests are the pane\'s Import from URL and Refresh market data (through webFetch) and the help page reading its own functions.json', () => {
    const found = hits(NETWORK, BUNDLED_SOURCES);
    const allowed = (h: string) =>
      // taskpane.ts defines webFetch once and hands it to fetchPresets and refreshMarketData, which check the URL (https only, no credentials) first
      (h.startsWith(path.join('src', 'taskpane', 'taskpane.ts')) && /const webFetch = \(u: string, init: RequestInit\): Promise<Response> => fetch\(u, init\);/.test(h)) ||
      // help.ts (help.js, not functions.js/taskpane.js) reads functions.json from its own origin
      (h.startsWith(path.join('src', 'taskpane', 'help.ts')) && /fetch\(\s*'functions\.json'/.test(h));
    expect(found.filter((h) => !allowed(h))).toEqual([]);
    expect(found.filter(allowed).length).toBeGreaterThanOrEqual(1);
  });

  test('dist/functions.js makes no request at all', () => {
    const text = fs.readFileSync(path.join(DIST, 'functions.js'), 'utf8');
    expect(text).not.toMatch(NETWORK);
  });

  test('dist/text.js and dist/help-text.js hold data only: one JSON text parsed into BTCAI_TEXT, no code, no request', () => {
    for (const f of ['text.js', 'help-text.js']) {
      const text = fs.readFileSync(path.join(DIST, f), 'utf8');
      expect(text).toMatch(/^globalThis\.BTCAI_TEXT=JSON\.parse\('(?:[^'\\]|\\.)*'\);?\s*$/);
    }
  });

  test('dist/taskpane.js holds exactly one fetch (webFetch, used by the import and the market refresh)', () => {
    const text = fs.readFileSync(path.join(DIST, 'taskpane.js'), 'utf8');
    const fetches = [...text.matchAll(/\bfetch\s*\(/g)];
    expect(fetches.length).toBe(1);
    expect(text.replace(/\bfetch\s*\(/g, '')).not.toMatch(NETWORK);
    expect(text).toMatch(/credentials:\s*["']omit["']/); // the import sends no cookies
  });
});

describe('functions never call the network', () => {
  /** Modules a file loads at run time (type-only imports excluded), resolved to files under src/. */
  function runtimeImports(file: string): string[] {
    const text = code(file);
    const out: string[] = [];
    for (const m of text.matchAll(/^\s*(import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gm)) {
      const base = path.resolve(path.dirname(file), m[2]);
      const f = [base + '.ts', path.join(base, 'index.ts')].find((x) => fs.existsSync(x));
      if (f) out.push(f);
    }
    return out;
  }
  function graph(entry: string): Set<string> {
    const seen = new Set<string>();
    const todo = [entry];
    while (todo.length) {
      const f = todo.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      todo.push(...runtimeImports(f));
    }
    return seen;
  }
  const FUNCTIONS_GRAPH = graph(path.join(SRC, 'functions', 'functions.ts'));

  test('the graph is what this scan expects (it reaches the store and the market types)', () => {
    const files = [...FUNCTIONS_GRAPH].map(rel);
    expect(files).toContain(path.join('src', 'presets', 'store.ts'));
    expect(files).toContain(path.join('src', 'functions', 'marketFunctions.ts'));
    expect(files).toContain(path.join('src', 'market', 'types.ts'));
  });

  test('no module the functions load can fetch: not the market fetcher, the pane or workbook code (only the host probe of src/office/)', () => {
    const files = [...FUNCTIONS_GRAPH].map(rel);
    for (const f of ['http.ts', 'refresh.ts', 'index.ts']) expect(files).not.toContain(path.join('src', 'market', f));
    // functions ask src/office/dataTypes.ts which Excel data types the host takes (Office.context.requirements); nothing else of office/ or the pane
    const officeOrPane = files.filter((f) => f.startsWith(path.join('src', 'taskpane')) || f.startsWith(path.join('src', 'office')));
    expect(officeOrPane).toEqual([path.join('src', 'office', 'dataTypes.ts')]);
    expect(hits(/\b(FetchLike|fetchMarket|getText|XMLHttpRequest|fetch)\b/, [...FUNCTIONS_GRAPH])).toEqual([]);
  });

  test('dist/functions.js holds no API path, no fetch option and no abort timer', () => {
    const text = fs.readFileSync(path.join(DIST, 'functions.js'), 'utf8');
    expect(text).not.toMatch(/api\/v1|tip\/height|credentials|AbortController|mempool\.space/);
  });
});
