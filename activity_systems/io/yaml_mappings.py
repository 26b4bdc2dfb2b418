"""PyYAML writes the library's own ``dict`` subclasses as the plain mappings they are.

A report's ``by_level()`` (which names a misspelt level) and the read-only mappings of a
case or a comparison (``value_aliases``, ``system_names``) are subclasses of ``dict``.
PyYAML picks a representer by the exact type, so ``yaml.safe_dump`` refused them
(``cannot represent an object``) and ``yaml.dump`` wrote them with a Python tag that
``yaml.safe_load`` refuses. A decision: the safe dumpers and the full ones (and their
libyaml twins) write them as any ``dict``; what they add to ``dict`` (a helpful error for
a missing key, refusing changes) is not written.

The model and the rules define these classes and know nothing of YAML; this module,
imported with the package, looks down at them by the module that defines them. It adds
one representer to PyYAML's dumpers, for a subclass of ``dict`` that no representer of
its own takes: a ``dict`` of another library's is written as before (refused by the safe
dumpers, tagged by the full ones), through whatever that dumper did for it.

>>> import yaml
>>> from activity_systems.model.types import ReadOnlyDict
>>> print(yaml.safe_dump(ReadOnlyDict(court="Court")), end="")
court: Court
"""

from __future__ import annotations

from typing import Any

import yaml

#: The dumpers taught: the C ones exist only with libyaml.
_DUMPERS = ("SafeDumper", "Dumper", "CSafeDumper", "CDumper")


def is_the_librarys(cls: type) -> bool:
    """Whether ``cls``, a subclass of ``dict``, is one of the library's (or derives from
    one), which PyYAML writes as a plain mapping.

    >>> from collections import OrderedDict
    >>> is_the_librarys(OrderedDict)
    False
    """
    for base in cls.__mro__:
        if base is dict:
            return False
        if base.__module__ == "activity_systems" or base.__module__.startswith("activity_systems."):
            return True
    return False


def _representer(dumper_class: Any) -> Any:
    """The representer of ``dict`` subclasses for ``dumper_class``: the library's as a
    plain mapping, any other as that dumper wrote it before."""
    previous = dumper_class.yaml_multi_representers.get(dict)

    def represent(dumper: Any, data: dict[Any, Any]) -> Any:
        if is_the_librarys(type(data)):
            return dumper.represent_dict(data)
        if previous is not None:
            return previous(dumper, data)
        # what PyYAML does without a representer for dict: the next class of the
        # type's own, or the dumper's fallback
        types = type(data).__mro__
        for later in types[types.index(dict) + 1 :]:
            if later in dumper.yaml_multi_representers:
                return dumper.yaml_multi_representers[later](dumper, data)
        if None in dumper.yaml_multi_representers:
            return dumper.yaml_multi_representers[None](dumper, data)
        return dumper.yaml_representers[None](dumper, data)

    return represent


for _name in _DUMPERS:
    _dumper = getattr(yaml, _name, None)
    if _dumper is not None:
        _dumper.add_multi_representer(dict, _representer(_dumper))
