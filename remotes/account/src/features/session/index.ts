// The session feature's public entry: what other features may import (lint/no-feature-internals.grit).
export { AccountMenu } from './components/account-menu';
export { sessionStore, useSession } from './session-store';
