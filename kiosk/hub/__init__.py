"""The municipality's hub: HTTP API for kiosks, its own database, staff pages and exports."""
