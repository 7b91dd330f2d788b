// The registry feature's public entry: what other features may import (lint/no-feature-internals.grit).
export { REMOTE_NAMES, type Registry, RegistryError, type RemoteName } from './registry';
export { useRegistry } from './registry-context';
