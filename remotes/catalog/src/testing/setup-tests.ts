import { setupMockServer } from '@storefront/remote-kit/testing';
import { server } from './server';

setupMockServer(server);
