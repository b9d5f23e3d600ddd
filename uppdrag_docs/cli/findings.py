"""What `uppdrag check` prints: the findings in each output format, and the list of codes.

`text` (one `fil:rad:kolumn: fel KOD: mening (riktlinjen 3.2.1)` line each and a summary),
`json` for programs, `github` workflow commands that put each finding on its line of a pull
request, `gitlab` (a Code Quality report for the merge request) and `sarif` (GitHub's code
scanning). Kept apart from `output.py`, whose calculations import the calculation's rows and
`uppdrag calc`'s loading: `uppdrag check` needs none of them (3 ms of its start).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from urllib.parse import quote

from uppdrag_docs import codes
from uppdrag_docs.findings import Finding, summary
from uppdrag_docs.quoting import escaped


def findings_text(findings: Sequence[Finding], file_count: int, output_format: str) -> str:
    """The findings as `uppdrag check --format` prints them, ending in a newline."""
    if output_format == "json":
        return findings_json(findings, file_count) + "\n"
    if output_format == "gitlab":
        return json.dumps(code_quality(findings), ensure_ascii=False, indent=2) + "\n"
    if output_format == "sarif":
        return json.dumps(sarif(findings), ensure_ascii=False, indent=2) + "\n"
    lines = [github_command(f) if output_format == "github" else f.text() for f in findings]
    return "\n".join([*lines, summary(findings, file_count)]) + "\n"


def findings_json(findings: Sequence[Finding], file_count: int) -> str:
    errors = sum(1 for f in findings if f.is_error)
    document = {
        "filer": file_count,
        "fel": errors,
        "varningar": len(findings) - errors,
        "fynd": [f.as_dict() for f in findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def code_quality(findings: Sequence[Finding]) -> list[dict[str, object]]:
    """GitLab's Code Quality report (Code Climate JSON), so findings show on the merge request.

    The fingerprint names the finding without its line, so moving a finding down the file by
    editing above it is not a new finding to GitLab.
    """
    issues: list[dict[str, object]] = []
    for finding in findings:
        key = "\0".join((str(finding.path), finding.code, finding.field or "", finding.message))
        issues.append(
            {
                "description": _described(finding),
                "check_name": finding.code,
                "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
                "severity": "major" if finding.is_error else "minor",
                "location": {
                    "path": str(finding.path),
                    "lines": {"begin": finding.position.line},
                },
            }
        )
    return issues


def sarif(findings: Sequence[Finding]) -> dict[str, object]:
    """SARIF 2.1.0 for code scanning: every code a rule, each path a percent-encoded URI."""
    from uppdrag_docs.version import __version__  # importlib.metadata: only when it is needed

    rules = [
        {
            "id": c.code,
            "shortDescription": {"text": c.meaning},
            "properties": {"riktlinjen": c.section} if c.section else {},
        }
        for c in sorted(codes.REGISTRY.values(), key=lambda c: c.code)
    ]
    results = [
        {
            "ruleId": f.code,
            "level": "error" if f.is_error else "warning",
            "message": {"text": _described(f)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(f.path.as_posix(), safe="/")},
                        "region": {"startLine": f.position.line, "startColumn": f.position.column},
                    },
                    **({"logicalLocations": [{"name": f.cell}]} if f.cell else {}),
                }
            ],
        }
        for f in findings
    ]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {"name": "uppdrag-docs", "version": __version__, "rules": rules}
                },
                "results": results,
            }
        ],
    }


def _described(finding: Finding) -> str:
    section = f" (riktlinjen {finding.section})" if finding.section else ""
    return f"{finding.message}{section}"


def codes_text(output_format: str) -> str:
    """Every code of the registry: `UD223  fel  meaning (riktlinjen 2.3)`, or a JSON list."""
    listed = sorted(codes.REGISTRY.values(), key=lambda c: c.code)
    if output_format == "json":
        entries = [
            {
                "kod": c.code,
                "allvarlighet": c.severity_text,
                "betydelse": c.meaning,
                "avsnitt": c.section,
            }
            for c in listed
        ]
        return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
    lines = [
        f"{c.code}  {c.severity.value if c.severity else 'fel/varning':<11}  {c.meaning}"
        + (f" (riktlinjen {c.section})" if c.section else "")
        for c in listed
    ]
    lines.append("fel/varning: fel när uppdraget är fastställt, annars en varning")
    return "\n".join(lines) + "\n"


def github_command(finding: Finding) -> str:
    """A GitHub Actions workflow command, so the finding shows on the pull request's line."""
    kind = "error" if finding.is_error else "warning"
    message = finding.message + (f" (riktlinjen {finding.section})" if finding.section else "")
    props = (
        f"file={_escape_property(str(finding.path))},line={finding.position.line},"
        f"col={finding.position.column},title={_escape_property(finding.code)}"
    )
    return f"::{kind} {props}::{_escape_data(message)}"


def _escape_data(value: str) -> str:
    """A workflow command's data: control characters spelt out as every printer does, then
    what GitHub decodes (%, and a line break, which no longer remains) escaped its way."""
    return escaped(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")
