"""Swedish for click's own words (usage lines, headings, its error messages).

click translates through `gettext`, bound per module at import time, and ships no Swedish.
Rather than hand-formatting help, we give each click module a translator backed by this table;
a string missing here stays English, so a click upgrade can never break the CLI.
"""

from __future__ import annotations

import sys

SWEDISH = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Missing argument": "Argument saknas",
    "Missing option": "Flagga saknas",
    "Missing parameter": "Parameter saknas",
    "Missing command.": "Ange ett kommando.",
    "Missing {param_type}": "{param_type} saknas",
    "No such command {name!r}.": "Det finns inget kommando {name!r}.",
    "No such option {name!r}.": "Det finns ingen flagga {name!r}.",
    "No such option: {name}": "Det finns ingen flagga {name}",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "Option {name!r} requires an argument.": "Flaggan {name!r} behöver ett värde.",
    "Option {name!r} requires {nargs} arguments.": "Flaggan {name!r} behöver {nargs} värden.",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "Got unexpected extra argument ({args})": "Oväntat extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Oväntade extra argument ({args})",
    "Did you mean {possibility}?": "Menade du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Menade du något av: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} är inte {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} är inte något av {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} är inte ett giltigt {number_type}.",
    "{value} is not in the range {range}.": "{value} ligger inte i intervallet {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en mapp.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} går inte att läsa.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} går inte att skriva i.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} går inte att köra.",
    "Could not open file {filename!r}: {message}": "Filen {filename!r} kan inte öppnas: {message}",
    "Missing parameter: {param_name}": "Parameter saknas: {param_name}",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tar {nargs} värden.",
    "env var: {var}": "miljövariabel: {var}",
    "float": "decimaltal",
    "unknown error": "okänt fel",
    "{value!r} does not match the format {format}.": "{value!r} har inte formen {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} har inte formen {formats}.",
    "integer": "heltal",
    "default: {default}": "standard: {default}",
    "Aborted!": "Avbrutet!",
    "file": "fil",
    "directory": "mapp",
    "path": "sökväg",
}


def _gettext(message: str) -> str:
    return SWEDISH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def install() -> None:
    """Give every imported click module the Swedish translator."""
    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if hasattr(module, "_"):
                module._ = _gettext  # type: ignore[attr-defined]
            if hasattr(module, "ngettext"):
                module.ngettext = _ngettext  # type: ignore[attr-defined]
