// The command line of every repo command, read one way: `-h`/`--help` prints the usage on stdout and exits 0;
// an unknown option, a bad value or a bad argument prints one line saying why, then the usage, on stderr and
// exits 2. Node built-ins only: start, build and test read their arguments before anything is installed.
import { parseArgs } from 'node:util';

/** @typedef {NonNullable<import('node:util').ParseArgsConfig['options']>} Options */

/**
 * The parsed value of one option: a string or a boolean, an array of them with `multiple`.
 * @template {Options[string]} P
 * @typedef {P['type'] extends 'string'
 *   ? (P['multiple'] extends true ? string[] : string)
 *   : (P['multiple'] extends true ? boolean[] : boolean)} Value
 */

/**
 * Every option's value; undefined when not given and without a default.
 * @template {Options} O
 * @typedef {{ -readonly [K in keyof O]: O[K]['default'] extends {} ? Value<O[K]> : Value<O[K]> | undefined }
 *   & { help?: boolean }} Values
 */

/**
 * @template {Options} O
 * @typedef {object} CliSpec
 * @property {string} name the command's name, which starts an error line
 * @property {string} usage the whole `--help` text
 * @property {O} options node:util parseArgs options; `help` (`-h`) is added
 * @property {boolean} [positionals] whether the command takes arguments (default: it takes none)
 * @property {(message: string) => string} [reason] the error line for a message (default `<name>: <message>`)
 */

/**
 * Where a command writes and how it ends; tests pass their own.
 * @typedef {{ out: (text: string) => void, err: (text: string) => void, exit: (code: number) => never }} CliIo
 */

/**
 * @template {Options} O
 * @typedef {object} Cli
 * @property {string} usage
 * @property {(argv?: string[]) => { values: Values<O>, positionals: string[] }} parse
 *   reads the arguments (default: the process's); on `--help` or a usage error it prints and exits instead
 * @property {(message: string) => never} fail prints the reason and the usage on stderr, exits 2
 */

/** @type {CliIo} */
const PROCESS_IO = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
};

const HELP = /** @type {const} */ ({ help: { type: 'boolean', short: 'h' } });

/**
 * Parses without printing: the values and arguments, `help`, or why the command line is wrong.
 * @template {Options} O
 * @param {CliSpec<O>} spec
 * @param {string[]} argv
 * @returns {{ kind: 'args', values: Values<O>, positionals: string[] } | { kind: 'help' } | { kind: 'error', message: string }}
 */
export function readCommandLine(spec, argv) {
  const options = { ...spec.options, ...HELP };
  const allowPositionals = spec.positionals ?? false;
  // --help wins wherever it stands, even next to a mistake: `x --bogus --help` shows the usage.
  const loose = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  if (loose.tokens.some((t) => t.kind === 'option' && t.name === 'help')) return { kind: 'help' };
  /** @type {{ values: Record<string, unknown>, positionals: string[] }} */
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    const code = /** @type {{ code?: unknown }} */ (err).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw err;
    return { kind: 'error', message: oneLine(err instanceof Error ? err.message : String(err)) };
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    const empty = value === '' || (Array.isArray(value) && value.includes(''));
    if (empty && spec.options[name]?.type === 'string')
      return { kind: 'error', message: `--${name} needs a value` };
  }
  return { kind: 'args', values: /** @type {Values<O>} */ (parsed.values), positionals: parsed.positionals };
}

/**
 * node:util's parse error as one line in the commands' own style: some span lines, some end with advice about
 * `--` (only when positionals are allowed), so the same mistake would read differently from command to command.
 * @param {string} message
 * @returns {string}
 */
function oneLine(message) {
  const line = message
    .split('\n')
    .join(' ')
    .replace(/\s*To specify .*$/, '')
    .replace(/\.$/, '');
  return line.charAt(0).toLowerCase() + line.slice(1);
}

/**
 * A command's command line: its options, its usage, and what happens on `--help` or a mistake.
 * @template {Options} O
 * @param {CliSpec<O>} spec
 * @param {CliIo} [io]
 * @returns {Cli<O>}
 */
export function defineCli(spec, io = PROCESS_IO) {
  const reason = spec.reason ?? ((message) => `${spec.name}: ${message}`);
  /** @type {(message: string) => never} */
  const fail = (message) => {
    io.err(`${reason(message)}\n\n${spec.usage}\n`);
    return io.exit(2);
  };
  return {
    usage: spec.usage,
    fail,
    parse(argv = process.argv.slice(2)) {
      const result = readCommandLine(spec, argv);
      if (result.kind === 'error') return fail(result.message);
      if (result.kind === 'help') {
        io.out(`${spec.usage}\n`);
        return io.exit(0);
      }
      return { values: result.values, positionals: result.positionals };
    },
  };
}
