"""Large synthetic but realistic cases, deterministic from a seed.

A regional mapping exercise finds every service at an interface (courts, police custody,
community mental health teams, prison health care, probation, liaison and diversion…).
:func:`case_data` builds such a case with ``n`` systems laid out on a ring: each system
has about 20 elements across its seven nodes, produces five exchanges for nearby systems
(so neighbours are local, as agencies of one area are), and is assessed on the Scale of
Organisational Integration with the next system on the ring. Values follow each sector's
profile, so value tensions arise where sectors meet; every 25th system ``advances`` the
next one (a new service model replacing local practice).

>>> data = case_data(40, seed=1)
>>> len(data["systems"]), len(data["exchanges"]), len(data["integration"])
(40, 200, 40)
>>> case_data(40, seed=1) == data
True
>>> len(case_data(40, seed=1, areas=2)["systems"])
80
>>> text = case_yaml(40, seed=1)
>>> text.startswith("title: Regional mapping")
True

Command line: ``python -m benchmarks.generate 1000 -o case.yaml`` (``--seed``, ``--json``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Sequence
from typing import Any

from benchmarks.services import BASES, EXPECTED, RULES, SECTORS, TASKS, TOOLS, Sector

#: Offsets along the ring of the five exchanges each system produces.
EXCHANGE_OFFSETS: tuple[int, ...] = (1, 2, 3, -1, -2)
#: Every how many systems one ``advances`` the next.
ADVANCES_EVERY = 25
#: The Scale of Organisational Integration, in order.
LEVELS: tuple[str, ...] = (
    "full-segregation",
    "linkage",
    "coordination",
    "cooperation",
    "full-integration",
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def _system(sid: str, i: int, sector: Sector, rng: random.Random) -> dict[str, Any]:
    values = sorted(rng.sample(sector.values, rng.randint(1, 2)))
    tools = []
    for tid, label, turnaround, provides in rng.sample(TOOLS, 4):
        tool: dict[str, Any] = {"id": tid, "label": label}
        if turnaround:
            tool["turnaround"] = turnaround
        if provides:
            tool["provides"] = list(provides)
        if rng.random() < 0.15:
            tool["values"] = [rng.choice(sector.values)]
        tools.append(tool)
    tool_ids = [t["id"] for t in tools]
    rules = []
    for rid, label, limit, rule_values, withholds, kind in rng.sample(RULES, 4):
        rule: dict[str, Any] = {"id": rid, "label": label}
        if rng.random() < 0.5:
            rule["kind"] = kind
        if limit:
            rule["time_limit"] = limit
            rule["applies_to"] = [rng.choice(tool_ids)]
        if rule_values:
            rule["values"] = list(rule_values)
        if withholds:
            rule["withholds"] = list(withholds)
        rules.append(rule)
    members = rng.sample(sector.community, 5)
    community: list[Any] = ["?" if rng.random() < 0.04 else m for m in members]
    known = [_slug(m) for m in community if m != "?"]
    tasks = []
    for label in rng.sample(TASKS, 5):
        task: dict[str, Any] = {"task": label}
        if rng.random() < 0.92:
            task["by"] = "subject" if rng.random() < 0.4 or not known else rng.choice(known)
        task["basis"] = rng.choice(BASES)
        tasks.append(task)
    system: dict[str, Any] = {
        "id": sid,
        "name": f"{sector.name} {i}",
        "sector": sector.sector,
        "subject": sector.subject,
        "object": {"label": sector.object, "purpose": sector.purpose, "values": values},
        "outcome": sector.outcome,
        "tools": tools,
        "rules": rules,
        "community": community,
        "division_of_labour": tasks,
    }
    return system


def _sector_of(i: int, seed: int) -> Sector:
    # A fixed shuffle per seed, cycled: neighbours on the ring are of different kinds.
    order = list(range(len(SECTORS)))
    random.Random(seed).shuffle(order)
    return SECTORS[order[i % len(order)]]


def _area(n: int, seed: int, first: int) -> dict[str, list[Any]]:
    """One ring of ``n`` systems numbered from ``first``; the same content for a seed."""
    rng = random.Random(seed)
    sectors = [_sector_of(i, seed) for i in range(n)]
    ids = [f"{sector.slug}-{first + i:04d}" for i, sector in enumerate(sectors)]
    systems = [_system(ids[i], first + i, sectors[i], rng) for i in range(n)]
    for i in range(0, n, ADVANCES_EVERY):
        systems[i]["advances"] = ids[(i + 1) % n]
    exchanges: list[dict[str, Any]] = []
    for i, producer in enumerate(systems):
        targets = []
        for offset in EXCHANGE_OFFSETS:
            j = (i + offset) % n
            if j != i and j not in targets:
                targets.append(j)
        tasks = producer["division_of_labour"]
        for k, j in enumerate(targets):
            consumer = systems[j]
            tool = rng.choice(producer["tools"])
            exchange: dict[str, Any] = {
                "id": f"{ids[i]}-to-{ids[j]}",
                "label": f"{tool['label']} for {consumer['name']}",
                "from": ids[i],
                "to": ids[j],
                "produced_with": f"{ids[i]}.{tool['id']}",
            }
            if "turnaround" not in tool:
                exchange["takes"] = rng.choice(("1-3 days", "2 weeks", "3-8 weeks"))
            timed = [r for r in consumer["rules"] if "time_limit" in r]
            if timed:
                exchange["needed_within"] = f"{ids[j]}.{rng.choice(timed)['id']}"
            elif rng.random() < 0.5:
                exchange["needed_within"] = rng.choice(("48 hours", "1 week", "4 weeks"))
            exchange["expects"] = sorted(rng.sample(EXPECTED, rng.randint(1, 3)))
            if rng.random() < 0.5:
                exchange["requested_with"] = f"{ids[j]}.{rng.choice(consumer['tools'])['id']}"
            exchanges.append(exchange)
            if rng.random() < 0.9:
                tasks[k % len(tasks)].setdefault("produces", []).append(exchange["id"])
    integration = [
        {
            "between": [ids[i], ids[(i + 1) % n]],
            "current": rng.choice(LEVELS[:3]),
            "desired": rng.choice(LEVELS[1:]),
        }
        for i in range(n if n > 2 else 1)
    ]
    declared = [
        {
            "between": [f"{ids[i]}.object", f"{ids[(i + 1) % n]}.object"],
            "level": "quaternary",
            "note": "Named in the regional workshop",
        }
        for i in range(0, n, 100)
    ]
    return {
        "systems": systems,
        "exchanges": exchanges,
        "integration": integration,
        "declared": declared,
    }


def case_data(n: int, *, seed: int = 0, areas: int = 1) -> dict[str, Any]:
    """A case with ``n`` systems as plain data, in case-file form.

    With ``areas`` above 1, the case holds that many rings of ``n`` systems side by side,
    each with the same content under its own ids: a case exactly ``areas`` times the
    size, for measuring how costs grow.

    Raises:
        ValueError: when ``n`` is less than 2.
    """
    if n < 2:
        raise ValueError("a generated case needs at least 2 systems")
    parts = [_area(n, seed, area * n) for area in range(areas)]
    systems, exchanges, integration, declared = (
        [item for part in parts for item in part[key]]
        for key in ("systems", "exchanges", "integration", "declared")
    )
    n *= areas
    return {
        "title": f"Regional mapping of {n} services at the MHS and CJS interface",
        "description": "Synthetic case generated for benchmarks; figures are illustrative.",
        "source": f"benchmarks.generate seed {seed}",
        "systems": systems,
        "exchanges": exchanges,
        "shared_object": {"label": "Offender mental health and an appropriate disposal"},
        "integration": integration,
        "declared": declared,
        "value_tensions": [
            ["information-sharing", "patient-autonomy", "Sharing without consent"],
        ],
        "value_aliases": {"safety": "public-protection"},
    }


# -- YAML text in the style people write case files in -----------------------------------

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 '()/.?-]*$")
_FLOW_WIDTH = 120


def _scalar(value: str) -> str:
    if _PLAIN.match(value) and value not in ("null", "Null", "NULL", "~"):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(str(value))


def _flat(value: Any) -> bool:
    """Scalars and lists of scalars only: writable on one line."""
    if isinstance(value, dict):
        return all(not isinstance(v, dict) and _flat(v) for v in value.values())
    if isinstance(value, list):
        return all(isinstance(v, str) for v in value)
    return True


def _block(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and not (
                _flat(item) and len(pad) + len(key) + len(_flow(item)) < _FLOW_WIDTH
            ):
                out.append(f"{pad}{key}:")
                _block(item, indent + 2, out)
            else:
                out.append(f"{pad}{key}: {_flow(item)}")
        return
    for item in value:
        if isinstance(item, dict) and not (
            _flat(item) and len(pad) + len(_flow(item)) < _FLOW_WIDTH
        ):
            lines: list[str] = []
            _block(item, indent + 2, lines)
            out.append(f"{pad}- {lines[0].lstrip()}")
            out.extend(lines[1:])
        else:
            out.append(f"{pad}- {_flow(item)}")


def data_yaml(data: dict[str, Any]) -> str:
    """Block YAML with short mappings and lists written inline, as people write them."""
    out: list[str] = []
    _block(data, 0, out)
    return "\n".join(out) + "\n"


def case_yaml(n: int, *, seed: int = 0, areas: int = 1) -> str:
    """:func:`case_data` as YAML text (about 75 lines per system)."""
    return data_yaml(case_data(n, seed=seed, areas=areas))


def main(argv: Sequence[str] | None = None) -> int:
    """Write a generated case to a file or standard output."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("systems", type=int, help="number of systems")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="write JSON instead of YAML")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    data = case_data(args.systems, seed=args.seed)
    text = json.dumps(data, indent=1) + "\n" if args.json else data_yaml(data)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
