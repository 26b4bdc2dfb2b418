"""An element whose id changed between two versions, renamed by the team or reworded
without an ``id`` of its own (its id is derived from its label): its findings persist
under their new keys, rather than counting as resolved and new, and an action on one
follows it."""

from __future__ import annotations

import json

from renamed_versions import case_text

from activity_systems import Case, loads
from activity_systems.follow_up import compare
from activity_systems.follow_up.changes import renamed_elements
from activity_systems.handouts.progress import progress_section

#: The actions of each version, on findings that name its tool and task.
ACTIONS = """\
actions:
  - {{finding: {{rule: AS403, elements: [mhs.full-assessment-and-report, court-report]}},
     strategy: Make court reports part of the job plans}}
  - {{finding: {{rule: AS101, elements: [court.targets, mhs.{tool}, court-report]}},
     strategy: Agree a brief report}}
"""


def version(tool: str = "report", task: str = "Full assessment and report") -> Case:
    return loads(case_text(tool, task, actions=ACTIONS))


def test_a_reworded_task_without_an_id_persists() -> None:
    before, after = version(), version(task="Full assessment and court report")
    assert renamed_elements(before, after) == {
        "mhs.full-assessment-and-report": "mhs.full-assessment-and-court-report"
    }
    comparison = compare(before, after)
    assert comparison.counts()["resolved"] == comparison.counts()["new"] == 0
    (item,) = [p for p in comparison.persisting if p.finding.rule == "AS403"]
    assert item.carried == (
        f"was {item.previous.key}; mhs.full-assessment-and-report is now "
        "mhs.full-assessment-and-court-report"
    )
    # the action still names the task's old id, and follows it
    actions = {a.strategy: a for a in comparison.actions}
    assert actions["Make court reports part of the job plans"].fate == "persisting"
    text = " ".join(comparison.to_text().split())
    assert "mhs.full-assessment-and-report is now mhs.full-assessment-and-court-report" in text
    assert "is now mhs.full-assessment-and-court-report" in comparison.to_markdown()
    (data,) = [
        f
        for f in json.loads(comparison.to_json())["findings"]["persisting"]
        if f["rule"] == "AS403"
    ]
    assert data["previous_key"] == item.previous.key != data["key"]
    section = progress_section(comparison, case=after)
    assert [i.carried for i in section.persisting if i.carried] == [item.carried]


def test_a_renamed_tool_keeps_its_findings_and_their_actions() -> None:
    before, after = version(), version(tool="full-report")
    comparison = compare(before, after, rules=["AS101"])
    assert [f.key for f in comparison.resolved] == [] == [f.key for f in comparison.new]
    (item,) = comparison.persisting
    assert item.carried is not None
    assert "mhs.report is now mhs.full-report" in item.carried
    actions = {a.strategy: a for a in comparison.actions}
    assert actions["Agree a brief report"].fate == "persisting"


def test_an_element_replaced_by_another_is_not_a_rename() -> None:
    """Two bare community members of different labels are two members; a tool whose
    turnaround changed with its id is another tool."""
    bare = loads(case_text("report", "Full assessment and report", actions=ACTIONS))
    other = loads(
        case_text("report", "Full assessment and report", actions=ACTIONS).replace(
            "{id: nurses, label: Nurses}", "{id: ushers, label: Ushers}"
        )
    )
    assert renamed_elements(bare, other) == {}
    slower = loads(
        case_text("brief", "Full assessment and report", actions=ACTIONS).replace(
            "turnaround: 4-8 weeks", "turnaround: 1-2 weeks"
        )
    )
    assert renamed_elements(bare, slower) == {}
    comparison = compare(bare, slower, rules=["AS101"])
    assert [f.rule for f in comparison.resolved] == ["AS101"]


class _CountedMapping(dict[str, str]):
    """A mapping of renamed elements that counts how often it is read."""

    reads = 0

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        type(self).reads += 1
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        type(self).reads += 1
        return super().__contains__(key)


def test_pairing_renamed_findings_grows_linearly() -> None:
    """A version whose every element was renamed (its ids derived by a newer rule, say)
    pairs its findings through one index, not by comparing each new finding with each
    old one: the renamed elements are read as often as the findings name elements."""
    from activity_systems.follow_up.matching import _renamed_carried
    from activity_systems.rules.finding import Finding

    def findings(n: int, side: str) -> list[Finding]:
        return [
            Finding.create(
                rule="AS602",
                name="unknown-element",
                category="completeness",
                level=None,
                elements=[f"s{i}.{side}"],
                severity="low",
                message="m",
                explanation="e",
                prompt="p",
            )
            for i in range(n)
        ]

    reads = []
    for n in (100, 200):
        renamed = _CountedMapping({f"s{i}.old": f"s{i}.new" for i in range(n)})
        _CountedMapping.reads = 0
        # the later version lists them the other way round: none is found by chance first
        came = findings(n, "new")[::-1]
        paired = _renamed_carried(renamed, findings(n, "old"), came, {})
        assert len(paired) == n
        reads.append(_CountedMapping.reads)
    assert reads[1] <= 2 * reads[0] + 10, reads


def test_a_tool_replaced_by_another_of_the_same_turnaround_is_not_a_rename() -> None:
    """A tool whose written id and label both changed is another tool, even with the
    same turnaround: the team replaced the report by a video link, and the comparison
    must not say that mhs.report is now mhs.video."""
    replaced = loads(
        case_text("video", "Full assessment and report", actions=ACTIONS).replace(
            "label: Psychiatric report", "label: Video link hearing"
        )
    )
    assert renamed_elements(version(), replaced) == {}
    comparison = compare(version(), replaced, rules=["AS101"])
    assert [f.rule for f in comparison.resolved] == ["AS101"] == [f.rule for f in comparison.new]
    assert "is now" not in comparison.to_text()


def test_elements_alike_but_for_their_labels_follow_each_its_own() -> None:
    """Tools of the same turnaround whose ids were all changed, their labels kept, are
    each renamed: the label tells them apart (they were taken as alike, and none
    followed), and they are paired through an index, not each with every other."""
    from activity_systems.model import ActivitySystem

    def case(prefix: str) -> Case:
        tools = [
            {"id": f"{prefix}{i}", "label": f"Report {i}", "turnaround": "2 weeks"}
            for i in range(300)
        ]
        system = ActivitySystem(id="mhs", subject="Psychiatrist", object="Patient", tools=tools)
        return Case(title="Reports", systems=[system])

    renamed = renamed_elements(case("old"), case("new"))
    assert renamed == {f"mhs.old{i}": f"mhs.new{i}" for i in range(300)}
    assert list(renamed) == sorted(renamed)
