import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { send } from '../../scripts/lib/probes.mjs';
import { expect, test } from '../support/fixtures.js';

// Issue 12: a page on another origin (here another port of localhost: same site, so the browser even sends the
// shopper's cookies) tries what any page may send without CORS — fetch in no-cors mode and HTML forms — to start
// a fault scenario and to sign the shopper out. Nothing may happen.

const SCENARIO = 'everything-burns';

/** The attacker's page: fires every attempt at `shell`, then sets its title to "done". */
function attackPage(shell: string): string {
  const run = `${shell}/api/faults/scenarios/${SCENARIO}/run`;
  const signout = `${shell}/api/account/signout`;
  const form = (name: string, action: string, enctype: string) =>
    `<form name="${name}" method="POST" action="${action}" enctype="${enctype}" target="${name}-sink">` +
    '<input name="speed" value="20"></form>' +
    `<iframe name="${name}-sink" title="${name}"></iframe>`;
  return `<!doctype html><html><head><title>attacking</title></head><body>
${form('run-text', run, 'text/plain')}
${form('run-urlencoded', run, 'application/x-www-form-urlencoded')}
${form('signout-text', signout, 'text/plain')}
${form('signout-urlencoded', signout, 'application/x-www-form-urlencoded')}
<script>
  const submit = (name) => new Promise((resolve) => {
    const sink = document.querySelector('iframe[name="' + name + '-sink"]');
    sink.addEventListener('load', resolve, { once: true });
    document.forms[name].submit();
  });
  const blind = (url, init) => fetch(url, { mode: 'no-cors', credentials: 'include', ...init }).catch(() => null);
  (async () => {
    await blind(${JSON.stringify(run)}, { method: 'POST' });
    await blind(${JSON.stringify(run)}, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"speed":20}' });
    await blind(${JSON.stringify(signout)}, { method: 'POST' });
    await blind(${JSON.stringify(signout)}, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    for (const name of ['run-text', 'run-urlencoded', 'signout-text', 'signout-urlencoded']) await submit(name);
    document.title = 'done';
  })();
</script></body></html>`;
}

/** A tiny server on another port of localhost that serves the attacker's page. */
async function startEvilSite(shell: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(attackPage(shell));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test.describe('a page on another origin', () => {
  test.afterEach(async ({ request, storefront }) => {
    await request.delete(`${storefront.shellUrl}/api/faults/scenarios/current`);
    await request.delete(`${storefront.shellUrl}/api/faults`);
  });

  test('cannot start a scenario nor sign the shopper out (no-cors fetch, text/plain and urlencoded forms)', async ({
    page,
    storefront,
  }) => {
    const shell = storefront.shellUrl;
    // A signed-in shopper: the context's cookies are the browser's.
    const email = `cross-origin-${Date.now()}@example.com`;
    const signup = await page.request.post(`${shell}/api/account/signup`, {
      data: { email, password: 'a-long-password-1', name: 'Victim' },
    });
    expect(signup.status()).toBe(201);
    const me = async () => (await (await page.request.get(`${shell}/api/account/me`)).json()).user;
    expect(await me()).toMatchObject({ email });

    // Every attempt leaves the browser (the server decides); the answers Chromium shows the test are 403. Form
    // answers are then blocked from the attacker's frames (helmet's CORP/frame-ancestors), so they may not show.
    const sent: string[] = [];
    const answers: { url: string; status: number }[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${shell}/api/`))
        sent.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    page.on('response', (response) => {
      if (response.url().startsWith(`${shell}/api/`)) {
        answers.push({ url: new URL(response.url()).pathname, status: response.status() });
      }
    });

    const evil = await startEvilSite(shell);
    try {
      await page.goto(evil.url);
      await expect(page).toHaveTitle('done');
    } finally {
      await evil.close();
    }

    expect(sent.sort()).toEqual([
      ...Array(4).fill('POST /api/account/signout'),
      ...Array(4).fill(`POST /api/faults/scenarios/${SCENARIO}/run`),
    ]);
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) expect(answer, answer.url).toMatchObject({ status: 403 });

    // Nothing happened: no scenario ran, no fault is set, the shopper is still signed in.
    const faults = await (await page.request.get(`${shell}/api/faults`)).json();
    expect(faults.scenario).toBeNull();
    for (const target of faults.targets) expect(target.fault, target.name).toBeNull();
    expect(await me()).toMatchObject({ email });

    // The storefront's own page still can: the same sign-out from the shell's origin works.
    await page.goto(`${shell}/`);
    const own = await page.evaluate(async () => {
      const res = await fetch('/api/account/signout', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      return res.status;
    });
    expect(own).toBe(200);
    expect(await me()).toBeNull();
  });

  test('a rebound host name is refused by the shell, the BFF, the fault proxy and the services', async ({
    storefront,
  }) => {
    const { ports } = storefront;
    const urls = [
      `http://127.0.0.1:${ports.SHELL_PORT}/health`,
      `http://127.0.0.1:${ports.SHELL_PORT}/api/faults`,
      `${storefront.bffUrl}/health`,
      `http://127.0.0.1:${ports.FAULT_CONTROL_PORT}/faults`,
      `http://127.0.0.1:${ports.CATALOG_SERVICE_FAULT_PORT}/health`,
      `http://127.0.0.1:${ports.CATALOG_REMOTE_FAULT_PORT}/health`,
      `http://127.0.0.1:${ports.CATALOG_SERVICE_PORT}/health`,
      `http://127.0.0.1:${ports.CATALOG_REMOTE_PORT}/health`,
    ];
    for (const url of urls) {
      const port = new URL(url).port;
      // A forged Host, as a DNS-rebinding page's requests carry it (send() writes the headers exactly).
      expect((await send(url, { headers: { host: `rebind.evil.example:${port}` } })).status, url).toBe(403);
      expect((await send(url, { headers: { host: `localhost:${port}` } })).status, url).toBe(200);
    }
  });
});
