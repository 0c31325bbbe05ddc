"""Argos Translate models: find them on disk, check them, install and remove them.

Packages live where Argos Translate keeps them (``ARGOS_PACKAGES_DIR``, else
``$XDG_DATA_HOME/argos-translate/packages``), one folder each with a ``metadata.json``.
Both package layouts load: SentencePiece (a ``sentencepiece.model``, Argos 1.0 style)
and BPE (a ``bpe.model``, the converted OPUS-MT packages such as es_en 1.9).

Whether a package can be trusted is the Argos engine's to judge
(:mod:`tripreport.engines.argos.verdict`); this store imports no engine code. Installing
is the only network access tripreport ever makes: the
Argos index is fetched on purpose, never read stale, and a download is named with its
version, checked (zip, metadata, optional SHA-256) and deleted once installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from tripreport.errors import TripreportError
from tripreport.outputs import keep_cache, user_cache

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
NETWORK_TIMEOUT = 10.0  # seconds for each connection to the index and a download


@dataclass(frozen=True)
class InstalledPackage:
    """An installed Argos package as read from its ``metadata.json``."""

    path: Path
    from_code: str
    to_code: str
    package_version: str
    kind: str
    target_prefix: str = ""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def label(self) -> str:
        return f"{self.name} {self.package_version}".strip()

    @property
    def version_key(self) -> tuple:
        return version_key(self.package_version)


def version_key(version: str) -> tuple:
    """``1.9`` < ``1.10``: versions compared number by number."""
    return tuple(int(part) if part.isdigit() else 0 for part in re.split(r"[.\-_]", version or "0"))


# --- on disk ------------------------------------------------------------------------------------


def package_dirs() -> list[Path]:
    """Where packages are installed, as Argos Translate has it."""
    configured = os.environ.get("ARGOS_PACKAGES_DIR")
    if configured:
        return [Path(configured).expanduser()]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return [data_home / "argos-translate" / "packages"]


def installed_packages() -> list[InstalledPackage]:
    """Every installed Argos package, read from disk without loading any model."""
    found = []
    for directory in package_dirs():
        if not directory.is_dir():
            continue
        for metadata_file in sorted(directory.glob("*/metadata.json")):
            try:
                meta = json.loads(metadata_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if not isinstance(meta, dict):
                continue
            found.append(
                InstalledPackage(
                    path=metadata_file.parent,
                    from_code=str(meta.get("from_code", "")),
                    to_code=str(meta.get("to_code", "")),
                    package_version=str(meta.get("package_version", "")),
                    kind=str(meta.get("type", "translate")),
                    target_prefix=str(meta.get("target_prefix", "") or ""),
                )
            )
    return found


def spanish_english_packages() -> list[InstalledPackage]:
    """The installed es→en translation packages, highest version first."""
    packages = [p for p in installed_packages() if (p.from_code, p.to_code, p.kind) == ("es", "en", "translate")]
    return sorted(packages, key=lambda p: (p.version_key, p.name), reverse=True)


def compute_type() -> str:
    """The CTranslate2 compute type: the model's stored type, unless the user says otherwise."""
    return os.environ.get("TRIPREPORT_ARGOS_COMPUTE_TYPE", "").strip() or "default"


def model_fingerprint(package: InstalledPackage) -> str:
    """SHA-256 of the package's ``model.bin`` (kept in the cache by path, size and time, so hashed once)."""
    model = package.path / "model" / "model.bin"
    try:
        stat = model.stat()
    except OSError:
        return "missing"
    key = f"{model.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    cache = read_cache("fingerprints.json")
    if key not in cache:
        sha = hashlib.sha256()
        with model.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                sha.update(block)
        cache[key] = sha.hexdigest()
        write_cache("fingerprints.json", cache)
    return str(cache[key])


def ctranslate2_version() -> str:
    """The installed CTranslate2's version, without importing it."""
    try:
        return metadata.version("ctranslate2")
    except metadata.PackageNotFoundError:
        return "none"


def read_cache(name: str) -> dict:
    """A JSON file of tripreport's cache folder ({} when there is none or it is unreadable)."""
    try:
        data = json.loads((user_cache() / name).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def write_cache(name: str, data: dict) -> None:
    """Keep ``data`` in tripreport's cache folder, if it can be written (a cache is only ever a saving)."""
    keep_cache(user_cache() / name, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))


# --- installing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexEntry:
    """A package the Argos index offers."""

    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]

    @property
    def file_name(self) -> str:
        return f"translate-{self.from_code}_{self.to_code}-{self.version.replace('.', '_')}.argosmodel"


def index_url() -> str:
    base = os.environ.get("ARGOS_PACKAGE_INDEX", DEFAULT_INDEX)
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


def fetch(url: str) -> bytes:
    """The bytes at ``url`` (http, https or a local file)."""
    if not re.match(r"(?i)^(https?|file):", url):
        raise TripreportError(f"{url}: only http, https and file addresses can be downloaded")
    import urllib.request  # only to install: a build never goes near the network (nor loads its code)

    with urllib.request.urlopen(url, timeout=NETWORK_TIMEOUT) as response:  # noqa: S310 (scheme checked above)
        return response.read()


def fetch_index() -> list[IndexEntry]:
    """The Argos index, fetched now: a failure is an error, never a stale copy."""
    url = index_url()
    try:
        data = json.loads(fetch(url))
    except OSError as err:  # urllib's URLError and socket timeouts are OSErrors
        raise TripreportError(unreachable(url, None, err)) from None
    except ValueError:
        raise TripreportError(f"{url}: the Argos index is not valid JSON") from None
    entries = []
    for item in data if isinstance(data, list) else []:
        if isinstance(item, dict) and item.get("type", "translate") == "translate":
            links = item.get("links") or []
            entries.append(
                IndexEntry(
                    str(item.get("from_code", "")),
                    str(item.get("to_code", "")),
                    str(item.get("package_version", "")),
                    tuple(str(link) for link in links if isinstance(link, str)),
                )
            )
    return entries


def unreachable(url: str, entry: IndexEntry | None, err: Exception) -> str:
    """One line for a download that failed: where to get the file by hand, and the --from form."""
    why = getattr(err, "reason", None) or getattr(err, "strerror", None) or type(err).__name__
    link = f"; the package is at {entry.links[0]}" if entry and entry.links else ""
    return (
        f"cannot reach {url} ({why}); offline? Get the file on a machine with internet (the index is "
        f"{index_url()}{link}), then run: tripreport models install --from FILE.argosmodel"
    )


def install_from_index(
    spec: str = "es_en", sha256: str | None = None, known_bad: Callable[[InstalledPackage], str] = lambda p: ""
) -> InstalledPackage:
    """Download and install ``from_to[==version]``: by default the highest version ``known_bad``
    has nothing against (the engine's knowledge, passed in: the store judges no model)."""
    code, _, wanted = spec.partition("==")
    from_code, _, to_code = code.partition("_")
    if not from_code or not to_code:
        raise TripreportError(f"model name {spec!r} should look like es_en or es_en==1.9")
    offered = [e for e in fetch_index() if (e.from_code, e.to_code) == (from_code, to_code)]
    if not offered:
        raise TripreportError(f"the Argos index has no {code} model")
    if wanted:
        chosen = [e for e in offered if e.version == wanted]
        if not chosen:
            versions = ", ".join(sorted((e.version for e in offered), key=version_key))
            raise TripreportError(f"the Argos index has no {code} version {wanted} (it has {versions})")
    else:
        chosen = sorted(offered, key=lambda e: version_key(e.version), reverse=True)
        probe = [InstalledPackage(Path(e.file_name), from_code, to_code, e.version, "translate") for e in chosen]
        good = [e for e, p in zip(chosen, probe, strict=True) if not known_bad(p)]
        chosen = good or chosen
    entry = chosen[0]
    if not entry.links:
        raise TripreportError(f"the Argos index lists no download for {code} {entry.version}")
    downloads = user_cache() / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    target = downloads / entry.file_name
    try:
        data = fetch(entry.links[0])
    except OSError as err:  # urllib's URLError and socket timeouts are OSErrors
        raise TripreportError(unreachable(entry.links[0], entry, err)) from None
    target.write_bytes(data)
    try:
        return install_from_file(target, sha256, expected_version=entry.version)
    finally:
        target.unlink(missing_ok=True)


def install_from_file(path: Path, sha256: str | None = None, expected_version: str | None = None) -> InstalledPackage:
    """Install a ``.argosmodel`` file after checking it is one (and is the file ``sha256`` names)."""
    if not path.is_file():
        raise TripreportError(f"{path}: no such file")
    if sha256:
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual.lower() != sha256.strip().lower():
            raise TripreportError(f"{path}: SHA-256 is {actual}, not {sha256}; nothing installed")
    if not zipfile.is_zipfile(path):
        raise TripreportError(f"{path}: not an Argos model (an .argosmodel is a zip archive)")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        roots = {n.split("/")[0] for n in names if n.strip("/")}
        if len(roots) != 1 or f"{next(iter(roots))}/metadata.json" not in names:
            raise TripreportError(f"{path}: not an Argos model (one folder with a metadata.json inside)")
        folder = next(iter(roots))
        unsafe = [n for n in names if n.startswith("/") or ".." in Path(n).parts]
        unsafe += [i.filename for i in archive.infolist() if (i.external_attr >> 16) & 0o170000 == 0o120000]
        if unsafe or folder in ("", ".", ".."):
            raise TripreportError(f"{path}: unsafe path in the archive ({(unsafe or [folder])[0]}); nothing installed")
        try:
            meta = json.loads(archive.read(f"{folder}/metadata.json"))
        except ValueError:
            raise TripreportError(f"{path}: metadata.json is not valid JSON") from None
        if not isinstance(meta, dict) or not meta.get("from_code") or not meta.get("to_code"):
            raise TripreportError(f"{path}: metadata.json lacks from_code or to_code")
        if expected_version and str(meta.get("package_version")) != expected_version:
            raise TripreportError(
                f"{path}: the index says version {expected_version}, the file says {meta.get('package_version')}"
            )
        if not any(n.startswith(f"{folder}/model/") for n in names):
            raise TripreportError(f"{path}: not an Argos model (no model/ folder)")
        destination = package_dirs()[0]
        destination.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=destination, prefix=".installing-") as scratch:
            archive.extractall(scratch)
            final = destination / folder
            if final.exists():
                shutil.rmtree(final)
            os.replace(Path(scratch) / folder, final)
    return next(p for p in installed_packages() if p.path.name == folder)


def remove(spec: str) -> InstalledPackage:
    """Remove the installed package called ``spec``: its folder name, ``from_to``, or ``from_to==version``."""
    name, _, version = spec.partition("==")
    matches = [
        p
        for p in installed_packages()
        if name in (p.name, f"{p.from_code}_{p.to_code}") and (not version or p.package_version == version)
    ]
    if not matches:
        known = ", ".join(p.label for p in installed_packages()) or "none installed"
        raise TripreportError(f"no installed model called {spec!r} ({known})")
    if len(matches) > 1:
        choices = ", ".join(f"{m.from_code}_{m.to_code}=={m.package_version}" for m in matches)
        raise TripreportError(f"{spec!r} names several installed models ({choices}); say which")
    shutil.rmtree(matches[0].path)
    return matches[0]
