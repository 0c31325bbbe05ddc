"""Build tiny Argos Translate packages the tests can install: the real formats, crafted weights.

No Argos es→en model can be downloaded where the tests run, so these are made here:
a tokenizer trained on the real notes (SentencePiece, or subword-nmt BPE codes over Moses
tokens as in the converted OPUS-MT packages), a one-layer CTranslate2 Transformer, and a
``metadata.json``, zipped as ``.argosmodel`` in either layout (``es_en/`` as Argos 1.0,
``translate-es_en-1_9/`` as 1.9).

The decoder's weights are set by hand. Its sub-layers are zero, so what it says next
depends only on the word it just said: ``logits = projection · LayerNorm(embedding)``.
That makes two behaviours exact:

- ``loop``: whatever came before, say the same word again: the looping model es_en 1.9
  is at int8, which never stops by itself;
- ``short``: after the start token say one word, after that word stop: a model that
  answers every sentence with one English word, no loop at all.

``random`` keeps random weights everywhere (gibberish of no set shape).
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Literal

import numpy as np

D_MODEL, FFN, HEADS = 16, 32, 2
Behaviour = Literal["loop", "short", "random"]
ANSWER = "zephyr"  # the one English word the crafted models say


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


def _direction(first: int, second: int) -> np.ndarray:
    """A zero-mean vector (LayerNorm leaves its direction), large beside the position encodings."""
    v = np.zeros(D_MODEL, dtype=np.float32)
    v[first], v[second] = 50.0, -50.0
    return v


def _weights(spec, vocabulary: list[str], behaviour: Behaviour) -> None:
    rng = np.random.default_rng(7)
    size = len(vocabulary)
    for name, value in spec.variables().items():
        if value is not None:
            continue
        shape = _shape(name, size)
        if behaviour == "random":
            weight = rng.normal(0, 0.5, shape)
        elif name.endswith("gamma"):
            weight = np.ones(shape)
        elif name.startswith("encoder/"):
            weight = rng.normal(0, 0.5, shape)  # the decoder never looks at it (cross-attention is zero)
        else:
            weight = np.zeros(shape)
        _set(spec, name, weight.astype(np.float32))
    if behaviour == "random":
        return
    start, answer, end = vocabulary.index("<s>"), vocabulary.index(ANSWER), vocabulary.index("</s>")
    embeddings = np.zeros((size, D_MODEL), dtype=np.float32)
    embeddings[start], embeddings[answer] = _direction(0, 1), _direction(2, 3)
    normed = {t: embeddings[t] / embeddings[t].std() for t in (start, answer)}
    projection = np.zeros((size, D_MODEL), dtype=np.float32)
    projection[answer] = normed[start]  # after <s>: the answer
    if behaviour == "short":
        projection[end] = normed[answer]  # after the answer: stop
    else:
        projection[answer] += normed[answer]  # after the answer: the answer again, for ever
    _set(spec, "decoder/embeddings/weight", embeddings)
    _set(spec, "decoder/projection/weight", projection)


def _sentencepiece(corpus: Path, folder: Path) -> list[str]:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(folder / "sentencepiece"),
        vocab_size=400,
        character_coverage=1.0,
        user_defined_symbols=[ANSWER],
        minloglevel=2,
    )
    (folder / "sentencepiece.vocab").unlink()
    processor = spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _bpe(corpus: Path, folder: Path) -> list[str]:
    from sacremoses import MosesTokenizer
    from subword_nmt.apply_bpe import BPE
    from subword_nmt.learn_bpe import learn_bpe

    tokenizer = MosesTokenizer("es")
    lines = [
        " ".join(tokenizer.tokenize(line, escape=False)) for line in corpus.read_text(encoding="utf-8").splitlines()
    ]
    (folder / "corpus.tok").write_text("\n".join(lines), encoding="utf-8")
    with (
        (folder / "corpus.tok").open(encoding="utf-8") as infile,
        (folder / "bpe.model").open("w", encoding="utf-8") as codes,
    ):
        learn_bpe(infile, codes, 300)
    (folder / "corpus.tok").unlink()
    with (folder / "bpe.model").open(encoding="utf-8") as codes:
        bpe = BPE(codes)
    pieces = {piece for line in lines for piece in bpe.segment_tokens(line.split())}
    return ["<unk>", "<s>", "</s>", ANSWER, *sorted(pieces - {ANSWER})]


def build_argos_package(
    corpus: Path,
    workdir: Path,
    *,
    tokenizer: Literal["sentencepiece", "bpe"] = "sentencepiece",
    behaviour: Behaviour = "random",
    version: str = "0.0.1",
    folder: str = "translate-es_en-tiny",
) -> Path:
    """Write ``<folder>.argosmodel`` into ``workdir`` and return its path."""
    import ctranslate2  # noqa: F401  (the spec module needs the library)
    from ctranslate2.specs import transformer_spec

    root = workdir / "build" / folder
    (root / "model").mkdir(parents=True)
    vocabulary = _sentencepiece(corpus, root) if tokenizer == "sentencepiece" else _bpe(corpus, root)
    spec = transformer_spec.TransformerSpec.from_config(1, HEADS)
    _weights(spec, vocabulary, behaviour)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.save(str(root / "model"))
    metadata = {
        "package_version": version,
        "argos_version": "1.0",
        "from_code": "es",
        "from_name": "Spanish",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
    }
    (root / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    archive = workdir / f"{folder}.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sorted(root.rglob("*")):
            zf.write(file, file.relative_to(root.parent))
    return archive
