"""A pickle cache, in the user cache folder, of what is built from the knowledge.

Parsing and validating some 250 YAML files and building the phrase matcher from ten thousand
synonyms takes seconds that a one-shot ``ddxbot ask`` should not pay every time. An entry is
keyed by the knowledge files' contents and by the code and library versions that built it, so a
changed file or an upgrade builds afresh; an entry that cannot be read is rebuilt and replaced.
``DDXBOT_CACHE_DIR`` moves the folder (a container image builds it in); ``off`` disables it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


def cache_dir() -> Path | None:
    """``DDXBOT_CACHE_DIR``, else the user cache folder (``~/.cache/ddxbot`` on Linux); None when off."""
    configured = os.environ.get("DDXBOT_CACHE_DIR", "").strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("ddxbot", appauthor=False))


def code_version(sources: Iterable[str | Path], libraries: Iterable[str] = ()) -> str:
    """A digest of the source files that build an entry, the Python version and the libraries'
    versions whose objects it pickles: any change in them makes a different key."""
    digest = hashlib.sha256(sys.version.encode())
    for source in sorted(str(s) for s in sources):
        digest.update(Path(source).read_bytes())
    for name in libraries:
        digest.update(f"{name}={metadata.version(name)}".encode())
    return digest.hexdigest()[:16]


def cached(name: str, key: str, build: Callable[[], T], kind: type | None = None) -> T:
    """The object stored under ``name`` and ``key``, else ``build()``'s result, stored for next time.

    A missing, unreadable or foreign entry (not a ``kind``) is rebuilt; a folder that cannot be
    written only means no cache.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as f:
            value = pickle.load(f)  # noqa: S301 — our own file in the user's own cache folder
        if kind is None or isinstance(value, kind):
            return value
        log.debug("cache entry %s holds a %s; rebuilding", path.name, type(value).__name__)
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 — truncated, corrupt, or from other code: rebuild
        log.debug("cache entry %s unreadable (%s); rebuilding", path.name, type(exc).__name__)
    value = build()
    _store(folder, name, path, value)
    return value


def _store(folder: Path, name: str, path: Path, value: object) -> None:
    """Write atomically (a reader sees the old entry or the new, never half of one) and drop the
    entries of ``name`` that other keys left behind."""
    tmp: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}-", delete=False) as f:
            tmp = Path(f.name)
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except Exception as exc:  # noqa: BLE001 — a full disk or a read-only folder only means no cache
        log.debug("cache entry %s not written (%s); going on without", path.name, type(exc).__name__)
        if tmp is not None:
            tmp.unlink(missing_ok=True)
