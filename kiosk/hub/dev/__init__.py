"""Sample data for `kiosk demo` and the tests; never used by a running hub."""
