"""Apertium, the rule-based engine: Debian's ``apertium`` with ``apertium-eng-spa``.

A whole batch goes through one ``apertium -u spa-eng`` process: segments are
separated by blank lines, which Apertium's text format keeps.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Sequence

from pipeline.engines import EngineStatus, PlaceholderFormat
from pipeline.errors import TripreportError

PAIR = "spa-eng"
INSTALL_HINT = "install it with: sudo apt-get install apertium apertium-eng-spa"
SEPARATOR = "\n\n"


class ApertiumEngine:
    """Translate through the ``apertium`` command."""

    name = "apertium"
    # Lower-case, unknown to the dictionaries: Apertium copies it through untouched.
    placeholder = PlaceholderFormat("zk{}z")

    def __init__(self, version: str) -> None:
        self.version = version

    def translate_batch(self, segments: Sequence[str]) -> list[str]:
        if not segments:
            return []
        flat = [" ".join(s.split()) for s in segments]  # a newline would split a segment
        output = run_apertium(SEPARATOR.join(flat))
        translated = output.strip("\n").split(SEPARATOR)
        if len(translated) != len(flat):  # alignment lost: pay for one call per segment
            translated = [run_apertium(s).strip("\n") for s in flat]
        return [self._recase_after_placeholders(src, out.strip()) for src, out in zip(flat, translated)]

    def _recase_after_placeholders(self, source: str, target: str) -> str:
        """Undo Apertium's capital after a leading unknown word (``zk1z es`` → ``zk1z Is``)."""
        if not self.placeholder.pattern.match(target):
            return target
        first = re.match(self.placeholder.pattern.pattern + r" (\w)", source)
        if first and first.group(2).islower():
            return re.sub(
                "^(" + self.placeholder.pattern.pattern + r" )([A-Z])(?=[a-z])",
                lambda m: m.group(1) + m.group(3).lower(),
                target,
            )
        return target


def run_apertium(text: str) -> str:
    """Run ``apertium -u spa-eng`` on ``text``."""
    try:
        result = subprocess.run(
            ["apertium", "-u", PAIR], input=text, capture_output=True, text=True, check=False
        )
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


def probe() -> EngineStatus:
    if shutil.which("apertium") is None:
        return EngineStatus("apertium", False, detail=f"not installed; {INSTALL_HINT}")
    pairs = subprocess.run(["apertium", "-l"], capture_output=True, text=True, check=False).stdout.split()
    if PAIR not in pairs:
        return EngineStatus("apertium", False, detail=f"the Spanish→English pair is missing; {INSTALL_HINT}")
    return EngineStatus("apertium", True, installed_version(), "rule-based, Spanish→English")


def load() -> ApertiumEngine:
    return ApertiumEngine(installed_version())
