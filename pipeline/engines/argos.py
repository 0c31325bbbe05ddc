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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from pipeline.engines import EngineStatus, PlaceholderFormat
from pipeline.errors import TripreportError

INSTALL_HINT = "install the es→en model with: tripreport models install es_en (needs internet once)"
# Tokens per batch: Argos' default of 32 starves the CPU; a few thousand keeps both cores busy.
MAX_BATCH_TOKENS = 4096
BEAM_SIZE = 4


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
    placeholder = PlaceholderFormat("zk{}z")

    def __init__(self, package: InstalledPackage) -> None:
        import ctranslate2
        from argostranslate.package import Package

        self.version = f"{package.name} {package.package_version}".strip()
        argos_package = Package(package.path)
        self._tokenizer = getattr(argos_package, "tokenizer", None)
        if self._tokenizer is None:
            raise TripreportError(f"{package.path}: Argos package has no sentencepiece.model or bpe.model")
        self._target_prefix = argos_package.target_prefix
        try:
            # compute_type stays "auto": forcing int8 breaks the es_en 1.9 package.
            self._translator = ctranslate2.Translator(
                str(package.path / "model"),
                device="cpu",
                inter_threads=1,
                intra_threads=os.cpu_count() or 1,
            )
        except RuntimeError as err:
            raise TripreportError(f"{package.path}: cannot load the CTranslate2 model: {err}") from None

    def translate_batch(self, segments: Sequence[str]) -> list[str]:
        if not segments:
            return []
        tokenized = [self._tokenizer.encode(segment) for segment in segments]
        prefix = [[self._target_prefix]] * len(tokenized) if self._target_prefix else None
        results = self._translator.translate_batch(
            tokenized,
            target_prefix=prefix,
            batch_type="tokens",
            max_batch_size=MAX_BATCH_TOKENS,
            beam_size=BEAM_SIZE,
            replace_unknowns=True,
            max_decoding_length=256,
        )
        return [self._detokenize(result.hypotheses[0]) for result in results]

    def _detokenize(self, tokens: list[str]) -> str:
        if self._target_prefix and tokens[:1] == [self._target_prefix]:
            tokens = tokens[1:]
        return self._tokenizer.decode(tokens).strip()


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
