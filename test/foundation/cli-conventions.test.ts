/**
 * The command line's conventions, for every command in the table: --help/-h print
 * the usage to stdout and exit 0; an unknown flag exits 2 with the usage on stderr;
 * a formula that starts with "-" is an operand, not a flag.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { COMMANDS, mainAsync } from '../../src/cli/main';
import { isFlagToken } from '../../src/cli/args';

const root = path.join(__dirname, '..', '..');
process.env.BTCAI_DIST = path.join(root, 'dist'); // where the commands read functions.json

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await mainAsync(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('every command', () => {
  test('has a unique name and a usage line that starts with it', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of COMMANDS) expect(c.usage[0].startsWith(c.name)).toBe(true);
  });

  test.each(COMMANDS.map((c) => c.name))('%s --help and -h print its usage to stdout and exit 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const r = await run(name, flag);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toContain(`btcai ${name}`);
      expect(r.out).toMatch(/-h, --help/);
    }
  });

  test.each(COMMANDS.map((c) => c.name))('%s with an unknown flag exits 2 with the reason and its usage on stderr', async (name) => {
    const r = await run(name, '--frobnicate');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('unknown option --frobnicate');
    expect(r.err).toContain(`btcai ${name}`);
  });
});

describe('the command table as a whole', () => {
  test('btcai --help, -h and help list every command; help <command> prints one', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      for (const c of COMMANDS) expect(r.out).toContain(`btcai ${c.usage[0]}`);
    }
    const one = await run('help', 'calc');
    expect(one.code).toBe(0);
    expect(one.out).toContain('--write <value>');
  });

  test('no command, or an unknown one, exits 2 with the usage on stderr', async () => {
    for (const argv of [[], ['frobnicate']]) {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toContain('usage:');
    }
  });

  test('a wrong number of operands exits 2 with the usage', async () => {
    const r = await run('eval', 'HASHPRICE(1,2)', 'extra');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/takes 1 operand, got 2/);
    const w = await run('calc', 'x.xlsx', '--write');
    expect(w.code).toBe(2);
    expect(w.err).toMatch(/--write needs a value/);
  });
});

describe('flags and formulas', () => {
  test('options are letters; formulas and negative numbers are operands', () => {
    expect(['-h', '--help', '--json', '--write=out.xlsx'].every(isFlagToken)).toBe(true);
    expect(['-HASHPRICE(1,2)', '-1', '=A1', 'HASHPRICE(1,2)', '--', '-'].some(isFlagToken)).toBe(false);
  });

  test('"-HASHPRICE(…)" evaluates (a negated call), and "--" ends the options', async () => {
    // docs/model.md worked figure: 144 · 3.155 · 100 000 / 1 100 000 = 41.30
    const worked = (144 * 3.155 * 100000) / 1100000;
    const r = await run('eval', '--json', '-HASHPRICE(100000,1100,0.03,3.125)');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).value).toBeCloseTo(-worked, 10);
    const dd = await run('eval', '--json', '--', 'HASHPRICE(100000,1100,0.03,3.125)');
    expect(JSON.parse(dd.out).value).toBeCloseTo(worked, 10);
  });
});

describe('the installed command (bin/btcai.js, dist/cli.js)', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'btcai.js'), ...args], { encoding: 'utf8' });

  test('calc --help prints the usage (it is not read as a file) and exits 0', () => {
    const r = cli('calc', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('btcai calc <model.xlsx>');
    expect(r.stderr).toBe('');
  });

  test('eval -h exits 0; eval --bogus exits 2 with the usage on stderr', () => {
    expect(cli('eval', '-h').status).toBe(0);
    const bad = cli('eval', '--bogus', 'HASHPRICE(1,2)');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('btcai eval');
  });
});
