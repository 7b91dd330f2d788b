import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { commonConfig, htmlPlugin } from '../../shell/webpack.config.mjs';
import { MONOLITH_DIST, REPO_ROOT } from './paths.mjs';

// Built with the shell's toolchain: the shell declares webpack and its loaders, bench declares none of them.
const webpack = createRequire(path.join(REPO_ROOT, 'shell', 'package.json'))('webpack');

// The remotes' own webpack configs: their `remote.exposes` is what the monolith imports.
const REMOTE_DIRS = ['catalog', 'cart', 'account'];

/**
 * `resolve.alias` entries mapping `catalog/CatalogPage` to the file the catalog remote exposes as
 * `./CatalogPage`, plus the remotes' build-time constants, read from the remotes' own webpack configs.
 */
async function remoteModules() {
  const alias = {};
  const define = {};
  for (const dir of REMOTE_DIRS) {
    const configFile = path.join(REPO_ROOT, 'remotes', dir, 'webpack.config.mjs');
    const { default: remoteConfig } = await import(pathToFileURL(configFile).href);
    const { name, dir: remoteDir, exposes, define: remoteDefine = {} } = remoteConfig.remote;
    for (const [exposed, file] of Object.entries(exposes)) {
      // `$`: exact match only, so an unknown `catalog/Other` fails the build instead of resolving inside it.
      alias[`${name}/${exposed.replace(/^\.\//, '')}$`] = path.resolve(remoteDir, file);
    }
    for (const [key, value] of Object.entries(remoteDefine)) {
      if (key in define && define[key] !== value) throw new Error(`${name}: define ${key} conflicts`);
      define[key] = value;
    }
  }
  return { alias, define };
}

/**
 * `npm run build:monolith -w bench`: the same storefront as one bundle, for `npm run bench` (never deployed).
 * The remotes' exposed modules are imported statically; no Module Federation plugin, so no MF runtime and one
 * React. Loaders (CSS extracted into files in production), minifier and HTML page are the shell's own
 * (shell/webpack.config.mjs).
 */
export default async (_env, argv) => {
  const production = argv.mode === 'production';
  const common = commonConfig(production);
  const { alias, define } = await remoteModules();
  const plugins = [...common.plugins, htmlPlugin()];
  if (Object.keys(define).length > 0) plugins.push(new webpack.DefinePlugin(define));
  return {
    ...common,
    context: import.meta.dirname,
    entry: './index.ts',
    output: {
      path: MONOLITH_DIST,
      publicPath: '/',
      // Named like the federated build's files, so the benchmark compares like with like.
      filename: '[name].js',
      chunkFilename: '[name].[contenthash:8].js',
      uniqueName: 'shell-monolith',
      clean: true,
    },
    resolve: { ...common.resolve, alias: { ...common.resolve.alias, ...alias } },
    plugins,
  };
};
