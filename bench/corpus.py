"""A corpus of realistic uppdrag for benchmarks, generated from the project's own examples.

`make_corpus(dest, count)` builds a kommun repository at `dest`: the shared files of
`uppdrag/gemensamt/`, the `uppdrag/bilagor/` folder that the examples refer to, and `count`
uppdrag files. Each is one of the examples with a new id (`<example-id>-<n>`, which is also its
file name), placed in one of a few subfolders, and with its figures varied: a larger or smaller
verksamhet (driftskostnad, volume and ambition changes, forecasts, tilläggsuppdrag), more or
fewer brukare split between the same utförare, and förväntad_kostnad recomputed from the
calculation so that it lies just below the total, as the money checks want.

The files are edited with ruamel.yaml's round-trip mode, so comments, block scalars and the
`84_350_000` style of the numbers are kept and the output reads as if written by hand. The
variation is seeded: the same `count` and `seed` give the same files, byte for byte.

Every file is valid: `uppdrag check <dest>/uppdrag` reports no findings.
"""

from __future__ import annotations

import copy
import io
import math
import os
import random
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarint import ScalarInt

PROJECT = Path(__file__).resolve().parents[1]
EXAMPLES = PROJECT / "uppdrag"
SHARED = "gemensamt"
ATTACHMENTS = "bilagor"

SUBFOLDERS = ("", "norr", "syd", "vast", "ost/boenden")
"""Where generated files go, relative to `uppdrag/` ("" is `uppdrag/` itself)."""

_SCHEMA_COMMENT = re.compile(r"(\$schema=)(\S+)")
_CASE_NUMBER = re.compile(r"^(\S+ \d{4})-\d+$")


class _Representer(RoundTripRepresenter):
    """Round-trip output as people write it: `null` spelled out, `-520_000` grouped correctly."""


def _represent_null(representer: Any, _data: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _represent_int(representer: Any, data: ScalarInt) -> Any:
    # ruamel.yaml writes a grouped negative number as `-_520_000`; Python's format does not.
    grouped = getattr(data, "_underscore", None)
    text = f"{int(data):_d}" if grouped else str(int(data))
    return representer.represent_scalar("tag:yaml.org,2002:int", text)


_Representer.add_representer(type(None), _represent_null)
_Representer.add_representer(ScalarInt, _represent_int)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.Representer = _Representer
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap a long line
    yaml.preserve_quotes = True
    return yaml


def example_files(examples: Path = EXAMPLES) -> list[Path]:
    """The project's example uppdrag, in a stable order (the shared files excluded)."""
    shared = examples / SHARED
    return [p for p in sorted(examples.rglob("*.yaml")) if shared not in p.parents]


def make_corpus(dest: Path, count: int, *, seed: int = 0, examples: Path = EXAMPLES) -> Path:
    """Create a kommun repository with `count` generated uppdrag at `dest`; return `dest`.

    The uppdrag lie under `dest/uppdrag/`, so `uppdrag check dest/uppdrag` checks them all.
    """
    from uppdrag_docs.format.repository import load_shared

    rng = random.Random(seed)
    yaml = _yaml()
    target = dest / "uppdrag"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(examples / SHARED, target / SHARED, dirs_exist_ok=True)
    templates = [(p, yaml.load(p.read_text(encoding="utf-8"))) for p in example_files(examples)]
    if not templates:
        raise ValueError(f"no example uppdrag in {examples}")
    if any(data.get("bilagor") for _, data in templates) and (examples / ATTACHMENTS).is_dir():
        shutil.copytree(examples / ATTACHMENTS, target / ATTACHMENTS, dirs_exist_ok=True)
    shared = load_shared(dest)
    if shared.indexation is None:
        raise ValueError(f"{target / SHARED} has no valid uppräkningsmodell")

    for n in range(1, count + 1):
        source, template = templates[(n - 1) % len(templates)]
        data = copy.deepcopy(template)  # a tenth of the time of parsing the text again
        ident = f"{data['id']}-{n}"
        folder = target / rng.choice(SUBFOLDERS)
        path = folder / f"{ident}.yaml"
        _vary(data, ident, rng)
        _move_attachments(data, source, path, examples, target)
        if data.get("ersättning") is not None:
            _with_standard(data)
            # förväntad_kostnad and the standardkostnad's volym follow the varied figures.
            uppdrag = _validated(_dump(yaml, data), path, shared)
            _measure_volume(data["ersättning"]["standardkostnad"], uppdrag, shared, rng)
            expected = data["ersättning"].get("förväntad_kostnad")
            if expected:
                _expect_costs(expected, uppdrag, shared, rng)
        folder.mkdir(parents=True, exist_ok=True)
        text = _relocate_schema(_dump(yaml, data), source, path, examples, target)
        path.write_text(text, encoding="utf-8")
    return dest


def _validated(text: str, path: Path, shared: Any) -> Any:
    """The checked model of an uppdrag that is to be written to `path`."""
    from uppdrag_docs.format.document import Document, parse_into
    from uppdrag_docs.trust.checks import load_uppdrag

    doc = Document(path=path)
    parse_into(doc, text.encode())
    loaded, findings = load_uppdrag(path, shared, doc=doc)
    if loaded is None:
        raise RuntimeError(f"generated an invalid uppdrag: {findings[0].text()}")
    return loaded.uppdrag


def _vary(data: Any, ident: str, rng: random.Random) -> None:
    """Give the uppdrag a new id and diarienummer and a verksamhet of another size."""
    data["id"] = ident
    match = _CASE_NUMBER.match(str(data.get("diarienummer", "")))
    if match:
        data["diarienummer"] = f"{match.group(1)}-{rng.randint(1, 9999):04d}"
    size = rng.uniform(0.6, 1.6)
    volume = rng.uniform(0.5, 1.5)

    state = data["nulägesanalys"]
    providers = state["utförare"]
    clients = max(len(providers), round(state["antal_brukare"] * size))
    state["antal_brukare"] = _like(state["antal_brukare"], clients)
    shares = _split(clients, [int(p["brukare"]) for p in providers])
    for provider, share in zip(providers, shares, strict=True):
        provider["brukare"] = _like(provider["brukare"], share)

    comp = data["ersättning"]
    comp["driftskostnad_basår"] = _like(
        comp["driftskostnad_basår"], _round(comp["driftskostnad_basår"] * size, 10_000)
    )
    for change in comp.get("volymförändringar") or []:
        count = round(change["antal"] * volume) or (1 if change["antal"] > 0 else -1)
        change["antal"] = _like(change["antal"], count)
        if "styckkostnad" in change:  # enligt_standard takes the catalogue's price
            cost = change["styckkostnad"] * rng.uniform(0.9, 1.1)
            change["styckkostnad"] = _like(change["styckkostnad"], _round(cost, 1_000))
    for item in (comp.get("standardkostnad") or {}).get("utanför_standard") or []:
        amounts = item["belopp"]
        for year in amounts if isinstance(amounts, dict) else ():
            amounts[year] = _like(amounts[year], _round(amounts[year] * size, 10_000))
    for change in comp.get("ambitionsförändringar") or []:
        # The same factor for every change keeps a pair such as +650 000 / −650 000 balanced.
        change["belopp"] = _like(change["belopp"], _round(change["belopp"] * size, 10_000))
    for item in comp.get("rörlig") or []:
        price = item["pris"] * rng.uniform(0.95, 1.05)
        item["pris"] = _like(item["pris"], _round(price, 10))
        forecast = item["prognos"]
        if isinstance(forecast, dict):
            for year in forecast:
                forecast[year] = _like(forecast[year], _round(forecast[year] * size, 10))
        else:
            item["prognos"] = _like(forecast, _round(forecast * size, 10))
    for extra in data.get("tilläggsuppdrag") or []:
        extra["ersättning"] = _like(extra["ersättning"], _round(extra["ersättning"] * size, 10_000))


def _with_standard(data: Any) -> None:
    """Give an uppdrag without `ersättning.standardkostnad` one (its volym is measured later),
    so that every uppdrag of the corpus is compared with a standard, as the benchmarks ask."""
    comp = data["ersättning"]
    if comp.get("standardkostnad") is None:
        comp["standardkostnad"] = {"typ": "hemtjanst", "volym": 1}


def _measure_volume(block: Any, uppdrag: Any, shared: Any, rng: random.Random) -> None:
    """Each year's volym such that J / volym lies within 2 % of the standard (no UD320)."""
    from uppdrag_docs.calc.engine import calculate
    from uppdrag_docs.calc.per_unit import compare

    calculation = calculate(uppdrag, shared.indexation, catalogue=shared.standard)
    comparison = compare(uppdrag, calculation, shared)
    volumes = {}
    for year in comparison.years:
        if year.standard is None or year.comparable <= 0:
            continue
        per_unit = year.standard.amount * Decimal(rng.uniform(0.98, 1.02))
        volumes[year.year] = ScalarInt(
            max(1, round(year.comparable / per_unit)), underscore=[3, False, False]
        )
    block["volym"] = volumes


def _expect_costs(expected: Any, uppdrag: Any, shared: Any, rng: random.Random) -> None:
    """Set each year's förväntad_kostnad a little below the total: no deficit, no surplus."""
    from uppdrag_docs.calc.engine import calculate

    calculation = calculate(uppdrag, shared.indexation, catalogue=shared.standard)
    for year in list(expected):
        try:
            total = calculation.year(int(year)).total
        except KeyError:
            del expected[year]
            continue
        cost = Decimal(math.floor(total * Decimal(rng.uniform(0.985, 0.998)) / 10_000) * 10_000)
        if not total / Decimal("1.02") <= cost <= total:
            cost = total
        expected[year] = _like(expected[year], int(cost))


def _split(total: int, weights: list[int]) -> list[int]:
    """`total` split in proportion to `weights`, each part at least 1, adding up exactly."""
    whole = sum(weights) or len(weights)
    exact = [total * (w or 1) / whole for w in weights]
    parts = [max(1, math.floor(x)) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: parts[i] - exact[i])
    i = 0
    while sum(parts) != total:
        index = order[i % len(order)]
        if sum(parts) < total:
            parts[index] += 1
        elif parts[index] > 1:
            parts[index] -= 1
        i += 1
    return parts


def _round(value: float, step: int) -> int:
    return int(round(value / step) * step)


def _like(old: Any, value: int) -> Any:
    """`value` written like `old`: grouped as `1_200_000` when `old` was and it is large."""
    if getattr(old, "_underscore", None) is not None and abs(value) >= 1000:
        return ScalarInt(value, underscore=[3, False, False])
    return value


def _move_attachments(data: Any, source: Path, path: Path, examples: Path, target: Path) -> None:
    """Point each bilaga at the same file from the uppdrag's new place."""
    for entry in data.get("bilagor") or []:
        original = Path(os.path.normpath(source.parent / entry["fil"]))
        moved = target / original.relative_to(examples)
        entry["fil"] = Path(os.path.relpath(moved, path.parent)).as_posix()


def _relocate_schema(text: str, source: Path, path: Path, examples: Path, target: Path) -> str:
    """`text` with the editor's `$schema=` comment pointing at the same file from `path`."""

    def replace(match: re.Match[str]) -> str:
        schema = Path(os.path.normpath(source.parent / match.group(2)))
        moved = target.parent / schema.relative_to(examples.parent)
        return match.group(1) + Path(os.path.relpath(moved, path.parent)).as_posix()

    return _SCHEMA_COMMENT.sub(replace, text, count=1)


def _dump(yaml: YAML, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()
