"""The one way to uppdrag that later stages can trust: checked, free of errors, calculated.

`load` checks the uppdrag under the paths given together with the shared files, refuses each
one that has an error (every one, when a shared file has an error: nothing built on a broken
index can be right), and calculates the rest in the unit the kommun shows its amounts in
(`belopp_i` in kommun.yaml). `uppdrag calc`, `uppdrag build` and a meeting's documents all go
through it. `uppdrag diff` compares versions that may have errors, so it calls
`calculate_in_unit` itself on each version it loads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from uppdrag_docs.calc.engine import Calculation, calculate
from uppdrag_docs.calc.per_unit import StandardComparison, compare
from uppdrag_docs.calc.provider import ProviderYear, provider_years
from uppdrag_docs.errors import CalculationError, UppdragError
from uppdrag_docs.findings import Finding
from uppdrag_docs.format.repository import UPPDRAG_DIR, Shared, find_root, uppdrag_files
from uppdrag_docs.format.schema import Uppdrag
from uppdrag_docs.rules.money import counts_for_provider
from uppdrag_docs.trust.checks import CheckResult, LoadedUppdrag, check


@dataclass(frozen=True)
class Calculated:
    """An uppdrag without errors and its compensation, in the kommun's unit."""

    loaded: LoadedUppdrag
    calculation: Calculation
    standard: StandardComparison | None = None
    """The ersättning per unit against the standardkostnad, in kr; None without the block."""

    @property
    def uppdrag(self) -> Uppdrag:
        return self.loaded.uppdrag

    @property
    def path(self) -> Path:
        return self.loaded.path

    @property
    def shared(self) -> Shared:
        return self.loaded.shared


@dataclass
class Loaded:
    """What `load` found: the uppdrag it can vouch for, and why it refused the others."""

    checked: CheckResult
    uppdrag: dict[Path, Calculated] = field(default_factory=dict)
    refused: dict[Path, list[Finding]] = field(default_factory=dict)
    """Each refused uppdrag file with the errors that stop it (a shared file's, when those do)."""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.checked.findings if f.is_error]


def calculate_in_unit(loaded: LoadedUppdrag) -> Calculation:
    """The compensation of a checked uppdrag, in kr or tkr as kommun.yaml says.

    Raises `CalculationError` when the shared files cannot carry a calculation (an invalid
    kommun.yaml or uppräkningsmodell, or a year without an index).
    """
    shared = loaded.shared
    if shared.indexation is None or shared.kommun is None:
        raise CalculationError("de gemensamma filerna har fel, så ersättningen kan inte räknas")
    return calculate(
        loaded.uppdrag,
        shared.indexation,
        unit=shared.kommun.amounts_in,
        catalogue=shared.standard,
    )


def standard_comparison(
    loaded: LoadedUppdrag, calculation: Calculation
) -> StandardComparison | None:
    """The per-unit comparison of an uppdrag with `ersättning.standardkostnad`, in kr (a
    calculation in tkr is made again in kr: öre per unit need kronor)."""
    comp = loaded.uppdrag.compensation
    if comp is None or comp.standard is None:
        return None
    shared = loaded.shared
    if calculation.unit != "kr":
        assert shared.indexation is not None
        calculation = calculate(loaded.uppdrag, shared.indexation, catalogue=shared.standard)
    return compare(loaded.uppdrag, calculation, shared)


def load(paths: Sequence[Path] = (), *, root: Path | None = None) -> Loaded:
    """Check the uppdrag under `paths` (default: all of `uppdrag/`) and calculate the valid ones."""
    checked = check(paths, root=root)
    result = Loaded(checked)
    shared_paths = set(checked.shared.paths) if checked.shared is not None else set()
    uppdrag_paths = [p for p in checked.files if p not in shared_paths]
    shared_errors = [f for f in checked.findings if f.is_error and f.path not in uppdrag_paths]
    for path in uppdrag_paths:
        errors = shared_errors + checked.errors_for(path)
        loaded = checked.loaded.get(path)
        if loaded is None or errors:
            result.refused[path] = errors
        else:
            calculation = calculate_in_unit(loaded)
            result.uppdrag[path] = Calculated(
                loaded, calculation, standard_comparison(loaded, calculation)
            )
    return result


def find_uppdrag(target: str, start: Path | None = None) -> Path:
    """A path as given, or the file of the uppdrag with that id in the repository."""
    path = Path(target)
    if path.suffix == ".yaml" or path.exists():
        if not path.is_file():
            raise UppdragError(f"'{target}' finns inte")
        return path
    root = find_root(start or Path.cwd())
    matches = [p for p in uppdrag_files([root / UPPDRAG_DIR], root) if p.stem == target]
    if not matches:
        raise UppdragError(f"hittar inget uppdrag med id '{target}' under {root / UPPDRAG_DIR}")
    return matches[0]


def load_one(target: str, *, start: Path | None = None) -> Calculated:
    """One uppdrag by id or path, calculated; an error listing its errors when it has any."""
    path = find_uppdrag(target, start)
    result = load([path], root=find_root(path))
    if path not in result.uppdrag:
        found = result.refused.get(path, result.errors)
        raise UppdragError(
            "uppdraget har fel; rätta dem först:", details=[f.displayed().text() for f in found]
        )
    return result.uppdrag[path]


@dataclass(frozen=True)
class ProviderSum:
    """The utförarförvaltning's fastställda uppdrag summed per year, in the kommun's unit.

    The same whole as the check UD309 sums (there in kr): every fastställt uppdrag of the
    utförarförvaltning that follows the schema, also one with other errors, since an error in
    one file does not take its money out of the whole.
    """

    provider: str
    unit: str
    years: list[ProviderYear]
    uppdrag: list[Path]
    with_errors: list[Path]
    left_out: dict[Path, str]
    """Fastställda uppdrag whose ersättning cannot be calculated, with the reason."""


def provider_sum(*, root: Path | None = None) -> ProviderSum:
    """Sum the fastställda uppdrag of the kommun's utförarförvaltning in the repository."""
    checked = check(root=root or find_root(Path.cwd()))
    shared = checked.shared
    if shared is None or shared.kommun is None or shared.indexation is None:
        raise CalculationError("de gemensamma filerna har fel, så ersättningen kan inte räknas")
    counted = [
        item for item in checked.loaded.values() if counts_for_provider(item.uppdrag, shared)
    ]
    calculations: list[tuple[str, Calculation]] = []
    left_out: dict[Path, str] = {}
    for item in counted:
        try:
            calculations.append((item.uppdrag.title, calculate_in_unit(item)))
        except (CalculationError, ArithmeticError) as exc:
            left_out[item.path] = str(exc) or "ersättningen kan inte räknas exakt"
    return ProviderSum(
        provider=shared.kommun.provider_administration,
        unit=shared.kommun.amounts_in,
        years=provider_years(calculations),
        uppdrag=[item.path for item in counted if item.path not in left_out],
        with_errors=[item.path for item in counted if checked.errors_for(item.path)],
        left_out=left_out,
    )
