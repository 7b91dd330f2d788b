#!/usr/bin/env node
// Issue 12's figure, measured: 600 bad sign-ins, 60 at a time, against a real BFF and account service on free
// ports (run from source with tsx), while a signed-in shopper asks for their profile 10 times. Prints what each
// side got. `--root <dir>` runs another checkout of the repo (e.g. the commit before, extracted with git archive);
// `--no-limits` turns the sign-in rate limits off, to see the password bulkhead alone.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts } from '../scripts/lib/stack.mjs';
import { waitForHealthy } from '../scripts/lib/supervisor.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log(
    'usage: node bench/signin-flood.mjs [--root <repo dir>] [--no-limits] [--attempts 600] [--concurrency 60]',
  );
  process.exit(0);
}
/** @param {string} name @param {string} fallback */
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return (at >= 0 ? args[at + 1] : undefined) ?? fallback;
};
const root = path.resolve(option('--root', path.join(here, '..')));
const attempts = Number(option('--attempts', '600'));
const concurrency = Number(option('--concurrency', '60'));
const noLimits = args.includes('--no-limits');
const tsx = path.join(here, '..', 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
/** @param {string} app @param {NodeJS.ProcessEnv} env */
function start(app, env) {
  const child = spawn(process.execPath, ['--import', tsx, path.join(root, 'apps', app, 'src', 'server.ts')], {
    cwd: path.join(root, 'apps', app),
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  return child;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'signin-flood-'));
try {
  // The catalog's and the cart's ports stay free: the flood needs only the account service behind the BFF.
  const ports = await freePorts();
  const [accountPort, bffPort, deadPort] = [
    ports.ACCOUNT_SERVICE_PORT,
    ports.BFF_PORT,
    ports.CATALOG_SERVICE_PORT,
  ];
  const secret = randomBytes(32).toString('hex');
  start('account-service', {
    PORT: String(accountPort),
    ACCOUNT_DB_PATH: path.join(dataDir, 'account.db'),
    SERVICE_SECRET: secret,
  });
  start('bff', {
    PORT: String(bffPort),
    SERVICE_SECRET: secret,
    ACCOUNT_SERVICE_URL: `http://127.0.0.1:${accountPort}`,
    CATALOG_SERVICE_URL: `http://127.0.0.1:${deadPort}`,
    CART_SERVICE_URL: `http://127.0.0.1:${deadPort}`,
    ...(noLimits ? { BFF_AUTH_LIMIT_PER_IP: '0', BFF_AUTH_LIMIT_PER_EMAIL: '0' } : {}),
  });
  const bff = `http://127.0.0.1:${bffPort}`;
  await waitForHealthy(`http://127.0.0.1:${accountPort}/health`, 30_000);
  await waitForHealthy(`${bff}/health`, 30_000);

  // The shopper and the attacker are two browsers behind the shell host: it names each in x-forwarded-for.
  /** @param {string} url @param {unknown} body @param {string} from */
  const post = (url, body, from) =>
    fetch(`${bff}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify(body),
    });
  const email = `shopper-${Date.now()}@example.com`;
  const signup = await post(
    '/api/account/signup',
    { email, password: 'correct-horse-battery', name: 'Shopper' },
    '198.51.100.1',
  );
  if (signup.status !== 201) throw new Error(`sign-up failed: HTTP ${signup.status} ${await signup.text()}`);
  const cookie = (signup.headers.getSetCookie?.() ?? [])
    .map((line) => line.split(';')[0])
    .filter((pair) => pair !== undefined && !pair.endsWith('='))
    .join('; ');

  /** @type {Record<string, number>} */
  const flood = {};
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < attempts) {
      const i = next++;
      const res = await post(
        '/api/account/signin',
        { email: `guess-${i}@example.com`, password: 'not-the-password' },
        '203.0.113.66',
      );
      const code = res.status >= 400 ? ((await res.json()).error?.code ?? '') : '';
      const key = `${res.status}${code ? ` ${code}` : ''}`;
      flood[key] = (flood[key] ?? 0) + 1;
    }
  };
  const floodDone = Promise.all(Array.from({ length: concurrency }, worker));

  // While the flood runs: the signed-in shopper's profile, 10 times.
  await new Promise((resolve) => setTimeout(resolve, 200));
  /** @type {Record<number, number>} */
  const profile = {};
  for (let i = 0; i < 10; i++) {
    const res = await fetch(`${bff}/api/account/profile`, {
      headers: { cookie, 'x-forwarded-for': '198.51.100.1' },
    });
    profile[res.status] = (profile[res.status] ?? 0) + 1;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await floodDone;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const resilience = await (await fetch(`${bff}/api/resilience?scope=local`)).json();
  const rejected = Object.fromEntries(
    resilience.upstreams.map(
      /** @param {{ name: string, counts: { rejected: number } }} u */ (u) => [u.name, u.counts.rejected],
    ),
  );
  console.log(
    JSON.stringify(
      { root, limits: !noLimits, attempts, concurrency, seconds, flood, profile, bulkheadRejected: rejected },
      null,
      2,
    ),
  );
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}
