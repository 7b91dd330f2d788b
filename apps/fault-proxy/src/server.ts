import { readPort, readText, runServer } from '@storefront/service-kit';
import { build } from './app.js';
import { parseSupervisorUrl, parseTargets } from './config.js';
import { defaultScenariosDir, loadScenarios } from './scenarios.js';
import { createSupervisorClient } from './supervisor.js';

// Loopback only, by design: the control API and the proxies are a local demo tool.
const HOST = '127.0.0.1';

await runServer('fault-proxy', () => {
  const port = readPort('FAULT_PROXY_CONTROL_PORT', 5000);
  const targets = parseTargets(process.env.FAULT_PROXY_TARGETS);
  // A bad scenario file stops the start here, with a message naming the file and the field.
  const scenarios = loadScenarios(
    readText('FAULT_PROXY_SCENARIOS_DIR', defaultScenariosDir()),
    targets.map((target) => target.name),
  );
  // Without a supervisor, scenarios with kill steps are still listed; running one answers 409.
  const supervisorUrl = parseSupervisorUrl(process.env.SUPERVISOR_URL);
  const supervisor = supervisorUrl === null ? null : createSupervisorClient(supervisorUrl);
  const level = readText('LOG_LEVEL', 'info');
  const app = build({ targets, host: HOST, scenarios, supervisor, logger: { level } });
  return { app, port, host: HOST };
});
