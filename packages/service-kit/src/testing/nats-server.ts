// A real nats-server with JetStream for the NATS transport's tests: its own free port and store in a temporary
// folder, stopped and started again on the same port and store to play an outage or a restart.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './free-ports.js';

/** Debian's nats-server (`npm test` installs it); NATS_SERVER_PATH points elsewhere. */
export const NATS_SERVER_BINARY = process.env.NATS_SERVER_PATH ?? '/usr/sbin/nats-server';

export interface TestNatsServer {
  /** `nats://127.0.0.1:<port>`, the same across restarts. */
  url: string;
  port: number;
  storeDir: string;
  /** Stops the server, keeping its store (an outage); `start()` brings it back. */
  kill(): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
  /** kill() then start(): a restart that keeps the streams and consumers. */
  restart(): Promise<void>;
  /** Stops it for good and removes the store when it made it. */
  stop(): Promise<void>;
}

/** Spawns the server and resolves once it says it is ready (it logs on stderr). */
function spawnServer(port: number, storeDir: string): Promise<ChildProcess> {
  const args = ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir];
  const child = spawn(NATS_SERVER_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    const timer = setTimeout(() => fail(new Error('nats-server did not get ready within 10 s')), 10_000);
    function fail(error: Error): void {
      if (ready) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${output.slice(-2000)}`));
    }
    // Read to the end all the same: a full pipe would block the server.
    const read = (chunk: Buffer): void => {
      if (ready) return;
      output += chunk.toString();
      if (output.includes('Server is ready')) {
        ready = true;
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`nats-server exited (${code}) before it was ready`)));
  });
}

async function killServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Starts nats-server with JetStream on a free port; `storeDir` defaults to a new temporary folder. */
export async function startNatsServer(options: { storeDir?: string } = {}): Promise<TestNatsServer> {
  if (!existsSync(NATS_SERVER_BINARY)) {
    throw new Error(
      `${NATS_SERVER_BINARY} is missing: \`npm test\` installs it (Debian package nats-server: ` +
        '`sudo apt-get install nats-server`), or set NATS_SERVER_PATH',
    );
  }
  const ownStore = options.storeDir === undefined;
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'nats-store-'));
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no free port');
  let child: ChildProcess | null = await spawnServer(port, storeDir);
  const kill = async (): Promise<void> => {
    if (child) await killServer(child);
    child = null;
  };
  const start = async (): Promise<void> => {
    if (!child) child = await spawnServer(port, storeDir);
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    kill,
    start,
    async restart() {
      await kill();
      await start();
    },
    async stop() {
      await kill();
      if (ownStore) rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
