import { type SetupWorker, setupWorker } from 'msw/browser';
import { isScenarioName, type ScenarioName } from './scenario-name';
import { handlersFor } from './scenarios';

const STORAGE_KEY = 'storefront:mock-scenario';

/** Options for {@link startMockWorker}. */
export interface StartMockWorkerOptions {
  /** Forces a scenario; otherwise `?scenario=` in the URL, then localStorage, then `normal`. */
  scenario?: ScenarioName;
  /** Where the msw service worker script is served (default `/mockServiceWorker.js`). */
  serviceWorkerUrl?: string;
}

/** Picks the scenario from `?scenario=` (remembered in localStorage) or the remembered one. */
export function resolveScenario(): ScenarioName {
  const fromUrl = new URLSearchParams(window.location.search).get('scenario');
  if (isScenarioName(fromUrl)) {
    try {
      window.localStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // Storage can be disabled (private mode); the URL still wins for this page.
    }
    return fromUrl;
  }
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isScenarioName(stored)) return stored;
  } catch {
    // Same as above: no storage means the default.
  }
  return 'normal';
}

/** Starts the msw service worker with one scenario's handlers; resolves once requests are intercepted. */
export async function startMockWorker(options: StartMockWorkerOptions = {}): Promise<SetupWorker> {
  const scenario = options.scenario ?? resolveScenario();
  const worker = setupWorker(...handlersFor(scenario));
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    // Dev-server traffic (HMR, chunks, images) must pass through untouched.
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  console.info(
    `[mocks] msw started with scenario "${scenario}" (change it with ?scenario=normal|degraded|unavailable)`,
  );
  return worker;
}
