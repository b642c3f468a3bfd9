"""One widget per guide step type (GUIDE_FORMAT.md)."""
