"""The report as a LaTeX table of findings, for an article: ``\\input`` it where the
table goes, inside the article's own ``table`` (or ``table*``, across two columns) with
its caption.

One row per finding, in report order, under a header row: the finding's number (as in
the text report, and on the figures for a report of every finding), its rule, level,
severity and message. The explanations, prompts and keys are left to the CSV table, the
article's supplementary file. Decisions, where nothing else said:

- A ``tabularx`` as wide as the line (``\\linewidth``), its message column taking what
  the others leave and set ragged right, so that the same file fits one column or the
  whole page; rules from ``booktabs``. Both packages come with every LaTeX
  distribution, and the comment the file opens with names them. No float, caption or
  label: those are the article's. It does not break across pages, as a ``longtable``
  would; but a ``longtable`` breaks only outside the article's float with its caption,
  and stops LaTeX on a two-column page, where journals set their tables. So the
  ``tabularx`` stays the default, and its output is as it was.
- ``table="longtable"`` (``check --format latex --table longtable``) writes a
  ``longtable`` instead, for a one-column document (a thesis, a report, an appendix):
  it breaks across as many pages as it takes, its header row repeated at the top of
  each and a ``booktabs`` rule at the foot of each. ``longtable`` is one of LaTeX's
  ``tools``, as ``array`` is (for the message column's ragged right), which every
  distribution has (``xltabular`` and ``ltablex``, which would
  give it a ``tabularx`` column, are not in every one). A ``longtable`` takes no
  ``X`` column, so the message column is a ``p`` column as wide as the line leaves:
  LaTeX measures the four other columns (a ``tabular`` of their header and cells, in a
  box, in the document's own font and size) and gives the message
  ``\\linewidth`` less that, in a group so that nothing of it outlives the table; but
  never less than a third of the line, so that a rule id of its own too long for the
  line (which no line breaks) widens the table past the margin rather than leave the
  messages a word a line, or a width below zero. No
  caption, as for the ``tabularx``: the document's ``\\captionof`` or heading goes
  before it (a ``\\caption`` belongs inside a ``longtable``, where the file cannot
  know it).
- The case's text is escaped so that LaTeX prints it as written: ``\\ & % $ # _ { } ~ ^``
  and ``< > | ` "`` (which LaTeX's default font encoding would print as other
  characters, and babel's German or Dutch read ``"`` as a command) become commands;
  ``--``, ``''`` and ``,,`` are kept apart by a zero kern (``-\\kern0pt-``), where LaTeX
  would join them into a dash or a curly quote (an empty group ``-{}-`` does so in
  pdfLaTeX, not in LuaLaTeX); and a line break is a space, so that no text ends a row or
  starts a paragraph inside a cell.
- Any other character is written as it is, in UTF-8, which LaTeX reads by default
  (since 2018): curly quotes and dashes print in pdfLaTeX; Chinese, Arabic or Greek
  text needs LuaLaTeX or XeLaTeX with a font that has it. A letter and an accent
  written apart after it are composed (NFC) into one character for pdfLaTeX, where
  Unicode has one; the rest of the text is not normalised, so that the ohm sign (which
  pdfLaTeX prints) stays the ohm sign, not the Greek Omega (which stops it);
  ``≤ ≥ ≠ ≈ −``, which pdfLaTeX has no text character for, are written as math signs,
  and a zero-width space as ``\\hspace{0pt}``, the break it marks.
- Letters that only T1 has (``ą``, ``«``, ``„``, ``Þ``, ``Đ``, ``Ŋ``), which stop
  pdfLaTeX in its default OT1 encoding, are written as they are, and the table opens
  with ``\\ProvideTextCommandDefault`` for each command they need, taking them from T1
  where the document's encoding has none; a table without them declares nothing, and is
  the bytes it was.
- A finding without a level (integration, completeness) has ``--`` (an en dash) in
  that column.
- Byte for byte the same file for the same report, lines ending in ``\\n``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import TYPE_CHECKING

from activity_systems.errors import ArgumentError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from activity_systems.rules.finding import Report

#: LaTeX's special characters, and those its default (OT1) encoding prints as others,
#: with what prints each as written.
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "`": r"\textasciigrave{}",
    '"': r"\UseTextSymbol{T1}{\textquotedbl}",  # OT1 has none; T1 is always declared
}
#: Signs that pdfLaTeX has no text character for ("Unicode character ≥ (U+2265) not
#: set up for use with LaTeX"), written as the math signs, the same in every engine; and
#: a zero-width space, invisible in a case file, as the place to break a line it marks.
_NOT_SET_UP = {
    "\u2264": r"\ensuremath{\leq}",
    "\u2265": r"\ensuremath{\geq}",
    "\u2260": r"\ensuremath{\neq}",
    "\u2248": r"\ensuremath{\approx}",
    "\u2212": r"\ensuremath{-}",
    "\u200b": r"\hspace{0pt}",
}
_SPECIAL.update(_NOT_SET_UP)
_SPECIAL_RE = re.compile("[" + re.escape("".join(_SPECIAL)) + "]")
#: The letters and quotes that LaTeX's T1 font encoding has and its default, OT1, has
#: not, by the command LaTeX reads each as (``ą`` is ``\k a``): in pdfLaTeX with OT1
#: each stops the document ("Command \k unavailable in encoding OT1"). A table that
#: holds one declares, for the commands it needs, T1's as the one to use where the
#: document's encoding has none (:func:`encoding_defaults`).
_T1_ONLY = {
    "\\DH": "Ð",
    "\\DJ": "Đ",
    "\\NG": "Ŋ",
    "\\TH": "Þ",
    "\\dh": "ð",
    "\\dj": "đ",
    "\\guillemetleft": "«",
    "\\guillemetright": "»",
    "\\guilsinglleft": "‹",
    "\\guilsinglright": "›",
    "\\k": "ĄąĘęĮįŲųǪǫ˛",
    "\\ng": "ŋ",
    "\\quotedblbase": "„",
    "\\quotesinglbase": "‚",
    "\\th": "þ",
}
_ACCENTS = ("\\k",)
#: A ``-``, ``'`` or ``,`` before the same, which LaTeX would join with it into a dash
#: or a quote (``--``, ``---``, ``''``, and ``,,`` in T1): a zero kern after it keeps
#: them apart in every engine (LuaLaTeX joins them across an empty group ``{}``).
_LIGATURE_RE = re.compile(r"([-',])(?=\1)")
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
#: A dot or an underscore (escaped) inside an id, between a letter or digit and a
#: letter (``court.targets``, ``mhs.full_report``), after which a line may break.
_ID_JOINS = re.compile(r"(?<=\w)(\.|\\_)(?=[^\W\d_])")


def latex_text(text: str) -> str:
    r"""``text`` as LaTeX that prints it as written, on one line.

    >>> print(latex_text("50% of R&D_1 {~x^2}\n<b>"))
    50\% of R\&D\_1 \{\textasciitilde{}x\textasciicircum{}2\} \textless{}b\textgreater{}
    >>> print(latex_text("4--8 weeks, ``quoted''"))
    4-\kern0pt-8 weeks, \textasciigrave{}\textasciigrave{}quoted'\kern0pt'
    """
    one_line = _LINE_BREAKS.sub(" ", _accents_joined(text))
    escaped = _SPECIAL_RE.sub(lambda match: _SPECIAL[match[0]], one_line)
    return _LIGATURE_RE.sub(r"\1\\kern0pt", escaped)


def _accents_joined(text: str) -> str:
    """``text`` with each letter and the accents written apart after it (``e`` and
    U+0301, as text pasted from some PDFs has it) composed (NFC) into one character,
    which pdfLaTeX prints; every other character as written. Composing the whole text
    would also change characters that need no composing: the ohm sign, which pdfLaTeX
    prints, into the Greek Omega, which stops it, and a CJK compatibility ideograph into
    another glyph."""
    if unicodedata.is_normalized("NFC", text):
        return text
    pieces: list[str] = []
    for char in text:
        if pieces and unicodedata.category(char).startswith("M"):
            pieces[-1] += char
        else:
            pieces.append(char)
    return "".join(
        unicodedata.normalize("NFC", piece) if len(piece) > 1 else piece for piece in pieces
    )


def breakable_ids(latex: str) -> str:
    r"""``latex`` (escaped by :func:`latex_text`) with a place for a line break,
    ``\hspace{0pt}``, after each dot or underscore inside an id, which has no space to
    break at (``(mhs.confidentiality)``); a zero space rather than ``\allowbreak``, so
    that LaTeX may hyphenate the word after it too. A number's decimal point (``1.5``)
    and a dot that ends a sentence get none.

    >>> print(breakable_ids(latex_text("(mhs.confidentiality) and (a_b.c), 1.5 weeks.")))
    (mhs.\hspace{0pt}confidentiality) and (a\_\hspace{0pt}b.\hspace{0pt}c), 1.5 weeks.
    """
    return _ID_JOINS.sub(lambda match: match[1] + "\\hspace{0pt}", latex)


def encoding_defaults(latex: str) -> list[str]:
    r"""The declarations that let pdfLaTeX print the letters of ``latex`` that its
    default font encoding (OT1) lacks, taking them from T1: one for each command needed,
    in a stable order, and none for text without such letters.
    ``\ProvideTextCommandDefault`` leaves alone a document whose encoding has the
    letter: T1, or LuaLaTeX's and XeLaTeX's TU, which read the letter itself.

    >>> for line in encoding_defaults("Sąd «Rejonowy»"):
    ...     print(line)
    \ProvideTextCommandDefault{\guillemetleft}{\UseTextSymbol{T1}{\guillemetleft}}
    \ProvideTextCommandDefault{\guillemetright}{\UseTextSymbol{T1}{\guillemetright}}
    \ProvideTextCommandDefault{\k}{\UseTextAccent{T1}{\k}}
    >>> encoding_defaults("Llŷn, Łódź, Magistrates’ court")
    []
    """
    lines = []
    for command, letters in _T1_ONLY.items():
        if any(letter in latex for letter in letters):
            use = "UseTextAccent" if command in _ACCENTS else "UseTextSymbol"
            lines.append(f"\\ProvideTextCommandDefault{{{command}}}{{\\{use}{{T1}}{{{command}}}}}")
    return lines


#: The tables ``report_latex`` writes: a ``tabularx`` (the default) to put into a
#: float, a ``longtable`` that breaks across the pages of a one-column document, or a
#: ``tabularx`` of two columns for one column of a two-column page (``column``).
LATEX_TABLES = ("tabularx", "longtable", "column")
_HEADER = "No. & Rule & Level & Severity & Finding \\\\"
_MESSAGE = ">{\\raggedright\\arraybackslash}"


def report_latex(report: Report, *, table: str = "tabularx") -> str:
    """The findings of ``report`` as a LaTeX ``tabularx`` (or, with
    ``table="longtable"``, a ``longtable``): a header row, then a row per finding.

    Raises:
        ArgumentError: for a ``table`` other than ``tabularx`` or ``longtable`` (a
            ``ValueError``).
    """
    if table not in LATEX_TABLES:
        raise ArgumentError(
            f"table={table!r}: the LaTeX table is a tabularx (for a float), a longtable"
            " (across pages) or a column (for one column of a two-column page)"
        )
    title = _LINE_BREAKS.sub(" ", report.case)  # in a comment, which a line break ends
    if table == "column":
        return _column_table(title, report)
    rows = []
    for number, finding in enumerate(report.findings, 1):
        level = latex_text(finding.level) if finding.level else "--"  # an en dash
        cells = (
            latex_text(str(number)),
            latex_text(finding.rule),
            level,
            latex_text(finding.severity),
            latex_text(finding.message),
        )
        rows.append(cells)
    body = [" & ".join(cells) + " \\\\" for cells in rows]
    if table == "longtable":
        return (
            "\n".join([*_longtable_head(title, rows), *body, "\\end{longtable}", "\\endgroup"])
            + "\n"
        )
    lines = [
        f"% Findings of {title}",
        "% (activity-systems check --format latex).",
        "% Needs \\usepackage{booktabs,tabularx}; \\input this file inside a table",
        "% (or table*, across the page) with the article's caption.",
        *_letters_from_t1(body),
        f"\\begin{{tabularx}}{{\\linewidth}}{{@{{}}rlll{_MESSAGE}X@{{}}}}",
        "\\toprule",
        _HEADER,
        "\\midrule",
        *body,
        "\\bottomrule",
        "\\end{tabularx}",
    ]
    return "\n".join(lines) + "\n"


def _letters_from_t1(lines: Iterable[str]) -> list[str]:
    """The :func:`encoding_defaults` of a table's rows, after a comment that says why."""
    declared = encoding_defaults("\n".join(lines))
    if not declared:
        return []
    return ["% Letters that pdfLaTeX's default encoding (OT1) lacks are taken from T1.", *declared]


def _longtable_head(title: str, rows: Sequence[tuple[str, ...]]) -> list[str]:
    """What opens the ``longtable``: the group, the measure of the four short columns
    and the width it leaves the message, the table's preamble and its header and foot,
    repeated on every page."""
    # Each column's distinct cells, side by side, so that the measuring tabular is as
    # wide as the table's four short columns, whatever the font: every number (figures
    # need not be equally wide), each rule, level and severity once.
    columns = [list(dict.fromkeys(cells[index] for cells in rows)) for index in range(4)]
    measured = [
        " & ".join(cells) + " \\\\" for cells in itertools.zip_longest(*columns, fillvalue="")
    ]
    return [
        f"% Findings of {title}",
        "% (activity-systems check --format latex --table longtable).",
        "% Needs \\usepackage{array,booktabs,longtable}; \\input this file where the",
        "% table goes, outside any float, in one column: it breaks across pages, its",
        "% header repeated on each. Run LaTeX twice, as for any longtable.",
        "\\begingroup",
        *_letters_from_t1(" ".join(cells) for cells in rows),
        "% The four short columns, measured, leave the message the rest of the line.",
        "\\setbox0=\\hbox{\\begin{tabular}{@{}rlll@{}}",
        "No. & Rule & Level & Severity \\\\",
        *measured,
        "\\end{tabular}}%",
        "\\edef\\FindingsMessageWidth{\\the\\dimexpr\\linewidth-\\wd0-2\\tabcolsep\\relax}%",
        # a rule id too long for the line leaves the message a third of it, not nothing
        "\\ifdim\\FindingsMessageWidth<.33\\linewidth",
        "\\edef\\FindingsMessageWidth{\\the\\dimexpr.33\\linewidth\\relax}\\fi",
        f"\\begin{{longtable}}{{@{{}}rlll{_MESSAGE}p{{\\FindingsMessageWidth}}@{{}}}}",
        "\\toprule",
        _HEADER,
        "\\midrule",
        "\\endhead",
        "\\bottomrule",
        "\\endfoot",
    ]


def _column_table(title: str, report: Report) -> str:
    """The findings as a ``tabularx`` of two columns, for a ``table`` in one column of
    a two-column page: the number, then the rule, level and severity before the
    message, in one cell as wide as the column leaves, its ids breakable (see
    :func:`breakable_ids`)."""
    body = []
    for number, finding in enumerate(report.findings, 1):
        kind = ", ".join(latex_text(part) for part in (finding.level, finding.severity) if part)
        message = breakable_ids(latex_text(finding.message))
        body.append(f"{number} & \\textbf{{{latex_text(finding.rule)}}} ({kind}): {message} \\\\")
    lines = [
        f"% Findings of {title}",
        "% (activity-systems check --format latex --table column).",
        "% Needs \\usepackage{booktabs,tabularx}; \\input this file inside a table",
        "% in one column of a two-column page, with the article's caption.",
        *_letters_from_t1(body),
        f"\\begin{{tabularx}}{{\\linewidth}}{{@{{}}r{_MESSAGE}X@{{}}}}",
        "\\toprule",
        "No. & Finding (rule, level, severity) \\\\",
        "\\midrule",
        *body,
        "\\bottomrule",
        "\\end{tabularx}",
    ]
    return "\n".join(lines) + "\n"
