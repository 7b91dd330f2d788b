// What a hostile or careless client tries against a running storefront (issue 12's "Why" list), and the answer
// each attempt must get. `npm run probe` prints them; e2e runs them against its own stack. Node built-ins only.
import http from 'node:http';

/**
 * @typedef {object} Answer
 * @property {number} status
 * @property {http.IncomingHttpHeaders} headers
 * @property {string} body
 */

/**
 * @typedef {object} ProbeTargets
 * @property {string} shell   e.g. http://localhost:3000
 * @property {string} bff     one BFF replica
 * @property {string} account the account service (direct)
 * @property {string} [accountViaFaultProxy] the fault proxy's port in front of it (demo mode)
 * @property {string} [faultControl] the fault proxy's control API (demo mode)
 */

/**
 * @typedef {object} ProbeResult
 * @property {string} name     what was tried
 * @property {string} expected the answer it must get
 * @property {string} got      what came back
 * @property {boolean} ok
 */

/**
 * One request with exactly these headers (fetch would set Host, Origin and Sec-Fetch-* itself).
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string, string>, body?: string | Buffer }} [opts]
 * @returns {Promise<Answer>}
 */
export function send(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks = /** @type {Buffer[]} */ ([]);
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** @param {Answer} answer @returns {string | undefined} the envelope's code, if the body is one */
export function codeOf(answer) {
  try {
    const parsed = JSON.parse(answer.body);
    const ok = typeof parsed?.error?.code === 'string' && typeof parsed?.meta?.requestId === 'string';
    return ok ? parsed.error.code : undefined;
  } catch {
    return undefined;
  }
}

/** @param {Answer} answer */
const describe = (answer) => `${answer.status} ${codeOf(answer) ?? '(no envelope)'}`;

/**
 * @typedef {object} Probe
 * @property {string} name what is tried
 * @property {string} expected the answer it must get
 * @property {() => Promise<{ got: string, ok: boolean }>} run
 */

/**
 * A probe whose answer must be `status` with the envelope's `code`.
 * @param {string} name
 * @param {number} status
 * @param {string} code
 * @param {() => Promise<Answer>} attempt
 * @returns {Probe}
 */
function expectError(name, status, code, attempt) {
  return {
    name,
    expected: `${status} ${code}`,
    run: async () => {
      const answer = await attempt();
      return { got: describe(answer), ok: answer.status === status && codeOf(answer) === code };
    },
  };
}

const EVIL = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };

/**
 * The probes, in the order of the issue's list.
 * @param {ProbeTargets} t
 * @returns {Probe[]}
 */
export function probes(t) {
  const list = [
    expectError('cross-site page starts a fault scenario', 403, 'CROSS_SITE_REQUEST', () =>
      send(`${t.shell}/api/faults/scenarios/everything-burns/run`, { method: 'POST', headers: EVIL }),
    ),
    expectError('DNS rebinding: Host evil.example on the shell', 403, 'HOST_NOT_ALLOWED', () =>
      send(`${t.shell}/api/resilience`, { headers: { host: 'evil.example:3000' } }),
    ),
    expectError('DNS rebinding: Host evil.example on the BFF', 403, 'HOST_NOT_ALLOWED', () =>
      send(`${t.bff}/api/resilience`, { headers: { host: 'evil.example:4000' } }),
    ),
    expectError('sign-out with a text/plain body (a form on any page)', 415, 'UNSUPPORTED_MEDIA_TYPE', () =>
      send(`${t.shell}/api/account/signout`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      }),
    ),
    expectError('x-user-id: 1 straight to the account service', 401, 'UNTRUSTED_CALLER', () =>
      send(`${t.account}/profile`, { headers: { 'x-user-id': '1' } }),
    ),
    expectError('a 1.1 MB JSON body through the shell', 413, 'PAYLOAD_TOO_LARGE', () =>
      send(`${t.shell}/api/cart/lines`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
      }),
    ),
    expectError('a 10,000-character path segment', 414, 'URL_TOO_LONG', () =>
      send(`${t.shell}/api/catalog/products/${'a'.repeat(10_000)}`),
    ),
    expectError('%zz in a path', 400, 'INVALID_URL', () => send(`${t.shell}/api/catalog/products/%zz`)),
    expectError('a query parameter of the wrong kind', 400, 'INVALID_REQUEST', () =>
      send(`${t.shell}/api/catalog/products?sort=bogus`),
    ),
    expectError('headers over 16 KiB', 431, 'HEADERS_TOO_LARGE', () =>
      send(`${t.shell}/api/resilience`, { headers: { 'x-pad': 'x'.repeat(20_000) } }),
    ),
    {
      name: 'a 500-character x-request-id',
      expected: 'replaced by a new id',
      run: async () => {
        const answer = await send(`${t.shell}/api/resilience`, {
          headers: { 'x-request-id': 'x'.repeat(500) },
        });
        const id = String(answer.headers['x-request-id'] ?? '');
        // Replaced, not cut down: nothing of the caller's junk may come back.
        return {
          got: `${id.length}-character id`,
          ok: id.length > 0 && id.length <= 128 && !/^x+$/.test(id),
        };
      },
    },
    {
      name: 'security headers on /',
      expected: 'CSP (no inline script, frame-ancestors none), nosniff, Referrer-Policy',
      run: async () => {
        const answer = await send(`${t.shell}/`);
        const csp = String(answer.headers['content-security-policy'] ?? '');
        const missing = [
          csp.includes("frame-ancestors 'none'") ? null : 'frame-ancestors',
          /script-src[^;]*'unsafe-inline'/.test(csp) || !csp.includes('script-src') ? 'script-src' : null,
          answer.headers['x-content-type-options'] === 'nosniff' ? null : 'nosniff',
          answer.headers['referrer-policy'] ? null : 'Referrer-Policy',
        ].filter(Boolean);
        return {
          got: missing.length === 0 ? 'all present' : `missing ${missing.join(', ')}`,
          ok: missing.length === 0,
        };
      },
    },
    {
      name: 'compression of /',
      expected: 'br or gzip',
      run: async () => {
        const answer = await send(`${t.shell}/`, { headers: { 'accept-encoding': 'br, gzip' } });
        const encoding = String(answer.headers['content-encoding'] ?? 'none');
        return { got: encoding, ok: /br|gzip/.test(encoding) };
      },
    },
  ];
  if (t.accountViaFaultProxy) {
    const via = t.accountViaFaultProxy;
    list.splice(
      5,
      0,
      expectError('x-user-id: 1 through the fault proxy', 401, 'UNTRUSTED_CALLER', () =>
        send(`${via}/profile`, { headers: { 'x-user-id': '1' } }),
      ),
    );
  }
  if (t.faultControl) {
    const control = t.faultControl;
    list.splice(
      3,
      0,
      expectError('DNS rebinding: Host evil.example on the fault control API', 403, 'HOST_NOT_ALLOWED', () =>
        send(`${control}/faults`, { headers: { host: 'evil.example:5000' } }),
      ),
    );
  }
  return list;
}

/**
 * Runs every probe, one after another (a probe must not be blamed for another's load).
 * @param {ProbeTargets} targets
 * @returns {Promise<ProbeResult[]>}
 */
export async function runProbes(targets) {
  const results = [];
  for (const probe of probes(targets)) {
    const { name, expected } = probe;
    try {
      results.push({ name, expected, ...(await probe.run()) });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      results.push({ name, expected, got: `failed: ${message}`, ok: false });
    }
  }
  return results;
}

/**
 * The results as a table, one line each.
 * @param {ProbeResult[]} results
 * @returns {string}
 */
export function formatProbes(results) {
  const width = Math.max(...results.map((r) => r.name.length));
  return results
    .map(
      (r) =>
        `${r.ok ? '✓' : '✗'} ${r.name.padEnd(width)}  ${r.got}${r.ok ? '' : `  (expected ${r.expected})`}`,
    )
    .join('\n');
}
