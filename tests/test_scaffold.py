"""`uppdrag init`: a new kommun's repository that works at once, written all or nothing, never
over a file that exists; `--uppdatera` brings the tool's files to the installed version.

This repository's own workflows and `.gitlab-ci.yml` are the kommun's, with the action and the
component of the checkout itself: run `python -m tests.test_scaffold` after changing a template
in `uppdrag_docs/scaffold/kommun/` to write them again.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import json
import os
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

import uppdrag_docs
from uppdrag_docs.cli import main
from uppdrag_docs.format.json_schema import SCHEMAS, editor_settings_text, schema_text
from uppdrag_docs.format.skeleton import write_skeleton
from uppdrag_docs.scaffold import answers, writer
from uppdrag_docs.scaffold import files as scaffold_files
from uppdrag_docs.scaffold.adopt import is_release
from uppdrag_docs.scaffold.files import CI_FILES, LOCAL, ci_files, scalar, tool_files
from uppdrag_docs.version import REPOSITORY, __version__

from .conftest import PROJECT

ACTION = PROJECT / "action.yml"
NAMES = ["--kommun", "Exempelby kommun", "--utförarförvaltning", "Omsorg i egen regi"]
KOMMUN_FILES = [
    ".gitignore",
    "README.md",
    "uppdrag/gemensamt/kommun.yaml",
    "uppdrag/gemensamt/kvalitetskriterier.yaml",
    "uppdrag/gemensamt/upprakning.yaml",
]
TOOL_FILES = [
    ".pre-commit-config.yaml",
    ".vscode/settings.json",
    "requirements.txt",
    *(f"schema/{name}" for _, name, _ in SCHEMAS.values()),
]
GITHUB_FILES = [
    ".github/dependabot.yml",
    ".github/workflows/dokument.yml",
    ".github/workflows/granskning.yml",
    ".github/workflows/sammantrade.yml",
    ".github/workflows/webb.yml",
    ".github/zizmor.yml",
]


_SCHEMA_TEXT_ONCE = functools.cache(schema_text)


@pytest.fixture(autouse=True)
def _each_schema_made_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """init writes every JSON Schema, a pure function of the models that pydantic takes a tenth
    of a second to make: this module's fourteen runs of init make each once per process.
    test_init_writes_a_repository_that_checks_clean holds what init wrote to a fresh
    `schema_text`."""
    monkeypatch.setattr(scaffold_files, "schema_text", _SCHEMA_TEXT_ONCE)


def tree(root: Path) -> dict[str, bytes]:
    """Every file below `root` and its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def init(*args: str) -> tuple[int, str, str]:
    done = CliRunner().invoke(main, ["init", *args], catch_exceptions=False)
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture
def kommun(tmp_path: Path, in_dir: object) -> Path:
    """A new kommun's repository, made by `uppdrag init` from the working directory."""
    in_dir(tmp_path)  # type: ignore[operator]
    code, out, _ = init("kommun", *NAMES)
    assert code == 0, out
    return tmp_path / "kommun"


# A new kommun


def test_init_writes_a_repository_that_checks_clean(kommun: Path) -> None:
    written = tree(kommun)
    assert sorted(written) == sorted([*KOMMUN_FILES, *TOOL_FILES, *GITHUB_FILES])
    settings = YAML(typ="safe").load(written["uppdrag/gemensamt/kommun.yaml"])
    assert settings == {
        "kommun": "Exempelby kommun",
        "utförarförvaltning": "Omsorg i egen regi",
        "belopp_i": "kr",
        "mandatperiod_start": answers.mandate_start(dt.date.today()),
        "kalender": {"domän": None, "påminnelse_dagar": 7},
    }
    index = YAML(typ="safe").load(written["uppdrag/gemensamt/upprakning.yaml"])
    this_year = dt.date.today().year
    assert list(index["år"]) == list(range(this_year, this_year + 5))
    assert {k: v for year in index["år"].values() for k, v in year.items()} == {
        "personal": 0,
        "lokaler": 0,
        "övrigt": 0,
    }
    index_text = written["uppdrag/gemensamt/upprakning.yaml"].decode()
    assert "ÄNDRA: fyll i kommunens egna index" in index_text
    assert YAML(typ="safe").load(written["uppdrag/gemensamt/kvalitetskriterier.yaml"]) == {}
    for kind, (_, name, _) in SCHEMAS.items():
        assert written[f"schema/{name}"].decode() == schema_text(kind)
    assert written[".vscode/settings.json"].decode() == editor_settings_text()
    assert "# Verksamhetsuppdrag, Exempelby kommun\n" in written["README.md"].decode()
    assert uppdrag_docs.check([kommun / "uppdrag"]).findings == []

    write_skeleton(kommun, "hemtjanst", year=this_year + 1)
    result = uppdrag_docs.check([kommun / "uppdrag"])
    assert [(f.severity.value, f.code) for f in result.findings] == [
        ("varning", "UD304"),
        ("varning", "UD310"),
    ]


def test_init_says_what_it_wrote_and_what_to_do_next(tmp_path: Path, in_dir: object) -> None:
    in_dir(tmp_path)  # type: ignore[operator]
    code, out, err = init("ny", *NAMES, "--plattform", "gitlab")
    assert code == 0
    files = sorted([*KOMMUN_FILES, *TOOL_FILES, ".gitlab-ci.yml"])
    assert out == (
        f"Skapade {len(files)} filer i ny/:\n"
        + "".join(f"  {name}\n" for name in files)
        + "Nästa steg: fyll i kommunens index i uppdrag/gemensamt/upprakning.yaml, skapa ett "
        "uppdrag med 'uppdrag new ID' och kör 'uppdrag check'.\n"
    )
    assert sorted(tree(tmp_path / "ny")) == files
    if is_release(__version__):
        assert err == ""
    else:
        assert err.startswith(f"varning: uppdrag-docs {__version__} är ingen utgiven version")


def test_a_second_init_changes_nothing(kommun: Path) -> None:
    before = tree(kommun)
    code, out, _ = init("kommun", *NAMES)
    assert code == 0
    assert tree(kommun) == before
    assert out.startswith(f"Lämnade {len(before)} filer som redan fanns som de var:\n")
    assert out.endswith("Ingenting skrevs: arkivet har redan alla filerna.\n")


def test_init_leaves_every_existing_file_alone(tmp_path: Path, in_dir: object) -> None:
    """An existing repository (Linköping's): its kommun.yaml gives the names, and nothing of its
    own is replaced, not even the tool's files."""
    in_dir(tmp_path)  # type: ignore[operator]
    root = tmp_path / "linkoping"
    mine = {
        "uppdrag/gemensamt/kommun.yaml": (PROJECT / "uppdrag/gemensamt/kommun.yaml").read_bytes(),
        "README.md": "# Vårt arkiv\n".encode(),
        "requirements.txt": b"uppdrag-docs==0.0.1\n",
        ".github/workflows/granskning.yml": b"name: egen\n",
    }
    for name, data in mine.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    code, out, _ = init("linkoping")
    assert code == 0, out
    after = tree(root)
    assert {name: after[name] for name in mine} == mine
    assert out.split("Lämnade 4 filer som redan fanns som de var:\n")[1].startswith(
        "".join(f"  {name}\n" for name in sorted(mine))
    )
    assert "/kommun.yaml" not in out.split("Lämnade")[0]
    assert sorted(after) == sorted({*KOMMUN_FILES, *TOOL_FILES, *GITHUB_FILES})


# Answers that cannot be written, and folders that cannot be written to


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--kommun", "K" * 300, "--utförarförvaltning", "U"],
            "--kommun har 300 tecken; ett namn får ha högst 255, eftersom det blir en egenskap "
            "i varje Word-dokument",
        ),
        (
            ["--kommun", "Exempelby\nkommun", "--utförarförvaltning", "U"],
            "--kommun ska vara ett namn på en rad, utan radbrytningar eller andra styrtecken "
            "(U+000A)",
        ),
        (
            ["--kommun", "K", "--utförarförvaltning", "Omsorg\u2028Syd"],
            "--utförarförvaltning ska vara ett namn på en rad, utan radbrytningar eller andra "
            "styrtecken (U+2028)",
        ),
        (["--kommun", "   ", "--utförarförvaltning", "U"], "--kommun får inte vara tomt"),
        (
            [*NAMES, "--domän", "https://linkoping.se"],
            "--domän: 'https://linkoping.se' är ingen webbdomän, som linkoping.se",
        ),
        (["--utförarförvaltning", "U"], "ange --kommun: det finns ingen terminal att fråga i"),
        (
            ["--kommun", "K"],
            "ange --utförarförvaltning: det finns ingen terminal att fråga i",
        ),
    ],
)
def test_an_answer_that_cannot_be_written_is_a_swedish_error(
    tmp_path: Path, in_dir: object, args: list[str], message: str
) -> None:
    in_dir(tmp_path)  # type: ignore[operator]
    code, _, err = init("kommun", *args)
    assert code == 2
    assert err.endswith(f"{message}\n"), err
    assert not (tmp_path / "kommun").exists()


def test_a_name_with_yaml_in_it_is_written_as_text(tmp_path: Path, in_dir: object) -> None:
    in_dir(tmp_path)  # type: ignore[operator]
    name = "Kommun: #1 & 'Co' - true"
    code, _, _ = init("k", "--kommun", name, "--utförarförvaltning", "- 2027-01-01")
    assert code == 0
    settings = YAML(typ="safe").load((tmp_path / "k/uppdrag/gemensamt/kommun.yaml").read_text())
    assert (settings["kommun"], settings["utförarförvaltning"]) == (name, "- 2027-01-01")
    assert uppdrag_docs.check([tmp_path / "k" / "uppdrag"]).findings == []


def test_a_folder_that_cannot_be_written_is_left_as_it_was(
    tmp_path: Path, in_dir: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a read-only folder answers (the tests run as root, whom chmod does not stop)."""
    in_dir(tmp_path)  # type: ignore[operator]
    (tmp_path / "kommun").mkdir()
    (tmp_path / "kommun" / "README.md").write_text("Vårt\n")

    def refused(*_args: object, **_kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "kommun"))

    monkeypatch.setattr(writer.tempfile, "mkdtemp", refused)
    code, _, err = init("kommun", *NAMES)
    assert code == 1
    assert err == (
        "uppdrag: fel: kan inte skriva 'kommun': åtkomst nekas; ingenting skrevs i 'kommun'\n"
    )
    assert tree(tmp_path) == {"kommun/README.md": "Vårt\n".encode()}


def test_a_failure_halfway_takes_back_what_was_written(
    tmp_path: Path, in_dir: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_dir(tmp_path)  # type: ignore[operator]
    link = os.link
    calls: list[str] = []

    def full_disk(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 9:
            raise OSError(errno.ENOSPC, "No space left on device", target)
        link(source, target)

    monkeypatch.setattr(writer.os, "link", full_disk)
    code, _, err = init("kommun", *NAMES)
    assert code == 1
    where = calls[-1]  # relative, as the folder was given
    assert err == (
        f"uppdrag: fel: kan inte skriva '{where}': disken är full; ingenting skrevs i 'kommun'\n"
    )
    assert list(tmp_path.iterdir()) == []  # not even the folder, which init made


def test_a_file_where_a_folder_goes_is_an_error_and_nothing_is_written(
    tmp_path: Path, in_dir: object
) -> None:
    in_dir(tmp_path)  # type: ignore[operator]
    (tmp_path / "kommun").mkdir()
    (tmp_path / "kommun" / "schema").write_text("en fil\n")
    code, _, err = init("kommun", *NAMES)
    assert code == 1
    assert "en del av sökvägen är en fil, inte en mapp; ingenting skrevs i 'kommun'" in err
    assert tree(tmp_path) == {"kommun/schema": b"en fil\n"}


# --uppdatera


def test_update_brings_the_tools_files_to_this_version_and_shows_the_change(kommun: Path) -> None:
    workflow = kommun / ".github/workflows/granskning.yml"
    new = workflow.read_text(encoding="utf-8")
    old = new.replace(f"{REPOSITORY}@v{__version__}", f"{REPOSITORY}@v0.0.1")
    assert old != new
    workflow.write_text(old, encoding="utf-8")
    (kommun / "requirements.txt").write_text("uppdrag-docs==0.0.1\n", encoding="utf-8")
    (kommun / ".github/workflows/sammantrade.yml").unlink()
    mine = {"README.md": "Vår egen.\n", "uppdrag/gemensamt/upprakning.yaml": "år: {}\n"}
    for name, text in mine.items():
        (kommun / name).write_text(text, encoding="utf-8")
    (kommun / "uppfoljning" / "x").mkdir(parents=True)
    (kommun / "uppfoljning" / "x" / "r.yaml").write_text("kvar\n")
    before = tree(kommun)

    code, out, _ = init("--uppdatera", "kommun")
    assert code == 0
    after = tree(kommun)
    assert after["requirements.txt"].decode().endswith(f"uppdrag-docs=={__version__}\n")
    assert after[".github/workflows/granskning.yml"].decode() == new
    changed = {".github/workflows/granskning.yml", "requirements.txt"}
    assert {k: v for k, v in after.items() if k not in changed} == {
        k: v for k, v in before.items() if k not in changed
    }
    assert ".github/workflows/sammantrade.yml" not in after
    uses = sum(1 for line in old.splitlines() if "@v0.0.1" in line)
    assert uses == 3
    assert f"Uppdaterade .github/workflows/granskning.yml till uppdrag-docs {__version__}:\n" in out
    assert out.count(f"-      - uses: {REPOSITORY}@v0.0.1\n") == uses
    assert out.count(f"+      - uses: {REPOSITORY}@v{__version__}\n") == uses
    assert "-uppdrag-docs==0.0.1\n" in out
    unchanged = len(TOOL_FILES) + len(GITHUB_FILES) - 3  # two changed, one missing
    assert f"{unchanged} filer var redan för uppdrag-docs {__version__}.\n" in out
    assert out.endswith(
        "Saknas, och skrivs bara av 'uppdrag init' (utan --uppdatera):\n"
        "  .github/workflows/sammantrade.yml\n"
    )
    code, out, _ = init("--uppdatera", "kommun")
    assert (code, tree(kommun)) == (0, after)
    assert "Uppdaterade" not in out


def test_update_needs_a_kommuns_repository_and_no_answers(tmp_path: Path, in_dir: object) -> None:
    in_dir(tmp_path)  # type: ignore[operator]
    code, _, err = init("--uppdatera")
    assert code == 1
    assert err == (
        "uppdrag: fel: '.' har ingen mapp 'uppdrag/gemensamt/': kör 'uppdrag init' där först\n"
    )
    code, _, err = init("--uppdatera", "--kommun", "K")
    assert code == 2 and "--uppdatera tar inga svar: det rör bara verktygets filer" in err
    assert list(tmp_path.iterdir()) == []


# The files


def test_every_pin_names_the_same_version() -> None:
    texts = {f.path: f.text for f in tool_files("1.2.3", ["github", "gitlab"])}
    assert texts["requirements.txt"].endswith("\nuppdrag-docs==1.2.3\n")
    assert (
        f"repo: https://github.com/{REPOSITORY}\n    rev: v1.2.3\n"
        in texts[".pre-commit-config.yaml"]
    )
    for name in (".github/workflows/granskning.yml", ".github/workflows/dokument.yml"):
        uses = re.findall(rf"uses: {REPOSITORY}@(\S+)", texts[name])
        assert uses and set(uses) == {"v1.2.3"}
    assert f"- component: $CI_SERVER_FQDN/{REPOSITORY}/uppdrag@v1.2.3\n" in texts[".gitlab-ci.yml"]
    assert f'"{REPOSITORY}": ref-pin' in texts[".github/zizmor.yml"]
    assert not [name for name, text in texts.items() if "@@" in text]


def test_this_repositorys_ci_is_the_kommuns_with_its_own_action() -> None:
    for platform in CI_FILES:
        for file in ci_files(LOCAL, platform):
            shown = (PROJECT / file.path).read_text(encoding="utf-8")
            assert shown == file.text, f"kör: python -m tests.test_scaffold ({file.path})"


def test_the_repository_address_is_pyprojects() -> None:
    import tomllib

    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["urls"]["Källkod"] == f"https://github.com/{REPOSITORY}"


@given(st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_the_mandate_period_is_the_one_today_is_in(today: dt.date) -> None:
    start = answers.mandate_start(today)
    assert (start.month, start.day) == (10, 15)
    assert (start.year - answers.FIRST_ELECTION) % 4 == 0
    assert start <= today < start.replace(year=start.year + 4)


@given(st.text(st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1))
def test_a_name_is_written_as_the_same_text(value: str) -> None:
    assert YAML(typ="safe").load(f"v: {scalar(value)}\n") == {"v": value}


@pytest.mark.parametrize(
    ("version", "released"),
    [("0.2.0", True), ("1.0", True), ("2.0.0rc1", True), ("0.1.dev171+g1a2b3c4", False)],
)
def test_a_development_version_is_no_release(version: str, released: bool) -> None:
    assert is_release(version) is released


# The action and the files a kommun's CI is made of


def vendored_schema(name: str) -> Any:
    """A schema check-jsonschema carries (SchemaStore's), read without the network."""
    folder = files("check_jsonschema.builtin_schemas.vendor")
    return json.loads((folder / name).read_text(encoding="utf-8"))


def schema_errors(schema: Any, data: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(schema)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


def test_the_action_and_the_kommuns_github_files_follow_their_schemas() -> None:
    action = YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))
    assert schema_errors(vendored_schema("github-actions.json"), action) == []
    texts = {f.path: f.text for f in tool_files("1.2.3", ["github"])}
    dependabot = YAML(typ="safe").load(texts[".github/dependabot.yml"])
    assert schema_errors(vendored_schema("dependabot.json"), dependabot) == []
    ecosystems = {u["package-ecosystem"] for u in dependabot["updates"]}
    assert ecosystems == {"github-actions", "pip", "pre-commit"}
    for name in CI_FILES["github"]:
        workflow = YAML(typ="safe").load(texts[name[1]])
        assert schema_errors(vendored_schema("github-workflows.json"), workflow) == [], name


def test_the_workflows_give_the_action_only_its_inputs() -> None:
    inputs = set(YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))["inputs"])
    assert inputs == {"installera", "libreoffice", "kommando", "python-version"}
    seen = 0
    for platform_file in ci_files(LOCAL, "github"):
        for job in YAML(typ="safe").load(platform_file.text)["jobs"].values():
            for step in job["steps"]:
                if step.get("uses") == "./":
                    seen += 1
                    assert set(step["with"]) <= inputs, platform_file.path
    assert seen == 6


MATCHER = PROJECT / ".github" / "uppdrag-fynd.json"


@pytest.mark.parametrize(
    ("line", "found"),
    [
        (
            "uppdrag/hemtjanst-norr.yaml:12:5: fel UD112: okänd frekvens 'sällan' (riktlinjen 3.2)",
            ("error", "uppdrag/hemtjanst-norr.yaml", "12", "5", "UD112"),
        ),
        (
            "uppfoljning/a/R1-2027-T1.yaml:3:1: varning UD401: försenad",
            ("warning", "uppfoljning/a/R1-2027-T1.yaml", "3", "1", "UD401"),
        ),
        ("0 fel och 3 varningar i 11 filer", None),
        ("blankett.xlsx, Utfall!E7: fel UD402: inget tal", None),
    ],
)
def test_the_action_makes_annotations_of_what_uppdrag_prints(
    line: str, found: tuple[str, ...] | None
) -> None:
    """The problem matcher reads a finding as `uppdrag` prints it (Finding.text)."""
    matchers = json.loads(MATCHER.read_text(encoding="utf-8"))["problemMatcher"]
    hits = []
    for matcher in matchers:
        (pattern,) = matcher["pattern"]
        # GitHub's matchers are JavaScript expressions; these use nothing Python reads otherwise
        if match := re.match(pattern["regexp"], line):
            hits.append(
                (
                    matcher["severity"],
                    *(match[pattern[key]] for key in ("file", "line", "column", "code")),
                )
            )
            assert match[pattern["message"]].startswith(line.split(": ", 2)[2][:8])
    assert hits == ([] if found is None else [found])


def test_the_action_adds_the_matcher_from_its_own_folder() -> None:
    text = ACTION.read_text(encoding="utf-8")
    assert '"::add-matcher::$GITHUB_ACTION_PATH/.github/uppdrag-fynd.json"' in text
    assert '"$GITHUB_ACTION_PATH/tools/install-system.sh"' in text


def test_the_gitlab_component_installs_what_install_system_does() -> None:
    """The component cannot run a script of this repository in the kommun's job, so it names
    the packages itself: those of tools/install-system.sh, less the tests' own."""
    script = (PROJECT / "tools" / "install-system.sh").read_text(encoding="utf-8")
    script = script.split('if [ "${1:-}" = npm ]')[0]  # what only `make test` installs
    wanted = {p for group in re.findall(r"missing\+=\(([^)]*)\)", script) for p in group.split()}
    wanted -= {"poppler-utils", "qpdf"}  # the tests' pdftotext and qpdf --check
    component = (PROJECT / "templates" / "uppdrag" / "template.yml").read_text(encoding="utf-8")
    line = re.search(r"apt-get install -y -qq --no-install-recommends\n(.*?)\n\n", component, re.S)
    assert line is not None
    assert set(line[1].split()) == wanted


if __name__ == "__main__":
    for platform in CI_FILES:
        for file in ci_files(LOCAL, platform):
            (PROJECT / file.path).write_text(file.text, encoding="utf-8")
