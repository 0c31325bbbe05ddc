"""What is known of a printed edition and of each part of its last print."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Anchor:
    """Where an ``id`` landed: a page of its part and a point on it, in PDF points."""

    page: int
    x: float
    y: float


@dataclass(frozen=True)
class CrossLink:
    """An internal link to an anchor in another part, which the merge adds back."""

    page: int
    target: str
    rect: tuple[float, float, float, float]


@dataclass
class PrintedPart:
    """What the print cache knows of one part of the last print."""

    key: str  # the part's HTML
    printed: str  # the part's HTML and the page numbers printed on it
    pages: int
    anchors: dict[str, Anchor] = field(default_factory=dict)
    links: list[CrossLink] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict) -> PrintedPart:
        return cls(
            data["key"],
            data["printed"],
            int(data["pages"]),
            {name: Anchor(*where) for name, where in data["anchors"].items()},
            [CrossLink(page, target, tuple(rect)) for page, target, rect in data["links"]],
        )

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "printed": self.printed,
            "pages": self.pages,
            "anchors": {name: [a.page, a.x, a.y] for name, a in self.anchors.items()},
            "links": [[link.page, link.target, list(link.rect)] for link in self.links],
        }


@dataclass(frozen=True)
class Printed:
    """A printed edition and how much of it was laid out to print it."""

    pdf: bytes
    parts: int
    laid_out: int  # parts laid out again; equal to ``parts`` for a whole layout

    @property
    def summary(self) -> str:
        if self.laid_out == self.parts:
            return "laid out whole"
        if self.laid_out == 0:
            return "taken from the print cache"
        return f"{self.laid_out} of {self.parts} parts laid out again"
