"""The demo ships the instruments its practices promise (issue 14): seed_demo stores the carbon
footprint calculator as a workbook whose results are formulas, and the checklists, exercises
and worksheets as printable PDFs, as attachments of their practices."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from knowledge import demo
from knowledge.demo_files import FILES, FONT
from knowledge.models import Attachment, Practice, PracticeType

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db, settings, tmp_path) -> dict[str, Attachment]:
    settings.MEDIA_ROOT = tmp_path
    demo.seed()
    return {a.practice.source_id: a for a in Attachment.objects.select_related("practice")}


def _read(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as stored:
        return stored.read()


def test_the_footprint_calculator_is_a_workbook_with_working_formulas(seeded):
    attachment = seeded["demo-en-17"]
    assert attachment.extension == "xlsx" and attachment.language == "en"

    book = load_workbook(io.BytesIO(_read(attachment)))  # formulas, not cached values
    sheet = book["Calculator"]
    formulas = {
        cell.coordinate: cell.value
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    }

    assert sheet["E6"].value == "=B6*D6/1000"  # the first source's tonnes
    assert sheet["D6"].value == "=Factors!C2"  # its factor, from the factors sheet
    assert any(value.startswith("=SUM(E6:E") for value in formulas.values())
    assert any("INDEX(" in value and "MATCH(MAX(" in value for value in formulas.values())
    assert len(formulas) >= 3 * 8
    assert isinstance(book["Factors"]["C2"].value, float)
    assert book.calculation.fullCalcOnLoad  # results are computed as the workbook opens


def test_every_checklist_exercise_and_instrument_ships_a_real_file(seeded):
    promising = Practice.objects.published().filter(
        type__in=[PracticeType.CHECKLIST, PracticeType.EXERCISE, PracticeType.INSTRUMENT]
    )

    assert {p.source_id for p in promising} <= set(seeded)


@pytest.mark.parametrize("spec", [s for s in FILES if s.kind == "pdf"], ids=lambda s: s.source_id)
def test_the_printable_files_are_pdfs_with_pages_and_text(seeded, spec):
    attachment = seeded[spec.source_id]
    data = _read(attachment)

    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 1
    # The text is in the embedded font with a Unicode map, so readers can extract and search it.
    assert b"/ToUnicode" in data and b"DejaVu" in data
    assert (attachment.extension, attachment.language, attachment.title) == (
        "pdf",
        spec.language,
        spec.title,
    )


def test_seeding_again_adds_no_second_copy(seeded):
    demo.seed()

    assert Attachment.objects.count() == len(seeded) == len(FILES)


def test_the_font_is_vendored_with_its_licence():
    assert FONT.is_file() and FONT.name == "DejaVuSans.ttf"
    assert "Bitstream" in (FONT.parent / "LICENSE-DejaVu.txt").read_text()
