// The remotes feature's public entry: what other features may import (lint/no-feature-internals.grit).
export { RemoteSlot } from './components/remote-slot';
export { errorMessage, recordRemoteFailure } from './remote-failures';
export type { RemoteModuleLoader } from './remote-loader-context';
