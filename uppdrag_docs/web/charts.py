"""Inline SVG bar charts for the register's pages, with every value in words beside them.

One kind of chart serves both the periods of a criterion and a likvärdighet comparison: a bar
per row, its label above it and its value and bedömning written after it, and the målvärde as
a dashed line. Nothing is told by colour alone: egen regi's bars are filled, an upphandlad
utförare's are outlined, a reference's are outlined with a dashed line, and each is labelled
"egen regi", by name or as a reference. "För få svar" and a missing value draw no bar and say so.
The `<title>` and `<desc>` give every value, so a screen reader hears what the eye sees; the
texts inside the picture are `aria-hidden`, and the data table beside the chart holds the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from markupsafe import Markup, escape

from uppdrag_docs.swedish import number_as_written

Kind = Literal["own", "procured", "reference"]

WIDTH = 400
ROW = 42
TOP = 12
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
LEFT, RIGHT = 4, 140
"""Room on the left of the bars and for the value after the longest."""


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    """None: no bar (not reported, or too few answers); `text` says which."""
    text: str
    """What is written after the bar: "88 % uppfyllt", "för få svar"."""
    kind: Kind


def bar_chart(
    ident: str, title: str, description: str, bars: Sequence[Bar], target: Decimal | None
) -> Markup:
    """An SVG `role="img"` labelled by its title and description; `ident` makes their ids."""
    values = [b.value for b in bars if b.value is not None]
    if target is not None:
        values.append(target)
    low = min([Decimal(0), *values])
    high = max([Decimal(0), *values])
    span = high - low or Decimal(1)
    inner = WIDTH - LEFT - RIGHT

    def x(value: Decimal) -> float:
        return LEFT + float((value - low) / span) * inner

    height = TOP + ROW * len(bars) + 24
    parts = [
        f'<svg role="img" aria-labelledby="{ident}-titel {ident}-beskrivning" '
        f'viewBox="0 0 {WIDTH} {height}" class="diagram" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-titel">{escape(title)}</title>',
        f'<desc id="{ident}-beskrivning">{escape(description)}</desc>',
        '<g aria-hidden="true">',
    ]
    zero = x(Decimal(0))
    for i, bar in enumerate(bars):
        top = TOP + ROW * i
        parts.append(
            f'<text x="{LEFT}" y="{top + 13}" class="etikett">{escape(_short(bar.label))}</text>'
        )
        y = top + LABEL_HEIGHT
        end = zero
        if bar.value is not None:
            start, end = sorted((zero, x(bar.value)))
            width = max(end - start, 1.5)
            parts.append(
                f'<rect x="{start:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'class="stapel {bar.kind}"/>'
            )
            end = start + width
        parts.append(
            f'<text x="{end + 6:.1f}" y="{y + 13}" class="varde">{escape(bar.text)}</text>'
        )
    bottom = TOP + ROW * len(bars)
    parts.append(
        f'<line x1="{zero:.1f}" y1="{TOP + LABEL_HEIGHT - 4}" x2="{zero:.1f}" y2="{bottom}" '
        'class="axel"/>'
    )
    if target is not None:
        at = x(target)
        parts.append(
            f'<line x1="{at:.1f}" y1="{TOP}" x2="{at:.1f}" y2="{bottom}" class="malvarde"/>'
        )
        anchor = "end" if at > WIDTH / 2 else "start"
        parts.append(
            f'<text x="{at:.1f}" y="{bottom + 18}" text-anchor="{anchor}" class="etikett">'
            f"målvärde {escape(number_as_written(target))}</text>"
        )
    parts.append("</g></svg>")
    return Markup("\n".join(parts))  # every text above is escaped


def _short(label: str, limit: int = 52) -> str:
    """A label that fits the chart's width; the table and the description have it whole."""
    if len(label) <= limit:
        return label
    cut = label[: limit - 1].rsplit(" ", 1)[0]
    return (cut or label[: limit - 1]) + "…"
