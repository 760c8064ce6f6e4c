"""Writes of the knowledge centre: publishing, submissions, import/export, saved searches and
their alerts. Views, admin actions, commands and tasks call these."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import uploads
from knowledge import search
from knowledge.bundles import ImportFiles
from knowledge.files import validate_attachment
from knowledge.models import (
    Attachment,
    Audience,
    Frequency,
    Language,
    Practice,
    PracticeLink,
    PracticeType,
    SavedSearch,
    Status,
)
from knowledge.search import upkeep
from notifications.consent import SAVED_SEARCH_ALERTS
from notifications.links import email_link, site_url
from notifications.services import consent_record, email_to_member
from pagecache import invalidates
from taxonomy.choices import Country
from taxonomy.models import Iso26000Subject, Sector, Theme

TOPIC_ALERTS = "knowledge.alerts"
TOPIC_SUBMISSIONS = "knowledge.submissions"


# --- Publishing and curation ------------------------------------------------------------------


@invalidates("knowledge")
def practice_set_status(*, practice: Practice, status: str, now: datetime | None = None) -> bool:
    """Move one practice to ``status``; returns whether it changed. Saves narrowly, with history."""
    if practice.status == status:
        return False
    fields = ["status", "updated_at"]
    practice.status = status
    if status == Status.PUBLISHED and practice.published_at is None:
        practice.published_at = now or timezone.now()
        fields.append("published_at")
    practice.save(update_fields=fields)
    return True


@transaction.atomic
@invalidates("knowledge")
def practices_publish(*, practices: Iterable[Practice]) -> int:
    """Publish; a submitter hears that their suggestion is online."""
    changed = 0
    for practice in practices:
        was_review = practice.status == Status.REVIEW
        if practice_set_status(practice=practice, status=Status.PUBLISHED):
            changed += 1
            if was_review and practice.submitted_by_id:
                _tell_submitter(practice=practice, kind="knowledge_submission_published")
    return changed


@transaction.atomic
@invalidates("knowledge")
def practices_archive(*, practices: Iterable[Practice]) -> int:
    return sum(
        practice_set_status(practice=practice, status=Status.ARCHIVED) for practice in practices
    )


@transaction.atomic
@invalidates("knowledge")
def submission_decline(*, practice: Practice, reason: str = "") -> bool:
    """Decline a suggestion in the review queue: it is archived and the submitter told why."""
    if practice.status != Status.REVIEW:
        return False
    practice_set_status(practice=practice, status=Status.ARCHIVED)
    if practice.submitted_by_id:
        _tell_submitter(
            practice=practice, kind="knowledge_submission_declined", extra={"reason": reason}
        )
    return True


def _tell_submitter(*, practice: Practice, kind: str, extra: dict | None = None) -> None:
    email_to_member(
        user=practice.submitted_by,
        topic=TOPIC_SUBMISSIONS,
        kind=kind,
        key=f"{kind}:{practice.pk}",
        context={
            "practice": practice,
            "practice_url": email_link(practice.get_absolute_url()),
            **(extra or {}),
        },
    )


# --- Attachments and submissions ------------------------------------------------------------


@invalidates("knowledge")
def attachment_add(
    *, practice: Practice, upload: UploadedFile, title: str = "", language: str = ""
) -> Attachment:
    """Keep an uploaded file with a practice, once ``validate_attachment`` accepts it."""
    kind = validate_attachment(upload)
    attachment = Attachment(
        practice=practice,
        uid=secrets.token_hex(12),
        original_name=uploads.safe_name(upload.name, extension=kind, default="attachment"),
        extension=kind,
        size=upload.size or 0,
        title=title.strip(),
        language=language,
        checksum=_checksum(upload),
    )
    attachment.file.save(f"upload.{kind}", upload, save=False)
    attachment.save()
    return attachment


def _checksum(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@invalidates("knowledge")
def attachment_update(*, attachment: Attachment, title: str, language: str) -> None:
    attachment.title, attachment.language = title.strip(), language
    attachment.save(update_fields=["title", "language"])


@invalidates("knowledge")
def attachment_delete(*, attachment: Attachment) -> None:
    """Delete the row, and its file once the deletion commits."""
    uploads.delete_after_commit([attachment.file])
    attachment.delete()


@transaction.atomic
def submission_create(
    *, user: Any, data: dict[str, Any], upload: UploadedFile | None = None
) -> Practice:
    """A signed-in user's suggestion; it waits in the review queue."""
    practice = Practice.objects.create(
        title=data["title"],
        summary=data["summary"],
        body=data.get("body", ""),
        type=data["type"],
        language=data["language"],
        year=data.get("year"),
        publisher=data.get("publisher", ""),
        url=data.get("url", ""),
        audience=list(data.get("audience") or []),
        countries=list(data.get("countries") or []),
        status=Status.REVIEW,
        submitted_by=user,
    )
    practice.themes.set(data.get("themes") or [])
    if upload is not None:
        attachment_add(practice=practice, upload=upload)
    return practice


# --- Import and export ----------------------------------------------------------------------

LIST_FIELDS = ("themes", "iso26000", "audience", "sectors", "countries")
# Lists of objects (issue 14): a record without the key leaves the practice's as they are.
FILE_FIELDS = ("attachments", "links")
# The keys of a practice's own row, in the order an export writes them.
BASE_FIELDS = [
    *("id", "title", "summary", "body", "type"),
    *LIST_FIELDS,
    *("language", "year", "publisher", "url", "status"),
]
# The keys of a record, in the order an export writes them.
FIELDS = [*BASE_FIELDS, *FILE_FIELDS]
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


class ImportRefused(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{len(report.errors)} invalid line(s); nothing was imported")
        self.report = report


def _vocabularies() -> dict[str, dict[str, Any]]:
    return {
        "themes": {t.slug: t for t in Theme.objects.all()},
        "iso26000": {s.slug: s for s in Iso26000Subject.objects.all()},
        "sectors": {s.code: s for s in Sector.objects.all()},
        "audience": {value: value for value in Audience.values},
        "countries": {value: value for value in Country.values},
    }


# Each text key: whether it is required and its longest length.
TEXTS = {
    "id": (True, 120),
    "title": (True, 250),
    "summary": (True, 1000),
    "body": (False, 50_000),
    "publisher": (False, 200),
    "url": (False, 200),
}
CHOICES = {"type": PracticeType.values, "language": Language.values, "status": Status.values}


def _text_error(key: str, value: Any, *, required: bool, limit: int) -> str | None:
    if not isinstance(value, str):
        return _("%s must be text") % key
    if "\x00" in value:
        return _("%s contains a NUL character") % key
    if _SURROGATE.search(value):
        # A JSON escape such as "\ud800" decodes to a lone surrogate, which no database can
        # store as UTF-8: saving it would fail.
        return _("%s contains an invalid Unicode character") % key
    if required and not value:
        return _("%s is required") % key
    if len(value) > limit:
        return _("%(key)s is longer than %(limit)s characters") % {"key": key, "limit": limit}
    return None


def _list_error(key: str, values: Any, known: dict[str, Any]) -> str | None:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        return _("%s must be a list of keys") % key
    bad = [v for v in values if v not in known]
    if bad:
        return _("%(key)s has unknown values: %(bad)s") % {"key": key, "bad": ", ".join(bad)}
    return None


def _is_year(value: Any) -> bool:
    return value is None or (
        isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100
    )


def _shape(record: dict[str, Any]) -> dict[str, Any]:
    """The record with its defaults: texts stripped (but the body), status published, lists
    sorted without repeats."""
    clean: dict[str, Any] = {}
    for key in TEXTS:
        value = record.get(key)
        value = "" if value is None else value
        clean[key] = value.strip() if isinstance(value, str) and key != "body" else value
    for key in CHOICES:
        clean[key] = record.get(key, Status.PUBLISHED if key == "status" else None)
    for key in LIST_FIELDS:
        values = record.get(key, [])
        keys = isinstance(values, list) and all(isinstance(v, str) for v in values)
        clean[key] = sorted(set(values)) if keys else values
    clean["year"] = record.get("year")
    for key in FILE_FIELDS:
        clean[key] = record.get(key)
    return clean


def _errors(
    record: dict[str, Any], clean: dict[str, Any], vocab: dict, files: ImportFiles | None = None
) -> list[str]:
    """What breaks the rules of docs/knowledge.md in a shaped record."""
    errors: list[str | None] = []
    unknown = sorted(set(record) - set(FIELDS))
    if unknown:
        errors.append(_("unknown keys: %s") % ", ".join(unknown))
    for key, (required, limit) in TEXTS.items():
        errors.append(_text_error(key, clean[key], required=required, limit=limit))
    if isinstance(clean["url"], str) and clean["url"]:
        try:
            URLValidator(schemes=["http", "https"])(clean["url"])
        except ValidationError:
            errors.append(_("url is not a web address"))
    for key, choices in CHOICES.items():
        if clean[key] not in choices:
            errors.append(
                _("%(key)s must be one of %(choices)s")
                % {"key": key, "choices": ", ".join(choices)}
            )
    errors += [_list_error(key, record.get(key, []), vocab[key]) for key in LIST_FIELDS]
    if not _is_year(clean["year"]):
        errors.append(_("year must be a whole number between 1900 and 2100, or null"))
    errors += _file_errors(clean, files if files is not None else ImportFiles())
    return [error for error in errors if error]


# --- Attachments and links in a record (issue 14) ---------------------------------------------

MAX_ENTRIES = 50
_ENTRY_KEYS = {
    "attachments": {"file", "url", "title", "language"},
    "links": {"url", "title", "language"},
}


def _entry_error(key: str, number: int, entry: Any) -> str | None:
    """What is wrong with one object of ``attachments`` or ``links``, or None. Normalises the
    entry in place (texts stripped, a missing title or language empty)."""
    where = f"{key} {number}"
    if not isinstance(entry, dict):
        return _("%(where)s: must be an object") % {"where": where}
    unknown = sorted(set(entry) - _ENTRY_KEYS[key])
    if unknown:
        return _("%(where)s: unknown keys: %(keys)s") % {"where": where, "keys": ", ".join(unknown)}
    for text_key in ("title", "language", "file", "url"):
        value = entry.get(text_key, "")
        if not isinstance(value, str) or "\x00" in value or _SURROGATE.search(value):
            return _("%(where)s: %(field)s must be text") % {"where": where, "field": text_key}
        if text_key in entry or text_key in ("title", "language"):
            entry[text_key] = value.strip()
    if len(entry["title"]) > 200:
        return _("%(where)s: the title is longer than 200 characters") % {"where": where}
    if entry["language"] and entry["language"] not in Language.values:
        return _("%(where)s: language must be one of %(choices)s") % {
            "where": where,
            "choices": ", ".join(Language.values),
        }
    if key == "links" and not entry["title"]:
        return _("%(where)s: a link needs a title") % {"where": where}
    if key == "attachments" and ("file" in entry) == ("url" in entry):
        return _("%(where)s: give either file or url") % {"where": where}
    if "url" in entry:
        try:
            URLValidator(schemes=["http", "https"])(entry["url"])
        except ValidationError:
            return _("%(where)s: url is not a web address") % {"where": where}
        if len(entry["url"]) > 500:
            return _("%(where)s: url is longer than 500 characters") % {"where": where}
    return None


def _file_errors(clean: dict[str, Any], files: ImportFiles) -> list[str]:
    """Checks ``attachments`` and ``links``; an attachment's file is read from the zip (or
    fetched, if allowed) and checked like an upload, so a bad file fails its line."""
    errors: list[str] = []
    for key in FILE_FIELDS:
        entries = clean[key]
        if entries is None:
            continue
        if not isinstance(entries, list):
            errors.append(_("%s must be a list of objects") % key)
            continue
        if len(entries) > MAX_ENTRIES:
            errors.append(
                _("%(key)s has more than %(limit)s entries") % {"key": key, "limit": MAX_ENTRIES}
            )
            continue
        for number, entry in enumerate(entries, start=1):
            error = _entry_error(key, number, entry)
            if error is None and key == "attachments":
                error = _attachment_source_error(number, entry, files, clean["id"])
            if error:
                errors.append(error)
    return errors


def _attachment_source_error(
    number: int, entry: dict[str, str], files: ImportFiles, source_id: Any
) -> str | None:
    try:
        if "file" in entry:
            files.member(entry["file"])
        elif files.fetch:
            # The download address of a file this portal holds is recognised, not fetched
            # (export → import), if it belongs to the record's practice; else it is fetched.
            uid = _own_attachment_uid(entry["url"])
            own = uid and Attachment.objects.filter(uid=uid, practice__source_id=source_id)
            if not (own and own.exists()):
                files.download(entry["url"])
    except ValidationError as error:
        return _("attachments %(number)s: %(message)s") % {
            "number": number,
            "message": error.messages[0],
        }
    return None


_OWN_ATTACHMENT = re.compile(r"^/knowledge/attachments/([0-9a-f]{24})/$")


def _own_attachment_uid(url: str) -> str | None:
    """The uid when ``url`` is the download address of one of this portal's attachments (as an
    export without files writes it)."""
    found = _OWN_ATTACHMENT.match(urlsplit(url).path)
    return found.group(1) if found else None


def record_parse(
    line: str, vocab: dict[str, dict[str, Any]], files: ImportFiles | None = None
) -> tuple[dict, list[str]]:
    """One line of JSON Lines as a clean record, and what is wrong with it. ``files``: where
    its attachments come from (a zip's members, fetched addresses)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return {}, [_("not valid JSON (%s)") % exc.msg]
    except (ValueError, RecursionError):
        # Nested too deeply, or a number with more digits than Python converts.
        return {}, [_("not valid JSON (%s)") % _("too deeply nested or too long")]
    if not isinstance(record, dict):
        return {}, [_("a line must hold one JSON object")]
    clean = _shape(record)
    return clean, _errors(record, clean, vocab, files)


def parse_lines(
    lines: Iterable[str], files: ImportFiles | None = None
) -> Iterator[tuple[int, dict, list[str]]]:
    vocab = _vocabularies()
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, *record_parse(line, vocab, files)


def _apply(clean: dict, vocab: dict[str, dict[str, Any]], now: datetime, files: ImportFiles) -> str:
    practice = Practice.objects.filter(source_id=clean["id"]).first()
    created = practice is None
    if created:
        practice = Practice(source_id=clean["id"])
    elif _base_record(practice) == {k: clean[k] for k in BASE_FIELDS}:
        changed = practice_files_apply(practice=practice, clean=clean, files=files)
        return "updated" if changed else "unchanged"
    practice_row_apply(practice=practice, clean=clean, vocab=vocab, now=now)
    practice_files_apply(practice=practice, clean=clean, files=files)
    return "created" if created else "updated"


def practice_row_apply(
    *, practice: Practice, clean: dict, vocab: dict[str, dict[str, Any]], now: datetime
) -> None:
    for key in ("title", "summary", "body", "type", "language", "year", "publisher", "url"):
        setattr(practice, key, clean[key])
    practice.audience = clean["audience"]
    practice.countries = clean["countries"]
    practice.status = clean["status"]
    if practice.status == Status.PUBLISHED and practice.published_at is None:
        practice.published_at = now
    practice.save()
    practice.themes.set([vocab["themes"][s] for s in clean["themes"]])
    practice.iso26000.set([vocab["iso26000"][s] for s in clean["iso26000"]])
    practice.sectors.set([vocab["sectors"][s] for s in clean["sectors"]])


@dataclass
class FilesPlan:
    """What ``practice_files_apply`` changes for one record."""

    add: list[tuple[UploadedFile, dict[str, str]]] = field(default_factory=list)
    update: list[tuple[Attachment, dict[str, str]]] = field(default_factory=list)
    delete: list[Attachment] = field(default_factory=list)
    links: list[dict[str, str]] | None = None  # the new links, if they change

    def __bool__(self) -> bool:
        return bool(self.add or self.update or self.delete or self.links is not None)


def practice_files_plan(*, practice: Practice, clean: dict, files: ImportFiles) -> FilesPlan:
    """How the practice's attachments and links become those of a validated record; a key the
    record leaves out leaves them as they are. A file the practice already holds (the same
    content, or its own download address) is kept, not stored again. Addresses given as
    attachments become links unless the import may fetch them. Writes nothing."""
    plan = FilesPlan()
    new_links: list[dict[str, str]] = []
    if clean["attachments"] is not None and practice.pk is not None:
        current = list(practice.attachments.all())
    else:
        current = []
    if clean["attachments"] is not None:
        by_checksum = {a.checksum: a for a in current if a.checksum}
        by_uid = {a.uid: a for a in current}
        kept: set[int] = set()
        for entry in clean["attachments"]:
            uid = _own_attachment_uid(entry["url"]) if "url" in entry else None
            attachment: Attachment | None
            if uid in by_uid:
                attachment = by_uid[uid]
            elif "url" in entry and not files.fetch:
                new_links.append({k: entry[k] for k in ("title", "url", "language")})
                continue
            else:
                upload = (
                    files.member(entry["file"]) if "file" in entry else files.download(entry["url"])
                )
                attachment = by_checksum.get(_checksum(upload))
                if attachment is None or attachment.pk in kept:
                    plan.add.append((upload, entry))
                    continue
            kept.add(attachment.pk)
            if (attachment.title, attachment.language) != (entry["title"], entry["language"]):
                plan.update.append((attachment, entry))
        plan.delete = [a for a in current if a.pk not in kept]
    if clean["links"] is not None or new_links:
        have = _links_of(practice) if practice.pk is not None else []
        wanted = [
            {k: entry[k] for k in ("title", "url", "language")}
            for entry in (clean["links"] if clean["links"] is not None else have)
        ]
        wanted += [link for link in new_links if link not in wanted]
        if have != wanted:
            plan.links = wanted
    return plan


def practice_files_apply(*, practice: Practice, clean: dict, files: ImportFiles) -> bool:
    """Carry out ``practice_files_plan``; returns whether anything changed."""
    plan = practice_files_plan(practice=practice, clean=clean, files=files)
    for attachment in plan.delete:
        attachment_delete(attachment=attachment)
    for attachment, entry in plan.update:
        attachment_update(attachment=attachment, title=entry["title"], language=entry["language"])
    for upload, entry in plan.add:
        attachment_add(
            practice=practice, upload=upload, title=entry["title"], language=entry["language"]
        )
    if plan.links is not None:
        practice.links.all().delete()
        PracticeLink.objects.bulk_create(
            PracticeLink(practice=practice, position=position, **link)
            for position, link in enumerate(plan.links)
        )
    return bool(plan)


def _links_of(practice: Practice) -> list[dict[str, str]]:
    return [
        {"title": link.title, "url": link.url, "language": link.language}
        for link in practice.links.all()
    ]


@invalidates("knowledge")
def practices_import(
    *,
    lines: Iterable[str],
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
    files: ImportFiles | None = None,
) -> ImportReport:
    """Import JSON Lines (docs/knowledge.md). Every line is validated first; with any error,
    nothing is written unless ``skip_invalid``. Re-importing an ``id`` updates that practice.
    ``files``: the zip the lines came in, whose members the records' attachments name."""
    files = files if files is not None else ImportFiles()
    report = ImportReport()
    valid: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for number, clean, errors in parse_lines(lines, files):
        if not errors and clean["id"] in seen:
            errors = [
                _("id %(id)s repeats line %(line)s")
                % {"id": clean["id"], "line": seen[clean["id"]]}
            ]
        if errors:
            report.errors.extend((number, message) for message in errors)
            report.skipped += 1
        else:
            seen[clean["id"]] = number
            valid.append((number, clean))
    if report.errors and not skip_invalid:
        raise ImportRefused(report)
    vocab = _vocabularies()
    now = timezone.now()
    with transaction.atomic():
        for done, (_number, clean) in enumerate(valid, start=1):
            outcome = _apply(clean, vocab, now, files)
            setattr(report, outcome, getattr(report, outcome) + 1)
            if progress:
                progress(done)
    return report


def export_record(practice: Practice, *, files_in_zip: bool = False) -> dict[str, Any]:
    """One practice as an import record (the lists in a fixed order, so exports compare).
    Attachments are the zip's members (``files_in_zip``), else their download addresses."""
    return {
        **_base_record(practice),
        "attachments": attachments_record(practice, files_in_zip=files_in_zip),
        "links": _links_of(practice),
    }


def attachments_record(practice: Practice, *, files_in_zip: bool = False) -> list[dict[str, str]]:
    return [
        {
            **(
                {"file": _member_name(a)}
                if files_in_zip
                else {"url": site_url() + a.get_absolute_url()}
            ),
            "title": a.title,
            "language": a.language,
        }
        for a in practice.attachments.all()
    ]


def links_record(practice: Practice) -> list[dict[str, str]]:
    return _links_of(practice)


def _member_name(attachment: Attachment) -> str:
    return f"attachments/{attachment.uid}.{attachment.extension}"


def _base_record(practice: Practice) -> dict[str, Any]:
    lists = {
        "themes": [t.slug for t in practice.themes.all()],
        "iso26000": [s.slug for s in practice.iso26000.all()],
        "audience": practice.audience,
        "sectors": [s.code for s in practice.sectors.all()],
        "countries": practice.countries,
    }
    record = {key: getattr(practice, key, None) for key in BASE_FIELDS}
    return {**record, "id": practice.source_id, **{k: sorted(v) for k, v in lists.items()}}


def _export_queryset(queryset=None):
    queryset = (queryset if queryset is not None else Practice.objects.all()).order_by("source_id")
    return queryset.prefetch_related("themes", "iso26000", "sectors", "attachments", "links")


def practices_export(*, queryset=None) -> Iterator[str]:
    """JSON Lines; attachments as their download addresses on ``SITE_URL``."""
    for practice in _export_queryset(queryset):
        yield json.dumps(export_record(practice), ensure_ascii=False, sort_keys=False) + "\n"


def practices_export_zip(*, out: IO[bytes], queryset=None) -> int:
    """A zip an import takes back: ``practices.jsonl`` and each attachment as a member
    ``attachments/<uid>.<kind>``. Returns the number of practices."""
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        lines = []
        for practice in _export_queryset(queryset):
            count += 1
            record = export_record(practice, files_in_zip=True)
            lines.append(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
            for attachment in practice.attachments.all():
                with attachment.file.open("rb") as stored:
                    archive.writestr(_member_name(attachment), stored.read())
        archive.writestr("practices.jsonl", "".join(lines))
    return count


# --- Saved searches and alerts --------------------------------------------------------------


def saved_search_create(*, user: Any, name: str, query: str, frequency: str) -> SavedSearch:
    params = search.Params.parse(QueryDict(query))
    with transaction.atomic():
        saved = SavedSearch.objects.create(
            user=user,
            name=name.strip() or (params.q or _("My search")),
            query=params.querystring(),
            frequency=frequency,
            # The first alert covers what is published from now on, in the next day or week.
            last_alert_at=timezone.now(),
        )
        _alerts_consent(saved, given=True)
    return saved


@transaction.atomic
def saved_search_delete(*, saved_search: SavedSearch) -> None:
    _alerts_consent(saved_search, given=False)
    saved_search.delete()


def _alerts_consent(saved_search: SavedSearch, *, given: bool) -> None:
    """Record that the owner agreed to (or withdrew from) the saved search's alerts."""
    consent_record(
        user_id=saved_search.user_id,
        purpose=TOPIC_ALERTS,
        text=SAVED_SEARCH_ALERTS,
        given=given,
        source="saved-search",
        reference=f"saved-search:{saved_search.pk}",
    )


def alert_period(frequency: str, moment: datetime) -> str:
    day = timezone.localdate(moment)
    if frequency == Frequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def alerts_send(*, now: datetime | None = None) -> int:
    """Once per saved search and period (day or ISO week): email the practices published since
    the last check, if any. The claim is a conditional update, so two runs never both send."""
    now = now or timezone.now()
    queued = 0
    for saved in SavedSearch.objects.select_related("user").order_by("pk"):
        last = saved.last_alert_at
        if last and alert_period(saved.frequency, last) == alert_period(saved.frequency, now):
            continue
        with transaction.atomic():
            claimed = SavedSearch.objects.filter(pk=saved.pk, last_alert_at=last).update(
                last_alert_at=now
            )
            if not claimed:
                continue
            since = last or saved.created_at
            params = search.Params.parse(QueryDict(saved.query))
            matches = search.new_matches(params, since=since, language=saved.user.language)
            if not matches:
                continue
            row = email_to_member(
                user=saved.user,
                topic=TOPIC_ALERTS,
                kind="knowledge_alert",
                key=f"knowledge.alert:{saved.pk}:{alert_period(saved.frequency, now)}",
                context={
                    "saved_search": saved,
                    "practices": [(p, email_link(p.get_absolute_url())) for p in matches[:20]],
                    "more": max(0, len(matches) - 20),
                    "search_url": email_link(saved.get_absolute_url()),
                    "manage_url": email_link(reverse("knowledge:saved")),
                },
            )
            queued += row is not None
    return queued


# --- Search upkeep --------------------------------------------------------------------------


@transaction.atomic
def search_vocabulary_rebuild() -> int:
    """Recount the "did you mean" vocabulary from the titles and summaries published now.

    A trigger adds the words of each practice as it is published (migration 0002_search); this also
    drops the words of practices withdrawn since and refreshes the counts that order equally
    close suggestions; the words of facet labels and synonyms are added back. PostgreSQL only
    (SQLite reads its vocabulary from its full text index); returns the
    number of words."""
    if not search.is_postgres():
        return 0
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM knowledge_searchword")
        cursor.execute(
            """INSERT INTO knowledge_searchword (word, ndoc)
               SELECT word, ndoc FROM ts_stat($$SELECT to_tsvector('knowledge_simple'::regconfig,
                 title || ' ' || summary) FROM knowledge_practice WHERE status = 'published'$$)
               WHERE length(word) BETWEEN 3 AND 40"""
        )
        count = cursor.rowcount
    # The words of the facet labels and synonyms stay suggestible.
    upkeep.add_vocabulary_extras()
    return count
