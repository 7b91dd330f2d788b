// `@storefront/remote-kit/testing`: helpers for the remotes' component tests. Test-only: never import it from a
// remote's `src` outside tests (it would pull Testing Library and vitest into the bundle).
export { renderWithRouter } from './render-with-router';
export { setupMockServer } from './setup-mock-server';
