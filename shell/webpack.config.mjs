import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModuleFederationPlugin } from '@module-federation/enhanced/webpack';
import { dropShadowedShareRuntime, emitJson, runtimeCoreVersion } from '@storefront/remote-kit/webpack';
import CssMinimizerPlugin from 'css-minimizer-webpack-plugin';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import MiniCssExtractPlugin from 'mini-css-extract-plugin';
import TerserPlugin from 'terser-webpack-plugin';
import webpack from 'webpack';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const pkg = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));

/** A shared singleton whose version range comes from this package's own dependencies. */
function singleton(name) {
  return { singleton: true, requiredVersion: pkg.dependencies[name], eager: false };
}

const require = createRequire(import.meta.url);

/**
 * `mf-runtime.json`: the MF runtime this build provides to the remotes' containers, read by the deploy guard
 * (scripts/lib/release-compat.mjs) to refuse a release built for a runtime-core this shell cannot host. The version
 * is read as the remotes' builds read theirs (remote-kit's federation build helpers).
 */
const runtimeRecordPlugin = emitJson('mf-runtime.json', {
  runtime: 'provided',
  runtimeCore: runtimeCoreVersion(require),
  bundlerRuntime: 'provided',
});

/**
 * react-router's package `exports` resolve to its development build whatever the mode; production builds take
 * its production build instead (same API, dev warnings compiled out).
 */
function reactRouterAlias(production) {
  if (!production) return {};
  const dir = path.dirname(require.resolve('react-router/package.json'));
  return { 'react-router$': path.join(dir, 'dist/production/index.mjs') };
}

/**
 * CSS in production is extracted into content-hashed files loaded by <link> (the CSP has no 'unsafe-inline' for
 * styles); the dev server keeps style-loader for hot reloading. Async chunks' CSS is loaded by the
 * mini-css-extract runtime before the chunk's code runs.
 */
function cssLoaders(production) {
  return production ? [MiniCssExtractPlugin.loader, 'css-loader'] : ['style-loader', 'css-loader'];
}

/**
 * What the federated build and bench's monolith build (bench/monolith/webpack.config.mjs) share: the loaders
 * (and the CSS extraction plugin that goes with them), the minifier and the resolution of the shell's source.
 * Exported for bench; the shell never imports bench.
 */
export function commonConfig(production) {
  return {
    mode: production ? 'production' : 'development',
    devtool: production ? false : 'eval-cheap-module-source-map',
    // `.js` → `.ts`: @storefront/contract is written for Node's resolution too (the BFF imports it).
    resolve: {
      extensions: ['.tsx', '.ts', '.js'],
      extensionAlias: { '.js': ['.ts', '.js'] },
      alias: reactRouterAlias(production),
    },
    module: {
      rules: [
        {
          test: /\.[jt]sx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: {
                parser: { syntax: 'typescript', tsx: true },
                target: 'es2020',
                transform: { react: { runtime: 'automatic', development: !production } },
              },
            },
          },
        },
        { test: /\.css$/, use: cssLoaders(production) },
      ],
    },
    plugins: production
      ? [
          new MiniCssExtractPlugin({
            filename: '[name].[contenthash:8].css',
            chunkFilename: '[name].[contenthash:8].css',
          }),
        ]
      : [],
    optimization: {
      // Extracted CSS is minified too (cssnano's default preset): comments and whitespace are bytes for nothing.
      minimizer: [
        new TerserPlugin({ minify: TerserPlugin.swcMinify, extractComments: false }),
        new CssMinimizerPlugin(),
      ],
      // A stylesheet several lazy chunks import goes in one CSS chunk they share, not a copy in each.
      splitChunks: production
        ? { cacheGroups: { styles: { type: 'css/mini-extract', chunks: 'async', enforce: true } } }
        : undefined,
    },
    // react-dom and react-router are large shared chunks by nature; the size is reported by the build script.
    performance: { hints: false },
  };
}

/** The shell's page; an absolute template, as bench's monolith build runs from another folder. */
export function htmlPlugin() {
  return new HtmlWebpackPlugin({ template: path.join(here, 'public/index.html'), title: 'Storefront' });
}

/**
 * Emits `compose.json`, what apps/static-host composes the page from (docs/decisions/016-compose-at-the-edge.md):
 * the shell's own chunks behind the async boundary (the entry's child chunk groups: `bootstrap` and the shared
 * modules the shell provides; a consume fallback of a module the shell provides is never loaded, so it is not
 * listed), the exposed modules each route renders (src/features/remotes/route-modules.json) and the frame's
 * critical CSS (src/frame.css, minified), which the host inlines and hashes into its CSP.
 */
class ComposeDataPlugin {
  apply(compiler) {
    const routesFile = path.join(here, 'src/features/remotes/route-modules.json');
    const frameFile = path.join(here, 'src/frame.css');
    compiler.hooks.thisCompilation.tap('ComposeDataPlugin', (compilation) => {
      compilation.hooks.processAssets.tapPromise(
        { name: 'ComposeDataPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT },
        async () => {
          compilation.fileDependencies.add(routesFile);
          compilation.fileDependencies.add(frameFile);
          const publicPath = compilation.outputOptions.publicPath;
          const files = new Set();
          for (const entry of compilation.entrypoints.values()) {
            for (const child of entry.childrenIterable) {
              for (const chunk of child.chunks) for (const file of chunk.files) files.add(file);
            }
          }
          const url = (file) => `${publicPath}${file}`;
          const { frame, routes } = JSON.parse(await readFile(routesFile, 'utf8'));
          const minified = await CssMinimizerPlugin.cssnanoMinify(
            { 'frame.css': await readFile(frameFile, 'utf8') },
            undefined,
            { preset: 'default' },
          );
          const data = {
            schemaVersion: 1,
            shell: {
              scripts: [...files].filter((f) => f.endsWith('.js')).map(url),
              styles: [...files].filter((f) => f.endsWith('.css')).map(url),
            },
            frame,
            routes,
            criticalCss: minified.code,
          };
          compilation.emitAsset('compose.json', new webpack.sources.RawSource(`${JSON.stringify(data)}\n`));
        },
      );
    });
  }
}

export default (_env, argv) => {
  const production = argv.mode === 'production';
  const registryFile = process.env.REGISTRY_FILE
    ? path.resolve(process.env.REGISTRY_FILE)
    : path.join(repoRoot, '.data', 'registry.json');

  const common = commonConfig(production);
  return {
    ...common,
    entry: './src/index.ts',
    optimization: {
      ...common.optimization,
      // Every page needs all of the shared framework the shell provides (react, react-dom, scheduler, the router
      // and its contract): one chunk gzips better than five (−2 KiB gzip, 4 fewer requests). The shell's own
      // code stays apart, so a shell release does not invalidate the cached framework.
      splitChunks: production
        ? {
            cacheGroups: {
              ...common.optimization.splitChunks.cacheGroups,
              framework: {
                test: /[\\/]node_modules[\\/](?:react|react-dom|scheduler|react-router)[\\/]|[\\/]packages[\\/]router[\\/]/,
                chunks: 'async',
                name: 'framework',
                enforce: true,
              },
            },
          }
        : undefined,
    },
    output: {
      path: path.join(here, 'dist'),
      publicPath: '/',
      // No [contenthash] on entry chunks: it breaks MF 2.9.3's runtime module. main.js is served no-cache.
      filename: '[name].js',
      chunkFilename: '[name].[contenthash:8].js',
      uniqueName: 'shell',
      clean: true,
    },
    plugins: [
      ...common.plugins,
      new ModuleFederationPlugin({
        name: 'shell',
        // Every remote comes from /registry.json at run time: the build holds no remote URL.
        remotes: {},
        // 'version-first' would fetch every remote's manifest before start-up: one dead remote = blank page.
        shareStrategy: 'loaded-first',
        // One MF runtime per page (decision 014): the shell publishes its runtime-core as the global
        // `_FEDERATION_RUNTIME_CORE`, which the remotes' production containers use instead of their own copy.
        // This is what `experiments.provideExternalRuntime` adds, but that option require.resolve()s the plugin's
        // CommonJS build, which pulls a second, CommonJS runtime-core into main.js (+22 kB gzip); its ES build
        // imports the same runtime-core module as the rest of the shell.
        runtimePlugins: [
          fileURLToPath(import.meta.resolve('@module-federation/inject-external-runtime-core-plugin')),
          // …and its webpack-bundler-runtime functions as `_FEDERATION_BUNDLER_RUNTIME` (same decision).
          fileURLToPath(new URL('./src/features/remotes/provide-bundler-runtime-plugin.ts', import.meta.url)),
        ],
        experiments: {
          // The shell runs only in browsers: the runtime's Node code paths (loadScriptNode etc.) are compiled out.
          // No manifest (snapshot) handling either (−1.5 KiB gzip): the registry the host composes into the page
          // names each remote's remoteEntry.js, and a manifest entry (dev server, a registry without the field) is
          // resolved by src/features/remotes/manifest-entry-plugin.ts. Same in development, so both run one code path.
          optimization: { target: 'web', disableSnapshot: true },
        },
        dts: false,
        manifest: false,
        shared: {
          react: singleton('react'),
          'react-dom': singleton('react-dom'),
          // Not react-router: a shared module cannot be tree-shaken, so remotes get the narrow contract and the
          // shell's react-router is trimmed to what the shell and the contract use. The contract re-exports this
          // build's react-router, so a remote's <Link> works in the shell's <BrowserRouter> (one router per page).
          '@storefront/router': singleton('@storefront/router'),
        },
      }),
      htmlPlugin(),
      runtimeRecordPlugin,
      // webpack's own sharing runtime, shadowed by MF's in main.js (as in every container).
      dropShadowedShareRuntime(require),
      ...(production ? [new ComposeDataPlugin()] : []),
    ],
    devServer: {
      port: Number(process.env.PORT ?? 3000),
      historyApiFallback: true,
      proxy: [
        {
          context: ['/api'],
          target: process.env.BFF_URL ?? 'http://127.0.0.1:4000',
          // Same coded answer as apps/static-host when the BFF is down (http-proxy-middleware 2 API).
          onError(_err, _req, res) {
            if (res.headersSent) return;
            res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
            res.end(
              JSON.stringify({ error: { code: 'BFF_UNAVAILABLE', message: 'The API (BFF) is unavailable' } }),
            );
          },
        },
      ],
      setupMiddlewares(middlewares, devServer) {
        // Same contract as apps/static-host: re-read on every request, no-cache, coded 503 when missing.
        devServer.app.get('/registry.json', async (_req, res) => {
          res.set('cache-control', 'no-cache');
          try {
            const text = await readFile(registryFile, 'utf8');
            JSON.parse(text);
            res.type('application/json').send(text);
          } catch {
            res.status(503).json({
              error: { code: 'REGISTRY_UNAVAILABLE', message: `Cannot read ${registryFile}` },
            });
          }
        });
        return middlewares;
      },
    },
  };
};
