// Entry of the monolith build (`npm run build:monolith -w bench`, for `npm run bench` only): no async boundary,
// as there is nothing to share at run time. The shell's styles first, as in the federated build.
import '../../shell/src/frame.css';
import '../../shell/src/styles.css';
import { mountShell } from '../../shell/src/app/mount-shell';
import { REMOTE_MODULES } from './remote-modules';
import { monolithServices } from './static-services';

mountShell(monolithServices(REMOTE_MODULES));
