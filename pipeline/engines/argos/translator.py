"""The Argos engine itself: an installed es→en package run with CTranslate2.

Packages are found by :mod:`tripreport.engines.argos.store` and judged by :mod:`.verdict`. We do not call Argos' own
``translate()``: it splits sentences with a model it downloads at run time and translates
sentence by sentence. The pipeline segments the text itself and this engine sends every
segment to CTranslate2 in one ``translate_batch`` call, tokenized by the package's own
tokenizer: SentencePiece, or Moses tokenization and BPE (``sacremoses``, ``subword-nmt``)
for the converted OPUS-MT packages.

Decoding is guarded: no 4-gram may repeat, and no output may run past twice its input and
ten tokens; an output that reaches that limit is recorded in :attr:`ArgosEngine.truncated`.
The compute type stays the one the model was stored in ("default"), unless
``TRIPREPORT_ARGOS_COMPUTE_TYPE`` says otherwise: CTranslate2's "auto" picks int8 on a CPU,
where es→en 1.9 loops. CTranslate2 loads only when a sentence needs translating.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from tripreport.engines import EngineName, PlaceholderFormat
from tripreport.engines.argos import store
from tripreport.errors import TripreportError

# Tokens per batch: Argos' default of 32 starves the CPU; a few thousand keeps both cores busy.
MAX_BATCH_TOKENS = 4096
BEAM_SIZE = 4
NO_REPEAT_NGRAM = 4
# A made-up lower-case word the model's tokenizer splits into few pieces and tends to copy.
PLACEHOLDER = PlaceholderFormat("zk{}z")


def length_limit(tokens: int) -> int:
    """The most tokens an output may have for an input of ``tokens``."""
    return 2 * tokens + 10


class Tokenizer(Protocol):
    def encode(self, text: str) -> list[str]: ...

    def decode(self, tokens: list[str]) -> str: ...


class SentencePieceTokenizer:
    """A package's ``sentencepiece.model``."""

    def __init__(self, model: Path) -> None:
        import sentencepiece

        self.processor = sentencepiece.SentencePieceProcessor(model_file=str(model))

    def encode(self, text: str) -> list[str]:
        return self.processor.encode(text, out_type=str)

    def decode(self, tokens: list[str]) -> str:
        return self.processor.decode(tokens)


class BPETokenizer:
    """A package's ``bpe.model`` (subword-nmt codes) over Moses tokenization, as OPUS-MT models want."""

    def __init__(self, model: Path, source: str, target: str) -> None:
        from sacremoses import MosesDetokenizer, MosesPunctNormalizer, MosesTokenizer
        from subword_nmt.apply_bpe import BPE

        self.normalizer, self.tokenizer = MosesPunctNormalizer(source), MosesTokenizer(source)
        self.detokenizer = MosesDetokenizer(target)
        with model.open(encoding="utf-8") as codes:
            self.bpe = BPE(codes)

    def encode(self, text: str) -> list[str]:
        words = self.tokenizer.tokenize(self.normalizer.normalize(text), escape=False)
        return self.bpe.segment_tokens(words)

    def decode(self, tokens: list[str]) -> str:
        return self.detokenizer.detokenize(" ".join(tokens).replace("@@ ", "").split(" "))


def tokenizer_for(package: store.InstalledPackage) -> Tokenizer:
    if (package.path / "sentencepiece.model").is_file():
        return SentencePieceTokenizer(package.path / "sentencepiece.model")
    if (package.path / "bpe.model").is_file():
        return BPETokenizer(package.path / "bpe.model", package.from_code, package.to_code)
    raise TripreportError(f"{package.path}: Argos package has no sentencepiece.model or bpe.model")


class ArgosEngine:
    """Batched CTranslate2 translation with the package's own tokenizer."""

    name = EngineName.argos
    placeholder = PLACEHOLDER
    rule_based = False
    can_degenerate = True  # a neural model can loop: its output is checked
    analyser = None  # no Apertium pipeline of its own: the lexicon runs its analyser
    repairs_unknown_words = True

    def __init__(self, package: store.InstalledPackage) -> None:
        self.package = package
        self.version = package.label
        self.compute_type = store.compute_type()
        # Everything the output depends on: the package, its model file, CTranslate2 and the compute type.
        self.memory_key = (
            f"argos {package.label} model {store.model_fingerprint(package)[:16]} "
            f"ctranslate2 {store.ctranslate2_version()} {self.compute_type}"
        )
        self.truncated: frozenset[int] = frozenset()  # outputs of the last batch that hit the length limit
        self._model: tuple[Tokenizer, Any] | None = None

    def start(self) -> None:
        """Nothing early: the model loads when the first segment needs it (none may)."""

    def _loaded(self) -> tuple[Tokenizer, Any]:
        """Tokenizer and CTranslate2 translator, loaded on first use only."""
        if self._model is None:
            import ctranslate2

            tokenizer = tokenizer_for(self.package)
            try:
                translator = ctranslate2.Translator(
                    str(self.package.path / "model"),
                    device="cpu",
                    compute_type=self.compute_type,
                    inter_threads=1,
                    intra_threads=os.cpu_count() or 1,
                )
            except (RuntimeError, ValueError) as err:
                raise TripreportError(f"{self.package.path}: cannot load the CTranslate2 model: {err}") from None
            self._model = (tokenizer, translator)
        return self._model

    @property
    def resolved_compute_type(self) -> str:
        """The compute type CTranslate2 runs the model with."""
        return str(self._loaded()[1].compute_type)

    def translate_batch(self, segments: Sequence[str]) -> list[str]:
        if not segments:
            return []
        tokenizer, translator = self._loaded()
        tokenized = [tokenizer.encode(segment) for segment in segments]
        prefix = self.package.target_prefix
        limits = [length_limit(len(tokens)) for tokens in tokenized]
        results = translator.translate_batch(
            tokenized,
            target_prefix=[[prefix]] * len(tokenized) if prefix else None,
            batch_type="tokens",
            max_batch_size=MAX_BATCH_TOKENS,
            beam_size=BEAM_SIZE,
            replace_unknowns=True,
            no_repeat_ngram_size=NO_REPEAT_NGRAM,
            max_decoding_length=max(limits) + (1 if prefix else 0),
        )
        outputs, truncated = [], set()
        for i, (result, limit) in enumerate(zip(results, limits, strict=True)):
            tokens = result.hypotheses[0]
            if prefix and tokens[:1] == [prefix]:
                tokens = tokens[1:]
            if len(tokens) >= limit:
                truncated.add(i)
            outputs.append(tokenizer.decode(tokens).strip())
        self.truncated = frozenset(truncated)
        return outputs

    def close(self) -> None:
        """Let the model go (it loads again if another batch comes)."""
        self._model = None
