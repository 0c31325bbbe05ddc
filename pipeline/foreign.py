"""What is not Spanish, kept as written: tokens whose shape or name says so.

Channels and hashtags (``#Sevilla``), handles (``@ana_garcia``), e-mail addresses, paths
(``~/.bashrc``, ``/etc/hosts``), version strings (``v1.2.3``, ``1.0.0-beta``, ``1.28.x``),
dotted abbreviations in lower case (``a.k.a.``, ``e.g.``), a capital and a sharp (``C#``),
and the English abbreviations and markers listed in ``foreign.txt`` (``TODO:``, ``FYI``,
``TL;DR``, ``btw``) become protected pieces, like URLs: no glossary, mending or engine ever
reads them as Spanish words (``#Sevilla`` is a channel's name, not the city's). Each is
decided by the token alone, never by the sentence around it. :data:`SHAPES` and
:func:`listed` are the patterns :mod:`tripreport.pieces` protects prose with.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

SHAPES: tuple[re.Pattern[str], ...] = (
    # A handle: @ana_garcia, @maria-lopez (not the @ of an e-mail address, taken before).
    re.compile(r"(?<![\w@.+-])@\w(?:[\w-]*\w)?"),
    # A channel or hashtag with a letter in it (#Sevilla, #100DaysOfCode; not #1, not C#).
    re.compile(r"(?<![\w#&])#(?=[\w-]*[^\W\d_])\w(?:[\w-]*\w)?"),
    # A capital and a sharp: C#, F#.
    re.compile(r"(?<![\w#])[A-Z]#(?![\w#])"),
    # Versions: v2, v1.2.3, v3.0.0-alpha.2; 1.0.0-beta, 5.0-rc1, 1.28.x (a plain 3.11 is a number).
    re.compile(r"(?<![\w.])v\d+(?:\.\d+)*(?:-[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)?(?![\w-])"),
    re.compile(r"(?<![\w.])\d+(?:\.\d+)+(?:\.x|-[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*)(?![\w-])"),
    # A path from home or here (~/.bashrc, ./run.sh), or of two names from the root (/etc/hosts);
    # not y/o, 1/2, nor a word between slashes (/así/, as some write emphasis).
    re.compile(r"(?<![\w/~.])(?:(?:~|\.{1,2})/[\w.-]*\w|/[\w.-]+/[\w.-]*\w)(?:/[\w.-]*\w)*"),
    # Single lower-case letters with dots: a.k.a., e.g., i.e. (not p.ej., not EE.UU.).
    re.compile(r"(?<![\w.])[a-z](?:\.[a-z])+\.?(?!\w)"),
)
# An e-mail address, taken before the domains and file names it holds (linkify makes most of
# them links; this keeps the rest).
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]*\w@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")


@functools.lru_cache(maxsize=1)
def listed() -> re.Pattern[str]:
    """The entries of ``foreign.txt`` as one pattern, each a whole token, in the case it says."""
    text = (resources.files("tripreport") / "foreign.txt").read_text(encoding="utf-8")
    entries = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    forms = set()
    for entry in entries:
        forms.add(entry)
        if entry == entry.lower():  # btw, Btw, BTW
            forms |= {entry.capitalize(), entry.upper()}
    # Longest first, so "w/o" wins over "w/"; an entry ending in a letter or digit ends a word.
    alternatives = "|".join(re.escape(f) + (r"(?!\w)" if f[-1].isalnum() else "") for f in sorted(forms, key=len)[::-1])
    return re.compile(rf"(?<![\w#@/.])(?:{alternatives})(?![\w/])")
