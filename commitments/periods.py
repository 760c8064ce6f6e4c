"""Reporting periods: half-years (``2026-H1``) by default, or whole years (``2026``).

A period's report falls due one month after the period ends, so a half-year's work can be
written up once it is over: 2026-H1 (January to June) is due on 31 July 2026.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

REPORT_DUE_AFTER_MONTHS = 1
REMINDER_DAYS_BEFORE_DUE = 14


class Cycle(models.TextChoices):
    HALF_YEAR = "half-year", _("Every half-year")
    YEAR = "year", _("Every year")


_CODE = re.compile(r"^(?P<year>\d{4})(?:-H(?P<half>[12]))?$")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    code: str

    @property
    def due(self) -> date:
        month = self.end.month + REPORT_DUE_AFTER_MONTHS
        year = self.end.year + (month - 1) // 12
        return _month_end(year, (month - 1) % 12 + 1)

    @property
    def reminder_from(self) -> date:
        return self.due - timedelta(days=REMINDER_DAYS_BEFORE_DUE)

    def __str__(self) -> str:
        return self.code


def period_of(day: date, cycle: str = Cycle.HALF_YEAR) -> Period:
    if cycle == Cycle.YEAR:
        return Period(date(day.year, 1, 1), date(day.year, 12, 31), f"{day.year}")
    if day.month <= 6:
        return Period(date(day.year, 1, 1), date(day.year, 6, 30), f"{day.year}-H1")
    return Period(date(day.year, 7, 1), date(day.year, 12, 31), f"{day.year}-H2")


def parse(code: str, cycle: str = Cycle.HALF_YEAR) -> Period:
    """The period a code names; ValueError when the code does not fit the cycle."""
    match = _CODE.match(code or "")
    if not match:
        raise ValueError(code)
    year, half = int(match["year"]), match["half"]
    if cycle == Cycle.YEAR:
        if half:
            raise ValueError(code)
        return period_of(date(year, 1, 1), cycle)
    if not half:
        raise ValueError(code)
    return period_of(date(year, 1 if half == "1" else 7, 1), cycle)


def periods_between(start: date, end: date, cycle: str = Cycle.HALF_YEAR) -> list[Period]:
    """Every period that overlaps [start, end], oldest first."""
    periods: list[Period] = []
    if end < start:
        return periods
    period = period_of(start, cycle)
    while period.start <= end:
        periods.append(period)
        period = period_of(period.end + timedelta(days=1), cycle)
    return periods
