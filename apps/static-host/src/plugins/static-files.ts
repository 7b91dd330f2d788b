import fastifyStatic from '@fastify/static';
import { notFoundError, sendError } from '@storefront/service-kit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cacheControlFor, NO_CACHE } from './cache-headers.js';
import type { PageComposer } from './page-composer.js';

/** Options of the static files plugin. */
export interface StaticFilesOptions {
  root: string;
  /** Answer unknown page URLs with index.html (client-side routing). */
  spa: boolean;
  /** The shell's page, composed (plugins/page-composer.ts) for `/`, `/index.html` and the SPA fallback. */
  composer?: PageComposer;
}

// Files that may have precompressed copies (or be compressed on the fly), as their copy or as themselves.
const COMPRESSIBLE_FILE = /\.(?:js|mjs|css|html|json|svg|txt|map)(?:\.br|\.gz)?$/i;

// The last path segment has an extension other than .html: a missing asset, never a page.
const ASSET_PATH = /\.(?!html?$)[a-z0-9]+$/i;

/** True for a browser navigation to a client-side route (so index.html is the right answer). */
export function wantsSpaPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = (request.url.split('?')[0] ?? '/').toLowerCase();
  if (path === '/api' || path.startsWith('/api/')) return false;
  const accept = request.headers.accept ?? '';
  if (!accept.includes('text/html')) return false;
  const lastSegment = path.split('/').pop() ?? '';
  return !ASSET_PATH.test(lastSegment);
}

/** Serves `root` with the cache rules, a JSON 404 and (optionally) the SPA fallback. */
export async function registerStaticFiles(app: FastifyInstance, opts: StaticFilesOptions): Promise<void> {
  const composer = opts.composer;
  /** The composed page, revalidated by its ETag; false when there is no index.html to compose. */
  const sendPage = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    // `/index.html` is the home page under another name.
    const path = (request.url.split('?')[0] ?? '/').toLowerCase().replace(/^\/index\.html$/, '/');
    const page = await composer?.page(path, request.url.replace(/^\/index\.html/i, '/'));
    if (!page) return false;
    reply.header('cache-control', NO_CACHE).header('etag', page.etag).header('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === page.etag) {
      reply.code(304).send();
      return true;
    }
    reply.code(200).type('text/html; charset=utf-8').send(page.html);
    return true;
  };
  if (composer) {
    const page = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!(await sendPage(request, reply))) return sendError(request, reply, notFoundError(request));
      return reply;
    };
    app.get('/', page);
    app.get('/index.html', page);
  }

  await app.register(fastifyStatic, {
    root: opts.root,
    wildcard: true,
    // With a composer the page is never the file as built.
    index: composer ? false : ['index.html'],
    // Our own rule replaces the plugin's `public, max-age=0`.
    cacheControl: false,
    // The build's `.br`/`.gz` copies (scripts/lib/precompress.mjs) when the client accepts them; files without
    // copies are compressed on the fly (plugins/compression.ts).
    preCompressed: true,
    setHeaders(res, filePath) {
      res.setHeader('cache-control', cacheControlFor(filePath, opts.root));
      // Whichever copy was sent, a cache must key it on Accept-Encoding.
      if (COMPRESSIBLE_FILE.test(filePath)) res.setHeader('vary', 'accept-encoding');
    },
  });

  app.setNotFoundHandler(async (request, reply) => {
    if (opts.spa && wantsSpaPage(request)) {
      if (composer && (await sendPage(request, reply))) return reply;
      return reply.code(200).sendFile('index.html');
    }
    return sendError(request, reply.header('cache-control', 'no-cache'), notFoundError(request));
  });
}
