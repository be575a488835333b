"""Reads the YAML knowledge base into validated models, once per process.

Layout under ``knowledge/data/``: ``scoring.yaml``, ``questions.yaml``, ``sources/*.yaml``
(each a ``sources:`` list), ``findings/*.yaml`` (each a ``findings:`` list) and
``conditions/<family>/<id>.yaml`` (one condition each). Every problem is collected with its file and field, so that ``ddxbot kb lint``
can report all of them at once instead of stopping at the first.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.schema import Analyte, Condition, Finding, Language, Question, ScopeData, Scoring, Source

DATA_DIR = Path(__file__).parent / "data"


# libyaml's parser is ten times faster than the pure-Python one; the result is the same.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Yaml12Loader(_SafeLoader):  # type: ignore[misc, valid-type]
    """Safe loader where only true/false are booleans: 'yes', 'no', 'on' stay words (YAML 1.2)."""

    def construct_mapping(self, node, deep=False):
        """A key given twice is an error, as YAML 1.2 says: PyYAML keeps the last one silently,
        and six conditions with two ``requires:`` had each lost one of their rules."""
        seen: set[str] = set()
        for key_node, _ in node.value:  # the keys as written: nothing constructed twice
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key_node.value!r}", key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)


_Yaml12Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_first])


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str
    severity: str = "error"  # or "warning": reported by lint, never blocks loading

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{self.severity}: {where}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge base has problems; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"knowledge base has {len(problems)} problem(s):\n{shown}{more}")


@dataclass
class Knowledge:
    findings: dict[str, Finding]
    conditions: dict[str, Condition]
    questions: dict[str, Question]
    sources: dict[str, Source]
    scoring: Scoring
    analytes: dict[str, Analyte]
    version: str
    origin: dict[str, str] = field(default_factory=dict)  # "kind:id" -> file it came from
    language: Language = field(default_factory=Language)  # chat wording rules (language.yaml)
    scope: ScopeData | None = None  # what the knowledge covers (scope.yaml)

    def where(self, kind: str, item_id: str) -> str:
        return self.origin.get(f"{kind}:{item_id}", "?")


def _read_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)  # noqa: S506 (safe loader)
    except yaml.YAMLError as exc:
        problems.append(Problem(str(path.relative_to(root)), "", f"not valid YAML: {exc}"))
        return None


def _validate(model: type[BaseModel], raw: Any, rel: str, prefix: str, problems: list[Problem]):
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = ".".join(str(x) for x in err["loc"])
            problems.append(Problem(rel, f"{prefix}{loc}".rstrip("."), err["msg"]))
        return None


def _read_list(path: Path, root: Path, key: str, model: type[BaseModel], problems: list[Problem]):
    rel = str(path.relative_to(root))
    raw = _read_yaml(path, root, problems)
    if raw is None:
        return []
    if not isinstance(raw, dict) or not isinstance(raw.get(key), list):
        problems.append(Problem(rel, key, f"expected a top-level '{key}:' list"))
        return []
    items = []
    for i, entry in enumerate(raw[key]):
        item = _validate(model, entry, rel, f"{key}[{i}].", problems)
        if item is not None:
            items.append((rel, item))
    return items


def _collect(kind: str, pairs, problems: list[Problem], origin: dict[str, str]) -> dict:
    out: dict = {}
    for rel, item in pairs:
        if item.id in out:
            first = origin[f"{kind}:{item.id}"]
            problems.append(Problem(rel, "id", f"duplicate {kind} id '{item.id}' (also in {first})"))
            continue
        out[item.id] = item
        origin[f"{kind}:{item.id}"] = rel
    return out


def _read_analytes(root: Path, problems: list[Problem]) -> dict[str, Analyte]:
    """Analytes by id; a bare list of names is an analyte without a unit."""
    path = root / "analytes.yaml"
    raw = _read_yaml(path, root, problems) if path.exists() else {}
    table = (raw or {}).get("analytes", {})
    if not isinstance(table, dict):
        problems.append(Problem("analytes.yaml", "analytes", "expected a mapping of analyte -> names or fields"))
        return {}
    out = {}
    for key, entry in table.items():
        entry = {"names": entry} if isinstance(entry, list) else entry
        analyte = _validate(Analyte, entry, "analytes.yaml", f"analytes.{key}.", problems)
        if analyte is not None:
            out[str(key)] = analyte.model_copy(update={"names": [n.lower() for n in analyte.names]})
    return out


def _read_language(root: Path, problems: list[Problem]) -> Language | None:
    """Chat wording rules; a knowledge folder without the file reads plain text only."""
    path = root / "language.yaml"
    if not path.exists():
        return Language()
    return _validate(Language, _read_yaml(path, root, problems) or {}, "language.yaml", "", problems)


def _files(root: Path) -> list[Path]:
    """Every file the knowledge is read from."""
    files = [
        root / "scoring.yaml",
        root / "analytes.yaml",
        root / "language.yaml",
        root / "scope.yaml",
        root / "questions.yaml",
        *(root / "sources").glob("*.yaml"),
    ]
    files += [*(root / "findings").glob("*.yaml"), *(root / "conditions").rglob("*.yaml")]
    return sorted(f for f in files if f.exists())


def _digest(root: Path) -> str:
    """The knowledge's contents as a hex digest: its version, and its cache key."""
    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def read_knowledge(root: Path = DATA_DIR) -> tuple[Knowledge | None, list[Problem]]:
    """Parse and schema-validate every file; cross-references are checked by ``lint``."""
    problems: list[Problem] = []
    origin: dict[str, str] = {}
    scoring_raw = _read_yaml(root / "scoring.yaml", root, problems) if (root / "scoring.yaml").exists() else None
    if scoring_raw is None:
        problems.append(Problem("scoring.yaml", "", "missing or empty"))
        return None, problems
    scoring = _validate(Scoring, scoring_raw, "scoring.yaml", "", problems)

    source_pairs = []
    for path in sorted((root / "sources").glob("*.yaml")):
        source_pairs += _read_list(path, root, "sources", Source, problems)
    sources = _collect("source", source_pairs, problems, origin)
    questions = _collect("question", _read_list(root / "questions.yaml", root, "questions", Question, problems), problems, origin)
    finding_pairs = []
    for path in sorted((root / "findings").glob("*.yaml")):
        finding_pairs += _read_list(path, root, "findings", Finding, problems)
    findings = _collect("finding", finding_pairs, problems, origin)

    condition_pairs = []
    condition_files = sorted((root / "conditions").rglob("*.yaml"))
    for path in condition_files:
        rel = str(path.relative_to(root))
        raw = _read_yaml(path, root, problems)
        if raw is None:
            continue
        condition = _validate(Condition, raw, rel, "", problems)
        if condition is None:
            continue
        if condition.id != path.stem:
            problems.append(Problem(rel, "id", f"id '{condition.id}' differs from the file name '{path.stem}'"))
        if condition.family != path.parent.name:
            problems.append(Problem(rel, "family", f"family '{condition.family}' differs from its folder"))
        condition_pairs.append((rel, condition))
    conditions = _collect("condition", condition_pairs, problems, origin)

    analytes = _read_analytes(root, problems)
    language = _read_language(root, problems)
    scope_raw = _read_yaml(root / "scope.yaml", root, problems) if (root / "scope.yaml").exists() else None
    scope = _validate(ScopeData, scope_raw, "scope.yaml", "", problems) if scope_raw is not None else None
    if scoring is None or language is None:
        return None, problems
    version = _digest(root)[:12]
    kb = Knowledge(findings, conditions, questions, sources, scoring, analytes, version, origin, language=language, scope=scope)
    return kb, problems
