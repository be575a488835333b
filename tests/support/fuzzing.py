"""Hypothesis profiles: the full example counts in CI, a fifth of them on a developer's machine.

``tests/conftest.py`` registers both and loads ``HYPOTHESIS_PROFILE`` (``.ci/run`` sets ``ci``);
each fuzz test states its full count through ``scaled`` so that the profile sets the scale and
the tests keep their relative weights.
"""

from __future__ import annotations

from hypothesis import settings

FULL = 100  # the ci profile's max_examples: a test's own count applies unchanged


def register() -> None:
    settings.register_profile("ci", max_examples=FULL, deadline=None, print_blob=True)
    settings.register_profile("dev", max_examples=FULL // 5, deadline=None)


def scaled(full: int) -> int:
    """``full`` examples under the ci profile, proportionally fewer under a lighter one."""
    return max(10, full * settings.default.max_examples // FULL)
