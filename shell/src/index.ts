import { startPageEarlyData } from './features/early-data/start-early-data';

// Before anything else loads: the data the route's remotes will ask for first (decision 017).
startPageEarlyData();
// The async boundary: shared modules (React, the router contract) are negotiated before bootstrap runs.
import('./bootstrap');
