"""What a type checker sees of the models, in a user's own code checked with mypy --strict."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import mypy.api
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "activity_systems"


def mypy_errors(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, config: str = "[mypy]\n"
) -> list[str]:
    """mypy --strict on ``code`` as a user's module, with ``config`` rather than the
    project's configuration (by default, none: no pydantic plugin)."""
    monkeypatch.setenv("MYPYPATH", str(PACKAGE.parent))
    source = tmp_path / "user_code.py"
    source.write_text(textwrap.dedent(code), encoding="utf-8")
    config_file = tmp_path / "mypy.ini"
    config_file.write_text(config, encoding="utf-8")
    stdout, _, _ = mypy.api.run(
        [
            "--strict",
            "--no-incremental",
            "--follow-imports=silent",
            "--cache-dir",
            str(tmp_path / "cache"),
            "--config-file",
            str(config_file),
            str(source),
        ]
    )
    return [line for line in stdout.splitlines() if ": error:" in line]


def test_optional_fields_may_be_left_out_without_the_pydantic_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Type checkers read a model's constructor from its fields (PEP 681) and see a default
    # only when it is given as default=; a positional Field(None, ...) made every optional
    # field a required argument in the user's code.
    errors = mypy_errors(
        """
        import activity_systems as a

        weeks = a.DurationRange.parse
        subject = a.Element(id="subject", label="Psychiatrist")
        report = a.Tool(id="report", label="Psychiatric report", turnaround=weeks("4-8 weeks"))
        remit = a.Rule(id="remit", label="Remit", withholds=("sentencing-advice",))
        nurses = a.Element(id="nurses", label="Nurses")
        obj = a.ObjectElement(id="object", label="Service user")
        mhs = a.ActivitySystem(
            id="mhs", subject=subject, object=obj, tools=(report,), rules=(remit,),
            community=(nurses,),
        )
        case = a.Case(title="Reports", systems=(mhs,))
        """,
        tmp_path,
        monkeypatch,
    )
    assert errors == []


def test_every_field_default_is_given_by_keyword() -> None:
    positional = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Field"
        and node.args
    ]
    assert positional == [], "write Field(default=...), which type checkers read as a default"


def test_the_documented_forms_pass_with_the_pydantic_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # docs/api.md, "Type checking your own code", says what passes with the plugin.
    errors = mypy_errors(
        """
        import activity_systems as a

        court = a.ActivitySystem(
            id="court",
            subject="Magistrate",
            object={"label": "Defendant", "values": ["punishment"]},
            rules=[{"id": "targets", "label": "Time targets", "time_limit": "3 weeks"}],
            community=["Defence lawyers"],
            division_of_labour=[a.Task(id="request", label="Request a report", by="subject")],
        )
        mhs = a.ActivitySystem(
            id="mhs",
            subject="Psychiatrist",
            object="Service user",
            tools=[a.Tool(id="report", label="Psychiatric report", turnaround="4-8 weeks")],
        )
        report = a.Exchange(
            id="court-report", label="Report", from_="mhs", to="court", takes="mhs.report"
        )
        case = a.Case(title="Reports", systems=[court, mhs], exchanges=[report])
        """,
        tmp_path,
        monkeypatch,
        config="[mypy]\nplugins = pydantic.mypy\n",
    )
    assert errors == []


def test_an_id_derived_from_the_label_may_be_left_out_without_the_pydantic_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The library derives an element's id from its label; its field declared no default,
    # so type checkers made ``id`` a required argument.
    errors = mypy_errors(
        """
        import activity_systems as a

        request = a.Tool(label="Written request")
        targets = a.Rule(label="Time targets")
        nurses = a.Element(label="Nurses")
        user = a.ObjectElement(label="Service user")
        screening = a.Task(task="Screening", by="subject")
        """,
        tmp_path,
        monkeypatch,
    )
    assert errors == []


def test_an_id_derived_from_the_label_may_be_left_out_with_the_pydantic_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors = mypy_errors(
        """
        import activity_systems as a

        request = a.Tool(label="Written request")
        screening = a.Task(label="Screening", by="subject")
        report = a.Exchange(label="Report", from_="mhs", to="court")
        """,
        tmp_path,
        monkeypatch,
        config="[mypy]\nplugins = pydantic.mypy\n",
    )
    assert errors == []


def test_an_exchange_is_built_with_from_underscore_without_the_pydantic_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Declared with alias="from", the producer was the argument from= for type checkers,
    # which no Python code can write.
    errors = mypy_errors(
        """
        import activity_systems as a

        report = a.Exchange(label="Report", from_="mhs", to="court")
        print(report.from_)
        """,
        tmp_path,
        monkeypatch,
    )
    assert errors == []


def test_an_exchange_reads_and_writes_from_as_a_case_file_does() -> None:
    import activity_systems as a

    built = a.Exchange(label="Report", from_="mhs", to="court")
    read = a.Exchange.model_validate({"label": "Report", "from": "mhs", "to": "court"})
    assert built == read
    assert built.model_dump()["from"] == "mhs"
    assert "from" in a.case_schema()["definitions"]["Exchange"]["properties"]


def test_every_derived_id_is_declared_with_a_default() -> None:
    from pydantic import BaseModel

    import activity_systems as a

    models: list[type[BaseModel]] = [
        a.Element,
        a.ObjectElement,
        a.Tool,
        a.Rule,
        a.Task,
        a.Exchange,
    ]
    required = [model.__name__ for model in models if model.model_fields["id"].is_required()]
    assert required == []
    assert a.Tool(label="Written request").id == "written-request"
    assert a.Exchange.model_validate({"label": "Report", "from": "mhs", "to": "court"}).id == (
        "report"
    )
