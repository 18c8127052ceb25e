/**
 * `btcai presets --audit`: for each preset, its sourced and assumed counts and
 * every check of the bundled standard (shape, consistency, sourcing), as JSON
 * or as text a reader scans. Documents that do not validate are listed with
 * their shape check failing and the reasons.
 */
import { AuditEntry, auditPreset, auditRejected } from './checks';
import { MAX_IMPORT_BYTES, validatePresetShape } from './schema';
import { isPlainObject } from './validation';

export { MAX_ASSUMED_SHARE, sourcingCounts } from './checks';
export type { AuditEntry } from './checks';

/** One audit entry per document (shape first; a document whose shape fails is reported, not checked further). */
export function auditDocuments(docs: readonly unknown[]): AuditEntry[] {
  return docs.map((d) => {
    const errors: string[] = [];
    const p = validatePresetShape(d, errors);
    return p ? auditPreset(p) : auditRejected(d, errors);
  });
}

/** The audit of a preset file: one preset, a list, or { "presets": [...] }. */
export function auditFile(bytes: Uint8Array, label: string): AuditEntry[] {
  const fail = (why: string) => [auditRejected({ name: label.slice(0, 40) }, [why])];
  if (bytes.length > MAX_IMPORT_BYTES) return fail(`${label}: the file is ${bytes.length} bytes; at most ${MAX_IMPORT_BYTES} are accepted`);
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, ''));
  } catch (e) {
    return fail(`${label}: not UTF-8 JSON (${(e as Error).message.slice(0, 120)})`);
  }
  const list = Array.isArray(doc) ? doc : isPlainObject(doc) && Array.isArray(doc.presets) ? doc.presets : [doc];
  return auditDocuments(list.slice(0, 200));
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The audit as text: a line per preset, then a line per check. */
export function auditText(entries: readonly AuditEntry[]): string {
  const lines: string[] = [];
  for (const e of entries) {
    const head = `${e.ticker.padEnd(6)} ${(e.quarter ?? '-').padEnd(8)} schema ${e.schema ?? '?'}  ${e.ok ? 'PASS' : 'FAIL'}`;
    const counts =
      e.schema === 2
        ? `decision fields ${e.decision_fields}, assumed ${e.assumed} (${pct(e.assumed_share)}); sourced ${e.sourced_primary} primary, ${e.sourced_press} press; ${e.sources_primary + e.sources_press} documents (${e.sources_press} press); ${e.contracts} contracts`
        : `decision fields ${e.decision_fields}, assumed ${e.assumed}`;
    lines.push(`${head}  ${e.name}`, `  ${counts}`);
    for (const c of e.checks) lines.push(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name.padEnd(23)} ${c.detail}`);
  }
  const failing = entries.filter((e) => !e.ok).map((e) => e.ticker);
  lines.push(failing.length === 0 ? `${entries.length} presets: all pass` : `${entries.length} presets: ${failing.length} fail (${failing.join(', ')})`);
  return lines.join('\n');
}
