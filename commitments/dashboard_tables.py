"""The released figures as the dashboard publishes them. :func:`published` walks a release's
figures once into its tables (each with its name, group and labels); the page, the CSV and the
JSON, the framework page's "organisations pledged" and the action page's status table are all
built from that one walk, so they cannot disagree."""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _

from commitments.dashboard import SMES_PER_ASSOCIATION_BOUND, Figures, Released, SmeFigure
from commitments.models import Action, Commitment
from stats import charts
from stats.suppression import THRESHOLD, State, Table


@dataclass(frozen=True)
class PublishedTable:
    """One table of a release: ``figure`` names it in the CSV and the JSON, ``group`` is the
    action, commitment or period a per-group table is of ("" for the others)."""

    figure: str
    group: str
    table: Table
    labels: Mapping[Hashable, str]

    def label(self, key: Hashable) -> str:
        return self.labels.get(key, str(key))

    @cached_property
    def as_dict(self) -> dict[str, Any]:
        """``Table.as_dict()`` with each cell's label beside its key (the JSON, the charts)."""
        shaped = self.table.as_dict()
        for cell in shaped["cells"]:  # type: ignore[attr-defined]
            cell["label"] = self.label(cell["key"])
        return shaped

    @cached_property
    def texts(self) -> list[str]:
        """Each cell as the page writes it ("fewer than 5", "hidden", or the number)."""
        return [charts.cell_text(cell.state, cell.value) for cell in self.table.cells]

    @property
    def total_text(self) -> str:
        return charts.cell_text(self.table.total_state, self.table.total)

    def labelled(self) -> list[tuple[str, str]]:
        """(label, text) per cell: the page's two-column tables."""
        return [
            (self.label(cell.key), text)
            for cell, text in zip(self.table.cells, self.texts, strict=True)
        ]

    def bars(self) -> Any:
        return charts.bars([(c["label"], c) for c in self.as_dict["cells"]], noisy=True)

    def csv_rows(self) -> list[list[Any]]:
        rows = [
            _csv_row(self.figure, self.group, c.key, self.label(c.key), c.state, c.value)
            for c in self.table.cells
        ]
        table = self.table
        if table.total_state != State.HIDDEN or table.total is not None:
            rows.append(
                _csv_row(
                    self.figure, self.group, "total", _("Total"), table.total_state, table.total
                )
            )
        return rows


def _csv_row(
    figure: str, group: str, key: Any, label: Any, state: State | str, value: Any
) -> list[Any]:
    """A CSV row; a value not published is an empty field."""
    return [figure, group, key, label, state, "" if value is None else value]


@dataclass(frozen=True)
class Published:
    """Every table of one release, in the order the exports list them."""

    figures: Figures
    pledged_per_action: PublishedTable
    status_per_action: list[PublishedTable]
    pledged_per_commitment: PublishedTable
    status_per_commitment: list[PublishedTable]
    trend: list[PublishedTable]
    smes: list[SmeFigure]
    by_kind: PublishedTable
    by_country: PublishedTable
    by_size: PublishedTable

    def per_group(self) -> list[PublishedTable]:
        """The tables of actions, commitments and periods (before SMEs reached)."""
        return [
            self.pledged_per_action,
            *self.status_per_action,
            self.pledged_per_commitment,
            *self.status_per_commitment,
            *self.trend,
        ]

    def organisations(self) -> list[PublishedTable]:
        """The breakdowns of the pledging organisations (after SMEs reached)."""
        return [self.by_kind, self.by_country, self.by_size]


def published(figures: Figures) -> Published:
    labels = figures.labels
    status = labels["status"]

    def each(figure: str, tables: Mapping[Any, Table]) -> list[PublishedTable]:
        return [PublishedTable(figure, str(group), t, status) for group, t in tables.items()]

    return Published(
        figures=figures,
        pledged_per_action=PublishedTable(
            "pledged_per_action", "", figures.pledged_per_action, labels["action"]
        ),
        status_per_action=each("status_per_action", figures.status_per_action),
        pledged_per_commitment=PublishedTable(
            "pledged_per_commitment", "", figures.pledged_per_commitment, labels["commitment"]
        ),
        status_per_commitment=each("status_per_commitment", figures.status_per_commitment),
        trend=each("trend", figures.trend),
        smes=figures.smes,
        by_kind=PublishedTable("organisations_by_kind", "", figures.by_kind, labels["kind"]),
        by_country=PublishedTable(
            "organisations_by_country", "", figures.by_country, labels["country"]
        ),
        by_size=PublishedTable("organisations_by_size", "", figures.by_size, labels["size"]),
    )


# --- The pages ---------------------------------------------------------------------------------


def label_pledged(structure: Iterable[Commitment], released: Released | None) -> None:
    """Give each action of ``structure`` its ``pledged_text``: organisations pledged to it, as
    the framework page writes it, from the same release as the dashboard."""
    texts: dict[str, str] = {}
    if released is not None:
        table = published(released.figures).pledged_per_action
        texts = dict(zip([c.key for c in table.table.cells], table.texts, strict=True))
    for commitment in structure:
        for action in commitment.actions.all():
            action.pledged_text = texts.get(action.code, _("not released yet"))


def action_status_rows(released: Released | None, action: Action) -> list[tuple[str, str]]:
    """The action's status breakdown, with its total, as the action page lists it."""
    if released is None or action.code not in released.figures.status_per_action:
        return []
    (table,) = [t for t in published(released.figures).status_per_action if t.group == action.code]
    return [*table.labelled(), (_("All pledging organisations"), table.total_text)]


def _rows(tables: Iterable[PublishedTable]) -> list[tuple[str, list[str], str]]:
    return [(t.group, t.texts, t.total_text) for t in tables]


def page_context(released: Released) -> dict[str, Any]:
    """What the dashboard page shows: each chart with the table of the same figures."""
    shown = published(released.figures)
    figures = shown.figures
    status_keys = figures.labels["status"]
    # The release has a cell for every country; the page lists those above zero.
    by_country = shown.by_country.table
    countries = PublishedTable(
        shown.by_country.figure,
        "",
        Table(
            cells=[c for c in by_country.cells if not (c.shown and c.value == 0)],
            total=by_country.total,
            total_state=by_country.total_state,
        ),
        shown.by_country.labels,
    )
    commitment_titles = [_("Commitment %(n)s") % {"n": c.number} for c in figures.commitments]
    return {
        "figures": figures,
        "released": released,
        "statuses": list(status_keys.items()),
        "pledged_chart": charts.bars(
            [(c["key"], c) for c in shown.pledged_per_action.as_dict["cells"]], noisy=True
        ),
        "pledged_rows": list(zip(figures.actions, shown.pledged_per_action.texts, strict=True)),
        "status_actions_chart": charts.stacked(
            [(t.group, t.table) for t in shown.status_per_action], status_keys, noisy=True
        ),
        "status_action_rows": _rows(shown.status_per_action),
        "commitment_chart": charts.stacked(
            [
                (title, t.table)
                for title, t in zip(commitment_titles, shown.status_per_commitment, strict=True)
            ],
            status_keys,
            noisy=True,
        ),
        "commitment_rows": [
            (commitment, pledged, texts, total)
            for commitment, pledged, (_number, texts, total) in zip(
                figures.commitments,
                shown.pledged_per_commitment.texts,
                _rows(shown.status_per_commitment),
                strict=True,
            )
        ],
        "trend_chart": charts.stacked(
            [(t.group, t.table) for t in shown.trend], status_keys, noisy=True
        ),
        "trend_rows": _rows(shown.trend),
        "sme_rows": [
            (
                sme.period,
                charts.cell_text(sme.associations.state, sme.associations.value),
                charts.cell_text(sme.state, sme.smes),
            )
            for sme in shown.smes
        ],
        "organisations_total": shown.by_kind.total_text,
        "kind_chart": shown.by_kind.bars(),
        "kind_rows": shown.by_kind.labelled(),
        "country_chart": countries.bars(),
        "country_rows": countries.labelled(),
        "size_chart": shown.by_size.bars(),
        "size_rows": shown.by_size.labelled(),
        "sme_bound": SMES_PER_ASSOCIATION_BOUND,
    }


# --- The exports -------------------------------------------------------------------------------


def as_json(released: Released) -> dict[str, object]:
    """The dashboard's figures, exactly as shown, with the release they come from."""
    shown = published(released.figures)
    framework = shown.figures.framework
    return {
        "released_at": released.released_at.isoformat(),
        "epsilon": released.epsilon,
        "delta": released.delta,
        "framework": {
            "slug": framework.slug,
            "title": framework.title,
            "source": framework.source,
        },
        "suppression": {
            "threshold": THRESHOLD,
            "states": {
                "shown": _("shown"),
                "small": _("fewer than %(n)s") % {"n": THRESHOLD},
                "hidden": _("hidden so that a small cell cannot be worked out"),
            },
        },
        "statuses": {str(k): v for k, v in shown.figures.labels["status"].items()},
        "pledged_per_action": shown.pledged_per_action.as_dict,
        "status_per_action": {t.group: t.as_dict for t in shown.status_per_action},
        "pledged_per_commitment": shown.pledged_per_commitment.as_dict,
        "status_per_commitment": {t.group: t.as_dict for t in shown.status_per_commitment},
        "trend": {t.group: t.as_dict for t in shown.trend},
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
            for sme in shown.smes
        ],
        **{t.figure: t.as_dict for t in shown.organisations()},
    }


CSV_HEADER = ["figure", "group", "key", "label", "state", "value"]


def as_csv(released: Released) -> str:
    """One row per published cell (and per total), the same figures as the page and the JSON;
    first the release they come from."""
    shown = published(released.figures)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    at = released.released_at.isoformat()
    writer.writerow(_csv_row("release", "", "released_at", _("Released at"), "shown", at))
    writer.writerow(_csv_row("release", "", "epsilon", _("Epsilon"), "shown", released.epsilon))
    for table in shown.per_group():
        writer.writerows(table.csv_rows())
    for sme in shown.smes:
        associations = sme.associations
        writer.writerow(
            _csv_row(
                "associations_reporting_smes",
                sme.period,
                "associations",
                _("Associations"),
                associations.state,
                associations.value,
            )
        )
        writer.writerow(
            _csv_row("smes_reached", sme.period, "smes", _("SMEs reached"), sme.state, sme.smes)
        )
    for table in shown.organisations():
        writer.writerows(table.csv_rows())
    return out.getvalue()
