"""Valid files damaged at random never crash the checker: every problem ends as a finding.

The mutations are those a person makes by mistake while editing, and some a person would not:
a line deleted, duplicated or moved, a tab, stray quotes, brackets, colons, anchors, aliases,
tags and merge keys, a file cut off in the middle of a character, a value of the wrong type;
and, on the parsed data, any node replaced by any value. The shared files of
`uppdrag/gemensamt/` are damaged as well as the uppdrag.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from uppdrag_docs import codes
from uppdrag_docs.cli import main
from uppdrag_docs.cli.findings import findings_json, github_command
from uppdrag_docs.findings import summary
from uppdrag_docs.trust.calculated import load
from uppdrag_docs.trust.checks import CheckResult, check

from .conftest import BASE_ID, BASE_TEXT, EXAMPLES, KommunRepo, changed, examples, line_of

SHARED = EXAMPLES / "gemensamt"
UPPDRAG_FILES = sorted(p for p in EXAMPLES.rglob("*.yaml") if SHARED not in p.parents)
SHARED_FILES = sorted(SHARED.glob("*.yaml"))
TEXTS = {path: path.read_text(encoding="utf-8") for path in [*UPPDRAG_FILES, *SHARED_FILES]}

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SNIPPETS = [
    "\t",
    '"',
    "'",
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    " :",
    "- ",
    "? ",
    ",",
    "#",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\\",
    "&",
    "*",
    "*x",
    "&a ",
    "*a",
    "!tag ",
    "!!str ",
    "!!binary ",
    "!!python/object:os.system ",
    "<<: ",
    "<<: *a",
    "---\n",
    "...\n",
    "\n",
    "\x00",
    "\ufeff",
    "\u2028",
    "ä",
    "{{ x }}",
    "<b>html</b>",
]

# Values a person might type in place of a scalar, one of each type and a few edge cases.
VALUES = [
    "[1, 2, 3]",
    "[]",
    "{a: 1}",
    "{}",
    "\n  - a\n  - b",
    "\n  a: 1",
    "0",
    "42",
    "-1",
    "-1_000_000",
    "3.5",
    "1e400",
    "9" * 60,
    "-" + "9" * 60,
    ".nan",
    ".inf",
    "-.inf",
    "0x1F",
    "0o17",
    "2027-01-01",
    "2027-02-30",
    "2027-01-01 10:00:00",
    "2027-01-01T10:00:00Z",
    "true",
    "no",
    "null",
    "~",
    "",
    '""',
    "''",
    "'text'",
    "|\n  Markdown\n",
    "&a x",
    "*a",
    "!!int x",
]

_SCALAR_LINE = re.compile(r"^(\s*(?:- )?[^\s:#-][^:#]*: +)([^\s#][^#]*?)(\s*(?:#.*)?)$")


def _reset(repo: KommunRepo) -> None:
    """Back to the shared files alone, undamaged."""
    for path in repo.uppdrag_dir.rglob("*.yaml"):
        if SHARED.name not in path.relative_to(repo.uppdrag_dir).parts[:1]:
            path.unlink()
    for source in SHARED_FILES:
        (repo.uppdrag_dir / SHARED.name / source.name).write_text(TEXTS[source], encoding="utf-8")


def _check_damaged(repo: KommunRepo, source: Path, content: bytes) -> CheckResult:
    """Write `content` in place of `source`, check it all, and hold the findings to account."""
    _reset(repo)
    target = repo.uppdrag_dir / source.relative_to(EXAMPLES)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    if source in SHARED_FILES:
        repo.write(BASE_TEXT)  # an uppdrag checked against the damaged shared file
    result = check(root=repo.root)
    _assert_accountable(result, target, content)
    _assert_green_means_usable(result, repo)
    return result


_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""Where YAML (1.1, as libyaml reads it) breaks lines: these and nothing else."""


def _assert_accountable(result: CheckResult, damaged: Path, content: bytes) -> None:
    """Each finding is a code of the registry, as the registry defines it, at a place that
    exists in its file; and it prints in every output format."""
    lines = _LINE_BREAK.split(content.decode("utf-8", "replace").removeprefix("\ufeff"))
    for finding in result.findings:
        code = codes.REGISTRY[finding.code]
        assert finding.section == code.section, finding
        assert code.severity is None or finding.severity is code.severity, finding
        assert finding.path in result.files, finding
        assert finding.message and finding.message[-1] not in " \n", finding
        line, column = finding.position.line, finding.position.column
        assert line >= 1 and column >= 1, finding
        if finding.path == damaged:
            assert line <= len(lines), (finding, len(lines))
            if finding.code != codes.FILE_UNREADABLE.code:  # the UTF-8 error counts bytes
                assert column <= len(lines[line - 1]) + 1, (finding, lines[line - 1])
        finding.text()
        github_command(finding)
    json.loads(findings_json(result.findings, len(result.files)))
    summary(result.findings, len(result.files))


def _assert_green_means_usable(result: CheckResult, repo: KommunRepo) -> None:
    """No error from check: every uppdrag loads and its compensation, when it has one, is
    calculated (a förslag may wait with its ersättning, riktlinjen 2.1)."""
    if result.has_errors:
        return
    loaded = load(root=repo.root)
    assert loaded.refused == {}
    assert len(loaded.uppdrag) == len(result.loaded)
    for item in loaded.uppdrag.values():
        if item.uppdrag.compensation is not None:
            assert item.calculation.years, item.uppdrag.id


@pytest.fixture
def fuzz_repo(repo: KommunRepo) -> KommunRepo:
    shutil.copytree(EXAMPLES / "bilagor", repo.uppdrag_dir / "bilagor")
    return repo


# --- the text, as a person edits it ------------------------------------------------------


def _mutate_text(data: st.DataObject, text: str) -> bytes:
    lines = text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        kind = data.draw(
            st.sampled_from(["delete", "duplicate", "swap", "tab", "insert", "scalar", "truncate"]),
            label="mutation",
        )
        if kind == "truncate":
            raw = "".join(lines).encode()
            return raw[: data.draw(st.integers(0, len(raw)), label="cut at byte")]
        if not lines:
            lines = [""]
        i = data.draw(st.integers(0, len(lines) - 1), label="line")
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = data.draw(st.integers(0, len(lines) - 1), label="other line")
            lines[i], lines[j] = lines[j], lines[i]
        elif kind in ("tab", "insert"):
            snippet = (
                "\t"
                if kind == "tab"
                else data.draw(st.sampled_from(SNIPPETS) | st.text(max_size=6), label="inserted")
            )
            at = data.draw(st.integers(0, len(lines[i])), label="column")
            lines[i] = lines[i][:at] + snippet + lines[i][at:]
        else:
            scalars = [n for n, line in enumerate(lines) if _SCALAR_LINE.match(line)]
            if scalars:
                n = data.draw(st.sampled_from(scalars), label="scalar line")
                value = data.draw(st.sampled_from(VALUES), label="value")
                match = _SCALAR_LINE.match(lines[n].rstrip("\n"))
                assert match is not None
                lines[n] = match[1] + value + match[3] + "\n"
    return "".join(lines).encode()


@settings(FUZZ, max_examples=examples(100))
@given(data=st.data())
def test_damaged_text_gives_findings_not_a_crash(
    fuzz_repo: KommunRepo, data: st.DataObject
) -> None:
    source = data.draw(st.sampled_from([*UPPDRAG_FILES, *SHARED_FILES]), label="file")
    _check_damaged(fuzz_repo, source, _mutate_text(data, TEXTS[source]))


# --- the data, as a program might write it ----------------------------------------------

_KEYS = st.text(max_size=8) | st.integers(-5, 3000)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**30)
    | st.integers(max_value=-1)
    | st.floats()
    | st.text(max_size=20)
    | st.just("")
    | st.dates()
    | st.datetimes()
    | st.datetimes(timezones=st.just(dt.UTC))
)
_ANY = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_KEYS, children, max_size=3),
    max_leaves=6,
)


def _like(old: Any) -> st.SearchStrategy[Any]:
    """A value of the same type as `old`, so that the file stays valid and the rules run."""
    if isinstance(old, bool):
        return st.booleans()
    if isinstance(old, int):
        return st.integers(-3, 3) | st.integers(-(10**6), 10**9) | st.integers(10**20, 10**60)
    if isinstance(old, float):
        return st.floats(-10, 10**12) | st.sampled_from([0.0, -0.0, 1e-30, 1.0, 1e300])
    if isinstance(old, dt.datetime):
        return st.datetimes()
    if isinstance(old, dt.date):
        return st.dates() | st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))
    if isinstance(old, str):
        return st.sampled_from(["R1", "R2", "KK1", "T1", "x", "bilagor/x.pdf", "../../x.pdf"]) | (
            st.text(max_size=12)
        )
    if isinstance(old, list):
        return st.lists(_like(old[0]), max_size=4) if old else st.just([])
    return _ANY


def _slots(node: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) in the tree, depth first."""
    out: list[tuple[Any, Any]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        out.append((node, key))
        if isinstance(value, dict | list):
            out += _slots(value)
    return out


def _mutate_data(data: st.DataObject, text: str) -> bytes:
    """The file's data, changed and written again without its comments: ruamel.yaml's
    round-trip dumper fails (AttributeError) on a comment whose node was replaced or deleted."""
    yaml = YAML()
    yaml.width = 4096
    tree = YAML(typ="safe", pure=True).load(text)
    slots = _slots(tree)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        if not slots or data.draw(st.integers(0, 40), label="whole file?") == 0:
            value = data.draw(_ANY, label="value")
            tree = value
            slots = []
            continue
        container, key = data.draw(st.sampled_from(slots), label="node")
        action = data.draw(st.sampled_from(["like", "like", "any", "delete"]), label="action")
        if action == "delete":
            del container[key]
        elif action == "like":
            container[key] = data.draw(_like(container[key]), label="same type")
        else:
            container[key] = data.draw(_ANY, label="value")
        slots = _slots(tree) if isinstance(tree, dict | list) else []
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    return buffer.getvalue().encode()


@settings(FUZZ, max_examples=examples(50))
@given(data=st.data())
def test_damaged_data_gives_findings_not_a_crash(
    fuzz_repo: KommunRepo, data: st.DataObject
) -> None:
    source = data.draw(st.sampled_from([*UPPDRAG_FILES, *SHARED_FILES]), label="file")
    _check_damaged(fuzz_repo, source, _mutate_data(data, TEXTS[source]))


# --- the command ------------------------------------------------------------------------


def test_command_reports_a_broken_file_without_a_traceback(repo: KommunRepo) -> None:
    cut = BASE_TEXT[: BASE_TEXT.index("  driftskostnad_basår:")]  # cut off in ersättning
    text = cut + '  modell: "unclosed\n\t- [x: *nowhere\n'
    path = repo.write(text)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "fel UD101" in result.output


def test_figures_too_large_to_calculate_are_an_error_not_a_crash(repo: KommunRepo) -> None:
    """Found by the fuzzing: 28 digits overflow the precision of the exact calculation."""
    path, _ = repo.write_base("      antal: 15\n", "      antal: 1" + "0" * 27 + "\n")
    [finding] = check([path], root=repo.root).findings
    assert (finding.code, finding.is_error) == ("UD308", True)
    result = CliRunner().invoke(main, ["calc", str(path)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "UD308" in result.output


INDEX_LINE = "    övrigt: 0.018\n"  # 2027 in upprakning.yaml
# (the shared file, the text replaced, its replacement, the finding's code and its message's end)
ODD_FIGURES = {
    "an index of 400 digits": (
        "upprakning.yaml",
        INDEX_LINE,
        "    övrigt: 1e400\n",
        "UD112",
        "'år[2027].övrigt' är '1e+400', men får vara högst 1",
    ),
    "a negative index of 400 digits": (
        "upprakning.yaml",
        INDEX_LINE,
        "    övrigt: -1e400\n",
        "UD112",
        "'år[2027].övrigt' är '-1e+400', men ska vara större än -1",
    ),
    "an index in percent": (
        "upprakning.yaml",
        INDEX_LINE,
        "    övrigt: 1.8\n",
        "UD112",
        "'år[2027].övrigt' är '1.8', men får vara högst 1",
    ),
    "a standard price of 400 digits": (
        "standardkostnader.yaml",
        "      belopp: 492.00 ",
        "      belopp: 1e400 ",
        "UD308",
        "beloppet har så många siffror att det inte kan räknas upp exakt",
    ),
    "a Kolada figure of 27 digits": (
        "kolada.csv",
        'U21003,"0580",2026,T,571.00,',
        'U21003,"0580",2026,T,' + "9" * 27 + ",",
        "UD443",
        "har fler än 12 siffror före decimalpunkten och kan inte räknas upp exakt; Kolada har "
        "inga så stora tal",
    ),
}


@pytest.mark.parametrize(
    ("name", "old", "new", "code", "message"), ODD_FIGURES.values(), ids=list(ODD_FIGURES)
)
def test_odd_figures_in_a_shared_file_are_a_finding_at_their_line(
    repo: KommunRepo, name: str, old: str, new: str, code: str, message: str
) -> None:
    """Found by the fuzzing: an index of 1e400 made `check` crash in the rounding of the
    standardkostnad, a catalogue price of 1e400 in its check of öre, and a Kolada figure of 27
    digits went through `check` and crashed the follow-up's document. A catalogue price too
    large is an error where it stands and where an uppdrag uses it."""
    path = repo.uppdrag_dir / "gemensamt" / name
    text = changed(path.read_text(encoding="utf-8"), old, new, 1)
    path.write_text(text, encoding="utf-8")
    repo.write(BASE_TEXT)
    errors = [f for f in check(root=repo.root).findings if f.is_error]
    also = [(f"{BASE_ID}.yaml", "UD308")] if name == "standardkostnader.yaml" else []
    assert [(f.path.name, f.code) for f in errors] == [(name, code), *also], errors
    assert errors[0].position.line == line_of(text, new.strip())
    assert errors[0].message.endswith(message), errors[0].message
    result = CliRunner().invoke(main, ["calc", str(repo.uppdrag_dir / f"{BASE_ID}.yaml")])
    assert (result.exit_code, result.exception.__class__) == (1, SystemExit), result.output
    assert f"{name}:{errors[0].position.line}:" in result.output


def test_a_standard_price_raised_past_exact_figures_is_an_error_not_a_crash(
    repo: KommunRepo,
) -> None:
    """Each index at most 1 and each price at most 10⁹ kr, but doubled every year from 1960 to
    2027 a price has 30 digits: the standardkostnad cannot be raised exactly (UD308)."""
    indexation = repo.uppdrag_dir / "gemensamt" / "upprakning.yaml"
    years = "".join(
        f"  {year}:\n    personal: 1\n    lokaler: 1\n    övrigt: 1\n" for year in range(1960, 2026)
    )
    indexation.write_text(
        changed(indexation.read_text(encoding="utf-8"), "år:\n", "år:\n" + years, 1),
        encoding="utf-8",
    )
    catalogue = repo.uppdrag_dir / "gemensamt" / "standardkostnader.yaml"
    catalogue.write_text(
        changed(
            catalogue.read_text(encoding="utf-8"),
            "    - år: 2026\n      belopp: 492.00 ",
            "    - år: 1960\n      belopp: 999_999_999.00 ",
            1,
        ),
        encoding="utf-8",
    )
    path, text = repo.write_base()
    errors = [f for f in check(root=repo.root).findings if f.is_error]
    assert [(f.path, f.code) for f in errors] == [(path, "UD308")], errors
    assert errors[0].position.line == line_of(text, "  standardkostnad:")
    assert errors[0].message.startswith("standardkostnaden blir för stor för att räknas upp exakt")
