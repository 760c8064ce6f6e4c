"""The monitoring dashboard's figures: counts of organisations, never names. They are a
release (``releases/``): computed on the release cadence, with differential-privacy noise,
stored, and shown as released; a pledge or report changes them at the next release only.
Every published cell then goes through :func:`stats.suppression.suppress` for readability.

How the figures are counted:

- An organisation's status on an action is the furthest status of its pledges to the action
  and its sub-items (a pledge's status is that of its latest accepted report). Each pledging
  organisation sits in exactly one status cell per action, so that breakdown is additive.
- Organisations pledged per action are not additive (one organisation may pledge several
  actions), so that list has no total. Each count is the total of the action's status
  breakdown and is published only when that total is (otherwise subtracting the breakdown's
  shown cells from it would give a small cell away).
- The breakdowns by kind, country and size class count the same organisations: their common
  total is published only if all three can publish it.
- The roll-up per commitment counts organisations pledged to any of its actions, each at the
  furthest status it reached on any of them.
- The trend counts, per period, the organisations with an accepted report, at the furthest
  status they reported in that period.
- SMEs reached is the sum, over associations, of the largest number each reported in a period,
  each clamped to ``SMES_PER_ASSOCIATION_BOUND``. It is published only when (the noisy count
  of) at least five associations reported.

Noise: see :func:`dashboard_sensitivity` and :func:`dashboard_privatise`.

The counts come from three queries, whatever the number of pledges and reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Max

from accounts.models import OrganisationKind
from commitments.models import Action, Commitment, Framework, Pledge, ProgressReport, Status
from commitments.periods import Period
from releases.selectors import latest_release
from stats import privacy
from stats.suppression import THRESHOLD, Cell, State, Table, suppress
from taxonomy.choices import Country, SizeClass

STATUSES = list(Status)


@dataclass(frozen=True)
class SmeFigure:
    period: str
    associations: Cell  # how many associations reported a number of SMEs
    smes: int | None  # None when 1 to THRESHOLD - 1 associations reported

    @property
    def state(self) -> State:
        return State.SHOWN if self.smes is not None else self.associations.state


@dataclass
class Figures:
    framework: Framework
    commitments: list[Commitment]
    actions: list[Action]
    periods: list[Period]
    pledged_per_action: Table
    status_per_action: dict[str, Table]
    pledged_per_commitment: Table
    status_per_commitment: dict[int, Table]
    trend: dict[str, Table]
    smes: list[SmeFigure]
    by_kind: Table
    by_country: Table
    by_size: Table
    labels: dict[str, dict[Hashable, str]] = field(default_factory=dict)

    @property
    def organisations(self) -> Table:
        """Pledging organisations in all: the total of the breakdown by kind."""
        return self.by_kind


def _furthest(rows: list[tuple[int, int]]) -> dict[int, int]:
    """organisation id → furthest status, from (organisation id, status) rows."""
    best: dict[int, int] = {}
    for organisation_id, status in rows:
        best[organisation_id] = max(status, best.get(organisation_id, status))
    return best


def _suppress(counts: Mapping[Hashable, int]) -> Table:
    """:func:`suppress` for an additive breakdown, saying "hidden" rather than "fewer than 5"
    of a total of five or more that is withheld only so that no small cell can be worked out."""
    table = suppress(counts, additive=True)
    if table.total_state == State.SMALL and sum(counts.values()) >= THRESHOLD:
        return Table(cells=table.cells, total=None, total_state=State.HIDDEN)
    return table


def _totals_as_cells(tables: Mapping[Hashable, Table]) -> Table:
    """Organisations per action (or commitment): the totals of the status breakdowns, with the
    same suppression. Publishing a count the breakdown hides would let a reader subtract the
    shown cells from it and recover a small one."""
    cells = [Cell(key=key, state=t.total_state, value=t.total) for key, t in tables.items()]
    return Table(cells=cells, total=None, total_state=State.HIDDEN)


def _same_total(*tables: Table) -> list[Table]:
    """Breakdowns of one population (by kind, country, size) publish its total only if every
    one of them can. When one cannot, none does, and a breakdown whose cells would still add up
    to it exactly hides its smallest non-zero cell as well."""
    if all(t.total_state == State.SHOWN for t in tables):
        return list(tables)
    state = State.SMALL if any(t.total_state == State.SMALL for t in tables) else State.HIDDEN
    out = []
    for table in tables:
        cells = list(table.cells)
        if all(c.state == State.SHOWN for c in cells if c.value != 0):
            shown = [c for c in cells if c.value]
            if shown:
                smallest = min(shown, key=lambda c: (c.value, str(c.key)))
                cells = [
                    Cell(key=c.key, state=State.HIDDEN, value=None) if c is smallest else c
                    for c in cells
                ]
        out.append(Table(cells=cells, total=None, total_state=state))
    return out


SCOPE_PREFIX = "commitments:"
# What one association's report may add to "SMEs reached" in a period: a larger figure counts
# as this many, so that one association moves the sum by at most this much.
SMES_PER_ASSOCIATION_BOUND = 200


def scope_of(framework: Framework) -> str:
    return SCOPE_PREFIX + framework.slug


def _status_counts(best: Mapping[int, int]) -> dict[str, int]:
    counts = dict.fromkeys((str(int(s)) for s in STATUSES), 0)
    for status in best.values():
        counts[str(status)] += 1
    return counts


def _pledged(
    framework: Framework, actions: list[Action], commitments: list[Commitment]
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]], list[tuple[str, str, str]]]:
    """Status counts per action and per commitment, and each pledging organisation's (kind,
    country, size), from one query of (action, organisation) → furthest status."""
    pledge_rows = (
        Pledge.objects.filter(framework=framework)
        .values(
            "action_id",
            "organisation_id",
            "organisation__kind",
            "organisation__country",
            "organisation__size_class",
        )
        .annotate(best=Max("status"))
        .order_by()
    )
    per_action: dict[int, list[tuple[int, int]]] = defaultdict(list)
    organisations: dict[int, tuple[str, str, str]] = {}
    for row in pledge_rows:
        per_action[row["action_id"]].append((row["organisation_id"], row["best"]))
        organisations[row["organisation_id"]] = (
            row["organisation__kind"],
            row["organisation__country"],
            row["organisation__size_class"],
        )

    status_per_action: dict[str, dict[str, int]] = {}
    per_commitment: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for action in actions:
        best = _furthest(per_action.get(action.pk, []))
        status_per_action[action.code] = _status_counts(best)
        per_commitment[action.commitment.number].extend(best.items())
    status_per_commitment = {
        str(c.number): _status_counts(_furthest(per_commitment.get(c.number, [])))
        for c in commitments
    }
    return status_per_action, status_per_commitment, list(organisations.values())


def _reported(framework: Framework, periods: list[Period]) -> dict[str, dict[str, Any]]:
    """From accepted reports, per period: organisations at their furthest reported status,
    associations that reported SMEs reached, and the (clamped) sum of what they reached."""
    report_rows = (
        ProgressReport.objects.accepted()
        .filter(pledge__framework=framework)
        .values("period", "pledge__organisation_id", "pledge__organisation__kind")
        .annotate(best=Max("status"), smes=Max("smes_reached"))
        .order_by()
    )
    per_period: dict[str, list[tuple[int, int]]] = defaultdict(list)
    smes_per_period: dict[str, list[int]] = defaultdict(list)
    for row in report_rows:
        per_period[row["period"]].append((row["pledge__organisation_id"], row["best"]))
        if (
            row["pledge__organisation__kind"] == OrganisationKind.ASSOCIATION
            and row["smes"] is not None
        ):
            smes_per_period[row["period"]].append(
                privacy.clamp(row["smes"], bound=SMES_PER_ASSOCIATION_BOUND)
            )
    return {
        "trend": {p.code: _status_counts(_furthest(per_period.get(p.code, []))) for p in periods},
        "associations_reporting": {p.code: len(smes_per_period.get(p.code, [])) for p in periods},
        "smes_reached": {p.code: sum(smes_per_period.get(p.code, [])) for p in periods},
    }


def _breakdowns(organisations: list[tuple[str, str, str]]) -> dict[str, dict[str, int]]:
    """Pledging organisations by kind, country and size class; every country has a cell."""
    kinds = dict.fromkeys(
        [OrganisationKind.ENTERPRISE.value, OrganisationKind.ASSOCIATION.value], 0
    )
    countries = dict.fromkeys(Country.values, 0)
    sizes = dict.fromkeys(SizeClass.values, 0)
    for kind, country, size in organisations:
        # An organisation that changed kind after pledging counts with its kind today.
        kinds[kind] = kinds.get(kind, 0) + 1
        countries[country] = countries.get(country, 0) + 1
        sizes[size] = sizes.get(size, 0) + 1
    return {"by_kind": kinds, "by_country": countries, "by_size": sizes}


def dashboard_counts(framework: Framework, *, today: date) -> dict[str, Any]:
    """The exact counts behind the dashboard, keyed by strings (JSON). Never published as
    they are: :func:`dashboard_privatise` adds the noise."""
    actions = list(Action.objects.filter(commitment__framework=framework).in_order())
    commitments = list(framework.commitments.order_by("number"))
    status_per_action, status_per_commitment, organisations = _pledged(
        framework, actions, commitments
    )
    return {
        "status_per_action": status_per_action,
        "status_per_commitment": status_per_commitment,
        **_reported(framework, framework.periods_open(today)),
        "organisations": {"all": len(organisations)},
        **_breakdowns(organisations),
    }


def dashboard_sensitivity(counts: Mapping[str, Any]) -> tuple[int, int]:
    """(counts, SMEs): how much one organisation can move the counting cells in all (one
    status cell per action, per commitment and per period; one associations cell per period;
    the total, kind, country and size), and the sums of SMEs reached (the bound per period)."""
    periods = len(counts["trend"])
    cells = (
        len(counts["status_per_action"]) + len(counts["status_per_commitment"]) + 2 * periods + 4
    )
    return cells, periods * SMES_PER_ASSOCIATION_BOUND


def dashboard_privatise(counts: Mapping[str, Any], *, epsilon: float) -> dict[str, Any]:
    """Noisy counts: half of ``epsilon`` for the counting cells, half for the sums of SMEs
    reached (all of it for the counts while no period has started); then non-negative
    integers, and kind, country and size adding up to the total."""
    count_sensitivity, sme_sensitivity = dashboard_sensitivity(counts)
    count_epsilon = epsilon / 2 if sme_sensitivity else epsilon
    scale = privacy.scale_for(epsilon=count_epsilon, sensitivity=count_sensitivity)

    def noisy(cells: Mapping[str, int]) -> dict[str, int]:
        return privacy.non_negative(privacy.noisy(cells, scale=scale))

    def noisy_row(cells: Mapping[str, int]) -> dict[str, int]:
        return privacy.noisy_parts(cells, scale=scale)

    total = noisy(counts["organisations"])["all"]
    out: dict[str, Any] = {
        "status_per_action": {k: noisy_row(v) for k, v in counts["status_per_action"].items()},
        "status_per_commitment": {
            k: noisy_row(v) for k, v in counts["status_per_commitment"].items()
        },
        "trend": {k: noisy_row(v) for k, v in counts["trend"].items()},
        "associations_reporting": noisy(counts["associations_reporting"]),
        "organisations": {"all": total},
        **{
            table: privacy.consistent(total, privacy.noisy(counts[table], scale=scale))
            for table in ("by_kind", "by_country", "by_size")
        },
        "smes_reached": {},
    }
    if sme_sensitivity:
        sme_scale = privacy.scale_for(epsilon=epsilon - count_epsilon, sensitivity=sme_sensitivity)
        out["smes_reached"] = privacy.non_negative(
            privacy.noisy(counts["smes_reached"], scale=sme_scale)
        )
    return out


def dashboard_compute(*, scope: str, epsilon: float, now: datetime) -> dict[str, Any]:
    """The noisy counts of one framework's dashboard, for a release."""
    framework = Framework.objects.get(slug=scope.removeprefix(SCOPE_PREFIX))
    counts = dashboard_counts(framework, today=now.date())
    count_sensitivity, sme_sensitivity = dashboard_sensitivity(counts)
    return {
        "counts": dashboard_privatise(counts, epsilon=epsilon),
        "sensitivity": count_sensitivity,
        "smes_sensitivity": sme_sensitivity,
        "smes_per_association_bound": SMES_PER_ASSOCIATION_BOUND,
    }


def dashboard_scopes() -> list[str]:
    return [
        SCOPE_PREFIX + slug for slug in Framework.objects.published().values_list("slug", flat=True)
    ]


def _status_table(counts: Mapping[str, int]) -> Table:
    return _suppress({int(k): v for k, v in counts.items()})


def figures_from_counts(framework: Framework, counts: Mapping[str, Any]) -> Figures:
    """The dashboard's tables from released counts: suppression and roll-ups are
    post-processing of the noisy figures."""
    actions = list(Action.objects.filter(commitment__framework=framework).in_order())
    commitments = list(framework.commitments.order_by("number"))
    codes = list(counts["trend"])
    periods = [p for p in framework.periods() if p.code in counts["trend"]]
    empty = _status_counts({})
    status_per_action = {
        a.code: _status_table(counts["status_per_action"].get(a.code, empty)) for a in actions
    }
    status_per_commitment = {
        c.number: _status_table(counts["status_per_commitment"].get(str(c.number), empty))
        for c in commitments
    }
    trend = {code: _status_table(counts["trend"][code]) for code in codes}
    smes: list[SmeFigure] = []
    for code in codes:
        reporting = counts["associations_reporting"].get(code, 0)
        associations = suppress({"associations": reporting}, additive=False).cells[0]
        reached = counts["smes_reached"].get(code, 0)
        smes.append(
            SmeFigure(
                period=code,
                associations=associations,
                # A sum over fewer than five associations is not shown, noise or not.
                smes=reached if reporting >= THRESHOLD else (0 if reporting == 0 else None),
            )
        )
    country_names = dict(Country.choices)
    by_country_counts = dict(
        sorted(
            counts["by_country"].items(), key=lambda item: str(country_names.get(item[0], item[0]))
        )
    )
    by_kind, by_country, by_size = _same_total(
        _suppress(counts["by_kind"]), _suppress(by_country_counts), _suppress(counts["by_size"])
    )
    labels: dict[str, dict[Hashable, str]] = {
        "status": {int(s): str(s.label) for s in STATUSES},
        "kind": {k: str(v) for k, v in OrganisationKind.choices},
        "country": {k: str(v) for k, v in Country.choices},
        "size": {k: str(v) for k, v in SizeClass.choices},
        "action": {a.code: a.text for a in actions},
        "commitment": {c.number: c.title for c in commitments},
    }
    return Figures(
        framework=framework,
        commitments=commitments,
        actions=actions,
        periods=periods,
        pledged_per_action=_totals_as_cells(status_per_action),
        status_per_action=status_per_action,
        pledged_per_commitment=_totals_as_cells(status_per_commitment),
        status_per_commitment=status_per_commitment,
        trend=trend,
        smes=smes,
        by_kind=by_kind,
        by_country=by_country,
        by_size=by_size,
        labels=labels,
    )


@dataclass(frozen=True)
class Released:
    figures: Figures
    released_at: datetime
    epsilon: float
    delta: float


def released_figures(framework: Framework) -> Released | None:
    """The dashboard as of its latest release; None before the first."""
    release = latest_release(scope_of(framework))
    if release is None:
        return None
    return Released(
        figures=figures_from_counts(framework, release.data["counts"]),
        released_at=release.released_at,
        epsilon=release.epsilon,
        delta=release.delta,
    )
