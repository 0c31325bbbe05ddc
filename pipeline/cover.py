"""The cover of each edition: title, event, dates and author, in the edition's language.

The Spanish cover is the front matter as written. The English one takes ``title_en``,
``event_en``, ``dates_en`` and ``author_en`` (several authors joined in English) when the
front matter gives them; otherwise the title, subtitle, event and description as translated
(they are units of the document, so the PO file can correct them) and the dates with their
Spanish month and day names put in English. A title or event the
author already wrote in English ("KubeCon 2017 trip notes") stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from tripreport.document import Document, with_translations
from tripreport.lexicon import WORD, Lexicon

MONTHS = {
    "enero": "January", "febrero": "February", "marzo": "March", "abril": "April", "mayo": "May",
    "junio": "June", "julio": "July", "agosto": "August", "septiembre": "September", "setiembre": "September",
    "octubre": "October", "noviembre": "November", "diciembre": "December",
    "ene": "Jan", "feb": "Feb", "mar": "Mar", "abr": "Apr", "may": "May", "jun": "Jun", "jul": "Jul",
    "ago": "Aug", "sep": "Sep", "sept": "Sept", "set": "Sep", "oct": "Oct", "nov": "Nov", "dic": "Dec",
}  # fmt: skip
DAYS = {
    "lunes": "Monday", "martes": "Tuesday", "miércoles": "Wednesday", "miercoles": "Wednesday",
    "jueves": "Thursday", "viernes": "Friday", "sábado": "Saturday", "sabado": "Saturday", "domingo": "Sunday",
}  # fmt: skip
CONNECTORS = {"al": "to", "y": "and", "a": "to"}  # "5 al 8 de diciembre": 5 to 8 December

_NAME = re.compile(r"(?<!\w)(" + "|".join(sorted({*MONTHS, *DAYS}, key=len, reverse=True)) + r")\.?(?!\w)", re.I)
_DE = re.compile(r"(?<=\d)\s+de(?:l)?\s+(?=[^\W\d])|(?<=[^\W\d])\s+de(?:l)?\s+(?=\d)", re.I)  # 5 de dic de 2017
_CONNECTOR = re.compile(r"(?<=[^\W_])\s+(al|y|a)\s+(?=\d)", re.I)  # 30 de nov al 2 de dic
_LEADING_DE = re.compile(r"^\s*del?\s+(?=\d)", re.I)  # del 30 de noviembre…


def english_dates(dates: str) -> str:
    """Spanish dates in English: ``5–6 septiembre 2024`` → ``5–6 September 2024``,
    ``lunes 4 al 8 de diciembre de 2017`` → ``Monday 4 to 8 December 2017``. Digits and
    punctuation stay as written; text that is not a date name is left alone."""
    text = _NAME.sub(lambda m: MONTHS.get(m.group(1).lower()) or DAYS[m.group(1).lower()], dates)
    text = _CONNECTOR.sub(lambda m: f" {CONNECTORS[m.group(1).lower()]} ", text)
    return _LEADING_DE.sub("", _DE.sub(" ", text))


@dataclass(frozen=True)
class Cover:
    """What a cover shows, in one language."""

    title: str
    event: str = ""
    dates: str = ""
    author: str = ""
    subtitle: str = ""
    description: str = ""


def cover_of(doc: Document) -> Cover:
    """The cover of ``doc``'s edition: the front matter's for Spanish, English for a translation."""
    meta = doc.meta
    if doc.lang == "es":
        return Cover(meta.title, meta.event, meta.dates, meta.author, meta.subtitle, meta.description)
    return Cover(
        title=meta.title_en or doc.cover_text("title") or meta.title,
        event=meta.event_en or doc.cover_text("event") or meta.event,
        dates=meta.dates_en or english_dates(meta.dates),
        author=meta.author_en or meta.author,
        subtitle=doc.cover_text("subtitle") or meta.subtitle,
        description=doc.cover_text("description") or meta.description,
    )


def keep_english_fields(
    spanish: Document, english: Document, lexicon: Lexicon | None, reviewed: Collection[int] = ()
) -> Document:
    """``english`` with the cover fields that the notes give in English as written, not translated
    (unless a person's English for them is in the PO file: units at positions ``reviewed``)."""
    units = [unit.pieces for unit in english.units]
    changed = False
    for position, unit in enumerate(spanish.units):
        if unit.index >= spanish.cover:
            break
        if position not in reviewed and reads_english(unit.text, lexicon):
            units[position], changed = unit.pieces, True
    return with_translations(english, units, english.lang) if changed else english


def reads_english(text: str, lexicon: Lexicon | None) -> bool:
    """True when no word of ``text`` is Spanish and some are English (or names): "KubeCon 2017
    trip notes", "North America"; not "Viaje a la KubeCon" nor "Notas de viaje"."""
    if lexicon is None:
        return False
    words = [m.group() for m in WORD.finditer(text)]
    if not words or lexicon.spanish_words([(w, i == 0) for i, w in enumerate(words)]):
        return False
    return all(lexicon.is_english(w) or w[:1].isupper() for w in words)
