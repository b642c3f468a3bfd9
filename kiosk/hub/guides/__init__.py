"""The guide repository (issue #7): TUF metadata and bundles, and admin API tokens."""
