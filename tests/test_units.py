"""Every unit an analyte is written in converts to its own: ``ddxbot kb lint`` says so before a
message stating a value in it could fail to be read."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from adapters.cli import app
from knowledge import DATA_DIR
from support.yaml_files import read_yaml

runner = CliRunner()


def _lint_with_platelet_unit(tmp_path: Path, unit: str):
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    path = root / "analytes.yaml"
    data = read_yaml(path)
    data["analytes"]["platelets"]["unit"] = unit
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return runner.invoke(app, ["kb", "lint", "--knowledge", str(root)])


def test_lint_rejects_a_unit_pint_cannot_convert_to(tmp_path):
    # pint cannot express a target unit with a scaling factor: "10^9/L" must be written "1/nL".
    result = _lint_with_platelet_unit(tmp_path, "10^9/L")
    assert result.exit_code == 1
    assert "analytes.yaml: platelets.other_units: '1/uL' does not convert to '10^9/L'" in result.output


def test_lint_accepts_the_shipped_units(tmp_path):
    result = _lint_with_platelet_unit(tmp_path, "1/nL")
    assert "other_units" not in result.output
    assert result.exit_code == 0, result.output
