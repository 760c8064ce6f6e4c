"""Commitments fixtures: the DESIGN-MTS framework, its coordinator, an association and helpers
to make pledges and reports directly (the services are tested on their own)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from accounts.models import Organisation, OrganisationKind, Role, User
from commitments import demo
from commitments.models import Action, Framework, Pledge, ProgressReport, ReportState, SubItem
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

# Inside DESIGN-MTS's demo monitoring period (2025-2027): 2025-H1 to 2026-H1 have started.
TODAY = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def coordinator(db) -> User:
    return UserFactory(email="coordinator@example.org", name="Cora Coordinator")


@pytest.fixture
def framework(db, coordinator) -> Framework:
    return demo.framework_load(coordinators=[coordinator])


@pytest.fixture
def association(db) -> Organisation:
    return OrganisationFactory(
        name="Tool Makers' Association", kind=OrganisationKind.ASSOCIATION, country="DE"
    )


@pytest.fixture
def emile(association) -> User:
    user = UserFactory(email="emile@example.org", name="Émile Peeters")
    MembershipFactory(user=user, organisation=association, role=Role.ADMIN)
    return user


def action(framework: Framework, code: str) -> Action:
    commitment, number = (int(part) for part in code.split("."))
    return Action.objects.select_related("commitment__framework").get(
        commitment__framework=framework, commitment__number=commitment, number=number
    )


def sub_item(framework: Framework, code: str) -> SubItem:
    return SubItem.objects.get(action=action(framework, code[:-1]), letter=code[-1])


def make_pledge(
    organisation: Organisation, framework: Framework, code: str, **fields: object
) -> Pledge:
    target = action(framework, code.rstrip("abcdefghij"))
    sub = sub_item(framework, code) if code[-1].isalpha() else None
    fields.setdefault("target_date", dt.date(2027, 6, 30))
    return Pledge.objects.create(
        organisation=organisation, framework=framework, action=target, sub_item=sub, **fields
    )


def make_report(
    pledge: Pledge,
    period: str = "2025-H2",
    *,
    status: int = 2,
    state: str = ReportState.DRAFT,
    **fields: object,
) -> ProgressReport:
    fields.setdefault("narrative", "We ran two workshops for suppliers.")
    return ProgressReport.objects.create(
        pledge=pledge, period=period, status=status, state=state, **fields
    )


def pledging_organisations(n: int, **fields: object) -> list[Organisation]:
    return [OrganisationFactory(**fields) for _ in range(n)]
