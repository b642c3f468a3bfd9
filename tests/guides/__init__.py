"""Tests of kiosk.guides: loading, checking, bundles, catalog, CLI."""
