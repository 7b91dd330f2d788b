import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { failureOutput, runCaptured, runQuietly } from './run.mjs';

/** @type {string} */
let dir;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'run-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/**
 * Writes a throwaway Node script and returns its path.
 * @param {string} name
 * @param {string} source
 * @returns {string}
 */
function script(name, source) {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return file;
}

// Like a compiler: errors on stdout (webpack) and on stderr (tsc, esbuild), then a failing exit code. The pauses
// let each write reach the parent before the next.
const COMPILER = `
const pause = () => new Promise((r) => setTimeout(r, 100));
process.stdout.write('ERROR in ./src/app.tsx 3:7\\n');
await pause();
process.stderr.write("src/app.tsx(3,7): error TS1005: ';' expected.\\n");
await pause();
process.stdout.write('webpack compiled with 1 error\\n');
process.exit(Number(process.argv[2] ?? 1));
`;

describe('runCaptured', () => {
  it('keeps both streams of a failing child, in arrival order, with its exit code', async () => {
    const compiler = script('compiler.mjs', COMPILER);
    const result = await runCaptured(process.execPath, [compiler, '3'], { cwd: dir });
    expect(result).toEqual({
      code: 3,
      output: [
        'ERROR in ./src/app.tsx 3:7',
        "src/app.tsx(3,7): error TS1005: ';' expected.",
        'webpack compiled with 1 error',
        '',
      ].join('\n'),
    });
  });

  it('answers 127 for a command that does not exist', async () => {
    const result = await runCaptured(path.join(dir, 'no-such-command'), []);
    expect(result.code).toBe(127);
    expect(result.output).toContain('ENOENT');
  });

  it('keeps the last MiB of a runaway output and says the rest was cut', async () => {
    const flood = script(
      'flood.mjs',
      "for (let i = 0; i < 3000; i++) console.log(String(i).padStart(6, '0') + ' ' + 'x'.repeat(1017));\n" +
        "console.log('the end');\nprocess.exitCode = 1;\n",
    );
    const { code, output } = await runCaptured(process.execPath, [flood]);
    expect(code).toBe(1);
    // Booleans and lengths, not the text: a failure should not print megabytes.
    expect(output.startsWith('[earlier output cut]\n')).toBe(true);
    expect(output.length).toBeGreaterThanOrEqual(1024 * 1024);
    expect(output.length).toBeLessThan(1024 * 1024 + 64 * 1024);
    expect(output.includes('002999 x')).toBe(true);
    expect(output.includes('000000 x')).toBe(false);
    expect(output.endsWith('\nthe end\n')).toBe(true);
  });
});

describe('failureOutput', () => {
  it('shows a short output whole, between a title and a closing rule', () => {
    expect(failureOutput('npm run build -w shell (exit 1)', 'a\nb\n')).toBe(
      '── npm run build -w shell (exit 1) ──\na\nb\n──',
    );
    expect(failureOutput('x (exit 1)', '  \n')).toBe('── x (exit 1): no output ──');
  });

  it('shows the last lines of a long output and says how many were cut', () => {
    const output = `${Array.from({ length: 200 }, (_, i) => `line ${i + 1}`).join('\n')}\n`;
    const lines = failureOutput('x (exit 2)', output).split('\n');
    expect(lines[0]).toBe('── x (exit 2), its last 80 lines (120 earlier lines cut) ──');
    expect(lines.slice(1, -1)).toEqual(Array.from({ length: 80 }, (_, i) => `line ${i + 121}`));
    expect(lines.at(-1)).toBe('──');
  });
});

describe('runQuietly (what buildOne runs)', () => {
  it('prints nothing when the command succeeds', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    const compiler = script('ok.mjs', COMPILER);
    expect(await runQuietly(process.execPath, [compiler, '0'])).toBe(0);
    expect(printed).not.toHaveBeenCalled();
    expect(logged).not.toHaveBeenCalled();
  });

  it('prints what a failing command said on either stream, under what ran and its exit code', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const compiler = script('fail.mjs', COMPILER);
    expect(await runQuietly(process.execPath, [compiler, '2'])).toBe(2);
    expect(printed).toHaveBeenCalledTimes(1);
    expect(printed.mock.calls[0]?.[0]).toBe(
      [
        `── ${process.execPath} ${compiler} 2 (exit 2) ──`,
        'ERROR in ./src/app.tsx 3:7',
        "src/app.tsx(3,7): error TS1005: ';' expected.",
        'webpack compiled with 1 error',
        '──',
      ].join('\n'),
    );
  });

  it('cuts a long failure to its last lines', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const long = script(
      'long.mjs',
      "for (let i = 1; i <= 30; i++) console.log('error ' + i);\nconsole.error('last');\nprocess.exitCode = 1;\n",
    );
    expect(await runQuietly(process.execPath, [long], { maxLines: 5 })).toBe(1);
    const lines = String(printed.mock.calls[0]?.[0]).split('\n');
    expect(lines[0]).toMatch(/\(exit 1\), its last 5 lines \(26 earlier lines cut\) ──$/);
    expect(lines.slice(1)).toEqual(['error 27', 'error 28', 'error 29', 'error 30', 'last', '──']);
  });
});
