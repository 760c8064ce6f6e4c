"""The update paper of a meeting as a PDF (fpdf2, with the vendored DejaVu Sans, as the quick
scan's export does), from the copy of the updates compiled into it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from forum.models import Meeting, UpdatePaper

FONT = settings.BASE_DIR / "static" / "fonts" / "DejaVuSans.ttf"
BOLD = settings.BASE_DIR / "static" / "fonts" / "DejaVuSans-Bold.ttf"


def _title(meeting: Meeting) -> str:
    return _("Updates by members: %(meeting)s") % {"meeting": meeting.title}


def pdf_bytes(paper: UpdatePaper, meeting: Meeting) -> bytes:
    # Imported here, not by every web process: fpdf2 and its font tools hold some 40 MB.
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_font("DejaVu", style="B", fname=str(BOLD))
    pdf.set_font("DejaVu", size=11)
    pdf.set_title(_title(meeting))
    pdf.set_lang(translation.get_language() or "en")
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 9, _title(meeting), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    starts = date_format(meeting.local_starts_at, "DATETIME_FORMAT")
    compiled = date_format(timezone.localtime(paper.compiled_at), "DATE_FORMAT")
    pdf.multi_cell(
        0,
        7,
        _("%(body)s, meeting of %(date)s (%(zone)s). Compiled on %(compiled)s, revision %(n)d.")
        % {
            "body": meeting.body.name,
            "date": starts,
            "zone": meeting.time_zone,
            "compiled": compiled,
            "n": paper.revision,
        },
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for group in paper.content:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 14)
        pdf.multi_cell(0, 8, group["label"], new_x="LMARGIN", new_y="NEXT")
        for entry in group["entries"]:
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 11)
            who = entry["name"]
            if entry["organisation"]:
                who = f"{who}, {entry['organisation']}"
            pdf.multi_cell(0, 7, who, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(0, 6, entry["text"], new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def pdf_response(paper: UpdatePaper, meeting: Meeting) -> HttpResponse:
    response = HttpResponse(pdf_bytes(paper, meeting), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="updates-{meeting.uid}-r{paper.revision}.pdf"'
    )
    return response
