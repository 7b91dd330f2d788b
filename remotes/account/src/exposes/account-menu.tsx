// Exposed as `account/AccountMenu` (no props); the shell places it in the header.
export { AccountMenu as default } from '../features/session/components/account-menu';
