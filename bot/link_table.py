"""The conditions × findings table of the differential, stored by column as what differs.

A condition lists some thirty findings of the four thousand; every other cell of its row holds
its column's unlisted value (the finding's leak rate). Held dense, the log likelihood ratios,
link kinds and hallmarks of 1,800 conditions took 73 MB of every web worker; held as the listed
cells of each column beside one default per column they take a few. Scoring reads a handful of
columns (the findings of one case) and rebuilds only those.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np


class LinkKind:
    """How a condition holds a finding: listed, listed as against, a site in a region it lists
    elsewhere, not at all (every cell not stored), an age or sex outside the ones it lists."""

    LISTED, AGAINST, ANATOMY, UNLISTED, PROFILE = range(5)


@dataclass(frozen=True)
class LinkTable:
    n_rows: int
    starts: np.ndarray  # (findings + 1,): column f's cells are rows[starts[f]:starts[f + 1]]
    rows: np.ndarray  # condition index of each stored cell, ascending within a column
    kind: np.ndarray  # LinkKind of each stored cell
    hallmark: np.ndarray  # whether the condition marks the finding characteristic
    present: np.ndarray  # log LR of the finding present
    absent: np.ndarray  # log LR of the finding denied
    present_default: np.ndarray  # (findings,): log LR present of an unlisted cell
    absent_default: np.ndarray

    @classmethod
    def build(
        cls, prob: np.ndarray, kind: np.ndarray, hallmark: np.ndarray, unlisted_prob: np.ndarray, background: np.ndarray
    ) -> LinkTable:
        """From the dense P(finding | condition) and link kinds: the cells whose kind is not
        unlisted are stored (those are the cells whose rate is not the column's leak rate)."""
        stored = (kind != LinkKind.UNLISTED).T  # column-major: nonzero() walks it column by column
        cols, rows = np.nonzero(stored)
        rates = prob.T[stored]
        return cls(
            n_rows=prob.shape[0],
            starts=np.searchsorted(cols, np.arange(prob.shape[1] + 1)).astype(np.int64),
            rows=rows.astype(np.int32),
            kind=kind.T[stored],
            hallmark=hallmark.T[stored],
            present=_log_lr_present(rates, background[cols]),
            absent=_log_lr_absent(rates, background[cols]),
            present_default=_log_lr_present(unlisted_prob, background),
            absent_default=_log_lr_absent(unlisted_prob, background),
        )

    def present_columns(self, cols: Sequence[int]) -> np.ndarray:
        """(conditions, len(cols)) log likelihood ratios of these findings present."""
        return self._dense(self.present, self.present_default[list(cols)], cols)

    def absent_columns(self, cols: Sequence[int]) -> np.ndarray:
        return self._dense(self.absent, self.absent_default[list(cols)], cols)

    def kind_columns(self, cols: Sequence[int]) -> np.ndarray:
        return self._dense(self.kind, np.full(len(cols), LinkKind.UNLISTED, dtype=self.kind.dtype), cols)

    def hallmark_columns(self, cols: Sequence[int]) -> np.ndarray:
        return self._dense(self.hallmark, np.zeros(len(cols), dtype=bool), cols)

    def present_at(self, row: int, col: int) -> float:
        i = self._find(row, col)
        return float(self.present_default[col] if i is None else self.present[i])

    def absent_at(self, row: int, col: int) -> float:
        i = self._find(row, col)
        return float(self.absent_default[col] if i is None else self.absent[i])

    def kind_at(self, row: int, col: int) -> int:
        i = self._find(row, col)
        return LinkKind.UNLISTED if i is None else int(self.kind[i])

    def _dense(self, cells: np.ndarray, defaults: np.ndarray, cols: Sequence[int]) -> np.ndarray:
        out = np.empty((self.n_rows, len(cols)), dtype=cells.dtype)
        out[:] = defaults
        for j, c in enumerate(cols):
            s, e = self.starts[c], self.starts[c + 1]
            out[self.rows[s:e], j] = cells[s:e]
        return out

    def _find(self, row: int, col: int) -> int | None:
        rows, starts = self._lookup
        s, e = starts[col], starts[col + 1]
        i = bisect_left(rows, row, s, e)
        return i if i < e and rows[i] == row else None

    @cached_property
    def _lookup(self) -> tuple[array, list[int]]:
        """The rows and column starts as plain Python sequences: a turn's reasons look up some
        hundred single cells, and bisecting these is ten times quicker than numpy on a slice."""
        return array("i", self.rows.astype(np.int32, copy=False).tobytes()), self.starts.tolist()


# Single precision: the tables live as long as the worker.
def _log_lr_present(rate: np.ndarray, background: np.ndarray) -> np.ndarray:
    return np.log(rate.astype(np.float32)) - np.log(background).astype(np.float32)


def _log_lr_absent(rate: np.ndarray, background: np.ndarray) -> np.ndarray:
    return np.log1p(-rate.astype(np.float32)) - np.log1p(-background).astype(np.float32)
