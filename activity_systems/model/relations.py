"""What passes between systems (third generation): exchanges, the shared object,
integration assessments, declared contradictions and value tensions."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from activity_systems.errors import visible
from activity_systems.model.durations import DurationRange
from activity_systems.model.elements import Frozen, in_case_file
from activity_systems.model.slugs import SLUG_PATTERN, slugify
from activity_systems.model.types import (
    ORDERED,
    REFERENCE_PATTERN,
    SPACE_CHARACTERS,
    ItemsFirst,
    Label,
    Reference,
    Slug,
    SlugSet,
    Text,
    error_details,
    is_reference,
)

Level = Literal["primary", "secondary", "tertiary", "quaternary"]
#: Engeström's four levels of contradiction, in report order.
LEVELS: tuple[Level, ...] = ("primary", "secondary", "tertiary", "quaternary")


class IntegrationLevel(StrEnum):
    """The five ordered levels of the Scale of Organisational Integration.

    >>> IntegrationLevel.LINKAGE < IntegrationLevel.COORDINATION
    True
    >>> IntegrationLevel("cooperation").rank
    3
    """

    FULL_SEGREGATION = "full-segregation"
    LINKAGE = "linkage"
    COORDINATION = "coordination"
    COOPERATION = "cooperation"
    FULL_INTEGRATION = "full-integration"

    def __repr__(self) -> str:
        """The member as Python code names it, as in a case's repr: a falsifying example
        that holds one can be pasted into a test.

        >>> IntegrationLevel("linkage")
        IntegrationLevel.LINKAGE
        """
        return f"{type(self).__name__}.{self.name}"

    @property
    def rank(self) -> int:
        """Position on the continuum, 0 (full segregation) to 4 (full integration)."""
        return _SOI_ORDER.index(self)

    @property
    def label(self) -> str:
        """``"Full segregation"``."""
        return self.value.replace("-", " ").capitalize()

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, IntegrationLevel):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, IntegrationLevel):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, IntegrationLevel):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, IntegrationLevel):
            return NotImplemented
        return self.rank >= other.rank


_SOI_ORDER: tuple[IntegrationLevel, ...] = tuple(IntegrationLevel)

#: What each of Engeström's levels of contradiction lies between: the handout's heading
#: of a level says it, and the case-file schema beside each level an editor offers.
LEVEL_MEANINGS: dict[Level, str] = {
    "primary": "inside one node of one system",
    "secondary": "between two nodes of one system",
    "tertiary": "between an activity and a culturally more advanced form of it",
    "quaternary": "between neighbouring activity systems",
}
#: One line per level of the Scale of Organisational Integration, after Ahgren &
#: Axelsson (2005) as the chapter presents it: the handout's worksheet gives them, and the
#: case-file schema beside each level an editor offers.
SOI_DESCRIPTIONS: dict[IntegrationLevel, str] = {
    IntegrationLevel.FULL_SEGREGATION: "No contact between the service providers",
    IntegrationLevel.LINKAGE: "Contact case by case: referrals and information passed on",
    IntegrationLevel.COORDINATION: "Agreed procedures and contacts coordinate the work",
    IntegrationLevel.COOPERATION: "Shared goals and pooled resources; separate organisations",
    IntegrationLevel.FULL_INTEGRATION: "A new organisation created to provide the joint service",
}


# Text with no digit that reads as an id or a reference, not as a duration: 'targets',
# 'court.Time targets'.
_NAMES_AN_ELEMENT = re.compile(r"[^\d\s]+|[^\d.]*[^\d\s.]\.[^\d\s.][^\d]*")
# What each time names when it is a reference, and an example.
_TIME_REFERENCE = {"takes": ("tool", "mhs.report"), "needed_within": ("rule", "court.targets")}


#: The pattern of a reference as ``takes`` and ``needed_within`` take it, in the JSON
#: Schema: spaces around it are dropped (see :func:`_time_spec`), as they are around a
#: duration.
TIME_REFERENCE_PATTERN = f"^[{SPACE_CHARACTERS}]*{REFERENCE_PATTERN[1:-1]}[{SPACE_CHARACTERS}]*$"
#: The pattern of what a declared contradiction names, in the JSON Schema: an exchange id
#: (an id alone, ``court-report``) or an element reference (``court.targets``). Whether
#: it names an exchange or an element of the case only loading can tell.
DECLARED_PATTERN = f"^{SLUG_PATTERN[1:-1]}(?:\\.{SLUG_PATTERN[1:-1]})?$"
#: A reference as ``takes`` and ``needed_within`` take it.
TimeReference = Annotated[
    Reference,
    WithJsonSchema({"type": "string", "pattern": TIME_REFERENCE_PATTERN}),
]


def _time_spec(value: Any, field: str) -> Any:
    """A duration/range, or a ``<system>.<element-id>`` reference kept as text."""
    if isinstance(value, str) and is_reference(value.strip()):
        return value.strip()
    if value is None or isinstance(value, DurationRange):
        return value
    if isinstance(value, str) and _NAMES_AN_ELEMENT.fullmatch(value.strip()):
        node, example = _TIME_REFERENCE[field]
        raise PydanticCustomError(
            "duration",
            "{value} is neither a duration nor a reference: write a duration such as "
            "'6 weeks', or name the {node} as <system>.<{node}-id>, e.g. '{example}'",
            {"value": repr(visible(value.strip())), "node": node, "example": example},
        )
    if isinstance(value, str | dict):
        return DurationRange.of(value)
    raise PydanticCustomError(
        "duration",
        "expected a duration such as '6 weeks', a range such as '3-6 weeks', or a "
        "reference such as 'mhs.report'",
    )


class Exchange(Frozen):
    """A boundary object that one system produces for another, e.g. a report."""

    # As an element's id (see Element.id), the default only says that it may be left out.
    id: Slug = Field(
        default="", description="Unique within the case; derived from the label when omitted."
    )
    label: Label = Field(description="Shown on diagrams.")
    # Read and written as "from"; named from_ in Python. Not alias="from": type checkers
    # take an alias for the constructor's argument, and from= is not valid Python.
    from_: Slug = Field(
        validation_alias="from",
        serialization_alias="from",
        description="Id of the producing system.",
    )
    to: Slug = Field(description="Id of the consuming system.")
    takes: DurationRange | TimeReference | None = Field(
        default=None, description="How long it takes: a duration range, or <system>.<tool-id>."
    )
    needed_within: DurationRange | TimeReference | None = Field(
        default=None, description="When it is needed: a duration, or <system>.<rule-id>."
    )
    expects: SlugSet = Field(default=(), description="Content items the consumer expects.")
    provides: SlugSet | None = Field(
        default=None, description="Content items the producer gives (else the producing tool's)."
    )
    produced_with: Reference | None = Field(
        default=None,
        description="<system>.<tool-id> producing it (when absent, the tool that 'takes' names).",
    )
    requested_with: Reference | None = Field(
        default=None, description="<system>.<tool-id> on the consumer side that requests it."
    )
    description: Text | None = Field(default=None, description="Longer text, shown in handouts.")
    source: Text | None = Field(default=None, description="Where this comes from (a citation).")

    @model_validator(mode="before")
    @classmethod
    def _prepare(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            if "id" not in data and isinstance(data.get("label"), str):
                derived = slugify(data["label"])
                if not derived:
                    raise PydanticCustomError(
                        "id",
                        "cannot derive an id from the label {label}: give the exchange an 'id'",
                        {"label": repr(data["label"])},
                    )
                data["id"] = derived
        return data

    @model_validator(mode="before")
    @classmethod
    def _from_as_a_file_writes_it(cls, data: Any, info: ValidationInfo) -> Any:
        """In a case file the producing system is ``from``: ``from_``, the name Python
        gives the field (``from`` is a keyword), is an unknown key there, refused beside
        the exchange's other problems. Python takes ``from_``, and ``from`` too."""
        if not (isinstance(data, dict) and "from_" in data and in_case_file(info)):
            return data
        details = [InitErrorDetails(type="extra_forbidden", loc=("from_",), input=data["from_"])]
        rest = {key: value for key, value in data.items() if key != "from_"}
        try:
            cls.__pydantic_validator__.validate_python(rest, context=info.context)
        except ValidationError as error:
            details += [
                error_details(e)
                for e in error.errors()
                if (e["type"], tuple(e["loc"])) != ("missing", ("from",))
            ]
        raise ValidationError.from_exception_data(cls.__name__, details, hide_input=True)

    @property
    def producing_tool(self) -> str | None:
        """``<system>.<tool-id>`` of the tool the producer makes it with: ``produced_with``,
        else the tool whose turnaround it ``takes`` (the tool that gives its time is the
        tool that makes it). Its ``provides`` stand in for the exchange's when those are
        absent, and figures draw the exchange from it.

        >>> report = Exchange(label="Report", from_="mhs", to="court", takes="mhs.report")
        >>> report.producing_tool, report.produced_with
        ('mhs.report', None)
        >>> report.model_copy(update={"produced_with": "mhs.letter"}).producing_tool
        'mhs.letter'
        >>> print(Exchange(label="Report", from_="mhs", to="court", takes="2 weeks").producing_tool)
        None
        """
        if self.produced_with is not None:
            return self.produced_with
        return self.takes if isinstance(self.takes, str) else None

    @field_validator("takes", "needed_within", mode="before")
    @classmethod
    def _time(cls, value: Any, info: ValidationInfo) -> Any:
        return _time_spec(value, info.field_name or "takes")

    @model_validator(mode="after")
    def _ends_differ(self) -> Exchange:
        if self.from_ == self.to:
            raise PydanticCustomError(
                "exchange",
                "an exchange goes from one system to another: 'from' and 'to' are both {id}",
                {"id": repr(self.to)},
            )
        return self


class SharedObject(Frozen):
    """Engeström's "object 3": the object the systems could construct together."""

    label: Label = Field(description="Shown between the two systems in Figure 3.")
    description: Text | None = Field(default=None, description="Longer text, shown in handouts.")
    source: Text | None = Field(default=None, description="Where this comes from (a citation).")


class IntegrationAssessment(Frozen):
    """Scale of Organisational Integration for one pair of systems (Ahgren & Axelsson 2005)."""

    between: Annotated[tuple[Slug, Slug], ORDERED] = Field(
        description="The two systems.", json_schema_extra={"uniqueItems": True}
    )
    current: IntegrationLevel = Field(description="The level the two systems are at now.")
    desired: IntegrationLevel = Field(description="The level the participants want.")
    rationale: Text | None = Field(default=None, description="Why that level is wanted.")
    source: Text | None = Field(default=None, description="Where this comes from (a citation).")

    @model_validator(mode="after")
    def _two_systems(self) -> IntegrationAssessment:
        if self.between[0] == self.between[1]:
            raise PydanticCustomError(
                "integration",
                "an integration assessment is between two different systems, not {id} and itself",
                {"id": repr(self.between[0])},
            )
        return self


class DeclaredContradiction(Frozen):
    """A contradiction the workshop participants name themselves."""

    between: Annotated[tuple[Text, ...], ItemsFirst, ORDERED] = Field(
        min_length=2,
        description="Two or more element references (<system>.<element-id>) or exchange ids.",
        json_schema_extra={
            "uniqueItems": True,
            "items": {"type": "string", "pattern": DECLARED_PATTERN},
        },
    )
    level: Level = Field(description="The level the participants place it at.")
    note: Text | None = Field(default=None, description="The participants' words.")

    @field_validator("between")
    @classmethod
    def _distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        repeated = sorted({ref for ref in value if value.count(ref) > 1})
        if repeated:
            raise PydanticCustomError(
                "declared",
                "a contradiction is between two or more different elements; {ref} is named "
                "more than once",
                {"ref": repr(repeated[0])},
            )
        return value


class ValueTension(Frozen):
    """Two value tags that pull apart, with why; written ``[a, b, "why"]`` in a case file,
    or ``{between: [a, b], rationale: "why"}``."""

    between: Annotated[tuple[Slug, Slug], ORDERED] = Field(
        description="The two value tags.", json_schema_extra={"uniqueItems": True}
    )
    rationale: Text = Field(description="Why they pull apart.")

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, data: Any) -> Any:
        if isinstance(data, list | tuple):
            if len(data) != 3:
                raise PydanticCustomError(
                    "tension",
                    'a value tension is written [tag, tag, "why they pull apart"]; '
                    "got {count} items",
                    {"count": len(data)},
                )
            return {"between": (data[0], data[1]), "rationale": data[2]}
        if isinstance(data, set | frozenset):
            raise PydanticCustomError(
                "tension",
                'a value tension is written [tag, tag, "why they pull apart"]; got a {kind}, '
                "whose order changes from one run of Python to the next: give a list, in "
                "that order",
                {"kind": "frozenset" if isinstance(data, frozenset) else "set"},
            )
        return data

    @model_serializer(mode="plain")
    def _to_list(self) -> list[str]:
        return [self.between[0], self.between[1], self.rationale]
