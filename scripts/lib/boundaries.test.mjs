// The import boundaries (biome.json, lint/*.grit) checked on the real tree: offending files are written next to
// real code, linted with the command `npm run lint` uses (and `npm test`'s `biome ci`), and always removed.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from './run.mjs';

const RESTRICTED = 'lint/style/noRestrictedImports';
const ESCAPE = 'boundaries/no-workspace-escape';
const FEATURE = 'boundaries/no-feature-internals';
const NORMALIZED = 'boundaries/normalized-specifier';
const ROUTER = 'boundaries/router-contract';

// Unique per run: other engineers edit and lint the same tree.
const RUN_ID = `${process.pid}-${randomBytes(4).toString('hex')}`;

/**
 * A file to write into the tree and the diagnostics expected on it, as `[line, rule]`.
 * @typedef {{ dir: string, name: string, lines: string[], expected: [number, string][] }} Probe
 */
/** @typedef {{ category: string, message: string, location: { path: string, start: { line: number } } }} Diagnostic */

/**
 * @param {string} dir folder, relative to the repository's root (it must exist)
 * @param {string} name e.g. `remote.ts`
 * @param {[string, string | null][]} imports each import and the rule it breaks (null: allowed)
 * @returns {Probe}
 */
function probe(dir, name, imports) {
  return {
    dir,
    name: `__boundaries-${RUN_ID}-${name}`,
    lines: imports.map(([line]) => line),
    expected: imports.flatMap(([, rule], i) =>
      rule ? [/** @type {[number, string]} */ ([i + 1, rule])] : [],
    ),
  };
}

/** @param {Probe} p */
const fileOf = (p) => path.posix.join(p.dir, p.name);

/** @type {string[]} */
let written = [];

afterEach(() => {
  for (const file of written) rmSync(path.join(ROOT, file), { force: true });
  written = [];
});

/**
 * Writes the probes, lints exactly them and returns each file's `[line, rule]` diagnostics.
 * @param {'check' | 'ci'} command `check` as `npm run lint`, `ci` as `npm test`
 * @param {Probe[]} probes
 */
function lint(command, probes) {
  for (const p of probes) {
    const file = fileOf(p);
    written.push(file);
    writeFileSync(path.join(ROOT, file), `${p.lines.join('\n')}\n`);
  }
  const biome = path.join(ROOT, 'node_modules', '.bin', 'biome');
  const files = probes.map(fileOf);
  const result = spawnSync(
    biome,
    [command, '--reporter=json', '--colors=off', '--max-diagnostics=none', ...files],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (!result.stdout.startsWith('{')) throw new Error(`biome ${command} did not report: ${result.stderr}`);
  const report =
    /** @type {{ summary: { changed: number, unchanged: number }, diagnostics: Diagnostic[] }} */ (
      JSON.parse(result.stdout)
    );
  /** @type {Map<string, [number, string][]>} */
  const byFile = new Map(files.map((f) => [f, []]));
  for (const d of report.diagnostics) {
    // Plugin diagnostics are all `plugin`: the rule is the message's prefix.
    const rule = d.category === 'plugin' ? d.message.split(':')[0] : d.category;
    const found = byFile.get(d.location.path);
    if (!found) throw new Error(`a diagnostic on ${d.location.path}, which was not linted`);
    found.push([d.location.start.line, rule ?? '']);
  }
  for (const found of byFile.values()) found.sort(([a, x], [b, y]) => a - b || x.localeCompare(y));
  // Every file was linted (an ignored file would lint clean and prove nothing).
  expect(report.summary.changed + report.summary.unchanged).toBe(files.length);
  return { status: result.status, byFile };
}

const FORBIDDEN = [
  probe('remotes/catalog/src', 'remote.ts', [
    ["import '@storefront/cart';", RESTRICTED],
    ["import '../../cart/src/bootstrap';", ESCAPE],
    ["import '@storefront/shell';", RESTRICTED],
    ["import '../../../shell/src/app/app';", ESCAPE],
  ]),
  probe('remotes/catalog/src/features/products/components', 'deep.tsx', [
    ["import '../../../../../cart/src/features/cart/types';", ESCAPE],
    ["import '../../cart-events/add-to-cart-button';", FEATURE],
    ["import '../../../features/cart-events/cart-events';", FEATURE],
  ]),
  probe('shell/src', 'shell.ts', [
    ["import '@storefront/catalog';", RESTRICTED],
    ["import 'catalog/CatalogPage';", RESTRICTED],
    ["import '../../remotes/catalog/src/exposes/catalog-page';", ESCAPE],
    ["export const load = () => import('../../remotes/cart/src/exposes/cart-page');", ESCAPE],
  ]),
  probe('shell/src/features/pages', 'feature.tsx', [
    ["import '../remotes/components/remote-slot';", FEATURE],
    ["import '../../features/registry/registry-context';", FEATURE],
  ]),
  probe('remotes/account/src/features/account/components', 'feature.tsx', [
    ["import '../../session/session-store';", FEATURE],
  ]),
  probe('apps/bff/src', 'app.ts', [
    ["import '@storefront/catalog-service';", RESTRICTED],
    ["import '../../catalog-service/src/server';", ESCAPE],
  ]),
  probe('remotes/cart', 'root.mjs', [["import '../catalog/webpack.config.mjs';", ESCAPE]]),
  probe('remotes/cart/src', 'bypass.ts', [
    ["import '@storefront/remote-kit/../../remotes/catalog/src/bootstrap';", NORMALIZED],
    ["import './../../catalog/src/bootstrap';", NORMALIZED],
  ]),
  probe('remotes/cart/src/features/cart/components', 'mocks.tsx', [
    ["import '@storefront/mocks';", RESTRICTED],
  ]),
  // The router only through the contract the shell shares (@storefront/router), in code and in tests.
  probe('remotes/catalog/src/features/products/components', 'router.tsx', [
    ["import 'react-router';", ROUTER],
    ["import 'react-router-dom';", ROUTER],
    ["export const load = () => import('react-router/dom');", ROUTER],
  ]),
  probe('remotes/cart/src', 'router.test.tsx', [["export { MemoryRouter } from 'react-router';", ROUTER]]),
  probe('packages/remote-kit/src/standalone', 'router.tsx', [
    ["export { BrowserRouter } from 'react-router';", ROUTER],
  ]),
];

const ALLOWED = [
  probe('remotes/catalog/src/features/products/components', 'ok.tsx', [
    ["import '@storefront/contract';", null],
    ["import '@storefront/remote-kit';", null],
    ["import '@storefront/router';", null],
    ["import 'react';", null],
    ["import '../../cart-events';", null],
    ["import '../../cart-events/index';", null],
    ["import '../api/get-product';", null],
    ["import '../../../lib/api-client';", null],
    ["import '../../../../webpack.config.mjs';", null],
  ]),
  probe('shell/src/app', 'ok.tsx', [
    ["import 'react-router';", null],
    ["import '@storefront/router';", null],
    ["import '../features/registry';", null],
    ["import '../features/remotes/components/remote-slot';", null],
  ]),
  probe('shell/src/features/pages', 'ok.test.tsx', [
    ["import '@storefront/mocks';", null],
    ["import '../remotes';", null],
  ]),
  probe('packages/router/src', 'ok.ts', [["export { Link } from 'react-router';", null]]),
  probe('apps/bff/src', 'ok.ts', [
    ["import '@storefront/contract';", null],
    ["import '@storefront/service-kit';", null],
    ["import './server';", null],
  ]),
  probe('bench', 'ok.mjs', [
    ["import '@storefront/cart';", null],
    ["import 'catalog/CatalogPage';", null],
    ["import '../remotes/catalog/src/bootstrap';", null],
    ["import '../shell/src/app/app';", null],
  ]),
];

describe('import boundaries', () => {
  it('are what `npm run lint` runs', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    // The probes below run `biome check <files>`: if the lint script changes, this test must follow it.
    expect(pkg.scripts.lint).toBe('biome check .');
  });

  for (const command of /** @type {const} */ (['check', 'ci'])) {
    it(`fail \`biome ${command}\` on a remote, the shell or an app importing across, and on feature internals`, () => {
      const { status, byFile } = lint(command, FORBIDDEN);
      expect(status).not.toBe(0);
      for (const p of FORBIDDEN) expect.soft(byFile.get(fileOf(p)), fileOf(p)).toEqual(p.expected);
    });

    it(`pass \`biome ${command}\` on the same workspace, the shared packages, public entries and bench/`, () => {
      const { status, byFile } = lint(command, ALLOWED);
      for (const p of ALLOWED) expect.soft(byFile.get(fileOf(p)), fileOf(p)).toEqual([]);
      expect(status).toBe(0);
    });
  }
});
