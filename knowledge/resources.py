"""django-import-export for the admin: the same JSON Lines format and the same validation as
``import_practices`` (knowledge.services), with import-export's preview and confirmation."""

from __future__ import annotations

import io
import json
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import Format

from knowledge import services
from knowledge.bundles import ImportFiles, open_bundle
from knowledge.models import Practice, Status
from taxonomy.models import Iso26000Subject, Sector, Theme

RAW = "__raw__"
LINE = "__line__"
# The title of a dataset read from a spreadsheet (knowledge.sheets): its errors name rows.
SHEET = "sheet"


class JSONLines(Format):
    """One JSON object per line. Each row keeps its file line and raw text, so the resource
    validates exactly what the command validates and names the line."""

    def __init__(self, encoding: str | None = None) -> None:
        self.encoding = encoding

    def get_title(self) -> str:
        return "jsonl"

    def get_extension(self) -> str:
        return "jsonl"

    def get_content_type(self) -> str:
        return "application/jsonl"

    def is_binary(self) -> bool:
        return False

    def get_read_mode(self) -> str:
        return "r"

    def can_import(self) -> bool:
        return True

    def can_export(self) -> bool:
        return True

    def create_dataset(self, in_stream: str | bytes, **kwargs: Any) -> tablib.Dataset:
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode("utf-8-sig")
        return lines_dataset(in_stream.splitlines())

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> str:
        keys = [h for h in dataset.headers if h in services.FIELDS]
        return "".join(
            json.dumps({key: row[dataset.headers.index(key)] for key in keys}, ensure_ascii=False)
            + "\n"
            for row in dataset
        )


def lines_dataset(lines: list[str]) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=[*services.FIELDS, RAW, LINE])
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            # Not JSON, nested too deeply or a number too long: before_import_row says so.
            record = {}
        record = record if isinstance(record, dict) and _encodable(record) else {}
        dataset.append([*(record.get(key) for key in services.FIELDS), line, number])
    return dataset


class ZipJSONLines(JSONLines):
    """A zip holding one JSON Lines file and the files its records' ``attachments`` name
    (issue 14). Import only: the export of files is the command's (``export_practices x.zip``)."""

    def get_title(self) -> str:
        return "zip"

    def get_extension(self) -> str:
        return "zip"

    def get_content_type(self) -> str:
        return "application/zip"

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def can_export(self) -> bool:
        return False

    def create_dataset(self, in_stream: str | bytes, **kwargs: Any) -> tablib.Dataset:
        data = in_stream if isinstance(in_stream, bytes) else in_stream.encode()
        lines, files = open_bundle(io.BytesIO(data))
        dataset = lines_dataset(lines)
        # The resource reads the members the records name (PracticeResource.before_import).
        dataset.knowledge_files = files
        return dataset


def _encodable(record: dict) -> bool:
    """False when a value holds a lone surrogate (a "\\ud800" escape): the preview shows the
    row's values, and a page with one cannot be encoded. The raw line keeps the escape, and
    before_import_row reports it."""
    try:
        json.dumps(record, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return False
    return True


class SlugsWidget(widgets.ManyToManyWidget):
    """A JSON list of slugs (or NACE codes) ↔ a many-to-many relation."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any):
        return self.model.objects.filter(**{f"{self.field}__in": list(value or [])})

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> list[str]:
        return sorted(getattr(item, self.field) for item in value.all()) if value else []


class ListWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[str]:
        return sorted(set(value or []))

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> list[str]:
        return sorted(value or [])


class ValueWidget(widgets.Widget):
    """Keeps JSON values as they are (text, numbers, null) in both directions."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        return "" if value is None else value

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value


class YearWidget(ValueWidget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        return value


def _field(name: str, attribute: str | None = None, widget: Any = None) -> fields.Field:
    return fields.Field(
        attribute=attribute or name, column_name=name, widget=widget or ValueWidget()
    )


class PracticeResource(resources.ModelResource):
    id = _field("id", "source_id")
    title = _field("title")
    summary = _field("summary")
    body = _field("body")
    type = _field("type")
    themes = _field("themes", widget=SlugsWidget(Theme, field="slug"))
    iso26000 = _field("iso26000", widget=SlugsWidget(Iso26000Subject, field="slug"))
    audience = _field("audience", widget=ListWidget())
    sectors = _field("sectors", widget=SlugsWidget(Sector, field="code"))
    countries = _field("countries", widget=ListWidget())
    language = _field("language")
    year = _field("year", widget=YearWidget())
    publisher = _field("publisher")
    url = _field("url")
    status = _field("status")
    # Written on export; on import they are applied by after_save_instance, not as columns.
    attachments = fields.Field(column_name="attachments", readonly=True, widget=ValueWidget())
    links = fields.Field(column_name="links", readonly=True, widget=ValueWidget())

    class Meta:
        model = Practice
        fields = services.FIELDS
        export_order = services.FIELDS
        import_id_fields = ["id"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def before_import(self, dataset: tablib.Dataset, **kwargs: Any) -> None:
        self._vocabularies = services._vocabularies()
        self._sheet = dataset.title == SHEET
        self._seen: dict[str, int] = {}
        self._files = getattr(dataset, "knowledge_files", None) or ImportFiles()
        self._clean: dict[str, dict] = {}

    def dehydrate_attachments(self, practice: Practice) -> list[dict[str, str]]:
        return services.attachments_record(practice)

    def dehydrate_links(self, practice: Practice) -> list[dict[str, str]]:
        return services.links_record(practice)

    def skip_row(
        self, instance: Practice, original: Practice, row: Any, import_validation_errors=None
    ) -> bool:
        clean = self._clean.get(row.get("id"))
        if clean is not None and services.practice_files_plan(
            practice=original, clean=clean, files=self._files
        ):
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance: Practice, row: Any, **kwargs: Any) -> None:
        # The preview writes no files: they would outlive its rolled-back transaction.
        clean = self._clean.get(row.get("id"))
        if clean is not None and not kwargs.get("dry_run"):
            services.practice_files_apply(practice=instance, clean=clean, files=self._files)

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        line = row.get(LINE) or kwargs.get("row_number")
        errors = []
        if RAW in row:
            clean, errors = services.record_parse(row[RAW], self._vocabularies, self._files)
            if not errors and clean["id"] in self._seen:
                errors = [
                    _("id %(id)s repeats line %(line)s")
                    % {"id": clean["id"], "line": self._seen[clean["id"]]}
                ]
            if not errors:
                self._seen[clean["id"]] = line
                self._clean[clean["id"]] = clean
                # The same defaults and normalisation as the command.
                for key in services.FIELDS:
                    row[key] = clean[key]
        if errors:
            where = (
                _("row %(line)s: %(message)s") if self._sheet else _("line %(line)s: %(message)s")
            )
            raise ValidationError([where % {"line": line, "message": m} for m in errors])

    def before_save_instance(self, instance: Practice, row: Any, **kwargs: Any) -> None:
        if instance.status == Status.PUBLISHED and instance.published_at is None:
            instance.published_at = timezone.now()
