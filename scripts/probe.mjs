// `npm run probe`: tries what a hostile or careless client would against the running storefront (npm start) and
// prints the answer each attempt got. Exit 0 when every attempt got the answer docs/security.md promises.
import { defineCli } from './lib/cli.mjs';
import { formatProbes, runProbes } from './lib/probes.mjs';
import { demoModeFromEnv, portsFromEnv } from './lib/stack.mjs';

const USAGE = `usage: npm run probe                  (node scripts/probe.mjs)

Sends the storefront started by \`npm start\` what a hostile page or a careless client would: cross-site writes,
foreign Host names (DNS rebinding), identity headers straight to a service, oversized bodies, paths and headers,
malformed URLs and parameters. Prints each attempt, what came back and what was expected (docs/security.md).
Ports are read like \`npm start\` reads them (SHELL_PORT, BFF_PORT, …); DEMO_MODE=0 skips the fault proxy's.
Exit code 0 when every attempt was refused as it should be, 1 otherwise.

options
  -h, --help       this text

example
  npm start   # in another terminal
  npm run probe`;

defineCli({ name: 'probe', usage: USAGE, options: {} }).parse();

const ports = portsFromEnv();
const local = (/** @type {number} */ port) => `http://127.0.0.1:${port}`;
const demo = demoModeFromEnv();
const results = await runProbes({
  shell: `http://localhost:${ports.SHELL_PORT}`,
  bff: local(ports.BFF_PORT),
  account: local(ports.ACCOUNT_SERVICE_PORT),
  ...(demo
    ? {
        accountViaFaultProxy: local(ports.ACCOUNT_SERVICE_FAULT_PORT),
        faultControl: local(ports.FAULT_CONTROL_PORT),
      }
    : {}),
});
console.log(formatProbes(results));
const failed = results.filter((r) => !r.ok).length;
console.log(
  failed === 0
    ? `\nall ${results.length} refused as expected`
    : `\n${failed} of ${results.length} not as expected`,
);
process.exit(failed === 0 ? 0 : 1);
