"""The monitoring dashboard's figures: counts of organisations, never names, every published
cell through :func:`stats.suppression.suppress`.

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
- SMEs reached is the sum, over associations, of the largest number each reported in a period.
  A sum of fewer than five associations' figures could give one away, so it is published only
  when at least five associations reported.

Every figure comes from three queries, whatever the number of pledges and reports.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import OrganisationKind
from commitments.models import Action, Commitment, Framework, Pledge, ProgressReport, Status
from commitments.periods import Period
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


def _status_table(best: Mapping[int, int]) -> Table:
    counts = dict.fromkeys((int(s) for s in STATUSES), 0)
    for status in best.values():
        counts[status] += 1
    return _suppress(counts)


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


def figures_for(framework: Framework, *, today: object = None) -> Figures:
    from django.utils import timezone

    today = today or timezone.localdate()
    actions = list(Action.objects.filter(commitment__framework=framework).in_order())
    commitments = list(framework.commitments.order_by("number"))
    periods = framework.periods_open(today)  # type: ignore[arg-type]

    # (action, organisation) → furthest status, with the organisation's attributes.
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

    status_per_action: dict[str, Table] = {}
    per_commitment: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for action in actions:
        best = _furthest(per_action.get(action.pk, []))
        status_per_action[action.code] = _status_table(best)
        per_commitment[action.commitment.number].extend(best.items())

    status_per_commitment: dict[int, Table] = {}
    for commitment in commitments:
        best = _furthest(per_commitment.get(commitment.number, []))
        status_per_commitment[commitment.number] = _status_table(best)

    # Accepted reports: per period and organisation, the furthest status and largest reach.
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
            smes_per_period[row["period"]].append(row["smes"])
    trend = {p.code: _status_table(_furthest(per_period.get(p.code, []))) for p in periods}
    smes: list[SmeFigure] = []
    for period in periods:
        reached = smes_per_period.get(period.code, [])
        associations = suppress({"associations": len(reached)}, additive=False).cells[0]
        smes.append(
            SmeFigure(
                period=period.code,
                associations=associations,
                # No association reporting is a published zero; one to four would give one away.
                smes=sum(reached) if len(reached) >= THRESHOLD or not reached else None,
            )
        )

    kinds: dict[str, int] = defaultdict(int)
    countries: dict[str, int] = defaultdict(int)
    sizes: dict[str, int] = dict.fromkeys(SizeClass.values, 0)
    for kind, country, size in organisations.values():
        kinds[kind] += 1
        countries[country] += 1
        sizes[size] += 1
    kind_counts = {
        OrganisationKind.ENTERPRISE.value: kinds.pop(OrganisationKind.ENTERPRISE, 0),
        OrganisationKind.ASSOCIATION.value: kinds.pop(OrganisationKind.ASSOCIATION, 0),
    }
    kind_counts.update(kinds)  # organisations that changed kind after pledging
    country_names = dict(Country.choices)
    country_counts = dict(sorted(countries.items(), key=lambda item: str(country_names[item[0]])))

    by_kind, by_country, by_size = _same_total(
        _suppress(kind_counts), _suppress(country_counts), _suppress(sizes)
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


# --- Exports -----------------------------------------------------------------------------------


def _cells(table: Table) -> list[dict[str, object]]:
    return [
        {"key": cell.key, "state": str(cell.state), "value": cell.value} for cell in table.cells
    ]


def _table(table: Table, label: dict[Hashable, str] | None = None) -> dict[str, object]:
    cells = _cells(table)
    if label:
        for cell in cells:
            cell["label"] = label.get(cell["key"], str(cell["key"]))  # type: ignore[arg-type]
    return {"total": table.total, "total_state": str(table.total_state), "cells": cells}


def figures_as_dict(figures: Figures) -> dict[str, object]:
    """The dashboard's figures, exactly as shown, for the JSON export."""
    labels = figures.labels
    status = labels["status"]
    return {
        "framework": {
            "slug": figures.framework.slug,
            "title": figures.framework.title,
            "source": figures.framework.source,
        },
        "suppression": {
            "threshold": THRESHOLD,
            "states": {
                "shown": _("shown"),
                "small": _("fewer than %(n)s") % {"n": THRESHOLD},
                "hidden": _("hidden so that a small cell cannot be worked out"),
            },
        },
        "statuses": {str(k): v for k, v in status.items()},
        "pledged_per_action": _table(figures.pledged_per_action, labels["action"]),
        "status_per_action": {
            code: _table(table, status) for code, table in figures.status_per_action.items()
        },
        "pledged_per_commitment": _table(figures.pledged_per_commitment, labels["commitment"]),
        "status_per_commitment": {
            str(number): _table(table, status)
            for number, table in figures.status_per_commitment.items()
        },
        "trend": {code: _table(table, status) for code, table in figures.trend.items()},
        "smes_reached": [
            {
                "period": sme.period,
                "associations_reporting": {
                    "state": str(sme.associations.state),
                    "value": sme.associations.value,
                },
                "smes": sme.smes,
                "state": str(sme.state),
            }
            for sme in figures.smes
        ],
        "organisations_by_kind": _table(figures.by_kind, labels["kind"]),
        "organisations_by_country": _table(figures.by_country, labels["country"]),
        "organisations_by_size": _table(figures.by_size, labels["size"]),
    }


CSV_HEADER = ["figure", "group", "key", "label", "state", "value"]


def figures_as_csv(figures: Figures) -> str:
    """One row per published cell (and per total), the same figures as the page and JSON."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    labels = figures.labels

    def rows(name: str, group: str, table: Table, label: dict[Hashable, str]) -> None:
        for cell in table.cells:
            writer.writerow(
                [
                    name,
                    group,
                    cell.key,
                    label.get(cell.key, cell.key),
                    cell.state,
                    "" if cell.value is None else cell.value,
                ]
            )
        if table.total_state != State.HIDDEN or table.total is not None:
            writer.writerow(
                [
                    name,
                    group,
                    "total",
                    _("Total"),
                    table.total_state,
                    "" if table.total is None else table.total,
                ]
            )

    rows("pledged_per_action", "", figures.pledged_per_action, labels["action"])
    for code, table in figures.status_per_action.items():
        rows("status_per_action", code, table, labels["status"])
    rows("pledged_per_commitment", "", figures.pledged_per_commitment, labels["commitment"])
    for number, table in figures.status_per_commitment.items():
        rows("status_per_commitment", str(number), table, labels["status"])
    for code, table in figures.trend.items():
        rows("trend", code, table, labels["status"])
    for sme in figures.smes:
        writer.writerow(
            [
                "associations_reporting_smes",
                sme.period,
                "associations",
                _("Associations"),
                sme.associations.state,
                "" if sme.associations.value is None else sme.associations.value,
            ]
        )
        writer.writerow(
            [
                "smes_reached",
                sme.period,
                "smes",
                _("SMEs reached"),
                sme.state,
                "" if sme.smes is None else sme.smes,
            ]
        )
    rows("organisations_by_kind", "", figures.by_kind, labels["kind"])
    rows("organisations_by_country", "", figures.by_country, labels["country"])
    rows("organisations_by_size", "", figures.by_size, labels["size"])
    return out.getvalue()
