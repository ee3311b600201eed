"""All SQL in store/: the modules outside it that may still import SQLAlchemy are listed one by one
(``tests/test_architecture.py: LIBRARIES``); each listed module must still need it, so the list
only shrinks as statements move into store/ modules by subject."""

from __future__ import annotations

from tests.test_architecture import HOUSE, LIBRARIES, imports


def test_every_module_allowed_sqlalchemy_outside_the_store_still_imports_it() -> None:
    listed = [name for name in LIBRARIES["sqlalchemy"] if not name.startswith("govflow.store")]
    stale = [
        name
        for name in listed
        if not any(i.target.split(".")[0] == "sqlalchemy" for i in imports(HOUSE, HOUSE[name]))
    ]
    assert stale == [], f"no longer imports sqlalchemy: take it off the list: {stale}"


def test_no_module_outside_the_store_and_the_list_imports_sqlalchemy() -> None:
    allowed = LIBRARIES["sqlalchemy"]
    found = sorted(
        module.name
        for module in HOUSE.values()
        if not any(module.name == a or module.name.startswith(a + ".") for a in allowed)
        and any(i.target.split(".")[0] == "sqlalchemy" for i in imports(HOUSE, module))
    )
    assert found == []
