"""`make api-diff`'s Python part: griffe's breakages, plus what griffe does not see, the attrs models' __init__."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.api_diff import python_api_diff

MODEL = '''\
from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .types import UNSET, Unset


@_attrs_define
class Card:
    instrument_id: str
{fields}
    additional_properties: dict[str, object] = _attrs_field(init=False, factory=dict)


class Plain:
    """Not an attrs class: its annotations make no __init__."""

    label: str
{plain_fields}'''


def _changes(tmp_path: Path, old_fields: str, new_fields: str, new_plain_fields: str = "") -> dict[str, bool]:
    """Change -> breaking, between two versions of a package `pkg` whose model Card has these fields."""
    modules = []
    for side, fields, plain_fields in (("old", old_fields, ""), ("new", new_fields, new_plain_fields)):
        package = tmp_path / side / "pkg"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("from .card import Card, Plain\n", encoding="utf-8")
        (package / "types.py").write_text("class Unset: ...\n\n\nUNSET = Unset()\n", encoding="utf-8")
        (package / "card.py").write_text(MODEL.format(fields=fields, plain_fields=plain_fields), encoding="utf-8")
        modules.append(python_api_diff.load("pkg", tmp_path / side))
    old, new = modules
    assert old is not None
    assert new is not None
    return {str(change): change.breaking for change in python_api_diff.diff(old, new)}


def test_a_field_becoming_required_breaks_building_the_model(tmp_path: Path) -> None:
    changes = _changes(tmp_path, "    nickname: str | Unset = UNSET\n", "    nickname: str\n")
    assert changes == {"pkg.card.Card: field nickname now a required argument of Card(...)": True}


def test_a_required_field_added_breaks_building_the_model(tmp_path: Path) -> None:
    changes = _changes(tmp_path, "", "    nickname: str\n")
    assert changes["pkg.card.Card: field nickname now a required argument of Card(...)"] is True
    assert changes["pkg.card.Card.nickname: public name added"] is False


@pytest.mark.parametrize(
    ("old_fields", "new_fields"),
    [
        ("", "    nickname: str | Unset = UNSET\n"),  # an optional field added
        ("    nickname: str\n", "    nickname: str | Unset = UNSET\n"),  # a required field made optional
    ],
)
def test_optional_fields_break_nothing(tmp_path: Path, old_fields: str, new_fields: str) -> None:
    assert not any(_changes(tmp_path, old_fields, new_fields).values())


def test_annotations_of_a_class_that_is_not_a_model_are_not_fields(tmp_path: Path) -> None:
    changes = _changes(tmp_path, "", "", new_plain_fields="    size: int\n")
    assert changes == {"pkg.card.Plain.size: public name added": False}
