// Exposed as `account/AccountPage` (no props); route `/account`.
export { AccountPage as default } from '../features/account/components/account-page';
