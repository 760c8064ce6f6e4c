"""A result as a CSV table and a PDF (fpdf2, with the vendored DejaVu Sans for every
language's letters)."""

from __future__ import annotations

import csv
from io import StringIO

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from knowledge.scan.recommend import Recommendation
from knowledge.scan.selectors import Result

FONT = settings.BASE_DIR / "static" / "fonts" / "DejaVuSans.ttf"


def _filename(result: Result, extension: str) -> str:
    day = timezone.localtime(result.run.completed_at).date().isoformat()
    return f"quick-scan-{day}.{extension}"


def _change(value: int | None) -> str:
    return "" if value is None else f"{value:+d}"


def csv_rows(result: Result) -> list[list[str]]:
    rows = [[_("Section"), _("Score (%)"), _("Previous score (%)"), _("Change"), _("Weak")]]
    for row in result.rows:
        rows.append(
            [
                row.section.title,
                str(row.percent),
                "" if row.previous is None else str(row.previous),
                _change(row.change),
                _("yes") if row.weak else _("no"),
            ]
        )
    previous_total = result.previous.total if result.previous else None
    rows.append(
        [
            _("Overall"),
            str(result.total),
            "" if previous_total is None else str(previous_total),
            _change(result.total_change),
            "",
        ]
    )
    return rows


def _safe(cell: str) -> str:
    # A spreadsheet runs a cell starting with = + - @ as a formula; a section title is text.
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@") and not cell[1:].isdigit() else cell


def csv_response(result: Result) -> HttpResponse:
    buffer = StringIO()
    writer = csv.writer(buffer)
    for row in csv_rows(result):
        writer.writerow([_safe(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, "csv")}"'
    return response


def pdf_bytes(result: Result, recommendations: list[Recommendation]) -> bytes:
    # Imported here: fpdf2 and its font tools add some 40 MB to every web process that loads
    # them, for a download few people ask for (docs/performance.md).
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.set_title(str(result.run.questionnaire.title))
    pdf.set_lang(translation.get_language() or "en")
    pdf.add_page()
    pdf.set_font_size(16)
    pdf.multi_cell(0, 9, str(result.run.questionnaire.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font_size(11)
    completed = date_format(timezone.localtime(result.run.completed_at), "DATE_FORMAT")
    pdf.multi_cell(
        0,
        7,
        _("%(organisation)s, completed on %(date)s")
        % {"organisation": result.run.organisation.name, "date": completed},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    # One regular font: headings shaded rather than bold.
    headings = FontFace(emphasis="", fill_color=(230, 230, 230))
    with pdf.table(
        col_widths=(60, 20, 20, 15, 15), text_align="LEFT", headings_style=headings
    ) as table:
        for row in csv_rows(result):
            table.row(row)
    if recommendations:
        pdf.ln(6)
        pdf.set_font_size(14)
        pdf.multi_cell(0, 8, _("Recommended practices"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font_size(11)
        for item in recommendations:
            pdf.ln(2)
            pdf.multi_cell(0, 7, item.section.title, new_x="LMARGIN", new_y="NEXT")
            for practice in item.practices:
                link = settings.SITE_URL.rstrip("/") + practice.get_absolute_url()
                pdf.multi_cell(
                    0, 6, f"• {practice.title}", link=link, new_x="LMARGIN", new_y="NEXT"
                )
            if not item.practices:
                pdf.multi_cell(
                    0, 6, _("No practice in your language yet."), new_x="LMARGIN", new_y="NEXT"
                )
    return bytes(pdf.output())


def pdf_response(result: Result, recommendations: list[Recommendation]) -> HttpResponse:
    response = HttpResponse(pdf_bytes(result, recommendations), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, "pdf")}"'
    return response
