"""Building a case from a spreadsheet's services and exchanges, exported as CSV."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import activity_systems as a

HEADER = "Name,Sector,Subject,Object,Tools,Rules,Community,Division of labour\r\n"


def _write(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def services(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "services.csv",
        HEADER + 'Northgate CMHT ,MHS,Psychiatrist  ,Service user,"Psychiatric report\nRisk tool",'
        'Mental Health Act;,Nurses; Social workers;,"Assess\nWrite report"\r\n'
        ",,,,,,,\r\n"
        "Southport Magistrates\u2019 court,CJS,Magistrate,Defendant,Written request,"
        "Remand targets,Legal advisers,Request report\r\n",
    )


@pytest.fixture
def exchanges(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "exchanges.csv",
        "From,To,What,Takes\r\nnorthgate cmht,Southport Magistrates\u2019 court,"
        "Psychiatric report,4-8 weeks\r\n,,,\r\n",
    )


def test_a_spreadsheet_gives_a_case(services: Path, exchanges: Path) -> None:
    case = a.case_from_csv(services, exchanges, title="Regional services")
    assert [s.id for s in case.systems] == ["northgate-cmht", "southport-magistrates-court"]
    first = case.systems[0]
    assert first.name == "Northgate CMHT"
    assert first.subject.label == "Psychiatrist"
    assert [t.label for t in first.tools] == ["Psychiatric report", "Risk tool"]
    assert [r.label for r in first.rules] == ["Mental Health Act"]
    assert [c.label for c in first.community] == ["Nurses", "Social workers"]
    assert [t.label for t in first.division_of_labour] == ["Assess", "Write report"]
    assert case.systems[1].name == "Southport Magistrates\u2019 court"
    (exchange,) = case.exchanges
    assert (exchange.from_, exchange.to, exchange.label) == (
        "northgate-cmht",
        "southport-magistrates-court",
        "Psychiatric report",
    )


def test_the_case_written_by_dump_loads_back_the_same(
    services: Path, exchanges: Path, tmp_path: Path
) -> None:
    case = a.case_from_csv(services, exchanges, title="Regional services")
    again = a.case_from_csv(services, exchanges, title="Regional services")
    assert again == case
    for name in ("case.yaml", "case.json"):
        written = a.dump(case, tmp_path / name)
        assert a.load(written) == case


def test_a_semicolon_separated_windows_1252_export(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "services.csv",
        HEADER.replace(",", ";") + "Magistrates\u2019 court;CJS;Magistrate;Defendant;;;;\r\n",
        encoding="cp1252",
    )
    with pytest.raises(a.CaseFileError) as raised:
        a.case_from_csv(path, title="t")
    assert str(raised.value).startswith(f"{path}: row 2, column A (Name): ")
    assert "byte 0x92" in str(raised.value)
    assert "encoding='cp1252'" in str(raised.value)
    case = a.case_from_csv(path, title="t", encoding="cp1252")
    assert case.systems[0].name == "Magistrates\u2019 court"


def test_a_duplicate_name_names_both_rows(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "services.csv",
        HEADER + "A team,MHS,S,O,,,,\r\n\r\nA team ,MHS,S,O,,,,\r\n",
    )
    with pytest.raises(a.CaseFileError) as raised:
        a.case_from_csv(path, title="t")
    assert str(raised.value) == (
        f"{path}: row 4, column A (Name): 'A team' is the name of row 2 too: "
        "give each service its own name, or an Id column"
    )


def test_an_empty_required_cell_says_so_and_mentions_merged_cells(tmp_path: Path) -> None:
    path = _write(tmp_path / "services.csv", HEADER + "A team,MHS,,O,,,,\r\n")
    with pytest.raises(a.CaseFileError) as raised:
        a.case_from_csv(path, title="t")
    message = str(raised.value)
    assert message.startswith(f"{path}: row 2, column C (Subject): empty")
    assert "merged" in message


def test_an_unknown_column_is_refused_with_the_closest(tmp_path: Path) -> None:
    path = _write(tmp_path / "services.csv", "Name,Subject,Object,Comunity\r\nA,S,O,C\r\n")
    with pytest.raises(a.CaseFileError) as raised:
        a.case_from_csv(path, title="t")
    assert str(raised.value).startswith(
        f"{path}: row 1, column D: unknown column 'Comunity' (did you mean 'community'?)"
    )


def test_an_exchange_to_an_unknown_service(services: Path, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "exchanges.csv",
        "From,To,What,Takes\r\nNorthgate CMHT,Southport Magistrates' court,Report,\r\n"
        "Northgate CMHT,Nowhere,Report,six weeks\r\n",
    )
    with pytest.raises(a.CaseFileError) as raised:
        a.case_from_csv(services, path, title="t")
    messages = [p.message for p in raised.value.problems]
    assert messages == ["row 3, column B (To): 'Nowhere' names no service"]


def test_a_bad_duration_is_placed_at_its_cell(services: Path, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "exchanges.csv",
        "From,To,What,Takes\r\nNorthgate CMHT,Northgate CMHT,Report,six weeks\r\n",
    )
    with pytest.raises(a.CaseFileError) as raised:
        a.case_from_csv(services, path, title="t")
    assert str(raised.value).startswith(f"{path}: row 2, column D (Takes): ")


def test_a_utf8_sheet_beside_a_windows_1252_one(tmp_path: Path) -> None:
    # One colleague's export in Windows-1252, the other in Excel's "CSV UTF-8": the
    # byte-order mark says UTF-8 whatever encoding is given.
    services = _write(
        tmp_path / "services.csv",
        HEADER.replace(",", ";") + "Magistrates\u2019 court;CJS;Magistrate;Defendant;;;;\r\n"
        "Mind;Third sector;Support worker;Client;;;;\r\n",
        encoding="cp1252",
    )
    exchanges = _write(
        tmp_path / "exchanges.csv", "From,To,What\r\nMind,Magistrates\u2019 court,Advice\r\n"
    )
    case = a.case_from_csv(services, exchanges, title="t", encoding="cp1252")
    assert case.exchanges[0].to == "magistrates-court"


def test_exchanges_are_not_refused_for_a_services_sheet_that_cannot_be_read(
    exchanges: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "servces.csv"
    with pytest.raises(a.CaseFileError) as raised:
        a.case_from_csv(missing, exchanges, title="t")
    assert [str(p) for p in raised.value.problems] == [
        f"{missing}: cannot read the sheet: No such file or directory"
    ]


def test_note_columns_and_an_empty_trailing_column_are_skipped(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "services.csv",
        "Name,Subject,Object,# Contact,\r\nA team,S,O,jo@example.org,\r\n",
    )
    case = a.case_from_csv(path, title="t")
    assert case.systems[0].id == "a-team"


def _two_services(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "services.csv",
        "Name,Subject,Object,Tools\r\nCourt,Magistrate,Defendant,Request\r\n"
        "CMHT,Psychiatrist,Patient,Psychiatric report\r\nMind,Worker,Client,\r\n",
    )


def test_one_label_between_several_pairs_gives_ids_of_each_pair(tmp_path: Path) -> None:
    exchanges = _write(
        tmp_path / "exchanges.csv",
        "From,To,What,Expects\r\nCMHT,Court,Referral,sentencing advice; diagnosis\r\n"
        "Mind,Court,Referral,\r\nCMHT,Mind,Advice,\r\n",
    )
    case = a.case_from_csv(_two_services(tmp_path), exchanges, title="t")
    assert [e.id for e in case.exchanges] == [
        "referral-cmht-court",
        "referral-mind-court",
        "advice",
    ]
    assert set(case.exchanges[0].expects) == {"sentencing-advice", "diagnosis"}


def test_an_exchange_written_twice_names_both_rows(tmp_path: Path) -> None:
    exchanges = _write(
        tmp_path / "exchanges.csv", "From,To,What\r\nCMHT,Court,Report\r\ncmht,court,Report \r\n"
    )
    with pytest.raises(a.CaseFileError) as raised:
        a.case_from_csv(_two_services(tmp_path), exchanges, title="t")
    assert [p.message for p in raised.value.problems] == [
        "row 3, column C (What): the exchange of row 2 again (from, to and what alike): "
        "write it once, or give each an Id column"
    ]


def test_an_item_twice_in_a_cell_is_told_at_that_cell(tmp_path: Path) -> None:
    services = _write(
        tmp_path / "services.csv",
        'Name,Subject,Object,Community\r\nCourt,M,D,"Clerks;\nclerks"\r\n',
    )
    exchanges = _write(tmp_path / "exchanges.csv", "From,To,What\r\nCourt,court,Loop\r\n")
    with pytest.raises(a.CaseFileError) as raised:
        a.case_from_csv(services, exchanges, title="t")
    # The exchange naming the refused service is not refused for it as well.
    assert [p.message for p in raised.value.problems] == [
        "row 2, column D (Community): 'clerks' is 'Clerks' again (both are 'clerks'): "
        "write each item once"
    ]


def test_the_models_errors_are_placed_at_their_cells(tmp_path: Path) -> None:
    exchanges = _write(
        tmp_path / "exchanges.csv",
        "From,To,What,Takes,Needed within\r\nCMHT,Court,Report,court.request,court.none\r\n",
    )
    with pytest.raises(a.CaseFileError) as raised:
        a.case_from_csv(_two_services(tmp_path), exchanges, title="t")
    places = [p.message.split(": ", 1)[0] for p in raised.value.problems]
    assert sorted(places) == ["row 2, column D (Takes)", "row 2, column E (Needed within)"]


def test_the_same_sheets_give_the_same_bytes(
    services: Path, exchanges: Path, tmp_path: Path
) -> None:
    first = a.dump(a.case_from_csv(services, exchanges, title="t"), tmp_path / "1.yaml")
    second = a.dump(a.case_from_csv(services, exchanges, title="t"), tmp_path / "2.yaml")
    assert first.read_bytes() == second.read_bytes()


def test_a_sheet_larger_than_a_case_file_may_be_is_refused(tmp_path: Path) -> None:
    from activity_systems.io.loading import MAX_FILE_SIZE

    path = _write(tmp_path / "services.csv", HEADER + "A,B,C,D,,,,\r\n" * (MAX_FILE_SIZE // 12))
    with pytest.raises(a.CaseFileError) as raised:
        a.case_from_csv(path, title="t")
    assert (
        str(raised.value) == f"{path}: the sheet is over 10 MiB, as a case file may not be either"
    )


def test_a_line_separator_or_vertical_tab_inside_a_cell_keeps_its_row(tmp_path: Path) -> None:
    # Text pasted from Word keeps its manual line breaks (a vertical tab) and a web
    # page's U+2028, written unquoted: they are part of the cell, not the end of its row.
    sheet = _write(
        tmp_path / "services.csv",
        "Name,Subject,Object,Tools\r\nCourt\u2028North,Magistrate,Defendant,Report\x0bRisk\r\n"
        "Team,Nurse,Patient,\x0c\r\n",
    )
    case = a.case_from_csv(sheet, title="T")
    assert [s.name for s in case.systems] == ["Court\u2028North", "Team"]
    assert case.systems[0].subject.label == "Magistrate"
    assert [t.label for t in case.systems[0].tools] == ["Report", "Risk"]
    assert not case.systems[1].tools


def test_a_windows_byte_at_the_start_of_a_row_is_placed_there(tmp_path: Path) -> None:
    sheet = _write(
        tmp_path / "services.csv",
        "Name,Subject,Object\r\n\u2019Court,Magistrate,Defendant\r\n",
        encoding="cp1252",
    )
    with pytest.raises(a.CaseFileError) as caught:
        a.case_from_csv(sheet, title="T")
    (problem,) = caught.value.problems
    assert problem.message.startswith("row 2, column A (Name): byte 0x92 is not UTF-8")


def test_a_windows_byte_in_the_header_is_told_once(tmp_path: Path) -> None:
    sheet = _write(
        tmp_path / "services.csv", "\u2019Name,Subject,Object\r\nCourt,M,D\r\n", encoding="cp1252"
    )
    with pytest.raises(a.CaseFileError) as caught:
        a.case_from_csv(sheet, title="T")
    (problem,) = caught.value.problems
    assert problem.message.startswith("row 1, column A: byte 0x92 is not UTF-8")


@pytest.mark.parametrize(
    ("start", "kind"),
    [
        (b"PK\x03\x04\x14\x00[Content_Types].xml xl/workbook.xml", "an Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "an older Word or Excel document"),
        (b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet", "ZIP"),
    ],
)
def test_a_workbook_given_for_its_csv_is_told_what_it_is(
    tmp_path: Path, start: bytes, kind: str
) -> None:
    sheet = tmp_path / "services.xlsx"
    sheet.write_bytes(start + bytes(range(256)) * 4)
    with pytest.raises(a.CaseFileError) as caught:
        a.case_from_csv(sheet, title="T")
    (problem,) = caught.value.problems
    assert kind in problem.message
    assert "not CSV" in problem.message
    assert "CSV UTF-8" in problem.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excel_unicode_text_in_utf16_is_read(tmp_path: Path, encoding: str) -> None:
    # Excel's "Unicode Text" export: UTF-16, tab-separated.
    sheet = _write(
        tmp_path / "services.txt",
        "Name\tSubject\tObject\r\nMagistrates\u2019 court\tMagistrate\tDefendant\r\n",
        encoding=encoding,
    )
    case = a.case_from_csv(sheet, title="T")
    assert [s.name for s in case.systems] == ["Magistrates\u2019 court"]


def test_a_title_above_the_header_row_is_told_as_such(tmp_path: Path) -> None:
    sheet = _write(
        tmp_path / "services.csv",
        "Services at the MHS/CJS interface,,\r\n,,\r\nName,Subject,Object\r\nCourt,M,D\r\n",
    )
    with pytest.raises(a.CaseFileError) as caught:
        a.case_from_csv(sheet, title="T")
    (problem,) = caught.value.problems
    assert problem.message == (
        "row 1: the columns are named in row 3 (Name, Subject, Object): delete the rows "
        "above it (a title, notes) before exporting"
    )


def test_open_files_and_uploaded_bytes_are_read_as_paths_are(tmp_path: Path) -> None:
    text = "Name;Subject;Object\r\nMagistrates\u2019 court;Magistrate;Defendant\r\n"
    path = _write(tmp_path / "services.csv", text)
    expected = a.case_from_csv(path, title="T")
    with path.open("rb") as file:
        assert a.case_from_csv(file, io.StringIO("From,To,What\n"), title="T") == expected
    windows = io.BytesIO(text.encode("cp1252"))
    assert a.case_from_csv(windows, title="T", encoding="cp1252") == expected
    assert a.case_from_csv(io.StringIO(text), title="T") == expected
    _write(path, text, encoding="cp1252")
    with pytest.raises(a.CaseFileError) as caught, path.open("rb") as file:
        a.case_from_csv(file, title="T")
    assert str(caught.value).startswith(f"{path}: row 2, column A (Name): byte 0x92")
    with pytest.raises(a.CaseFileError) as caught:
        a.case_from_csv(io.BytesIO(b"Name,Subject\nCourt,M\n"), title="T")
    assert str(caught.value).startswith("<stream>: row 1: no column 'Object'")


def test_a_file_opened_as_text_in_another_encoding_or_bytes_given_are_told(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path / "services.csv", "Name\r\nMagistrates\u2019 court\r\n", "cp1252")
    with pytest.raises(a.CaseFileError) as caught, path.open(encoding="utf-8") as file:
        a.case_from_csv(file, title="T")
    assert "open it in binary ('rb')" in str(caught.value)
    with pytest.raises(TypeError, match=r"io\.BytesIO\(data\)"):
        a.case_from_csv(path.read_bytes(), title="T")  # type: ignore[arg-type]


def test_a_quote_never_closed_is_told_at_its_row(tmp_path: Path) -> None:
    # The rows after it would all be read into the one cell, the services in them lost.
    sheet = _write(
        tmp_path / "services.csv",
        'Name,Subject,Object\r\nCourt,Magistrate,"Defendant\r\nTeam,Nurse,Patient\r\n',
    )
    with pytest.raises(a.CaseFileError) as caught:
        a.case_from_csv(sheet, title="T")
    (problem,) = caught.value.problems
    assert problem.message.startswith("row 2: a quote opened in this row is never closed")


def test_a_cell_too_long_for_a_sheet_is_told_at_its_row(tmp_path: Path) -> None:
    sheet = _write(
        tmp_path / "services.csv",
        'Name,Subject,Object,Description\r\nCourt,M,D,"' + "x" * 200_000 + '"\r\n',
    )
    with pytest.raises(a.CaseFileError) as caught:
        a.case_from_csv(sheet, title="T")
    (problem,) = caught.value.problems
    assert problem.message.startswith("row 2: a cell of over 131,072 characters")


def test_a_quote_inside_an_unquoted_cell_is_kept(tmp_path: Path) -> None:
    sheet = _write(tmp_path / "services.csv", 'Name,Subject,Object\r\n"Court" North,M,D\r\n')
    assert a.case_from_csv(sheet, title="T").systems[0].name == "Court North"


def test_a_title_refused_is_told_as_the_title(services: Path) -> None:
    """The title is the caller's, in no cell: its problem is said to be the title's."""
    with pytest.raises(a.CaseFileError) as raised:
        a.case_from_csv(services, title="Court\x07")
    assert [str(problem) for problem in raised.value.problems] == [
        f"{services}: the case's title: contains the control character U+0007 at "
        "character 6; remove it"
    ]
