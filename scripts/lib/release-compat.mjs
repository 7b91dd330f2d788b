// The deploy guard: can the shell host a release? Its react, react-dom and @storefront/router must satisfy the
// release's `requiredVersion`s, read as npm reads ranges (the `semver` package); and a release whose container
// runs on the shell's MF runtime-core needs one of the same minor (runtimeProblem, decision 014). A module of its own because
// `semver` is a package: releases.mjs imports this only when checking, and `npm start` imports releases.mjs
// before anything is installed.
import semver from 'semver';
import { BUNDLER_RUNTIME_TAG, REQUIRED_SHARED, SHARED_NAMES } from './releases.mjs';

/**
 * The version the shell ships for a dependency: an exact version as it is, a range's lowest version (`^19.3.1`
 * ships at least 19.3.1); undefined for a spec with no lower bound (`*`, `latest`) or no valid range at all.
 * @param {string} spec
 * @returns {string | undefined}
 */
export function shellVersion(spec) {
  const exact = semver.valid(spec);
  if (exact) return exact;
  const range = semver.validRange(spec);
  if (!range) return undefined;
  const lowest = semver.minVersion(range);
  return lowest && lowest.version !== '0.0.0' ? lowest.version : undefined;
}

/**
 * Why the shell cannot run a release's container on its MF runtime-core, or undefined when it can. A release with
 * no `mfRuntime` carries its own runtime and needs nothing from the shell. Otherwise the shell must provide a
 * runtime-core of the same major.minor as the one the container was built with: webpack-bundler-runtime and
 * @module-federation/runtime (inside remoteEntry.js) call runtime-core's exports and read its global state, an
 * internal interface Module Federation does not version (all its packages are released in lockstep and pin each
 * other exactly); we take a patch release of either side as compatible, a different minor or major as not. A
 * release tagged `+bundler-runtime` also takes webpack-bundler-runtime's functions from the shell: the shell's
 * version must carry the tag too (a shell built before provides no `_FEDERATION_BUNDLER_RUNTIME`). A shell that
 * carries it still hosts untagged releases: they bring their own bundler runtime.
 * @param {Pick<import('./releases.mjs').Release, 'id' | 'mfRuntime'>} release
 * @param {string | null | undefined} shellRuntime the runtime-core version the shell provides; null: none
 * @returns {string | undefined}
 */
export function runtimeProblem(release, shellRuntime) {
  const wanted = release.mfRuntime;
  if (wanted === undefined) return undefined;
  const need = semver.valid(wanted);
  if (need === null)
    return `mf-runtime: release ${release.id} runs on the shell's runtime-core ${JSON.stringify(wanted)}, which is not a version`;
  if (shellRuntime === null || shellRuntime === undefined)
    return `mf-runtime: release ${release.id} runs on the shell's runtime-core ${need}, the shell provides none (rebuild the shell)`;
  const have = semver.valid(shellRuntime);
  if (have === null)
    return `mf-runtime: cannot read the shell's runtime-core version ${JSON.stringify(shellRuntime)}`;
  if (semver.major(have) !== semver.major(need) || semver.minor(have) !== semver.minor(need))
    return `mf-runtime: release ${release.id} needs runtime-core ${semver.major(need)}.${semver.minor(need)}.x (built with ${need}), the shell provides ${have}`;
  if (hasBundlerTag(wanted) && !hasBundlerTag(shellRuntime))
    return `mf-runtime: release ${release.id} takes the bundler runtime from the shell, which provides only runtime-core ${have} (rebuild the shell)`;
  return undefined;
}

/** @param {string} version a valid semver version @returns {boolean} */
function hasBundlerTag(version) {
  return semver.parse(version)?.build.includes(BUNDLER_RUNTIME_TAG) ?? false;
}

/**
 * Whether the shell can host a release: for each shared singleton the version the shell ships must satisfy the
 * release's requirement (any npm range: `^19`, `19.x`, `>=19 <20`, `~19.3.0`, an exact version, `*`), and the
 * shell must provide the MF runtime the release's container runs on (runtimeProblem). Every problem is one line
 * naming the module; an unreadable version or range is a problem, never an exception.
 * @param {{ release: Pick<import('./releases.mjs').Release, 'id' | 'shared' | 'mfRuntime'>,
 *   shellPackageJson: import('./releases.mjs').PackageJson, shellRuntime?: string | null }} opts
 *   `shellRuntime`: the runtime-core version the shell's build provides (null or absent: none)
 * @returns {{ ok: boolean, problems: string[] }}
 */
export function checkCompatibility({ release, shellPackageJson, shellRuntime }) {
  /** @type {string[]} */
  const problems = [];
  const shared = typeof release.shared === 'object' && release.shared !== null ? release.shared : {};
  for (const name of SHARED_NAMES) {
    const wanted = shared[name];
    const shellSpec = shellPackageJson.dependencies?.[name];
    if (typeof wanted !== 'string') {
      /** @type {readonly string[]} */
      const required = REQUIRED_SHARED;
      // Not imported by any exposed module: nothing of it to match.
      if (!required.includes(name)) continue;
      // Built before the router contract: its own react-router would not see the shell's router.
      const why =
        name === '@storefront/router' && typeof shared['react-router'] === 'string'
          ? '; it shares react-router, from before the router contract, and would render its own router'
          : '';
      problems.push(`${name}: release ${release.id} declares no requirement (missing shared entry${why})`);
      continue;
    }
    if (shellSpec === undefined) {
      problems.push(`${name}: the shell does not share it (release requires ${wanted})`);
      continue;
    }
    const version = shellVersion(shellSpec);
    if (version === undefined) {
      problems.push(`${name}: cannot read the shell's version ${JSON.stringify(shellSpec)}`);
      continue;
    }
    if (semver.validRange(wanted) === null) {
      problems.push(
        `${name}: release ${release.id} requires ${JSON.stringify(wanted)}, which is not a valid version range`,
      );
      continue;
    }
    if (!semver.satisfies(version, wanted)) {
      problems.push(`${name}: release ${release.id} requires ${wanted}, the shell provides ${version}`);
    }
  }
  const runtime = runtimeProblem(release, shellRuntime);
  if (runtime !== undefined) problems.push(runtime);
  return { ok: problems.length === 0, problems };
}
