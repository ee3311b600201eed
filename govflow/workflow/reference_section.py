"""The ``references`` section of a workflow file -> a :class:`ReferenceScheme`."""

from __future__ import annotations

from typing import Any

from govflow.workflow.definition import Mark, Prefix, ReferenceScheme, Relabel
from govflow.workflow.yaml_reader import Reader as _Reader
from govflow.workflow.yaml_reader import show as _show

REFERENCE_KEYS = {"code", "prefixes", "relabel", "alternatives", "alternative_label", "marks"}
PREFIX_KEYS = {"meaning", "width", "entry", "legacy", "read_also", "in_text_after"}
MARK_KEYS = {"meaning", "flag", "milestone"}
RELABEL_KEYS = {"trigger", "from", "to"}


def parse_references(r: _Reader, value: Any) -> ReferenceScheme:
    data = r.mapping(value, "references", REFERENCE_KEYS)
    prefixes_raw = data.get("prefixes")
    prefixes = []
    if not isinstance(prefixes_raw, dict) or not prefixes_raw:
        r.problem("references.prefixes", "expected a mapping of prefixes (DP, MP, ...)")
        prefixes_raw = {}
    for name, raw in prefixes_raw.items():
        path = f"references.prefixes.{name}"
        p = r.mapping(raw, path, PREFIX_KEYS)
        prefixes.append(
            Prefix(
                prefix=str(name).upper(),
                meaning=r.text(p, "meaning", path),
                width=r.integer(p, "width", path, default=0) or 0,
                entry=r.names(p.get("entry"), f"{path}.entry"),
                legacy=r.flag(p, "legacy", path, default=False),
                read_also=tuple(
                    a.upper() for a in r.names(p.get("read_also"), f"{path}.read_also")
                ),
                in_text_after=r.names(p.get("in_text_after"), f"{path}.in_text_after"),
            )
        )
    relabels = []
    relabel_raw = data.get("relabel") or []
    if not isinstance(relabel_raw, list):
        r.problem("references.relabel", f"expected a list of relabels, got {_show(relabel_raw)}")
        relabel_raw = []
    for i, raw in enumerate(relabel_raw):
        path = f"references.relabel[{i}]"
        rl = r.mapping(raw, path, RELABEL_KEYS)
        relabels.append(
            Relabel(
                trigger=r.text(rl, "trigger", path),
                from_prefix=r.text(rl, "from", path).upper(),
                to_prefix=r.text(rl, "to", path).upper(),
            )
        )
    return ReferenceScheme(
        code=r.text(data, "code", "references"),
        prefixes=tuple(prefixes),
        relabels=tuple(relabels),
        alternatives=r.flag(data, "alternatives", "references", default=True),
        alternative_label=r.text(data, "alternative_label", "references", required=False),
        marks=_marks(r, data.get("marks")),
    )


def _marks(r: _Reader, value: Any) -> tuple[Mark, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        r.problem(
            "references.marks", f"expected a mapping of marks (V, FT, ...), got {_show(value)}"
        )
        return ()
    marks = []
    for suffix, raw in value.items():
        path = f"references.marks.{suffix}"
        m = r.mapping(raw, path, MARK_KEYS)
        marks.append(
            Mark(
                suffix=str(suffix).upper(),
                meaning=r.text(m, "meaning", path),
                flag=r.text(m, "flag", path, required=False),
                milestone=r.text(m, "milestone", path, required=False),
            )
        )
    return tuple(marks)
