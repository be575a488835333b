"""Unit conversion for measured values (analytes.yaml), by pint: in the reader and in lint, which
checks that every unit an analyte is written in converts to its own."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _registry():
    """pint's unit registry, made on first use (it takes a few hundred ms to build)."""
    import pint

    return pint.UnitRegistry()


@lru_cache(maxsize=512)
def convert(value: float, unit: str, target: str | None, molar_mass: float | None) -> float:
    """``value`` in ``unit`` expressed in ``target``; mass and molar concentration convert through the molar mass."""
    ureg = _registry()
    quantity = ureg.Quantity(value, unit)
    if molar_mass and quantity.dimensionality != ureg.Quantity(1, target).dimensionality:
        return float(quantity.to(target, "chemistry", mw=molar_mass * ureg("g/mol")).magnitude)
    return float(quantity.to(target).magnitude)
