import { checkImportUrl, fetchPresets, planImport, FetchLike } from '../../src/taskpane/importing';
import { loadBundled } from '../../src/presets/bundledDocuments';

const bundled = loadBundled().presets;
const preset = (ticker: string) => ({ ticker, name: `${ticker} Corp`, asof: '2026-01-10', ai_business: 'colocation', fields: { pue: { value: 1.2, asof: '2026-01-10', assumption: 'test' } } });
const answer = (body: string, status = 200, url?: string): FetchLike => async () => ({ ok: status < 300, status, url, arrayBuffer: async () => new TextEncoder().encode(body).buffer as ArrayBuffer });

describe('import from a URL', () => {
  it.each(['http://example.com/p.json', 'ftp://example.com/p.json', 'file:///etc/passwd', 'javascript:alert(1)'])('refuses %s: https only', (u) => {
    const c = checkImportUrl(u);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error).toContain('Only https://');
  });

  it('refuses text that is not an address, and addresses with credentials', () => {
    expect(checkImportUrl('presets.json').ok).toBe(false);
    expect(checkImportUrl('https://u:p@example.com/p.json').ok).toBe(false);
    expect(checkImportUrl(' https://example.com/p.json ')).toEqual({ ok: true, url: 'https://example.com/p.json' });
  });

  it('never calls fetch for a refused address', async () => {
    const spy = jest.fn(answer('{}'));
    const r = await fetchPresets('http://example.com/p.json', spy);
    expect(r.ok).toBe(false);
    expect(spy).not.toHaveBeenCalled();
  });

  it('accepts a valid preset file, and rejects a whole file with one bad preset', async () => {
    const good = await fetchPresets('https://example.com/p.json', answer(JSON.stringify([preset('NEWCO')])));
    expect(good.ok && good.value.map((p) => p.ticker)).toEqual(['NEWCO']);
    const bad = await fetchPresets('https://example.com/p.json', answer(JSON.stringify([preset('NEWCO'), { ...preset('BAD'), fields: { pue: { value: 9, asof: '2026-01-10', assumption: 'x' } } }])));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join('\n')).toContain('pue was 9');
  });

  it('reports HTTP errors, redirects to http, and network failures plainly', async () => {
    const e404 = await fetchPresets('https://example.com/p.json', answer('', 404));
    expect(!e404.ok && e404.errors[0]).toContain('HTTP 404');
    const redirected = await fetchPresets('https://example.com/p.json', answer('{}', 200, 'http://example.com/p.json'));
    expect(!redirected.ok && redirected.errors[0]).toContain('non-https');
    const down = await fetchPresets('https://example.com/p.json', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(!down.ok && down.errors[0]).toContain('Failed to fetch');
  });
});

describe('joining imports', () => {
  it('replaces earlier imports of the same ticker, keeps the others, and names tickers the workbook table shadows', () => {
    const first = planImport([], [bundled[0]], []);
    const second = planImport(first.presets, [bundled[0], bundled[1]], [bundled[1].ticker]);
    expect(second.presets.map((p) => p.ticker)).toEqual([bundled[0].ticker, bundled[1].ticker].sort());
    expect(second.replaced).toEqual([bundled[0].ticker]);
    expect(second.added).toEqual([bundled[1].ticker]);
    expect(second.shadowed).toEqual([bundled[1].ticker]);
  });
});
