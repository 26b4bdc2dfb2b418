"""``--rules-from FILE`` (or ``--rules-from PACK``): the rules of a Python file of the
user's, or of an installed rule pack, for ``check``, ``compare``, ``rules``, ``render``
and ``handout``.

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

An installed package is a rule pack when it names, under the entry-point group
``activity_systems.rules``, the module that registers its rules when imported::

    [project.entry-points."activity_systems.rules"]
    nhs-region = "nhs_region_rules"

``--rules-from nhs-region`` (a name with no folder in it and no ``.py``) imports that
module. Entry points are read only then, and for the hints of an error: never when
``activity_systems`` is imported, nor by a command not given a pack, so that an
environment's other packages change neither the import's time nor any command's output.
A pack's rules are those registered by its top-level package and its submodules, whether
imported by the command or before it (a notebook that imported the package); the modules
the command imported are dropped afterwards, as a file's are.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from activity_systems.cli.parser import UsageError, shell_word
from activity_systems.errors import RuleError

if TYPE_CHECKING:
    from importlib.metadata import Distribution, EntryPoint

    from activity_systems.rules.registry import RuleSpec

#: The entry-point group under which an installed package names its rules' module.
PACK_GROUP = "activity_systems.rules"

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
    packs: dict[str, EntryPoint] = {}  # pack name -> its entry point
    for given in files:
        pack = _pack(given)
        if pack is not None:
            packs.setdefault(pack.name, pack)
        else:
            paths.setdefault(_python_file(given), given)
    before = {spec.id: spec for spec in registered_rules()}
    modules: list[str] = []
    folders = _on_the_path([path.parent for path in paths])
    loaded = set(sys.modules)
    try:
        with registrations_undone():
            imported: dict[Path, str] = {}  # resolved path -> the file as given
            own: dict[str, RuleSpec] = {}
            for pack in packs.values():
                own.update((spec.id, spec) for spec in _load_pack(pack, packs))
            for path, given in paths.items():
                name = module_name(path)
                modules.append(name)
                imported[path] = given
                _import(path, given, name, imported, packs)
            for spec in registered_rules():
                if before.get(spec.id) is not spec:
                    own[spec.id] = spec
            yield tuple(own[rule_id] for rule_id in sorted(own))
    finally:
        for name in modules:
            sys.modules.pop(name, None)
        _drop_packs(packs.values(), loaded)
        _off_the_path(folders, loaded)


def is_pack_name(given: str) -> bool:
    """Whether a ``--rules-from`` argument is written as a rule pack's name rather than
    a file's path: a name with no folder in it that does not end in ``.py``.

    >>> is_pack_name("nhs-region"), is_pack_name("team_rules.py"), is_pack_name("./x")
    (True, False, False)
    """
    return bool(given) and not given.endswith(".py") and Path(given).name == given != "."


def rule_files(given: Sequence[str] | None) -> list[str]:
    """The arguments of ``--rules-from`` that may be files (the inputs no output may
    replace): all but the names of rule packs."""
    return [name for name in given or [] if not is_pack_name(name)]


def installed_packs() -> dict[str, EntryPoint]:
    """The installed rule packs by name, sorted: the entry points of the group
    ``activity_systems.rules``; of two of one name, the first Python finds."""
    from importlib.metadata import entry_points

    packs: dict[str, EntryPoint] = {}
    for point in entry_points(group=PACK_GROUP):
        packs.setdefault(point.name, point)
    return dict(sorted(packs.items()))


def packs_hint(given: Sequence[str] = (), *, other: bool = False) -> str:
    """What an error about a rule that is not there adds when rule packs are installed:
    their names, given with ``--rules-from``, but for those ``given`` already (``other``:
    said as the other packs, beside the ones given); empty when there are none."""
    names = [name for name in installed_packs() if name not in given]
    if not names:
        return ""
    listed = ", ".join(names)
    which = "other installed rule packs" if other else "installed rule packs"
    return f"; {which}: {listed} (give one with --rules-from {names[0]})"


def unknown_rule_hint(given: Sequence[str] | None) -> str:
    """What a warning of a rule id that no rule has (in the case's ``leave_out``, or an
    action's) adds on the command line: the installed rule packs that ``given`` (the
    arguments of ``--rules-from``) does not name, since the case may have been written
    with one of them (the command run without it), or with an earlier version of a pack
    that is given (said as the other packs then); empty when there are none. The
    entry points are read only for such a warning: a command whose case names no
    unknown rule reads none."""
    named = [name for name in given or () if is_pack_name(name)]
    packs = installed_packs()
    return packs_hint(named, other=any(name in packs for name in named))


def _pack(given: str) -> EntryPoint | None:
    """The installed rule pack that ``given`` names, or ``None`` when it is no pack's
    name: a path, which :func:`_python_file` checks."""
    if not is_pack_name(given):
        return None
    return installed_packs().get(given)


def _pack_shown(pack: EntryPoint) -> str:
    """A pack as messages name it: ``nhs-region (nhs-region-rules 1.0.0)``."""
    dist = pack.dist
    if dist is None:  # pragma: no cover - entry points read from metadata have one
        return pack.name
    return f"{pack.name} ({dist.name} {dist.version})"


def _top(pack: EntryPoint) -> str:
    """The top-level package (or module) of a pack's module."""
    return pack.module.partition(".")[0]


def _of_pack(spec: RuleSpec, pack: EntryPoint) -> bool:
    """Whether ``spec`` is a rule of ``pack``: defined in its top-level package."""
    module = getattr(spec.function, "__module__", None) or ""
    top = _top(pack)
    return module == top or module.startswith(f"{top}.")


def _load_pack(pack: EntryPoint, packs: Mapping[str, EntryPoint]) -> list[RuleSpec]:
    """Import a pack's module and return its rules; ``packs`` are the packs given, for
    the errors.

    Raises:
        RuleError: for a module that raises while it is imported (naming the pack, the
            exception and the line of the pack's file it was raised at), that registers
            no rule, or that registers a rule under an id another rule has.
    """
    from activity_systems.rules.registry import registered_rules

    shown = _pack_shown(pack)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            pack.load()
    except RuleError as error:
        raise RuleError(_refused(error, None, _pack_place(error, shown), {}, packs)) from error
    except SystemExit as error:
        raise RuleError(
            f"{_pack_place(error, shown)}: importing {pack.module} called sys.exit()"
        ) from error
    except Exception as error:
        raise RuleError(
            f"{_pack_place(error, shown)}: importing {pack.module} {_raised(error)}"
        ) from error
    rules = [spec for spec in registered_rules() if _of_pack(spec, pack)]
    if not rules:
        raise RuleError(f"rule pack {shown}: importing {pack.module} registers no rule; {DECORATE}")
    return rules


def _raised(error: Exception) -> str:
    """``raised ValueError: no outcome``: what importing a rules file or a pack raised, a
    syntax error by its own message (its place is given apart).

    >>> _raised(ValueError("no outcome")), _raised(KeyError())
    ('raised ValueError: no outcome', 'raised KeyError')
    """
    message = error.msg if isinstance(error, SyntaxError) else str(error)
    return f"raised {type(error).__name__}{f': {message}' if message else ''}"


def _pack_place(error: BaseException, shown: str) -> str:
    """``shown``, with the file and line of the innermost frame of ``error``'s traceback
    that is not the library's or Python's own: ``rule pack nhs-region (nhs-region-rules
    1.0.0), nhs_region_rules/timing.py:9``."""
    import activity_systems

    library = Path(activity_systems.__file__).parent
    place = ""
    trace: TracebackType | None = error.__traceback__
    while trace is not None:
        filename = trace.tb_frame.f_code.co_filename
        if not filename.startswith("<") and not Path(filename).is_relative_to(library):
            place = f"{Path(filename).parent.name}/{Path(filename).name}:{trace.tb_lineno}"
        trace = trace.tb_next
    if isinstance(error, SyntaxError) and error.filename:
        place = f"{Path(error.filename).parent.name}/{Path(error.filename).name}:{error.lineno}"
    return f"rule pack {shown}" + (f", {place}" if place else "")


def _drop_packs(packs: Iterable[EntryPoint], loaded: set[str]) -> None:
    """Drop the modules of ``packs`` that the command imported (``loaded``: the names of
    those imported before it), so that a command run again imports them afresh and
    registers their rules again."""
    tops = {_top(pack) for pack in packs}
    if not tops:
        return
    dropped = [
        name for name in sys.modules if name not in loaded and name.partition(".")[0] in tops
    ]
    for name in dropped:
        del sys.modules[name]


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
    if not os.path.lexists(path):  # a path copied from Windows (rules\\team.py)
        from activity_systems.io.loading import _leads_nowhere

        slashes = _leads_nowhere(path) if "\\" in given else ""
        if slashes:
            raise UsageError(f"{given}: no such file{slashes}")
    if is_pack_name(given) and (path.is_dir() or not path.exists()):
        what = "a folder" if path.is_dir() else "no such file"
        # a package whose pack is installed is told the pack's name alone, not to install it
        installed = _packs_of_module(given, installed_packs())[0]
        # as a relative import (.team_rules) or an entry point (team_rules:RULES) names it
        module = given.partition(":")[0].lstrip(".")
        parts = module.split(".")
        beside = Path(*parts).with_suffix(".py") if module and all(parts) else None
        if not installed and not path.is_dir() and beside is not None and beside.is_file():
            # the name Python imports the file by: ``--rules-from team_rules``, or
            # ``rules.team`` for rules/team.py, ``.team_rules``, ``team_rules:RULES``
            raise UsageError(
                f"{given}: {what}, and no installed rule pack has this name; there is "
                f"{beside} here: write --rules-from {shell_word(str(beside))}"
            )
        raise UsageError(_no_pack(given, what) + ("" if installed else _package_hint(path)))
    if path.is_dir():
        raise UsageError(
            f"{given}: is a folder; --rules-from takes a Python file (.py)" + _package_hint(path)
        )
    if not path.exists():
        from activity_systems._examples import missing_example

        meant = _file_meant(given)
        if meant is not None:
            raise UsageError(
                f"{given}: no such file; there is {meant} here: write --rules-from "
                f"{shell_word(str(meant))}"
            )
        raise UsageError(
            f"{given}: no such file (--rules-from takes a Python file, .py)"
            + missing_example(given)
        )
    if path.suffix != ".py":
        raise UsageError(
            f"{given}: --rules-from takes a Python file (.py) that registers rules, "
            f"not a {path.suffix or 'file without an extension'}"
        )
    return path.resolve()


def _file_meant(given: str) -> Path | None:
    """The Python file that ``given``, a path to no file, likely means, when there is
    one: the path without its ``.py`` (``rules/team``), or a module's dotted name with
    it (``rules.team.py`` for rules/team.py); ``None`` otherwise.

    >>> _file_meant("no/such/rules") is None
    True
    """
    if not given.endswith(".py"):
        meant: Path | None = Path(given + ".py")
    else:
        parts = given[: -len(".py")].split(".")
        plain = len(parts) > 1 and all(part.isidentifier() for part in parts)
        meant = Path(*parts).with_suffix(".py") if plain else None
    return meant if meant is not None and meant.is_file() else None


def _no_pack(given: str, what: str) -> str:
    """The error for ``given``, a name that no rule pack has: ``what`` it is instead (no
    such file, a folder), with the installed packs, the one it most likely means first.

    >>> _no_pack("nhs-region", "a folder").partition(";")[0]
    'nhs-region: a folder, and no installed rule pack has this name'
    """
    from activity_systems.model.slugs import closest

    packs = installed_packs()
    # A module's name, as a notebook imports it (or written module:attr, or dotted): the
    # pack whose entry point names it is the one meant, whatever its name looks like; of
    # several packs of one package, the one whose module the name is, or leads into.
    top = given.partition(":")[0].partition(".")[0]
    of_top, of_module = _packs_of_module(given, packs)
    if len(of_module) == 1 or len(of_top) == 1:
        (name,) = of_module if len(of_module) == 1 else of_top
        where = packs[name].module if len(of_module) == 1 and len(of_top) > 1 else top
        return (
            f"{given}: {what}, and no installed rule pack has this name; {where} is the "
            f"module of the installed rule pack {name}: write --rules-from {name}"
        )
    if of_top:
        *others, last = of_top
        return (
            f"{given}: {what}, and no installed rule pack has this name; {top} holds the "
            f"modules of the installed rule packs {', '.join(others)} and {last}: write "
            "--rules-from with one of them"
        )
    unlisted = _package_not_a_pack(given)
    if unlisted:
        return f"{given}: {what}, and no installed rule pack has this name; {unlisted}"
    names = list(packs)
    meant = closest(given, names)
    hint = "" if meant is None else f" (did you mean {meant!r}?)"
    listed = f": {', '.join(names)}" if names else " (none is installed)"
    return (
        f"{given}: {what}, and no installed rule pack has this name{hint}; --rules-from "
        f"takes a Python file (.py) or the name of an installed rule pack{listed}"
    )


def _package_not_a_pack(given: str) -> str:
    """What the error for ``given`` says when it names an installed package of rules (by
    its distribution's name, ``youth-rules``, or by a module of it, ``youth_rules``,
    ``youth_rules.timing``, ``youth_rules:RULES``): the name of its rule pack when it
    has one, else, when its metadata names no module under :data:`PACK_GROUP`, the
    entry point it lacks. Empty when ``given`` names no installed package that depends
    on this library (``pydantic`` is no package of rules, and is told nothing of entry
    points). Only the metadata is read: no code of the package runs."""
    from importlib.metadata import Distribution, PackageNotFoundError, packages_distributions

    named = given.partition(":")[0]
    top = named.partition(".")[0]
    dist: Distribution | None = None
    with contextlib.suppress(PackageNotFoundError, ValueError):
        dist = Distribution.from_name(given)
    if dist is None:
        found: list[Distribution] = []
        for candidate in packages_distributions().get(top, []):
            with contextlib.suppress(PackageNotFoundError, ValueError):
                found.append(Distribution.from_name(candidate))
        if len(found) > 1:  # a namespace that several packages share (acme.rules)
            found = [each for each in found if _root_of(named, _roots(each))]
        if len(found) != 1:
            return ""
        dist = found[0]
        roots = _roots(dist)
        module = _root_of(named, roots) or (roots[0] if len(roots) == 1 else top)
    else:
        roots = _roots(dist)
        tops = (dist.read_text("top_level.txt") or "").split()
        module = (
            _root_of(named.replace("-", "_"), roots)
            or (roots[0] if len(roots) == 1 else "")
            or (tops[0] if len(tops) == 1 else top.replace("-", "_"))
        )
    name = dist.metadata["Name"] or given
    packs = sorted({point.name for point in dist.entry_points if point.group == PACK_GROUP})
    if packs:
        listed = " and ".join(packs)
        return (
            f"{name} is the package of the installed rule pack{'s' * (len(packs) > 1)} "
            f"{listed}: write --rules-from {packs[0]}"
        )
    if not _depends_on_the_library(dist):
        return ""
    return (
        f"the installed package {name} {dist.version} (module {module}) is no rule pack: "
        f"its metadata names no module under the entry-point group {PACK_GROUP} (add "
        f'[project.entry-points."{PACK_GROUP}"] to its pyproject.toml, a line such as '
        f'{name} = "{module}", install it again, and give --rules-from {name})'
    )


def _roots(dist: Distribution) -> list[str]:
    """The modules that ``dist`` installed at the top of its packages, from the list of
    its files (``RECORD``): its packages that are in no other of its packages, a package
    of a namespace (``acme.rules``) as such, and its modules of one file."""
    files = dist.files or ()
    packages = {
        ".".join(file.parts[:-1])
        for file in files
        if file.name == "__init__.py"
        and len(file.parts) > 1
        and all(part.isidentifier() for part in file.parts[:-1])
    }
    alone = {
        file.stem
        for file in files
        if len(file.parts) == 1
        and file.suffix == ".py"
        and file.stem.isidentifier()
        and not file.stem.startswith("__editable__")
    }
    inner = {name for name in packages for other in packages if name.startswith(other + ".")}
    return sorted(packages - inner) + sorted(alone)


def _root_of(module: str, roots: Sequence[str]) -> str:
    """The one of ``roots`` that ``module`` (``acme.rules.timing``) is in, or empty."""
    return next((root for root in roots if module == root or module.startswith(root + ".")), "")


def _depends_on_the_library(dist: Distribution) -> bool:
    """Whether ``dist`` requires this library, as a package of rules does."""
    import re

    for requirement in dist.requires or ():
        name = re.match(r"[A-Za-z0-9._-]+", requirement)
        if name and re.sub(r"[-_.]+", "-", name.group(0)).lower() == "activity-systems":
            return True
    return False


def _packs_of_module(given: str, packs: Mapping[str, EntryPoint]) -> tuple[list[str], list[str]]:
    """The installed packs whose module is in the package that ``given``, a module's
    name (``acme_rules``, ``acme_rules.youth``, ``acme_rules:RULES``), starts with; and
    of them, those whose module ``given`` is, or a module inside it."""
    module = given.partition(":")[0]
    top = module.partition(".")[0]
    of_top = [name for name, pack in packs.items() if _top(pack) == top]
    of_module = [
        name
        for name in of_top
        if module == packs[name].module or module.startswith(f"{packs[name].module}.")
    ]
    return of_top, of_module


def _package_hint(folder: Path) -> str:
    """What an error about ``folder`` adds when it is a Python package (it holds an
    ``__init__.py``): how a package of rules is given, which is not by its folder or its
    module's name but, once installed, by its rule pack's; empty otherwise.

    ``--rules-from`` deliberately imports no module by its name (``team_rules``,
    ``team_rules:RULES``): which module a name finds depends on the folder the command
    runs in and on what is installed, and a misspelt one could run another installed
    package's code. A rule pack is named by its own metadata, so the name finds it alone.
    """
    if not (folder / "__init__.py").is_file():
        return ""
    return (
        f"; {folder.resolve().name} is a Python package: --rules-from takes it by the name "
        "of its rule pack once it is installed (pip install -e . in its project, whose "
        f'pyproject.toml names it under [project.entry-points."{PACK_GROUP}"])'
    )


def _own_package(error: Exception, path: Path) -> str:
    """What an error of importing the rules file ``path`` adds when ``error`` is Python
    not finding the package that the file belongs to (``from youth_justice_rules.timing
    import ...`` in ``youth_justice_rules/__init__.py``): how to give a package, as
    :func:`_package_hint` says; empty otherwise."""
    if not isinstance(error, ModuleNotFoundError) or not error.name:
        return ""
    top = error.name.partition(".")[0]
    for folder in path.parents:
        if not (folder / "__init__.py").is_file():
            return ""
        if folder.name == top:
            return _package_hint(folder)
    return ""  # pragma: no cover - a file's parents end at the root, which holds no package


def module_name(path: Path) -> str:
    """The name a rules file is imported under: its stem, as an identifier, and a hash
    of its resolved path, so that two files of one name in different folders differ.

    >>> module_name(Path("/home/me/my-rules.py"))[:-12]
    'activity_systems_rules_from_my_rules_'
    """
    stem = re.sub(r"\W", "_", path.stem)
    digest = hashlib.sha256(str(path).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"activity_systems_rules_from_{stem}_{digest}"


def _import(
    path: Path,
    given: str,
    name: str,
    files: dict[Path, str],
    packs: Mapping[str, EntryPoint],
) -> None:
    """Run the file as the module ``name``, which must register a rule; ``files`` names
    the files imported so far by their resolved paths, and ``packs`` the rule packs
    given, for the errors."""
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
        where = _place(error, path, given)
        raise RuleError(_refused(error, given, where, files, packs)) from error
    except SystemExit as error:
        raise RuleError(
            f"{_place(error, path, given)}: importing it called sys.exit(); put what it "
            'does as a script under if __name__ == "__main__":'
        ) from error
    except Exception as error:
        raise RuleError(
            f"{_place(error, path, given)}: importing it {_raised(error)}"
            + _own_package(error, path)
        ) from error
    if all(before.get(spec.id) is spec for spec in registered_rules()):
        raise RuleError(f"{given}: registers no rule; {DECORATE}")


def _refused(
    error: RuleError,
    given: str | None,
    where: str,
    files: dict[Path, str],
    packs: Mapping[str, EntryPoint],
) -> str:
    """What to say when the registry refused a rule of a file (``given``) or a pack
    (``None``), placed at ``where``; an id already used is named with the rule that has
    it: a built-in one, one of a file in ``files`` (resolved path -> the file as given),
    this one included, one of a pack in ``packs``, or one registered otherwise (by a
    module the file imports, or in Python before the command ran)."""
    from activity_systems.rules.engine import BUILTIN_RULES
    from activity_systems.rules.registry import function_shown, get_rule, source_file

    if error.rule_id is None:
        return f"{where}: {error}"
    existing = get_rule(error.rule_id)
    if any(existing is builtin for builtin in BUILTIN_RULES):
        return (
            f"{where}: rule id {existing.id} is the built-in rule {existing.name}'s; give "
            "your rule another id"
        )
    pack = next((pack for pack in packs.values() if _of_pack(existing, pack)), None)
    if pack is not None:
        return (
            f"{where}: rule id {existing.id} is already used by {existing.name} of the "
            f"rule pack {_pack_shown(pack)}; the two cannot be given together: one of "
            "them must give its rule another id"
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
    frame of its traceback in the file), ``given:line:column`` for a syntax error in the
    file, as for a case file, or ``given`` alone."""
    filename = str(path)
    line: int | None = None
    trace: TracebackType | None = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == filename:
            line = trace.tb_lineno
        trace = trace.tb_next
    if isinstance(error, SyntaxError) and error.filename == filename:
        line = error.lineno
        if line is not None and error.offset:  # Python counts the column from 1
            return f"{given}:{line}:{error.offset}"
    return given if line is None else f"{given}:{line}"
