"""spaCy and medspaCy imported without the parts this project never runs.

``import spacy`` imports spaCy's command line (``spacy.cli``: requests, Jinja2, weasel, the model
downloader) only to offer ``spacy.info``: a tenth of a second of every cold start. ``import
medspacy`` imports QuickUMLS, and with it NLTK, only to register a UMLS-linking factory this
project never adds: a quarter of a second. A stand-in module answers each of those imports and
is removed again, so an explicit ``import spacy.cli`` or ``import quickumls`` later still gets
the real package, and ``spacy.info`` calls the real one.
"""

from __future__ import annotations

import contextlib
import sys
import types
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def _standing_in(name: str, **attributes: Any) -> Iterator[None]:
    real = sys.modules.get(name)
    stand_in = types.ModuleType(name)
    for key, value in attributes.items():
        setattr(stand_in, key, value)
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        if real is None:
            del sys.modules[name]
        else:
            sys.modules[name] = real


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> None:
    """Import spaCy without its command line (before anything else imports spaCy)."""
    if "spacy" in sys.modules:
        return
    with _standing_in("spacy.cli.info", info=_spacy_info):
        import spacy  # noqa: F401


def import_medspacy() -> None:
    """Import medspaCy without QuickUMLS."""
    if "medspacy" in sys.modules:
        return
    import_spacy()
    with _standing_in("quickumls", spacy_component=None):
        import medspacy  # noqa: F401
