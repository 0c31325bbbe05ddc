"""Argos Translate, the neural engine: an installed es→en package run with CTranslate2.

Packages are found where Argos keeps them (``ARGOS_PACKAGES_DIR`` or its settings).
We do not call Argos' own ``translate()``: it splits sentences with a model it
downloads at run time and translates sentence by sentence. Instead the pipeline
segments the text itself and this engine sends every segment of the document to
CTranslate2 in one ``translate_batch`` call. CTranslate2 loads only in :func:`load`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tripreport.engines import EngineStatus, PlaceholderFormat
from tripreport.errors import TripreportError

INSTALL_HINT = "install the es→en model with: tripreport models install es_en (needs internet once)"
# Tokens per batch: Argos' default of 32 starves the CPU; a few thousand keeps both cores busy.
MAX_BATCH_TOKENS = 4096
BEAM_SIZE = 4
# A made-up lower-case word the model's tokenizer splits into few pieces and tends to copy.
PLACEHOLDER = PlaceholderFormat("zk{}z")


@dataclass(frozen=True)
class InstalledPackage:
    """An installed Argos package as read from its ``metadata.json``."""

    path: Path
    from_code: str
    to_code: str
    package_version: str
    kind: str

    @property
    def name(self) -> str:
        return self.path.name


def package_dirs() -> list[Path]:
    """Where Argos looks for installed packages (importing its settings creates them)."""
    from argostranslate import settings

    return [Path(d) for d in settings.package_dirs]


def installed_packages() -> list[InstalledPackage]:
    """Every installed Argos package, read from disk without loading any model."""
    found = []
    for directory in package_dirs():
        for metadata_file in sorted(directory.glob("*/metadata.json")):
            try:
                meta: dict[str, Any] = json.loads(metadata_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            found.append(
                InstalledPackage(
                    path=metadata_file.parent,
                    from_code=str(meta.get("from_code", "")),
                    to_code=str(meta.get("to_code", "")),
                    package_version=str(meta.get("package_version", "")),
                    kind=str(meta.get("type", "translate")),
                )
            )
    return found


def spanish_english_package() -> InstalledPackage | None:
    """The installed es→en translation package, if any."""
    for package in installed_packages():
        if (package.from_code, package.to_code, package.kind) == ("es", "en", "translate"):
            return package
    return None


class ArgosEngine:
    """Batched CTranslate2 translation with the package's own tokenizer."""

    name = "argos"
    placeholder = PLACEHOLDER
    rule_based = False
    repairs_unknown_words = True

    def __init__(self, package: InstalledPackage) -> None:
        self.package = package
        self.version = f"{package.name} {package.package_version}".strip()
        self.memory_key = f"argos {self.version}"
        self._model: tuple[Any, Any, str] | None = None

    def _loaded(self) -> tuple[Any, Any, str]:
        """Tokenizer, CTranslate2 translator and target prefix, loaded on first use only."""
        if self._model is None:
            import ctranslate2
            from argostranslate.package import Package

            argos_package = Package(self.package.path)
            tokenizer = getattr(argos_package, "tokenizer", None)
            if tokenizer is None:
                raise TripreportError(f"{self.package.path}: Argos package has no sentencepiece.model or bpe.model")
            try:
                # compute_type stays "auto": forcing int8 breaks the es_en 1.9 package.
                translator = ctranslate2.Translator(
                    str(self.package.path / "model"),
                    device="cpu",
                    inter_threads=1,
                    intra_threads=os.cpu_count() or 1,
                )
            except (RuntimeError, ValueError) as err:
                raise TripreportError(f"{self.package.path}: cannot load the CTranslate2 model: {err}") from None
            self._model = (tokenizer, translator, argos_package.target_prefix)
        return self._model

    def translate_batch(self, segments: Sequence[str]) -> list[str]:
        if not segments:
            return []
        tokenizer, translator, target_prefix = self._loaded()
        tokenized = [tokenizer.encode(segment) for segment in segments]
        prefix = [[target_prefix]] * len(tokenized) if target_prefix else None
        results = translator.translate_batch(
            tokenized,
            target_prefix=prefix,
            batch_type="tokens",
            max_batch_size=MAX_BATCH_TOKENS,
            beam_size=BEAM_SIZE,
            replace_unknowns=True,
            max_decoding_length=256,
        )
        outputs = []
        for result in results:
            tokens = result.hypotheses[0]
            if target_prefix and tokens[:1] == [target_prefix]:
                tokens = tokens[1:]
            outputs.append(tokenizer.decode(tokens).strip())
        return outputs


def probe() -> EngineStatus:
    package = spanish_english_package()
    if package is None:
        return EngineStatus("argos", False, detail=f"no es→en package installed; {INSTALL_HINT}")
    return EngineStatus("argos", True, f"{package.name} {package.package_version}".strip(), str(package.path))


def load() -> ArgosEngine:
    package = spanish_english_package()
    if package is None:
        raise TripreportError(f"engine 'argos' is not available: no es→en package; {INSTALL_HINT}")
    return ArgosEngine(package)
