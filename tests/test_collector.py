"""The collector is held off only while the core loads, and what loaded is frozen (bot.collector)."""

import gc

from bot.collector import collector_paused


def test_collection_is_off_inside_and_restored_after():
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
        loaded = [[i] for i in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(loaded)
    gc.unfreeze()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_the_setting_is_restored_when_loading_fails():
    gc.enable()
    try:
        with collector_paused():
            raise RuntimeError("the knowledge did not load")
    except RuntimeError:
        pass
    assert gc.isenabled()
    gc.unfreeze()
