"""The real files' manifest and the local cache that holds the files themselves (they are not in git: see
tests/fixtures/real/README.md). One place for the tests that read them."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

MANIFEST = Path(__file__).parent / "fixtures" / "real" / "manifest.toml"
ENTRIES: list[dict] = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["file"]


def cache_dir() -> Path:
    return Path(os.environ.get("JIXIAO_REAL_DIR", "/work/real-cache"))


def cached(entry: dict) -> Path:
    """The real file of a manifest entry; the test is skipped where the local cache does not hold it."""
    path = cache_dir() / f"{entry['id']}.{entry['ext']}"
    if not path.is_file():
        pytest.skip(f"real file {path.name} not in the local cache {cache_dir()} (see tests/fixtures/real/README.md)")
    return path
