// Exposed as `account/SignIn` (no props); route `/signin` (`?mode=signup`, `?returnTo=`).
export { SignIn as default } from '../features/session/components/sign-in';
