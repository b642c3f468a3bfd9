"""The in-memory keyring the tests use (the same one `kiosk demo` falls back to)."""

from kiosk.sync.memory_keyring import MemoryKeyring

__all__ = ["MemoryKeyring"]
