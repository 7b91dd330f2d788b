import { startStandalone } from '@storefront/remote-kit/standalone';
import { StandaloneApp } from './app/standalone-app';

void startStandalone({ name: 'account', app: <StandaloneApp /> });
