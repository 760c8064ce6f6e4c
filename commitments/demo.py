"""Demo content for `seed_demo`: the DESIGN-MTS framework exactly as published, and pledges and
progress reports from invented organisations, enough for every chart of the dashboard to show
real (unsuppressed) figures. Idempotent."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import Organisation, OrganisationKind, User
from commitments import services
from commitments.models import (
    PLEDGING_KINDS,
    Action,
    Evidence,
    Framework,
    Pledge,
    ProgressReport,
    ReportComment,
    ReportState,
    Status,
    SubItem,
)
from commitments.periods import Period
from knowledge.demo_data import PRACTICES as DEMO_PRACTICES
from knowledge.models import Practice
from knowledge.selectors import practices_named
from taxonomy.choices import Country, SizeClass
from taxonomy.models import Sector

DESIGN_MTS_SLUG = "design-mts"

# The final set of commitments, as DESIGN-MTS deliverable D4.1b publishes it (revision of
# 19 December 2014), in the outline form the admin's importer reads.
DESIGN_MTS_OUTLINE = """\
COMMITMENT 1 – Raising awareness on CSR in MTS by:
1. Dissemination of defined methods and strategies for information sharing and awareness-raising.
2. Dissemination of training courses developed.
3. Engage with key stakeholders identified through the project that can play the role of sector activators.
 - a. Collaboration and engagement with MTS national associations and their affiliates.
 - b. Engage with MTS enterprises, including SMEs and enterprises in the MTS value chain.
 - c. Participate in strategic sectoral events.

COMMITMENT 2 – Facilitating the implementation of a strategic approach to CSR in MTS by:
1. Dissemination of guidelines developed and assistance in their implementation.
2. Focus on the needs of SMEs.
3. Cultivate the 'sustainable image' of MTS industry throughout the value chain.

COMMITMENT 3 – Supporting a coordinated management of a CSR platform in MTS by:
1. Disseminate strategies and measures for a coordinated management of the CSR multi-stakeholder platform.
2. Engage policy makers and disseminate recommendations.
3. Support monitoring of progresses of CSR diffusion and visibility in MTS through the DESIGN-MTS platform.
"""  # noqa: E501 - the published text, line by line

DESIGN_MTS_SOURCE = (
    "DESIGN-MTS – DEfining Social responsibility Interventions for Grounded Networking in "
    "Machine Tools Sector: deliverable D4.1b “Final sector-wide joint set of commitments” "
    "(work package 4, Assessment of results and further planning), by Aditya Jain, task leader "
    "UNOTT; revised and updated final version of 19 December 2014. A public deliverable of a "
    "project funded under the European Commission's CIP 2012 Work Programme (contract 333720)."
)

DESIGN_MTS_INTRODUCTION = (
    "The DESIGN-MTS project set out three sector-wide commitments to help more machine tool "
    "enterprises across the EU take a strategic approach to corporate social responsibility, "
    "together with their stakeholders. The commitments describe what could and ought to be "
    "done to foster CSR in the sector, rather than what has not been done. Each is broken into "
    "actions an enterprise or an association can pledge to; the third asks for the diffusion "
    "and visibility of CSR in the sector to be monitored through a platform, which is what "
    "this dashboard does."
)


# The demo library's DESIGN-MTS outputs (knowledge/demo_data.py) and the actions each serves,
# as D4.1b relates them: the guidelines to commitment 2, the training modules to action 1.2,
# the position paper and recommendations to commitment 3.
ACTION_PRACTICES: dict[str, list[str]] = {
    "1.1": ["demo-mts-01", "demo-mts-08"],
    "1.2": ["demo-mts-02", "demo-mts-03", "demo-mts-04", "demo-mts-05"],
    "1.3": ["demo-mts-05", "demo-mts-04"],
    "2.1": ["demo-mts-01", "demo-mts-05"],
    "2.2": ["demo-mts-02", "demo-mts-01"],
    "2.3": ["demo-mts-08", "demo-mts-03"],
    "3.1": ["demo-mts-06", "demo-mts-05"],
    "3.2": ["demo-mts-07", "demo-mts-06"],
    "3.3": ["demo-mts-07"],
}
_TITLES = {record["id"]: record["title"] for record in DEMO_PRACTICES}


def practices_used_for(code: str) -> str:
    """What a demo report on action ``code`` says it used: the exact titles of the demo
    library's practices serving the action, which the report's page links."""
    return "\n".join(_TITLES[source_id] for source_id in ACTION_PRACTICES.get(code, []))


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    size_class: str
    country: str


E, A = OrganisationKind.ENTERPRISE, OrganisationKind.ASSOCIATION
MICRO, SMALL, MEDIUM, LARGE = SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE

# Invented organisations, on top of the accounts demo's, so that cells reach five.
EXTRA_ORGANISATIONS = [
    DemoOrganisation("Officine Brambilla Utensili", E, SMALL, Country.IT),
    DemoOrganisation("Torneria Ferraresi", E, MICRO, Country.IT),
    DemoOrganisation("Rettifiche Venete", E, MEDIUM, Country.IT),
    DemoOrganisation("Meccanica Sabauda", E, SMALL, Country.IT),
    DemoOrganisation("Frese Adriatiche", E, LARGE, Country.IT),
    DemoOrganisation("Lombard Machine Tool Builders' Association", A, SMALL, Country.IT),
    DemoOrganisation("Schwarzwald Fräsmaschinen", E, MEDIUM, Country.DE),
    DemoOrganisation("Kessler Drehtechnik", E, SMALL, Country.DE),
    DemoOrganisation("Nordwerk Schleifsysteme", E, LARGE, Country.DE),
    DemoOrganisation("Baumann Spanntechnik", E, MICRO, Country.DE),
    DemoOrganisation("Verband Präzisionsmaschinen Süd", A, SMALL, Country.DE),
    DemoOrganisation("Talleres Iturbe", E, SMALL, Country.ES),
    DemoOrganisation("Mecanizados Ebro", E, MEDIUM, Country.ES),
    DemoOrganisation("Prensas Cantábricas", E, MICRO, Country.ES),
    DemoOrganisation("Basque Machine Tool Cluster Network", A, SMALL, Country.ES),
    DemoOrganisation("Usinage Rhône-Alpes", E, SMALL, Country.FR),
    DemoOrganisation("Outillage Picard", E, MICRO, Country.FR),
    DemoOrganisation("Fédération des Machines-Outils de l'Ouest", A, MICRO, Country.FR),
    DemoOrganisation("Maszyny Wisła", E, MEDIUM, Country.PL),
    DemoOrganisation("Obrabiarki Śląskie", E, SMALL, Country.PL),
    DemoOrganisation("Polish Tooling Employers' Network", A, MICRO, Country.PL),
    DemoOrganisation("Brno Precision Works", E, MEDIUM, Country.CZ),
    DemoOrganisation("Göta Verktygsmaskiner", E, SMALL, Country.SE),
    DemoOrganisation("Flanders Metalworking Forum", A, SMALL, Country.BE),
    DemoOrganisation("Dutch Tool Makers' Circle", A, MICRO, Country.NL),
    DemoOrganisation("Ateliers Mosans", E, SMALL, Country.BE),
    DemoOrganisation("Gantoise Machines-Outils", E, MEDIUM, Country.BE),
    DemoOrganisation("Décolletage Savoyard", E, SMALL, Country.FR),
    DemoOrganisation("Herramientas Navarra", E, MICRO, Country.ES),
]


def framework_load(*, coordinators: list[User] | None = None) -> Framework:
    """The DESIGN-MTS framework, created once from its published outline."""
    framework = Framework.objects.filter(slug=DESIGN_MTS_SLUG).first()
    if framework is None:
        framework = services.framework_create(
            slug=DESIGN_MTS_SLUG,
            title="Sector-wide joint set of commitments of the machine tools sector",
            short_title="DESIGN-MTS",
            sector=Sector.objects.filter(code="C28").first(),
            sector_label="Machine tools sector (MTS)",
            introduction=DESIGN_MTS_INTRODUCTION,
            source=DESIGN_MTS_SOURCE,
            source_url="http://designmts.eu/",
            period_start=date(2025, 1, 1),
            period_end=date(2027, 12, 31),
            outline=DESIGN_MTS_OUTLINE,
            is_published=True,
            coordinators=coordinators or [],
        )
    return framework


def _organisations() -> list[Organisation]:
    names = [demo.name for demo in accounts_demo.ORGANISATIONS]
    found = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    organisations = [found[name] for name in names if name in found]
    for demo in EXTRA_ORGANISATIONS:
        organisations.append(accounts_demo.organisation_for(demo, sector="C28"))
    return [o for o in organisations if o.kind in PLEDGING_KINDS]


def _at(day: date, days: int) -> datetime:
    return datetime.combine(day + timedelta(days=days), datetime.min.time(), tzinfo=UTC)


def seed() -> Framework:
    """Load DESIGN-MTS and demo pledges and reports. Safe to run again."""
    coordinator = User.objects.filter(email="secretariat@example.org").first()
    with transaction.atomic():
        framework = framework_load(coordinators=[coordinator] if coordinator else [])
        actions = list(Action.objects.filter(commitment__framework=framework).in_order())
        sub_items = {s.action_id: [] for s in SubItem.objects.filter(action__in=actions)}
        for sub in SubItem.objects.filter(action__in=actions).order_by("letter"):
            sub_items[sub.action_id].append(sub)
        for organisation in _organisations():
            if Pledge.objects.filter(organisation=organisation, framework=framework).exists():
                continue  # seeded already (or pledged by hand): leave it as it is
            # One generator per organisation, so a second run draws the same as the first.
            rng = random.Random(f"design-mts:{organisation.name}")  # noqa: S311 - demo data
            chosen = rng.sample(actions, k=rng.randint(4, 7))
            for action in sorted(chosen, key=lambda a: (a.commitment.number, a.number)):
                sub = None
                if sub_items.get(action.pk) and rng.random() < 0.4:
                    sub = rng.choice(sub_items[action.pk])
                pledge, created = Pledge.objects.get_or_create(
                    organisation=organisation,
                    action=action,
                    sub_item=sub,
                    defaults={
                        "framework": framework,
                        "target_date": date(2027, rng.choice([6, 12]), rng.choice([15, 30])),
                        "is_public": rng.random() < 0.45,
                    },
                )
                if not created:
                    continue
                Pledge.objects.filter(pk=pledge.pk).update(created=_at(framework.period_start, -14))
                _reports(pledge, framework.periods_open(timezone.localdate()), rng, coordinator)
    return framework


def link_practices() -> None:
    """After the knowledge demo: link its DESIGN-MTS outputs to the actions they serve, and the
    demo reports to the practices they name. Safe to run again."""
    framework = Framework.objects.filter(slug=DESIGN_MTS_SLUG).first()
    if framework is None:
        return
    ids = {source_id for source_ids in ACTION_PRACTICES.values() for source_id in source_ids}
    practices = Practice.objects.in_bulk(list(ids), field_name="source_id")
    with transaction.atomic():
        for action in Action.objects.filter(commitment__framework=framework).in_order():
            for source_id in ACTION_PRACTICES.get(action.code, []):
                if source_id in practices:
                    services.action_practice_link(action=action, practice=practices[source_id])
        reports = ProgressReport.objects.filter(pledge__framework=framework).exclude(
            practices_used=""
        )
        for report in reports:
            report.practices.set(practices_named(report.practices_used.splitlines()))


def _reports(
    pledge: Pledge, periods: list[Period], rng: random.Random, coordinator: User | None
) -> None:
    """Reports for every period so far: past ones reviewed, the current one under way."""
    today = timezone.localdate()
    status = rng.choice([Status.NO_EVIDENCE, Status.NOT_STARTED, Status.NOT_STARTED])
    association = pledge.organisation.kind == OrganisationKind.ASSOCIATION
    latest_accepted = None
    for period in periods:
        status = Status(min(Status.COMPLETE, status + rng.choice([0, 0, 0, 1, 1])))
        current = period.end >= today
        if current:
            state = rng.choice([ReportState.DRAFT, ReportState.SUBMITTED, None])
            if state is None:
                continue
        else:
            state = ReportState.ACCEPTED if rng.random() < 0.9 else ReportState.RETURNED
        report = ProgressReport.objects.create(
            pledge=pledge,
            period=period.code,
            status=status,
            narrative=_narrative(pledge, status),
            smes_reached=rng.randint(8, 60) if association else None,
            practices_used=practices_used_for(pledge.action.code) if rng.random() < 0.5 else "",
            state=state,
        )
        submitted = min(_at(period.end, 20), timezone.now())
        ProgressReport.objects.filter(pk=report.pk).update(
            created=submitted - timedelta(days=5),
            submitted_at=None if state == ReportState.DRAFT else submitted,
            reviewed_at=submitted + timedelta(days=7) if not current else None,
            reviewed_by=coordinator if not current else None,
        )
        if status != Status.NO_EVIDENCE:
            Evidence.objects.create(
                report=report,
                title="Activity summary on our website",
                url=f"https://example.org/csr/{pledge.uid}/{period.code}",
            )
        if state == ReportState.RETURNED:
            ReportComment.objects.create(
                report=report,
                author=coordinator,
                kind=ReportComment.Kind.RETURNED,
                body="Please say which events you attended and how many SMEs took part.",
            )
        elif state == ReportState.ACCEPTED:
            latest_accepted = status
    if latest_accepted is not None:
        Pledge.objects.filter(pk=pledge.pk).update(status=latest_accepted)


def _narrative(pledge: Pledge, status: Status) -> str:
    return (
        f"Work on {pledge.target_code} this half-year: {status.label.lower()} progress. "
        "We shared the sector's CSR guidelines with our customers and suppliers and ran "
        "an information session for staff and worker representatives."
    )
