// The async boundary: shared modules (React, react-router) are negotiated before bootstrap runs.
import('./bootstrap');
