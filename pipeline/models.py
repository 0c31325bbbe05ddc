"""Argos Translate models: list, install (from the Argos index or a file), remove.

Installing from the index needs the internet once; offline, it fails within a few
seconds with a clear message instead of hanging. Nothing else in tripreport ever
touches the network.
"""

from __future__ import annotations

import json
import socket
import zipfile
from pathlib import Path

from tripreport.engines.argos import InstalledPackage, installed_packages
from tripreport.errors import TripreportError

NETWORK_TIMEOUT = 5.0  # seconds for each connection to the Argos index and download


def list_models() -> list[InstalledPackage]:
    """Every installed Argos package."""
    return installed_packages()


def install_from_index(code: str = "es_en") -> InstalledPackage:
    """Download and install ``code`` (``from_to``, e.g. ``es_en``) from the Argos index."""
    from_code, _, to_code = code.partition("_")
    if not from_code or not to_code:
        raise TripreportError(f"model name {code!r} should look like es_en (from_to language codes)")
    from argostranslate import package, settings

    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(NETWORK_TIMEOUT)
    try:
        package.update_package_index()
        if not Path(settings.local_package_index).is_file():
            raise TripreportError(
                "cannot reach the Argos package index (offline?); on a machine with internet, "
                "download translate-es_en-*.argosmodel and run: tripreport models install --from FILE"
            )
        wanted = [p for p in package.get_available_packages() if (p.from_code, p.to_code) == (from_code, to_code)]
        if not wanted:
            raise TripreportError(f"the Argos index has no {code} model")
        try:
            downloaded = wanted[0].download()
        except Exception as err:  # Argos raises a bare Exception when a download fails
            raise TripreportError(f"downloading the {code} model failed: {err}") from None
    finally:
        socket.setdefaulttimeout(previous)
    return install_from_file(Path(downloaded))


def install_from_file(path: Path) -> InstalledPackage:
    """Install a ``.argosmodel`` file after checking it is one."""
    if not path.is_file():
        raise TripreportError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise TripreportError(f"{path}: not an Argos model (an .argosmodel is a zip archive)")
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith("/metadata.json")]
        if not names:
            raise TripreportError(f"{path}: not an Argos model (no <folder>/metadata.json inside)")
        try:
            metadata = json.loads(archive.read(names[0]))
        except ValueError:
            raise TripreportError(f"{path}: metadata.json is not valid JSON") from None
        folder = names[0].split("/")[0]
    if not metadata.get("from_code") or not metadata.get("to_code"):
        raise TripreportError(f"{path}: metadata.json lacks from_code or to_code")
    from argostranslate import package

    package.install_from_path(path)
    return next(p for p in installed_packages() if p.path.name == folder)


def remove(name: str) -> InstalledPackage:
    """Remove the installed package called ``name`` (its folder name, or ``from_to``)."""
    for candidate in installed_packages():
        if name in (candidate.name, f"{candidate.from_code}_{candidate.to_code}"):
            from argostranslate import package

            package.uninstall(package.Package(candidate.path))
            return candidate
    known = ", ".join(p.name for p in installed_packages()) or "none installed"
    raise TripreportError(f"no installed model called {name!r} ({known})")
