import { problemsOf, TraceAnswer, TracesAnswer } from '@storefront/contract';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { CART_TRACE, CATALOG_TRACE, cartSpans, spanOf, summaryOf } from '../test/fake-trace-store';
import { fakeFaultApi, renderLive } from '../test/fault-api';
import { TracesPanel } from './traces-panel';

const { server, traces } = fakeFaultApi();

// Fast polls keep the tests short; the console polls every 5 s.
const POLL = 25;

function panel(): HTMLElement {
  return screen.getByRole('region', { name: 'Recent requests' });
}

async function list(): Promise<HTMLElement> {
  return within(panel()).findByRole('table', { name: 'Recent requests, slowest first' });
}

const texts = (elements: HTMLElement[]) => elements.map((element) => element.textContent);

function rowCells(row: HTMLElement): Array<string | null> {
  return texts([...within(row).queryAllByRole('rowheader'), ...within(row).getAllByRole('cell')]);
}

async function waterfall(traceId: string): Promise<HTMLElement> {
  return within(panel()).findByRole('table', { name: new RegExp(`^Trace ${traceId}`) });
}

describe('resilience console: recent requests', () => {
  it('the fake trace routes answer in the contract’s shape', () => {
    expect(problemsOf(TracesAnswer, { traces: traces.traces, meta: { requestId: 't' } })).toEqual([]);
    const trace = { traceId: CART_TRACE, spans: cartSpans() };
    expect(problemsOf(TraceAnswer, { trace, meta: { requestId: 't' } })).toEqual([]);
  });

  it('lists the recent traces slowest first: request, duration, services, outcome and time', async () => {
    render(<TracesPanel pollMs={POLL} />);
    const rows = within(await list())
      .getAllByRole('row')
      .slice(1);
    expect(rows.map(rowCells)).toEqual([
      ['GET /api/cart', '100 ms', 'shell-host, bff-1, cart-service', 'error', expect.any(String)],
      ['GET /api/catalog/products', '12 ms', 'shell-host, bff-1, catalog-service', 'ok', expect.any(String)],
    ]);
    expect(
      within(rows[0] as HTMLElement).getByRole('button', { name: 'Show trace GET /api/cart' }),
    ).toBeTruthy();
    expect(
      within(panel())
        .getAllByRole('columnheader')
        .map((header) => header.textContent),
    ).toEqual(['Request', 'Duration', 'Services', 'Outcome', 'When']);
  });

  it('shows a chosen trace as a waterfall: parent before child, indented, bars placed in time', async () => {
    const user = userEvent.setup();
    render(<TracesPanel pollMs={POLL} />);
    await list();
    await user.click(within(panel()).getByRole('button', { name: 'Show trace GET /api/cart' }));
    const table = await waterfall(CART_TRACE);
    expect(
      within(table).getByText(
        /^Trace 0af7651916cd43dd8448eb211c80319c · 100 ms · 4 spans · 2 with an error$/,
      ),
    ).toBeTruthy();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((row) => [
        row.getAttribute('data-depth'),
        within(row).getByRole('rowheader').firstChild?.textContent,
      ]),
    ).toEqual([
      ['0', 'shell-host'],
      ['1', 'bff-1'],
      ['2', 'bff-1'],
      ['3', 'cart-service'],
    ]);
    const [, bffServer, bffClient, cartServer] = rows as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    const bar = (row: HTMLElement) => row.querySelector<HTMLElement>('.shell-ops-span-bar');
    expect(bar(bffClient)?.style.left).toBe('20%');
    expect(bar(bffClient)?.style.width).toBe('50%');
    expect(bar(cartServer)?.style.left).toBe('25%');
    expect(bar(cartServer)?.style.width).toBe('15%');
    expect(rowCells(bffClient).at(-1)).toBe('50 ms');
    // Errors are said in words, not only in red.
    expect(within(bffClient).getByRole('rowheader').textContent).toMatch(/error: HTTP 500/);
    expect(within(cartServer).getByRole('rowheader').textContent).toMatch(/error$/);
    expect(within(bffServer).getByRole('rowheader').textContent).not.toMatch(/error/);
    // The retry is a mark on the bar, halfway through the client span, and a line of text on demand.
    const mark = bffClient.querySelector<HTMLElement>('[data-event="retry"]');
    expect(mark?.style.left).toBe('50%');
    const details = within(bffClient).getByText('1 event: retry');
    expect(within(bffClient).getByText('retry at +25 ms (attempt=1, delayMs=100)')).toBeTruthy();
    await user.click(details);
    expect(bffClient.querySelector('details')?.open).toBe(true);
    expect(within(bffServer).getByText('saved-copy at +75 ms (reason=http-500)')).toBeTruthy();
  });

  it('says so when a trace is no longer kept, and closes the detail', async () => {
    const user = userEvent.setup();
    render(<TracesPanel pollMs={POLL} />);
    await list();
    await user.click(within(panel()).getByRole('button', { name: 'Show trace GET /api/catalog/products' }));
    expect(
      await within(panel()).findByText(`The trace store no longer keeps trace ${CATALOG_TRACE}.`),
    ).toBeTruthy();
    await user.click(within(panel()).getByRole('button', { name: 'Close trace' }));
    expect(within(panel()).queryByText(/no longer keeps/)).toBeNull();
  });

  it('opens any kept trace by the id an error answer names, and refuses what is not one', async () => {
    const user = userEvent.setup();
    render(<TracesPanel pollMs={POLL} />);
    // A <search> landmark in browsers; jsdom does not map the element to its role yet.
    const finder = panel().querySelector('search[aria-label="Find a trace"]') as HTMLElement;
    const field = within(finder).getByRole('textbox', { name: 'Trace id' });
    await user.type(field, 'not-a-trace');
    await user.click(within(finder).getByRole('button', { name: 'Show trace' }));
    expect(within(finder).getByText(/32 hexadecimal digits/)).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');

    await user.clear(field);
    await user.type(field, `  ${CART_TRACE.toUpperCase()} `);
    await user.click(within(finder).getByRole('button', { name: 'Show trace' }));
    expect(await waterfall(CART_TRACE)).toBeTruthy();
    expect(within(finder).queryByText(/32 hexadecimal digits/)).toBeNull();
  });

  it('opens the trace /ops?trace= names', async () => {
    window.history.pushState({}, '', `/ops?trace=${CART_TRACE}`);
    try {
      render(<TracesPanel pollMs={POLL} />);
      expect(await waterfall(CART_TRACE)).toBeTruthy();
    } finally {
      window.history.pushState({}, '', '/');
    }
  });

  it('reads the trace again when the list counts more spans for it', async () => {
    const user = userEvent.setup();
    traces.spans[CATALOG_TRACE] = [
      spanOf(CATALOG_TRACE, {
        spanId: 'a000000000000001',
        name: 'GET /api/catalog/products',
        service: 'shell-host',
      }),
    ];
    render(<TracesPanel pollMs={POLL} />);
    await list();
    await user.click(within(panel()).getByRole('button', { name: 'Show trace GET /api/catalog/products' }));
    expect(within(await waterfall(CATALOG_TRACE)).getAllByRole('row')).toHaveLength(2);
    const late = spanOf(CATALOG_TRACE, {
      spanId: 'a000000000000002',
      parentSpanId: 'a000000000000001',
      name: 'GET /api/catalog/products',
      service: 'bff-2',
      startMs: Date.parse('2025-05-01T12:00:00.002Z'),
      durationMs: 5,
    });
    traces.spans[CATALOG_TRACE] = [...(traces.spans[CATALOG_TRACE] ?? []), late];
    traces.traces = traces.traces.map((trace) =>
      trace.traceId === CATALOG_TRACE ? { ...trace, spanCount: 4 } : trace,
    );
    await waitFor(async () =>
      expect(within(await waterfall(CATALOG_TRACE)).getAllByRole('row')).toHaveLength(3),
    );
    // This trace read twice: once when chosen, once when the list counted more spans. (Only this trace's reads: on a
    // loaded machine the previous test's read of its trace can still arrive after this test began; seen in CI.)
    expect(traces.reads.filter((id) => id === CATALOG_TRACE)).toEqual([CATALOG_TRACE, CATALOG_TRACE]);
  });

  it('says "No traces yet" when the store kept none', async () => {
    traces.traces = [];
    render(<TracesPanel pollMs={POLL} />);
    expect(await within(panel()).findByText('No traces yet')).toBeTruthy();
    expect(within(panel()).queryByRole('table')).toBeNull();
  });

  it('says the local trace store is not running on 503, and shows the list once it runs', async () => {
    traces.running = false;
    render(<TracesPanel pollMs={POLL} />);
    expect(
      await within(panel()).findByText('The local trace store is not running (TRACE_STORE_URL)'),
    ).toBeTruthy();
    traces.running = true;
    await list();
    expect(within(panel()).queryByText(/not running/)).toBeNull();
  });

  it('keeps the last list while a poll fails', async () => {
    render(<TracesPanel pollMs={POLL} />);
    await list();
    server.use(
      http.get('*/api/ops/traces', () => HttpResponse.json({ error: 'gateway' }, { status: 502 }), {
        once: true,
      }),
    );
    expect(await within(panel()).findByText(/^Cannot refresh the traces: .*HTTP_502/)).toBeTruthy();
    expect(within(panel()).getByRole('table', { name: 'Recent requests, slowest first' })).toBeTruthy();
    await waitFor(() => expect(within(panel()).queryByText(/Cannot refresh/)).toBeNull());
  });

  it('sorts slowest first whatever order the list comes in', async () => {
    traces.traces = [
      summaryOf(CATALOG_TRACE, { durationMs: 3 }),
      summaryOf(CART_TRACE, { rootName: 'GET /api/cart', durationMs: 900.25 }),
    ];
    render(<TracesPanel pollMs={POLL} />);
    const rows = within(await list())
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((row) => rowCells(row).slice(0, 2))).toEqual([
      ['GET /api/cart', '900.3 ms'],
      ['GET /api/catalog/products', '3 ms'],
    ]);
  });
});

describe('resilience console: the recent requests panel in the page', () => {
  it('sits after the processes, polling the trace store', async () => {
    renderLive();
    await list();
    const headings = screen.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent);
    expect(headings.indexOf('Recent requests')).toBeGreaterThan(headings.indexOf('Processes'));
  });
});
