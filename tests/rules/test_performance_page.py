"""The count of findings that the performance page gives for the benchmarks' case of 2,000
systems, in its table of results and where it describes the case, is the count the
built-in rules report: a new built-in rule that fires there changes it. (The notes on
past changes keep the counts they were measured with.)"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from activity_systems import Case, check

ROOT = Path(__file__).parents[2]
PAGE = ROOT / "docs" / "performance.md"


def test_the_performance_page_gives_the_findings_of_the_case_of_2000_systems() -> None:
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import case_data

    found = f"{len(check(Case.model_validate(case_data(2000))).findings):,}"
    text = PAGE.read_text(encoding="utf-8")
    stated = [
        (text.count("\n", 0, match.start()) + 1, match.group(1) or match.group(2))
        for match in re.finditer(
            r"N=2000 \(([\d,]+) findings\)|N=2000 the built-in rules report\s+([\d,]+)", text
        )
    ]
    assert len(stated) == 2, "docs/performance.md no longer states the count twice"
    wrong = [f"docs/performance.md:{line} says {count}" for line, count in stated if count != found]
    assert not wrong, (
        f"the built-in rules report {found} findings on the benchmarks' case of 2,000 systems, "
        f"but {'; '.join(wrong)}: change the count there (CONTRIBUTING.md, 'Adding a built-in "
        "rule', step 9) and time the change"
    )
