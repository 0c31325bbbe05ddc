"""Photos scaled and cached (tripreport/images.py): the cache only saves time, but never hides a bug."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tripreport import images, outputs


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "stand.png"
    Image.new("RGB", (2400, 1200), "teal").save(path)
    return path


def test_a_cache_that_cannot_be_written_costs_only_time(photo: Path, tmp_path: Path, monkeypatch) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(outputs, "write_atomic", full)
    uri = images.scaled_data_uri(photo, tmp_path / "cache")
    assert uri is not None and uri.startswith("data:image/jpeg;base64,")
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").iterdir())


def test_a_bug_while_caching_a_photo_is_not_swallowed(photo: Path, tmp_path: Path, monkeypatch) -> None:
    def buggy(path: Path, data: bytes) -> None:
        raise TypeError("a bug in the cache code")

    monkeypatch.setattr(outputs, "write_atomic", buggy)
    with pytest.raises(TypeError, match="a bug in the cache code"):
        images.scaled_data_uri(photo, tmp_path / "cache")
