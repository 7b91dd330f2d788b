import { describe, expect, it } from 'vitest';
import { defineCli, readCommandLine } from './cli.mjs';

const SPEC = /** @type {const} */ ({
  name: 'demo',
  usage: 'usage: demo [--dev] [--dir DIR]',
  options: {
    dev: { type: 'boolean', default: false },
    dir: { type: 'string' },
  },
});

/** Thrown by the fake exit, so that a test sees where the command would have stopped. */
class Exit extends Error {
  /** @param {number} code */
  constructor(code) {
    super(`exit ${code}`);
    this.code = code;
  }
}

/**
 * A CLI over SPEC whose output is collected and whose exit throws.
 * @param {{ positionals?: boolean, reason?: (message: string) => string }} [extra]
 */
function fakeCli(extra = {}) {
  const io = { out: '', err: '' };
  const cli = defineCli(
    { ...SPEC, ...extra },
    {
      out: (text) => {
        io.out += text;
      },
      err: (text) => {
        io.err += text;
      },
      exit: (code) => {
        throw new Exit(code);
      },
    },
  );
  return { cli, io };
}

/**
 * The exit code a call stops with (it must stop).
 * @param {() => unknown} fn
 * @returns {number}
 */
function exitCode(fn) {
  try {
    fn();
  } catch (err) {
    if (err instanceof Exit) return err.code;
    throw err;
  }
  throw new Error('did not exit');
}

describe('readCommandLine', () => {
  it('reads options with their defaults, in both --opt value and --opt=value forms', () => {
    expect(readCommandLine(SPEC, [])).toEqual({ kind: 'args', values: { dev: false }, positionals: [] });
    expect(readCommandLine(SPEC, ['--dev', '--dir', 'a'])).toMatchObject({ values: { dev: true, dir: 'a' } });
    expect(readCommandLine(SPEC, ['--dir=b'])).toMatchObject({ values: { dir: 'b' } });
  });

  it('answers help for --help and -h, even next to a mistake', () => {
    expect(readCommandLine(SPEC, ['--help'])).toEqual({ kind: 'help' });
    expect(readCommandLine(SPEC, ['-h'])).toEqual({ kind: 'help' });
    expect(readCommandLine(SPEC, ['--bogus', '--help'])).toEqual({ kind: 'help' });
    // After `--` it is an argument, not the option.
    expect(readCommandLine({ ...SPEC, positionals: true }, ['--', '--help'])).toMatchObject({
      kind: 'args',
      positionals: ['--help'],
    });
  });

  it('names the mistake on one line', () => {
    expect(readCommandLine(SPEC, ['--bogus'])).toEqual({
      kind: 'error',
      message: "unknown option '--bogus'",
    });
    // With positionals allowed node:util adds advice about `--`; the line reads the same without it.
    expect(readCommandLine({ ...SPEC, positionals: true }, ['--bogus'])).toEqual({
      kind: 'error',
      message: "unknown option '--bogus'",
    });
    const missing = readCommandLine(SPEC, ['--dir']);
    expect(missing).toEqual({ kind: 'error', message: "option '--dir <value>' argument missing" });
    const ambiguous = readCommandLine(SPEC, ['--dir', '--dev']);
    expect(ambiguous.kind === 'error' && ambiguous.message).toMatch(
      /^option '--dir' argument is ambiguous\. /,
    );
    expect(ambiguous.kind === 'error' && ambiguous.message).not.toContain('\n');
    expect(readCommandLine(SPEC, ['--dev=yes'])).toMatchObject({ kind: 'error', message: /does not take/ });
    expect(readCommandLine(SPEC, ['--dir='])).toEqual({ kind: 'error', message: '--dir needs a value' });
  });

  it('refuses arguments unless the command takes them', () => {
    expect(readCommandLine(SPEC, ['extra'])).toMatchObject({
      kind: 'error',
      message: /^unexpected argument 'extra'/,
    });
    expect(readCommandLine({ ...SPEC, positionals: true }, ['a', '--dev', 'b'])).toEqual({
      kind: 'args',
      values: { dev: true },
      positionals: ['a', 'b'],
    });
  });
});

describe('defineCli', () => {
  it('returns values and arguments without printing', () => {
    const { cli, io } = fakeCli({ positionals: true });
    expect(cli.parse(['x', '--dir', 'd'])).toEqual({ values: { dev: false, dir: 'd' }, positionals: ['x'] });
    expect(io).toMatchObject({ out: '', err: '' });
  });

  it('prints the usage on stdout and exits 0 on --help', () => {
    const { cli, io } = fakeCli();
    expect(exitCode(() => cli.parse(['-h']))).toBe(0);
    expect(io.out).toBe(`${SPEC.usage}\n`);
    expect(io.err).toBe('');
  });

  it('prints the reason and the usage on stderr and exits 2 on a mistake', () => {
    const { cli, io } = fakeCli();
    expect(exitCode(() => cli.parse(['--bogus']))).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toBe(`demo: unknown option '--bogus'\n\n${SPEC.usage}\n`);
  });

  it('fail() reports a command’s own check the same way, with its own reason line if it has one', () => {
    const plain = fakeCli();
    expect(exitCode(() => plain.cli.fail('"x" is not a remote'))).toBe(2);
    expect(plain.io.err).toBe(`demo: "x" is not a remote\n\n${SPEC.usage}\n`);
    const own = fakeCli({ reason: (m) => `demo: error USAGE: ${m} (see --help)` });
    expect(exitCode(() => own.cli.parse(['--bogus']))).toBe(2);
    expect(own.io.err.split('\n')[0]).toBe("demo: error USAGE: unknown option '--bogus' (see --help)");
  });

  it('lets programming mistakes through instead of calling them usage errors', () => {
    const broken = {
      ...SPEC,
      options: { dev: { type: /** @type {'boolean'} */ ('boolean'), default: 'yes' } },
    };
    expect(() => readCommandLine(broken, [])).toThrow(TypeError);
  });
});
