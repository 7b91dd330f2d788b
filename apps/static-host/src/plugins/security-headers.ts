import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { definePlugin } from '@storefront/service-kit';

/** Options of {@link securityHeadersPlugin}. */
export interface SecurityHeadersOptions {
  /**
   * The shell's host: the page that loads the remotes. Its CSP allows the remote origins returned by this
   * function (kept current from the registry, never computed per request). Absent on the remote hosts.
   */
  remoteOrigins?: () => readonly string[];
  /** CSP sources (`'sha256-…'`) of the inline styles the host itself composes into the shell's page. */
  styleHashes?: () => readonly string[];
  /** The host's files are read cross-origin (a remote host): `Cross-Origin-Resource-Policy: cross-origin`. */
  crossOrigin: boolean;
}

type Directives = Record<string, Array<string | (() => string)>>;

/**
 * The CSP. No inline script anywhere (the registry composed into the page is a JSON data block, never executed)
 * and no inline style but the shell frame's critical CSS the host composes into the page, allowed by its hash
 * (`styleHashes`); production builds extract every other stylesheet into files (mini-css-extract-plugin) that
 * the page or the MF runtime loads by <link>, from the shell's origin or a remote's. React's `style={}` props go through the CSSOM, which `style-src` does not
 * govern; a `<style>` element or a `style="…"` attribute in markup is refused. Images are the shell's own
 * (`/api/catalog/images/*`) and the data: favicon.
 */
export function cspDirectives(
  remoteOrigins?: () => readonly string[],
  styleHashes?: () => readonly string[],
): Directives {
  const remotes = remoteOrigins ? [() => remoteOrigins().join(' ')] : [];
  const hashes = styleHashes ? [() => styleHashes().join(' ')] : [];
  return {
    'default-src': ["'self'"],
    // The remotes' remoteEntry.js and chunks are <script> elements from their hosts.
    'script-src': ["'self'", ...remotes],
    // Their mf-manifest.json is fetched; /api and the ops stream (SSE) are same-origin.
    'connect-src': ["'self'", ...remotes],
    // Each remote's CSS chunks are <link rel="stylesheet"> elements from its host, like its scripts.
    'style-src': ["'self'", ...remotes, ...hashes],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/** The helmet settings of a static host (exported for tests). */
export function helmetOptions(opts: SecurityHeadersOptions): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: cspDirectives(opts.remoteOrigins, opts.styleHashes),
    },
    // The shell loads the remotes' scripts cross-origin (no-cors <script>): `same-origin` would block them.
    crossOriginResourcePolicy: { policy: opts.crossOrigin ? 'cross-origin' : 'same-origin' },
    // Served over plain HTTP here; HSTS belongs to whatever terminates TLS in front (and would pin localhost).
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
  };
}

/**
 * Security headers on every answer of a static host (pages, files, registry, proxied /api, errors): CSP,
 * nosniff, Referrer-Policy, frame denial, COOP/CORP and helmet's other defaults.
 */
export const securityHeadersPlugin = definePlugin<SecurityHeadersOptions>(
  'static-host-security-headers',
  async (app, opts) => {
    await app.register(helmet, helmetOptions(opts));
  },
);
