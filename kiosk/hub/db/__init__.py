"""The hub's database: engine and sessions, the models several features share, migrations."""
