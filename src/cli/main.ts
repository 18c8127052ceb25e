/**
 * btcai: the BTCAI functions on the command line, evaluated through the same
 * argument adapter Excel uses and driven by the generated functions.json.
 * The commands are one table (COMMANDS, below): name, usage, flags, operands,
 * handler; args.ts gives every command the same conventions (--help/-h, exit 2
 * with the usage on an unknown flag).
 *   btcai eval [--json] "<formula>"   exit 0 when evaluated (an Excel error is a result), 2 when not
 *   btcai list [--json]
 *   btcai validate <presets.json>     exit 0 when the file would import, 1 when rejected
 *   btcai validate-bundled            exit 0 when the bundled presets meet the standard, 1 when not
 *   btcai presets --audit [--json] [files…]   the sourcing audit; exit 0 when every preset passes
 *   btcai market [--source URL] [--json]   exit 0 with a market snapshot, 1 with the reason it was rejected
 *   btcai calc <model.xlsx> [--write out.xlsx] [--json]
 */
import * as fs from 'fs';
import * as path from 'path';
import * as functions from '../functions/functions';
import { parsePresetBytes } from '../presets/schema';
import { store } from '../presets/bundled';
import { BUNDLED_DOCUMENTS, checkBundledStandard } from '../presets/bundledDocuments';
import { AuditEntry, MAX_ASSUMED_SHARE, auditDocuments, auditFile, auditText, sourcingCounts } from '../presets/audit';
import { loadMarketFile, marketCommand } from './market';
import { DEFAULT_MARKET_SOURCE } from '../market';
import { Call, FormulaSyntaxError, parseFormula } from './formula';
import { CallError, FunctionHost, Implementation, Metadata, Outcome, Value, isError } from './host';
import { CalcUsageError, EvalUsageError, calcCommand, evalWithBuiltins } from './calc';
import { setDataTypeLevel } from '../functions/cellValues';
import { Command, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, Io, runCommand } from './args';

export { EXIT_OK, EXIT_REJECTED, EXIT_USAGE };

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

/**
 * The function host over the bundled functions. Results come back as Excel's data
 * types (as a current Excel takes them), so `eval --json` can report each result's
 * number format and a card's fields beside its plain value.
 */
export function hostFor(metadata: Metadata): FunctionHost {
  setDataTypeLevel('double');
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

/**
 * `eval --json`'s one object: {"value"} (a number, text, boolean or rows), with
 * "numberFormat" beside it when the result has one (a string, or rows of strings
 * for a spilled table, "" for General) and "properties" for a card (each field's
 * value and number format); or {"error", "message"}. `value` never changes shape.
 */
export function outcomeJson(o: Outcome): string {
  if (isError(o)) return JSON.stringify({ error: o.error, message: o.message });
  const out: Record<string, unknown> = { value: o.value };
  if (o.numberFormat !== undefined) out.numberFormat = o.numberFormat;
  if (o.properties !== undefined) out.properties = o.properties;
  return JSON.stringify(out);
}

/** True when every function a parsed formula calls is a BTCAI function. */
function onlyBtcai(host: FunctionHost, call: Call): boolean {
  return !!host.meta(call.name) && call.args.every((a) => a.kind !== 'call' || onlyBtcai(host, a.call));
}

/** Evaluates a formula; returns the exit code and what to print. */
export function evalCommand(host: FunctionHost, formula: string, json: boolean): { code: number; out: string; err: string } {
  const usage = (why: string) => {
    const message = `cannot evaluate ${JSON.stringify(formula.slice(0, 200))}: ${why}`;
    return { code: EXIT_USAGE, out: json ? JSON.stringify({ error: 'usage', message }) : '', err: json ? '' : message };
  };
  let outcome: Outcome;
  let call: Call | undefined;
  let parseProblem: Error | undefined;
  try {
    call = parseFormula(formula);
  } catch (e) {
    if (!(e instanceof FormulaSyntaxError)) throw e;
    parseProblem = e;
  }
  try {
    if (call && onlyBtcai(host, call)) outcome = host.evaluate(call);
    else outcome = evalWithBuiltins(host, formula); // Excel built-ins around BTCAI calls: the engine of btcai calc
  } catch (e) {
    if (e instanceof CallError) return usage(e.message);
    if (e instanceof EvalUsageError) return usage(parseProblem && /syntax/.test(e.message) ? parseProblem.message : e.message);
    if (e instanceof CalcUsageError) return usage(e.message);
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


const JSON_FLAG = { name: '--json', help: 'print JSON' } as const;

/** Every command, one entry each. */
export const COMMANDS: readonly Command[] = [
  {
    name: 'eval',
    usage: ['eval [--json] [--market FILE] "<formula>"'],
    summary: 'evaluate one formula: BTCAI calls, and Excel built-ins around them (e.g. "BLOCK_SUBSIDY(DATE(2024,4,20))")',
    flags: [
      { name: '--json', help: 'one JSON object: {"value": …} (plus "numberFormat", "properties" when the result has them) or {"error", "message"}' },
      { name: '--market', takesValue: true, help: 'evaluate with a saved market snapshot (btcai market --json > FILE) as the market data' },
    ],
    operands: { min: 1, max: 1 },
    run: (p, io) => {
      const file = p.flags.get('--market');
      const bad = typeof file === 'string' ? loadMarketFile(file, store) : undefined;
      if (bad) {
        io.err(bad + '\n');
        return EXIT_USAGE;
      }
      const r = evalCommand(hostFor(loadMetadata()), p.operands[0], p.flags.has('--json'));
      if (r.out) io.out(r.out + '\n');
      if (r.err) io.err(r.err + '\n');
      return r.code;
    },
  },
  {
    name: 'list',
    usage: ['list [--json]'],
    summary: 'every function with its description and arguments',
    flags: [JSON_FLAG],
    operands: { min: 0, max: 0 },
    run: (p, io) => {
      io.out(listCommand(loadMetadata(), p.flags.has('--json')) + '\n');
      return EXIT_OK;
    },
  },
  {
    name: 'validate',
    usage: ['validate <presets.json>'],
    summary: 'check a preset file the task pane would import (exit 1 with the reasons when rejected)',
    flags: [],
    operands: { min: 1, max: 1 },
    run: (p, io) => {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(fs.readFileSync(p.operands[0]));
      } catch (e) {
        io.err(`btcai validate: cannot read ${p.operands[0]}: ${(e as Error).message}\n`);
        return EXIT_USAGE;
      }
      const v = parsePresetBytes(bytes);
      if (v.ok) {
        io.out(`ok: ${v.value.map((x) => x.ticker).join(', ')}\n`);
        for (const x of v.value) {
          if (x.schema !== 2) continue;
          const c = sourcingCounts(x);
          io.out(`${x.ticker}: ${c.assumed} of ${c.decision_fields} decision-relevant fields assumed (${(c.assumed_share * 100).toFixed(1)} %): ${c.assumed_share <= MAX_ASSUMED_SHARE ? 'meets' : 'does not meet'} the bundled presets' standard (at most ${MAX_ASSUMED_SHARE * 100} %)\n`);
        }
        return EXIT_OK;
      }
      io.err(`rejected (${v.errors.length} problem${v.errors.length === 1 ? '' : 's'}):\n- ${v.errors.join('\n- ')}\n`);
      return EXIT_REJECTED;
    },
  },
  {
    name: 'validate-bundled',
    usage: ['validate-bundled'],
    summary: 'check the presets that ship against the schema, every consistency check and the sourcing standard (run by npm run build)',
    flags: [],
    operands: { min: 0, max: 0 },
    run: (_p, io) => {
      const { errors, notes } = checkBundledStandard();
      if (errors.length > 0) {
        io.err(`bundled presets are invalid:\n- ${errors.join('\n- ')}\n`);
        return EXIT_REJECTED;
      }
      io.out(`bundled presets: ok${notes.length ? `\n- ${notes.join('\n- ')}` : ''}\n`);
      return EXIT_OK;
    },
  },
  {
    name: 'presets',
    usage: ['presets --audit [--json] [files…]'],
    summary: 'per preset: sourced/assumed counts and every consistency check (the bundled presets, or the files given); exit 1 when one fails',
    flags: [
      { name: '--audit', help: 'the sourcing audit (required)' },
      { name: '--json', help: 'print {"presets":[{"ticker","quarter","decision_fields","assumed","assumed_share","checks":[…]}]}' },
    ],
    operands: { min: 0, max: 200 },
    run: (p, io) => {
      if (!p.flags.has('--audit')) {
        io.err('btcai presets: say --audit (the only mode)\n');
        return EXIT_USAGE;
      }
      let entries: AuditEntry[];
      if (p.operands.length === 0) entries = auditDocuments(BUNDLED_DOCUMENTS);
      else {
        entries = [];
        for (const f of p.operands) {
          let bytes: Uint8Array;
          try {
            bytes = new Uint8Array(fs.readFileSync(f));
          } catch (e) {
            io.err(`btcai presets: cannot read ${f}: ${(e as Error).message}\n`);
            return EXIT_USAGE;
          }
          entries.push(...auditFile(bytes, path.basename(f)));
        }
      }
      io.out((p.flags.has('--json') ? JSON.stringify({ presets: entries }) : auditText(entries)) + '\n');
      return entries.length > 0 && entries.every((e) => e.ok) ? EXIT_OK : EXIT_REJECTED;
    },
  },
  {
    name: 'market',
    usage: ['market [--source URL] [--json]'],
    summary: `fetch BTC price, hashrate, difficulty, fees and tip height from a mempool API (default ${DEFAULT_MARKET_SOURCE}); exit 1 with the reason if any check fails`,
    flags: [
      { name: '--source', takesValue: true, help: 'base URL of a mempool-compatible API (https, or http to localhost/127.0.0.1)' },
      { name: '--json', help: 'print exactly {"btc_price","network_hashrate_eh","difficulty","fees_btc_per_block","height","hashprice","asof"}' },
    ],
    operands: { min: 0, max: 0 },
    run: async (p, io) => {
      const source = p.flags.get('--source');
      const r = await marketCommand(typeof source === 'string' ? ['--source', source] : [], p.flags.has('--json'), (url, init) => fetch(url, init), Date.now());
      if (r.out) io.out(r.out + '\n');
      if (r.err) io.err(r.err + '\n');
      return r.code;
    },
  },
  {
    name: 'calc',
    usage: ['calc <model.xlsx> [--write out.xlsx] [--json]'],
    summary: 'recalculate a workbook without Excel (dev only: needs exceljs and hyperformula)',
    flags: [
      { name: '--write', takesValue: true, help: 'save the results as the cells\' cached values in a copy' },
      { name: '--json', help: 'print the results as JSON' },
    ],
    operands: { min: 1, max: 1 },
    run: (p, io) => {
      const write = p.flags.get('--write');
      return calcCommand(p.operands[0], { json: p.flags.has('--json'), writeTo: typeof write === 'string' ? write : undefined }, () => hostFor(loadMetadata()), io);
    },
  },
];

/**
 * Runs a command. Returns its exit code; an asynchronous command (calc) sets
 * process.exitCode when it finishes and returns 0 here (use mainAsync to await it).
 */
export function main(argv: string[], write: (s: string) => unknown = (s) => process.stdout.write(s), writeErr: (s: string) => unknown = (s) => process.stderr.write(s)): number {
  const r = runCommand(COMMANDS, argv, { out: write, err: writeErr });
  if (typeof r === 'number') return r;
  r.then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      writeErr(`btcai ${argv[0]} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
  return EXIT_OK;
}

/** The same, awaiting asynchronous commands (tests). */
export async function mainAsync(argv: string[], io: Io): Promise<number> {
  return runCommand(COMMANDS, argv, io);
}
