"""Apertium, the rule-based engine: Debian's ``apertium`` with ``apertium-eng-spa``.

The engine keeps one Apertium pipeline running in null-flush mode, as apertium-apy does:
the pair's mode file (``spa-eng.mode``, with ``-z`` on every program, from
``apertium-wblank-mode``) started once, then each segment is a write and a read of a
NUL-ended chunk: a few milliseconds instead of a pipeline start per batch. The pipeline
runs in three parts: the Spanish analyser (which the lexicon asks too), the tagger, and
the rest (transfer and generation). Between the tagger and the rest, the segment's tagged
stream goes through :mod:`.syntax`, which spells out what English needs (subjects, noun
compounds). Text goes in Apertium's stream format, its reserved characters escaped. Where the mode file cannot be
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
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tripreport.engines import EngineName, EngineOptions, EngineSpec, EngineStatus
from tripreport.engines.apertium import senses, stream, syntax
from tripreport.engines.apertium.stream import PLACEHOLDER, Word, escape, unescape
from tripreport.errors import TripreportError
from tripreport.outputs import user_cache
from tripreport.streams import NullFlushStream, close_all

PROGRAM = "apertium"  # the command that runs a pair (the engine is EngineName.apertium)
PAIR = "spa-eng"
REVERSE_PAIR = "eng-spa"  # its Spanish generator and English analyser serve the lexicon
# The pair's modes, preferred first: American English (center, organize), the wider team's; else British.
MODES = ("spa-eng_US", PAIR)
INSTALL_HINT = "install it with: sudo apt-get install apertium apertium-eng-spa"
SEPARATOR = "\n\n"
# What Apertium's text deformatter ends every input with (a full stop, then an empty superblank),
# so that the tagger reads the segment's last word as a sentence's last, as `apertium spa-eng`
# does: without it, *y funciona todo* reads "all" where the engine alone says "everything". A
# segment that ends a sentence itself is sent as it is (*EE.UU.* would lose its stop).
SENTENCE_END = ".[]"
SENTENCE_ENDS = (".", "!", "?", "…")
_END = re.compile(r"\.?\[\]\s*$")


def without_end(translated: str) -> str:
    """A segment's translation (stream text) without the :data:`SENTENCE_END` it was sent with."""
    return _END.sub("", translated)


# English words written with a capital wherever they stand: never put in lower case after copied words
# (not May, far more often the verb).
ALWAYS_CAPITALISED = frozenset(
    """I January February March April June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)


class ApertiumEngine:
    """Translate through the ``apertium`` command."""

    name = EngineName.apertium
    placeholder = PLACEHOLDER
    rule_based = True
    can_degenerate = False
    repairs_unknown_words = True
    truncated: frozenset[int] = frozenset()  # rule-based: nothing is ever cut short

    def __init__(
        self,
        version: str,
        pipeline: Pipeline | None = None,
        senses_key: str = "",
        scratch: tempfile.TemporaryDirectory[str] | None = None,
    ) -> None:
        self.version = version
        self._scratch = scratch  # a temporary folder holding the compiled senses, removed at close
        self._stream = NullFlushStream(bash(pipeline.rest), "the Apertium pipeline") if pipeline else None
        # The tagger on its own, so the syntax rules read its analysis before transfer.
        tagger = pipeline.tagger if pipeline else None
        self._tagger = NullFlushStream(bash(tagger), "Apertium's tagger") if tagger else None
        # "unmarked": English remembered from when Apertium's marks were stripped is not reused;
        # "ended": nor English from before unpunctuated segments were sent with a sentence's end.
        self.memory_key = " / ".join(
            filter(
                None,
                [
                    f"apertium {version} {mode_name()} unmarked ended",
                    f"syntax {syntax.RULES_VERSION}" if tagger else "",
                    senses_key,
                ],
            )
        )
        # The first stage on its own, so the lexicon asks the same program about words
        # rather than loading the Spanish dictionary a second time.
        self.analyser: SharedAnalyser | None = None
        if pipeline is not None and pipeline.analyser is not None:
            stream = NullFlushStream(["lt-proc", "-z", str(pipeline.analyser)], "Apertium's Spanish analyser")
            self.analyser = SharedAnalyser(pipeline.analyser, stream)

    def start(self) -> None:
        """Start the pipeline now: it loads its dictionaries while the build does other work."""
        for program in self._streams():
            program.start()

    def translate_batch(self, segments: Sequence[str]) -> list[str]:
        if not segments:
            return []
        flat = [" ".join(s.split()) for s in segments]  # a newline would split a segment
        inserted: list[set[str]] = [set() for _ in flat]
        if self._stream is not None:
            ended = [not s.endswith(SENTENCE_ENDS) for s in flat]
            chunks = [escape(s) + (SENTENCE_END if end else "") for s, end in zip(flat, ended, strict=True)]
            if self.analyser is not None:
                chunks = self.analyser.stream.ask(chunks)
            if self._tagger is not None:
                ruled = [syntax.apply(stream.parse(tagged)) for tagged in self._tagger.ask(chunks)]
                # Words the rules wrote for the engine to copy ("at", "'s") are copied words too.
                inserted = [
                    {part for t in tokens if isinstance(t, Word) and t.unknown for part in t.surface.split()}
                    for tokens in ruled
                ]
                chunks = [stream.dump(tokens) for tokens in ruled]
            answers = self._stream.ask(chunks)
            translated = [
                unescape(without_end(out) if end else out).strip() for out, end in zip(answers, ended, strict=True)
            ]
        else:
            translated = run_apertium(SEPARATOR.join(flat)).strip("\n").split(SEPARATOR)
            if len(translated) != len(flat):  # alignment lost: pay for one call per segment
                translated = [run_apertium(s).strip("\n") for s in flat]
        # The segments went in with single spaces: a double one is a word Apertium dropped (*se fueron*).
        translated = [re.sub(" {2,}", " ", out.strip()) for out in translated]
        return [
            self._recase_after_copied_words(src, out, more)
            for src, out, more in zip(flat, translated, inserted, strict=True)
        ]

    def close(self) -> None:
        """Stop the pipeline (a build's end; ``serve`` keeps it for the next build)."""
        close_all(self._streams())
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def _streams(self) -> list[NullFlushStream]:
        streams = (self.analyser.stream if self.analyser else None, self._tagger, self._stream)
        return [s for s in streams if s is not None]

    def _recase_after_copied_words(self, source: str, target: str, inserted: set[str] | None = None) -> str:
        """Undo Apertium's capital on the first word it translates after copied ones.

        Apertium capitalises the first word it translates in a sentence even when
        untranslated words come before it: ``zk1z es`` gives ``zk1z Is``.
        """
        copied = set(source.split()) | (inserted or set())
        words = target.split(" ")
        i = 0
        while i < len(words) and (words[i] in copied or self.placeholder.pattern.fullmatch(words[i])):
            i += 1
        if i == 0 or i == len(words) or not re.fullmatch(r"[A-Z][a-z]*\W*", words[i]):
            return target
        if re.sub(r"\W", "", words[i]) in ALWAYS_CAPITALISED:  # 8 de noviembre: "8 November"
            return target
        target_words = set(words)
        source_words = source.split()
        at = next((k for k, w in enumerate(source_words) if w not in target_words), -1)
        # Its capital in the source is the sentence's when it began the sentence there (*Se usa
        # Java* → "Java is used", the subject put first): after copied words it begins nothing.
        if at == 0 or (at > 0 and source_words[at][:1].islower()):
            words[i] = words[i][0].lower() + words[i][1:]
        return " ".join(words)


MODE_DIRS = (Path("/usr/share/apertium/modes"), Path("/usr/local/share/apertium/modes"))


@dataclass(frozen=True)
class SharedAnalyser:
    """The pipeline's first stage, Apertium's Spanish analyser, running on its own."""

    binary: Path  # its dictionary, the pair's automorf.bin
    stream: NullFlushStream


@dataclass(frozen=True)
class Pipeline:
    """The pair's null-flush pipeline in parts, as shell scripts: its analyser's dictionary, its
    tagger, and the stages after it. Where the mode file is not shaped as expected, ``rest``
    is all of it (and the parts before it are None)."""

    analyser: Path | None
    tagger: str | None
    rest: str

    def with_senses(self, compiled: senses.Compiled) -> Pipeline:
        """The pipeline with the report's senses: their bilingual dictionary instead of the pair's,
        their selection rules before the pair's, their English generator (the pair's, and the
        English words it lacks)."""
        bilingual = re.search(r"lt-proc -z -b '?([^'\s]+)'?", self.rest)
        generator = re.search(r"'?([^'\s]+\.autogen\.bin)'?", self.rest)
        if bilingual is None or generator is None or "lrx-proc -z -m " not in self.rest:
            return self
        rest = self.rest.replace(bilingual.group(1), str(compiled.bilingual), 1)
        rest = rest.replace(generator.group(1), str(compiled.generator), 1)
        rest = rest.replace("lrx-proc -z -m ", f"lrx-proc -z -m '{compiled.selection}' | lrx-proc -z -m ", 1)
        return Pipeline(self.analyser, self.tagger, rest)

    def pair_files(self) -> senses.PairFiles | None:
        """The pair's dictionaries senses are built on (None where the scripts do not name them)."""
        bilingual = re.search(r"lt-proc -z -b '?([^'\s]+\.autobil\.bin)'?", self.rest)
        generator = re.search(r"'?([^'\s]+\.autogen\.bin)'?", self.rest)
        if self.analyser is None or bilingual is None or generator is None:
            return None
        return senses.PairFiles(self.analyser, Path(bilingual.group(1)), Path(generator.group(1)))


def null_flush_pipeline() -> Pipeline | None:
    """The pair's pipeline with ``-z`` on every program, or None where it cannot be had.

    ``apertium-wblank-mode -z`` writes it from the mode file, with ``$1`` for the
    generator's option (``-n``: no marks, as ``apertium -u`` gives it) and ``$2`` for the tagger's (none).
    The analyser and the tagger run apart from the rest (together the parts give the
    same output as the whole): the lexicon shares the analyser, and the tagger writes
    surface forms too (``-p``) for the syntax rules, which take them out again.
    """
    mode = next((d / f"{m}.mode" for m in MODES for d in MODE_DIRS if (d / f"{m}.mode").is_file()), None)
    if mode is None or shutil.which("apertium-wblank-mode") is None or shutil.which("bash") is None:
        return None
    result = subprocess.run(["apertium-wblank-mode", "-z", str(mode)], capture_output=True, text=True, check=False)
    script = result.stdout.strip()
    if result.returncode != 0 or "lt-proc" not in script:
        return None
    programs = script.split(" | ")
    analyser = re.fullmatch(r"lt-proc -z '?([^'\s]+\.automorf\.bin)'?", programs[0].strip())
    if analyser is None or len(programs) < 2 or not Path(analyser.group(1)).is_file():
        return Pipeline(None, None, script)
    tagger = next((i for i, p in enumerate(programs) if p.strip().startswith("apertium-tagger -z ")), None)
    if tagger is None or tagger + 1 >= len(programs):
        return Pipeline(Path(analyser.group(1)), None, " | ".join(programs[1:]))
    tagging = " | ".join(programs[1 : tagger + 1]).replace("apertium-tagger -z ", "apertium-tagger -z -p ")
    return Pipeline(Path(analyser.group(1)), tagging, " | ".join(programs[tagger + 1 :]))


def bash(script: str) -> list[str]:
    """The command running ``script`` with the mode's options: the generator's ``-n`` (no marks), the tagger's none."""
    return ["bash", "-c", script, PROGRAM, "-n", ""]


def run_apertium(text: str) -> str:
    """Run ``apertium -u spa-eng`` on ``text`` (no marks of untranslated words)."""
    try:
        result = subprocess.run([PROGRAM, "-u", mode_name()], input=text, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise TripreportError(f"apertium is not installed; {INSTALL_HINT}") from None
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()[-1:] or ["no message"]
        raise TripreportError(f"apertium failed (exit {result.returncode}): {message[0]}")
    return result.stdout


def mode_name() -> str:
    """The pair's mode the one-shot command runs: American English where the pair has it."""
    return next((m for m in MODES for d in MODE_DIRS if (d / f"{m}.mode").is_file()), PAIR)


def installed_version() -> str:
    """``apertium X / apertium-eng-spa Y`` from the command and Debian's package database."""
    parts = []
    for command in ([PROGRAM, "-V"], ["dpkg-query", "-W", "-f=apertium-eng-spa ${Version}", "apertium-eng-spa"]):
        try:
            out = subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
        except FileNotFoundError:
            out = ""
        if out:
            parts.append(out.replace("Apertium", "apertium"))
    return " / ".join(parts) or "unknown"


@functools.lru_cache(maxsize=1)
def probe() -> EngineStatus:
    if shutil.which(PROGRAM) is None:
        return EngineStatus(EngineName.apertium, False, detail=f"not installed; {INSTALL_HINT}")
    pairs = subprocess.run([PROGRAM, "-l"], capture_output=True, text=True, check=False).stdout.split()
    if PAIR not in pairs:
        return EngineStatus(EngineName.apertium, False, detail=f"the Spanish→English pair is missing; {INSTALL_HINT}")
    return EngineStatus(EngineName.apertium, True, installed_version(), "rule-based, Spanish→English")


def load(options: EngineOptions | None = None, warn: Callable[[str], None] = lambda message: None) -> ApertiumEngine:
    """The engine, with the report's word senses compiled into its pipeline (see :mod:`.senses`)."""
    options = options or EngineOptions()
    pipeline = null_flush_pipeline()
    pair = pipeline.pair_files() if pipeline else None
    if not options.senses or pipeline is None or pair is None:
        return ApertiumEngine(probe().version, pipeline)
    if missing := senses.missing_compilers():
        warn(f"word senses left out: {', '.join(missing)} not installed; {senses.INSTALL_HINT}")
        return ApertiumEngine(probe().version, pipeline)
    # Compiled once for the machine, kept by content in the user's cache (where a new report finds
    # the base layer's senses compiled); where that cannot be written, for as long as the engine runs.
    scratch = None
    try:
        folder = (options.cache or user_cache()) / "senses"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        scratch = tempfile.TemporaryDirectory(prefix="tripreport-senses-")
        folder = Path(scratch.name)
    try:
        compiled = senses.compile_senses(options.senses, pair, folder)
        engine = ApertiumEngine(probe().version, pipeline.with_senses(compiled), f"senses {compiled.key}", scratch)
    except BaseException:
        if scratch is not None:
            scratch.cleanup()
        raise
    if compiled.fresh:
        try:
            senses.check_examples(options.senses, engine.translate_batch)
        except BaseException:
            engine.close()
            senses.forget(compiled)
            raise
    return engine


SPEC = EngineSpec(EngineName.apertium, PLACEHOLDER, probe, load)
