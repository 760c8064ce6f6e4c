from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from forum.fields import DEFAULT_HOURS, ReminderField, TimeZoneField, other_reminder
from forum.models import (
    Body,
    BodyKind,
    Constituency,
    DigestFrequency,
    Meeting,
    MeetingStatus,
    Member,
    MemberRole,
    MinutesKind,
    Recommendation,
    RecommendationStatus,
    Registration,
    RegistrationStatus,
    UpdateGrouping,
    Visibility,
)
from forum.models.updates import UPDATE_MAX_LENGTH, UPDATES_ITEM_TITLE
from notifications.consent import FORUM_DIGEST
from taxonomy.models import Theme

FIRST_YEAR, LAST_YEAR = 1900, 2999


def sensible_year(value: date | None) -> None:
    """Refuse dates far from now: near the ends of the calendar, converting a wall-clock time
    between zones falls outside what ``datetime`` can hold (an error 500, not a form error)."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Give a date between the years %(first)d and %(last)d."),
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time in a zone chosen in another field of the form: kept naive here, made
    aware in ``clean()`` once the zone is known (Django would read it in the current zone)."""

    def to_python(self, value: Any) -> datetime | None:
        with timezone.override(UTC):
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result is not None else None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def aware(local: datetime, zone_name: str) -> datetime | None:
    """``local`` (a wall-clock time) in ``zone_name``, or None when that time does not exist
    there (it falls in the hour skipped when clocks go forward)."""
    zone = ZoneInfo(zone_name)
    candidate = local.replace(tzinfo=zone)
    round_trip = candidate.astimezone(ZoneInfo("UTC")).astimezone(zone)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return candidate


class MembershipDates:
    """A membership's end date, when given, is not before its start date."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))  # type: ignore[attr-defined]
        return data


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["name", "kind", "theme", "description", "open_joining", "update_grouping"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Optional: a form sent without it keeps the body's grouping (by constituency at first).
        self.fields["update_grouping"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("update_grouping"):
            data["update_grouping"] = self.instance.update_grouping or UpdateGrouping.CONSTITUENCY
        if data.get("kind") == BodyKind.LABORATORY and not data.get("theme"):
            self.add_error("theme", _("A coalition laboratory works on one priority area."))
        if data.get("kind") != BodyKind.LABORATORY and data.get("theme"):
            self.add_error("theme", _("Only a coalition laboratory has a priority area."))
        theme = data.get("theme")
        if theme and Body.objects.filter(theme=theme).exclude(pk=self.instance.pk).exists():
            self.add_error("theme", _("This priority area has a laboratory already."))
        return data


class MemberAddForm(MembershipDates, forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "We email an invitation to this address. The person joins once they accept it, "
            "with an account under this address (they can create one then)."
        ),
    )
    organisation_name = forms.CharField(
        label=_("Organisation represented"),
        max_length=200,
        required=False,
        help_text=_(
            "As you know it. When accepting, the person confirms which of their organisations "
            "on the portal this is. Leave empty if they represent none."
        ),
    )
    constituency = forms.ChoiceField(label=_("Constituency"), choices=Constituency.choices)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial="member")
    start_date = forms.DateField(label=_("Member since"), widget=DateInput())
    end_date = forms.DateField(label=_("Member until"), widget=DateInput(), required=False)


class MemberJoinForm(forms.Form):
    """The invited person says which of their own organisations they represent."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation you represent"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("None of my organisations"),
    )

    def __init__(self, *args: Any, user: User, organisation_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mine = Organisation.objects.filter(memberships__user=user).order_by("name")
        field = self.fields["organisation"]
        field.queryset = mine
        named = organisation_name.casefold()
        field.initial = next((o.pk for o in mine if named and o.name.casefold() == named), None)


def _own_organisations(user: User) -> Any:
    return Organisation.objects.filter(memberships__user=user).order_by("name")


class JoinAskForm(forms.Form):
    """A person asks to join a body: whom they represent, for which constituency, and why."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation you represent"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("None of my organisations"),
        to_field_name="slug",
    )
    constituency = forms.ChoiceField(
        label=_("Constituency"), choices=[("", "---------"), *Constituency.choices]
    )
    motivation = forms.CharField(
        label=_("Why you would like to join"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The secretariat reads it before deciding."),
    )

    def __init__(self, *args: Any, user: User, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _own_organisations(user)
        if body.open_joining:
            # Joining is immediate: nobody reads a motivation.
            del self.fields["motivation"]


class JoinApproveForm(MembershipDates, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial="member")
    start_date = forms.DateField(label=_("Member since"), widget=DateInput())
    end_date = forms.DateField(label=_("Member until"), widget=DateInput(), required=False)


class JoinDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent to the person by email."),
    )


class PublicRegistrationForm(forms.Form):
    """Someone who is not a member registers for a public meeting."""

    constituency = forms.ChoiceField(
        label=_("Constituency you represent"), choices=[("", "---------"), *Constituency.choices]
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Leave empty if you come in a personal capacity."),
    )


class MemberEditForm(MembershipDates, forms.ModelForm):
    class Meta:
        model = Member
        fields = ["organisation", "constituency", "role", "location", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user_id=self.instance.user_id
        )


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    starts = LocalDateTimeField(
        label=_("Starts (local time)"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=[sensible_year],
    )
    ends = LocalDateTimeField(
        label=_("Ends (local time)"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=[sensible_year],
    )
    time_zone = TimeZoneField(initial="Europe/Brussels", help_text=_("Where the meeting is held."))
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for no limit. Over capacity, members join a waiting list."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices[:2])
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    reminder_hours = ReminderField(initial=DEFAULT_HOURS)
    other_days = forms.IntegerField(
        label=_("Another reminder, days before"), min_value=0, max_value=60, required=False
    )
    other_hours = forms.IntegerField(
        label=_("Another reminder, hours before"), min_value=0, max_value=23, required=False
    )

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        return {
            "title": meeting.title,
            "description": meeting.description,
            "starts": meeting.local_starts_at.replace(tzinfo=None),
            "ends": meeting.local_ends_at.replace(tzinfo=None),
            "time_zone": meeting.time_zone,
            "place": meeting.place,
            "online_url": meeting.online_url,
            "capacity": meeting.capacity,
            "status": meeting.status,
            "visibility": meeting.visibility,
            "reminder_hours": [int(h) for h in meeting.reminder_hours or []],
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            other = other_reminder(data.get("other_days"), data.get("other_hours"))
        except forms.ValidationError as error:
            self.add_error("other_days", error)
        else:
            if other is not None and "reminder_hours" in data:
                data["reminder_hours"] = sorted({*data["reminder_hours"], other}, reverse=True)
        zone = data.get("time_zone")
        if not zone:
            return data
        for name in ("starts", "ends"):
            if data.get(name) is None:
                continue
            value = aware(data[name], zone)
            if value is None:
                self.add_error(
                    name, _("This time does not exist in that time zone: the clocks go forward.")
                )
            else:
                data[f"{name}_at"] = value
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The meeting must end after it starts."))
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give a place, an online link, or both."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "time_zone": data["time_zone"],
            "place": data["place"],
            "online_url": data["online_url"],
            "capacity": data["capacity"],
            "status": data["status"],
            "visibility": data["visibility"],
            "reminder_hours": data["reminder_hours"],
        }


class SeriesForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    first_date = forms.DateField(
        label=_("First meeting on"), widget=DateInput(), validators=[sensible_year]
    )
    start_time = forms.TimeField(label=_("Starts at (local time)"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=15, max_value=24 * 60, initial=120
    )
    time_zone = TimeZoneField(initial="Europe/Brussels")
    interval_months = forms.IntegerField(
        label=_("Every how many months"), min_value=1, max_value=12, initial=2
    )
    until = forms.DateField(
        label=_("Last meeting no later than"), widget=DateInput(), required=False
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, required=False)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("until") and data.get("first_date") and data["until"] < data["first_date"]:
            self.add_error("until", _("The last date must not be before the first."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["duration"] = timedelta(minutes=data.pop("duration_minutes"))
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    description = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=300)
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=None, required=False, empty_label=_("The whole meeting")
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class DocumentVersionForm(forms.Form):
    file = forms.FileField(label=_("New version"))
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)


class ConfirmFutureForm(forms.Form):
    """What the page that asks before a meeting dated in the future is held sends back."""

    confirm_future = forms.BooleanField(required=False, widget=forms.HiddenInput)


class AttendanceForm(ConfirmFutureForm):
    present = forms.TypedMultipleChoiceField(
        label=_("Who attended"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        members: list[Member | Registration],
        answers: dict[int, str],
        confirming: bool = False,
        **kwargs: Any,
    ) -> None:
        """``answers``: each member's registration status, shown beside their name (no
        answer reads "Not registered"). ``confirming``: the choices travel hidden through
        the page that asks before a meeting dated in the future is held."""
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        unanswered = RegistrationStatus.UNREGISTERED
        field.choices = [
            (
                m.user_id,
                f"{m.user.get_full_name()} – {m.get_constituency_display()} "
                f"({RegistrationStatus(answers.get(m.user_id, unanswered)).label})",
            )
            for m in members
        ]
        if confirming:
            field.widget = forms.MultipleHiddenInput()


class MinutesForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MinutesKind.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}))


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are the minutes reopened?"),
        max_length=300,
        help_text=_("Readers see this with the new revision."),
    )


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(
            forum_memberships__in=Member.objects.active().filter(body=body)
        ).order_by("name", "email")


class RecommendationForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea)
    raised_by = forms.ModelMultipleChoiceField(
        label=_("Raised by"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They receive the reasoned response by email."),
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["raised_by"].queryset = body.members.select_related("user", "organisation")
        self.fields["raised_by"].label_from_instance = lambda m: (
            f"{m.user.get_full_name()} – {m.get_constituency_display()}"
        )


class ReviewForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Review meeting"), queryset=None)
    status = forms.ChoiceField(
        label=_("Status after the review"), choices=RecommendationStatus.choices
    )
    note = forms.CharField(
        label=_("What the meeting concluded"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, recommendation: Recommendation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"status": recommendation.status})
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = recommendation.body.meetings.exclude(
            status=MeetingStatus.CANCELLED
        ).order_by("-starts_at")


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("Reasoned response"), widget=forms.Textarea)

    def __init__(self, *args: Any, recommendation: Recommendation, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"response": recommendation.response})
        super().__init__(*args, **kwargs)


class PreferencesForm(forms.Form):
    digest_frequency = forms.ChoiceField(
        label=_("Email digest"),
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        help_text=FORUM_DIGEST.wording,
    )
    time_zone = TimeZoneField(help_text=_("Times are shown, and digests sent, in this zone."))
    themes = forms.ModelMultipleChoiceField(
        label=_("Priority areas you follow"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class MeetingFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        method="filter_when",
        empty_label=_("Any time"),
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Body"), queryset=Body.objects.all(), empty_label=_("All bodies")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MeetingStatus.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Meeting
        fields = ["when", "body", "status"]

    def filter_when(self, queryset: Any, name: str, value: str) -> Any:
        if value == "upcoming":
            return queryset.upcoming()
        if value == "past":
            return queryset.past()
        return queryset


# --- Members' activity updates ---------------------------------------------------------------


class MemberUpdateForm(forms.Form):
    text = forms.CharField(
        label=_("Your update"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=UPDATE_MAX_LENGTH,
        help_text=_(
            "A few lines on your CSR-related activities since the last meeting: what was done, "
            "what is planned. You can change it until the deadline."
        ),
    )


class UpdatesDeadlineForm(forms.Form):
    due = LocalDateTimeField(
        label=_("Updates due by (the meeting's local time)"),
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        validators=[sensible_year],
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("due") is not None:
            value = aware(data["due"], self.meeting.time_zone)
            if value is None:
                self.add_error(
                    "due", _("This time does not exist in that time zone: the clocks go forward.")
                )
            else:
                data["due_at"] = value
        return data


class StandingItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, initial=UPDATES_ITEM_TITLE)
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    updates_days_before = forms.IntegerField(
        label=_("Written updates due, days before each meeting"),
        min_value=0,
        max_value=60,
        required=False,
        initial=3,
        help_text=_(
            "Members send a short written update through the portal until then, and are "
            "reminded two days before. Leave empty for an item without written updates."
        ),
    )
