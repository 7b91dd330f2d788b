// The deploy guard: can the shell host a release? Its react, react-dom and @storefront/router must satisfy the
// release's `requiredVersion`s, read as npm reads ranges (the `semver` package). A module of its own because
// `semver` is a package: releases.mjs imports this only when checking, and `npm start` imports releases.mjs
// before anything is installed.
import semver from 'semver';
import { SHARED_NAMES } from './releases.mjs';

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
 * Whether the shell can host a release: for each shared singleton the version the shell ships must satisfy the
 * release's requirement (any npm range: `^19`, `19.x`, `>=19 <20`, `~19.3.0`, an exact version, `*`). Every
 * problem is one line naming the module; an unreadable version or range is a problem, never an exception.
 * @param {{ release: Pick<import('./releases.mjs').Release, 'id' | 'shared'>,
 *   shellPackageJson: import('./releases.mjs').PackageJson }} opts
 * @returns {{ ok: boolean, problems: string[] }}
 */
export function checkCompatibility({ release, shellPackageJson }) {
  /** @type {string[]} */
  const problems = [];
  const shared = typeof release.shared === 'object' && release.shared !== null ? release.shared : {};
  for (const name of SHARED_NAMES) {
    const wanted = shared[name];
    const shellSpec = shellPackageJson.dependencies?.[name];
    if (typeof wanted !== 'string') {
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
  return { ok: problems.length === 0, problems };
}
