#!/usr/bin/env node
// Builds one Node process of the storefront into a single ES module, `dist/<entry>.js`, with esbuild.
//
// Why a bundle (decision 009): the kits (`@storefront/service-kit`, `@storefront/contract`) are TypeScript source
// shared at build time, like `@storefront/remote-kit` is for the remotes. Bundling compiles them into each
// process's own `dist/`, so a process built last week keeps running whatever the kits do today, and `dist/` plus
// the process's declared npm dependencies is all a deploy needs. Those dependencies stay outside the bundle
// (native addons, one copy of fastify); everything under `@storefront/` goes inside it.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, context } from 'esbuild';

const USAGE = `usage: node build-service.mjs [--dir DIR] [--entry src/server.ts ...] [--watch]
  Bundles DIR's entries (default src/server.ts) into DIR/dist/ (default DIR: the current folder).`;

/**
 * Every npm dependency the process declares, plus the kits' own peers, stays an import at run time.
 * @param {string} dir
 * @returns {string[]}
 */
export function externalsOf(dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies });
  const external = names.filter((name) => !name.startsWith('@storefront/'));
  // Subpath imports (`typebox/value`, `@fastify/static/...`) are external too.
  return external.flatMap((name) => [name, `${name}/*`]);
}

/**
 * esbuild options for one process.
 * @param {{ dir: string, entries: string[] }} opts
 * @returns {import('esbuild').BuildOptions}
 */
export function serviceBuildOptions({ dir, entries }) {
  return {
    absWorkingDir: dir,
    entryPoints: entries,
    outdir: 'dist',
    outbase: 'src',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    external: externalsOf(dir),
    // Bundled CommonJS helpers may call require(); give ES modules one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'warning',
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: process.cwd() },
      entry: { type: 'string', multiple: true },
      watch: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dir = path.resolve(values.dir);
  const options = serviceBuildOptions({ dir, entries: values.entry ?? ['src/server.ts'] });
  if (!values.watch) {
    // A clean folder: nothing left over from an older build (or from tsc) can be run by mistake.
    rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
    await build(options);
    return;
  }
  const ctx = await context(options);
  await ctx.watch();
  console.log(`watching ${path.relative(process.cwd(), dir) || '.'}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((error) => {
    // esbuild has already printed the compiler's own error lines.
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
