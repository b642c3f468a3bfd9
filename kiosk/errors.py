"""The root of the kiosk's exception hierarchy.

`KioskError` is a *user* error: bad input, a broken config file, a full disk. It carries a
message that says what is wrong and what to do, and the CLI and UI show it as it is, without a
traceback. Each layer subclasses it (ConfigError, StoreError, GuideError, ...). Anything that is
not a KioskError is a bug.
"""

from __future__ import annotations


class KioskError(Exception):
    """A problem the user can fix; str(error) is the one-line message to show."""


class ConfigError(KioskError):
    """The configuration file or an environment override is wrong."""
