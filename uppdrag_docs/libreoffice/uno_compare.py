"""Compare Word documents in LibreOffice and save each result with tracked changes.

This file is a script, never imported by the package: `libreoffice/compare.py` runs it
with the system Python that has Debian's python3-uno (the UNO bridge does not import into a
virtual environment). It reads one JSON job on standard input:

    {"soffice": "/usr/bin/soffice", "profile": "file:///tmp/...", "pipe": "uppdrag-...",
     "author": "uppdrag-docs", "date": "2027-03-01", "connect_timeout": 60,
     "pairs": [["old.docx", "new.docx", "out.docx"], ...]}

starts LibreOffice listening on a private pipe, and for each pair loads the new document,
compares it with the old one (Edit › Track Changes › Compare Document: text only in the old
one becomes deletions, text only in the new one insertions), and stores the result as docx.
The changes are attributed to `author` on `date`: LibreOffice takes both from the compared
document's properties when the document is unmodified, so they are set, then the document is
marked unmodified. It prints `klar <out>` for each finished document. Exit status 3 means the
UNO bridge is missing, 1 anything else (with the reason on standard error).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from typing import Any

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.util import DateTime
except ImportError:  # pragma: no cover - depends on the system
    print("python3-uno saknas", file=sys.stderr)
    sys.exit(3)

DOCX_FILTER = "MS Word 2007 XML"
COMPARE_BY_WORD = 1
"""Tools › Options › Writer › Comparison: by word, as a reader reads a redline (not by char)."""


def _prop(name: str, value: Any) -> Any:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _url(path: str) -> str:
    return str(uno.systemPathToFileUrl(os.path.abspath(path)))


def _connect(job: dict[str, Any]) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + float(job["connect_timeout"])
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={job['pipe']};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise RuntimeError("LibreOffice svarade inte på sin UNO-förbindelse") from None
            time.sleep(0.05)


def _compare_by_word(ctx: Any) -> None:
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx
    )
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (_prop("nodepath", "/org.openoffice.Office.Writer/Comparison"),),
    )
    access.setPropertyValue("Mode", COMPARE_BY_WORD)
    access.commitChanges()


def _stamp(doc: Any, author: str, date: str) -> None:
    """Make LibreOffice attribute the changes to `author` on `date` (see the module's text)."""
    year, month, day = (int(part) for part in date.split("-"))
    moment = DateTime()
    moment.Year, moment.Month, moment.Day = year, month, day
    props = doc.getDocumentProperties()
    props.Author = author
    props.ModifiedBy = author
    props.CreationDate = moment
    props.ModificationDate = moment
    doc.setModified(False)


def _compare(ctx: Any, job: dict[str, Any], old: str, new: str, out: str) -> None:
    smgr = ctx.ServiceManager
    desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    load = (_prop("Hidden", True), _prop("FilterName", DOCX_FILTER))
    doc = desktop.loadComponentFromURL(_url(new), "_blank", 0, load)
    if doc is None:
        raise RuntimeError(f"LibreOffice kunde inte öppna {new}")
    try:
        _stamp(doc, job["author"], job["date"])
        frame = doc.getCurrentController().getFrame()
        dispatcher.executeDispatch(
            frame,
            ".uno:CompareDocuments",
            "",
            0,
            (_prop("URL", _url(old)), _prop("NoAcceptDialog", True)),
        )
        doc.storeToURL(_url(out), (_prop("FilterName", DOCX_FILTER),))
    finally:
        doc.close(True)


def main() -> int:
    job = json.load(sys.stdin)
    soffice = subprocess.Popen(
        [
            job["soffice"],
            f"-env:UserInstallation={job['profile']}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={job['pipe']};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ctx = _connect(job)
        _compare_by_word(ctx)
        for old, new, out in job["pairs"]:
            _compare(ctx, job, old, new, out)
            print(f"klar {out}", flush=True)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        with contextlib.suppress(Exception):  # the bridge closes as LibreOffice exits
            desktop.terminate()
        soffice.wait(timeout=30)
    except Exception as exc:
        print(str(exc) or type(exc).__name__, file=sys.stderr)
        return 1
    finally:
        if soffice.poll() is None:
            soffice.kill()
            soffice.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
