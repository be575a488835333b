"""The knowledge a process answers from: read, linted, and cached (in the process and on disk).

Apart from ``knowledge.loader`` (reading) and ``knowledge.lint`` (checking), so that neither
imports the other: this module uses both.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from knowledge.cache import cached, code_version
from knowledge.lint import lint
from knowledge.loader import DATA_DIR, Knowledge, KnowledgeError, _digest, read_knowledge


def load_knowledge(root: Path | str | None = None) -> Knowledge:
    """The validated knowledge base; raises ``KnowledgeError`` listing every problem."""
    return _load_cached((Path(root) if root else DATA_DIR).resolve())  # one entry per folder, however named


@lru_cache(maxsize=4)
def _load_cached(root: Path) -> Knowledge:
    """Once per process; across processes from the user cache while files and code are unchanged
    (only a valid knowledge base is stored, so a broken one is reported every time)."""
    code = code_version(Path(__file__).parent.glob("*.py"), libraries=("pydantic", "PyYAML"))
    return cached("knowledge", f"{_digest(root)[:24]}-{code}", lambda: _validated(root), Knowledge)


def _validated(root: Path) -> Knowledge:
    kb, problems = read_knowledge(root)
    if kb is not None:
        problems += [p for p in lint(kb, slow=False) if p.severity == "error"]
    if kb is None or problems:
        raise KnowledgeError(problems)
    return kb
