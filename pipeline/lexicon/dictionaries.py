"""The programs the lexicon asks about words: Apertium's Spanish analyser and Hunspell.

Each is a Debian package run as a subprocess, like Apertium itself (no Python binding
to build): ``lt-proc`` with ``apertium-eng-spa``'s Spanish analyser says whether
Apertium knows a word and what it is (a name, a noun, a verb); ``hunspell`` with
``hunspell-es`` (``es_MX`` and every other country's dictionary installed) and
``hunspell-en-us`` knows Spanish and English spelling,
suggests corrections and finds a word's lemma. Every call takes a whole batch of words,
and answers are kept per word, so a build asks each program a few times at most.
"""

from __future__ import annotations

import concurrent.futures
import functools
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tripreport.engines.apertium import stream
from tripreport.engines.apertium.engine import PAIR, PROGRAM, REVERSE_PAIR
from tripreport.streams import SUBPROCESS_ENV, LineStream, NullFlushStream, run

HUNSPELL_DIRS = (Path("/usr/share/hunspell"), Path("/usr/local/share/hunspell"), Path("/usr/share/myspell"))
_ENV = SUBPROCESS_ENV
_PLAIN_WORDS = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")  # letters, words apart: safe to batch


# --- Apertium's analyser ------------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """What Apertium's Spanish dictionary says of one word: unknown, or its readings.

    Kept as lt-proc wrote it (``^word/lemma<tag>…/…$``) and read only when asked: most
    words a build looks up are probes (a typo's neighbours) of which only ``known`` matters.
    """

    word: str
    token: str = ""  # lt-proc's answer for the word alone, without ^ and $; empty: unknown

    @property
    def known(self) -> bool:
        return bool(self.token)

    @functools.cached_property
    def readings(self) -> tuple[tuple[str, frozenset[str]], ...]:
        """``(lemma, tags)`` for each reading."""
        parsed = []
        for reading in stream.alternatives(self.token):
            parts = stream.reading_parts(reading)
            parsed.append((parts[0].lemma, frozenset(tag for part in parts for tag in part.tags)))
        return tuple(parsed)

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
    program = shutil.which(PROGRAM)
    if program is None or shutil.which("lt-proc") is None:
        return {}
    prefix = Path(program).resolve().parent.parent
    found: dict[str, Path] = {}
    for modes in (prefix / "share/apertium/modes", Path("/usr/share/apertium/modes")):
        for pair, keys in ((PAIR, {}), (REVERSE_PAIR, {"automorf": "english"})):
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

    def __init__(self, binary: Path, language: str = "Spanish", shared: NullFlushStream | None = None) -> None:
        """``shared``: the same program already running for someone else (the Apertium engine's
        first stage), asked rather than started again; its owner stops it."""
        self.binary = binary
        self._known: dict[str, Analysis] = {}
        # -z: every word is its own null-terminated chunk, so no two join into a multiword.
        self._stream = shared or NullFlushStream(["lt-proc", "-z", str(binary)], f"Apertium's {language} analyser")
        self._owned = shared is None

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
        if any(not _PLAIN_WORDS.fullmatch(w) for w in words):
            return {}
        [answer] = self._stream.ask(["".join(f"{w} .\n" for w in words)])
        tokens = [token for token in stream.units(answer) if not token.startswith("./")]
        if len(tokens) != len(words) or any(not t.startswith(w + "/") for t, w in zip(tokens, words, strict=True)):
            return {}
        return {w: analysis_of(w, token) for w, token in zip(words, tokens, strict=True)}

    def start(self) -> None:
        self._stream.start()

    @property
    def streams(self) -> tuple[NullFlushStream, ...]:
        """The programs this analyser runs (none when it shares another's)."""
        return (self._stream,) if self._owned else ()


def parse_analysis(word: str, chunk: str) -> Analysis:
    """The analysis of ``word`` from lt-proc's ``^word/lemma<tag>…/…$`` (several tokens: unknown as a whole)."""
    tokens = stream.units(chunk)
    return analysis_of(word, tokens[0]) if len(tokens) == 1 else Analysis(word)


def analysis_of(word: str, token: str) -> Analysis:
    """The analysis of ``word`` from one lt-proc token (``word/reading/…``); a ``*`` reading is unknown."""
    readings = stream.alternatives(token)
    return Analysis(word, token) if readings and readings[0] and not readings[0].startswith("*") else Analysis(word)


# --- Hunspell -------------------------------------------------------------------------------


def hunspell_dictionary(name: str) -> Path | None:
    """The path (without extension) of an installed Hunspell dictionary, e.g. ``es_MX``."""
    if shutil.which("hunspell") is None:
        return None
    for folder in HUNSPELL_DIRS:
        if (folder / f"{name}.dic").is_file() and (folder / f"{name}.aff").is_file():
            return folder / name
    return None


def spanish_dictionaries(first: str = "es_MX") -> list[Path]:
    """Every installed Spanish Hunspell dictionary (es_AR, es_CL, es_CO, es_VE…), ``first`` first:
    a word any country's dictionary knows is Spanish (Hunspell reads the others' words with the
    first's affix rules). Dictionaries that are one file under several names (Debian links every
    country's name to one) are asked once."""
    if shutil.which("hunspell") is None:
        return []
    names = [first] + sorted({p.stem for folder in HUNSPELL_DIRS if folder.is_dir() for p in folder.glob("es_*.dic")})
    found: dict[tuple[Path, Path], Path] = {}
    for name in names:
        path = hunspell_dictionary(name)
        if path is not None:
            files = (Path(f"{path}.dic").resolve(), Path(f"{path}.aff").resolve())
            found.setdefault(files, path)
    return list(found.values())


FEW_SUGGESTIONS = 8  # up to this many words, the long-lived process alone suggests (no process to start)
SENTINEL = "zzqxjvzzkwq"  # no dictionary knows it: its answer ends a batch


class Hunspell:
    """Hunspell with one or more dictionaries (a word any of them knows is known), asked about batches.

    Checking words (and, with ``lemmas``, finding their lemmas in the same answer) goes to
    one long-lived process, suggesting to another; each is started ahead when the build
    knows it will ask (a dictionary loads in tens of milliseconds, which a build would
    otherwise pay on every question). Many suggestions, slow for each word, are shared out
    between the cores.
    """

    def __init__(self, dictionaries: list[Path], lemmas: bool = False) -> None:
        # Full paths: a bare name would also be looked up in the current folder.
        self.dictionaries = dictionaries
        self.command = ["hunspell", "-i", "utf-8", "-d", ",".join(map(str, dictionaries))]
        self.name = "+".join(d.name for d in dictionaries)
        self._misspelt: dict[str, bool] = {}
        self._suggestions: dict[str, tuple[str, ...]] = {}
        self._stems: dict[str, tuple[str, ...]] = {}
        # -l writes the words it does not know; -s writes "word lemma" for each lemma of a word it
        # knows and "word" alone for one it does not, so one process answers both questions.
        # Hunspell finds no lemma for a word of a second dictionary, and -s then names it alone as
        # if unknown: lemmas come from the first dictionary, and what it does not know is asked of all.
        first = [*self.command[:-1], str(dictionaries[0])] if lemmas and len(dictionaries) > 1 else self.command
        self._look_up = [*first, "-s" if lemmas else "-l"]
        self._checker = LineStream(self._look_up, f"Hunspell {self.name}")
        self._suggester = LineStream([*self.command, "-a"], f"Hunspell {self.name}")
        self._others = LineStream([*self.command, "-l"], f"Hunspell {self.name}") if first != self.command else None

    def start(self, *, suggestions: bool = False) -> None:
        """Start loading the dictionaries now, in the background: for checking words, and for
        suggesting when the build will ask for that too."""
        if shutil.which("stdbuf"):
            self._checker.start()
            if self._others is not None:
                self._others.start()
            if suggestions:
                self._suggester.start()

    @property
    def streams(self) -> tuple[LineStream, ...]:
        return (self._checker, self._suggester, *((self._others,) if self._others else ()))

    def misspelt(self, words: Iterable[str]) -> set[str]:
        """The words the dictionary does not know (fast: no suggestions)."""
        wanted = self._ask(words)
        return {w for w in wanted if self._misspelt[w]}

    def knows(self, word: str) -> bool:
        return not self.misspelt([word])

    def stems(self, words: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The lemmas Hunspell finds for each word (``donara`` → ``donar``); none without ``lemmas``."""
        wanted = self._ask(words)
        return {w: self._stems.get(w, ()) for w in wanted}

    def _ask(self, words: Iterable[str]) -> list[str]:
        """The words, each checked (and its lemmas found) once: one exchange for the new ones.

        Hunspell may cut a word into several (``rock’n’roll``: rock, n, roll), each answered
        on its own, so answers are read up to the sentinel's, never counted. As with ``-l``, a
        word is unknown when Hunspell names it alone.
        """
        wanted = list(dict.fromkeys(w for w in words if w and not w.isspace()))
        new = [w for w in wanted if w not in self._misspelt]
        if new:
            if shutil.which("stdbuf"):
                lines = self._checker.exchange([*new, SENTINEL], lambda line: line == SENTINEL)
            else:
                lines = run(self._look_up, "\n".join(new) + "\n", f"Hunspell {self.name}").split("\n")
            unknown: set[str] = set()
            found: dict[str, list[str]] = {w: [] for w in new}
            for line in lines:
                parts = line.split()
                if len(parts) == 1:
                    unknown.add(parts[0])
                elif len(parts) == 2 and parts[0] in found:  # an infinitive is its own lemma
                    found[parts[0]].append(parts[1])
            if self._others is not None and unknown:
                unknown &= self._unknown_to_all(sorted(unknown))
            self._misspelt.update({w: w in unknown for w in new})
            self._stems.update({w: tuple(dict.fromkeys(s)) for w, s in found.items()})
        return wanted

    def _unknown_to_all(self, words: list[str]) -> set[str]:
        """Of ``words``, those no dictionary knows (-l names each, and the sentinel last)."""
        assert self._others is not None
        if shutil.which("stdbuf"):
            lines = self._others.exchange([*words, SENTINEL], lambda line: line == SENTINEL)
        else:
            lines = run([*self.command, "-l"], "\n".join(words) + "\n", f"Hunspell {self.name}").split("\n")
        return {line.strip() for line in lines if line.strip()}

    def suggestions(self, words: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Hunspell's corrections for each word, best first (empty for a word it knows).

        Suggesting is slow (tens of milliseconds a word): a few words go to the long-lived
        process, many are shared out between it and one-shot processes, one per core.
        """
        wanted = list(dict.fromkeys(words))
        new = [w for w in wanted if w not in self._suggestions]
        cores = os.cpu_count() or 1
        if len(new) <= FEW_SUGGESTIONS or cores == 1:
            self._suggestions.update(zip(new, self._suggest(new, warm=True), strict=True))
        else:
            shares = [new[i::cores] for i in range(cores)]
            with concurrent.futures.ThreadPoolExecutor(len(shares)) as pool:
                found = pool.map(self._suggest, shares, [i == 0 for i in range(len(shares))])
                for share, answers in zip(shares, found, strict=True):
                    self._suggestions.update(zip(share, answers, strict=True))
        return {w: self._suggestions[w] for w in wanted}

    def _suggest(self, words: list[str], warm: bool) -> list[tuple[str, ...]]:
        if not words:
            return []
        # Pipe mode; "^" makes every line plain text, whatever it starts with. Each line's
        # answer ends with an empty line; the first answer of a process follows its banner.
        lines = [f"^{w}" for w in words]
        if warm and shutil.which("stdbuf"):
            ended = 0

            def done(line: str) -> bool:
                nonlocal ended
                ended += line == ""
                return ended == len(words)

            output = "\n".join(self._suggester.exchange(lines, done))
        else:
            output = run([*self.command, "-a"], "".join(f"{line}\n" for line in lines), f"Hunspell {self.name}")
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
            stream.Word(lemma, (stream.Reading(lemma, tuple(sorted(tags, key=_tag_order))),)).text()
            for lemma, tags in readings.values()
        ]
        english_lexical = []
        for answer in self._bilingual.ask(lexical):
            english = english_readings(answer)
            # English adjectives have no number: the generator wants none.
            english = _ADJECTIVE_NUMBER.sub("<adj>", english)
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


def english_readings(answer: str) -> str:
    """The bilingual dictionary's English readings of one unit, from the first that is a reading
    (with tags) on: what the generator is asked; "" when there is none."""
    units = stream.units(answer)
    options = stream.alternatives(units[0]) if units else []
    first = next((i for i, option in enumerate(options) if "<" in option), None)
    return "/".join(options[first:]) if first is not None else ""


_ADJECTIVE_NUMBER = re.compile(r"<adj><(?:sg|pl|sp)>")
# Apertium writes tags in a set order: part of speech, then gender, then number.
_TAG_ORDER = ["n", "adj", "vblex", "adv", "m", "f", "mf", "sg", "pl", "sp"]


def _tag_order(tag: str) -> int:
    return _TAG_ORDER.index(tag) if tag in _TAG_ORDER else len(_TAG_ORDER)
