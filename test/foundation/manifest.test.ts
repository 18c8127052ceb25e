/**
 * The manifest, checked the way Microsoft's validator would check it (the
 * validator itself needs Microsoft's servers, so it cannot run in CI): structure,
 * resource ids, the shared runtime, and URLs that match the files the build emits.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DOMParser } from '@xmldom/xmldom';

const root = path.join(__dirname, '..', '..');
const xml = fs.readFileSync(path.join(root, 'manifest.xml'), 'utf8');
const doc = new DOMParser().parseFromString(xml, 'text/xml');

function all(name: string): Element[] {
  return Array.from(doc.getElementsByTagName(name) as unknown as ArrayLike<Element>);
}
function one(name: string): Element {
  const found = all(name);
  expect(found).toHaveLength(1);
  return found[0];
}
function children(el: Element): Element[] {
  return Array.from(el.childNodes as unknown as ArrayLike<Node>).filter((n): n is Element => n.nodeType === 1);
}
/** Resource ids declared under <Resources>, by kind. */
function declared(kind: string): Element[] {
  return all(kind).filter((el) => el.hasAttribute('id'));
}
function resources(kind: 'bt:Image' | 'bt:Url' | 'bt:String'): Map<string, string> {
  const out = new Map<string, string>();
  for (const el of declared(kind)) {
    const id = el.getAttribute('id');
    if (id) out.set(id, el.getAttribute('DefaultValue') ?? '');
  }
  return out;
}

describe('manifest.xml', () => {
  test('parses as XML with the OfficeApp root of a task pane add-in', () => {
    expect(doc.documentElement.nodeName).toBe('OfficeApp');
    expect(doc.documentElement.getAttribute('xsi:type')).toBe('TaskPaneApp');
    expect(one('Id').textContent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(one('Version').textContent).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  test('targets Excel workbooks with ReadWriteDocument permission and the shared runtime requirement', () => {
    const hosts = all('Host').filter((h) => h.getAttribute('Name'));
    expect(hosts.map((h) => h.getAttribute('Name'))).toEqual(['Workbook']);
    expect(one('Permissions').textContent).toBe('ReadWriteDocument');
    const sets = all('Set').map((s) => `${s.getAttribute('Name')} ${s.getAttribute('MinVersion')}`);
    expect(sets).toContain('SharedRuntime 1.1');
  });

  test('every resid resolves to a declared resource and is at most 32 characters', () => {
    const ids = new Set([...resources('bt:Image').keys(), ...resources('bt:Url').keys(), ...resources('bt:String').keys()]);
    const used = all('*')
      .map((el) => el.getAttribute('resid'))
      .filter((r): r is string => !!r);
    expect(used.length).toBeGreaterThan(5);
    for (const r of used) {
      expect(ids.has(r)).toBe(true);
      expect(r.length).toBeLessThanOrEqual(32);
    }
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(32);
  });

  test('resource ids are unique within their kind', () => {
    for (const kind of ['bt:Image', 'bt:Url', 'bt:String']) {
      const list = declared(kind).map((e) => e.getAttribute('id'));
      expect(new Set(list).size).toBe(list.length);
    }
  });

  test('one shared runtime: Runtime, custom functions Page and FunctionFile use the same resid, with a long lifetime', () => {
    const runtime = one('Runtime');
    expect(runtime.getAttribute('lifetime')).toBe('long');
    const rid = runtime.getAttribute('resid');
    const page = one('Page');
    expect(children(page).find((c) => c.nodeName === 'SourceLocation')!.getAttribute('resid')).toBe(rid);
    expect(one('FunctionFile').getAttribute('resid')).toBe(rid);
    // the ribbon button opens the task pane in that same runtime
    const action = all('Action').find((a) => a.getAttribute('xsi:type') === 'ShowTaskpane')!;
    expect(children(action).find((c) => c.nodeName === 'SourceLocation')!.getAttribute('resid')).toBe(rid);
  });

  test('Runtimes comes first under the Workbook host of VersionOverrides', () => {
    const host = all('Host').find((h) => h.getAttribute('xsi:type') === 'Workbook')!;
    const kids = children(host).map((c) => c.nodeName);
    expect(kids[0]).toBe('Runtimes');
    expect(kids).toEqual(['Runtimes', 'AllFormFactors', 'DesktopFormFactor']);
  });

  test('custom functions use the BTCAI namespace', () => {
    const ns = one('Namespace').getAttribute('resid')!;
    expect(resources('bt:String').get(ns)).toBe('BTCAI');
    const ep = all('ExtensionPoint').find((e) => e.getAttribute('xsi:type') === 'CustomFunctions')!;
    expect(children(ep).map((c) => c.nodeName)).toEqual(['Script', 'Page', 'Metadata', 'Namespace']);
  });

  test('a ribbon button on the Home tab opens the task pane', () => {
    const tab = one('OfficeTab');
    expect(tab.getAttribute('id')).toBe('TabHome');
    const button = all('Control').find((c) => c.getAttribute('xsi:type') === 'Button');
    expect(button).toBeDefined();
  });

  test('icons are declared in the sizes Office asks for and exist as PNG files', () => {
    const images = resources('bt:Image');
    for (const url of [...images.values(), one('IconUrl').getAttribute('DefaultValue')!, one('HighResolutionIconUrl').getAttribute('DefaultValue')!]) {
      const file = path.join(root, new URL(url).pathname);
      const bytes = fs.readFileSync(file);
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    }
  });

  test('every URL is https on the add-in origin and names a file the build emits', () => {
    const distDir = path.join(root, 'dist');
    const urls = [...resources('bt:Url').values(), ...resources('bt:Image').values(), children(one('DefaultSettings')).find((c) => c.nodeName === 'SourceLocation')!.getAttribute('DefaultValue')!];
    const origins = new Set(urls.map((u) => new URL(u).origin));
    expect([...origins]).toEqual(['https://localhost:3000']);
    expect(all('AppDomain').map((a) => a.textContent)).toContain('https://localhost:3000');
    for (const u of urls) {
      const file = path.join(distDir, new URL(u).pathname);
      expect(fs.existsSync(file)).toBe(true);
    }
  });
});
