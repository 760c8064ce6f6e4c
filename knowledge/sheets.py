"""Spreadsheets (CSV and XLSX) for the admin's practice import and export, beside JSON Lines.

A sheet has one practice a row, the record's keys as column headings (docs/knowledge.md); list
columns hold their keys separated by commas or semicolons. Each row is turned into the JSON
record it stands for and validated by the same ``record_parse`` as a line of JSON Lines, so
the errors, the preview and the rules are the import's own; an error names the sheet's row
(the heading is row 1).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

import tablib
from import_export.formats.base_formats import CSV, XLSX

from knowledge import services
from knowledge.resources import LINE, RAW, SHEET, JSONLines, ZipJSONLines

_SEPARATORS = re.compile(r"[,;]")
# What a spreadsheet application would run as a formula when it opens a CSV file.
_FORMULA_START = ("=", "+", "-", "@")


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _year(value: Any) -> Any:
    if isinstance(value, bool):
        return _text(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value).strip()
    return int(text) if text.isdigit() and len(text) < 6 else text


def _cell(key: str, value: Any) -> Any:
    if key in services.LIST_FIELDS:
        return [part.strip() for part in _SEPARATORS.split(_text(value)) if part.strip()]
    if key == "year":
        return _year(value)
    return _text(value)


def record_of(headers: list[str | None], values: Iterable[Any]) -> dict[str, Any]:
    """The JSON record one row stands for: empty cells are left out, as a missing key is."""
    record = {}
    for header, value in zip(headers, values, strict=False):
        if header is None or value is None or (isinstance(value, str) and not value.strip()):
            continue
        record[header] = _cell(header, value)
    return record


def _dataset(rows: Iterator[list[Any]]) -> tablib.Dataset:
    """The rows (headings first) as the dataset the resource reads from JSON Lines."""
    dataset = tablib.Dataset(headers=[*services.FIELDS, RAW, LINE])
    heading = next(rows, [])
    headers = [str(h).strip().lower() if h not in (None, "") else None for h in heading]
    for number, values in enumerate(rows, start=2):
        record = record_of(headers, values)
        if record:
            raw = json.dumps(record)
            dataset.append([*(record.get(key) for key in services.FIELDS), raw, number])
    dataset.title = SHEET
    return dataset


def _flat(dataset: tablib.Dataset) -> tuple[list[str], list[list[Any]]]:
    """The export's rows with lists as "a, b" and nothing as an empty cell."""
    # Attachments and links are lists of objects: JSON Lines carries them, a sheet does not.
    keys = [h for h in dataset.headers if h in services.BASE_FIELDS]
    rows = []
    for row in dataset:
        values = [row[dataset.headers.index(key)] for key in keys]
        rows.append(
            [", ".join(v) if isinstance(v, list) else "" if v is None else v for v in values]
        )
    return keys, rows


class SheetCSV(CSV):
    """CSV in UTF-8 (with or without the byte-order mark Excel writes), commas or semicolons."""

    def get_title(self) -> str:
        return "csv"

    def create_dataset(self, in_stream: str | bytes, **kwargs: Any) -> tablib.Dataset:
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode("utf-8-sig")
        in_stream = in_stream.removeprefix("\ufeff")
        first = in_stream.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(io.StringIO(in_stream, newline=""), delimiter=delimiter)
        return _dataset([_unescape(cell) for cell in row] for row in reader)

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> str:
        keys, rows = _flat(dataset)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(keys)
        writer.writerows([[_escape(cell) for cell in row] for row in rows])
        return out.getvalue()


def _escape(value: Any) -> Any:
    # Text that a spreadsheet would run as a formula gets a leading apostrophe, which the
    # import takes off again: the round trip keeps the text.
    if isinstance(value, str) and value.startswith(("'", *_FORMULA_START)):
        return "'" + value
    return value


def _unescape(value: str) -> str:
    return value[1:] if value.startswith("'") else value


class SheetXLSX(XLSX):
    """The first worksheet of an Excel workbook."""

    def get_title(self) -> str:
        return "xlsx"

    def create_dataset(self, in_stream: bytes, **kwargs: Any) -> tablib.Dataset:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            rows = (list(row) for row in book.active.iter_rows(values_only=True))
            return _dataset(rows)
        finally:
            book.close()

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        import openpyxl

        keys, rows = _flat(dataset)
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "practices"
        sheet.append(keys)
        for values in rows:
            sheet.append(values)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                # Text stays text: a title starting with "=" is never written as a formula.
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


FORMATS = [JSONLines, SheetCSV, SheetXLSX, ZipJSONLines]
