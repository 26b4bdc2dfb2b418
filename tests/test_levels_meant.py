"""A level or an integration level misspelt in Python says which was meant, as a case
file's loader says it."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from activity_systems import DeclaredContradiction, IntegrationAssessment, Task, check, load
from activity_systems.errors import UnknownIdError


def test_a_misspelt_level_of_by_level_names_the_level_meant() -> None:
    report = check(load("examples/court-reports.yaml"))
    levels = report.by_level()
    with pytest.raises(KeyError) as raised:
        levels["quartenary"]
    assert isinstance(raised.value, UnknownIdError)
    assert str(raised.value) == (
        "no level 'quartenary' (did you mean 'quaternary'?): by_level() has 'primary', "
        "'secondary', 'tertiary', 'quaternary' and 'none'"
    )
    with pytest.raises(KeyError, match="no level 'AS101': by_level\\(\\) has 'primary'"):
        levels["AS101"]


def test_by_level_is_still_a_dict_of_every_level() -> None:
    levels = check(load("examples/court-reports.yaml")).by_level()
    assert isinstance(levels, dict)
    assert list(levels) == ["primary", "secondary", "tertiary", "quaternary", "none"]
    assert levels.get("quartenary") is None
    assert dict(levels) == levels


@pytest.mark.parametrize(
    ("field", "given", "meant"),
    [("current", "linked", "linkage"), ("desired", "Co-ordination", "coordination")],
)
def test_a_misspelt_integration_level_names_the_level_meant(
    field: str, given: str, meant: str
) -> None:
    levels = {"current": "linkage", "desired": "linkage", field: given}
    with pytest.raises(ValidationError) as raised:
        IntegrationAssessment(between=("court", "mhs"), **levels)
    [error] = raised.value.errors()
    assert (error["loc"], error["type"]) == ((field,), "enum")
    assert error["msg"] == (
        f"{given!r} is not allowed (did you mean {meant!r}?); expected 'full-segregation', "
        "'linkage', 'coordination', 'cooperation' or 'full-integration'"
    )


def test_a_misspelt_level_of_contradiction_names_the_level_meant() -> None:
    with pytest.raises(ValidationError) as raised:
        DeclaredContradiction(between=["court.subject", "mhs.subject"], level="secundary")
    [error] = raised.value.errors()
    assert (error["loc"], error["type"]) == (("level",), "literal_error")
    assert error["msg"] == (
        "'secundary' is not allowed (did you mean 'secondary'?); expected 'primary', "
        "'secondary', 'tertiary' or 'quaternary'"
    )


def test_a_value_like_none_allowed_lists_them_without_a_guess() -> None:
    with pytest.raises(ValidationError) as raised:
        Task(label="Screening", basis="paid")
    assert raised.value.errors()[0]["msg"] == (
        "'paid' is not allowed; expected 'core', 'statutory', 'contracted', 'voluntary', "
        "'private-consultancy' or 'over-workload'"
    )
