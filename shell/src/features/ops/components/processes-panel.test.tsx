import { ProcessesAnswer, problemsOf } from '@storefront/contract';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { MAX_BACKOFF_MS, nextPollDelay } from '../api/use-processes';
import { snapshotOf } from '../test/fake-event-source';
import { processOf } from '../test/fake-supervisor';
import { fakeFaultApi, renderLive } from '../test/fault-api';
import { ProcessesPanel } from './processes-panel';

const { server, calls, supervisor } = fakeFaultApi();

// Fast polls keep the tests short; the console polls every 2 s.
const POLL = 25;

function renderPanel(demo = true) {
  return render(<ProcessesPanel demo={demo} pollMs={POLL} />);
}

function panel(): HTMLElement {
  return screen.getByRole('region', { name: 'Processes' });
}

async function row(name: string): Promise<HTMLElement> {
  const table = await within(panel()).findByRole('table', { name: 'Supervised processes' });
  return within(table).getByRole('row', { name: new RegExp(`^${name}\\b`) });
}

function cells(element: HTMLElement): Array<string | null> {
  return within(element)
    .getAllByRole('cell')
    .map((cell) => cell.textContent);
}

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

describe('resilience console: processes', () => {
  it('the fake supervisor answers in the contract’s shape', () => {
    const answer = { processes: supervisor.processes, meta: { requestId: 'test' } };
    expect(problemsOf(ProcessesAnswer, answer)).toEqual([]);
  });

  it('lists every process with its state, pid, restarts and last exit', async () => {
    supervisor.processes = [
      processOf('bff-1', { pid: 4102 }),
      processOf('cart-service', {
        state: 'backoff',
        pid: null,
        restarts: 2,
        lastExit: { code: 1, signal: null, at: secondsAgo(125) },
      }),
    ];
    renderPanel(false);
    expect(cells(await row('bff-1'))).toEqual(['running', '4102', '0', '–']);
    expect(cells(await row('cart-service'))).toEqual(['backoff', '–', '2', 'code 1 · 2 min ago']);
    const headers = within(panel()).getAllByRole('columnheader');
    expect(headers.map((header) => header.textContent)).toEqual([
      'Process',
      'State',
      'PID',
      'Restarts',
      'Last exit',
    ]);
    // Not in demo mode: nothing to kill.
    expect(within(panel()).queryByRole('button', { name: /Kill/ })).toBeNull();
    expect(within(panel()).getByRole('status').textContent).toBe('');
  });

  it('highlights a process restarted since the last poll and announces it', async () => {
    renderPanel(false);
    const before = await row('bff-1');
    expect(before.getAttribute('data-restarted')).toBe('false');

    supervisor.restart('bff-1', { at: secondsAgo(3) });
    const status = within(panel()).getByRole('status');
    await waitFor(() => expect(status.textContent).toBe('bff-1 was restarted (SIGKILL) 3 s ago'));
    const after = await row('bff-1');
    expect(after.getAttribute('data-restarted')).toBe('true');
    expect(cells(after)).toEqual(['running', '5001', '1', 'SIGKILL · 3 s ago']);
    expect((await row('bff-2')).getAttribute('data-restarted')).toBe('false');
  });

  it('kills a process after a confirm step, then shows its restart', async () => {
    const user = userEvent.setup();
    renderPanel();
    await user.click(within(await row('bff-1')).getByRole('button', { name: 'Kill bff-1' }));
    const confirm = within(panel()).getByRole('button', { name: 'Confirm kill bff-1' });
    expect(document.activeElement).toBe(confirm);
    expect(calls).toEqual([]);

    await user.click(confirm);
    expect(await within(panel()).findByText('Killed bff-1; the supervisor restarts it')).toBeTruthy();
    expect(calls).toEqual([{ method: 'POST', path: '/api/faults/processes/bff-1/kill', body: null }]);
    await waitFor(() =>
      expect(within(panel()).getByRole('status').textContent).toMatch(
        /^bff-1 was restarted \(SIGKILL\) [01] s ago$/,
      ),
    );
    expect((await row('bff-1')).getAttribute('data-restarted')).toBe('true');
    expect(within(panel()).getByRole('button', { name: 'Kill bff-1' })).toBeTruthy();
  });

  it('kills nothing when the confirm step is cancelled', async () => {
    const user = userEvent.setup();
    renderPanel();
    await user.click(within(await row('bff-2')).getByRole('button', { name: 'Kill bff-2' }));
    await user.click(within(panel()).getByRole('button', { name: 'Cancel kill bff-2' }));
    expect(within(panel()).queryByRole('button', { name: 'Confirm kill bff-2' })).toBeNull();
    expect(within(panel()).getByRole('button', { name: 'Kill bff-2' })).toBeTruthy();
    expect(calls).toEqual([]);
  });

  it('shows the coded error when a kill is refused', async () => {
    server.use(
      http.post('*/api/faults/processes/:name/kill', () =>
        HttpResponse.json(
          { error: { code: 'PROCESS_NOT_FOUND', message: 'No process shell' }, meta: { requestId: 't' } },
          { status: 404 },
        ),
      ),
    );
    const user = userEvent.setup();
    renderPanel();
    await user.click(within(await row('shell')).getByRole('button', { name: 'Kill shell' }));
    await user.click(within(panel()).getByRole('button', { name: 'Confirm kill shell' }));
    expect((await within(panel()).findByRole('alert')).textContent).toBe(
      'No process shell (PROCESS_NOT_FOUND)',
    );
  });

  it('says so, without a table, when no supervisor runs the stack', async () => {
    supervisor.running = false;
    renderPanel();
    expect(
      await within(panel()).findByText('No supervisor runs this stack (npm start runs one)'),
    ).toBeTruthy();
    expect(within(panel()).queryByRole('table')).toBeNull();
  });

  it('keeps the last list while a poll fails, then refreshes it', async () => {
    renderPanel();
    await row('bff-1');
    server.use(
      http.get('*/api/ops/processes', () => HttpResponse.json({ error: 'gateway' }, { status: 502 }), {
        once: true,
      }),
    );
    expect(await within(panel()).findByText(/^Cannot refresh the processes: .*HTTP_502/)).toBeTruthy();
    expect(within(panel()).getByRole('table', { name: 'Supervised processes' })).toBeTruthy();
    await waitFor(() => expect(within(panel()).queryByText(/Cannot refresh/)).toBeNull());
  });

  it('stops polling once unmounted', async () => {
    const { unmount } = renderPanel();
    await row('bff-1');
    await waitFor(() => expect(supervisor.polls).toBeGreaterThanOrEqual(2));
    unmount();
    const polls = supervisor.polls;
    await new Promise((resolve) => setTimeout(resolve, POLL * 6));
    expect(supervisor.polls).toBe(polls);
  });

  it('backs off after errors: the wait doubles with each failure in a row, up to a cap', () => {
    expect([0, 1, 2, 3].map((failures) => nextPollDelay(failures, 2000))).toEqual([2000, 4000, 8000, 16000]);
    expect(nextPollDelay(10, 2000)).toBe(MAX_BACKOFF_MS);
  });
});

describe('resilience console: the processes panel in the page', () => {
  it('offers Kill while fault injection is on (demo mode)', async () => {
    renderLive();
    expect(within(await row('bff-2')).getByRole('button', { name: 'Kill bff-2' })).toBeTruthy();
  });

  it('offers no Kill when fault injection is off', async () => {
    renderLive(snapshotOf({ faults: { available: false, targets: [] } }));
    expect(cells(await row('bff-2'))).toEqual(['running', '4103', '0', '–']);
    expect(within(panel()).queryByRole('button', { name: /Kill/ })).toBeNull();
  });
});
