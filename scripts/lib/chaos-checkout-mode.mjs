// The checkout mode a scenario asks for (`checkoutMode` in its file, e.g. `order-events-consumer-down`): the cart
// service's setting, switched through the BFF's fault API (`PUT /api/faults/checkout-mode`, demo mode, loopback)
// before the traffic starts and put back as it was once the run is over, also when it fails or is stopped. The CLI
// never reaches the cart itself, and the fault proxy only names the mode in the file.
import { ChaosError, errorOf } from './chaos-api.mjs';
import { isRecord } from './chaos-faults.mjs';

/**
 * What the run did with the checkout mode, for the report.
 * @typedef {object} CheckoutModeState
 * @property {string} mode the mode the traffic ran in
 * @property {string} previous the mode before the run
 * @property {boolean} switched whether the run had to switch it
 * @property {boolean | null} restored null when there was nothing to restore
 * @property {string | null} problem why the mode could not be put back
 */

/**
 * The mode out of an answer of the checkout-mode routes; null when it has none.
 * @param {{ status: number, body: unknown }} answer
 * @returns {string | null}
 */
function modeOf(answer) {
  const { status, body } = answer;
  return status === 200 && isRecord(body) && typeof body.mode === 'string' ? body.mode : null;
}

/**
 * Why a checkout-mode call failed, in one line.
 * @param {string} what
 * @param {{ status: number, body: unknown }} answer
 */
function failure(what, answer) {
  const error = errorOf(answer.body);
  return `${what} answered HTTP ${answer.status}${error ? ` ${error.code}` : ''}`;
}

/**
 * Sets the mode a scenario needs; `restore()` puts the previous one back (once) and returns what happened. Nothing
 * is switched, nor restored, when the mode is already the wanted one.
 * @param {import('./chaos-api.mjs').ChaosClient} client
 * @param {string} wanted
 * @param {(line: string) => void} log
 * @returns {Promise<{ state: CheckoutModeState, restore: () => Promise<CheckoutModeState> }>}
 */
export async function enterCheckoutMode(client, wanted, log) {
  const read = await client.request('GET', '/api/ops/checkout-mode');
  const previous = modeOf(read);
  if (previous === null) {
    throw new ChaosError(
      'CHECKOUT_MODE_UNAVAILABLE',
      `the scenario needs the ${wanted} checkout, and ${failure('GET /api/ops/checkout-mode', read)}; is the storefront up to date?`,
    );
  }
  /** @type {CheckoutModeState} */
  const state = { mode: wanted, previous, switched: previous !== wanted, restored: null, problem: null };
  const put = (/** @type {string} */ mode) => client.request('PUT', '/api/faults/checkout-mode', { mode });
  if (state.switched) {
    const answer = await put(wanted);
    if (modeOf(answer) !== wanted) {
      throw new ChaosError(
        'CHECKOUT_MODE_UNAVAILABLE',
        `could not switch the checkout to ${wanted}: ${failure('PUT /api/faults/checkout-mode', answer)}`,
      );
    }
    log(`checkout mode switched from ${previous} to ${wanted} (put back at the end)`);
  }
  /** @type {Promise<CheckoutModeState> | null} */
  let restoring = null;
  const restore = async () => {
    if (!state.switched) return state;
    try {
      const answer = await put(previous);
      state.restored = modeOf(answer) === previous;
      if (!state.restored) state.problem = failure('PUT /api/faults/checkout-mode', answer);
    } catch (err) {
      state.restored = false;
      state.problem = err instanceof Error ? err.message : String(err);
    }
    return state;
  };
  return {
    state,
    restore: () => {
      restoring ??= restore();
      return restoring;
    },
  };
}

/**
 * The report's line about the mode, e.g. `checkout mode  choreographed (switched from orchestrated, put back)`.
 * @param {CheckoutModeState} state
 * @returns {string}
 */
export function checkoutModeLine(state) {
  const how = !state.switched
    ? 'already set before the run'
    : state.restored
      ? `switched from ${state.previous}, put back at the end`
      : `switched from ${state.previous}; NOT put back (${state.problem ?? 'unknown'}): switch it in the console, /ops`;
  return `  checkout mode        ${state.mode} (${how})`;
}
