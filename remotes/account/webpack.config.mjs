import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModuleFederationPlugin } from '@module-federation/enhanced/webpack';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import TerserPlugin from 'terser-webpack-plugin';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));
const port = Number(process.env.PORT ?? 3003);

/** Shared singletons; the required versions come from this package's own dependencies. */
const shared = Object.fromEntries(
  ['react', 'react-dom', 'react-router'].map((name) => [
    name,
    { singleton: true, requiredVersion: pkg.dependencies[name] },
  ]),
);

/** Webpack config for the account remote (`--mode development` or `--mode production`). */
export default (_env, argv) => {
  const isProduction = argv.mode === 'production';
  return {
    mode: isProduction ? 'production' : 'development',
    entry: './src/index.ts',
    devtool: isProduction ? false : 'eval-cheap-module-source-map',
    output: {
      path: path.join(here, 'dist'),
      // 'auto' resolves chunk URLs against remoteEntry.js, so the same build can be served from any origin.
      publicPath: 'auto',
      // No [contenthash] on entry chunks: MF 2.9.3 fails on it; the host serves them with no-cache instead.
      filename: '[name].js',
      chunkFilename: '[name].[contenthash:8].js',
      uniqueName: 'account',
      clean: true,
    },
    resolve: { extensions: ['.tsx', '.ts', '.js'] },
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
                transform: { react: { runtime: 'automatic', development: !isProduction } },
              },
            },
          },
        },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      ],
    },
    plugins: [
      new ModuleFederationPlugin({
        name: 'account',
        filename: 'remoteEntry.js',
        manifest: true,
        dts: false,
        exposes: {
          './AccountMenu': './src/exposes/account-menu.tsx',
          './SignIn': './src/exposes/sign-in.tsx',
          './AccountPage': './src/exposes/account-page.tsx',
        },
        shared,
      }),
      // Absolute script URL so deep links such as /account load the page too.
      new HtmlWebpackPlugin({ template: './src/index.html', chunks: ['main'], publicPath: '/' }),
    ],
    optimization: {
      minimizer: [new TerserPlugin({ minify: TerserPlugin.swcMinify, extractComments: false })],
    },
    performance: { hints: false },
    devServer: {
      port,
      historyApiFallback: true,
      headers: { 'Access-Control-Allow-Origin': '*' },
      // Only the msw service worker lives in public/; it is never part of the production build.
      static: { directory: path.join(here, 'public') },
      client: { overlay: { warnings: false } },
    },
  };
};
