import { createRemoteConfig } from '@storefront/remote-kit/webpack';

/** Webpack config for the account remote (`--mode development` or `--mode production`). */
export default createRemoteConfig({
  name: 'account',
  dir: import.meta.dirname,
  port: 3003,
  exposes: {
    './AccountMenu': './src/exposes/account-menu.tsx',
    './SignIn': './src/exposes/sign-in.tsx',
    './AccountPage': './src/exposes/account-page.tsx',
  },
  standalone: true,
});
