"""Word forms both languages need: Spanish -ar endings by the English form each takes,
the English forms of a verb, and an English noun's plural.

The glossary expands its ``verbs`` entries with these (``deployar`` → ``deployamos``,
``deployó``…), and the lexicon reads unknown Spanglish and cognate verbs with them
(``pusheamos`` → push, ``donara`` → donated).
"""

from __future__ import annotations

import re
from typing import Literal

EnglishForm = Literal["base", "third", "past", "gerund", "object"]

# Endings of a regular Spanish -ar verb, by the English form each one takes.
# "deployar" → stem "deploy"; "buildear" → stem "builde" (so "buildeen", "buildeó").
AR_ENDINGS: dict[EnglishForm, tuple[str, ...]] = {
    "base": ("ar", "o", "as", "amos", "an", "e", "es", "en", "emos"),
    "third": ("a",),
    "past": (
        "é",
        "aste",
        "ó",
        "aron",
        "aba",
        "abas",
        "ábamos",
        "aban",
        "ado",
        "ada",
        "ados",
        "adas",
        "ara",
        "aras",
        "áramos",
        "aran",
        "ase",
        "ases",
        "asen",
    ),  # fmt: skip
    "gerund": ("ando",),
    "object": ("arlo", "arla", "arlos", "arlas"),
}
# ("amos" is present and preterite alike; it is read as the present.)
FORM_OF_ENDING: dict[str, EnglishForm] = {
    ending: form for form in ("past", "third", "gerund", "object", "base") for ending in AR_ENDINGS[form]
}

# The irregular pasts a Spanglish verb is likely to need; others are regular.
IRREGULAR_PAST = {
    "build": "built", "rebuild": "rebuilt", "run": "ran", "rerun": "reran", "make": "made", "get": "got",
    "set": "set", "reset": "reset", "put": "put", "write": "wrote", "rewrite": "rewrote", "read": "read",
    "send": "sent", "spend": "spent", "hold": "held", "break": "broke", "buy": "bought", "bring": "brought",
    "catch": "caught", "choose": "chose", "do": "did", "draw": "drew", "drive": "drove", "feel": "felt",
    "find": "found", "fly": "flew", "forget": "forgot", "give": "gave", "go": "went", "grow": "grew",
    "have": "had", "hear": "heard", "hide": "hid", "hit": "hit", "keep": "kept", "know": "knew", "lead": "led",
    "leave": "left", "let": "let", "lose": "lost", "mean": "meant", "meet": "met", "pay": "paid", "quit": "quit",
    "say": "said", "see": "saw", "sell": "sold", "shoot": "shot", "shut": "shut", "sit": "sat", "speak": "spoke",
    "split": "split", "spin": "spun", "stand": "stood", "stick": "stuck", "take": "took", "teach": "taught",
    "tell": "told", "think": "thought", "throw": "threw", "understand": "understood", "win": "won",
}  # fmt: skip


def ar_forms(infinitive: str) -> dict[str, EnglishForm]:
    """Every form of a regular -ar verb, with the English form each takes.

    Spelling follows the sound before e: ``platicar`` → ``platiqué``, ``apagar`` → ``apagué``,
    ``refactorizar`` → ``refactoricé``.
    """
    stem = infinitive[:-2]
    forms: dict[str, EnglishForm] = {}
    for form in ("base", "third", "past", "gerund", "object"):
        for ending in AR_ENDINGS[form]:
            forms.setdefault(ar_stem(stem, ending) + ending, form)
    return forms


def ar_stem(stem: str, ending: str) -> str:
    """The stem as written before ``ending`` (c → qu, g → gu, z → c before e)."""
    if ending[:1] in ("e", "é"):
        for before, after in (("c", "qu"), ("g", "gu"), ("z", "c")):
            if stem.endswith(before):
                return stem[: -len(before)] + after
    return stem


def spanish_ar_form(word: str, stem: str) -> EnglishForm | None:
    """Which English form ``word`` takes, if it is ``stem`` plus an -ar verb ending."""
    if not word.lower().startswith(stem.lower()):
        return None
    return FORM_OF_ENDING.get(word[len(stem) :].lower())


def english_forms(base: str, past: str | None = None, gerund: str | None = None) -> dict[EnglishForm, str]:
    """Base, third person, past, gerund and with-object forms of an English verb.

    A phrasal verb inflects its first word: *turn off*, *turns off*, *turned off*.
    """
    if " " in base:
        head, rest = base.split(" ", 1)
        forms = english_forms(
            head, past.split(" ", 1)[0] if past else None, gerund.split(" ", 1)[0] if gerund else None
        )
        inflected: dict[EnglishForm, str] = {form: f"{word} {rest}" for form, word in forms.items() if form != "object"}
        return {**inflected, "object": f"{head} it {rest}"}

    def double(word: str) -> bool:  # tag → tagged, log → logging
        return bool(re.fullmatch(r".*[^aeiou][aeiou][bdglmnprt]", word)) and len(word) <= 4

    stem = base[:-1] if base.endswith("e") and not base.endswith("ee") else base + base[-1] if double(base) else base
    if re.search(r"(s|sh|ch|x|z)$", base):
        third = base + "es"
    elif re.search(r"[^aeiou]y$", base):
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    if past is None:
        if base in IRREGULAR_PAST:
            past = IRREGULAR_PAST[base]
        elif base.endswith("e"):
            past = base + "d"
        elif re.search(r"[^aeiou]y$", base):
            past = base[:-1] + "ied"
        else:
            past = stem + "ed"
    return {
        "base": base,
        "third": third,
        "past": past,
        "gerund": gerund or stem + "ing",
        "object": base + " it",
    }


def pluralize(word: str) -> str:
    """The English plural of a regular noun (host → hosts, cache → caches, policy → policies)."""
    if re.search(r"(s|sh|ch|x|z)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"
