#!/usr/bin/env node
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runServer } from '@storefront/service-kit';
import { build } from './app.js';
import { parseUpstreams } from './plugins/upstreams.js';

const usage =
  'usage: static-host --root <dir> [--port 3000] [--host 127.0.0.1] [--name host] [--cors] [--spa] ' +
  '[--registry <file>] [--api-proxy <url>[,<url>...]]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(1);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        root: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        name: { type: 'string', default: 'static-host' },
        cors: { type: 'boolean', default: false },
        spa: { type: 'boolean', default: false },
        registry: { type: 'string' },
        'api-proxy': { type: 'string' },
      },
      strict: true,
    });
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
})();

if (!values.root) fail('--root is required');
const root = resolve(values.root);
if (!existsSync(root) || !statSync(root).isDirectory())
  fail(`--root ${root} is not a directory (build first?)`);

const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be a port number, got ${values.port}`);

// One URL per BFF replica: /api is balanced over them (plugins/api-proxy.ts).
const apiProxy = (() => {
  const raw = values['api-proxy'];
  if (raw === undefined) return undefined;
  try {
    return parseUpstreams(raw);
  } catch (err) {
    return fail(
      `--api-proxy must be a comma list of URLs, got ${raw}: ${err instanceof Error ? err.message : err}`,
    );
  }
})();

await runServer(values.name, () => ({
  app: build({
    root,
    name: values.name,
    cors: values.cors,
    spa: values.spa,
    registryFile: values.registry ? resolve(values.registry) : undefined,
    apiProxy,
  }),
  port,
  host: values.host,
}));
