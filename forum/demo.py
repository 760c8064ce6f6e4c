"""Demo content for `seed_demo`: the Forum, a coordination group of focal persons meeting every
two months, and one coalition laboratory. Idempotent: run it as often as you like."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forum import services
from forum.models import (
    SECRETARIAT_GROUP,
    Body,
    BodyKind,
    Constituency,
    Location,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    Member,
    MemberRole,
    MemberUpdate,
    Recommendation,
    UpdateGrouping,
    UpdatePaper,
)
from taxonomy.models import Theme

FORUM = "European Multistakeholder Forum on CSR"
GROUP = "Coordination Group of focal persons"
LABORATORY = "Laboratory on skills for employability"

# Where the group's focal persons work: "equally representing headquarters and the field".
LOCATIONS = {
    "clara@example.org": Location.HEADQUARTERS,
    "daan@example.org": Location.FIELD,
    "emile@example.org": Location.FIELD,
}
# Their updates to the last meeting, after the ILO's report of 2007 (GB.298/MNE/2/1).
UPDATES = {
    "clara@example.org": (
        "A dialogue with the Better Cotton Initiative took place at headquarters. Its "
        "representatives asked for advice on labour-related concerns in cotton production."
    ),
    "daan@example.org": (
        "The office in Tokyo is organising a CSR symposium for the general public with the "
        "United Nations University; the MNE Declaration is being translated into Japanese."
    ),
    "emile@example.org": (
        "Field directors asked for training so that social partners and field staff can "
        "engage in CSR activities; a first course for employers' organisations is planned."
    ),
}

MEMBERS = [
    # (email, body, constituency, role)
    ("alice@example.org", FORUM, Constituency.BUSINESS, MemberRole.MEMBER),
    ("emile@example.org", FORUM, Constituency.EMPLOYERS, MemberRole.MEMBER),
    ("bob@example.org", FORUM, Constituency.TRADE_UNIONS, MemberRole.MEMBER),
    ("charlie@example.org", FORUM, Constituency.CIVIL_SOCIETY, MemberRole.OBSERVER),
    ("secretariat@example.org", FORUM, Constituency.FACILITATOR, MemberRole.SECRETARIAT),
    ("beatrice@example.org", FORUM, Constituency.BUSINESS, MemberRole.INFORMED),
    ("clara@example.org", GROUP, Constituency.RESEARCH, MemberRole.CHAIR),
    ("daan@example.org", GROUP, Constituency.BUSINESS, MemberRole.MEMBER),
    ("emile@example.org", GROUP, Constituency.EMPLOYERS, MemberRole.MEMBER),
    ("alice@example.org", LABORATORY, Constituency.BUSINESS, MemberRole.MEMBER),
]


def _on_the_hour(*, days: int, hour: int) -> datetime:
    """``hour`` o'clock (server time), ``days`` from now: when a demo meeting starts."""
    return (timezone.now() + timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )


def seed() -> None:
    secretariat = User.objects.filter(email="secretariat@example.org").first()
    if secretariat is None:
        return
    with transaction.atomic():
        secretariat.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
        forum, _ = Body.objects.get_or_create(
            name=FORUM,
            defaults={
                "kind": BodyKind.FORUM,
                "description": (
                    "Representatives of business, employers, trade unions and civil society "
                    "meet at regular review meetings, with the Commission facilitating, to take "
                    "stock of progress on CSR and on the Forum's recommendations."
                ),
            },
        )
        group, _ = Body.objects.get_or_create(
            name=GROUP,
            defaults={
                "kind": BodyKind.COORDINATION,
                "description": (
                    "Focal persons from headquarters and field offices meet every two months. "
                    "Each meeting begins with members' updates on their CSR activities; the "
                    "summary notes are circulated to all members."
                ),
            },
        )
        theme = Theme.objects.filter(slug="skills-employability").first()
        laboratory = None
        if theme is not None:
            laboratory = Body.objects.filter(theme=theme).first() or Body.objects.create(
                name=LABORATORY, kind=BodyKind.LABORATORY, theme=theme
            )
            # Open: joining the coalition's laboratory is immediate. The Forum and the group
            # stay moderated, their secretariat answering each request.
            Body.objects.filter(pk=laboratory.pk).update(open_joining=True)
        bodies = {FORUM: forum, GROUP: group, LABORATORY: laboratory}
        for email, body_name, constituency, role in MEMBERS:
            user = User.objects.filter(email=email).first()
            body = bodies[body_name]
            if user is None or body is None:
                continue
            organisation = user.memberships.select_related("organisation").first()
            Member.objects.get_or_create(
                body=body,
                user=user,
                defaults={
                    "constituency": constituency,
                    "role": role,
                    "organisation": organisation.organisation if organisation else None,
                    "start_date": date(2024, 1, 1),
                },
            )
            if body_name == GROUP and email in LOCATIONS:
                Member.objects.filter(body=body, user=user, location="").update(
                    location=LOCATIONS[email]
                )
            services.preferences_for(user)
        if not forum.meetings.exists():
            starts = _on_the_hour(days=21, hour=9)
            meeting = services.meeting_schedule(
                body=forum,
                by=secretariat,
                title="Review meeting: progress on CSR in Europe",
                starts_at=starts,
                ends_at=starts + timedelta(hours=4),
                time_zone="Europe/Brussels",
                place="Brussels",
                capacity=40,
                visibility="public",
            )
            for title, presenter in [
                ("Welcome and adoption of the agenda", "The Commission"),
                ("Progress on the Forum's recommendations", "Secretariat"),
                ("Updates from business, trade unions and civil society", "Members"),
            ]:
                services.agenda_item_add(
                    meeting=meeting, by=secretariat, title=title, presenter=presenter
                )
        if not MeetingSeries.objects.filter(body=group).exists():
            Body.objects.filter(pk=group.pk).update(update_grouping=UpdateGrouping.LOCATION)
            group.update_grouping = UpdateGrouping.LOCATION
            series = services.series_create(
                body=group,
                by=secretariat,
                title="Bimonthly meeting of focal persons",
                first_date=timezone.localdate() + timedelta(days=10),
                start_time=time(10, 0),
                duration=timedelta(hours=2),
                time_zone="Europe/Zurich",
                interval_months=2,
                until=None,
                place="Geneva",
                online_url="",
                capacity=None,
                visibility="members",
            )
            services.standing_item_add(
                series=series,
                by=secretariat,
                title="Updates by members",
                presenter="Members",
                updates_days_before=3,
            )
        _past_updates(group, secretariat)
        if laboratory is not None and not Meeting.objects.filter(body=laboratory).exists():
            starts = _on_the_hour(days=35, hour=13)
            services.meeting_schedule(
                body=laboratory,
                by=secretariat,
                title="Laboratory meeting: skills audits in SMEs",
                starts_at=starts,
                ends_at=starts + timedelta(hours=3),
                time_zone="Europe/Brussels",
                online_url="https://meet.example.org/skills-lab",
                visibility="public",
            )
        for reference, title, text in [
            (
                "R1",
                "Awareness-raising and competency-building",
                "Further awareness-raising and competency-building activities on CSR.",
            ),
            (
                "R2",
                "CSR among SMEs",
                "Give greater recognition to what SMEs already do on CSR.",
            ),
        ]:
            Recommendation.objects.get_or_create(
                body=forum, reference=reference, defaults={"title": title, "text": text}
            )


def _past_updates(group: Body, secretariat: User) -> None:
    """A past meeting of the coordination group with its members' updates and the paper
    compiled from them. The updates were sent before that meeting's deadline; written here
    directly, as the deadline has passed."""
    if UpdatePaper.objects.filter(meeting__body=group).exists():
        return
    starts = _on_the_hour(days=-50, hour=9)
    meeting = Meeting.objects.create(
        body=group,
        title="Bimonthly meeting of focal persons",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="Europe/Zurich",
        place="Geneva",
        status=MeetingStatus.HELD,
        updates_due_at=starts - timedelta(days=3),
        created_by=secretariat,
    )
    services.agenda_item_add(
        meeting=meeting, by=secretariat, title="Updates by members", presenter="Members"
    )
    for email, text in UPDATES.items():
        member = Member.objects.filter(body=group, user__email=email).first()
        if member is not None:
            MemberUpdate.objects.create(meeting=meeting, member=member, text=text)
    if MemberUpdate.objects.filter(meeting=meeting).exists():
        services.update_paper_compile(meeting=meeting, by=secretariat)
