import { describe, expect, it } from 'vitest';
import { FaultProxyClient } from './fault-proxy-client.js';

const target = {
  name: 'catalog',
  kind: 'service',
  listen: 5001,
  upstream: 'http://127.0.0.1:4001/',
  fault: null,
};

function clientAnswering(status: number, body: unknown): FaultProxyClient {
  const fetchStub: typeof fetch = async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  return new FaultProxyClient({ baseUrl: 'http://control.test', fetch: fetchStub });
}

describe('FaultProxyClient.faults (the ops stream’s poll)', () => {
  it('reports the targets and the running scenario (null when the answer has none)', async () => {
    expect(await clientAnswering(200, { targets: [target], meta: {} }).faults()).toEqual({
      available: true,
      targets: [target],
      scenario: null,
    });
  });

  it.each([
    ['a 5xx', 503, { targets: [target] }],
    ['no target list', 200, { targets: 'catalog' }],
    ['a target the console could not read', 200, { targets: [{ ...target, listen: 'five thousand' }] }],
  ])('reports available: false for %s', async (_what, status, body) => {
    expect(await clientAnswering(status, body).faults()).toEqual({ available: false, targets: [] });
  });

  it('reports available: false without a control URL, without calling anything', async () => {
    expect(await new FaultProxyClient({ baseUrl: undefined }).faults()).toEqual({
      available: false,
      targets: [],
    });
  });
});
