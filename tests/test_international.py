"""Case files written in other languages and scripts: wide characters in terminal
reports, right-to-left text in handouts, text pasted from a word processor in figures."""

from __future__ import annotations

import activity_systems as a
from activity_systems.columns import display_width

CJK_CASE = """\
title: 法院精神病学报告
systems:
  - id: court
    name: 基层人民法院刑事审判庭
    subject: 法官
    object: {label: 可能有精神健康问题的被告人, values: [punishment]}
    rules:
      - {id: limit, label: 精神病学鉴定的羁押期限为三周, time_limit: 3 weeks}
  - id: mhs
    name: 社区精神卫生服务中心
    subject: 精神科医生
    object: {label: 与刑事司法系统接触的服务使用者, values: [treatment]}
    tools:
      - {id: report, label: 精神病学鉴定报告, turnaround: 4-8 weeks}
exchanges:
  - {id: rpt, label: 给法院的精神病学鉴定报告, from: mhs, to: court, takes: mhs.report,
     needed_within: court.limit}
"""


def test_a_report_of_chinese_text_is_wrapped_to_88_terminal_columns() -> None:
    text = a.check(a.loads(CJK_CASE)).to_text()
    widths = [display_width(line) for line in text.splitlines()]
    assert max(widths) <= 88, text
    assert "精神病学鉴定报告" in text.replace("\n", "").replace(" ", "")


def test_a_comparison_of_chinese_text_is_wrapped_to_88_terminal_columns() -> None:
    earlier = a.loads(CJK_CASE)
    later = a.loads(CJK_CASE.replace("3 weeks", "10 weeks").replace("三周", "十周，视情况延长"))
    text = a.compare(earlier, later).to_text()
    assert max(display_width(line) for line in text.splitlines()) <= 88, text
