// The async boundary: shared modules (React, the router contract) are negotiated before bootstrap runs.
import('./bootstrap');
