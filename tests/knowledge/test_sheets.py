"""Spreadsheet import and export in the admin (knowledge/sheets.py): CSV and XLSX beside JSON
Lines, validated row by row with the same rules, previewed, written only when confirmed."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from knowledge import services
from knowledge.models import Practice
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

IMPORT = "/admin/knowledge/practice/import/"
CONFIRM = "/admin/knowledge/practice/process_import/"
CSV, XLSX = "1", "2"
HEADINGS = ["id", "title", "summary", "type", "themes", "audience", "countries", "language", "year"]
GOOD = ["sheet-1", "A good practice", "What it is.", "guide", "eco-efficiency", "sme", "BE, NL"]
GOOD += ["en", 2024]


def _xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _post(client, name: str, content: bytes, fmt: str):
    upload = SimpleUploadedFile(name, content)
    return client.post(IMPORT, {"import_file": upload, "format": fmt, "resource": "0"})


def test_an_xlsx_file_is_previewed_then_written_when_confirmed(staff):
    client = client_for(staff)
    second = ["sheet-2", "Another", "Summary", "checklist", "", "", "", "fr", None]

    preview = _post(client, "practices.xlsx", _xlsx([HEADINGS, GOOD, [], second]), XLSX)

    assert preview.status_code == 200, preview.content.decode()[:1000]
    assert not Practice.objects.exists()  # the preview writes nothing
    client.post(CONFIRM, preview.context["confirm_form"].initial)
    practice = Practice.objects.get(source_id="sheet-1")
    assert practice.countries == ["BE", "NL"] and practice.audience == ["sme"]
    assert practice.year == 2024 and list(practice.themes.values_list("slug", flat=True)) == [
        "eco-efficiency"
    ]
    assert Practice.objects.get(source_id="sheet-2").language == "fr"


def test_bad_xlsx_rows_are_named_by_row_and_nothing_can_be_confirmed(staff):
    rows = [
        HEADINGS,
        GOOD,
        ["sheet-2", "Title", "Summary", "poem", "", "", "", "en", 2024],
        ["sheet-3", "", "Summary", "guide", "no-such-theme", "", "QQ", "en", "soon"],
        GOOD,
    ]

    response = _post(client_for(staff), "bad.xlsx", _xlsx(rows), XLSX)
    html = response.content.decode()

    assert response.status_code == 200
    assert "row 3: type must be one of" in html
    assert "row 4: title is required" in html
    assert "row 4: themes has unknown values: no-such-theme" in html
    assert "row 4: countries has unknown values: QQ" in html
    assert "row 4: year must be a whole number" in html
    assert "row 5: id sheet-1 repeats line 2" in html
    assert response.context.get("confirm_form") is None
    assert not Practice.objects.exists()


def test_a_csv_file_from_a_spreadsheet_with_semicolons_and_a_bom(staff):
    client = client_for(staff)
    text = "\ufeffid;title;summary;type;countries;language\nc-1;Title;Summary;guide;BE, FR;de\n"

    preview = _post(client, "practices.csv", text.encode(), CSV)
    client.post(CONFIRM, preview.context["confirm_form"].initial)

    practice = Practice.objects.get(source_id="c-1")
    assert (practice.language, practice.countries) == ("de", ["BE", "FR"])


def test_bad_csv_rows_are_named_and_nothing_is_written(staff):
    text = "id,title,summary,type,language,colour\nc-1,T,S,guide,en,\nc-2,T,S,guide,xx,red\n"

    response = _post(client_for(staff), "bad.csv", text.encode(), CSV)
    html = response.content.decode()

    assert "row 3: unknown keys: colour" in html
    assert "row 3: language must be one of" in html
    assert response.context.get("confirm_form") is None
    assert not Practice.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "fmt", "message"),
    [
        ("fake.xlsx", b"id,title\n", XLSX, "This is not an Excel (XLSX) file."),
        ("fake.csv", b"PK\x03\x04\x00\x00binary", CSV, "This is not a CSV file"),
    ],
)
def test_a_file_that_is_not_of_the_chosen_format_is_refused(staff, name, content, fmt, message):
    response = _post(client_for(staff), name, content, fmt)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context.get("confirm_form") is None


def test_a_broken_workbook_is_an_error_on_the_form_not_a_server_error(staff):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not a workbook")
    client = client_for(staff)
    client.raise_request_exception = False

    response = _post(client, "broken.xlsx", out.getvalue(), XLSX)

    assert response.status_code == 200
    assert "while trying to read file" in response.content.decode()
    assert response.context.get("confirm_form") is None


def test_the_import_page_says_what_a_spreadsheet_holds(staff):
    html = client_for(staff).get(IMPORT).content.decode()

    assert "CSV or XLSX spreadsheet whose first row names the columns" in html


def _export(client, fmt: str) -> bytes:
    fields = {f"practiceresource_{name}": "on" for name in services.FIELDS}
    response = client.post(
        "/admin/knowledge/practice/export/", {"format": fmt, "resource": "0", **fields}
    )
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize(("fmt", "name"), [(CSV, "p.csv"), (XLSX, "p.xlsx")])
def test_export_then_import_changes_nothing(staff, fmt, name):
    client = client_for(staff)
    services.practices_import(
        lines=[
            '{"id": "x-1", "title": "=1+1 is a formula", "summary": "- a list", "type": "guide",'
            ' "language": "en", "themes": ["eco-efficiency"], "countries": ["BE", "NL"],'
            ' "year": 2023}',
            '{"id": "x-2", "title": "Plain", "summary": "S", "type": "checklist",'
            ' "language": "nl"}',
        ]
    )
    before = "".join(services.practices_export())

    exported = _export(client, fmt)
    preview = _post(client, name, exported, fmt)
    client.post(CONFIRM, preview.context["confirm_form"].initial)

    assert "".join(services.practices_export()) == before
    if fmt == XLSX:
        sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
        assert sheet["B2"].value == "=1+1 is a formula" and sheet["B2"].data_type == "s"
    else:
        assert "'=1+1 is a formula" in exported.decode()
