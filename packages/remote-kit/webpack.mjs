import { existsSync, readFileSync } from 'node:fs';
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
 * @property {string} [earlyData] JSON file, relative to `dir`: per exposed module, the GETs it makes on its first
 *   render (docs/decisions/017-early-data.md); the release carries it as `early-data.json`.
 */

/** @typedef {Readonly<Pick<RemoteConfigOptions, 'name' | 'dir' | 'exposes' | 'define'>>} RemoteModules */

/** What a production container records about the MF runtime it runs on (read by scripts/lib/releases.mjs). */
const RUNTIME_RECORD = 'mf-runtime.json';

/** What a release says its exposed modules ask first (read by apps/static-host, early-data-templates.ts). */
const EARLY_DATA_RECORD = 'early-data.json';

/**
 * The remote's early-data declaration as the release records it. Fails the build on a module it does not expose
 * (a renamed module would otherwise silently lose its early start).
 * @param {string} file
 * @param {Record<string, string>} exposes
 */
function earlyDataRecord(file, exposes) {
  const { $comment: _, ...modules } = JSON.parse(readFileSync(file, 'utf8'));
  for (const module of Object.keys(modules)) {
    if (!(module in exposes)) throw new Error(`${file}: "${module}" is not an exposed module`);
  }
  return { schemaVersion: 1, modules };
}

/** A production container's webpack-bundler-runtime: the shell's functions, the container's own state. */
const BUNDLER_RUNTIME_STAND_IN = path.join(import.meta.dirname, 'federation', 'bundler-runtime.mjs');

/**
 * The version of `@module-federation/runtime-core` the enhanced plugin builds against (enhanced → runtime-tools →
 * runtime → runtime-core, all released in lockstep). Its package.json is not exported: walk up from its entry.
 * @param {NodeJS.Require} require resolves from the building deployable's folder (a remote's, or the shell's)
 * @returns {string}
 */
export function runtimeCoreVersion(require) {
  let from = require.resolve('@module-federation/enhanced/webpack');
  for (const pkg of [
    '@module-federation/runtime-tools',
    '@module-federation/runtime',
    '@module-federation/runtime-core',
  ])
    from = createRequire(from).resolve(pkg);
  for (let dir = path.dirname(from); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    if (pkg.name === '@module-federation/runtime-core') return pkg.version;
  }
  throw new Error('cannot find the version of @module-federation/runtime-core');
}

/**
 * webpack 5.113's RuntimePlugin adds its own ShareRuntimeModule (the classic `__webpack_require__.I`) whenever the
 * share scope is used, and the enhanced MF plugin adds its own, which assigns `__webpack_require__.I` after it: the
 * first one is dead code in every container and in the shell's `main.js` (≈0.19 KiB gzip each). This plugin
 * renders it as nothing, and only in a compilation where the enhanced plugin's module is there to take its place
 * (checked per chunk).
 * @param {NodeJS.Require} require resolves from the building deployable's folder
 * @returns {import('webpack').WebpackPluginInstance}
 */
export function dropShadowedShareRuntime(require) {
  const WebpackShareRuntimeModule = require('webpack/lib/sharing/ShareRuntimeModule');
  return {
    apply(compiler) {
      compiler.hooks.thisCompilation.tap('DropShadowedShareRuntime', (compilation) => {
        compilation.hooks.runtimeModule.tap('DropShadowedShareRuntime', (module, chunk) => {
          if (module.constructor !== WebpackShareRuntimeModule) return;
          module.generate = () => {
            const others = compilation.chunkGraph.getChunkRuntimeModulesIterable(chunk);
            const shadowed = [...others].some(
              (m) => m !== module && m.name === module.name && m.constructor !== WebpackShareRuntimeModule,
            );
            return shadowed ? null : WebpackShareRuntimeModule.prototype.generate.call(module);
          };
        });
      });
    },
  };
}

/**
 * A webpack plugin emitting one JSON file into the build.
 * @param {string} filename
 * @param {unknown} content
 * @returns {import('webpack').WebpackPluginInstance}
 */
export function emitJson(filename, content) {
  return {
    apply(compiler) {
      const { Compilation, sources } = compiler.webpack;
      compiler.hooks.thisCompilation.tap('EmitJson', (compilation) => {
        compilation.hooks.processAssets.tap(
          { name: 'EmitJson', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
          () => compilation.emitAsset(filename, new sources.RawSource(`${JSON.stringify(content)}\n`)),
        );
      });
    },
  };
}

/**
 * The webpack/Module Federation config every remote shares, as `(env, argv) => config`.
 *
 * This is a build-time library: each remote still bundles its own copy of `@storefront/remote-kit`, so the
 * remotes stay independently deployable (no extra shared module to version at run time); only the source is
 * shared. The build tools are resolved from the remote's folder, because the remote declares them.
 *
 * @param {RemoteConfigOptions} options
 * @returns {((env: unknown, argv: { mode?: string }) => import('webpack').Configuration | import('webpack').Configuration[])
 *   & { remote: RemoteModules }}
 */
export function createRemoteConfig({
  name,
  dir,
  port,
  exposes,
  standalone = true,
  define = {},
  earlyData,
  // The router through its narrow contract, never react-router itself (docs/decisions/015-*.md).
  shared: sharedNames = ['react', 'react-dom', '@storefront/router'],
}) {
  const require = createRequire(path.join(dir, 'package.json'));
  const webpack = require('webpack');
  const { ModuleFederationPlugin } = require('@module-federation/enhanced/webpack');
  const HtmlWebpackPlugin = require('html-webpack-plugin');
  const TerserPlugin = require('terser-webpack-plugin');
  const MiniCssExtractPlugin = require('mini-css-extract-plugin');
  const CssMinimizerPlugin = require('css-minimizer-webpack-plugin');

  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const devPort = Number(process.env.PORT ?? port);
  const shared = Object.fromEntries(
    sharedNames.map((dependency) => {
      const requiredVersion = pkg.dependencies?.[dependency];
      if (!requiredVersion) throw new Error(`${name}: shared "${dependency}" is not in its dependencies`);
      return [dependency, { singleton: true, requiredVersion }];
    }),
  );

  /**
   * One compilation's config. `container`: remoteEntry.js and the exposed modules; `standalone`: the page that runs
   * the remote alone (src/index.html + src/index.ts). In development both are one compilation, as before.
   * @param {{ isProduction: boolean, container: boolean, standalone: boolean }} kind
   * @returns {import('webpack').Configuration}
   */
  const build = ({ isProduction, container, standalone: page }) => {
    const separatePage = isProduction && page && !container;
    const plugins = [];
    if (container) {
      plugins.push(
        new ModuleFederationPlugin({
          name,
          filename: 'remoteEntry.js',
          manifest: true,
          dts: false,
          exposes,
          shared,
          experiments: {
            // One MF runtime per page (decision 014): the production container uses the runtime-core the shell
            // provides (`provideExternalRuntime`, global `_FEDERATION_RUNTIME_CORE`) instead of bundling its own.
            // The dev server keeps its own copy: its container and standalone page are one compilation.
            externalRuntime: isProduction,
            // Runtime size (docs/benchmarks-federation-notes.md): a remote never loads other remotes and runs
            // only in browsers, so its MF runtime drops remote loading, the manifest/snapshot handling and the
            // Node code paths. The shell keeps the full runtime: it is the one that loads remotes.
            optimization: { disableRemote: true, disableSnapshot: true, target: 'web' },
          },
        }),
      );
      // What the release needs from the shell, for the deploy guard (scripts/lib/release-compat.mjs).
      if (isProduction) {
        plugins.push(dropShadowedShareRuntime(require));
        plugins.push(
          // The bundler runtime's functions come from the shell too (`_FEDERATION_BUNDLER_RUNTIME`, decision 014):
          // the container entry imports this stand-in instead of webpack-bundler-runtime's `bundler.js`.
          new webpack.NormalModuleReplacementPlugin(
            /[\\/]@module-federation[\\/]webpack-bundler-runtime[\\/]dist[\\/]bundler\.js$/,
            BUNDLER_RUNTIME_STAND_IN,
          ),
        );
        plugins.push(
          emitJson(RUNTIME_RECORD, {
            runtime: 'external',
            runtimeCore: runtimeCoreVersion(require),
            bundlerRuntime: 'external',
          }),
        );
        if (earlyData)
          plugins.push(emitJson(EARLY_DATA_RECORD, earlyDataRecord(path.join(dir, earlyData), exposes)));
      }
    }
    if (isProduction) {
      // CSS as content-hashed files, not <style> injected by JS (the shell's CSP has no 'unsafe-inline' for
      // styles). An exposed module's CSS chunk is loaded by the mini-css runtime inside remoteEntry.js, from
      // the remote's own public path, before the module runs. The dev server keeps style-loader (hot reload).
      const cssDir = separatePage ? 'standalone/' : '';
      plugins.push(
        new MiniCssExtractPlugin({
          filename: `${cssDir}[name].[contenthash:8].css`,
          chunkFilename: `${cssDir}[name].[contenthash:8].css`,
        }),
      );
    }
    if (Object.keys(define).length > 0) plugins.push(new webpack.DefinePlugin(define));
    if (page) {
      // Absolute script URL so deep links (e.g. /products/yoga-mat) load the standalone page too.
      plugins.push(
        new HtmlWebpackPlugin({ template: './src/index.html', chunks: ['main'], publicPath: '/' }),
      );
    }
    return {
      // Names tie the standalone compilation to the container's (`dependencies`): it runs after it.
      name: separatePage ? `${name}-standalone` : name,
      ...(separatePage ? { dependencies: [name] } : {}),
      mode: isProduction ? 'production' : 'development',
      context: dir,
      // The container's only entry is remoteEntry.js, added by the MF plugin.
      entry: page ? './src/index.ts' : {},
      devtool: isProduction ? false : 'eval-cheap-module-source-map',
      output: separatePage
        ? {
            // Same folder as the container (one release folder): index.html and main.js at its root as before,
            // its chunks under standalone/ so no file name can meet the container's.
            path: path.join(dir, 'dist'),
            publicPath: '/',
            filename: '[name].js',
            chunkFilename: 'standalone/[name].[contenthash:8].js',
            uniqueName: `${name}-standalone`,
            // The container's compilation, which runs first, cleans the folder.
            clean: false,
          }
        : {
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
        // Extracted CSS is minified too (cssnano's default preset), like the shell's.
        minimizer: [
          new TerserPlugin({ minify: TerserPlugin.swcMinify, extractComments: false }),
          new CssMinimizerPlugin(),
        ],
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

  /**
   * Production: two compilations into one folder. The container runs on the shell's MF runtime, which a page
   * opened on the remote alone does not have, so the standalone page is its own build: a plain React app with
   * no Module Federation (it loads no remote and shares nothing). Development: one compilation, as before.
   */
  const config = (_env, argv) => {
    const isProduction = argv.mode === 'production';
    if (!isProduction) return build({ isProduction, container: true, standalone });
    const container = build({ isProduction, container: true, standalone: false });
    return standalone ? [container, build({ isProduction, container: false, standalone: true })] : container;
  };
  /** What the remote exposes, for the monolith build in bench/monolith to import the same files. */
  config.remote = Object.freeze({ name, dir, exposes, define });
  return config;
}
