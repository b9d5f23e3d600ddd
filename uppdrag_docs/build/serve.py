"""`uppdrag webb --serve`: the register previewed on 127.0.0.1, rebuilt when a file changes.

The folder is served as it is on disk, with two additions that only the preview has: each page
loads `/_uppdrag/reload.js`, which asks the server every second whether a newer build is there
and then reloads the page, and the page's Content-Security-Policy lets it ask (`connect-src
'self'`). The files on disk never have either. watchfiles watches `uppdrag/`, `uppfoljning/`
and `build/` (the register's own folder and the builds' staging folders aside); a build with
errors keeps the last good site, and the findings are printed.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from uppdrag_docs.build.staging import PREFIX

HOST = "127.0.0.1"
"""The preview binds this address only: it is for the one who edits, never for the network."""
RELOAD = "/_uppdrag/reload.js"
VERSION = "/_uppdrag/version"
CSP = "form-action 'none'"
RELOAD_JS = b"""(function () {
  var seen = null;
  function ask() {
    fetch("/_uppdrag/version", { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (v) {
        if (seen !== null && v !== seen) { location.reload(); }
        seen = v;
      })
      .catch(function () {})
      .then(function () { setTimeout(ask, 1000); });
  }
  ask();
})();
"""


class Preview:
    """The served folder and the number of the latest good build."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.version = 0
        self.lock = threading.Lock()

    def built(self) -> None:
        with self.lock:
            self.version += 1


class _Handler(http.server.SimpleHTTPRequestHandler):
    preview: Preview

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.folder), **kwargs)

    def do_GET(self) -> None:  # the name http.server calls
        path = self.path.split("?", 1)[0]
        if path == RELOAD:
            self._send(RELOAD_JS, "text/javascript; charset=utf-8")
        elif path == VERSION:
            self._send(str(self.preview.version).encode(), "text/plain; charset=utf-8")
        elif path.endswith(".html") or path.endswith("/"):
            target = self.translate_path(path)
            page = Path(target) / "index.html" if path.endswith("/") else Path(target)
            if not page.is_file():
                super().do_GET()
                return
            self._send(with_reload(page.read_bytes()), "text/html; charset=utf-8")
        else:
            super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # http.server's name
        """Quiet: the terminal is for the builds' messages."""


def with_reload(page: bytes) -> bytes:
    """A page as the preview serves it: the reload script, and the policy that lets it ask."""
    text = page.decode("utf-8")
    text = text.replace(CSP, f"{CSP}; connect-src 'self'", 1)
    text = text.replace("</head>", f'<script src="{RELOAD}" defer></script>\n</head>', 1)
    return text.encode("utf-8")


def server(preview: Preview, port: int) -> http.server.ThreadingHTTPServer:
    """A server on 127.0.0.1 and `port` (0: a free one), not yet serving."""
    handler = partial(_Handler, preview=preview)
    return http.server.ThreadingHTTPServer((HOST, port), handler)


def watch(root: Path, out: Path, rebuild: Callable[[], None], stop: threading.Event) -> None:
    """Call `rebuild` after each change under uppdrag/, uppfoljning/ and build/, until `stop`."""
    from watchfiles import watch as watch_files

    folders = [root / name for name in ("uppdrag", "uppfoljning", "build")]
    out_resolved = out.resolve()

    def relevant(_change: Any, name: str) -> bool:
        path = Path(name).resolve()
        if path == out_resolved or out_resolved in path.parents:
            return False
        return not any(part.startswith(PREFIX) for part in path.parts)

    existing = [str(f) for f in folders if f.is_dir()]
    for _ in watch_files(*existing, watch_filter=relevant, stop_event=stop, debounce=300):
        rebuild()
