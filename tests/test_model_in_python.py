"""A case built and changed in Python: what its errors show."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from activity_systems import ActivitySystem, Case


def two_systems(**extra: object) -> Case:
    court = ActivitySystem(
        id="court",
        subject="Magistrate",
        object="Defendant",
        rules=[{"id": "targets", "label": "Remand", "time_limit": "3 weeks"}],
    )
    mhs = ActivitySystem(
        id="mhs",
        subject="Psychiatrist",
        object="Service user",
        tools=[{"id": "report", "label": "Report", "turnaround": "4-8 weeks"}],
    )
    return Case.model_validate({"title": "T", "systems": [court, mhs], **extra})


EXCHANGE = {
    "id": "court-report",
    "label": "Report",
    "from": "mhs",
    "to": "court",
    "takes": "mhs.report",
    "needed_within": "court.targets",
}


@pytest.mark.parametrize(
    "make",
    [
        lambda: two_systems(exchanges=[EXCHANGE | {"to": "crt"}]),  # a model's own check
        lambda: two_systems(exchanges=[EXCHANGE | {"to": 5}]),  # a type, reworded
        lambda: two_systems(exchanges=[EXCHANGE | {"takes": "soon"}]),  # a duration
        lambda: two_systems(declared=[{"between": ["court.targets", "mhs.report"]}]),  # left out
        lambda: setattr(two_systems(), "title", "New"),  # a frozen model
    ],
)
def test_an_error_of_a_case_built_in_python_links_to_no_page_of_pydantic(make: object) -> None:
    with pytest.raises(ValidationError) as caught:
        make()  # type: ignore[operator]
    shown = str(caught.value)
    assert "errors.pydantic.dev" not in shown
    assert "For further information" not in shown
    assert "input_value" not in shown


def test_a_reference_error_keeps_its_type_place_and_words_without_the_link() -> None:
    with pytest.raises(ValidationError) as caught:
        two_systems(exchanges=[EXCHANGE | {"to": "crt"}])
    (error,) = caught.value.errors()
    assert error["type"] == "value_error"
    assert error["loc"] == ("exchanges", 0, "to")
    assert error["msg"] == "Value error, no system has the id 'crt' (did you mean 'court'?)"
    assert str(error["ctx"]["error"]) == "no system has the id 'crt' (did you mean 'court'?)"
