"""ICD-10-CM codes are checked by ``ddxbot kb lint`` against the CDC tables, and loading skips it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from adapters.cli import app
from knowledge import DATA_DIR
from support.yaml_files import read_yaml

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
RLS = Path("conditions") / "nerve" / "restless_legs_syndrome.yaml"


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    return root


def _lint_with_codes(root: Path, codes: list[str]):
    path = root / RLS
    data = read_yaml(path)
    data["icd10"] = codes
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return runner.invoke(app, ["kb", "lint", "--knowledge", str(root)])


def test_lint_rejects_a_code_the_tables_do_not_hold(knowledge_copy):
    # G25.9 is a billable code with no subdivisions, so G25.99 has the right shape but does not exist.
    result = _lint_with_codes(knowledge_copy, ["G25.81", "G25.99"])
    assert result.exit_code == 1
    assert "conditions/nerve/restless_legs_syndrome.yaml: icd10[1]: 'G25.99' is not an ICD-10-CM code" in result.output


def test_lint_rejects_a_category_as_the_first_code(knowledge_copy):
    result = _lint_with_codes(knowledge_copy, ["G25.8", "G25.81"])
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "icd10[0]" in x)
    assert "restless_legs_syndrome.yaml" in line and "'G25.8'" in line and "not billable" in line
    assert "G25.81" in line  # names the billable codes under it


def test_lint_accepts_a_category_after_a_billable_first_code(knowledge_copy):
    result = _lint_with_codes(knowledge_copy, ["G25.81", "G25.8"])
    assert "icd10" not in result.output
    assert result.exit_code == 0, result.output


def test_lint_warns_when_only_the_unspecified_side_is_listed(knowledge_copy):
    """H81.10 is benign positional vertigo of an unspecified ear: a right-ear code (H81.11) would
    match nothing unless the subcategory spanning both sides (H81.1) is listed too."""
    warned = _lint_with_codes(knowledge_copy, ["H81.10"])
    line = next(x for x in warned.output.splitlines() if "unspecified side only" in x)
    assert "restless_legs_syndrome.yaml" in line and "'H81.1'" in line
    assert "unspecified side only" not in _lint_with_codes(knowledge_copy, ["H81.10", "H81.1"]).output


def test_loading_the_knowledge_does_not_load_the_icd_tables():
    """The tables take seconds to parse: a cold ``ddxbot ask`` must not pay for them."""
    code = "import sys; from knowledge import load_knowledge; load_knowledge(); print('simple_icd_10_cm' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
