"""``--rules-from FILE``: the rules of a Python file of the user's, for ``check``,
``compare``, ``rules``, ``render`` and ``handout``.

The file registers its rules with :func:`activity_systems.rule` when it is imported, as
``examples/custom_rule.py`` does. The command imports it as a module of its own name,
which no other module has (``activity_systems_rules_from_<stem>_<hash of its path>``),
so that it cannot shadow the user's other modules or the library; the rules it
registered are those the registry holds afterwards and did not before. A rule is known
by its file and its function's name, not by the module's: a file that another one
imports too (``from team_rules import one_way_pair``), or that the process imported
before, registers its rules again, replacing them. When the command is done the
registry is as it was before (the rules registered forgotten, those replaced back) and
the module dropped, so that running a command again in the same process (a test, a
notebook) imports the file afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from activity_systems.cli.parser import UsageError
from activity_systems.errors import RuleError

if TYPE_CHECKING:
    from activity_systems.rules.registry import RuleSpec

#: How a rule of the user's is registered, for the errors that say how.
DECORATE = "decorate each rule function with @activity_systems.rule(ID, name=..., category=...)"


@contextlib.contextmanager
def rules_from(files: Sequence[str] | None) -> Iterator[tuple[RuleSpec, ...]]:
    """Import each Python file of ``files`` (as ``--rules-from`` gives them: ``None``
    for none) and yield the rules they registered, in id order; a file given twice (by
    any path) is imported once. Afterwards the registry is as it was before (the rules
    the files registered are forgotten, and those they replaced registered again) and
    the modules are dropped from :data:`sys.modules`, even when importing one of the
    files failed.

    Raises:
        UsageError: for a file that does not exist or is not a ``.py`` file.
        RuleError: for a file that raises while it is imported (naming the exception
            and the line of the file it was raised at), that registers no rule, or that
            registers a rule under an id another rule has (a built-in rule, or one of
            another file).
    """
    if not files:
        yield ()
        return
    import activity_systems.rules.engine  # noqa: F401  (registers the built-in rules)
    from activity_systems.rules.registry import registered_rules, registrations_undone

    paths: dict[Path, str] = {}  # resolved path -> the name it was given as
    for given in files:
        paths.setdefault(_python_file(given), given)
    before = {spec.id: spec for spec in registered_rules()}
    modules: list[str] = []
    folders = _on_the_path([path.parent for path in paths])
    loaded = set(sys.modules)
    try:
        with registrations_undone():
            imported: dict[Path, str] = {}  # resolved path -> the file as given
            for path, given in paths.items():
                name = module_name(path)
                modules.append(name)
                imported[path] = given
                _import(path, given, name, imported)
            yield tuple(spec for spec in registered_rules() if before.get(spec.id) is not spec)
    finally:
        for name in modules:
            sys.modules.pop(name, None)
        _off_the_path(folders, loaded)


def _on_the_path(folders: Sequence[Path]) -> list[str]:
    """Put each of ``folders`` that is not on Python's path at its end, and return those
    put there."""
    added = [str(folder) for folder in dict.fromkeys(folders) if str(folder) not in sys.path]
    if added:
        sys.path.extend(added)
        importlib.invalidate_caches()  # a helper written since the folder was last looked at
    return added


def _off_the_path(folders: Sequence[str], loaded: set[str]) -> None:
    """Take ``folders`` off Python's path, and drop the modules imported from them that
    were not imported before (``loaded``: the names of those that were): the modules
    and packages that lie in one of the folders itself, and their submodules, not those
    of another folder of Python's path below it (``.venv/lib/.../site-packages`` of a
    project whose rules file is at its top)."""
    for folder in folders:
        with contextlib.suppress(ValueError):
            sys.path.remove(folder)
    if not folders:
        return
    # decided for all before any goes: a submodule is known by its package
    dropped = [name for name in sys.modules if name not in loaded and _imported_from(name, folders)]
    for name in dropped:
        del sys.modules[name]


def _imported_from(name: str, folders: Sequence[str]) -> bool:
    """Whether the module ``name`` was imported from one of ``folders``: whether its
    top-level module or package lies in one of them itself.

    >>> import json.decoder
    >>> _imported_from("json.decoder", [str(Path(json.__file__).parent.parent)])
    True
    >>> _imported_from("json.decoder", [str(Path(json.__file__).parent.parent.parent)])
    False
    """
    top = sys.modules.get(name.partition(".")[0])
    file = getattr(top, "__file__", None)
    if isinstance(file, str):
        where = Path(file).parent
        if Path(file).stem == "__init__":  # a package: the folder that holds it
            where = where.parent
    else:  # a namespace package: where its first part lies
        paths = [path for path in getattr(top, "__path__", None) or () if isinstance(path, str)]
        if not paths:
            return False
        where = Path(paths[0]).parent
    return str(where) in folders


def _python_file(given: str) -> Path:
    """The resolved path of a ``--rules-from`` file, which must be an existing ``.py``."""
    path = Path(given)
    if path.is_dir():
        raise UsageError(f"{given}: is a folder; --rules-from takes a Python file (.py)")
    if not path.exists():
        raise UsageError(f"{given}: no such file (--rules-from takes a Python file, .py)")
    if path.suffix != ".py":
        raise UsageError(
            f"{given}: --rules-from takes a Python file (.py) that registers rules, "
            f"not a {path.suffix or 'file without an extension'}"
        )
    return path.resolve()


def module_name(path: Path) -> str:
    """The name a rules file is imported under: its stem, as an identifier, and a hash
    of its resolved path, so that two files of one name in different folders differ.

    >>> module_name(Path("/home/me/my-rules.py"))[:-12]
    'activity_systems_rules_from_my_rules_'
    """
    stem = re.sub(r"\W", "_", path.stem)
    digest = hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"activity_systems_rules_from_{stem}_{digest}"


def _import(path: Path, given: str, name: str, files: dict[Path, str]) -> None:
    """Run the file as the module ``name``, which must register a rule; ``files`` names
    the files imported so far by their resolved paths, for the errors."""
    from activity_systems.rules.registry import registered_rules

    before = {spec.id: spec for spec in registered_rules()}
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has one
        raise UsageError(f"{given}: cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    # In sys.modules while it runs, as an imported module is: dataclasses and pickle
    # look their classes' module up there.
    sys.modules[name] = module
    try:
        # what it prints goes to standard error: standard output is the command's own
        # (a JSON report, a figure)
        with contextlib.redirect_stdout(sys.stderr):
            spec.loader.exec_module(module)
    except RuleError as error:
        raise RuleError(_refused(error, path, given, files)) from error
    except SystemExit as error:
        raise RuleError(
            f"{_place(error, path, given)}: importing it called sys.exit(); put what it "
            'does as a script under if __name__ == "__main__":'
        ) from error
    except Exception as error:
        message = error.msg if isinstance(error, SyntaxError) else str(error)
        said = f": {message}" if message else ""
        raise RuleError(
            f"{_place(error, path, given)}: importing it raised {type(error).__name__}{said}"
        ) from error
    if all(before.get(spec.id) is spec for spec in registered_rules()):
        raise RuleError(f"{given}: registers no rule; {DECORATE}")


def _refused(error: RuleError, path: Path, given: str, files: dict[Path, str]) -> str:
    """What to say when the registry refused one of the file's rules; an id already used
    is named with the rule that has it: a built-in one, one of a file in ``files``
    (resolved path -> the file as given), this one included, or one registered otherwise
    (by a module the file imports, or in Python before the command ran)."""
    from activity_systems.rules.engine import BUILTIN_RULES
    from activity_systems.rules.registry import function_shown, get_rule, source_file

    where = _place(error, path, given)
    if error.rule_id is None:
        return f"{where}: {error}"
    existing = get_rule(error.rule_id)
    if any(existing is builtin for builtin in BUILTIN_RULES):
        return (
            f"{where}: rule id {existing.id} is the built-in rule {existing.name}'s; give "
            "your rule another id"
        )
    defined_in = source_file(existing.function)
    other = files.get(defined_in) if defined_in is not None else None
    if other is None:  # the registry's advice (unregister) is for Python, not for here
        return (
            f"{where}: rule id {existing.id} is already used by {existing.name} "
            f"({function_shown(existing.function)}); give your rule another id"
        )
    return (
        f"{where}: rule id {existing.id} is already used by {existing.name} of "
        f"{'this file' if other == given else other}; give one of them another id"
    )


def _place(error: BaseException, path: Path, given: str) -> str:
    """``given:line``, the line of the file where ``error`` was raised (the innermost
    frame of its traceback in the file, or a syntax error's line), or ``given`` alone."""
    filename = str(path)
    line: int | None = None
    trace: TracebackType | None = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == filename:
            line = trace.tb_lineno
        trace = trace.tb_next
    if isinstance(error, SyntaxError) and error.filename == filename:
        line = error.lineno
    return given if line is None else f"{given}:{line}"
