import { type SetupWorker, setupWorker } from 'msw/browser';
import { type CheckoutModeName, checkoutModes, isCheckoutModeName } from './cart/choreography';
import { cartMockStates } from './cart/handlers';
import { isScenarioName, type ScenarioName } from './scenario-name';
import { handlersFor } from './scenarios';

const STORAGE_KEY = 'storefront:mock-scenario';
const CHECKOUT_STORAGE_KEY = 'storefront:mock-checkout';

/** Options for {@link startMockWorker}. */
export interface StartMockWorkerOptions {
  /** Forces a scenario; otherwise `?scenario=` in the URL, then localStorage, then `normal`. */
  scenario?: ScenarioName;
  /** Forces a checkout mode; otherwise `?checkout=` in the URL, then localStorage, then `placed`. */
  checkout?: CheckoutModeName;
  /** Where the msw service worker script is served (default `/mockServiceWorker.js`). */
  serviceWorkerUrl?: string;
}

/** A choice from `?<param>=` (remembered in localStorage under `key`), else the remembered one, else `fallback`. */
function resolveChoice<T extends string>(
  param: string,
  key: string,
  isChoice: (value: unknown) => value is T,
  fallback: T,
): T {
  const fromUrl = new URLSearchParams(window.location.search).get(param);
  if (isChoice(fromUrl)) {
    try {
      window.localStorage.setItem(key, fromUrl);
    } catch {
      // Storage can be disabled (private mode); the URL still wins for this page.
    }
    return fromUrl;
  }
  try {
    const stored = window.localStorage.getItem(key);
    if (isChoice(stored)) return stored;
  } catch {
    // Same as above: no storage means the default.
  }
  return fallback;
}

/** Picks the scenario from `?scenario=` (remembered in localStorage) or the remembered one. */
export function resolveScenario(): ScenarioName {
  return resolveChoice('scenario', STORAGE_KEY, isScenarioName, 'normal');
}

/** Picks the checkout mode from `?checkout=` (remembered in localStorage) or the remembered one. */
export function resolveCheckoutMode(): CheckoutModeName {
  return resolveChoice('checkout', CHECKOUT_STORAGE_KEY, isCheckoutModeName, 'placed');
}

/** Starts the msw service worker with one scenario's handlers; resolves once requests are intercepted. */
export async function startMockWorker(options: StartMockWorkerOptions = {}): Promise<SetupWorker> {
  const scenario = options.scenario ?? resolveScenario();
  const checkout = options.checkout ?? resolveCheckoutMode();
  cartMockStates[scenario].setChoreography(checkoutModes[checkout]);
  const worker = setupWorker(...handlersFor(scenario));
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    // Dev-server traffic (HMR, chunks, images) must pass through untouched.
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  console.info(
    `[mocks] msw started with scenario "${scenario}" and checkout "${checkout}" (change them with ` +
      '?scenario=normal|degraded|unavailable and ?checkout=placed|pending-confirmed|pending-rejected)',
  );
  return worker;
}
