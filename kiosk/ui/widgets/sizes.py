"""Sizes every kiosk widget keeps, whatever the theme: the smallest touch target.

The theme (kiosk.ui.shell.theme) builds its style sheet from them; widgets below the shell read
them here, so they never import the shell. `kiosk.ui.a11y` audits the same minimum on its own.
"""

from __future__ import annotations

#: The smallest width and height, in pixels, of anything a finger presses (WCAG 2.5.8 asks 24).
MIN_TARGET_PX = 48
