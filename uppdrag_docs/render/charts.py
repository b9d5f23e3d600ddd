"""The samlad redovisning's charts as PNG bytes: criteria over the periods, likvärdighet, money.

Drawn with matplotlib's Agg backend (no display), at print resolution, in the documents' font
(Carlito, then Liberation Sans). Meaning never rests on colour alone: the target is a dashed
line with its value written out, each bar has its own hatch pattern and its value above it, a
missing period is a gap with "ej redovisat" written under it, and a deficit is hatched and
labelled "underskott". The same data give the same bytes: the PNG carries no software name or
date, and nothing random enters the drawing. Labels arrive formatted (`swedish.py`): this
module only draws.

matplotlib is imported when the first chart is drawn, so `uppdrag --help` stays fast.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DPI = 200
"""Print resolution: a 16 cm wide chart is about 1 260 pixels."""
WIDTH_MM = 160
WIDTH_IN = WIDTH_MM / 25.4
HEIGHT_IN = 2.3

INK = "#1F1F1F"
BLUE = "#1F4E79"
"""The header's blue; the other colours are told apart by hatch and label too."""
COLOURS = ("#1F4E79", "#8FA6BF", "#C55A11", "#7F7F7F", "#548235", "#BF9000")
HATCHES = ("", "//", "..", "xx", "\\\\", "++")
TARGET = "#A4262C"
CROWDED = 6
"""More periods than this under a chart (months) are labelled shorter."""


@dataclass(frozen=True)
class Series:
    """One line over the periods; None where nothing was reported."""

    values: Sequence[float | None]
    labels: Sequence[str]
    """The value as printed beside each point ('' for none)."""


@dataclass(frozen=True)
class MoneyBars:
    """Intäkter and kostnader per period, in the chart's unit (already scaled)."""

    periods: Sequence[str]
    income: Sequence[float]
    costs: Sequence[float]
    deficits: Sequence[str]
    """Each period's deficit as it is labelled ("underskott …"), '' for none."""


@functools.cache
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": ["Carlito", "Liberation Sans", "DejaVu Sans"],
            "font.size": 8.5,
            "axes.titlesize": 9.5,
            "axes.edgecolor": "#595959",
            "axes.labelcolor": INK,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "xtick.color": INK,
            "ytick.color": INK,
            "hatch.linewidth": 0.8,
            "svg.hashsalt": "uppdrag-docs",
            "path.simplify": False,
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "axes.formatter.use_locale": False,
            "text.parse_math": False,  # a name with two $ is text, never TeX (nor an error)
            "text.usetex": False,
        }
    )
    return pyplot


def _figure() -> tuple[Figure, Axes]:
    """A figure of its own (not pyplot's registry), with fixed margins: laying it out from
    its text would draw it twice."""
    _pyplot()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    FigureCanvasAgg(figure)  # the renderer that measures a title is the one that draws it
    figure.subplots_adjust(left=0.075, right=0.985, top=0.88, bottom=0.2)
    return figure, figure.add_subplot()


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="png",
        dpi=DPI,
        metadata={"Software": None, "Title": None, "Author": None, "Description": None},
        facecolor="white",
        pil_kwargs={"compress_level": 6},
    )
    return buffer.getvalue()


def _decimal_comma(axes: Axes) -> None:
    """Swedish tick labels: a decimal comma, a space between thousands."""
    from matplotlib.ticker import FuncFormatter

    def label(value: float, _: object) -> str:
        text = f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.1f}"
        return text.replace(",", " ").replace(".", ",").replace("-", "−")

    axes.yaxis.set_major_formatter(FuncFormatter(label))


def line_chart(
    title: str,
    periods: Sequence[str],
    series: Series,
    targets: Sequence[tuple[float, str]],
    missing_text: str = "ej redovisat",
) -> bytes:
    """One criterion over the periods: the values joined where reported, a gap where not,
    and each target as a dashed line labelled with its value ("högst 15 personer")."""
    figure, axes = _figure()
    xs = list(range(len(periods)))
    ys = [float("nan") if v is None else v for v in series.values]
    axes.plot(xs, ys, color=BLUE, marker="o", linewidth=1.6, markersize=4.5, label="Utfall")
    known = [v for v in series.values if v is not None]
    for x, value, text in zip(xs, series.values, series.labels, strict=True):
        if value is not None and text:
            axes.annotate(
                text,
                (x, value),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=8,
                color=INK,
            )
    _target_lines(axes, targets)
    every = known + [v for v, _ in targets]
    low, high = (min(every), max(every)) if every else (0.0, 1.0)
    pad = max((high - low) * 0.25, abs(high) * 0.03, 0.5)
    axes.set_ylim(low - pad, high + pad)
    axes.set_xlim(-0.5, len(periods) - 0.5)
    reported = [v is not None for v in series.values]
    axes.set_xticks(xs, _period_labels(periods, reported, missing_text))
    _crowded_ticks(axes, periods)
    _title(axes, title)
    axes.grid(axis="y", color="#D9D9D9", linewidth=0.6)
    _decimal_comma(axes)
    return _png(figure)


def _target_lines(axes: Any, targets: Sequence[tuple[float, str]]) -> None:
    """Each target as a dashed line across the chart, its value written at the right end."""
    for value, text in targets:
        axes.axhline(value, color=TARGET, linestyle=(0, (5, 3)), linewidth=1.2)
        axes.annotate(
            text,
            (1.0, value),
            xycoords=("axes fraction", "data"),
            textcoords="offset points",
            xytext=(-2, 3),
            ha="right",
            fontsize=8,
            color=TARGET,
        )


def bar_chart(
    title: str,
    names: Sequence[str],
    values: Sequence[float | None],
    labels: Sequence[str],
    targets: Sequence[tuple[float, str]],
) -> bytes:
    """Egen regi beside each upphandlad utförare: a bar each, its own hatch, its value above."""
    figure, axes = _figure()
    xs = list(range(len(names)))
    for x, value, text in zip(xs, values, labels, strict=True):
        colour, hatch = COLOURS[x % len(COLOURS)], HATCHES[x % len(HATCHES)]
        height = 0.0 if value is None else value
        axes.bar(x, height, width=0.6, color=colour, hatch=hatch, edgecolor=INK, linewidth=0.6)
        axes.annotate(
            text,
            (x, height),
            textcoords="offset points",
            xytext=(0, 3),
            ha="center",
            fontsize=8,
            color=INK,
        )
    _target_lines(axes, targets)
    axes.set_ylim(*_bar_limits(values, [v for v, _ in targets]))
    axes.set_xticks(xs, [_wrapped(n) for n in names])
    _title(axes, title)
    axes.grid(axis="y", color="#D9D9D9", linewidth=0.6)
    axes.set_axisbelow(True)
    _decimal_comma(axes)
    return _png(figure)


def money_chart(title: str, bars: MoneyBars, unit: str = "mnkr") -> bytes:
    """Intäkter beside kostnader per period (in `unit`); a period with a deficit is hatched
    across and labelled with it ("underskott …")."""
    periods, income, costs = bars.periods, bars.income, bars.costs
    figure, axes = _figure()
    xs = list(range(len(periods)))
    width = 0.38
    axes.bar(
        [x - width / 2 for x in xs],
        income,
        width,
        color=COLOURS[0],
        edgecolor=INK,
        linewidth=0.6,
        label="Intäkter",
    )
    axes.bar(
        [x + width / 2 for x in xs],
        costs,
        width,
        color=COLOURS[1],
        edgecolor=INK,
        linewidth=0.6,
        hatch="..",
        label="Kostnader",
    )
    top = max([*income, *costs, 1.0])
    for x, text in zip(xs, bars.deficits, strict=True):
        if text:
            axes.bar(
                x,
                top * 1.12,
                width * 2.3,
                color="none",
                edgecolor=TARGET,
                hatch="//",
                linewidth=0.8,
                zorder=0,
            )
            axes.annotate(
                text.replace(" ", "\n", 1) if len(periods) > CROWDED else text,
                (x, top * 1.12),
                textcoords="offset points",
                xytext=(0, 2),
                ha="center",
                fontsize=7.5,
                color=TARGET,
            )
    axes.set_ylim(*_money_limits(income, costs))
    axes.set_xticks(xs, _period_labels(periods, [True] * len(periods), ""))
    _crowded_ticks(axes, periods)
    axes.set_ylabel(unit)
    _title(axes, title)
    axes.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, fontsize=8, frameon=False)
    axes.grid(axis="y", color="#D9D9D9", linewidth=0.6)
    axes.set_axisbelow(True)
    _decimal_comma(axes)
    return _png(figure)


def _period_labels(periods: Sequence[str], reported: Sequence[bool], missing: str) -> list[str]:
    """The periods under a chart. More than CROWDED of them (months) are said without their
    year when they share one (the title has it), and "ej redovisat" on two lines, so that
    twelve fit side by side."""
    crowded = len(periods) > CROWDED
    short = crowded and len({p[:5] for p in periods}) == 1 and all(len(p) > 5 for p in periods)
    names = [p[5:] if short else p for p in periods]
    gap = missing.replace(" ", "\n") if crowded else missing
    return [n if ok else f"{n}\n{gap}" for n, ok in zip(names, reported, strict=True)]


def _crowded_ticks(axes: Any, periods: Sequence[str]) -> None:
    if len(periods) > CROWDED:
        axes.tick_params(axis="x", labelsize=7.5)


def _title(axes: Any, title: str) -> str:
    """The title as wide as the chart at most: a long criterion name is cut after a whole
    word with "…" (the heading above the chart and the alt text have it whole)."""
    figure = axes.figure
    renderer = figure.canvas.get_renderer()
    words, shown = title.split(" "), title
    while True:
        text = axes.set_title(shown, loc="left", color=INK)
        if text.get_window_extent(renderer).x1 <= figure.bbox.x1 - 2 or len(words) <= 1:
            return shown
        words.pop()
        shown = " ".join(words).rstrip(" ,;:–-") + "…"


def _bar_limits(values: Sequence[float | None], targets: Sequence[float]) -> tuple[float, float]:
    """The bar chart's y range: from 0 (or below the lowest value when one is negative) to room
    above the highest for its label."""
    every = [v for v in values if v is not None] + list(targets)
    top = max([*every, 0.0]) * 1.18 if every else 1.18
    low = min([*every, 0.0])
    if low < 0:
        return low * 1.18, top if top > 0 else -low * 0.1
    return 0, top


def _money_limits(income: Sequence[float], costs: Sequence[float]) -> tuple[float, float]:
    """The money chart's y range: from 0, or below the lowest amount when one is negative
    (a negative bar cut off at 0 would look like no bar at all), to room for the labels."""
    top = max([*income, *costs, 1.0])
    low = min([*income, *costs, 0.0])
    return (low * 1.15 if low < 0 else 0.0), top * 1.28


def _wrapped(name: str, width: int = 18) -> str:
    """A long utförare's name on two lines under its bar."""
    if len(name) <= width or " " not in name:
        return name
    words, lines, line = name.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
