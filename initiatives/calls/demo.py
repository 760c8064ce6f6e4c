"""Demo calls for ``seed_demo``: a closed call in the style of Trivisi's "call for new
projects" of July 2002 (its themes: CSR in SMEs, CSR in training courses, alternative learning
methods), reviewed and decided, three proposals accepted and two declined; and one open call,
with a draft of Alice's organisation. Safe to run again: each call is made once.

The demo organisations and people are the accounts demo's, found by name and address (this
module imports no other demo)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Organisation, Role
from initiatives.calls import services
from initiatives.calls.models import Call, CallState, Criterion, Proposal, Reviewer
from initiatives.services import initiative_publish
from taxonomy.models import Theme

CURATOR = "staff@example.org"
REVIEWERS = ("charlie@example.org", "secretariat@example.org")

CLOSED = {
    "title": "Call for new projects: CSR in SMEs and in training",
    "text": (
        "The programme invites organisations to propose **new projects** that make corporate "
        "social responsibility part of everyday work. With the support of the European Social "
        "Fund, selected projects start before the end of the year.\n\n"
        "## Themes\n\n"
        "- CSR in small and medium-sized enterprises\n"
        "- CSR in training courses\n"
        "- Alternative learning methods\n\n"
        "## Who may apply\n\n"
        "Enterprises, sector associations, training and research institutes, alone or with "
        "partners. One proposal per organisation.\n"
    ),
    "themes": ("sme-growth", "skills-employability"),
}
OPEN = {
    "title": "Call for projects: responsible supply chains for SMEs",
    "text": (
        "Small suppliers are asked more and more about their social and environmental "
        "performance. This call funds projects that help **SMEs in supply chains** answer "
        "those questions and improve, through shared tools, training and peer learning.\n\n"
        "Send your proposal before the deadline; reviewers score it on the criteria below.\n"
    ),
    "themes": ("supply-chain", "sme-growth"),
}
CRITERIA = (
    ("Relevance for SMEs", "Does the project reach small firms and answer their needs?", 3),
    ("Quality and feasibility", "A clear plan, partners and a realistic budget.", 2),
    ("Spreading the results", "Will others be able to use the instruments made?", 1),
)
# Organisation, its administrator, title, summary, amount, reviewers' scores, decision.
PROPOSALS = (
    (
        "Machine Tool Makers' Association",
        "emile@example.org",
        "CSR modules for vocational training in metalworking",
        "Four short modules on safety, energy and diversity for the sector's training centres.",
        48000,
        ((5, 4, 5), (4, 4, 4)),
        True,
    ),
    (
        "Vandenberghe Machine Tools",
        "alice@example.org",
        "Learning networks of SME owners on stakeholder dialogue",
        "Six owners meet monthly for a year, with a coach, and write up what worked.",
        30000,
        ((4, 4, 3), (5, 3, 4)),
        True,
    ),
    (
        "Hoffmann Präzision",
        "clara@example.org",
        "A diversity check for the workshop floor",
        "A self-assessment and an exercise for teams on diversity at work.",
        22000,
        ((4, 3, 4), (3, 4, 4)),
        True,
    ),
    (
        "Atelier Lumière",
        "beatrice@example.org",
        "A responsible lighting showroom",
        "A showroom of energy-efficient lighting for customers.",
        60000,
        ((2, 3, 1), (2, 2, 2)),
        False,
    ),
    (
        "Noordzee Logistiek",
        "daan@example.org",
        "Green routes for small carriers",
        "Route planning software to cut the fuel use of micro transport firms.",
        80000,
        ((3, 2, 2), (2, 3, 1)),
        False,
    ),
)
DECLINED = (
    "Thank you for your proposal. It scored below the projects selected: the reviewers missed "
    "the training or learning side the call asks for. We encourage you to apply again."
)
ACCEPTED = "Congratulations: your project is selected. The programme contacts you about the start."


def _call(spec: dict, *, deadline, review_deadline, reviewers: list) -> Call:
    call = Call.objects.create(
        title=spec["title"],
        text=spec["text"],
        state=CallState.OPEN,
        deadline=deadline,
        review_deadline=review_deadline,
        opened_at=timezone.now(),
    )
    call.themes.set(Theme.objects.filter(slug__in=spec["themes"]))
    for order, (title, description, weight) in enumerate(CRITERIA):
        Criterion.objects.create(
            call=call, title=title, description=description, weight=weight, order=order
        )
    for user in reviewers:
        Reviewer.objects.create(call=call, user=user)
    return call


def _text(title: str, summary: str, amount: int) -> services.ProposalText:
    # Demo content, in English as the demo organisations write it.
    plan = (
        f"{summary}\n\n## Plan\n\n1. Prepare with our partners.\n2. Run the project.\n"
        "3. Share the instruments with others in the sector.\n"
    )
    return services.ProposalText(
        title=title, summary=summary, description=plan, requested_amount=amount
    )


def seed() -> None:
    User = get_user_model()
    curator = User.objects.filter(email=CURATOR).first()
    reviewers = list(User.objects.filter(email__in=REVIEWERS).order_by("email"))
    if curator is None or len(reviewers) != len(REVIEWERS):
        return  # the accounts demo makes them; without it nobody reviews or decides
    with transaction.atomic():
        if not Call.objects.filter(title=CLOSED["title"]).exists():
            _closed_call(curator, reviewers)
        if not Call.objects.filter(title=OPEN["title"]).exists():
            _open_call(reviewers)


def _admin(organisation: Organisation, email: str):
    membership = Membership.objects.filter(
        organisation=organisation, user__email=email, role=Role.ADMIN
    ).first()
    return membership.user if membership else None


def _closed_call(curator, reviewers: list) -> None:
    now = timezone.now()
    call = _call(
        CLOSED,
        deadline=now + timedelta(days=1),
        review_deadline=now + timedelta(days=2),
        reviewers=reviewers,
    )
    sent = []
    for name, email, title, summary, amount, scores, accept in PROPOSALS:
        organisation = Organisation.objects.filter(name=name).first()
        admin = _admin(organisation, email) if organisation else None
        if admin is None:
            continue
        proposal = services.proposal_start(
            call=call, organisation=organisation, by=admin, text=_text(title, summary, amount)
        )
        services.proposal_submit(proposal=proposal, by=admin)
        sent.append((proposal, admin, scores, accept))
    # The call closed two months ago and its reviews were due a month later.
    Call.objects.filter(pk=call.pk).update(
        deadline=now - timedelta(days=60), review_deadline=now - timedelta(days=30)
    )
    criteria = list(call.criteria.all())
    for proposal, admin, scores, accept in sent:
        proposal = Proposal.objects.select_related("call").get(pk=proposal.pk)
        for reviewer, values in zip(reviewers, scores, strict=True):
            if Membership.objects.filter(
                user=reviewer, organisation=proposal.organisation
            ).exists():
                continue
            services.review_save(
                proposal=proposal,
                by=reviewer,
                scores={c.pk: (v, "") for c, v in zip(criteria, values, strict=True)},
                submit=True,
            )
        decided = services.proposal_decide(
            proposal=proposal, by=curator, accept=accept, message=ACCEPTED if accept else DECLINED
        )
        # The association publishes its new initiative; the others keep theirs private.
        if decided.initiative and admin.email == "emile@example.org":
            initiative_publish(initiative=decided.initiative, by=admin)


def _open_call(reviewers: list) -> None:
    now = timezone.now()
    call = _call(
        OPEN,
        deadline=now + timedelta(days=45),
        review_deadline=now + timedelta(days=75),
        reviewers=reviewers,
    )
    organisation = Organisation.objects.filter(name="Vandenberghe Machine Tools").first()
    admin = _admin(organisation, "alice@example.org") if organisation else None
    if admin is not None:
        services.proposal_start(
            call=call,
            organisation=organisation,
            by=admin,
            text=_text(
                "Supplier days for small subcontractors",
                "Two days a year where our small subcontractors learn how to answer customers' "
                "CSR questionnaires.",
                18000,
            ),
        )
