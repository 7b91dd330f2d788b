import { render, screen } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { describe, expect, it, vi } from 'vitest';
import { setupMockServer } from './setup-mock-server';

const PING = 'https://bff.test/api/ping';
const server = setupServer(http.get(PING, () => HttpResponse.json({ answer: 'seeded' })));
const listen = vi.spyOn(server, 'listen');
const close = vi.spyOn(server, 'close');
const resets: number[] = [];

const ping = async () => ((await (await fetch(PING)).json()) as { answer: string }).answer;

// The hooks are scoped to this block, so the last test below runs after its afterAll.
describe('setupMockServer', () => {
  setupMockServer(server, () => resets.push(resets.length + 1));

  it('listens before the first test, treating a request no handler answers as an error', async () => {
    expect(listen).toHaveBeenCalledExactlyOnceWith({ onUnhandledRequest: 'error' });
    expect(await ping()).toBe('seeded');
    // Left for the next test to find gone.
    server.use(http.get(PING, () => HttpResponse.json({ answer: 'from this test' })));
    render(<p>Rendered by the first test</p>);
    expect(await ping()).toBe('from this test');
  });

  it("after each test, unmounts, drops the test's handlers, then resets the remote's state", async () => {
    expect(screen.queryByText('Rendered by the first test')).toBeNull();
    expect(await ping()).toBe('seeded');
    expect(resets).toEqual([1]);
    expect(close).not.toHaveBeenCalled();
  });
});

it('closes the server after the run', () => {
  expect(close).toHaveBeenCalledTimes(1);
  expect(resets).toEqual([1, 2]);
});
