"""Small reusable widgets (header, tiles, buttons)."""
