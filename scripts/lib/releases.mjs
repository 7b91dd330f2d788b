// Versioned releases of a remote: publish a build into an immutable folder, switch the registry atomically,
// roll back, and refuse releases whose shared singletons the shell cannot satisfy.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './run.mjs';

/**
 * Shared singletons whose requirements must match between the shell and a remote release. The router is shared
 * through its narrow contract, @storefront/router (docs/decisions/015-narrow-router-contract.md): a release built
 * before it shares react-router instead, declares no @storefront/router and is refused.
 */
export const SHARED_NAMES = /** @type {const} */ (['react', 'react-dom', '@storefront/router']);

/**
 * The singletons every release must declare: each exposed module is a React component that may render the shop's
 * links. react-dom is checked when declared: a container lists it only if an exposed module imports it (the
 * standalone page, a separate build since decision 014, is what renders with react-dom).
 */
export const REQUIRED_SHARED = /** @type {const} */ (['react', '@storefront/router']);

/**
 * What a build records about the Module Federation runtime (remote-kit's and the shell's webpack configs): a
 * remote container `{ runtime: 'external', runtimeCore }` runs on the shell's runtime-core; the shell
 * `{ runtime: 'provided', runtimeCore }` provides it. A build without it carries its own runtime. Both may add
 * `bundlerRuntime: 'external' | 'provided'`: the container takes webpack-bundler-runtime's functions from the shell
 * too (`_FEDERATION_BUNDLER_RUNTIME`, decision 014); the version then carries the build tag `+bundler-runtime`
 * (BUNDLER_RUNTIME_TAG), which the guard matches.
 */
export const RUNTIME_RECORD = 'mf-runtime.json';

/** The semver build tag on a runtime-core version saying the bundler runtime comes from the shell as well. */
export const BUNDLER_RUNTIME_TAG = 'bundler-runtime';

/**
 * A record's runtime-core version, tagged `+bundler-runtime` when the record says `bundlerRuntime: <side>`.
 * @param {Record<string, unknown>} record
 * @param {'external' | 'provided'} side
 * @returns {string}
 */
function taggedRuntime(record, side) {
  const version = typeof record.runtimeCore === 'string' ? record.runtimeCore : '';
  return version !== '' && record.bundlerRuntime === side ? `${version}+${BUNDLER_RUNTIME_TAG}` : version;
}

/** File the build script writes into dist; it carries a timestamp, so it stays out of the hash and the release. */
const BUILD_STAMP = '.build-stamp';
const RELEASE_FILE = 'release.json';
const NAME_RE = /^[a-z][a-z0-9-]*$/;
const RELEASE_ID_RE = /^[0-9A-Za-z][0-9A-Za-z.+-]*-[0-9a-f]{10}$/;

/**
 * @typedef {{ [name: string]: string | undefined }} SharedRequirements
 * @typedef {{ remote: string, id: string, version: string, hash: string, createdAt: string,
 *   shared: SharedRequirements, mfRuntime?: string }} Release `mfRuntime`: the runtime-core version its container
 *   was built for and expects the shell to provide; absent when the release carries its own MF runtime
 * @typedef {Release & { live: boolean }} ListedRelease
 * @typedef {{ entry: string, release: string }} RegistryEntry
 * @typedef {{ schemaVersion: number, remotes: { [name: string]: RegistryEntry } }} Registry
 * @typedef {{ dependencies?: { [name: string]: string }, peerDependencies?: { [name: string]: string },
 *   version?: string }} PackageJson
 */

/**
 * Throws unless the remote name is a plain folder name (it becomes part of a path).
 * @param {string} remote
 */
function assertRemoteName(remote) {
  if (!NAME_RE.test(remote)) throw new Error(`invalid remote name: ${JSON.stringify(remote)}`);
}

/**
 * Throws unless the release id has the `<version>-<10 hex>` shape (it becomes part of a path).
 * @param {string} id
 */
function assertReleaseId(id) {
  if (!RELEASE_ID_RE.test(id) || id.includes('..'))
    throw new Error(`invalid release id: ${JSON.stringify(id)}`);
}

/**
 * Folder holding every release of one remote.
 * @param {string} dataDir
 * @param {string} remote
 * @returns {string}
 */
export function releasesDir(dataDir, remote) {
  assertRemoteName(remote);
  return path.join(dataDir, 'releases', remote);
}

/**
 * Relative (posix) paths of every file under a folder, sorted, without the build stamp.
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function listFiles(dir) {
  /** @type {string[]} */
  const out = [];
  /** @param {string} rel */
  const walk = async (rel) => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile() && child !== BUILD_STAMP) out.push(child);
    }
  };
  await walk('');
  return out.sort();
}

/**
 * sha256 (hex) over the sorted relative paths and contents of a build; lengths delimit fields unambiguously.
 * @param {string} distDir
 * @returns {Promise<string>}
 */
export async function hashBuild(distDir) {
  const hash = createHash('sha256');
  for (const rel of await listFiles(distDir)) {
    const content = await readFile(path.join(distDir, ...rel.split('/')));
    hash.update(`${Buffer.byteLength(rel)}:${rel}\0${content.length}:`);
    hash.update(content);
  }
  return hash.digest('hex');
}

/**
 * Reads and parses a JSON file.
 * @param {string} file
 * @returns {Promise<unknown>}
 */
async function readJson(file) {
  return JSON.parse(await readFile(file, 'utf8'));
}

/**
 * True for a plain (non-array) object.
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Shared requirements of a build: `requiredVersion` from mf-manifest.json, which says what the build shares; only
 * a build without a manifest's shared list falls back to the package's dependencies (a package.json may already
 * name a module that an older build in the same folder does not share).
 * @param {unknown} manifest parsed mf-manifest.json (or undefined when missing)
 * @param {PackageJson} pkg
 * @returns {SharedRequirements}
 */
export function sharedRequirements(manifest, pkg) {
  /** @type {SharedRequirements} */
  const fromManifest = {};
  const listed = isObject(manifest) && Array.isArray(manifest.shared);
  const shared = listed ? /** @type {unknown[]} */ (manifest.shared) : [];
  for (const s of shared) {
    if (!isObject(s) || typeof s.name !== 'string' || typeof s.requiredVersion !== 'string') continue;
    // The first entry wins: a manifest lists each shared module once, but be deterministic if not.
    if (fromManifest[s.name] === undefined) fromManifest[s.name] = s.requiredVersion;
  }
  /** @type {SharedRequirements} */
  const out = {};
  for (const name of SHARED_NAMES) {
    const req = listed ? fromManifest[name] : (pkg.dependencies?.[name] ?? pkg.peerDependencies?.[name]);
    if (req !== undefined) out[name] = req;
  }
  return out;
}

/**
 * The runtime-core version a build's container expects from the shell, from its mf-runtime.json; undefined when it
 * carries its own runtime (no record, as in releases built before the shared runtime). An external runtime with no
 * readable version is recorded as '' so the guard refuses it instead of treating it as self-contained. A container
 * that takes the bundler runtime from the shell too is recorded as `<version>+bundler-runtime`.
 * @param {unknown} record parsed mf-runtime.json (or undefined when missing)
 * @returns {string | undefined}
 */
export function runtimeRequirement(record) {
  if (!isObject(record) || record.runtime !== 'external') return undefined;
  return taggedRuntime(record, 'external');
}

/**
 * The runtime-core version the shell's build provides to the remotes (its mf-runtime.json), or null when it
 * provides none: not built, or built before the shared runtime. Tagged `+bundler-runtime` when it provides the
 * bundler runtime too.
 * @param {string} [shellDist]
 * @returns {string | null}
 */
export function readShellRuntime(shellDist = path.join(ROOT, 'shell', 'dist')) {
  try {
    const record = JSON.parse(readFileSync(path.join(shellDist, RUNTIME_RECORD), 'utf8'));
    if (isObject(record) && record.runtime === 'provided' && typeof record.runtimeCore === 'string')
      return taggedRuntime(record, 'provided');
  } catch {
    // no record: this shell provides no runtime
  }
  return null;
}

/**
 * Creation time strictly after every existing release, so "newest" is unambiguous even within one millisecond.
 * @param {Release[]} existing
 * @returns {string}
 */
function nextCreatedAt(existing) {
  let t = Date.now();
  for (const r of existing) {
    const ms = Date.parse(r.createdAt);
    if (Number.isFinite(ms) && ms >= t) t = ms + 1;
  }
  return new Date(t).toISOString();
}

/**
 * Publishes a build as an immutable release folder; an existing release with the same id is left untouched.
 * @param {{ remote: string, distDir: string, dataDir: string, packageJsonFile?: string }} opts
 *   `packageJsonFile` defaults to the package.json beside `distDir`.
 * @returns {Promise<{ created: boolean, release: Release, dir: string }>}
 */
export async function publishRelease({ remote, distDir, dataDir, packageJsonFile }) {
  const base = releasesDir(dataDir, remote);
  const pkg = /** @type {PackageJson} */ (
    await readJson(packageJsonFile ?? path.join(distDir, '..', 'package.json'))
  );
  const version = typeof pkg.version === 'string' && pkg.version ? pkg.version : '0.0.0';
  const hash = await hashBuild(distDir);
  const id = `${version}-${hash.slice(0, 10)}`;
  assertReleaseId(id);
  const dir = path.join(base, id);
  if (existsSync(dir)) return { created: false, release: await readRelease(dir), dir };

  const manifestFile = path.join(distDir, 'mf-manifest.json');
  const manifest = existsSync(manifestFile) ? await readJson(manifestFile) : undefined;
  const runtimeFile = path.join(distDir, RUNTIME_RECORD);
  const mfRuntime = runtimeRequirement(existsSync(runtimeFile) ? await readJson(runtimeFile) : undefined);
  await mkdir(base, { recursive: true });
  /** @type {Release} */
  const release = {
    remote,
    id,
    version,
    hash,
    createdAt: nextCreatedAt(await readReleases(base)),
    shared: sharedRequirements(manifest, pkg),
    ...(mfRuntime === undefined ? {} : { mfRuntime }),
  };
  // Copy into a temp folder on the same file system, then rename: a release folder is either complete or absent.
  const tmp = path.join(base, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await cp(distDir, tmp, { recursive: true, filter: (src) => path.basename(src) !== BUILD_STAMP });
    await writeFile(path.join(tmp, RELEASE_FILE), `${JSON.stringify(release, null, 2)}\n`);
    try {
      await rename(tmp, dir);
    } catch (err) {
      // Someone published the same content meanwhile: renaming onto a non-empty folder fails; keep theirs.
      const code = /** @type {NodeJS.ErrnoException} */ (err).code;
      if ((code === 'ENOTEMPTY' || code === 'EEXIST') && existsSync(dir)) {
        return { created: false, release: await readRelease(dir), dir };
      }
      throw err;
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return { created: true, release, dir };
}

/**
 * Reads one release's release.json.
 * @param {string} dir
 * @returns {Promise<Release>}
 */
async function readRelease(dir) {
  return /** @type {Release} */ (await readJson(path.join(dir, RELEASE_FILE)));
}

/**
 * Every complete release under a remote's releases folder, newest first (temp folders are skipped).
 * @param {string} base
 * @returns {Promise<Release[]>}
 */
async function readReleases(base) {
  if (!existsSync(base)) return [];
  /** @type {Release[]} */
  const out = [];
  for (const e of await readdir(base, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const file = path.join(base, e.name, RELEASE_FILE);
    if (!existsSync(file)) continue;
    out.push(await readRelease(path.join(base, e.name)));
  }
  return out.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id.localeCompare(a.id));
}

/**
 * Reads the registry; a missing file yields an empty one (the first deploy may create it).
 * @param {string} registryFile
 * @returns {Promise<Registry>}
 */
export async function readRegistry(registryFile) {
  if (!existsSync(registryFile)) return { schemaVersion: 1, remotes: {} };
  const doc = await readJson(registryFile);
  if (!isObject(doc) || !isObject(doc.remotes)) throw new Error(`${registryFile} is not a registry document`);
  return /** @type {Registry} */ (/** @type {unknown} */ (doc));
}

/**
 * Releases of a remote, newest first, with the one the registry points at marked live.
 * @param {{ remote: string, dataDir: string, registryFile: string }} opts
 * @returns {Promise<ListedRelease[]>}
 */
export async function listReleases({ remote, dataDir, registryFile }) {
  const releases = await readReleases(releasesDir(dataDir, remote));
  const live = (await readRegistry(registryFile)).remotes[remote]?.release;
  return releases.map((r) => ({ ...r, live: r.id === live }));
}

/**
 * Writes a file atomically: a sibling temp file (flushed), then rename over the target.
 * @param {string} file
 * @param {string} content
 */
async function writeAtomic(file, content) {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
}

/**
 * Points one remote of the registry at a release (atomic rename); every other remote is kept as it was.
 * @param {{ registryFile: string, remote: string, releaseId: string, entryBase: string }} opts
 * @returns {Promise<{ previous: RegistryEntry | undefined, entry: RegistryEntry }>}
 */
export async function switchRegistry({ registryFile, remote, releaseId, entryBase }) {
  assertRemoteName(remote);
  assertReleaseId(releaseId);
  const registry = await readRegistry(registryFile);
  const previous = registry.remotes[remote];
  const entry = {
    entry: `${entryBase.replace(/\/+$/, '')}/${releaseId}/mf-manifest.json`,
    release: releaseId,
  };
  const next = { ...registry, remotes: { ...registry.remotes, [remote]: entry } };
  await mkdir(path.dirname(registryFile), { recursive: true });
  await writeAtomic(registryFile, `${JSON.stringify(next, null, 2)}\n`);
  return { previous, entry };
}

/**
 * The shell's package.json (its dependencies are what it shares at run time).
 * @returns {Promise<PackageJson>}
 */
export async function readShellPackageJson() {
  return /** @type {PackageJson} */ (await readJson(path.join(ROOT, 'shell', 'package.json')));
}

/**
 * @typedef {{ ok: true, release: Release, previous: string | undefined }
 *   | { ok: false, release: Release | undefined, problems: string[] }} SwitchResult
 */

/**
 * Checks a published release against the shell and switches the registry to it when compatible.
 * @param {{ release: Release, registryFile: string, entryBase: string, shellPackageJson: PackageJson,
 *   shellRuntime?: string | null }} opts `shellRuntime` defaults to what the shell's build provides
 * @returns {Promise<SwitchResult>}
 */
export async function activateRelease({ release, registryFile, entryBase, shellPackageJson, shellRuntime }) {
  // Loaded here, not at the top: it needs the `semver` package, and `npm start` imports this module before
  // installing anything.
  const { checkCompatibility } = await import('./release-compat.mjs');
  const check = checkCompatibility({
    release,
    shellPackageJson,
    shellRuntime: shellRuntime === undefined ? readShellRuntime() : shellRuntime,
  });
  if (!check.ok) return { ok: false, release, problems: check.problems };
  const { previous } = await switchRegistry({
    registryFile,
    remote: release.remote,
    releaseId: release.id,
    entryBase,
  });
  return { ok: true, release, previous: previous?.release };
}

/**
 * Publishes a build and makes it live unless the shell cannot host it (the release stays published either way).
 * @param {{ remote: string, distDir: string, dataDir: string, registryFile: string, entryBase: string,
 *   shellPackageJson?: PackageJson, shellRuntime?: string | null, packageJsonFile?: string }} opts
 * @returns {Promise<SwitchResult & { created: boolean }>}
 */
export async function deployRelease(opts) {
  const { created, release } = await publishRelease(opts);
  const shellPackageJson = opts.shellPackageJson ?? (await readShellPackageJson());
  const result = await activateRelease({ ...opts, release, shellPackageJson });
  return { ...result, created };
}

/**
 * Switches a remote back to an earlier release (the one created before the live one, or `to`), without building.
 * @param {{ remote: string, dataDir: string, registryFile: string, entryBase: string, to?: string,
 *   shellPackageJson?: PackageJson, shellRuntime?: string | null }} opts
 * @returns {Promise<SwitchResult>}
 */
export async function rollback({
  remote,
  dataDir,
  registryFile,
  entryBase,
  to,
  shellPackageJson,
  shellRuntime,
}) {
  const releases = await listReleases({ remote, dataDir, registryFile });
  /** @type {Release | undefined} */
  let target;
  if (to !== undefined) {
    target = releases.find((r) => r.id === to);
    if (!target) return { ok: false, release: undefined, problems: [`${remote} has no release ${to}`] };
  } else {
    const liveIndex = releases.findIndex((r) => r.live);
    if (liveIndex === -1) {
      const problem = `the live ${remote} is not a published release; name the release to switch to`;
      return { ok: false, release: undefined, problems: [problem] };
    }
    target = releases[liveIndex + 1];
    if (!target) {
      return {
        ok: false,
        release: undefined,
        problems: [`${remote} has no release older than the live one`],
      };
    }
  }
  return activateRelease({
    release: target,
    registryFile,
    entryBase,
    shellPackageJson: shellPackageJson ?? (await readShellPackageJson()),
    shellRuntime,
  });
}

/** Command-line options shared by deploy, rollback and releases (node:util parseArgs). */
export const RELEASE_OPTIONS = /** @type {const} */ ({
  'data-dir': { type: 'string' },
  registry: { type: 'string' },
  'entry-base': { type: 'string' },
});

/**
 * Their lines in a command's usage text; `entryBase: false` for a command that reads only (it accepts and ignores it).
 * @param {{ entryBase: boolean }} opts
 * @returns {string}
 */
export function releaseOptionsUsage({ entryBase }) {
  return [
    '  --data-dir DIR       where releases are kept (default: .data)',
    '  --registry FILE      the registry (default: REGISTRY_FILE, else <data-dir>/registry.json)',
    entryBase
      ? `  --entry-base URL     origin the remote's releases are served from (default: the one the registry already
                       uses for it, else http://localhost:<CATALOG|CART|ACCOUNT>_REMOTE_PORT)`
      : '  --entry-base URL     accepted as by deploy and rollback, not used',
  ].join('\n');
}

/**
 * Where the releases and the registry are, and where a remote's releases are served, from the parsed options.
 * @param {{ 'data-dir'?: string | undefined, registry?: string | undefined, 'entry-base'?: string | undefined }} flags
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {{ dataDir: string, registryFile: string, entryBase: (remote: string) => string }}
 */
export function releaseLocations(flags, env = process.env) {
  const dataDir = path.resolve(flags['data-dir'] ?? path.join(ROOT, '.data'));
  const registryFile = path.resolve(
    flags.registry ?? env.REGISTRY_FILE ?? path.join(dataDir, 'registry.json'),
  );
  const explicitBase = flags['entry-base'];
  /** @param {string} remote */
  const entryBase = (remote) => {
    if (explicitBase) return explicitBase;
    // Where the running stack serves this remote (its host, or the fault proxy in demo mode) is already in the
    // registry: keep that origin, change only the release.
    try {
      const current = JSON.parse(readFileSync(registryFile, 'utf8'))?.remotes?.[remote]?.entry;
      if (typeof current === 'string') return new URL(current).origin;
    } catch {
      // no registry yet, or not readable: fall back to the default port
    }
    const port = env[`${remote.toUpperCase()}_REMOTE_PORT`] ?? String(DEFAULT_REMOTE_PORTS[remote] ?? '');
    if (!port) throw new Error(`no port for remote ${remote}: pass --entry-base`);
    return `http://localhost:${port}`;
  };
  return { dataDir, registryFile, entryBase };
}

/** @type {{ [remote: string]: number }} */
const DEFAULT_REMOTE_PORTS = { catalog: 3001, cart: 3002, account: 3003 };

/** Remotes that can be deployed. */
export const REMOTES = Object.keys(DEFAULT_REMOTE_PORTS);

/**
 * Text table of releases, live one marked with `*`.
 * @param {ListedRelease[]} releases
 * @returns {string}
 */
export function formatReleases(releases) {
  /** @type {[string, string, string, string][]} */
  const rows = [
    [' ', 'release', 'created', 'shared'],
    ...releases.map(
      (r) =>
        /** @type {[string, string, string, string]} */ ([
          r.live ? '*' : ' ',
          r.id,
          r.createdAt,
          [
            ...SHARED_NAMES.map((n) => `${n}@${r.shared?.[n] ?? '?'}`),
            // The MF runtime-core its container runs on: the shell's (that version), or its own copy.
            `mf-runtime@${r.mfRuntime ?? 'own'}`,
          ].join(' '),
        ]),
    ),
  ];
  const width = (/** @type {0 | 1 | 2} */ col) => Math.max(...rows.map((r) => r[col].length));
  const [w0, w1, w2] = [width(0), width(1), width(2)];
  return rows
    .map(([a, b, c, d]) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c.padEnd(w2)}  ${d}`.trimEnd())
    .join('\n');
}
