"""Pure-Python core of the kiosk: guides and their runs, validators, QR payloads, sessions.

No Qt, no SQLAlchemy, no HTTP here (an import-linter contract in pyproject.toml enforces it).
"""
