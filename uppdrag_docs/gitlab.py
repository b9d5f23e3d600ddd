"""Write `uppdrag diff --format markdown` as one comment (note) in a GitLab merge request.

Run by the GitLab component's job `andringar` (`templates/uppdrag/template.yml`), where
uppdrag-docs is installed, so a kommun's repository needs no script of its own:

    python -m uppdrag_docs.gitlab kommentar.md

The note that starts with the same heading as the file, written by the token's own user, is
replaced; otherwise a new note is added, so a merge request has one comment that follows its
latest push. Only the standard library is used. The token is a project access token in the
CI/CD variable UPPDRAG_KOMMENTAR_TOKEN; the rest comes from GitLab's predefined variables.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

PAGE_SIZE = 100
TIMEOUT = 30


def _request(method: str, url: str, token: str, body: dict[str, str] | None = None) -> Any:
    data = None if body is None else urllib.parse.urlencode(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("PRIVATE-TOKEN", token)
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return json.loads(response.read().decode() or "null")


def existing_note(notes: list[dict[str, Any]], heading: str, user_id: int) -> int | None:
    """The id of the note to replace: the first by this user that starts with `heading`."""
    for note in notes:
        author = note.get("author") or {}
        body = str(note.get("body") or "")
        if author.get("id") == user_id and body.splitlines()[:1] == [heading]:
            return int(note["id"])
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("Användning: python -m uppdrag_docs.gitlab KOMMENTAR.md", file=sys.stderr)
        return 2
    body = Path(argv[0]).read_text(encoding="utf-8")
    heading = body.splitlines()[0] if body else ""
    token = os.environ["UPPDRAG_KOMMENTAR_TOKEN"]
    api = os.environ["CI_API_V4_URL"].rstrip("/")
    project = os.environ["CI_PROJECT_ID"]
    merge_request = os.environ["CI_MERGE_REQUEST_IID"]
    notes_url = f"{api}/projects/{project}/merge_requests/{merge_request}/notes"
    user_id = _request("GET", f"{api}/user", token)["id"]
    notes: list[dict[str, Any]] = []
    page = 1
    while True:
        query = urllib.parse.urlencode({"per_page": PAGE_SIZE, "page": page, "sort": "asc"})
        batch = _request("GET", f"{notes_url}?{query}", token)
        notes += batch
        if len(batch) < PAGE_SIZE:
            break
        page += 1
    note = existing_note(notes, heading, user_id)
    if note is None:
        _request("POST", notes_url, token, {"body": body})
        print("Skrev en ny kommentar i sammanslagningsförfrågan.")
    else:
        _request("PUT", f"{notes_url}/{note}", token, {"body": body})
        print(f"Skrev om kommentaren {note} i sammanslagningsförfrågan.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
