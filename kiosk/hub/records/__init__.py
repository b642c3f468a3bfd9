"""Records from the kiosks: the sync API, intake, statistics, dashboard, exports, retention."""
