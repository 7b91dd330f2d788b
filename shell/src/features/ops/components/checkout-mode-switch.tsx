import { CHECKOUT_MODES, type CheckoutMode } from '@storefront/contract/browser';
import { useEffect, useState } from 'react';
import { getCheckoutMode, setCheckoutMode } from '../api/faults-api';
import { useLoad } from '../api/use-load';
import { Feedback, type FeedbackMessage, useAction } from './feedback';
import './ops-tables.css';

const LABELS: Record<CheckoutMode, string> = {
  orchestrated: 'Orchestrated',
  choreographed: 'Choreographed',
};

const HINTS: Record<CheckoutMode, string> = {
  orchestrated: 'the BFF’s saga reserves the stock, then asks the cart for the order',
  choreographed:
    'the cart publishes OrderPlaced, the catalog reserves on it and the order is confirmed by event',
};

// Module-level: useLoad runs a stable function.
const loadMode = async () => (await getCheckoutMode()).mode;

/**
 * How the next checkouts run (the cart service's setting), switched here in demo mode: the switch is a fault API
 * write, so without demo mode (or while the fault proxy does not answer) it is shown, disabled, with the reason.
 */
export function CheckoutModeSwitch({ demo }: { demo: boolean }) {
  const { state, retry } = useLoad(loadMode);
  const [mode, setMode] = useState<CheckoutMode | null>(null);
  const [message, setMessage] = useState<FeedbackMessage | null>(null);
  const { busy, run } = useAction(setMessage);
  const locked = !demo || busy;

  useEffect(() => {
    if (state.status === 'loaded') setMode(state.data);
  }, [state]);

  async function switchTo(next: CheckoutMode) {
    await run(async () => {
      const answer = await setCheckoutMode(next);
      setMode(answer.mode);
    }, `Checkouts now run ${next}`);
  }

  return (
    <section className="shell-ops-checkout-mode" aria-labelledby="shell-ops-checkout-mode-title">
      <h2 id="shell-ops-checkout-mode-title">Checkout</h2>
      <fieldset disabled={locked} aria-describedby="shell-ops-checkout-mode-note">
        <legend>Checkout mode</legend>
        {CHECKOUT_MODES.map((name) => (
          <div key={name} className="shell-ops-radio">
            <label>
              <input
                type="radio"
                name="shell-ops-checkout-mode"
                value={name}
                checked={mode === name}
                // The fieldset disables them already; said on each too, for whoever asks the radio itself.
                disabled={locked}
                aria-describedby={`shell-ops-checkout-mode-${name}`}
                onChange={() => void switchTo(name)}
              />
              {LABELS[name]}
            </label>{' '}
            <span id={`shell-ops-checkout-mode-${name}`} className="shell-ops-muted">
              ({HINTS[name]})
            </span>
          </div>
        ))}
      </fieldset>
      <p id="shell-ops-checkout-mode-note" className="shell-ops-note">
        {!demo
          ? 'Switching needs demo mode: fault injection is off (demo mode disabled or fault proxy not running).'
          : 'A checkout already started keeps the mode it started in.'}
      </p>
      {state.status === 'loading' && mode === null && (
        <p className="shell-ops-muted">Reading the checkout mode…</p>
      )}
      {state.status === 'failed' && (
        <div className="shell-ops-note">
          <p className="shell-ops-muted">The checkout mode cannot be read: {state.message}</p>
          <button type="button" className="shell-button shell-button-small" onClick={retry}>
            Read the checkout mode again
          </button>
        </div>
      )}
      <Feedback message={message} />
    </section>
  );
}
