// `@storefront/remote-kit/standalone`: what a remote's standalone page (`npm run dev`, msw mocks) is made of.
// Only `src/bootstrap.tsx` imports it, never an exposed module.
export { StandaloneLayout, type StandaloneLayoutProps } from './standalone-layout';
export { type StandaloneOptions, startStandalone } from './start-standalone';
