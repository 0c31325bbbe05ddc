"""Apertium, the rule-based engine: Debian's ``apertium`` with ``apertium-eng-spa``.

The engine keeps one Apertium pipeline running in null-flush mode, as apertium-apy does:
the pair's mode file (``spa-eng.mode``, with ``-z`` on every program, from
``apertium-wblank-mode``) started once, then each segment is a write and a read of a
NUL-ended chunk: a few milliseconds instead of a pipeline start per batch. Its first
stage, the Spanish analyser, runs as a program of its own, which the lexicon asks too. Text goes in
Apertium's stream format, its reserved characters escaped. Where the mode file cannot be
used, a batch goes through one ``apertium spa-eng`` process, segments separated by blank
lines. Apertium runs with its marks of untranslated words off (``apertium -u``: no ``*word``,
``@word`` or ``#word``): the lexicon stage finds those words before translating, and marks
could not be told from the notes' own asterisks (``7*7``, ``f*ck``) once they were in the English.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tripreport.engines import EngineStatus, PlaceholderFormat
from tripreport.errors import TripreportError
from tripreport.streams import NullFlushStream, close_all

PAIR = "spa-eng"
INSTALL_HINT = "install it with: sudo apt-get install apertium apertium-eng-spa"
SEPARATOR = "\n\n"


# Lower-case, unknown to the dictionaries: Apertium copies it through untouched.
PLACEHOLDER = PlaceholderFormat("zk{}z")


class ApertiumEngine:
    """Translate through the ``apertium`` command."""

    name = "apertium"
    placeholder = PLACEHOLDER
    rule_based = True
    can_degenerate = False
    repairs_unknown_words = True

    def __init__(self, version: str, pipeline: Pipeline | None = None) -> None:
        self.version = version
        self.memory_key = f"apertium {version} unmarked"  # English remembered with marks stripped is not reused
        self._stream = NullFlushStream(pipeline.rest, "the Apertium pipeline") if pipeline else None
        # The first stage on its own, so the lexicon asks the same program about words
        # rather than loading the Spanish dictionary a second time.
        self.analyser: SharedAnalyser | None = None
        if pipeline is not None and pipeline.analyser is not None:
            stream = NullFlushStream(["lt-proc", "-z", str(pipeline.analyser)], "Apertium's Spanish analyser")
            self.analyser = SharedAnalyser(pipeline.analyser, stream)

    def start(self) -> None:
        """Start the pipeline now: it loads its dictionaries while the build does other work."""
        for stream in self._streams():
            stream.start()

    def translate_batch(self, segments: Sequence[str]) -> list[str]:
        if not segments:
            return []
        flat = [" ".join(s.split()) for s in segments]  # a newline would split a segment
        if self._stream is not None:
            chunks = [escape(s) for s in flat]
            if self.analyser is not None:
                chunks = self.analyser.stream.ask(chunks)
            translated = [unescape(out).strip() for out in self._stream.ask(chunks)]
        else:
            translated = run_apertium(SEPARATOR.join(flat)).strip("\n").split(SEPARATOR)
            if len(translated) != len(flat):  # alignment lost: pay for one call per segment
                translated = [run_apertium(s).strip("\n") for s in flat]
        return [self._recase_after_copied_words(src, out.strip()) for src, out in zip(flat, translated, strict=True)]

    def close(self) -> None:
        """Stop the pipeline (a build's end; ``serve`` keeps it for the next build)."""
        close_all(self._streams())

    def _streams(self) -> list[NullFlushStream]:
        return [s for s in (self.analyser.stream if self.analyser else None, self._stream) if s is not None]

    def _recase_after_copied_words(self, source: str, target: str) -> str:
        """Undo Apertium's capital on the first word it translates after copied ones.

        Apertium capitalises the first word it translates in a sentence even when
        untranslated words come before it: ``zk1z es`` gives ``zk1z Is``.
        """
        copied = set(source.split())
        words = target.split(" ")
        i = 0
        while i < len(words) and (words[i] in copied or self.placeholder.pattern.fullmatch(words[i])):
            i += 1
        if i == 0 or i == len(words) or not re.fullmatch(r"[A-Z][a-z]*\W*", words[i]) or words[i] == "I":
            return target
        target_words = set(words)
        translated = next((w for w in source.split() if w not in target_words), "")
        if translated[:1].islower():
            words[i] = words[i][0].lower() + words[i][1:]
        return " ".join(words)


_RESERVED = re.compile(r"([\\\[\]^$/@<>{}])")  # what apertium-destxt escapes in plain text
_ESCAPED = re.compile(r"\\(.)")


def escape(text: str) -> str:
    """Plain text in Apertium's stream format."""
    return _RESERVED.sub(r"\\\1", text)


def unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


MODE_DIRS = (Path("/usr/share/apertium/modes"), Path("/usr/local/share/apertium/modes"))


@dataclass(frozen=True)
class SharedAnalyser:
    """The pipeline's first stage, Apertium's Spanish analyser, running on its own."""

    binary: Path  # its dictionary, the pair's automorf.bin
    stream: NullFlushStream


@dataclass(frozen=True)
class Pipeline:
    """The pair's null-flush pipeline: its analyser's dictionary (None if the mode file does
    not start with one) and the command of the stages after it (of all of them, without)."""

    analyser: Path | None
    rest: list[str]


def null_flush_pipeline() -> Pipeline | None:
    """The pair's pipeline with ``-z`` on every program, or None where it cannot be had.

    ``apertium-wblank-mode -z`` writes it from the mode file, with ``$1`` for the
    generator's option (``-n``: no marks, as ``apertium -u`` gives it) and ``$2`` for the tagger's (none).
    Its first stage, the analyser, is run apart from the rest (the two give the same
    output as the whole) so the lexicon can share it.
    """
    mode = next((d / f"{PAIR}.mode" for d in MODE_DIRS if (d / f"{PAIR}.mode").is_file()), None)
    if mode is None or shutil.which("apertium-wblank-mode") is None or shutil.which("bash") is None:
        return None
    result = subprocess.run(["apertium-wblank-mode", "-z", str(mode)], capture_output=True, text=True, check=False)
    script = result.stdout.strip()
    if result.returncode != 0 or "lt-proc" not in script:
        return None
    first, _, rest = script.partition(" | ")
    analyser = re.fullmatch(r"lt-proc -z '?([^'\s]+\.automorf\.bin)'?", first.strip())
    if analyser is None or not rest or not Path(analyser.group(1)).is_file():
        return Pipeline(None, ["bash", "-c", script, "apertium", "-n", ""])
    return Pipeline(Path(analyser.group(1)), ["bash", "-c", rest, "apertium", "-n", ""])


def run_apertium(text: str) -> str:
    """Run ``apertium -u spa-eng`` on ``text`` (no marks of untranslated words)."""
    try:
        result = subprocess.run(["apertium", "-u", PAIR], input=text, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise TripreportError(f"apertium is not installed; {INSTALL_HINT}") from None
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()[-1:] or ["no message"]
        raise TripreportError(f"apertium failed (exit {result.returncode}): {message[0]}")
    return result.stdout


def installed_version() -> str:
    """``apertium X / apertium-eng-spa Y`` from the command and Debian's package database."""
    parts = []
    for command in (["apertium", "-V"], ["dpkg-query", "-W", "-f=apertium-eng-spa ${Version}", "apertium-eng-spa"]):
        try:
            out = subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
        except FileNotFoundError:
            out = ""
        if out:
            parts.append(out.replace("Apertium", "apertium"))
    return " / ".join(parts) or "unknown"


@functools.lru_cache(maxsize=1)
def probe() -> EngineStatus:
    if shutil.which("apertium") is None:
        return EngineStatus("apertium", False, detail=f"not installed; {INSTALL_HINT}")
    pairs = subprocess.run(["apertium", "-l"], capture_output=True, text=True, check=False).stdout.split()
    if PAIR not in pairs:
        return EngineStatus("apertium", False, detail=f"the Spanish→English pair is missing; {INSTALL_HINT}")
    return EngineStatus("apertium", True, installed_version(), "rule-based, Spanish→English")


def load() -> ApertiumEngine:
    return ApertiumEngine(probe().version, null_flush_pipeline())
