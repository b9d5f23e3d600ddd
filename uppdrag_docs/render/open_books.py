"""Part 5 and 6 of the samlad redovisning: ekonomi enligt öppna böcker and volymer (riktlinjen 3.1).

Per reported period intäkter, the decided compensation, kostnader and resultat, a deficit
marked in words ("underskott") with the utförare's åtgärder or their absence; the year's sum
row adds up the whole kronor as printed; the latest prognos för helåret; a chart of intäkter
beside kostnader with the deficit periods hatched and labelled. Volumes: forecast against
outcome and the rörlig ersättning, with a sum row per item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from uppdrag_docs.calc.rounding import round_money
from uppdrag_docs.follow_up.assessment import UppdragYear
from uppdrag_docs.render import charts
from uppdrag_docs.render.model.base import Chart
from uppdrag_docs.render.model.follow_up import EconomyPart, EconomyRow, VolumeRow
from uppdrag_docs.swedish import kronor, number, number_as_written

NONE = "–"


def plain(text: str | None) -> str:
    """Text from a file as one line, shown literally: whitespace folded, nothing interpreted."""
    return " ".join(text.split()) if text else ""


def kr_or_dash(amount: Decimal | None) -> str:
    return NONE if amount is None else kronor(amount)


def economy_part(item: UppdragYear) -> EconomyPart:
    rows: list[EconomyRow] = []
    deficits: list[str] = []
    for p in item.economy:
        income, costs = p.economy.income.total, p.economy.cost_total
        rows.append(
            {
                "period": str(p.period),
                "intakter": kronor(income),
                "beslutad": kr_or_dash(p.decided.total) if p.decided else NONE,
                "kostnader": kronor(costs),
                "resultat": kronor(p.result),
                "markering": "underskott" if p.result < 0 else "",
            }
        )
        if p.result < 0:
            actions = plain(p.economy.actions)
            deficits.append(
                f"{p.period}: underskott {kronor(p.result)}. "
                + (
                    f"Utförarens åtgärder: {actions}"
                    if actions
                    else "Utföraren anger inga åtgärder."
                )
            )
    decided = [p.decided.total for p in item.economy if p.decided is not None]
    summa: EconomyRow = {
        "period": str(item.year),
        "intakter": kronor(sum((p.economy.income.total for p in item.economy), Decimal(0))),
        "beslutad": kronor(sum(decided, Decimal(0)))
        if decided and len(decided) == len(item.economy)
        else NONE,
        "kostnader": kronor(sum((p.economy.cost_total for p in item.economy), Decimal(0))),
        "resultat": kr_or_dash(item.result) if item.economy else NONE,
        "markering": "underskott" if item.result is not None and item.result < 0 else "",
    }
    forecast = item.forecast
    prognos = ""
    if forecast is not None:
        prognos = (
            f"Utförarens senaste prognos för helåret {item.year}: intäkter "
            f"{kronor(forecast.income)}, kostnader {kronor(forecast.costs)}, resultat "
            f"{kronor(forecast.result)}" + (" (underskott)." if forecast.result < 0 else ".")
        )
    return {
        "finns": bool(rows),
        "rader": rows,
        "summa": summa,
        "redovisade": (
            f"{len(item.economy)} av {item.economy_periods} ekonomiperioder är redovisade; "
            "årets summa gäller de redovisade perioderna."
        ),
        "prognos": prognos,
        "underskott": deficits,
        "diagram": _money(item) if rows else None,
    }


def _money(item: UppdragYear) -> Chart:
    periods = [str(p.period) for p in item.economy]
    incomes = [p.economy.income.total for p in item.economy]
    costs = [p.economy.cost_total for p in item.economy]
    top = max([*incomes, *costs, Decimal(1)])
    scale, unit = (
        (Decimal(1_000_000), "mnkr")
        if top >= 1_000_000
        else ((Decimal(1000), "tkr") if top >= 1000 else (Decimal(1), "kr"))
    )
    marks = [f"underskott {kronor(p.result)}" if p.result < 0 else "" for p in item.economy]
    said = [
        f"{p.period} intäkter {kronor(i)}, kostnader {kronor(k)}, resultat {kronor(p.result)}"
        + (" (underskott)" if p.result < 0 else "")
        for p, i, k in zip(item.economy, incomes, costs, strict=True)
    ]
    alt = (
        f"Stapeldiagram över intäkter och kostnader per period {item.year} enligt öppna böcker, "
        f"underskotten markerade med streckat fält: {'; '.join(said)}."
    )
    title = f"Intäkter och kostnader {item.year}"
    scaled: Callable[[Sequence[Decimal]], list[float]] = lambda xs: [float(x / scale) for x in xs]  # noqa: E731
    inc, cst = scaled(incomes), scaled(costs)

    def draw() -> bytes:
        return charts.money_chart(title, charts.MoneyBars(periods, inc, cst, marks), unit)

    return Chart(alt, draw)


def volume_rows(item: UppdragYear) -> list[VolumeRow]:
    rows: list[VolumeRow] = []
    posts = list(dict.fromkeys(v.item for v in item.volumes))
    for post in posts:
        lines = [v for v in item.volumes if v.item == post]
        for v in lines:
            rows.append(
                {
                    "post": post,
                    "period": str(v.period),
                    "utfall": number_as_written(v.units),
                    "prognos": number(v.forecast, decimals=2 if v.forecast % 1 else 0),
                    "ersattning": kr_or_dash(v.compensation),
                }
            )
        amounts = [v.compensation for v in lines]
        units = sum((v.units for v in lines), Decimal(0))
        forecast = sum((v.forecast for v in lines), Decimal(0))
        rows.append(
            {
                "post": f"Summa {post}",
                "period": str(item.year),
                "utfall": number_as_written(units),
                "prognos": number(forecast, decimals=2 if forecast % 1 else 0),
                "ersattning": kronor(
                    sum((round_money(a) for a in amounts if a is not None), Decimal(0))
                )
                if all(a is not None for a in amounts)
                else NONE,
            }
        )
    return rows
