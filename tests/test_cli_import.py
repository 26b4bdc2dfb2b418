"""``activity-systems import``: a spreadsheet's services and exchanges, saved as CSV,
into a case file, in-process."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from cli_errors import one_error_line

import activity_systems as a
from activity_systems.cli import main

SERVICES = (
    "Name,Sector,Subject,Object,Tools,Community\r\n"
    'Northgate CMHT,MHS,Psychiatrist,Service user,"Psychiatric report\nRisk tool",'
    "Nurses; Social workers\r\n"
    "Southport Magistrates\u2019 court,CJS,Magistrate,Defendant,Written request,Legal advisers\r\n"
)
EXCHANGES = (
    "From,To,What,Takes\r\n"
    "Northgate CMHT,Southport Magistrates' court,Psychiatric report,4-8 weeks\r\n"
)


@pytest.fixture
def sheets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The two sheets, as Excel's 'CSV UTF-8' saves them, in the current folder."""
    monkeypatch.chdir(tmp_path)
    services = tmp_path / "services.csv"
    services.write_bytes(SERVICES.encode("utf-8-sig"))
    exchanges = tmp_path / "exchanges.csv"
    exchanges.write_bytes(EXCHANGES.encode("utf-8-sig"))
    return services, exchanges


def test_import_writes_the_case_and_says_what_to_run_next(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "services.csv", "exchanges.csv", "-o", "case.yaml"]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "wrote case.yaml, 2 services and 1 exchange: go on with the case file there (value "
        "tags, time limits, integration), then run: activity-systems check case.yaml\n"
    )
    case = a.load("case.yaml")
    assert case == a.case_from_csv(*sheets, title="services")
    assert [system.id for system in case.systems] == [
        "northgate-cmht",
        "southport-magistrates-court",
    ]
    (exchange,) = case.exchanges
    assert (exchange.from_, exchange.to) == ("northgate-cmht", "southport-magistrates-court")


@pytest.mark.parametrize("name", ["case.yaml", "case.json"])
def test_the_case_written_loads_and_checks(
    name: str, sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The round trip a facilitator makes: import, then check the file written. The
    check finds (exit 1: the sheets say nobody's task produces the report), and does
    not fail to load (exit 2)."""
    assert main(["import", "services.csv", "exchanges.csv", "-o", name, "--title", "Region"]) == 0
    capsys.readouterr()
    assert main(["check", name, "--format", "json"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    assert '"AS401"' in out
    assert a.load(name).title == "Region"
    if name.endswith(".json"):
        assert Path(name).read_text(encoding="utf-8").startswith("{")


def test_dash_writes_the_yaml_to_standard_output(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "services.csv", "exchanges.csv", "-o", "case.yaml"]) == 0
    capsys.readouterr()
    assert main(["import", "services.csv", "exchanges.csv", "-o", "-"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (Path("case.yaml").read_text(encoding="utf-8"), "")


def test_the_services_sheet_alone_gives_a_case(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "services.csv", "-o", "case.yaml"]) == 0
    assert capsys.readouterr().err.startswith("wrote case.yaml, 2 services: ")
    assert not a.load("case.yaml").exchanges


def test_an_existing_file_is_replaced_only_with_force(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The case file is where the work goes on after the import: importing again must
    not lose it unless told to."""
    Path("case.yaml").write_text("# edited by hand\n", encoding="utf-8")
    assert main(["import", "services.csv", "-o", "case.yaml"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: case.yaml: already exists; use --force to overwrite it"
    )
    assert Path("case.yaml").read_text(encoding="utf-8") == "# edited by hand\n"
    assert main(["import", "services.csv", "-o", "case.yaml", "--force"]) == 0
    assert len(a.load("case.yaml").systems) == 2


@pytest.mark.parametrize("output", ["services.csv", "exchanges.csv", "./services.csv"])
def test_a_sheet_is_never_overwritten(
    output: str, sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "services.csv", "exchanges.csv", "-o", output, "--force"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {Path(output)}: refusing to overwrite the input file"
    )
    assert sheets[0].read_bytes() == SERVICES.encode("utf-8-sig")
    assert sheets[1].read_bytes() == EXCHANGES.encode("utf-8-sig")


def test_a_link_to_a_sheet_is_not_written_through(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    os.symlink("exchanges.csv", "case.yaml")
    assert main(["import", "services.csv", "-o", "case.yaml", "--force"]) == 2
    err = one_error_line(capsys.readouterr().err)
    assert err.startswith("activity-systems: case.yaml: refusing to write through a link to ")
    assert err.endswith("exchanges.csv, not a case file")
    assert sheets[1].read_bytes() == EXCHANGES.encode("utf-8-sig")


def test_a_sheet_s_errors_are_told_at_its_row_and_column_and_nothing_is_written(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    sheets[1].write_text(
        "From,To,What\nNorthgate CMHTT,Southport Magistrates' court,Report\n", encoding="utf-8"
    )
    Path("case.yaml").write_text("# the earlier import\n", encoding="utf-8")
    assert main(["import", "services.csv", "exchanges.csv", "-o", "case.yaml", "--force"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert one_error_line(err) == (
        "activity-systems: exchanges.csv: row 2, column A (From): 'Northgate CMHTT' names no "
        "service (did you mean 'Northgate CMHT', row 2?)"
    )
    assert Path("case.yaml").read_text(encoding="utf-8") == "# the earlier import\n"
    assert sorted(path.name for path in Path().iterdir()) == [
        "case.yaml",
        "exchanges.csv",
        "services.csv",
    ]


def test_several_problems_are_each_told_on_a_line(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    sheets[0].write_text("Name,Subject,Object,Comunity\nCourt,,Defendant,\n", encoding="utf-8")
    assert main(["import", "services.csv", "-o", "case.yaml"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "activity-systems: services.csv: row 1, column D: unknown column 'Comunity' (did you "
        "mean 'community'?); the columns are id, name, sector, description, source, subject, "
        "object, outcome, tools, rules, community, division-of-labour, and a note column's "
        "header starts with '#' (and 1 more problem)",
        "activity-systems: services.csv: row 2, column B (Subject): empty; a service needs one "
        "(a merged cell exports its value in its first row only: unmerge it and fill the "
        "value down before exporting)",
    ]
    assert not Path("case.yaml").exists()


def test_a_windows_export_is_told_the_option_that_reads_it(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Excel's plain 'CSV' on a Western Windows is Windows-1252: the error advises the
    command's option, not the Python argument a facilitator cannot give."""
    sheets[0].write_bytes(SERVICES.encode("cp1252"))
    assert main(["import", "services.csv", "-o", "case.yaml"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: services.csv: row 3, column A (Name): byte 0x92 is not UTF-8 "
        "('\u2019' in Windows-1252): export the sheet as 'CSV UTF-8', or give --encoding "
        "cp1252 for a Windows export"
    )
    argv = ["import", "services.csv", "exchanges.csv", "-o", "case.yaml", "--encoding", "cp1252"]
    assert main(argv) == 0
    assert a.load("case.yaml").systems[1].name == "Southport Magistrates\u2019 court"


def test_python_is_still_told_its_argument(sheets: tuple[Path, Path]) -> None:
    sheets[0].write_bytes(SERVICES.encode("cp1252"))
    with pytest.raises(a.CaseFileError, match=r"or give encoding='cp1252' for a Windows"):
        a.case_from_csv(sheets[0], title="T")


@pytest.mark.parametrize("encoding", ["klingon", "hex", "base64"])
def test_an_unknown_encoding_is_a_usage_error(
    encoding: str, sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "services.csv", "-o", "case.yaml", "--encoding", encoding]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"activity-systems import: error: argument --encoding: {encoding!r} is not an "
        "encoding: give utf-8, or cp1252 for a Windows export"
    )
    assert not Path("case.yaml").exists()


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["import", "-", "-o", "case.yaml"],
            "import reads sheets saved as CSV files; standard input (-) is read by check and "
            "compare only: save the sheet to a file first",
        ),
        (
            ["import", "services.csv", "exchanges.csv", "more.csv", "-o", "case.yaml"],
            "import reads two sheets at most, the services and the exchanges, not 3 "
            "(services.csv, exchanges.csv, more.csv): put the rows of each kind into one sheet",
        ),
        (
            ["import", "", "-o", "case.yaml"],
            "an empty name is not a sheet; give the services sheet, saved as CSV",
        ),
        (
            ["import", "services.csv", "-o", "case.csv"],
            "case.csv: cannot write a case file with the extension '.csv': use .yaml, .yml or "
            ".json",
        ),
        (
            ["import", "missing.csv", "-o", "case.yaml"],
            "missing.csv: cannot read the sheet: No such file or directory",
        ),
    ],
)
def test_refusals_are_one_line_and_write_nothing(
    argv: list[str], said: str, sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert one_error_line(capsys.readouterr().err) == f"activity-systems: {said}"
    assert sorted(path.name for path in Path().iterdir()) == ["exchanges.csv", "services.csv"]


def test_a_workbook_is_refused_with_how_to_save_a_sheet_as_csv(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    Path("services.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 26 + b"[Content_Types].xml")
    assert main(["import", "services.xlsx", "-o", "case.yaml"]) == 2
    err = one_error_line(capsys.readouterr().err)
    assert err.startswith("activity-systems: services.xlsx: the file is ")
    assert "save each sheet as CSV" in err


def test_a_title_is_needed_and_defaults_to_the_sheet_s_name(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "services.csv", "-o", "case.yaml", "--title", " "]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "activity-systems import: error: argument --title: a case needs a title; give one "
        "with a word in it"
    )
    assert main(["import", "services.csv", "-o", "case.yaml"]) == 0
    assert a.load("case.yaml").title == "services"


@pytest.mark.parametrize(
    ("output", "said"),
    [
        ("case.yaml", "interrupted; no output file was left half-written"),
        ("-", "interrupted; standard output may be incomplete"),
    ],
)
def test_interrupted_it_says_what_may_be_cut_short(
    output: str,
    said: str,
    sheets: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def stopped(*args: object, **kwargs: object) -> a.Case:
        raise KeyboardInterrupt

    monkeypatch.setattr("activity_systems.io.spreadsheet.case_of_sheets", stopped)
    assert main(["import", "services.csv", "-o", output]) == 130
    assert one_error_line(capsys.readouterr().err) == f"activity-systems: {said}"
    assert not Path("case.yaml").exists()


def test_a_sheet_s_name_that_is_not_utf8_still_gives_a_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name in Latin-1 on Linux (an old archive's) reaches Python holding a lone
    surrogate: the title made of it is readable text, not a refusal that blames the
    sheet's contents."""
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"Dienste \xfc.csv")
    Path(name).write_bytes(SERVICES.encode("utf-8"))
    assert main(["import", name, "-o", "case.yaml"]) == 0
    capsys.readouterr()
    assert a.load("case.yaml").title == "Dienste ?"


def test_a_sheet_that_is_no_file_needs_a_title(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """``import <(...)`` names its sheet ``/dev/fd/63``, a pipe (``/dev/null`` here, a
    device, which is told alike): no title to make of that name."""
    assert main(["import", os.devnull, "-o", "case.yaml"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        f"activity-systems: {os.devnull}: is not a regular file (a pipe, a socket or a "
        "device); the case's title is made of the sheet's file name: give one with --title"
    )
    assert not Path("case.yaml").exists()


def test_a_title_refused_is_told_as_the_title_not_as_the_sheet(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A --title holding a control character (pasted with a direction mark) was told as
    a problem of the services sheet, which has none."""
    assert main(["import", "services.csv", "-o", "case.yaml", "--title", "Court\u202e"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: services.csv: the case's title: contains the bidirectional "
        "control character U+202E at character 6: it can make text display differently "
        "from what it says; remove it"
    )
    assert not Path("case.yaml").exists()


def test_a_sheet_whose_name_makes_no_title_needs_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A sheet named ' .csv' made the title ' ', which was told as 'a label may not be
    empty' of the sheet, naming neither the title nor --title."""
    monkeypatch.chdir(tmp_path)
    Path(" .csv").write_bytes(SERVICES.encode("utf-8"))
    assert main(["import", " .csv", "-o", "case.yaml"]) == 2
    assert one_error_line(capsys.readouterr().err) == (
        "activity-systems: .csv: the case's title is made of the sheet's file name, which "
        "has no word in it: give one with --title"
    )
    assert not Path("case.yaml").exists()
    assert main(["import", " .csv", "-o", "case.yaml", "--title", "Services"]) == 0
    assert a.load("case.yaml").title == "Services"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["exchanges.csv", "services.csv"],
            [
                "exchanges.csv: row 1: the columns are those of a sheet of exchanges (From, To, "
                "What, Takes): give the sheet of services first, then the sheet of exchanges",
                "services.csv: row 1: the columns are those of a sheet of services (Name, Sector, "
                "Subject, Object, Tools, Community): give the sheet of services first, then "
                "the sheet of exchanges",
            ],
        ),
        (
            ["services.csv", "services.csv"],
            [
                "services.csv: row 1: the columns are those of a sheet of services (Name, Sector, "
                "Subject, Object, Tools, Community): give the sheet of services first, then "
                "the sheet of exchanges",
            ],
        ),
    ],
)
def test_sheets_given_in_the_wrong_order_are_told_so(
    argv: list[str], said: list[str], sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Each header cell is no column of its sheet: said once for the sheet, not once for
    each cell."""
    assert main(["import", *argv, "-o", "case.yaml"]) == 2
    assert [
        line.removesuffix(" (and 1 more problem)") for line in capsys.readouterr().err.splitlines()
    ] == [f"activity-systems: {line}" for line in said]
    assert not Path("case.yaml").exists()


def test_a_utf8_sheet_without_a_byte_order_mark_is_read_so_beside_a_windows_one(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """LibreOffice and Google Sheets save UTF-8 without the byte-order mark: given with a
    sheet from Excel's plain 'CSV', which needs --encoding cp1252, it is not read as
    Windows-1252 ('Magistratesâ€™ court')."""
    sheets[0].write_bytes(SERVICES.encode("cp1252"))
    sheets[1].write_bytes(EXCHANGES.replace("Magistrates'", "Magistrates\u2019").encode("utf-8"))
    argv = ["import", "services.csv", "exchanges.csv", "-o", "case.yaml", "--encoding", "cp1252"]
    assert main(argv) == 0
    capsys.readouterr()
    utf8 = (io.BytesIO(SERVICES.encode("utf-8")), io.BytesIO(EXCHANGES.encode("utf-8")))
    assert a.load("case.yaml") == a.case_from_csv(*utf8, title="services")


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["import", "services.csv", "-o", "-case.yaml"],
            "-case.yaml: a name starting with '-' is read as an option, not as the value of "
            "-o; name the file ./-case.yaml (activity-systems import services.csv -o "
            "./-case.yaml)",
        ),
        (
            ["import", "-services.csv", "-o", "case.yaml"],
            "-services.csv: a name starting with '-' is read as an option; name the file "
            "./-services.csv (activity-systems import ./-services.csv -o case.yaml)",
        ),
        (
            ["import", "services.csv", "-exchange.csv", "-o", "case.yaml"],
            "-exchange.csv: a name starting with '-' is read as an option; name the file "
            "./-exchange.csv (activity-systems import services.csv ./-exchange.csv -o "
            "case.yaml)",
        ),
        (
            ["import", "--", "services.csv", "-o", "case.yaml"],
            "-o: each word after -- is read as a file's name; put the options before it "
            "(activity-systems import -o case.yaml -- services.csv)",
        ),
    ],
)
def test_names_starting_with_a_dash_are_told_as_for_the_other_commands(
    argv: list[str], said: str, sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    Path("-services.csv").write_bytes(SERVICES.encode("utf-8"))
    assert main(argv) == 2
    assert one_error_line(capsys.readouterr().err) == f"activity-systems: {said}"
    assert not Path("case.yaml").exists()
    assert not Path("-case.yaml").exists()


def test_a_case_file_named_with_a_leading_dash_is_checked_as_it_is_named(
    sheets: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "services.csv", "-o", "./-case.yaml"]) == 0
    assert capsys.readouterr().err.endswith("then run: activity-systems check ./-case.yaml\n")
    assert a.load("-case.yaml").title == "services"
