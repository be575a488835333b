"""The knowledge cache: built once, read back the same, rebuilt when stale or damaged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge import DATA_DIR, Knowledge, load_knowledge
from knowledge.cache import cached
from knowledge.validated import _load_cached


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DDXBOT_CACHE_DIR", str(folder))
    return folder


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_second_read_comes_from_the_cache_without_building(cache):
    build, calls = counting({"rls": [1, 2, 3]})
    assert cached("thing", "k1", build) == {"rls": [1, 2, 3]}
    assert cached("thing", "k1", build) == {"rls": [1, 2, 3]}
    assert len(calls) == 1


def test_a_new_key_rebuilds_and_replaces_the_old_entry(cache):
    cached("thing", "k1", counting("old")[0])
    build, calls = counting("new")
    assert cached("thing", "k2", build) == "new" and calls == [1]
    assert [p.name for p in cache.glob("thing-*.pickle")] == ["thing-k2.pickle"]


@pytest.mark.parametrize("damage", [b"", b"not a pickle at all", b"\x80\x05\x95garbage"])
def test_a_damaged_entry_is_rebuilt(cache, damage):
    cached("thing", "k1", counting("good")[0])
    (cache / "thing-k1.pickle").write_bytes(damage)
    build, calls = counting("good")
    assert cached("thing", "k1", build) == "good" and calls == [1]
    assert cached("thing", "k1", build) == "good" and calls == [1]  # and written back whole


def test_an_entry_of_the_wrong_kind_is_rebuilt(cache):
    cached("thing", "k1", counting("a string")[0])
    build, calls = counting(3)
    assert cached("thing", "k1", build, int) == 3 and calls == [1]


def test_an_unwritable_folder_means_no_cache_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("DDXBOT_CACHE_DIR", str(blocker / "cache"))  # a folder under a file
    build, calls = counting("value")
    assert cached("thing", "k", build) == "value"
    assert cached("thing", "k", build) == "value" and calls == [1, 1]


def test_off_disables_it(tmp_path, monkeypatch):
    monkeypatch.setenv("DDXBOT_CACHE_DIR", "off")
    build, calls = counting("value")
    cached("thing", "k", build)
    cached("thing", "k", build)
    assert calls == [1, 1]


def test_knowledge_from_the_cache_equals_the_knowledge_read(cache, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    _load_cached.cache_clear()
    fresh = load_knowledge(root)
    assert len(list(cache.glob("knowledge-*.pickle"))) == 1
    _load_cached.cache_clear()
    again = load_knowledge(root)
    assert again is not fresh and isinstance(again, Knowledge)
    assert again.version == fresh.version
    assert again.conditions == fresh.conditions and again.findings == fresh.findings


def test_an_edited_knowledge_file_is_read_afresh(cache, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATA_DIR, root)
    _load_cached.cache_clear()
    before = load_knowledge(root)
    card = sorted((root / "conditions").rglob("*.yaml"))[0]
    card.write_text(card.read_text().replace("\nsummary: ", "\nsummary: Edited. ", 1))
    _load_cached.cache_clear()
    after = load_knowledge(root)
    assert after.version != before.version
    assert after.conditions[card.stem].summary.startswith("Edited.")
    _load_cached.cache_clear()


def test_the_pipeline_from_the_cache_reads_text_as_the_fresh_one(cache, core):
    from bot.nlu import FindingExtractor

    texts = [
        "62F, nocturnal calf cramps, no swelling, on furosemide",
        "denies back pain; numb left foot for 3 weeks, knee jerks absent",
        "hip pain in a 30 year old man; if it swells he will come back; mother had a DVT",
    ]
    built = FindingExtractor(core.kb)  # builds and stores
    assert len(list(cache.glob("pipeline-*.pickle"))) == 1
    loaded = FindingExtractor(core.kb)  # reads it back
    for text in texts:
        a, b = built.extract(text), loaded.extract(text)
        assert (a.present, a.absent, a.age) == (b.present, b.absent, b.age)
        assert a.present  # the texts do hold findings


def test_the_tables_from_the_cache_score_as_the_fresh_ones(cache, core):
    from dataclasses import fields

    import numpy as np

    from bot.differential import DifferentialModel

    fresh = DifferentialModel(core.kb)
    stored = DifferentialModel.cached(core.kb)  # builds and stores
    assert len(list(cache.glob("tables-*.pickle"))) == 1
    loaded = DifferentialModel.cached(core.kb)  # reads it back
    assert loaded.kb is core.kb and loaded.conditions == fresh.conditions
    for model in (stored, loaded):
        for table in fields(fresh.links):
            assert np.array_equal(getattr(model.links, table.name), getattr(fresh.links, table.name)), table.name
        post = model.score({"site_calf", "timing_nocturnal", "quality_cramp"}, {"quality_swelling"})
        assert np.allclose(
            post.probability, fresh.score({"site_calf", "timing_nocturnal", "quality_cramp"}, {"quality_swelling"}).probability
        )
