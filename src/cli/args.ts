/**
 * The command line's conventions, as data: each command is one entry (name,
 * usage, flags, how many operands, handler). `--help`/`-h` on any command prints
 * its usage to stdout and exits 0; an unknown flag or a wrong number of operands
 * exits 2 with the usage on stderr. A new command is one more entry in the table
 * main.ts passes to `runCommand`.
 */

export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;

export interface FlagSpec {
  /** "--json", "--write". */
  readonly name: string;
  /** True when the flag takes a value: `--write out.xlsx` or `--write=out.xlsx`. */
  readonly takesValue?: boolean;
  readonly help: string;
}

export interface Io {
  readonly out: (s: string) => unknown;
  readonly err: (s: string) => unknown;
}

export interface Parsed {
  /** Flags given: true, or the flag's value. */
  readonly flags: ReadonlyMap<string, string | true>;
  readonly operands: readonly string[];
}

export interface Command {
  readonly name: string;
  /** One line per form, without the leading "btcai ". */
  readonly usage: readonly string[];
  readonly summary: string;
  readonly flags: readonly FlagSpec[];
  /** Operand count allowed (inclusive). */
  readonly operands: { readonly min: number; readonly max: number };
  readonly run: (p: Parsed, io: Io) => number | Promise<number>;
}

const HELP_FLAGS = new Set(['--help', '-h']);

/** A token that reads as an option: "-h", "--json", "--write=x"; never a formula such as "-HASHPRICE(1,2)" or "-1". */
export function isFlagToken(t: string): boolean {
  return /^--?[A-Za-z][A-Za-z0-9-]*(=.*)?$/.test(t);
}

export function commandUsage(c: Command): string {
  const lines = c.usage.map((u) => `  btcai ${u}`);
  const flags = c.flags.map((f) => `    ${f.name}${f.takesValue ? ' <value>' : ''}  ${f.help}`);
  return [`usage:`, ...lines, `  ${c.summary}`, ...(flags.length ? ['options:', ...flags] : []), '    -h, --help  this help'].join('\n');
}

export function overallUsage(commands: readonly Command[]): string {
  const width = Math.max(...commands.flatMap((c) => c.usage.map((u) => u.length)));
  const lines = commands.flatMap((c) => c.usage.map((u, k) => `  btcai ${u.padEnd(width)}  ${k === 0 ? c.summary : ''}`.trimEnd()));
  return ['usage:', ...lines, '', '"btcai <command> --help" prints one command\'s usage and options.'].join('\n');
}

export type ParseResult = { kind: 'help' } | { kind: 'ok'; parsed: Parsed } | { kind: 'usage'; message: string };

/** Reads a command's arguments: flags anywhere, "--" ends the flags. */
export function parseArgs(c: Command, args: readonly string[]): ParseResult {
  const flags = new Map<string, string | true>();
  const operands: string[] = [];
  let onlyOperands = false;
  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    if (onlyOperands || !isFlagToken(t)) {
      if (t === '--' && !onlyOperands) onlyOperands = true;
      else operands.push(t);
      continue;
    }
    if (HELP_FLAGS.has(t)) return { kind: 'help' };
    const eq = t.indexOf('=');
    const name = eq >= 0 ? t.slice(0, eq) : t;
    const spec = c.flags.find((f) => f.name === name);
    if (!spec) return { kind: 'usage', message: `btcai ${c.name}: unknown option ${name}` };
    if (spec.takesValue) {
      const value = eq >= 0 ? t.slice(eq + 1) : args[++i];
      if (value === undefined || value === '') return { kind: 'usage', message: `btcai ${c.name}: ${name} needs a value` };
      flags.set(name, value);
    } else {
      if (eq >= 0) return { kind: 'usage', message: `btcai ${c.name}: ${name} takes no value` };
      flags.set(name, true);
    }
  }
  if (operands.length < c.operands.min || operands.length > c.operands.max) {
    const want = c.operands.min === c.operands.max ? `${c.operands.min}` : `${c.operands.min} to ${c.operands.max}`;
    return { kind: 'usage', message: `btcai ${c.name} takes ${want} operand${c.operands.max === 1 ? '' : 's'}, got ${operands.length}` };
  }
  return { kind: 'ok', parsed: { flags, operands } };
}

/**
 * Runs argv against the command table. A promise is returned when the handler is
 * asynchronous (btcai calc); otherwise the exit code.
 */
export function runCommand(commands: readonly Command[], argv: readonly string[], io: Io): number | Promise<number> {
  const [name, ...rest] = argv;
  const line = (write: (s: string) => unknown, s: string) => (s ? write(s.endsWith('\n') ? s : s + '\n') : undefined);
  if (name === undefined) {
    line(io.err, `btcai: which command?\n${overallUsage(commands)}`);
    return EXIT_USAGE;
  }
  if (HELP_FLAGS.has(name) || name === 'help') {
    const which = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    if (name === 'help' && rest[0] !== undefined && !which) {
      line(io.err, `btcai help: no command "${rest[0].slice(0, 60)}"\n${overallUsage(commands)}`);
      return EXIT_USAGE;
    }
    line(io.out, which ? commandUsage(which) : overallUsage(commands));
    return EXIT_OK;
  }
  const c = commands.find((x) => x.name === name);
  if (!c) {
    line(io.err, `btcai: unknown command "${name.slice(0, 60)}"\n${overallUsage(commands)}`);
    return EXIT_USAGE;
  }
  const p = parseArgs(c, rest);
  if (p.kind === 'help') {
    line(io.out, commandUsage(c));
    return EXIT_OK;
  }
  if (p.kind === 'usage') {
    line(io.err, `${p.message}\n${commandUsage(c)}`);
    return EXIT_USAGE;
  }
  return c.run(p.parsed, io);
}
