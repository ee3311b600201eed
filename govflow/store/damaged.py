"""The text of a damaged JSON column (re-exported by :mod:`govflow.store.rows`; here so that
:mod:`govflow.store.stored_rows`, which rows imports on first use, need not import rows)."""

from __future__ import annotations


class Damaged(str):
    """The text of a JSON column that does not hold the JSON its column should (edited outside
    govflow): ``verify`` reports it as a difference (:mod:`govflow.store.derived_rows`)."""

    __slots__ = ()
