import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throw-away folder with the given files (relative path → content). */
export interface TempRoot {
  dir: string;
  remove(): void;
}

/** Creates a temp folder filled with `files`. */
export function createTempRoot(files: Record<string, string>): TempRoot {
  const dir = mkdtempSync(join(tmpdir(), 'static-host-'));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The files of a typical federated build. */
export const SITE_FILES: Record<string, string> = {
  'index.html': '<!doctype html><title>Storefront</title><div id="root"></div>',
  'main.js': 'console.log("main");',
  '41.0123abcd.js': 'console.log("chunk");',
  'styles.89abcdef01.css': 'body{margin:0}',
  'remoteEntry.js': 'var catalog;',
  'mf-manifest.json': '{"id":"catalog"}',
  'mf-stats.json': '{}',
  'logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};
