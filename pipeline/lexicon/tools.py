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
from tripreport.streams import SUBPROCESS_ENV, LineStream, NullFlushStream

HUNSPELL_DIRS = (Path("/usr/share/hunspell"), Path("/usr/local/share/hunspell"), Path("/usr/share/myspell"))
APERTIUM_PAIR = "spa-eng"
_ENV = SUBPROCESS_ENV
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


def apertium_binaries() -> dict[str, Path]:
    """The pair's dictionaries, found through its mode files: ``automorf`` (Spanish analyser),
    ``autobil`` (bilingual), ``autogen`` (English generator), ``english`` (English analyser,
    from the other direction)."""
    program = shutil.which("apertium")
    if program is None or shutil.which("lt-proc") is None:
        return {}
    prefix = Path(program).resolve().parent.parent
    found: dict[str, Path] = {}
    for modes in (prefix / "share/apertium/modes", Path("/usr/share/apertium/modes")):
        for pair, keys in ((APERTIUM_PAIR, {}), ("eng-spa", {"automorf": "english"})):
            mode = modes / f"{pair}.mode"
            if mode.is_file():
                text = mode.read_text(encoding="utf-8")
                for path, kind in re.findall(r"'?([^'\s|]+\.(automorf|autobil|autogen)\.bin)'?", text):
                    if Path(path).is_file():
                        found.setdefault(keys.get(kind, kind) if keys else kind, Path(path))
        if found:
            break
    return found


class Analyser:
    """One of Apertium's morphological analysers, asked about whole batches of words."""

    def __init__(self, binary: Path, language: str = "Spanish") -> None:
        self.binary = binary
        self._known: dict[str, Analysis] = {}
        # -z: every word is its own null-terminated chunk, so no two join into a multiword.
        self._stream = NullFlushStream(["lt-proc", "-z", str(binary)], f"Apertium's {language} analyser")

    def analyse(self, words: Iterable[str]) -> dict[str, Analysis]:
        """The analysis of each word (one ``lt-proc`` run for the words not seen before)."""
        wanted = list(dict.fromkeys(words))
        new = [w for w in wanted if w not in self._known]
        if new:
            self._known.update(self._batch(new) if len(new) > 50 else {})
            missing = [w for w in new if w not in self._known]
            for word, chunk in zip(missing, self._stream.ask(missing), strict=True):
                self._known[word] = parse_analysis(word, chunk)
        return {w: self._known[w] for w in wanted}

    def _batch(self, words: list[str]) -> dict[str, Analysis]:
        """Many words in one chunk, each followed by a full stop (no two join into a multiword).

        Read back only if every surface lines up with its word; else nothing (asked one by one).
        """
        if any(not re.fullmatch(r"[^\W\d_]+(?: [^\W\d_]+)*", w) for w in words):
            return {}
        [answer] = self._stream.ask(["".join(f"{w} .\n" for w in words)])
        tokens = [token for token in _TOKEN.findall(answer) if not token.startswith("./")]
        if len(tokens) != len(words) or any(not t.startswith(w + "/") for t, w in zip(tokens, words, strict=True)):
            return {}
        return {w: parse_analysis(w, f"^{token}$") for w, token in zip(words, tokens, strict=True)}

    def start(self) -> None:
        self._stream.start()

    @property
    def streams(self) -> tuple[NullFlushStream, ...]:
        return (self._stream,)


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


SENTINEL = "zzqxjvzzkwq"  # no dictionary knows it: its echo ends a batch of `hunspell -l`


class Hunspell:
    """Hunspell with one or more dictionaries (a word any of them knows is known), asked about batches.

    Checking and finding lemmas go to long-lived processes (a dictionary loads in tens of
    milliseconds, which a build would otherwise pay on every question); suggesting, which
    is slow for each word, goes to one-shot processes shared out between the cores.
    """

    def __init__(self, dictionaries: list[Path]) -> None:
        # Full paths: a bare name would also be looked up in the current folder.
        self.dictionaries = dictionaries
        self.command = ["hunspell", "-i", "utf-8", "-d", ",".join(map(str, dictionaries))]
        self.name = "+".join(d.name for d in dictionaries)
        self._misspelt: dict[str, bool] = {}
        self._suggestions: dict[str, tuple[str, ...]] = {}
        self._stems: dict[str, tuple[str, ...]] = {}
        self._checker = LineStream([*self.command, "-l"], f"Hunspell {self.name}")
        self._stemmer = LineStream([*self.command, "-s"], f"Hunspell {self.name}")

    def start(self) -> None:
        """Start loading the dictionaries now, in the background."""
        if shutil.which("stdbuf"):
            self._checker.start()
            self._stemmer.start()

    @property
    def streams(self) -> tuple[LineStream, ...]:
        return (self._checker, self._stemmer)

    def misspelt(self, words: Iterable[str]) -> set[str]:
        """The words the dictionary does not know (``hunspell -l``: fast, no suggestions)."""
        wanted = list(dict.fromkeys(w for w in words if w and not w.isspace()))
        new = [w for w in wanted if w not in self._misspelt]
        if new:
            if shutil.which("stdbuf"):
                unknown = set(self._checker.exchange([*new, SENTINEL], lambda line: line == SENTINEL))
            else:
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
        wanted = list(dict.fromkeys(w for w in words if w and not w.isspace()))
        new = [w for w in wanted if w not in self._stems]
        if new:
            if shutil.which("stdbuf"):  # one answer a word, each ended by an empty line
                lines, answers = [], 0

                def done(line: str) -> bool:
                    nonlocal answers
                    answers += line == ""
                    return answers == len(new)

                lines = self._stemmer.exchange(new, done)
            else:
                lines = run([*self.command, "-s"], "\n".join(new) + "\n", f"Hunspell {self.name}").splitlines()
            found: dict[str, list[str]] = {w: [] for w in new}
            for line in lines:
                parts = line.split()
                if len(parts) == 2 and parts[0] in found:  # an infinitive is its own lemma
                    found[parts[0]].append(parts[1])
            self._stems.update({w: tuple(dict.fromkeys(s)) for w, s in found.items()})
        return {w: self._stems[w] for w in wanted}


# --- Apertium, word by word -------------------------------------------------------------------


class EnglishWords:
    """Apertium's English for single Spanish words it knows: its bilingual dictionary, then its
    English generator, as long-lived processes (a whole ``apertium`` run costs a tenth of a second)."""

    def __init__(self, bilingual: Path, generator: Path) -> None:
        self._bilingual = NullFlushStream(["lt-proc", "-z", "-b", str(bilingual)], "Apertium's bilingual dictionary")
        self._generator = NullFlushStream(["lt-proc", "-z", "-g", str(generator)], "Apertium's English generator")

    def translate(self, readings: dict[str, tuple[str, frozenset[str]]]) -> dict[str, str]:
        """English for each word, given the reading to translate (lemma and tags); words without one are left out."""
        words = list(readings)
        lexical = [
            f"^{lemma}{''.join(f'<{t}>' for t in sorted(tags, key=_tag_order))}$" for lemma, tags in readings.values()
        ]
        english_lexical = []
        for answer in self._bilingual.ask(lexical):
            target = re.search(r"(?<!\\)/([^/$]*<[^$]*)\$", answer)
            # English adjectives have no number: the generator wants none.
            english = _ADJECTIVE_NUMBER.sub("<adj>", target.group(1)) if target else ""
            english_lexical.append(f"^{english}$" if english else "")
        asked = [i for i, lex in enumerate(english_lexical) if lex]
        generated = self._generator.ask([english_lexical[i] for i in asked])
        found = {}
        for i, surface in zip(asked, generated, strict=True):
            surface = surface.strip()
            if surface and not re.search(r"[#@*<>^$]", surface):
                found[words[i]] = surface
        return found

    def start(self) -> None:
        self._bilingual.start()
        self._generator.start()

    @property
    def streams(self) -> tuple[NullFlushStream, ...]:
        return (self._bilingual, self._generator)


_ADJECTIVE_NUMBER = re.compile(r"<adj><(?:sg|pl|sp)>")
# Apertium writes tags in a set order: part of speech, then gender, then number.
_TAG_ORDER = ["n", "adj", "vblex", "adv", "m", "f", "mf", "sg", "pl", "sp"]


def _tag_order(tag: str) -> int:
    return _TAG_ORDER.index(tag) if tag in _TAG_ORDER else len(_TAG_ORDER)
