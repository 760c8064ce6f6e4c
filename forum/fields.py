"""Form fields of the forum that carry some knowledge: the time-zone picker and reminders
chosen in weeks, days and hours (stored, as before, as whole hours before the start)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from forum import zones

MAX_REMINDER_HOURS = 60 * 24
PRESET_HOURS = (168, 48, 24, 2, 1)
DEFAULT_HOURS = [168, 24]


class _KeepsCurrent:
    """Shows a stored value the choices no longer offer (an old zone, a reminder time typed in
    before the presets), so saving the form unchanged keeps it instead of picking another."""

    def extra_label(self, value: str) -> str | None:
        raise NotImplementedError

    def optgroups(self, name: str, value: list[str], attrs: Any = None) -> list[Any]:
        groups = super().optgroups(name, value, attrs)  # type: ignore[misc]
        shown = {str(option["value"]) for _name, options, _index in groups for option in options}
        for missing in [v for v in value if v not in shown]:
            label = self.extra_label(missing)
            if label is not None:
                option = self.create_option(name, missing, label, True, len(groups), attrs=attrs)  # type: ignore[attr-defined]
                groups.append((None, [option], len(groups)))
        return groups


def _zone_label(name: str) -> str:
    return name.replace("_", " ")


class ZoneSelect(_KeepsCurrent, forms.Select):
    def extra_label(self, value: str) -> str | None:
        return _zone_label(value) if zones.is_zone(value) else None


def zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    known = zones.zones()
    return [
        (_("Common time zones"), [(name, _zone_label(name)) for name in known.common]),
        (_("Other time zones"), [(name, _zone_label(name)) for name in known.other]),
    ]


class TimeZoneField(forms.ChoiceField):
    """Common zones first (the portal's countries and a few world ones), then the others; an
    alias (``Europe/Kiev``) stands for the zone it links to, any other real zone name stays."""

    widget = ZoneSelect

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Time zone"))
        super().__init__(choices=zone_choices, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return zones.canonical(value) if isinstance(value, str) else value

    def to_python(self, value: Any) -> str:
        return zones.canonical(super().to_python(value))

    def valid_value(self, value: Any) -> bool:
        return super().valid_value(value) or zones.is_zone(value)


def reminder_label(hours: int) -> str:
    """ "1 week before", "2 days before", "1 day and 6 hours before", "2 hours before"."""
    days, rest = divmod(hours, 24)
    if rest == 0 and days % 7 == 0:
        count = days // 7
        duration = ngettext("%(count)d week", "%(count)d weeks", count) % {"count": count}
    elif rest == 0:
        duration = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    else:
        duration = ngettext("%(count)d hour", "%(count)d hours", rest) % {"count": rest}
        if days:
            day_text = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
            duration = _("%(days)s and %(hours)s") % {"days": day_text, "hours": duration}
    return _("%(duration)s before") % {"duration": duration}


def _reminder_value(value: str) -> int | None:
    return int(value) if value.isdigit() and 1 <= int(value) <= MAX_REMINDER_HOURS else None


class ReminderSelect(_KeepsCurrent, forms.CheckboxSelectMultiple):
    def extra_label(self, value: str) -> str | None:
        hours = _reminder_value(value)
        return reminder_label(hours) if hours is not None else None


class ReminderField(forms.TypedMultipleChoiceField):
    """Ticked among common times; a time stored earlier that is not one of them stays ticked."""

    widget = ReminderSelect

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Reminders"))
        super().__init__(
            choices=lambda: [(hours, reminder_label(hours)) for hours in PRESET_HOURS],
            coerce=int,
            required=False,
            **kwargs,
        )

    def valid_value(self, value: Any) -> bool:
        return _reminder_value(str(value)) is not None

    def clean(self, value: Any) -> list[int]:
        return sorted(set(super().clean(value)), reverse=True)


def other_reminder(days: int | None, hours: int | None) -> int | None:
    """The hours of the reminder given as days and hours, None when neither is given."""
    if days is None and hours is None:
        return None
    total = (days or 0) * 24 + (hours or 0)
    if not 1 <= total <= MAX_REMINDER_HOURS:
        raise forms.ValidationError(
            _("A reminder must be between 1 hour and 60 days before the start.")
        )
    return total
