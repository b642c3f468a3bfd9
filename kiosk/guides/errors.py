"""The guide layer's errors: a `Problem` names one thing wrong in a guide, `GuideError` carries
all the problems found in one guide (or bundle).

`str(problem)` is the checker's line: `FILE:LINE: step 'ID': KEY: message` (the step part only
for problems inside a step, the key part when a key is known).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.errors import KioskError


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a guide: where (file, 1-based line, step id, key) and what."""

    file: str
    line: int
    message: str
    step: str | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.line > 0 else f"{self.file}: "
        step = f"step '{self.step}': " if self.step else ""
        key = f"{self.key}: " if self.key else ""
        return f"{where}{step}{key}{self.message}"


class GuideError(KioskError):
    """A guide or bundle that breaks docs/guide-format.md; `.problems` lists everything wrong."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid guide"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problems)" if more > 0 else ""))


class BundleError(GuideError):
    """A zipped bundle that cannot be read safely (bad names, links, too many or big files)."""
