"""The programs the lexicon asks about words: Apertium's Spanish analyser and Hunspell.

Each is a Debian package run as a subprocess, like Apertium itself (no Python binding
to build): ``lt-proc`` with ``apertium-eng-spa``'s Spanish analyser says whether
Apertium knows a word and what it is (a name, a noun, a verb); ``hunspell`` with
``hunspell-es`` (``es_MX``) and ``hunspell-en-us`` knows Spanish and English spelling,
suggests corrections and finds a word's lemma. Every call takes a whole batch of words,
and answers are kept per word, so a build asks each program a few times at most.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tripreport.errors import TripreportError

HUNSPELL_DIRS = (Path("/usr/share/hunspell"), Path("/usr/local/share/hunspell"), Path("/usr/share/myspell"))
APERTIUM_PAIR = "spa-eng"
# Subprocesses see UTF-8 whatever the user's locale; Hunspell converts to its dictionary's encoding.
_ENV = {**os.environ, "LC_ALL": "C.UTF-8"}
_TOKEN = re.compile(r"\^((?:\\.|[^$\\])*)\$")


def run(command: list[str], text: str, what: str) -> str:
    """Run ``command`` on ``text``; a missing or failing program is a one-line error."""
    try:
        result = subprocess.run(command, input=text, capture_output=True, text=True, env=_ENV, check=False)
    except OSError as err:
        raise TripreportError(f"cannot run {command[0]} ({what}): {err.strerror}") from None
    if result.returncode != 0:
        message = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise TripreportError(f"{command[0]} failed ({what}, exit {result.returncode}): {message}")
    return result.stdout


# --- Apertium's analyser ------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """What Apertium's Spanish dictionary says of one word: unknown, or its readings."""

    word: str
    readings: tuple[tuple[str, frozenset[str]], ...] = ()  # (lemma, tags) per reading

    @property
    def known(self) -> bool:
        return bool(self.readings)

    def has(self, tag: str) -> bool:
        """True if any reading carries ``tag`` (``np`` for a name, ``n`` for a noun…)."""
        return any(tag in tags for _, tags in self.readings)

    @property
    def only_name(self) -> bool:
        """Known, and only as a proper noun (López, Guadalajara)."""
        return self.known and all("np" in tags for _, tags in self.readings)


def apertium_analyser() -> Path | None:
    """Apertium's Spanish analyser (``spa-eng.automorf.bin``), found through the pair's mode file."""
    program = shutil.which("apertium")
    if program is None or shutil.which("lt-proc") is None:
        return None
    prefix = Path(program).resolve().parent.parent
    for modes in (prefix / "share/apertium/modes", Path("/usr/share/apertium/modes")):
        mode = modes / f"{APERTIUM_PAIR}.mode"
        if mode.is_file():
            found = re.search(r"lt-proc\s+(?:-\w+\s+)*'?([^'\s]+automorf\.bin)", mode.read_text(encoding="utf-8"))
            if found and Path(found.group(1)).is_file():
                return Path(found.group(1))
    return None


class SpanishAnalyser:
    """Apertium's Spanish morphological analyser, asked about whole batches of words."""

    def __init__(self, binary: Path) -> None:
        self.binary = binary
        self._known: dict[str, Analysis] = {}

    def analyse(self, words: Iterable[str]) -> dict[str, Analysis]:
        """The analysis of each word (one ``lt-proc`` run for the words not seen before)."""
        wanted = list(dict.fromkeys(words))
        new = [w for w in wanted if w not in self._known]
        if new:
            # -z: every word is its own null-terminated chunk, so no two join into a multiword.
            output = run(["lt-proc", "-z", str(self.binary)], "\0".join(new) + "\0", "Apertium's Spanish analyser")
            chunks = output.split("\0")
            for word, chunk in zip(new, chunks, strict=False):
                self._known[word] = parse_analysis(word, chunk)
            for word in new[len(chunks) :]:
                self._known[word] = Analysis(word)
        return {w: self._known[w] for w in wanted}


def parse_analysis(word: str, chunk: str) -> Analysis:
    """Readings of ``word`` from lt-proc's ``^word/lemma<tag>…/…$`` (several tokens: unknown as a whole)."""
    tokens = _TOKEN.findall(chunk)
    if len(tokens) != 1:
        return Analysis(word)
    _, *readings = re.split(r"(?<!\\)/", tokens[0])
    if not readings or readings[0].startswith("*"):
        return Analysis(word)
    parsed = []
    for reading in readings:
        lemma, _, tags = reading.partition("<")
        parsed.append((lemma, frozenset(re.findall(r"<([^>]+)>", "<" + tags))))
    return Analysis(word, tuple(parsed))


# --- Hunspell -------------------------------------------------------------------------------


def hunspell_dictionary(name: str) -> Path | None:
    """The path (without extension) of an installed Hunspell dictionary, e.g. ``es_MX``."""
    if shutil.which("hunspell") is None:
        return None
    for folder in HUNSPELL_DIRS:
        if (folder / f"{name}.dic").is_file() and (folder / f"{name}.aff").is_file():
            return folder / name
    return None


class Hunspell:
    """Hunspell with one or more dictionaries (a word any of them knows is known), asked about batches."""

    def __init__(self, dictionaries: list[Path]) -> None:
        # Full paths: a bare name would also be looked up in the current folder.
        self.dictionaries = dictionaries
        self.command = ["hunspell", "-i", "utf-8", "-d", ",".join(map(str, dictionaries))]
        self.name = "+".join(d.name for d in dictionaries)
        self._misspelt: dict[str, bool] = {}
        self._suggestions: dict[str, tuple[str, ...]] = {}
        self._stems: dict[str, tuple[str, ...]] = {}

    def misspelt(self, words: Iterable[str]) -> set[str]:
        """The words the dictionary does not know (``hunspell -l``: fast, no suggestions)."""
        wanted = list(dict.fromkeys(words))
        new = [w for w in wanted if w not in self._misspelt]
        if new:
            unknown = set(run([*self.command, "-l"], "\n".join(new) + "\n", f"Hunspell {self.name}").split("\n"))
            self._misspelt.update({w: w in unknown for w in new})
        return {w for w in wanted if self._misspelt[w]}

    def knows(self, word: str) -> bool:
        return not self.misspelt([word])

    def suggestions(self, words: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Hunspell's corrections for each word, best first (empty for a word it knows).

        Suggesting is slow (tens of milliseconds a word), so the words are shared out
        between processes, one per core.
        """
        wanted = list(dict.fromkeys(words))
        new = [w for w in wanted if w not in self._suggestions]
        if new:
            shares = [new[i :: os.cpu_count() or 1] for i in range(min(len(new), os.cpu_count() or 1))]
            with concurrent.futures.ThreadPoolExecutor(len(shares)) as pool:
                for share, found in zip(shares, pool.map(self._suggest, shares), strict=True):
                    self._suggestions.update(zip(share, found, strict=True))
        return {w: self._suggestions[w] for w in wanted}

    def _suggest(self, words: list[str]) -> list[tuple[str, ...]]:
        # Pipe mode; "^" makes every line plain text, whatever it starts with.
        output = run([*self.command, "-a"], "".join(f"^{w}\n" for w in words), f"Hunspell {self.name}")
        blocks = output.split("\n\n")
        if blocks and blocks[0].startswith("@(#)"):
            blocks[0] = blocks[0].partition("\n")[2]
        found: list[tuple[str, ...]] = []
        for block in (blocks + [""] * len(words))[: len(words)]:
            suggested: list[str] = []
            for line in block.splitlines():
                if line.startswith("&"):
                    suggested += [s.strip() for s in line.partition(":")[2].split(",") if s.strip()]
            found.append(tuple(dict.fromkeys(suggested)))
        return found

    def stems(self, words: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The lemmas Hunspell finds for each word (``donara`` → ``donar``)."""
        wanted = list(dict.fromkeys(words))
        new = [w for w in wanted if w not in self._stems]
        if new:
            output = run([*self.command, "-s"], "\n".join(new) + "\n", f"Hunspell {self.name}")
            found: dict[str, list[str]] = {w: [] for w in new}
            for line in output.splitlines():
                parts = line.split()
                if len(parts) == 2 and parts[0] in found:  # an infinitive is its own lemma
                    found[parts[0]].append(parts[1])
            self._stems.update({w: tuple(dict.fromkeys(s)) for w, s in found.items()})
        return {w: self._stems[w] for w in wanted}


# --- Apertium, word by word -------------------------------------------------------------------


def translate_words(words: list[str]) -> dict[str, str]:
    """Apertium's English for single Spanish words (a batch, one per paragraph)."""
    if not words:
        return {}
    output = run(["apertium", "-u", APERTIUM_PAIR], "\n\n".join(words) + "\n", "Apertium")
    english = [line.strip() for line in output.strip("\n").split("\n\n")]
    if len(english) != len(words):
        return {}
    # Each word is a sentence of its own, which Apertium starts with a capital.
    return {w: e[:1].lower() + e[1:] if w[:1].islower() else e for w, e in zip(words, english, strict=True)}
