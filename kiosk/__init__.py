"""The kiosk: software for public computer rooms and digital help points, and its hub.

Nothing here opens files, databases or windows at import time; `kiosk.app` wires the
kiosk's objects, `kiosk.cli` is the `kiosk` command.
"""

__version__ = "0.1.0"
