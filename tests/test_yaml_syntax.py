"""YAML syntax errors in plain words, at the place of the mistake.

Each case is a small file with one common mistake; the message says what is likely wrong
in the terms of the file (lines, columns, keys, quotes), and the place is checked by
hand against the text. libyaml and PyYAML's own parser word their errors differently;
both must give the same plain words.
"""

from __future__ import annotations

import pytest
import yaml

import activity_systems as a
from activity_systems.io import yaml_source
from activity_systems.io.dumping import case_to_yaml
from activity_systems.io.yaml_syntax import explain

#: What a case file saved by a spreadsheet as CSV is told.
CSV = (
    "this file looks saved by a spreadsheet as CSV, which puts a line holding a comma or a "
    "quote inside double quotes, its quotes doubled, and may end lines in commas: edit case "
    "files in a text editor, not Excel, and take back the file as it was (OneDrive and "
    "SharePoint keep its earlier versions)"
)

#: What a key followed by a full-width colon (U+FF1A) is told.
FULL_WIDTH_COLON = (
    "the key '{key}' is followed by a fullwidth colon (U+FF1A), which looks like ':' but "
    "YAML does not read as one (a keyboard set for Chinese or Japanese types it): replace "
    "it with ':'"
)

CASES = [
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n    tools:\n"
        "      - Report\n        label: x\n",
        (8, 14),
        "this line is indented more than line 7, so it reads as more of that line's value, "
        "and a value cannot hold ': ': line it up with the keys above it (or, if it is more "
        "of the value, put the whole value in quotes)",
        id="keys under a list item that is a whole text",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        "    description: The wait\n      ratio:high, and\n      the court says: no\n",
        (8, 21),
        "this value holds ': ', which YAML reads as the start of another key: put the whole "
        'value in quotes ("...")',
        id="a colon inside the text of a value that goes on is no glued key",
    ),
    pytest.param(
        "title: x\nsource: see\nhttp://example.com/report\nsystems: []\n",
        (3, 1),
        "this line has no ':' after its key: write 'key: value' (or, if it goes on with the "
        "text of line 2, indent it to column 9)",
        id="a URL that lost its indentation is not a glued key",
    ),
    pytest.param(
        "title: x\ndescription: meets at\n10:30 daily\nsystems: []\n",
        (3, 1),
        "this line has no ':' after its key: write 'key: value' (or, if it goes on with the "
        "text of line 2, indent it to column 14)",
        id="a time that lost its indentation is not a glued key",
    ),
    pytest.param(
        "title:x\nsystems: []\n",
        (1, 1),
        "a key's ':' needs a space after it: write 'title: x'",
        id="a glued first key is named on its own line",
    ),
    pytest.param(
        "systems:\n  - id:a\n    subject: S\n",
        (2, 5),
        "a key's ':' needs a space after it: write 'id: a'",
        id="a glued key opening a list item is named on its own line",
    ),
    pytest.param(
        "\ufeff  title: x\n  systems: []\nfoo: 1",
        (3, 1),
        "the first line of the file is indented (to column 3) and this one is not lined up "
        "with it: start every top-level key at column 1",
        id="a byte order mark changes nothing",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    name: Court\n   subject: Magistrate\n",
        (5, 4),
        "this line's indentation does not match the lines above it: it starts at column 4, "
        "and the list from line 3 has '-' at column 3 and its items' content at column 5",
        id="a key of a list item indented one space less",
    ),
    pytest.param(
        "title: Custody\nsystems:\n  - id: custody\n    subject: Custody officer\n"
        "    object:\n      label: Detained person\n   outcome: A safe decision\n",
        (7, 4),
        # long enough to be shortened: the apostrophes of "line's" and "items'" are no
        # quotes, so nothing between them is cut
        "this line's indentation does not match the lines above it: it starts at column 4, "
        "line 6 at column 7, and the list from line 3 has '-' at column 3 and its items' "
        "content at column 5",
        id="a key of a list item indented one space less, after a deeper line",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject: Magistrate\n  object: Defendant\n",
        (5, 3),
        "this line is at the column of the '-' of the list from line 3 (column 3) but does "
        "not start with '- ': indent it to column 5 to go on with the item above, or start "
        "a new item with '- '",
        id="a key of a list item at the column of its dash",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    object:\n      label: Defendant\n"
        "     purpose: sentencing\n",
        (6, 6),
        "this line's indentation does not match the lines above it: it starts at column 6, "
        "line 5 at column 7, and the keys of the mapping from line 3 at column 5",
        id="a key between two levels of keys",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject: Magistrate\n    - object: x\n",
        (5, 5),
        "a list item ('- ') stands among the keys of the mapping from line 3: a list goes "
        "under a key, on the lines after it (key:, then the items, indented)",
        id="a list item among keys",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject: 'Magistrate's\n",
        (4, 26),
        "text follows the closing quote of the value on this line: put all of the value "
        "inside the quotes (inside '...', write an apostrophe as '')",
        id="an apostrophe inside single quotes",
    ),
    pytest.param(
        'title: "Reports" for the court\nsystems: []\n',
        (1, 18),
        "text follows the closing quote of the value on this line: put all of the value "
        "inside the quotes",
        id="text after double quotes",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    name: Court\n     subject: Magistrate\n",
        (5, 13),
        "this line is indented more than line 4, so it reads as more of that line's value, "
        "and a value cannot hold ': ': line it up with the keys above it, at column 5 (or, "
        "if it is more of the value, put the whole value in quotes)",
        id="a key indented one space more",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n     name: Court\n",
        (4, 10),
        "this line is indented more than line 3, so it reads as more of that line's value, "
        "and a value cannot hold ': ': line it up with the keys above it, at column 5 (or, "
        "if it is more of the value, put the whole value in quotes)",
        id="a key indented one space more than the list item's first key",
    ),
    pytest.param(
        "title: Reports: the court\nsystems: []\n",
        (1, 15),
        "this value holds ': ', which YAML reads as the start of another key: put the "
        'whole value in quotes ("...")',
        id="a colon and a space in a value",
    ),
    pytest.param(
        "title: \u201cReports: the court\u201d\nsystems: []\n",
        (1, 16),
        "this value opens with the typographic quote \u201c, which YAML does not read as a "
        "quote, and it holds ': ', which YAML reads as the start of another key: put the "
        'whole value in straight quotes ("...")',
        id="a colon and a space inside typographic quotes",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject: S\n    object: O\n"
        "    community:\n      - {id: cps, label: Crown Prosecution Service: CPS}\n",
        (7, 51),
        "this value holds ': ', which YAML reads as the start of another key: put the whole "
        'value in quotes ("...")',
        id="a colon and a space in a value inside braces",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject: S\n    object: O\n"
        "    community: [Defence, CPS: prosecutors: duty]\n",
        (6, 42),
        "this value holds ': ', which YAML reads as the start of another key: put the whole "
        'value in quotes ("...")',
        id="a second colon and space in an item inside brackets",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject\uff1a Magistrate\n    object: x\n",
        (4, 12),
        FULL_WIDTH_COLON.format(key="subject"),
        id="a full-width colon after a key",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject: S\n    object\uff1aO\n",
        (5, 11),
        FULL_WIDTH_COLON.format(key="object") + " and a space",
        id="a full-width colon after the last key of a list item",
    ),
    pytest.param(
        "title\uff1a Reports\nsystems: [{id: court, subject: S, object: O}]\n",
        (1, 6),
        FULL_WIDTH_COLON.format(key="title"),
        id="a full-width colon after the first key, noticed on the next line",
    ),
    pytest.param(
        "title: x\nsystems\uff1a\n  - id: court\n    subject: S\n    object: O\n",
        (2, 8),
        FULL_WIDTH_COLON.format(key="systems"),
        id="a full-width colon after a key whose value is below it",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject\u2236 S\n    object: x\n",
        (4, 12),
        "the key 'subject' is followed by a ratio (U+2236), which looks like ':' but YAML "
        "does not read as one: replace it with ':'",
        id="a ratio sign after a key",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject:\u00a0Magistrate\n    object: x\n",
        (4, 13),
        "the ':' of this key is followed by a no-break space (U+00A0), which looks like a "
        "space but YAML reads as text (word processors and web pages put them in): replace "
        "it with an ordinary space",
        id="a no-break space after a key's colon",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject: Magistrate\n    \u00a0\n    object: x\n",
        (5, 5),
        "this line's indentation holds a no-break space (U+00A0), which looks like a space "
        "but YAML reads as text (word processors and web pages put them in): replace it "
        "with ordinary spaces",
        id="a line of nothing but a no-break space",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject:\u200bMagistrate\n    object: x\n",
        (4, 13),
        "the ':' of this key is followed by a zero width space (U+200B), which looks like "
        "nothing but YAML reads as text (word processors and web pages put them in): "
        "replace it with an ordinary space",
        id="a zero-width space after a key's colon",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject: S\n    object: O\n"
        "    community:\n      -\tProbation\n",
        (7, 8),
        "the '-' of this list item is followed by a tab, and YAML needs a space there: "
        "replace the tab with a space",
        id="a tab after a list item's dash",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n  \tsubject: Magistrate\n",
        (4, 3),
        "this line's indentation holds a tab, and YAML indents with spaces only: replace "
        "the tab with spaces",
        id="a tab after spaces in the indentation",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject Magistrate\n    object: x\n",
        (4, 5),
        "this line has no ':' after its key: write 'key: value'",
        id="a key without its colon",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject Magistrate\n",
        (4, 5),
        "this line has no ':' after its key: write 'key: value'",
        id="a key without its colon on the last line",
    ),
    pytest.param(
        "title: x\ndescription: a long text\n  that goes on\nbut this line does not\n",
        (4, 1),
        "this line has no ':' after its key: write 'key: value' (or, if it goes on with the "
        "text of line 3, indent it to column 3)",
        id="a line of text that lost its indentation",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    subject:Magistrate\n    object: x\n",
        (4, 5),
        "a key's ':' needs a space after it: write 'subject: Magistrate'",
        id="a colon without a space",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: court\n    tools: - Report\n",
        (4, 12),
        "a list cannot start on the line of its key: put each '- ' item on a line of its "
        "own below the key, or write the list as [a, b]",
        id="a list on the line of its key",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    tools:\n      -id: r\n        label: b\n",
        (5, 7),
        "a list item needs a space after its '-': write '- id: r'",
        id="a dash glued to the first key of its item",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    tools:\n      -id: r\n      - id: c\n",
        (5, 7),
        "a list item needs a space after its '-': write '- id: r'",
        id="a dash glued to a one-key item",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n  -id: b\n    subject: T\n",
        (5, 3),
        "a list item needs a space after its '-': write '- id: b'",
        id="a dash glued to the first key of a later item",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    tools:\n      - Form\n      -Phone\n",
        (6, 7),
        "a list item needs a space after its '-': write '- Phone'",
        id="a dash glued to a text item",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    tools:\n      -{id: r, label: Report}\n",
        (5, 7),
        "a list item needs a space after its '-': write '- {id: r, label: Report}'",
        id="a dash glued to a mapping in braces",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    community: [GP, Nurses\n    tools: []\n",
        (4, 16),
        "the list opened with '[' here is not closed before line 5: end it with ']' after "
        "its last item (and separate the items with ',')",
        id="a list without its closing bracket",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    community: [GP,\n      Nurses\n",
        (4, 16),
        "the list opened with '[' here is not closed before the end of the file: end it "
        "with ']' after its last item (and separate the items with ',')",
        id="a list over two lines without its closing bracket",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    rules:\n      - {id: r, label: y\n      - {id: z}\n",
        (5, 9),
        "the mapping opened with '{' here is not closed before line 6: end it with '}' after "
        "its last entry (and separate the entries with ',')",
        id="a mapping without its closing brace",
    ),
    pytest.param(
        "title: x\nsystems:\n  - {id: a subject: S}\n",
        (3, 19),
        "expected ',' or '}' here, in the mapping opened with '{' at column 5: separate the "
        "entries with ',' and end the mapping with '}'",
        id="a mapping missing a comma",
    ),
    pytest.param(
        'title: x\nsystems:\n  - id: a\n    subject: "Probation officer\n    object: O\n',
        (4, 14),
        'the quoted text that starts here with " is never closed: end it with "',
        id="a double quote never closed",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: 'Probation officer\n    object: O\n",
        (4, 14),
        "the quoted text that starts here with ' is never closed: end it with ' (inside "
        "'...', write an apostrophe as '')",
        id="a single quote never closed",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        '    description: "S:\\Wards\\new policy\\discharge.docx"\n',
        (6, 21),
        "a '\\' in double quotes starts an escape, such as '\\n' for a new line, and '\\W' is "
        "not one: for a Windows path, or any text with '\\' in it, use single quotes, where "
        "'\\' is only itself: write description: 'S:\\Wards\\new policy\\discharge.docx'",
        id="a Windows path in double quotes",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        '    source: "C:\\Users\\nurse\\Ward\'s notes.docx"\n',
        (6, 16),
        "a '\\' in double quotes starts an escape, such as '\\n' for a new line, and '\\U' is "
        "not one here (it needs the 8 hexadecimal digits of a character's code after it): for "
        "a Windows path, or any text with '\\' in it, use single quotes, where '\\' is only "
        "itself: write source: 'C:\\Users\\nurse\\Ward''s notes.docx'",
        id="a Windows path in double quotes, taken for a character's code",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        '    community: [GP, "\\\\ward-server\\Xfiles"]\n',
        (6, 35),
        "a '\\' in double quotes starts an escape, such as '\\n' for a new line, and '\\X' is "
        "not one: for a Windows path, or any text with '\\' in it, use single quotes, where "
        "'\\' is only itself ('...')",
        id="a Windows path in double quotes inside brackets",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        '    community: [Psychiatrist, "Social worker]\n  - id: b\n    subject: S\n',
        (6, 31),
        'the quoted text that starts here with " is never closed: end it with " before the '
        "']' that it now holds",
        id="a double quote never closed inside brackets, whose bracket it hides",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        "    community: [Psychiatrist, 'Social worker]\n  - id: b\n    subject: S\n",
        (6, 31),
        "the quoted text that starts here with ' is never closed: end it with ' before the "
        "']' that it now holds (inside '...', write an apostrophe as '')",
        id="a single quote never closed inside brackets, whose bracket it hides",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        '    tools: [{label: "Report}]\n  - id: b\n    subject: S\n',
        (6, 21),
        'the quoted text that starts here with " is never closed: end it with " before the '
        "'}]' that it now holds",
        id="a double quote never closed inside a mapping inside a list, whose brackets it hides",
    ),
    pytest.param(
        " title: x\nsystems: []\n",
        (2, 1),
        "the first line of the file is indented (to column 2) and this one is not lined up "
        "with it: start every top-level key at column 1",
        id="an indented first line",
    ),
    *(
        pytest.param(
            f"title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
            f"    rules:\n      - {{id: r, label: x}}\n      - label: {value}\n",
            (8, 16),
            f"a value that starts with {value[0]!r} needs quotes ({value[0]!r} {meaning} in "
            f'YAML): write label: "{value}"',
            id=f"a value that starts with {value[0]!r}",
        )
        for value, meaning in [
            ("> 4 weeks report", "starts a folded block"),
            ("| 4 weeks", "starts a literal block"),
            ("*Urgent* report", "starts an alias"),
            ("& co report", "starts an anchor"),
            ("@court report", "is reserved"),
            ("`x` report", "is reserved"),
            ("% complete", "starts a directive"),
            ("? unknown report", "starts a complex key"),
        ]
    ),
    *(
        pytest.param(
            f"title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
            f"    rules: [{{id: r, label: {value}, kind: formal}}]\n",
            (6, 28),
            f"a value that starts with {value[0]!r} needs quotes ({value[0]!r} {meaning} in "
            f'YAML): write label: "{value}"',
            id=f"a value in braces that starts with {value[0]!r}",
        )
        for value, meaning in [
            ("> 4 weeks report", "starts a folded block"),
            ("| 4 weeks", "starts a literal block"),
            ("* urgent", "starts an alias"),
            ("& co report", "starts an anchor"),
            ("@court report", "is reserved"),
            ("`x` report", "is reserved"),
            ("% complete", "starts a directive"),
            ("? unknown report", "starts a complex key"),
        ]
    ),
    pytest.param(
        "title: x\nsystems:\n  - {id: a, subject: S, object: > 4 weeks}\n",
        (3, 33),
        "a value that starts with '>' needs quotes ('>' starts a folded block in YAML): write "
        'object: "> 4 weeks"',
        id="a value to quote in a system written in braces",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        '    community: [GP, "a, @b", @police liaison]\n',
        (6, 30),
        "a value that starts with '@' needs quotes ('@' is reserved in YAML): write "
        '"@police liaison"',
        id="a list item in brackets that starts with '@', after one quoted",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        "    tools: [{label: x: y}, {label: > z}]\n",
        (6, 22),
        "this value holds ': ', which YAML reads as the start of another key: put the whole "
        'value in quotes ("...")',
        id="a mistake in braces before a value that starts with '>' is told first",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        "    tools: [{label: 'Officer''s report, @court'}, {label: x: y}]\n",
        (6, 60),
        "this value holds ': ', which YAML reads as the start of another key: put the whole "
        'value in quotes ("...")',
        id="an '@' inside single quotes that hold a doubled quote is text",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        "    outcome: > 4 weeks # was 3\n",
        (6, 14),
        "a value that starts with '>' needs quotes ('>' starts a folded block in YAML): write "
        'outcome: "> 4 weeks"',
        id="a comment after a value to quote stays out of the quotes",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        "    outcome: > " + "x" * 5_000 + "\n",
        (6, 14),
        "a value that starts with '>' needs quotes ('>' starts a folded block in YAML): put "
        'the whole value in quotes ("...")',
        id="a long value to quote is not written out",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        "    outcome: > 4 weeks\n      or more\n",
        (6, 14),
        "a value that starts with '>' needs quotes ('>' starts a folded block in YAML): put "
        'the whole value in quotes ("...")',
        id="a value to quote that goes on below is not written out",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        "    tools: [a, b,\n    description: >-\n      text\n",
        (6, 12),
        "the list opened with '[' here is not closed before line 7: end it with ']' after "
        "its last item (and separate the items with ',')",
        id="a list left open before a block of text",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        "    tools: [\"a \\\" [ \", 'it''s [', b,\n    rules: [r]\n",
        (6, 12),
        "the list opened with '[' here is not closed before the end of the file: end it with "
        "']' after its last item (and separate the items with ',')",
        id="a list left open, brackets inside quotes with quotes escaped",
    ),
    pytest.param(
        "title: x\nsystems: [\n  {id: a, subject: S, object: O},\n",
        (2, 10),
        "the list opened with '[' here is not closed before the end of the file: end it with "
        "']' after its last item (and separate the items with ',')",
        id="a list never closed, its last item on a line of its own",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n    tools: [\n"
        "      - id: b\n",
        (6, 12),
        "the list opened with '[' here is not closed before line 7: end it with ']' after "
        "its last item (and separate the items with ',')",
        id="a list opened with '[' and written as a block list below",
    ),
    pytest.param(
        'title: x\nsystems:\n  - {id: a, subject: "S [x", object: O\n',
        (3, 5),
        "the mapping opened with '{' here is not closed before the end of the file: end it "
        "with '}' after its last entry (and separate the entries with ',')",
        id="a mapping never closed, a bracket inside quotes",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        '    community:\n      - @police "liaison"\n',
        (7, 9),
        "a value that starts with '@' needs quotes ('@' is reserved in YAML): write "
        '- "@police \\"liaison\\""',
        id="a list item that starts with '@', holding quotes",
    ),
    pytest.param(
        "title: x\n: Magistrate\nsystems: []\n",
        (2, 1),
        "this line has no key before its ':': write 'key: value'",
        id="a line that starts with ': ', its key left out",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    : Magistrate\n",
        (4, 5),
        "this line has no key before its ':': write 'key: value'",
        id="a key left out inside a list item",
    ),
    pytest.param(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n    tools:\n"
        "      - : Report\n",
        (7, 9),
        "this list item has no key before its ':': write '- key: value'",
        id="a list item that starts with ': '",
    ),
    pytest.param(
        '\ufefftitle: Reports\r\n"# the report ""takes"" 4-8 weeks, the court has 3"\r\n'
        'systems:\r\n  - id: court\r\n"    community: [Usher, Clerk]"\r\n',
        (2, 1),
        CSV,
        id="a case file opened in Excel and saved as CSV (UTF-8)",
    ),
    pytest.param(
        'title: Reports,,\r\nsystems:,,\r\n  - id: court,,\r\n"    tools: [Report, Request]",\r\n',
        (1, 1),
        CSV,
        id="a case file split at its commas by Excel and saved as CSV",
    ),
]


@pytest.mark.parametrize(("text", "place", "message"), CASES)
def test_a_syntax_error_says_what_is_wrong(text: str, place: tuple[int, int], message: str) -> None:
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    error = raised.value
    assert error.message == f"YAML syntax error: {message}"
    assert (error.line, error.column) == place
    assert str(error) == f"case.yaml:{place[0]}:{place[1]}: YAML syntax error: {message}"


@pytest.mark.parametrize(("text", "place", "message"), CASES)
def test_pyyaml_s_own_parser_gets_the_same_words(
    text: str, place: tuple[int, int], message: str
) -> None:
    """Without libyaml (or past its nesting limit) PyYAML's parser reads the file."""
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.compose(text, Loader=yaml.SafeLoader)
    assert explain(raised.value, text) == (message, *place)


@pytest.mark.parametrize(
    ("text", "place", "message"),
    [
        pytest.param(
            "title: x\nsystems:\n  - id: court\n\u00a0   subject: Magistrate\n",
            (4, 1),
            "this line's indentation holds a no-break space (U+00A0), which looks like a space "
            "but YAML reads as text (word processors and web pages put them in): replace it "
            "with ordinary spaces",
            id="a no-break space in the indentation",
        ),
        pytest.param(
            "title: x\nsystems:\n  - id: court\n    subject: S\n    object: O\n"
            "    community:\n      -\u202fProbation\n      - Police\n",
            (7, 8),
            "the '-' of this list item is followed by a narrow no-break space (U+202F), which "
            "looks like a space but YAML reads as text (word processors and web pages put them "
            "in): replace it with an ordinary space",
            id="a narrow no-break space after a list item's dash",
        ),
    ],
)
def test_a_space_that_is_no_space_to_yaml_is_named(
    text: str, place: tuple[int, int], message: str
) -> None:
    """Some such characters are no syntax error: YAML reads the line as something else
    than it looks (a top-level key, a text instead of a list), and the error about that
    names the character instead (what it then lacks may follow as further problems)."""
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    first = raised.value.problems[0]
    assert first.message == message
    assert (first.line, first.column) == place


def test_a_no_break_space_inside_a_value_is_text() -> None:
    """Only where YAML needs a space is a no-break space a mistake; in a text it is part
    of the text, and a tab after a key's ':' is a space to YAML."""
    case = a.loads(
        "title: x\nsystems:\n  - id: court\n    subject:\tMagistrate\n"
        "    object: s.35\u00a0MHA remand\n"
    )
    assert case.systems[0].subject.label == "Magistrate"
    assert case.systems[0].object.label == "s.35\u00a0MHA remand"


def test_other_syntax_errors_keep_the_parser_s_words() -> None:
    with pytest.raises(a.CaseFileError) as raised:
        a.loads("@x\nsystems: []\n")  # no key's value, no list item: nothing to quote
    assert raised.value.message == (
        "YAML syntax error: found character that cannot start any token while scanning for "
        "the next token"
    )


@pytest.mark.parametrize(
    ("text", "place", "shown"),
    [
        pytest.param(
            "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
            "    community: [GP, \u201cWing officers, day shift\u201d]\n",
            (6, 21),
            "'\u201cWing officers'",
            id="in a list",
        ),
        pytest.param(
            "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
            "    rules: [{id: r, label: \u2018Consent, always\u2019}]\n",
            (6, 28),
            "'\u2018Consent'",
            id="in a mapping",
        ),
        pytest.param(
            "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
            "    rules:\n      - \u00abRemand: 3 weeks\u00bb\n",
            (7, 9),
            "'\u00abRemand'",
            id="a key",
        ),
        pytest.param(
            "title: x\nsystems:\n  - id: a\n    subject: S\n    object: \u201eDefendant #1\u201c\n",
            (5, 13),
            "'\u201eDefendant'",
            id="before a comment",
        ),
    ],
)
def test_a_value_cut_short_inside_typographic_quotes_is_an_error(
    text: str, place: tuple[int, int], shown: str
) -> None:
    """A ',' in [a, b] and {k: v}, a ': ' and a ' #' end a text unless it is in quotes that
    YAML reads; typographic ones (pasted from a word processor) it does not, and the rest
    of the text would otherwise become another item, a key or a comment."""
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    error = raised.value
    assert (error.line, error.column) == place
    assert error.message == (
        f"{shown} opens a typographic quote but does not close it: YAML does not read "
        "typographic quotes as quotes, so a ',' (inside [...] or {...}), a ': ' or a ' #' "
        'within them cut the text short; put the whole text in straight quotes ("...")'
    )


def test_typographic_quotes_around_a_whole_value_are_text() -> None:
    case = a.loads(
        "title: \u201cReports\u201d for the court\nsystems:\n  - id: a\n    subject: S\n"
        "    object: O\n    community: [\u201cWing officers\u201d, the officers\u2019 mess]\n"
    )
    assert case.title == "\u201cReports\u201d for the court"
    labels = [element.label for element in case.systems[0].community]
    assert labels == ["\u201cWing officers\u201d", "the officers\u2019 mess"]


def test_an_unclosed_typographic_quote_that_nothing_cut_short_is_text() -> None:
    """An opening quote used as an apostrophe (a word processor's ‘Tis) is only an error
    where YAML ended the text at a ',', ': ' or ' #'."""
    case = a.loads(
        "title: \u2018Tis the season\nsystems:\n  - id: a\n    subject: S\n"
        "    object: O\n    community:\n      - \u2018Tis the season  \n      - GP\n"
    )
    assert case.title == "\u2018Tis the season"
    assert [e.label for e in case.systems[0].community] == ["\u2018Tis the season", "GP"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(
            "*Urgent report",
            "YAML alias '*Urgent' is not allowed in a case file: write the value out in "
            "full; if the '*' is part of the text, write label: \"*Urgent report\"",
            id="an alias",
        ),
        pytest.param(
            "&co report",
            "YAML anchor '&co' is not allowed in a case file: write each value out in full; "
            "if the '&' is part of the text, write label: \"&co report\"",
            id="an anchor",
        ),
        pytest.param(
            "!important report",
            "the YAML tag '!important' is not allowed in a case file: remove it; if the '!' "
            'is part of the text, write label: "!important report"',
            id="a tag",
        ),
        pytest.param(
            "#1 priority report",
            "shared_object.label: expected text, got nothing (null); a '#' after a space "
            "starts a comment, which YAML leaves out: if it is part of the text, write "
            'label: "#1 priority report"',
            id="a comment",
        ),
    ],
)
def test_text_that_yaml_reads_as_syntax_is_told_to_take_quotes(value: str, message: str) -> None:
    """An alias, an anchor, a tag or a comment is valid YAML, refused (or read as
    nothing) in a case file; where it starts a value, the writer most likely meant text."""
    text = (
        "title: x\nshared_object:\n  label: " + value + "\n"
        "systems:\n  - {id: a, subject: S, object: O}\n"
    )
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.problems[0].message == message
    assert (raised.value.line, raised.value.column) == (3, 10)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(
            "*Urgent report",
            "YAML alias '*Urgent' is not allowed in a case file: write the value out in "
            "full; if the '*' is part of the text, write label: \"*Urgent report\"",
            id="an alias",
        ),
        pytest.param(
            "!important report",
            "the YAML tag '!important' is not allowed in a case file: remove it; if the '!' "
            'is part of the text, write label: "!important report"',
            id="a tag",
        ),
    ],
)
def test_text_in_braces_that_yaml_reads_as_syntax_is_told_to_take_quotes(
    value: str, message: str
) -> None:
    """The same in a mapping written in braces, as the docs write elements."""
    text = (
        "title: x\nshared_object: {label: " + value + ", source: S}\n"
        "systems:\n  - {id: a, subject: S, object: O}\n"
    )
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.problems[0].message == message
    assert (raised.value.line, raised.value.column) == (2, 24)


def test_a_long_value_is_not_written_out_in_an_anchor_s_advice() -> None:
    text = "title: x\nshared_object:\n  label: &a " + "x" * 5_000 + "\nsystems: []\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.message == (
        "YAML anchor '&a' is not allowed in a case file: write each value out in full; if "
        "the '&' is part of the text, put the whole value in quotes (\"...\")"
    )
    assert len(str(raised.value)) < 200


@pytest.mark.parametrize(
    ("body", "place", "message"),
    [
        pytest.param(
            "    community:\n      - Magistrates\n        - Duty solicitors\n",
            (7, 9),
            "this '-' starts no list item: its line is indented deeper than line 6, so YAML "
            "reads it as more of the text there ('Magistrates - Duty solicitors'); to make it "
            "an item of the list, start its '-' at column 7, as on line 6, or, if the '-' is "
            "part of the text, put the whole text in quotes",
            id="an item indented deeper than the one above",
        ),
        pytest.param(
            "    community:\n    - Magistrates\n      - Duty solicitors\n      - Ushers\n",
            (7, 7),
            "this '-' starts no list item: its line is indented deeper than line 6, so YAML "
            "reads it as more of the text there ('Magistrates - Duty solicitors - Ushers'); "
            "to make it an item of the list, start its '-' at column 5, as on line 6, or, if "
            "the '-' is part of the text, put the whole text in quotes",
            id="the items after the first",
        ),
        pytest.param(
            "    outcome: Discharge\n      - with a care plan\n",
            (6, 7),
            "this '-' starts no list item: its line is indented deeper than line 5, so YAML "
            "reads it as more of the text there ('Discharge - with a care plan'); a list "
            "starts on the line after its key, or, if the '-' is part of the text, put the "
            "whole text in quotes",
            id="after a key's text",
        ),
    ],
)
def test_a_list_item_indented_into_the_text_above_is_an_error(
    body: str, place: tuple[int, int], message: str
) -> None:
    """YAML joins a line indented deeper than a plain text to that text, so a list item
    indented a little too far became part of the item above it, without a word."""
    text = "title: x\nsystems:\n  - id: a\n    subject: S\n" + body + "    object: O\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.message == message
    assert (raised.value.line, raised.value.column) == place


def test_a_dash_inside_text_that_runs_on_is_text() -> None:
    """Text that runs on over lines keeps a '-' that is not at a line's start, and
    quoted text keeps one that is."""
    case = a.loads(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        "    description: Screening - then\n      assessment\n"
        "    community:\n      - 'Magistrates\n        - Duty solicitors'\n"
    )
    assert case.systems[0].description == "Screening - then assessment"
    assert case.systems[0].community[0].label == "Magistrates - Duty solicitors"


@pytest.mark.parametrize(
    ("line", "place", "message"),
    [
        pytest.param(
            "    subject: Named nurse #2 (days)\n",
            (5, 26),
            "'#2 (days)' starts a comment, since a '#' after a space does, and YAML leaves "
            "it out, so subject is only 'Named nurse': if it is part of the text, write "
            'subject: "Named nurse #2 (days)"; if it is a comment, put a space after the '
            "'#'",
            id="after a key's text",
        ),
        pytest.param(
            "    community:\n      - Bed #2\n",
            (6, 13),
            "'#2' starts a comment, since a '#' after a space does, and YAML leaves it out, "
            "so the item is only 'Bed': if it is part of the text, write - \"Bed #2\"; if it is "
            "a comment, put a space after the '#'",
            id="after a list item",
        ),
    ],
)
def test_a_number_sign_after_a_space_in_text_is_an_error(
    line: str, place: tuple[int, int], message: str
) -> None:
    """'Bed #2' lost its '#2' without a word: YAML ends the text at ' #' and leaves the
    rest of the line out as a comment. A comment is written with a space after its
    '#'; one without is the text's own number sign far more often."""
    text = "title: x\nsystems:\n  - id: a\n    object: O\n" + line
    if "subject" not in line:
        text += "    subject: S\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.message == message
    assert (raised.value.line, raised.value.column) == place


@pytest.mark.parametrize(
    ("body", "place", "message"),
    [
        pytest.param(
            "    description: Patients on the ward\n      #3 are reviewed weekly\n",
            (7, 7),
            "'#3 are reviewed weekly' starts a comment, since a '#' at the start of a line "
            "does, and YAML leaves it out, so description is only 'Patients on the ward': "
            'if it is part of the text, put the whole text in quotes ("..."); if it is a '
            "comment, put a space after the '#'",
            id="after a key's text",
        ),
        pytest.param(
            "    community:\n      - Bed\n        #2\n",
            (8, 9),
            "'#2' starts a comment, since a '#' at the start of a line does, and YAML leaves "
            "it out, so the item is only 'Bed': if it is part of the text, put the whole "
            "text in quotes (\"...\"); if it is a comment, put a space after the '#'",
            id="after a list item",
        ),
    ],
)
def test_a_number_sign_that_starts_the_next_line_of_a_text_is_an_error(
    body: str, place: tuple[int, int], message: str
) -> None:
    """Text that runs on to a line starting with '#3' lost that line without a word:
    YAML reads a '#' at the start of a line as a comment, as after a space."""
    text = "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n" + body
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.message == message
    assert (raised.value.line, raised.value.column) == place


def test_a_comment_on_the_line_below_a_value_is_a_comment() -> None:
    case = a.loads(
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        "    description: Patients\n      # who they are\n    #2 at the key's column\n"
        "    community:\n      - Bed\n      #2 at the item's column\n"
    )
    assert case.systems[0].description == "Patients"
    assert [e.label for e in case.systems[0].community] == ["Bed"]


def test_a_comment_after_a_value_is_a_comment() -> None:
    case = a.loads(
        "title: x  # the workshop's\nsystems:\n  - id: a\n    subject: S # who\n"
        "    object: O\n    community:\n      - GP  #\n      - 'Bed #2' #2\n"
        "      - Ward#2\n"
    )
    assert case.title == "x"
    assert [e.label for e in case.systems[0].community] == ["GP", "Bed #2", "Ward#2"]


def test_texts_are_looked_at_for_a_comment_only_where_a_file_has_a_tight_sign(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Looking for 'Bed #2' after each plain text costs a large case file time: a file
    with no '#' followed by a letter or digit, as one whose comments are written
    '# like this', has none to find, so no text of it is looked at."""
    from activity_systems.io import yaml_source

    looked: list[str] = []
    real = yaml_source._number_sign

    def counted(event: object, *args: object) -> object:
        looked.append(str(getattr(event, "value", "")))
        return real(event, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(yaml_source, "_number_sign", counted)
    text = "title: x  # the workshop\nsystems:\n  - id: a\n    subject: S # who\n    object: O\n"
    assert a.loads(text).title == "x"
    assert looked == []
    assert a.loads(text + "    community: [Ward#2]\n    outcome: Done\n").title == "x"
    assert looked != []


def test_a_number_sign_in_brackets_is_named_where_the_list_is_not_closed() -> None:
    """Inside [...] the comment hides the closing bracket: the error about that says
    where the comment starts."""
    text = "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
    text += "    community: [Bed #2, GP]\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert (raised.value.line, raised.value.column) == (6, 16)
    assert raised.value.message.endswith(
        "; the '#' at column 21 starts a comment, since a '#' after a space does, which "
        "YAML leaves out to the end of the line, the ']' too: if the '#' is part of the "
        'text, put that text in quotes ("Bed #2")'
    )


@pytest.mark.parametrize(
    ("value", "column", "message"),
    [
        pytest.param(
            "['GP', 'Patient's family']",
            32,
            "text follows the closing quote of an item here, in the list opened with '[' at "
            "column 16: put all of the item inside the quotes (inside '...', write an "
            "apostrophe as '')",
            id="an apostrophe in a list",
        ),
        pytest.param(
            '{label: "Bed "two" on the ward"}',
            30,
            "text follows the closing quote of an entry here, in the mapping opened with '{' "
            "at column 16: put all of the entry inside the quotes",
            id="a double quote in a mapping",
        ),
    ],
)
def test_text_after_a_closing_quote_in_brackets_is_named(
    value: str, column: int, message: str
) -> None:
    """An apostrophe inside '...' ends the text; in [...] the parser then wants a ',' or
    a ']', which the writer has: the error says what ended the text instead."""
    text = "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
    text += "    community: " + value + "\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.message == "YAML syntax error: " + message
    assert (raised.value.line, raised.value.column) == (6, column)


def test_text_under_a_key_with_nothing_after_it_is_told_it_may_be_a_list_item() -> None:
    """Under 'community:' a line of text without its '- ' was meant as a member, not a
    key that lost its colon: the error says both. (Indented further, the text is the
    key's value, and the list the key wants is asked for when the case loads.)"""
    text = "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
    text += "    community:\n    Consultant psychiatrist\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.message.endswith(
        "(or, if it is an item of the list of 'community' on line 6, start it with '- ': "
        "write '- Consultant psychiatrist')"
    )


def test_text_under_a_list_item_at_its_dash_is_told_it_may_be_the_next_item() -> None:
    """The second member written without its '- ', under the first one's '-', was told
    only that a key lacked its colon."""
    text = "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
    text += "    community:\n      - GP\n      Consultant psychiatrist\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.message == (
        "YAML syntax error: this line has no ':' after its key: write 'key: value' (or, if "
        "it is an item of the list on line 7, start it with '- ' as that one does: write "
        "'- Consultant psychiatrist')"
    )
    assert (raised.value.line, raised.value.column) == (8, 7)


def test_text_under_a_key_that_takes_no_list_is_not_told_to_be_a_list_item() -> None:
    text = "title: x\nsystems:\n  - id: a\n    object: O\n    subject:\n    Named nurse\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert "list" not in raised.value.message


@pytest.mark.parametrize(
    ("text", "place"),
    [
        pytest.param("title: Bed #2\nsystems: []\n", (1, 12), id="number sign"),
        pytest.param(
            "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
            "    community:\n      - Magistrates\n        - Duty solicitors\n",
            (8, 9),
            id="list item run into the text above",
        ),
    ],
)
def test_text_that_starts_with_a_byte_order_mark_is_refused_as_without(
    text: str, place: tuple[int, int]
) -> None:
    """Text read with encoding='utf-8' from a file Notepad saved keeps its byte order
    mark: it is refused in the same place as the text without it."""
    said = []
    for given in (text, "\ufeff" + text):
        with pytest.raises(a.CaseFileError) as raised:
            a.loads(given, path="case.yaml")
        assert (raised.value.line, raised.value.column) == place
        said.append(raised.value.message)
    assert said[0] == said[1]


@pytest.mark.parametrize("text", ["Care plan #2\n", "Care plan\n  - review\n"])
def test_text_alone_is_told_a_case_file_is_a_mapping(text: str) -> None:
    """Text with no key at all is no case file: it is not told of a list item or of
    its text, as there is neither."""
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert raised.value.message == "a case file is a mapping with at least 'title' and 'systems'"
    assert (raised.value.line, raised.value.column) == (1, 1)


@pytest.mark.parametrize(
    ("value", "place", "message"),
    [
        pytest.param(
            '"C:\\temp\\notes.docx"',
            (6, 21),
            '"C:\\temp\\notes.docx" looks like a Windows path, but YAML reads '
            "its '\\t' as a tab, since a '\\' in double quotes starts an escape, such as '\\n' "
            "for a new line: use single quotes, where '\\' is only itself: write description: "
            "'C:\\temp\\notes.docx'",
            id="a tab and a new line",
        ),
        pytest.param(
            '"H:\\new ward\\notes.docx"',
            (6, 21),
            "\"H:\\new ward\\notes.docx\" looks like a Windows path, but YAML reads its '\\n' as "
            "a new line, since a '\\' in double quotes starts an escape, such as '\\n' for a "
            "new line: use single quotes, where '\\' is only itself: write description: "
            "'H:\\new ward\\notes.docx'",
            id="a new line",
        ),
        pytest.param(
            '"S:\\Patients"',
            (6, 21),
            "\"S:\\Patients\" looks like a Windows path, but YAML reads its '\\P' as a "
            "paragraph separator (U+2029), since a '\\' in double quotes starts an escape, "
            "such as '\\n' for a new line: use single quotes, where '\\' is only itself: "
            "write description: 'S:\\Patients'",
            id="a paragraph separator",
        ),
        pytest.param(
            '"C:\\Letters"',
            (6, 21),
            "\"C:\\Letters\" looks like a Windows path, but YAML reads its '\\L' as a "
            "line separator (U+2028), since a '\\' in double quotes starts an escape, "
            "such as '\\n' for a new line: use single quotes, where '\\' is only itself: "
            "write description: 'C:\\Letters'",
            id="a line separator",
        ),
        pytest.param(
            '"N:\\Notes"',
            (6, 21),
            "\"N:\\Notes\" looks like a Windows path, but YAML reads its '\\N' as a "
            "next-line character (U+0085), since a '\\' in double quotes starts an escape, "
            "such as '\\n' for a new line: use single quotes, where '\\' is only itself: "
            "write description: 'N:\\Notes'",
            id="a next-line character",
        ),
        pytest.param(
            '"C:\\_archive"',
            (6, 21),
            "\"C:\\_archive\" looks like a Windows path, but YAML reads its '\\_' as a "
            "no-break space, since a '\\' in double quotes starts an escape, "
            "such as '\\n' for a new line: use single quotes, where '\\' is only itself: "
            "write description: 'C:\\_archive'",
            id="a no-break space",
        ),
    ],
)
def test_a_windows_path_that_escapes_would_change_is_refused(
    value: str, place: tuple[int, int], message: str
) -> None:
    """Valid YAML, but not what was written: ``"C:\\temp"`` holds a tab. Decided: a
    double-quoted text with a drive letter's ``X:\\`` in it, whose escapes make a control
    character, is refused with the single quotes to write; a text without a drive letter
    keeps its escapes (``"Line one\\nLine two"`` is two lines, as YAML says)."""
    text = (
        f"title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n    description: {value}\n"
    )
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert str(raised.value) == f"case.yaml:{place[0]}:{place[1]}: {message}"


def test_escapes_in_double_quotes_away_from_a_drive_letter_are_kept() -> None:
    """A new line away from the path, and a path whose '\\\\' says that its writer knew
    the escapes, are read as YAML reads them; so is a case that ``dump`` wrote."""
    text = (
        "title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
        '    description: "Line one\\nLine two, see C:\\\\Ward\\tnotes"\n'
    )
    case = a.loads(text)
    assert case.systems[0].description == "Line one\nLine two, see C:\\Ward\tnotes"
    assert a.loads(case_to_yaml(case)) == case


@pytest.mark.parametrize("fmt", [None, "yaml"])
def test_a_json_case_file_keeps_its_escapes_beside_a_drive_letter(fmt: str | None) -> None:
    """JSON writes a '\\' in a path as '\\\\', so a '\\t' or '\\n' in a JSON string is
    the tab or line break its writer meant, even beside a 'B:': a JSON case file read
    as YAML (saved as .yaml, or given format="yaml") keeps them."""
    text = (
        '{"title": "x", "systems": [{"id": "a", "subject": "S", "object": "O",\n'
        '  "description": "Plan A:\\nCall the GP. Option B:\\tliaison"}]}\n'
    )
    case = a.loads(text, format=fmt, path="case.yaml")  # type: ignore[arg-type]
    assert case.systems[0].description == "Plan A:\nCall the GP. Option B:\tliaison"


def test_a_windows_path_in_double_quotes_as_a_key_is_told_the_single_quotes() -> None:
    """A key in double quotes is refused as a value is, with the single quotes to use,
    and no line to write that would name the key above it."""
    text = 'title: x\nsystems:\n  - id: a\n    subject: S\n    object: O\n    "C:\\temp": x\n'
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert str(raised.value) == (
        "case.yaml:6:8: \"C:\\temp\" looks like a Windows path, but YAML reads its '\\t' as a "
        "tab, since a '\\' in double quotes starts an escape, such as '\\n' for a new line: "
        "use single quotes, where '\\' is only itself ('...')"
    )


@pytest.mark.parametrize(("version", "column"), [("2.0", 1), ("1.3", 1), ("3.1", 1)])
def test_a_yaml_version_the_reader_does_not_know_is_named(version: str, column: int) -> None:
    """``%YAML 2.0`` was told only ``found incompatible YAML document``."""
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(f"%YAML {version}\n---\ntitle: T\nsystems: [{{id: a, subject: S, object: O}}]\n")
    assert (raised.value.line, raised.value.column) == (1, column)
    assert raised.value.message == (
        f"YAML syntax error: '%YAML {version}' asks for a version of YAML this reader does "
        "not know: remove the line (a case file is read as YAML 1.2, every value as text)"
    )


def test_a_yaml_1_1_directive_changes_nothing() -> None:
    case = a.loads("%YAML 1.1\n---\ntitle: no\nsystems: [{id: a, subject: S, object: O}]\n")
    assert case.title == "no"


def test_the_unknown_version_is_named_not_an_earlier_one() -> None:
    """A second document asking for ``%YAML 2.0`` after one that asks for ``%YAML 1.1``:
    the line named is the one that asks for the version not known."""
    case = "title: T\nsystems: [{id: a, subject: S, object: O}]\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(f"%YAML 1.1\n---\n{case}...\n%YAML 2.0\n---\n{case}")
    assert (raised.value.line, raised.value.column) == (6, 1)
    assert raised.value.message.startswith("YAML syntax error: '%YAML 2.0' asks for a version")


@pytest.mark.parametrize("version", ["1.0", "1.3"])
def test_a_yaml_version_is_refused_alike_without_libyaml(version: str) -> None:
    """PyYAML's own parser, used without libyaml (and for a text nested too deeply for
    it), reads any ``%YAML 1.x``: such a file is refused as libyaml refuses it, not read
    on one computer and refused on another."""
    text = f"%YAML {version}\n---\ntitle: T\nsystems: [{{id: a, subject: S, object: O}}]\n"
    with pytest.raises(a.CaseFileError) as raised:
        yaml_source._data(text, "case.yaml", yaml_source._PythonLoader)
    assert (raised.value.line, raised.value.column) == (1, 1)
    assert f"'%YAML {version}' asks for a version of YAML" in raised.value.message


@pytest.mark.parametrize(
    ("text", "place", "directive"),
    [
        pytest.param("%YAML 1.2\ntitle: T\nsystems: []\n", (2, 1), "%YAML 1.2", id="a version"),
        pytest.param(
            "# a case\n%YAML 1.1   # as the editor wrote it\n\ntitle: T\n",
            (4, 1),
            "%YAML 1.1",
            id="a version with a comment, a blank line after it",
        ),
        pytest.param("%TAG ! tag:x,2000:\ntitle: T\n", (2, 1), "%TAG ! tag:x,2000:", id="a tag"),
        pytest.param("%YAML 1.2\n- id: a\n", (2, 1), "%YAML 1.2", id="before a list"),
    ],
)
def test_a_directive_without_the_line_that_starts_the_document_is_told_so(
    text: str, place: tuple[int, int], directive: str
) -> None:
    """``%YAML 1.2`` with the case right after it was told ``did not find expected
    <document start>`` (or, before a list, that a list cannot start on the line of its
    key): YAML needs a line '---' between a directive and what it applies to."""
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert (raised.value.line, raised.value.column) == place
    assert raised.value.message == (
        f"YAML syntax error: a '---' line must end the directive {directive!r} before the "
        "case starts: put '---' on a line of its own before this one, or remove the "
        "directive (a case file is read as YAML 1.2, every value as text)"
    )
    with pytest.raises(yaml.MarkedYAMLError) as parsed:
        yaml.compose(text, Loader=yaml.SafeLoader)
    assert explain(parsed.value, text)[1:] == place


def test_a_full_width_colon_inside_braces_is_named_not_taken_for_a_cut_value() -> None:
    """Inside ``{...}``, ``subject： S`` is no syntax error but a key without a ':', which
    was told to join the value before it (``write id: "a, subject： S"``)."""
    with pytest.raises(a.CaseFileError) as raised:
        a.loads("title: T\nsystems: [{id: a, subject\uff1a S, object: O}]\n", path="case.yaml")
    first = raised.value.problems[0]
    assert first.message == "systems[0]: " + FULL_WIDTH_COLON.format(key="subject")
    assert (first.line, first.column) == (2, 19)


@pytest.mark.parametrize(
    ("text", "where", "key", "place"),
    [
        (
            "title: T\nsystems: [{subject\uff1a S, id: a, object: O}]\n",
            "systems[0]",
            "subject",
            (2, 12),
        ),
        (
            "title: T\nsystems:\n  - id: a\n    subject: S\n    object: O\n"
            "    tools:\n      - {label\uff1a Report}\n",
            "systems[0].tools[0]",
            "label",
            (7, 10),
        ),
    ],
    ids=["the first key of a system", "the only key of a tool"],
)
def test_a_full_width_colon_first_inside_braces_is_named_not_taken_for_a_key(
    text: str, where: str, key: str, place: tuple[int, int]
) -> None:
    """``{label： Report}`` is one key, 'label： Report', with no value: it was told
    ``unknown key 'label： Report' (did you mean 'label'?)``."""
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    first = raised.value.problems[0]
    assert first.message == f"{where}: " + FULL_WIDTH_COLON.format(key=key)
    assert (first.line, first.column) == place


_ONE_SYSTEM = "title: T\nsystems:\n  - id: a\n    subject: S\n    object: O\n"


@pytest.mark.parametrize(
    ("text", "place", "told"),
    [
        pytest.param(
            _ONE_SYSTEM
            + "    description: |\n      Note\uff1a kept as written\n    rules: 'a' b\n",
            (8, 16),
            "text follows the closing quote",
            id="a line of a block of text",
        ),
        pytest.param(
            _ONE_SYSTEM + "    description: |\n      Note\uff1a kept as written\n   rules: x\n",
            (8, 4),
            "this line's indentation does not match the lines above it",
            id="a line of a block of text, a line wrongly indented after it",
        ),
        pytest.param(
            _ONE_SYSTEM + '    tools:\n      - PDCA\uff1a plan\n    rules: "a" b\n',
            (8, 16),
            "text follows the closing quote",
            id="a list item",
        ),
        pytest.param(
            _ONE_SYSTEM + '    description: "two lines\n      Note\uff1a in quotes"\n'
            "    rules: 'a' b\n",
            (8, 16),
            "text follows the closing quote",
            id="a value in quotes",
        ),
        pytest.param(
            _ONE_SYSTEM + "    description: one line\n      Note\uff1a more\n    rules: 'a' b\n",
            (8, 16),
            "text follows the closing quote",
            id="more of a value on the next line",
        ),
    ],
)
def test_a_full_width_colon_in_text_is_not_named_for_an_error_after_it(
    text: str, place: tuple[int, int], told: str
) -> None:
    """``Note： …`` in text is written as meant, as a case in Chinese or Japanese writes
    it: an error on a line after it is told as it is, at its own place, not as a key
    followed by a full-width colon."""
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert "colon" not in raised.value.message
    assert told in raised.value.message
    assert (raised.value.line, raised.value.column) == place


def test_text_cut_short_by_a_comma_before_a_full_width_colon_is_told_so() -> None:
    """``{description: Plan, PDCA： plan}``: 'PDCA' is no key of a system, so the ','
    is what is wrong, not a colon that only looks like one."""
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(
            "title: T\nsystems:\n  - {id: a, subject: S, object: O, description: Plan, "
            "PDCA\uff1a plan}\n",
            path="case.yaml",
        )
    first = raised.value.problems[0]
    assert first.message == (
        "systems[0]: 'PDCA\uff1a plan' has no ':' after it, so it is not a key: inside {...} "
        "a ',' ends a value, and 'description' got only the text before it; write "
        'description: "Plan, PDCA\uff1a plan"'
    )
    assert (first.line, first.column) == (3, 55)


def test_a_directive_line_after_the_case_has_started_is_not_told_to_add_a_start() -> None:
    """A ``%YAML`` line in the middle of a case is not told to put a ``---`` after it:
    that line would start a second case, refused in turn."""
    text = "title: T\nsystems:\n  - id: a\n    subject: S\n    object: O\n%YAML 1.2\nnotes: x\n"
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    assert "'---'" not in raised.value.message
    assert (raised.value.line, raised.value.column) == (7, 1)


@pytest.mark.parametrize(
    ("text", "told", "place"),
    [
        (
            "title: T\nsystems\uff1a:\n  - {id: a, subject: S, object: O}\n",
            "unknown key 'systems\uff1a' in the top level (did you mean 'systems'?)",
            (2, 1),
        ),
        (
            "title: T\nsystems:\n  - id\uff1ax: a\n    subject: S\n    object: O\n",
            "unknown key 'id\uff1ax' in systems[0] (did you mean 'id'?)",
            (3, 5),
        ),
    ],
    ids=["before the colon", "inside the key"],
)
def test_a_full_width_colon_in_a_key_that_has_its_colon_is_not_taken_for_it(
    text: str, told: str, place: tuple[int, int]
) -> None:
    """``systems：:`` has its ':': the character before it is one too many, and putting
    ':' in its place, as a key without one is told, would make ``systems::``."""
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    first = raised.value.problems[0]
    assert first.message == told
    assert (first.line, first.column) == place


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("title: T\nsystems:\n  - id: a\n    subject\uff1aS\n    object: O\n", (4, 12)),
        ("title: T\nsystems: [{id: a, subject\uff1aS, object: O}]\n", (2, 19)),
    ],
    ids=["block", "braces"],
)
def test_a_full_width_colon_with_no_space_after_it_is_told_to_add_one(
    text: str, place: tuple[int, int]
) -> None:
    """``subject：S`` with ':' in place of '：' is ``subject:S``, which is told in turn
    that a key's ':' needs a space after it: both are told at once."""
    with pytest.raises(a.CaseFileError) as raised:
        a.loads(text, path="case.yaml")
    first = raised.value.problems[0]
    assert first.message.endswith(": replace it with ':' and a space")
    assert (first.line, first.column) == place
