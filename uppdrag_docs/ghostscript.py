"""Every Ghostscript call: a PDF that is not PDF/A rewritten as PDF/A-2b, for the meeting's bundle.

Nothing else runs Ghostscript. Its `pdfwrite` device writes PDF/A-2b when it is given an
output intent in a PostScript definition file (`PDFA_def.ps`, as Ghostscript's documentation
shows). Debian's `libgs-common` ships an sRGB profile for it; the definition is written for each
call with that profile's absolute path, and `-dSAFER` is told it may read that one file. The
colours become RGB to match the profile, and fonts that were not embedded are embedded (with
Ghostscript's substitutes, the URW fonts).

Ghostscript dates its output by the clock unless `SOURCE_DATE_EPOCH` is set, and derives the
file /ID from that date and the output's file name: the date is set to the given moment and the
output is named relative to a working folder, so the same input gives the same bytes. It drops
document information it cannot write in PDF/A's XMP (non-ASCII titles, in 10.0), and it keeps
no structure tree: the result is untagged, and titles come from elsewhere.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from uppdrag_docs.errors import GhostscriptError

TIMEOUT = 120.0
"""Seconds one conversion may take; a bilaga of a few hundred pages takes a few seconds."""

SRGB_PROFILES = (
    Path("/usr/share/color/icc/ghostscript/srgb.icc"),  # Debian's libgs-common
    *sorted(Path("/usr/share/ghostscript").glob("*/iccprofiles/srgb.icc")),  # Ghostscript's own
)
"""Where the sRGB profile that Ghostscript ships is found, in order."""

_DEFINITION = """%!
% PDF/A-2b for Ghostscript's pdfwrite: the sRGB profile as the output intent.
/ICCProfile ({profile}) def
[/_objdef {{icc_PDFA}} /type /stream /OBJ pdfmark
[{{icc_PDFA}} << /N 3 >> /PUT pdfmark
[{{icc_PDFA}} {{ICCProfile (r) file}} stopped {{ cleartomark }} {{ /PUT pdfmark }} ifelse
[/_objdef {{OutputIntent_PDFA}} /type /dict /OBJ pdfmark
[{{OutputIntent_PDFA}} << /Type /OutputIntent /S /GTS_PDFA1 /DestOutputProfile {{icc_PDFA}}
  /OutputConditionIdentifier (sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) >> /PUT pdfmark
[{{Catalog}} << /OutputIntents [ {{OutputIntent_PDFA}} ] >> /PUT pdfmark
"""


def to_pdfa(pdf: bytes, *, moment: dt.datetime, timeout: float = TIMEOUT) -> bytes:
    """`pdf` rewritten as PDF/A-2b (sRGB); a `GhostscriptError` says in Swedish why not."""
    program = shutil.which("gs")
    if program is None:
        raise GhostscriptError("Ghostscript (gs) saknas; installera paketet ghostscript")
    profile = next((p for p in SRGB_PROFILES if p.is_file()), None)
    if profile is None:
        raise GhostscriptError(
            "Ghostscripts sRGB-profil (srgb.icc) saknas; installera paketet libgs-common"
        )
    with tempfile.TemporaryDirectory(prefix="uppdrag-gs-") as temp:
        folder = Path(temp)
        definition = folder / "uppdrag-pdfa.ps"
        definition.write_text(_DEFINITION.format(profile=_ps_string(str(profile))), "ascii")
        source, target = folder / "in.pdf", folder / "out.pdf"
        source.write_bytes(pdf)
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(int(moment.timestamp())))
        command = [
            program,
            "-q",
            "-dBATCH",
            "-dNOPAUSE",
            "-dSAFER",
            f"--permit-file-read={profile}",
            "-sDEVICE=pdfwrite",
            "-dPDFA=2",
            "-dPDFACompatibilityPolicy=1",  # what cannot be PDF/A is left out, not refused
            "-sColorConversionStrategy=RGB",
            "-dCompatibilityLevel=1.7",
            f"-sOutputFile={target.name}",  # relative: the file /ID hashes the name
            str(definition),  # absolute: Ghostscript would find its own PDFA_def.ps first
            str(source),
        ]
        try:
            done = subprocess.run(
                command, cwd=folder, capture_output=True, env=env, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise GhostscriptError(f"Ghostscript svarade inte inom {timeout:.0f} sekunder") from exc
        except OSError as exc:
            raise GhostscriptError(f"Ghostscript kunde inte startas ({exc.strerror})") from exc
        if done.returncode != 0 or not target.is_file():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            detail = said[-1].strip() if said else f"slutstatus {done.returncode}"
            raise GhostscriptError(f"Ghostscript misslyckades: {detail}")
        return target.read_bytes()


def _ps_string(text: str) -> str:
    """`text` inside a PostScript string literal: backslashes and parentheses escaped."""
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
