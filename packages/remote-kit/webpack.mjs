import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * @typedef {object} RemoteConfigOptions
 * @property {string} name Module Federation container name (also `output.uniqueName`), e.g. `catalog`.
 * @property {string} dir The remote's folder (`import.meta.dirname` of its webpack.config.mjs).
 * @property {number} port Dev-server port when `PORT` is not set.
 * @property {Record<string, string>} exposes Exposed modules, relative to `dir`.
 * @property {boolean} [standalone] Emit the standalone page (`src/index.html`) for running the remote alone.
 * @property {Record<string, string>} [define] Extra build-time constants for DefinePlugin (values are code).
 * @property {string[]} [shared] Singletons shared with the host; versions come from the remote's dependencies.
 */

/** @typedef {Readonly<Pick<RemoteConfigOptions, 'name' | 'dir' | 'exposes' | 'define'>>} RemoteModules */

/**
 * The webpack/Module Federation config every remote shares, as `(env, argv) => config`.
 *
 * This is a build-time library: each remote still bundles its own copy of `@storefront/remote-kit`, so the
 * remotes stay independently deployable (no extra shared module to version at run time); only the source is
 * shared. The build tools are resolved from the remote's folder, because the remote declares them.
 *
 * @param {RemoteConfigOptions} options
 * @returns {((env: unknown, argv: { mode?: string }) => import('webpack').Configuration) & { remote: RemoteModules }}
 */
export function createRemoteConfig({
  name,
  dir,
  port,
  exposes,
  standalone = true,
  define = {},
  // The router through its narrow contract, never react-router itself (docs/decisions/015-*.md).
  shared: sharedNames = ['react', 'react-dom', '@storefront/router'],
}) {
  const require = createRequire(path.join(dir, 'package.json'));
  const webpack = require('webpack');
  const { ModuleFederationPlugin } = require('@module-federation/enhanced/webpack');
  const HtmlWebpackPlugin = require('html-webpack-plugin');
  const TerserPlugin = require('terser-webpack-plugin');
  const MiniCssExtractPlugin = require('mini-css-extract-plugin');

  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const devPort = Number(process.env.PORT ?? port);
  const shared = Object.fromEntries(
    sharedNames.map((dependency) => {
      const requiredVersion = pkg.dependencies?.[dependency];
      if (!requiredVersion) throw new Error(`${name}: shared "${dependency}" is not in its dependencies`);
      return [dependency, { singleton: true, requiredVersion }];
    }),
  );

  const config = (_env, argv) => {
    const isProduction = argv.mode === 'production';
    const plugins = [
      new ModuleFederationPlugin({
        name,
        filename: 'remoteEntry.js',
        manifest: true,
        dts: false,
        exposes,
        shared,
        // Runtime size (docs/benchmarks-federation-notes.md): a remote never loads other remotes and runs
        // only in browsers, so its copy of the MF runtime drops remote loading, the manifest/snapshot
        // handling and the Node code paths (~27 KiB raw, ~10 KiB gzip less per remoteEntry.js). The shell
        // keeps the full runtime: it is the one that loads remotes from their manifests.
        experiments: { optimization: { disableRemote: true, disableSnapshot: true, target: 'web' } },
      }),
    ];
    if (isProduction) {
      // CSS as content-hashed files, not <style> injected by JS (the shell's CSP has no 'unsafe-inline' for
      // styles). An exposed module's CSS chunk is loaded by the mini-css runtime inside remoteEntry.js, from
      // the remote's own public path, before the module runs. The dev server keeps style-loader (hot reload).
      plugins.push(
        new MiniCssExtractPlugin({
          filename: '[name].[contenthash:8].css',
          chunkFilename: '[name].[contenthash:8].css',
        }),
      );
    }
    if (Object.keys(define).length > 0) plugins.push(new webpack.DefinePlugin(define));
    if (standalone) {
      // Absolute script URL so deep links (e.g. /products/yoga-mat) load the standalone page too.
      plugins.push(
        new HtmlWebpackPlugin({ template: './src/index.html', chunks: ['main'], publicPath: '/' }),
      );
    }
    return {
      mode: isProduction ? 'production' : 'development',
      context: dir,
      entry: './src/index.ts',
      devtool: isProduction ? false : 'eval-cheap-module-source-map',
      output: {
        path: path.join(dir, 'dist'),
        // 'auto' resolves chunk URLs against remoteEntry.js, so the same build can be served from any origin.
        publicPath: 'auto',
        // No [contenthash] on entry chunks: MF 2.9.3 fails on it; the host serves them with no-cache instead.
        filename: '[name].js',
        chunkFilename: '[name].[contenthash:8].js',
        uniqueName: name,
        clean: true,
      },
      // `.js` → `.ts`: @storefront/contract is written for Node's resolution too (the BFF imports it).
      resolve: { extensions: ['.tsx', '.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
      module: {
        rules: [
          {
            // The kit's own TS source arrives through the workspace symlink, resolved to packages/remote-kit:
            // it is outside node_modules, so this rule compiles it like the remote's code.
            test: /\.[jt]sx?$/,
            exclude: /node_modules/,
            use: {
              loader: 'swc-loader',
              options: {
                jsc: {
                  parser: { syntax: 'typescript', tsx: true },
                  target: 'es2020',
                  transform: { react: { runtime: 'automatic', development: !isProduction } },
                },
              },
            },
          },
          {
            test: /\.css$/,
            use: [isProduction ? MiniCssExtractPlugin.loader : 'style-loader', 'css-loader'],
          },
        ],
      },
      plugins,
      optimization: {
        minimizer: [new TerserPlugin({ minify: TerserPlugin.swcMinify, extractComments: false })],
        // A stylesheet imported by several exposed modules goes in one CSS chunk they share, whatever its
        // size, instead of a copy per module (the page would otherwise download it once per module it shows).
        splitChunks: isProduction
          ? { cacheGroups: { styles: { type: 'css/mini-extract', chunks: 'async', enforce: true } } }
          : undefined,
      },
      performance: { hints: false },
      devServer: {
        port: devPort,
        historyApiFallback: true,
        headers: { 'Access-Control-Allow-Origin': '*' },
        // Only the msw service worker lives in public/; it is never part of the production build.
        static: { directory: path.join(dir, 'public') },
        client: { overlay: { warnings: false } },
      },
    };
  };
  /** What the remote exposes, for the monolith build in bench/monolith to import the same files. */
  config.remote = Object.freeze({ name, dir, exposes, define });
  return config;
}
