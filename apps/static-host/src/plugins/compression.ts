import { Readable } from 'node:stream';
import compress from '@fastify/compress';
import { definePlugin } from '@storefront/service-kit';

/**
 * Brotli or gzip, as the client accepts, on the fly for HTML, JS, CSS, JSON and SVG (files, the registry and
 * the proxied /api answers). Brotli at quality 4: close to gzip -9's size at a fraction of quality 11's CPU.
 * `text/event-stream` is never compressed (the ops stream must flush each event); bodies under 1 KiB stay as
 * they are. Request bodies are forwarded to the BFF untouched (no request decompression here).
 *
 * Files that have `.br`/`.gz` copies made at build and deploy (scripts/lib/precompress.mjs) are served from those
 * by @fastify/static; this plugin covers the rest: small files, the registry and /api answers.
 */
export const compressionPlugin = definePlugin('static-host-compression', async (app) => {
  // A 304 has no body: without this, the empty stream @fastify/static hands over would be encoded and the 304
  // would claim a Content-Encoding. App-wide hooks run before compression's own (added per route).
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode !== 304 || payload === null) return payload;
    if (payload instanceof Readable) payload.destroy();
    return null;
  });
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // The plugin's default types: text/* except text/event-stream, JSON, XML (the product SVGs) and octet-stream.
  });
});
