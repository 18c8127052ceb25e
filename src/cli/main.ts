/**
 * btcai: the BTCAI functions on the command line, evaluated through the same
 * argument adapter Excel uses and driven by the generated functions.json.
 *   btcai eval [--json] "<formula>"   exit 0 when evaluated (an Excel error is a result), 2 when not
 *   btcai list [--json]
 *   btcai validate <presets.json>     exit 0 when the file would import, 1 when rejected
 *   btcai market [--source URL] [--json]   exit 0 with a market snapshot, 1 with the reason it was rejected
 *   btcai validate-bundled            exit 0 when the bundled presets meet the standard, 1 when not
 *   btcai presets --audit [--json] [files…]   the sourcing audit; exit 0 when every preset passes
 */
import * as fs from 'fs';
import * as path from 'path';
import * as functions from '../functions/functions';
import { parsePresetBytes } from '../presets/schema';
import { BUNDLED_DOCUMENTS, checkBundledStandard, store } from '../presets/bundled';
import { AuditEntry, MAX_ASSUMED_SHARE, auditDocuments, auditFile, auditText, sourcingCounts } from '../presets/audit';
import { FormulaSyntaxError, parseFormula } from './formula';
import { CallError, FunctionHost, Implementation, Metadata, Outcome, Value, isError } from './host';
import { CALC_USAGE, calcMain } from './calc';
import { MARKET_USAGE, loadMarketFile, marketCommand, takeOption } from './market';

export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;

/** Implementations by function id: the export whose name, without underscores, matches the id. */
export function implementationsById(metadata: Metadata): Map<string, Implementation> {
  const exports = functions as unknown as Record<string, unknown>;
  const byKey = new Map<string, Implementation>();
  for (const [name, fn] of Object.entries(exports)) if (typeof fn === 'function') byKey.set(name.toLowerCase(), fn as Implementation);
  const out = new Map<string, Implementation>();
  for (const f of metadata.functions) {
    const impl = byKey.get(f.id.replace(/_/g, '').toLowerCase());
    if (impl) out.set(f.id, impl);
  }
  return out;
}

export function loadMetadata(dir: string = defaultDistDir()): Metadata {
  const file = path.join(dir, 'functions.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Metadata;
}

function defaultDistDir(): string {
  return process.env.BTCAI_DIST ?? __dirname;
}

export function hostFor(metadata: Metadata): FunctionHost {
  return new FunctionHost(metadata, implementationsById(metadata));
}

/** The plain-text form of a value: spilled arrays as tab-separated rows. */
export function formatValue(v: Value): string {
  if (Array.isArray(v)) return v.map((row) => row.map((c) => formatScalar(c)).join('\t')).join('\n');
  return formatScalar(v);
}
function formatScalar(c: unknown): string {
  if (typeof c === 'boolean') return c ? 'TRUE' : 'FALSE';
  return String(c);
}

export function outcomeJson(o: Outcome): string {
  return JSON.stringify(isError(o) ? { error: o.error, message: o.message } : { value: o.value });
}

/** Evaluates a formula; returns the exit code and what to print. */
export function evalCommand(host: FunctionHost, formula: string, json: boolean): { code: number; out: string; err: string } {
  let outcome: Outcome;
  try {
    outcome = host.evaluate(parseFormula(formula));
  } catch (e) {
    if (e instanceof FormulaSyntaxError || e instanceof CallError) {
      const message = `cannot evaluate ${JSON.stringify(formula.slice(0, 200))}: ${e.message}`;
      return { code: EXIT_USAGE, out: json ? JSON.stringify({ error: 'usage', message }) : '', err: json ? '' : message };
    }
    throw e;
  }
  if (json) return { code: EXIT_OK, out: outcomeJson(outcome), err: '' };
  if (isError(outcome)) return { code: EXIT_OK, out: outcome.error, err: outcome.message };
  return { code: EXIT_OK, out: formatValue(outcome.value), err: '' };
}

export function listCommand(metadata: Metadata, json: boolean): string {
  if (json) {
    return JSON.stringify(
      metadata.functions.map((f) => ({
        name: `BTCAI.${f.name}`,
        description: f.description ?? '',
        parameters: f.parameters.map((p) => ({ name: p.name, description: (p as { description?: string }).description ?? '', optional: !!p.optional, repeating: !!p.repeating })),
      })),
    );
  }
  return metadata.functions
    .map((f) => {
      const params = f.parameters.map((p) => (p.repeating ? `[${p.name}…]` : p.optional ? `[${p.name}]` : p.name)).join(', ');
      return `BTCAI.${f.name}(${params})\n    ${f.description ?? ''}`;
    })
    .join('\n');
}

const USAGE = `usage:
  btcai eval [--json] "<formula>"     e.g. btcai eval --json "HASHPRICE(100000,1100,0.03)"
  btcai list [--json]                 every function with its description and arguments
  btcai validate <presets.json>       check a preset file the task pane would import
  btcai validate-bundled              check the presets that ship (run by npm run build)
  btcai presets --audit [--json] [files…]   sourced/assumed counts and every check, per preset
                                      (the bundled presets, or the preset files given)
${MARKET_USAGE}
${CALC_USAGE}`;

export function main(argv: string[], write: (s: string) => unknown = (s) => process.stdout.write(s), writeErr: (s: string) => unknown = (s) => process.stderr.write(s)): number {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  const [command, ...rest] = args;
  const line = (s: string) => (s ? write(s + '\n') : undefined);
  const errLine = (s: string) => (s ? writeErr(s + '\n') : undefined);
  switch (command) {
    case 'eval': {
      const m = takeOption(rest, '--market');
      if ('error' in m || m.rest.length !== 1) {
        errLine(('error' in m ? m.error + '\n' : 'btcai eval takes one formula (quote it)\n') + USAGE);
        return EXIT_USAGE;
      }
      const bad = m.value === undefined ? undefined : loadMarketFile(m.value, store);
      if (bad) {
        errLine(bad);
        return EXIT_USAGE;
      }
      const r = evalCommand(hostFor(loadMetadata()), m.rest[0], json);
      line(r.out);
      errLine(r.err);
      return r.code;
    }
    case 'list':
      line(listCommand(loadMetadata(), json));
      return EXIT_OK;
    case 'validate': {
      if (rest.length !== 1) {
        errLine(USAGE);
        return EXIT_USAGE;
      }
      const v = parsePresetBytes(new Uint8Array(fs.readFileSync(rest[0])));
      if (v.ok) {
        line(`ok: ${v.value.map((p) => p.ticker).join(', ')}`);
        for (const p of v.value) {
          if (p.schema !== 2) continue;
          const c = sourcingCounts(p);
          line(`${p.ticker}: ${c.assumed} of ${c.decision_fields} decision-relevant fields assumed (${(c.assumed_share * 100).toFixed(1)} %): ${c.assumed_share <= MAX_ASSUMED_SHARE ? 'meets' : 'does not meet'} the bundled presets' standard (at most ${MAX_ASSUMED_SHARE * 100} %)`);
        }
        return EXIT_OK;
      }
      errLine(`rejected (${v.errors.length} problem${v.errors.length === 1 ? '' : 's'}):\n- ${v.errors.join('\n- ')}`);
      return EXIT_REJECTED;
    }
    case 'calc':
      // asynchronous (exceljs reads files asynchronously): the exit code is set when it finishes
      void calcMain(rest, json, () => hostFor(loadMetadata()), write, writeErr).then(
        (code) => {
          process.exitCode = code;
        },
        (e: unknown) => {
          writeErr(`btcai calc failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
          process.exitCode = EXIT_USAGE;
        },
      );
      return EXIT_OK;
    case 'market':
      // asynchronous (fetch): the exit code is set when it finishes
      void marketCommand(rest, json, (url, init) => fetch(url, init), Date.now()).then(
        (r) => {
          line(r.out);
          errLine(r.err);
          process.exitCode = r.code;
        },
        (e: unknown) => {
          errLine(`btcai market failed: ${e instanceof Error ? e.message : String(e)}`);
          process.exitCode = EXIT_REJECTED;
        },
      );
      return EXIT_OK;
    case 'validate-bundled': {
      const { errors, notes } = checkBundledStandard();
      if (errors.length > 0) {
        errLine(`bundled presets are invalid:\n- ${errors.join('\n- ')}`);
        return EXIT_REJECTED;
      }
      line(`bundled presets: ok${notes.length ? `\n- ${notes.join('\n- ')}` : ''}`);
      return EXIT_OK;
    }
    case 'presets': {
      if (rest[0] !== '--audit') {
        errLine(USAGE);
        return EXIT_USAGE;
      }
      const files = rest.slice(1);
      let entries: AuditEntry[];
      if (files.length === 0) entries = auditDocuments(BUNDLED_DOCUMENTS);
      else {
        entries = [];
        for (const f of files) entries.push(...auditFile(new Uint8Array(fs.readFileSync(f)), path.basename(f)));
      }
      if (json) line(JSON.stringify({ presets: entries }));
      else line(auditText(entries));
      return entries.length > 0 && entries.every((e) => e.ok) ? EXIT_OK : EXIT_REJECTED;
    }
    default:
      errLine(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? EXIT_OK : EXIT_USAGE;
  }
}
