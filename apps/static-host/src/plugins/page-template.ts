import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';

/** One exposed module a route renders (the shell's route-modules.json, in its dist/compose.json). */
export interface RouteModule {
  remote: string;
  module: string;
}

/** What the shell's build emits for the host (shell/webpack.config.mjs, ComposeDataPlugin). */
export interface ComposeData {
  shell: { scripts: string[]; styles: string[] };
  frame: RouteModule[];
  routes: Array<{ path: string; modules: RouteModule[] }>;
  criticalCss: string;
}

/** The built page and what it is composed with, as of the files' modification times. */
export interface Template {
  stamp: string;
  html: string;
  data: ComposeData | null;
  /** The inlined <style> (never one that could close its element early) and its CSP source. */
  style: { css: string; hash: string } | null;
}

/** The CSP source allowing exactly this inline style. */
export function styleHashSource(css: string): string {
  return `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The shell's built index.html and compose.json, read again only when either file changes (a stat per call). */
export class PageTemplate {
  readonly #root: string;
  readonly #log: FastifyBaseLogger;
  #template: Template | null = null;

  constructor(root: string, log: FastifyBaseLogger) {
    this.#root = root;
    this.#log = log;
  }

  /** The template as the files are now; null without index.html. */
  current(): Template | null {
    const htmlFile = join(this.#root, 'index.html');
    const dataFile = join(this.#root, 'compose.json');
    let stamp: string;
    try {
      const html = statSync(htmlFile);
      const data = statSync(dataFile, { throwIfNoEntry: false });
      stamp = `${html.mtimeMs}:${html.size}:${data?.mtimeMs ?? '-'}:${data?.size ?? '-'}`;
    } catch {
      return null;
    }
    if (this.#template?.stamp === stamp) return this.#template;
    let html: string;
    try {
      html = readFileSync(htmlFile, 'utf8');
    } catch {
      return null;
    }
    const data = this.#readData(dataFile);
    const css = data?.criticalCss ?? '';
    // Text that could close the <style> element is never inlined.
    const style = css !== '' && !/<\/style/i.test(css) ? { css, hash: styleHashSource(css) } : null;
    this.#template = { stamp, html, data, style };
    return this.#template;
  }

  #readData(file: string): ComposeData | null {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // A dev or older build: the page gets the registry, without hints or critical CSS.
      return null;
    }
    const ok =
      isRecord(doc) &&
      isRecord(doc.shell) &&
      Array.isArray(doc.shell.scripts) &&
      Array.isArray(doc.shell.styles) &&
      Array.isArray(doc.frame) &&
      Array.isArray(doc.routes) &&
      typeof doc.criticalCss === 'string';
    if (!ok) {
      this.#log.warn({ file }, 'compose.json is not what the shell build emits: page composed without it');
      return null;
    }
    return doc as unknown as ComposeData;
  }
}
