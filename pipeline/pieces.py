"""A unit's text as pieces: prose strings and the protected spans no engine may touch.

An inline token's children become pieces (:func:`pieces_of`): prose with its URLs, numbers,
emoji, file names and what is not Spanish (:mod:`tripreport.foreign`) protected
(:func:`protect_prose`), inline markup, code spans and raw HTML kept as the tokens they were,
and a soft break as a newline in the prose; :func:`children_of` turns translated pieces back
into tokens.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Literal

from markdown_it.token import Token

from tripreport import foreign, rawhtml

# What a protected piece is: from the Markdown (markup; code: code spans, raw HTML, file
# names; image, url, domain, emoji, emoticon, number; foreign: not Spanish, by its shape or
# name; template: a site generator's tag, see tripreport.sitetags), from the glossary (keep:
# written as it is; term: given English), or literal: notes text that looks like an engine
# placeholder, kept as written.
PieceKind = Literal[
    "markup", "code", "image", "url", "domain", "emoji", "emoticon", "number", "foreign", "template",
    "keep", "term", "literal",
]  # fmt: skip


@dataclass(frozen=True)
class Protected:
    """A span the engine must not translate, and what it becomes in the translation.

    ``tokens`` holds inline Markdown tokens restored as they were (markup, code spans,
    autolinks); without tokens the piece is text and ``target`` is written out.
    """

    kind: PieceKind
    source: str = ""
    target: str = ""
    tokens: tuple[Token, ...] = field(default=(), compare=False)

    @property
    def opens(self) -> bool:
        """True for an opening markup token (``**``, ``[``, ``<a href>``), which hugs the text after it."""
        return bool(self.tokens) and sum(map(nesting, self.tokens)) > 0

    @property
    def closes(self) -> bool:
        """True for a closing markup token, or a footnote mark (``nota[^1]``): they hug the text before them.

        A piece that opens and closes (a linked URL) stands apart like a word."""
        if not self.tokens:
            return False
        return sum(map(nesting, self.tokens)) < 0 or self.tokens[-1].type == "footnote_ref"


def nesting(token: Token) -> int:
    """A token's nesting, an HTML tag's included (markdown-it gives every ``html_inline`` 0)."""
    return rawhtml.nesting(token.content) if token.type == "html_inline" else token.nesting


Piece = str | Protected


def text_of(pieces: list[Piece]) -> str:
    return "".join(p if isinstance(p, str) else p.target or p.source for p in pieces)


# --- inline tokens <-> pieces -------------------------------------------------------

APPROXIMATIONS = "~≈±+<>≤≥x×"
NUMBER_VALUE = re.compile(r"\d+(?:[.,:]\d+)*")  # a number piece's digits, as an engine may read them
_TLDS = "com|org|net|io|dev|ai|co|mx|es|md|app|cloud|sh|me|info|edu|gov|ly|js|py|tech|us|uk"
PROSE_PROTECTIONS: tuple[tuple[PieceKind, re.Pattern[str]], ...] = (
    ("url", re.compile(r"\b(?:https?|ftp)://[^\s<>()]*[^\s<>().,;:!?'\"]")),
    ("foreign", foreign.EMAIL),
    (
        "domain",
        re.compile(
            rf"(?<![\w@/.-])(?:[a-z0-9][a-z0-9-]*\.)+(?:{_TLDS})(?![\w-])"
            r"(?:/[^\s()<>]*[^\s()<>.,;:!?'\"])?",
            re.IGNORECASE,
        ),
    ),
    (
        # A file name or a wildcard (config.yaml, *.yaml, app*.log): machinery, not prose. An
        # engine would end a sentence at its dot ("*.yaml Go in…").
        "code",
        re.compile(
            r"(?<![\w*?./~\\-])"
            r"(?=[\w*?/~-]*[A-Za-z*?])"  # a letter or a wildcard in the name: not a number
            r"(?:[\w/~-]*[*?][\w*?/~-]*|[\w*?/~-]{2,})"  # a wildcard, or two characters at least (not p.ej)
            r"(?:\.(?=[a-z0-9]*[a-z])[a-z0-9]{1,4})+"  # lower-case extensions with a letter: .yaml, .7z, .tar.gz
            r"(?![\w*?/-]|\.\w)"
        ),
    ),
    # Words joined by asterisks (7*7, f*ck): one piece, so nothing reorders their parts.
    ("code", re.compile(r"(?<![\w*])\w+(?:\*+\w+)+(?![\w*])")),
    ("emoji", re.compile(r":[a-z0-9_+-]+:")),
    ("emoticon", re.compile(r"(?<!\S)(?:<3|:-?\)|:-?\(|:-?[PpD]|;-?\)|XD)(?=[\s).,!?]|$)")),
    *(("foreign", shape) for shape in foreign.SHAPES),
    ("foreign", foreign.listed()),
    # A number, with its approximation or comparison (~20, +300, <5, ≈3, x2) and a unit (5ms, 4K).
    (
        "number",
        re.compile(
            rf"(?:(?<![\w.])[{APPROXIMATIONS}](?=\d)|(?<![\w.])){NUMBER_VALUE.pattern}(?:[A-Za-z]{{1,2}})?(?!\w)"
        ),
    ),
)


def protect_prose(text: str) -> list[Piece]:
    """Split prose into text and the spans no engine should touch (URLs, numbers…)."""
    spans: list[tuple[int, int, PieceKind]] = []
    for kind, pattern in PROSE_PROTECTIONS:
        for match in pattern.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), kind))
    pieces: list[Piece] = []
    pos = 0
    for start, end, kind in sorted(spans):
        pieces.append(text[pos:start])
        pieces.append(Protected(kind, source=text[start:end], target=text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return merge_text(pieces)


def pieces_of(children: list[Token]) -> list[Piece]:
    """Turn an inline token's children into prose and protected pieces."""
    pieces: list[Piece] = []
    i = 0
    while i < len(children):
        token = children[i]
        if token.type == "text":
            pieces.extend(protect_prose(token.content))
        elif token.type == "softbreak":
            pieces.append("\n")  # whitespace to every stage; kept where it ends a sentence
        elif token.type == "link_open" and token.markup in ("autolink", "linkify"):
            end = next(j for j in range(i, len(children)) if children[j].type == "link_close")
            shown = "".join(t.content for t in children[i + 1 : end])
            pieces.append(Protected("url", shown, shown, tuple(children[i : end + 1])))
            i = end
        elif token.type == "template":  # a site generator's tag (tripreport.sitetags)
            pieces.append(Protected("template", token.content, token.content, (token,)))
        elif token.type == "image":  # its alt text is a unit of its own
            pieces.append(Protected("image", token.content, token.content, (token,)))
        elif token.type == "html_inline" and rawhtml.hides_text(token.content):
            closing = rawhtml.matching_close(children, i)  # a <script> or <code>: its text is no prose
            end = i if closing is None else closing
            taken = children[i : end + 1]
            shown = "".join(t.content for t in taken)
            pieces.append(Protected("code", shown, shown, tuple(taken)))
            i = end
        elif token.type in ("code_inline", "html_inline", "hardbreak"):
            pieces.append(Protected("code", token.content, token.content, (token,)))
        else:  # emphasis, strong, link open/close
            pieces.append(Protected("markup", tokens=(token,)))
        i += 1
    return merge_text(pieces)


def children_of(pieces: list[Piece]) -> list[Token]:
    """Inline tokens for a list of pieces (the inverse of :func:`pieces_of`)."""
    children: list[Token] = []
    for piece in merge_text(list(pieces)):
        if isinstance(piece, str):
            text = piece
        elif piece.tokens:
            children.extend(copy.deepcopy(list(piece.tokens)))
            continue
        else:
            text = piece.target
        for n, line in enumerate(text.split("\n")):
            if n:
                children.append(Token("softbreak", "br", 0))
            if not line:
                continue
            if children and children[-1].type == "text":
                children[-1].content += line
            else:
                children.append(Token("text", "", 0, content=line))
    return children


def merge_text(pieces: list[Piece]) -> list[Piece]:
    """Join neighbouring strings and drop empty ones."""
    merged: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str):
            if not piece:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] += piece
                continue
        merged.append(piece)
    return merged
