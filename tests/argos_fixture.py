"""Build a tiny Argos Translate package the tests can install: the real format, random weights.

No Argos es→en model can be downloaded where the tests run, so this makes one: a
SentencePiece model trained on the real notes, a one-layer CTranslate2 Transformer
filled with random numpy weights, and a ``metadata.json``, zipped as ``.argosmodel``.
Its translations are gibberish, but loading and translating go through the same code
as a real package.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import numpy as np

D_MODEL, FFN, HEADS = 16, 32, 2
PACKAGE_NAME = "translate-es_en-tiny"


def _shape(name: str, vocab: int) -> tuple[int, ...]:
    if name.endswith(("embeddings/weight", "embeddings_0/weight", "projection/weight")):
        return (vocab, D_MODEL)
    if "layer_norm" in name:
        return (D_MODEL,)
    rules = {
        "self_attention/linear_0": (3 * D_MODEL, D_MODEL),
        "self_attention/linear_1": (D_MODEL, D_MODEL),
        "attention/linear_0": (D_MODEL, D_MODEL),
        "attention/linear_1": (2 * D_MODEL, D_MODEL),
        "attention/linear_2": (D_MODEL, D_MODEL),
        "ffn/linear_0": (FFN, D_MODEL),
        "ffn/linear_1": (D_MODEL, FFN),
    }
    for key, shape in rules.items():
        if f"{key}/weight" in name:
            return shape
    raise KeyError(name)


def _set(spec: object, name: str, value: np.ndarray) -> None:
    *scopes, attr = name.split("/")
    obj = spec
    for scope in scopes:
        if hasattr(obj, scope):
            obj = getattr(obj, scope)
        else:  # "layer_0" is element 0 of the list "layer"
            base, index = re.fullmatch(r"(.+)_(\d+)", scope).groups()
            obj = getattr(obj, base)[int(index)]
    setattr(obj, attr, value)


def build_tiny_argos_package(corpus: Path, workdir: Path) -> Path:
    """Write ``tiny.argosmodel`` into ``workdir`` and return its path."""
    import ctranslate2  # noqa: F401  (the spec module needs the library)
    import sentencepiece as spm
    from ctranslate2.specs import transformer_spec

    package_dir = workdir / PACKAGE_NAME
    (package_dir / "model").mkdir(parents=True)
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(package_dir / "sentencepiece"),
        vocab_size=400,
        character_coverage=1.0,
        minloglevel=2,
    )
    (package_dir / "sentencepiece.vocab").unlink()
    processor = spm.SentencePieceProcessor(model_file=str(package_dir / "sentencepiece.model"))
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]

    spec = transformer_spec.TransformerSpec.from_config(1, HEADS)
    rng = np.random.default_rng(7)
    for name, value in spec.variables().items():
        if value is None:
            _set(spec, name, rng.normal(0, 0.5, _shape(name, len(vocabulary))).astype(np.float32))
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.save(str(package_dir / "model"))

    metadata = {
        "package_version": "0.0.1",
        "argos_version": "1.0",
        "from_code": "es",
        "from_name": "Spanish",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
    }
    (package_dir / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    archive = workdir / "tiny.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sorted(package_dir.rglob("*")):
            zf.write(file, file.relative_to(workdir))
    return archive
