"""The report's fonts and the emoji they can print: local files only, on screen and on paper.

DejaVu covers Spanish and the symbols the notes use (❤); the editions declare each face
with ``@font-face`` pointing at the file on this machine, so WeasyPrint embeds it and a
browser draws the same glyphs. Emoji shortcodes become an emoji only where DejaVu draws it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts")
# family -> (file, weight, style); DejaVu covers Spanish and the symbols the notes use (❤).
FONT_FILES = {
    "Report Serif": [
        ("DejaVuSerif.ttf", 400, "normal"),
        ("DejaVuSerif-Bold.ttf", 700, "normal"),
        ("DejaVuSerif-Italic.ttf", 400, "italic"),
        ("DejaVuSerif-BoldItalic.ttf", 700, "italic"),
    ],
    "Report Sans": [
        ("DejaVuSans.ttf", 400, "normal"),
        ("DejaVuSans-Bold.ttf", 700, "normal"),
        ("DejaVuSans-Oblique.ttf", 400, "italic"),
        ("DejaVuSans-BoldOblique.ttf", 700, "italic"),
    ],
    "Report Mono": [("DejaVuSansMono.ttf", 400, "normal"), ("DejaVuSansMono-Bold.ttf", 700, "normal")],
}
# GitHub's shortcodes whose emoji the report's font (DejaVu Sans) draws, on screen and on paper;
# any other shortcode stays as typed rather than print as an empty box.
EMOJI = {
    "heart": "❤", "hearts": "♥", "star": "★", "sparkle": "❇", "zap": "⚡", "sunny": "☀", "cloud": "☁",
    "umbrella": "☔", "snowflake": "❄", "coffee": "☕", "airplane": "✈", "email": "✉", "pencil2": "✏",
    "scissors": "✂", "gear": "⚙", "recycle": "♻", "warning": "⚠", "heavy_check_mark": "✔", "check": "✔",
    "x": "✖", "v": "✌", "point_right": "☞", "relaxed": "☺", "frowning_face": "☹", "smile": "😄",
    "smiley": "😃", "grinning": "😀", "grin": "😁", "laughing": "😆", "joy": "😂", "sweat_smile": "😅",
    "wink": "😉", "blush": "😊", "innocent": "😇", "heart_eyes": "😍", "sunglasses": "😎",
    "stuck_out_tongue": "😛", "neutral_face": "😐", "expressionless": "😑", "unamused": "😒",
    "confused": "😕", "disappointed": "😞", "cry": "😢", "sob": "😭", "open_mouth": "😮", "scream": "😱",
    "rage": "😡",
}  # fmt: skip
SHORTCODE = re.compile(r":([a-z0-9_+-]+):")


@dataclass(frozen=True)
class FontFace:
    """One ``@font-face``: a family, a weight and style, and the local file."""

    family: str
    weight: int
    style: str
    url: str


def with_emoji(text: str) -> str:
    """``text`` with the shortcodes of emoji the font draws (``:heart:``) as the emoji; others as typed."""
    return SHORTCODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)


@functools.lru_cache(maxsize=1)
def font_faces() -> tuple[FontFace, ...]:
    """The report's fonts as local files, for ``@font-face``; missing files are skipped."""
    found: dict[str, Path] = {}
    wanted = {name for faces in FONT_FILES.values() for name, _, _ in faces}
    for folder in FONT_DIRS:
        if folder.is_dir():
            for path in folder.rglob("DejaVu*.ttf"):
                if path.name in wanted:
                    found.setdefault(path.name, path)
    return tuple(
        FontFace(family, weight, style, found[name].as_uri())
        for family, faces in FONT_FILES.items()
        for name, weight, style in faces
        if name in found
    )
