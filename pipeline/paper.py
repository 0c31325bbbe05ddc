"""The handout's paper sizes: one list for the command line, the build and the page CSS."""

from __future__ import annotations

import enum


class Paper(enum.StrEnum):
    """A4 or US Letter."""

    a4 = "a4"
    letter = "letter"

    @property
    def css_size(self) -> str:
        """The value of CSS ``@page { size }``."""
        return {"a4": "A4", "letter": "letter"}[self.value]
