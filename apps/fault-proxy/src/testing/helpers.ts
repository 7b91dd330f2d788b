import http from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ProxyLogger } from '../proxy.js';

/** A tiny real upstream that records every request it receives. */
export interface Upstream {
  app: FastifyInstance;
  url: URL;
  hits: { method: string; url: string; body: unknown }[];
}

/** Starts the test upstream on a free port: `GET /echo`, `POST /echo`, `GET /slow-ok`. */
export async function startUpstream(): Promise<Upstream> {
  const app = Fastify({ logger: false });
  const hits: Upstream['hits'] = [];
  app.addHook('onRequest', async (request) => {
    hits.push({ method: request.method, url: request.url, body: undefined });
  });
  app.get('/echo', async (request, reply) => {
    reply.header('x-upstream', 'yes');
    reply.header('set-cookie', ['a=1; Path=/', 'b=2; Path=/']);
    return { method: request.method, url: request.url, headers: request.headers };
  });
  app.post('/echo', async (request, reply) => {
    const last = hits.at(-1);
    if (last) last.body = request.body;
    reply.code(201);
    return { received: request.body, contentType: request.headers['content-type'] };
  });
  app.get('/teapot', async (_request, reply) => reply.code(418).send({ short: 'and stout' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address !== 'object') throw new Error('upstream did not listen');
  return { app, url: new URL(`http://127.0.0.1:${address.port}`), hits };
}

/** Answer of {@link send}. */
export interface SendResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): unknown;
}

/** One HTTP request on a fresh connection (no pooling, so down/up switches are seen at once). */
export function send(
  port: number,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  } = {},
): Promise<SendResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/echo',
        headers: options.headers,
        agent: false,
        signal: options.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The error code a failed {@link send} rejected with (e.g. ECONNREFUSED, ABORT_ERR). */
export async function failureOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : String(error);
  }
  return 'no failure';
}

/** A log entry as the proxy wrote it. */
export type LogEntry = Record<string, unknown> & { msg: string };

/** A logger that keeps every entry in memory. */
export function memoryLogger(): ProxyLogger & { entries: LogEntry[]; changes(): LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (obj, msg) => entries.push({ ...obj, msg }),
    error: (obj, msg) => entries.push({ ...obj, msg, level: 'error' }),
    changes: () => entries.filter((entry) => entry.msg === 'fault changed'),
  };
}

/** A random source that returns the given values in turn (and repeats the last one). */
export function sequence(values: number[]): () => number {
  let index = 0;
  return () => {
    const value = values[Math.min(index, values.length - 1)] ?? 0;
    index += 1;
    return value;
  };
}
