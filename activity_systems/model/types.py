"""Annotated string types shared by the models: ids, labels, free text, references."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Annotated, Any, NoReturn, get_args

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError
from pydantic_core.core_schema import ErrorType

from activity_systems.model.slugs import SLUG_PATTERN, is_slug, slugify

#: Longest label accepted. Labels are drawn on diagrams; long text belongs in ``description``.
MAX_LABEL_LENGTH = 5000
#: Python's whitespace (what ``str.isspace`` and ``str.strip`` take), as the inside of a
#: character class of a JSON Schema pattern: ECMA-262's ``\\s`` is not quite the same set.
SPACE_CHARACTERS = (
    "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
)
#: A label in the JSON Schema: text of at most :data:`MAX_LABEL_LENGTH` characters, one
#: of them at least no space. The case-file schema adds what no text may hold (see
#: :data:`activity_systems.io.schema.SAFE_TEXT`).
LABEL_JSON_SCHEMA: dict[str, Any] = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_LABEL_LENGTH,
    "pattern": f"[^{SPACE_CHARACTERS}]",
}

# Bidirectional embeddings, overrides and isolates can make a label display as something
# other than what it says (Trojan Source); marks such as U+200F are harmless and allowed.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ALLOWED_CONTROLS = set("\t\n\r")
# Every character the loop below refuses: controls (category Cc) other than tab and newlines,
# surrogates (Cs) and the bidirectional controls. Text without one needs no closer look.
_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _check_text(value: str) -> str:
    if _SUSPECT.search(value) is None:
        return value
    for index, ch in enumerate(value):
        if ch in _BIDI_CONTROLS:
            raise PydanticCustomError(
                "text",
                "contains the bidirectional control character U+{code} at character "
                "{index}: it can make text display differently from what it says; remove it",
                {"code": f"{ord(ch):04X}", "index": index + 1},
            )
        category = unicodedata.category(ch)
        if category == "Cs":
            raise PydanticCustomError(
                "text",
                "contains a lone surrogate (U+{code}) at character {index}: not valid text",
                {"code": f"{ord(ch):04X}", "index": index + 1},
            )
        if category == "Cc" and ch not in _ALLOWED_CONTROLS:
            raise PydanticCustomError(
                "text",
                "contains the control character U+{code} at character {index}; remove it",
                {"code": f"{ord(ch):04X}", "index": index + 1},
            )
    return value


def check_text(value: str) -> str:
    """``value``, when it holds no character that a case's text may not: a control
    character other than tab and line breaks, a lone surrogate, a bidirectional
    embedding, override or isolate. For text read from elsewhere than a case file (a
    saved report).

    Raises:
        pydantic_core.PydanticCustomError: naming the character and where it is.
    """
    return _check_text(value)


def all_safe(texts: Iterable[str]) -> bool:
    """Whether no text of ``texts`` holds a character that :func:`check_text` refuses:
    one search over them all, for the many texts of a saved report.

    >>> all_safe(["Court", "Prison health care"]), all_safe(["Court", chr(0x202E) + "evil"])
    (True, False)
    """
    return _SUSPECT.search("\n".join(texts)) is None


def check_label(value: str, *, called: str = "label") -> str:
    """``value``, when it is a label: not empty (nor spaces alone), at most
    :data:`MAX_LABEL_LENGTH` characters, and holding no character that
    :func:`check_text` refuses. ``called`` is what the errors call it (``"name"``: "a
    name may not be empty", for the name of a version given on the command line); only
    a label of a case is told where its long text goes.

    Raises:
        pydantic_core.PydanticCustomError: saying which.
    """
    # ``called`` is written into the message, not its context, which stays what a
    # label's error has always carried
    if not value.strip():
        raise PydanticCustomError("label", f"a {called} may not be empty")
    if len(value) > MAX_LABEL_LENGTH:
        long_text = "; put long text in 'description'" if called == "label" else ""
        raise PydanticCustomError(
            "label",
            f"a {called} may be at most {{limit}} characters (this one has {{length}})" + long_text,
            {"limit": MAX_LABEL_LENGTH, "length": len(value)},
        )
    return _check_text(value)


def _check_slug(value: str) -> str:
    if not is_slug(value):
        hint = slugify(value)
        suggestion = f" such as {hint!r}" if hint and is_slug(hint) else ""
        raise PydanticCustomError(
            "slug",
            "{value} is not a valid id: use lowercase letters, digits, '-' and '_'{hint}",
            {"value": repr(value), "hint": suggestion},
        )
    return value


def _unique_sorted(value: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(value)))


#: A language tag of BCP 47: a language (``ar``, ``he``, ``fa``), then any subtags
#: (``ur-PK``, ``sr-Latn``), letters and digits after hyphens.
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


def _check_language(value: str) -> str:
    if not re.fullmatch(LANGUAGE_PATTERN, value):
        raise PydanticCustomError(
            "language",
            "{value} is not a language tag: write one such as 'cy' (Welsh), 'ar' (Arabic), "
            "'he' (Hebrew), 'fa' (Persian), 'ur' (Urdu) or 'en' (English)",
            {"value": repr(value)},
        )
    return value


#: Free text (descriptions, sources): any printable text.
Text = Annotated[str, AfterValidator(_check_text)]
#: A short, non-empty label shown on diagrams.
Label = Annotated[str, AfterValidator(check_label), WithJsonSchema(LABEL_JSON_SCHEMA)]
#: An id: ``court``, ``treatment-first``.
Slug = Annotated[
    str,
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN}),
]
#: The language a case is written in: ``ar``, ``he``, ``fa-IR``.
Language = Annotated[
    str,
    AfterValidator(_check_language),
    WithJsonSchema({"type": "string", "pattern": LANGUAGE_PATTERN}),
]
#: A set of slugs, kept sorted and without repeats so that output order is stable. The
#: items are checked first, in the order written, so that an error names the item where
#: the file has it (``values[1]`` is the second tag written, not the second in order).
SlugSet = Annotated[
    tuple[Slug, ...],
    AfterValidator(_unique_sorted),
    WithJsonSchema(
        {
            "type": "array",
            "items": {"type": "string", "pattern": SLUG_PATTERN},
            "uniqueItems": False,
        }
    ),
]


def as_written(kept: tuple[str, ...], written: Any) -> list[tuple[int, str]]:
    """The items of a :data:`SlugSet` (``kept``, sorted and without repeats), each with
    its index in the list it was made from, ``written``, in that list's order: a problem
    with an item is told where the file has it. When ``written`` is not that list (the
    set was given as a model's field, already sorted), the set's own order and indexes.

    >>> as_written(("alpha", "zeta"), ["zeta", "alpha", "zeta"])
    [(0, 'zeta'), (1, 'alpha'), (2, 'zeta')]
    >>> as_written(("alpha", "zeta"), None)
    [(0, 'alpha'), (1, 'zeta')]
    """
    if (
        isinstance(written, list | tuple)
        and all(isinstance(item, str) for item in written)
        and set(written) == set(kept)
    ):
        return list(enumerate(written))
    return list(enumerate(kept))


#: The words for a value of a case file by its type, as the loader gives it. A subclass
#: of one of these (a model's own mapping or enum) is named by its class instead.
_KINDS: dict[type, str] = {dict: "a mapping", list: "a list", str: "text"}


def value_kind(value: object) -> str:
    """What a value of a case file is, in the words of a case file's messages ("got a
    list"): ``true/false``, ``a number``, ``nothing (null)``, ``a mapping``, ``a list``,
    ``text``; anything else by the name of its type. One list of words for the messages
    of the models and of the loader, so that a value is told the same way in each.

    A number is any ``int`` or ``float``, a subclass too (``true``, a ``bool``, is
    ``true/false``); a mapping, a list or text is the plain type only, as JSON and YAML
    give it, since a subclass of one is something a model made, not what a file wrote.

    >>> [value_kind(v) for v in (True, 3, 2.5, None, {}, [], "x")]
    ['true/false', 'a number', 'a number', 'nothing (null)', 'a mapping', 'a list', 'text']
    >>> import datetime
    >>> value_kind(datetime.date(2024, 1, 2)), value_kind(b"x")
    ('date', 'bytes')
    """
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "nothing (null)"
    return _KINDS.get(type(value), type(value).__name__)


REFERENCE_PATTERN = r"^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?\.[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$"
_REFERENCE = re.compile(REFERENCE_PATTERN)


def _items_first(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Validate a list with a least length, leaving out the "too short" error that only
    follows from items that failed: ``systems: [{...bad...}]`` is one mistake, in the item,
    not also "Tuple should have at least 1 item after validation, not 0"."""
    try:
        return handler(value)
    except ValidationError as error:
        errors = error.errors()
        kept = [e for e in errors if e["type"] != "too_short" or e["loc"]]
        if len(kept) == len(errors) or not kept:
            raise
        raise ValidationError.from_exception_data(
            error.title, [error_details(e) for e in kept]
        ) from None


def error_details(error: Any, *, linked: bool = True) -> InitErrorDetails:
    """One error of a :class:`~pydantic.ValidationError`, to be raised again as it was.

    Not ``linked``, an error of one of Pydantic's own types keeps its type, its message
    and its context, but is raised under its type's name as an error of its own words:
    shown, it has no "For further information visit https://errors.pydantic.dev/..."
    line, a page about Pydantic that says nothing about a case."""
    details = InitErrorDetails(
        type=error["type"], loc=tuple(error["loc"]), input=error["input"], ctx=error.get("ctx", {})
    )
    if linked and error["type"] in _PYDANTIC_ERRORS:
        try:  # one of Pydantic's own, which words its message from its context
            again = ValidationError.from_exception_data("", [details]).errors()[0]["msg"]
        except (KeyError, TypeError):  # a validator's error under one of their names
            again = None
        if again == error["msg"]:  # not a validator's own words under one of their names
            return details
    message, context = str(error["msg"]), error.get("ctx")
    custom = PydanticCustomError(error["type"], message, context)
    if context and custom.message() != message:
        # The message is used as a template: text it quotes that looks like one of the
        # context's names (a label written '{text}') would be filled in again. Put the
        # whole message in under a name of its own, filled in last.
        custom = PydanticCustomError(
            error["type"], "{" + _MESSAGE + "}", {**context, _MESSAGE: message}
        )
    details["type"] = custom
    return details


_MESSAGE = "_message_as_raised"


_PYDANTIC_ERRORS = frozenset(get_args(ErrorType))


#: For a list field with ``min_length``: see :func:`_items_first`.
ItemsFirst: WrapValidator = WrapValidator(_items_first)


def _refuse_unordered(value: Any, info: ValidationInfo) -> Any:
    """Refuse a ``set`` or a ``frozenset`` for a list whose order is kept: its order
    changes from one run of Python to the next (string hashing is randomised), and with
    it the order of figures and written files, where the same case must give the same
    bytes. A mapping's keys (``dict.keys()``), a tuple or a generator keep an order, and
    are taken. The lists kept sorted (:data:`SlugSet`) take a set."""
    if isinstance(value, set | frozenset):
        field = info.field_name or "this list"
        raise PydanticCustomError(
            "list_type",
            "got a {kind} for {field}: a set's order changes from one run of Python to the "
            "next, and the order of figures and written files with it; give a list, in the "
            "order wanted",
            {"kind": "frozenset" if isinstance(value, frozenset) else "set", "field": field},
        )
    return value


#: For a list field whose order is kept (a system's tools, a case's systems): a set is
#: refused, as its order is not the same in every run (see :func:`_refuse_unordered`).
ORDERED = BeforeValidator(_refuse_unordered)


def is_reference(text: str) -> bool:
    """True for ``<system>.<element-id>``."""
    return bool(_REFERENCE.match(text))


def _check_reference(value: str) -> str:
    if not is_reference(value):
        raise PydanticCustomError(
            "reference",
            "{value} is not a reference: write <system>.<element-id>, e.g. 'court.targets'",
            {"value": repr(value)},
        )
    return value


#: ``<system>.<element-id>``.
Reference = Annotated[
    str,
    AfterValidator(_check_reference),
    WithJsonSchema({"type": "string", "pattern": REFERENCE_PATTERN}),
]


def join_reference(system: str, element: str) -> str:
    """``"court", "targets"`` → ``"court.targets"``."""
    return f"{system}.{element}"


def sorted_unique(items: Iterable[str]) -> tuple[str, ...]:
    """Sorted tuple without repeats."""
    return tuple(sorted(set(items)))


def _read_only() -> NoReturn:
    raise TypeError(
        "this mapping belongs to a frozen model and cannot be changed in place: "
        "make a changed copy of the model with model_copy(update=...)"
    )


class ReadOnlyDict(dict[str, str]):
    """The mapping a frozen model holds (a case's ``value_aliases``): a ``dict`` that
    refuses to change, as the model's tuples do, and hashes as it compares, so that the
    model stays what it was validated as and can be a key of a dict. ``dict(mapping)``,
    ``mapping.copy()`` and ``mapping | other`` give a plain ``dict`` to change.

    >>> aliases = ReadOnlyDict({"tlc": "treatment"})
    >>> aliases, hash(aliases) == hash(ReadOnlyDict({"tlc": "treatment"}))
    ({'tlc': 'treatment'}, True)
    >>> aliases["care"] = "treatment"
    Traceback (most recent call last):
    ...
    TypeError: this mapping belongs to a frozen model and cannot be changed in place: make a changed copy of the model with model_copy(update=...)
    """  # noqa: E501

    __slots__ = ()

    # Each method that would change it refuses, whatever it is given. They are defined
    # one by one, not assigned a shared function, so that their types are declared:
    # assigned, they were of inferred type, which type checkers may read differently.

    def __setitem__(self, *args: object, **kwargs: object) -> NoReturn:
        _read_only()

    def __delitem__(self, *args: object, **kwargs: object) -> NoReturn:
        _read_only()

    # mypy compares |= with |, which dict overloads, only for a method that has as many
    # overloads: this one refuses whatever | would take
    def __ior__(self, *args: object, **kwargs: object) -> NoReturn:  # type: ignore[misc]
        _read_only()

    def clear(self, *args: object, **kwargs: object) -> NoReturn:
        _read_only()

    def pop(self, *args: object, **kwargs: object) -> NoReturn:
        _read_only()

    def popitem(self, *args: object, **kwargs: object) -> NoReturn:
        _read_only()

    def setdefault(self, *args: object, **kwargs: object) -> NoReturn:
        _read_only()

    def update(self, *args: object, **kwargs: object) -> NoReturn:
        _read_only()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[type[ReadOnlyDict], tuple[dict[str, str]]]:
        # pickled and copied as its items, not item by item (which it refuses)
        return (type(self), (dict(self),))
