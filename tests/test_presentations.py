"""Classic presentations of each condition family, in our own words (tests/presentations/*.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.yaml_files import read_yaml

CASES = [
    pytest.param(case, id=f"{path.stem}:{case['expect']}:{i}")
    for path in sorted((Path(__file__).parent / "presentations").glob("*.yaml"))
    for i, case in enumerate(read_yaml(path)["presentations"])
]


@pytest.mark.parametrize("case", CASES)
def test_condition_lands_where_expected(core, case):
    assert case["expect"] in core.kb.conditions, f"unknown condition {case['expect']}"
    found = core.extractor.extract(case["text"])
    post = core.model.score(found.present, found.absent)
    order = [core.model.condition_ids[i] for i in post.order()]
    rank = order.index(case["expect"]) + 1
    assert rank <= case.get("rank_within", 5), f"rank {rank}; top: {order[:5]}"
