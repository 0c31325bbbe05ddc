"""Whether an installed Argos package can be trusted: known bad versions, and a self-test.

A package is trusted only after a self-test: a few fixed Spanish sentences, whose English
must show none of the symptoms :mod:`tripreport.engines.degenerate` looks for. The verdict is kept
in tripreport's cache folder by the model's fingerprint, so it is paid once per model file.
The package store (:mod:`tripreport.engines.argos.store`) knows nothing of this: it finds, installs and
removes packages; what makes one sound is the engine's knowledge.
"""

from __future__ import annotations

from dataclasses import dataclass

from tripreport.engines import degenerate
from tripreport.engines.argos.store import (
    InstalledPackage,
    compute_type,
    ctranslate2_version,
    model_fingerprint,
    read_cache,
    spanish_english_packages,
    write_cache,
)
from tripreport.engines.argos.translator import PLACEHOLDER, ArgosEngine
from tripreport.errors import TripreportError

SELF_TEST_VERSION = "1"  # bump when the self-test or the detector changes: verdicts are made again
SELF_TEST = (
    "Hoy vimos una charla sobre contenedores.",
    "El cluster tiene tres nodos y un balanceador de carga.",
    "Nadie sabía por qué fallaba el despliegue.",
    "La documentación explica cómo instalar la herramienta.",
    "Después de la comida fuimos a la sesión de seguridad.",
)
# Packages known to fail, with the compute types they fail at and why.
KNOWN_BAD = (
    (
        "es",
        "en",
        "1.9",
        ("int8", "int8_float32", "int8_float16", "int8_bfloat16"),
        "loops at int8 (argos-translate issues #504 and #522; LibreTranslate #930)",
    ),
)


@dataclass(frozen=True)
class Verdict:
    """A package's self-test outcome."""

    broken: bool
    reason: str = ""


def known_bad(package: InstalledPackage, compute: str | None = None) -> str:
    """Why ``package`` is known to fail at the compute type in use, or ""."""
    compute = compute or compute_type()
    for from_code, to_code, version, types, reason in KNOWN_BAD:
        if (package.from_code, package.to_code, package.package_version) == (from_code, to_code, version):
            if compute in types:
                return f"{package.label} {reason}"
    return ""


def verdict(package: InstalledPackage) -> Verdict:
    """The package's self-test verdict (run once per model file, compute type and CTranslate2)."""
    bad = known_bad(package)
    if bad:
        return Verdict(True, bad)
    key = f"{model_fingerprint(package)}:{compute_type()}:{ctranslate2_version()}:{SELF_TEST_VERSION}"
    cache = read_cache("self-tests.json")
    if key not in cache:
        cache[key] = self_test(package)
        write_cache("self-tests.json", cache)
    broken, reason = cache[key]
    return Verdict(bool(broken), str(reason))


def self_test(package: InstalledPackage) -> tuple[bool, str]:
    """Translate the fixed sentences; broken when more than a fifth show degenerate output."""
    engine = ArgosEngine(package)
    try:
        outputs = engine.translate_batch(list(SELF_TEST))
    except TripreportError as err:
        return True, str(err)
    problems = [
        degenerate.symptoms(source, output, PLACEHOLDER, i in engine.truncated)
        for i, (source, output) in enumerate(zip(SELF_TEST, outputs, strict=True))
    ]
    flagged = [p for p in problems if p]
    if degenerate.broken(len(flagged), len(SELF_TEST)):
        reasons = sorted({reason for found in flagged for reason in found})
        return True, f"{len(flagged)} of {len(SELF_TEST)} test sentences: {', '.join(reasons)}"
    return False, ""


def best_package() -> tuple[InstalledPackage | None, list[tuple[InstalledPackage, Verdict]]]:
    """The highest-versioned es→en package that is not broken, and the broken ones passed over."""
    passed_over: list[tuple[InstalledPackage, Verdict]] = []
    for package in spanish_english_packages():
        found = verdict(package)
        if not found.broken:
            return package, passed_over
        passed_over.append((package, found))
    return None, passed_over
