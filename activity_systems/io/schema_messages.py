"""What an editor says of a value that does not match a pattern of the case-file schema.

A pattern says little to the person typing: VS Code's editors (and Red Hat's YAML
extension) show ``String does not match the pattern of "…"`` with the pattern itself,
some 1,500 characters of character classes for a duration. Each pattern of the schema is
therefore given a ``patternErrorMessage``, which those editors show in its place: what is
expected, with an example, in the words the loader uses. Validators ignore the keyword,
and it changes nothing a schema takes or refuses.

>>> node = {"type": "string", "pattern": "^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$(?!\\\\n)"}
>>> explain_patterns(node)
>>> node["patternErrorMessage"][:41]
'expected an id: lowercase letters, digits'
"""

from __future__ import annotations

from typing import Any

from activity_systems.model.actions import FINDING_KEY_PATTERN, RULE_ID_PATTERN
from activity_systems.model.durations import DURATION_PATTERN, RANGE_PATTERN
from activity_systems.model.relations import DECLARED_PATTERN, TIME_REFERENCE_PATTERN
from activity_systems.model.slugs import SLUG_PATTERN
from activity_systems.model.types import LABEL_JSON_SCHEMA, LANGUAGE_PATTERN, REFERENCE_PATTERN

_DURATION = "a duration in hours, days or weeks, above zero"
_NOT_MONTHS = (
    "months and years are refused, as their length in days is ambiguous: give weeks or days instead"
)
_REFERENCE = "a reference <system>.<element-id>: two ids joined by a dot, such as 'mhs.report'"
#: What ``takes`` and ``needed_within`` take: a duration, a range or a reference. Each of
#: their choices says it all, as an editor shows the message of one of them, the first,
#: of a text that none takes (``takes: mhs.Report`` is no duration and no reference).
_TIME = (
    f"expected {_DURATION}, or a range of them, such as '4-8 weeks', or a reference "
    f"<system>.<element-id> to a tool or a rule, such as 'mhs.report'; {_NOT_MONTHS}"
)

#: The message of each pattern, by the pattern as the model writes it (before the
#: schema makes its end strict, see :func:`strict_end`).
_MESSAGES: dict[str, str] = {
    SLUG_PATTERN: "expected an id: lowercase letters, digits, '-' and '_', starting and "
    "ending with a letter or a digit, such as 'medical-history' (no spaces or capitals)",
    REFERENCE_PATTERN: f"expected {_REFERENCE}",
    TIME_REFERENCE_PATTERN: _TIME,
    DECLARED_PATTERN: "expected an exchange id or an element reference <system>.<element-id>, "
    "such as 'court-report' or 'court.targets': ids, not labels",
    DURATION_PATTERN: f"expected {_DURATION}, such as '3 weeks', '36 hours', '1.5 days' "
    f"or 'P6W'; {_NOT_MONTHS}",
    RANGE_PATTERN: f"expected {_DURATION}, or a range of them, such as '3 weeks', '4-8 weeks', "
    f"'3 to 6 weeks', '36 hours' or 'P6W'; {_NOT_MONTHS}",
    LABEL_JSON_SCHEMA["pattern"]: "may not be empty or only spaces",
    LANGUAGE_PATTERN: "expected a language tag, such as 'en', 'cy', 'ar' or 'pt-BR'",
    RULE_ID_PATTERN: "expected a rule id, such as 'AS101'",
    FINDING_KEY_PATTERN: "expected a finding's key as the report gives it, such as "
    "'AS101-3705b555c6': the rule's id, '-' and 10 hexadecimal digits in lowercase",
}


#: What ends each pattern of the schema that ends with ``$``. Python's ``re.search``, as
#: validators in Python run a pattern, lets ``$`` match before a last line break too, so
#: that the id ``"a\n"`` would pass for ``a``; an ECMA-262 ``$`` (editors') matches at the
#: end only. The lookahead, which both take, leaves no line break after that end.
STRICT_END = "$(?!\\n)"


def strict_end(pattern: str) -> str:
    """``pattern`` ending with :data:`STRICT_END` where it ends with ``$``, as the schema
    writes each pattern.

    >>> strict_end("^[a-z]+$") == "^[a-z]+" + STRICT_END
    True
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + STRICT_END
    return pattern


_BY_PATTERN = {
    written: message
    for pattern, message in _MESSAGES.items()
    for written in (pattern, strict_end(pattern))
}
_TIME_REFERENCES = frozenset({TIME_REFERENCE_PATTERN, strict_end(TIME_REFERENCE_PATTERN)})


def pattern_message(pattern: str) -> str | None:
    """What an editor should say of a value that does not match ``pattern``, or ``None``
    for a pattern the schema of case files does not write.

    >>> pattern_message(RULE_ID_PATTERN)
    "expected a rule id, such as 'AS101'"
    """
    return _BY_PATTERN.get(pattern)


def explain_patterns(node: Any) -> None:
    """Give each pattern in ``node`` that has none a ``patternErrorMessage`` (in place)."""
    if isinstance(node, list):
        for item in node:
            explain_patterns(item)
        return
    if not isinstance(node, dict):
        return
    for key in ("anyOf", "oneOf"):
        choices = node.get(key)
        if isinstance(choices, list):
            _said_alike(choices)
    for value in node.values():
        explain_patterns(value)
    pattern = node.get("pattern")
    if isinstance(pattern, str) and "patternErrorMessage" not in node:
        message = pattern_message(pattern)
        if message is not None:
            node["patternErrorMessage"] = message


def _said_alike(choices: list[Any]) -> None:
    """Give the patterns of a key that takes a duration or a reference (``takes``,
    ``needed_within``) the message that says both, on each choice."""
    patterned = [
        choice
        for choice in choices
        if isinstance(choice, dict) and isinstance(choice.get("pattern"), str)
    ]
    if any(choice["pattern"] in _TIME_REFERENCES for choice in patterned):
        for choice in patterned:
            choice.setdefault("patternErrorMessage", _TIME)
