"""The instruments the demo practices promise, made as real files by ``seed_demo`` (issue 14):
the carbon footprint calculator as an XLSX workbook whose figures are formulas, and the
checklists, exercises and worksheets as printable PDFs in the practice's own language.

Only knowledge/demo.py imports this. The PDFs use DejaVu Sans, vendored in static/fonts/ with
its licence, so every machine renders the same accents and symbols.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.datavalidation import DataValidation

FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "DejaVuSans.ttf"
# fpdf2 subsets the font with fontTools, which logs every glyph it keeps.
logging.getLogger("fontTools").setLevel(logging.WARNING)


@dataclass(frozen=True)
class DemoFile:
    source_id: str  # the practice it belongs to
    title: str
    language: str
    name: str  # the file name offered on download
    kind: str  # "pdf" or "xlsx"
    style: str = ""  # for PDFs: "checklist", "exercise" or "worksheet"
    intro: str = ""
    items: tuple[str, ...] = ()


# Words a printed form needs, in the practice's language.
WORDS = {
    "en": {
        "notes": "Notes",
        "done": "Done",
        "step": "Step",
        "answer": "Your answer",
        "page": "Page",
        "source": "CSR Alliance & Knowledge Centre · demo library · print and fill in",
    },
    "nl": {
        "notes": "Notities",
        "done": "Klaar",
        "step": "Stap",
        "answer": "Uw antwoord",
        "page": "Pagina",
        "source": "CSR Alliance & Knowledge Centre · demobibliotheek · afdrukken en invullen",
    },
    "fr": {
        "notes": "Notes",
        "done": "Fait",
        "step": "Étape",
        "answer": "Votre réponse",
        "page": "Page",
        "source": "CSR Alliance & Knowledge Centre · bibliothèque de démonstration · "
        "à imprimer et remplir",
    },
    "de": {
        "notes": "Notizen",
        "done": "Erledigt",
        "step": "Schritt",
        "answer": "Ihre Antwort",
        "page": "Seite",
        "source": "CSR Alliance & Knowledge Centre · Demo-Bibliothek · ausdrucken und ausfüllen",
    },
}

FILES: list[DemoFile] = [
    DemoFile(
        "demo-en-17",
        "Carbon footprint calculator (Excel workbook)",
        "en",
        "carbon-footprint-calculator.xlsx",
        "xlsx",
    ),
    # --- Checklists -------------------------------------------------------------------------
    DemoFile(
        "demo-en-01",
        "Energy audit checklist (printable PDF)",
        "en",
        "energy-audit-checklist.pdf",
        "pdf",
        "checklist",
        "Walk through the building after closing time and tick each point you have checked.",
        (
            "Compressed air: listen for leaks with the machines off; mark each leak with tape.",
            "Compressed air: is the pressure set no higher than the machines need?",
            "Lighting: count fittings that still use fluorescent tubes or halogen lamps.",
            "Lighting: are storerooms and toilets on presence detectors?",
            "Heating: do doors to the loading bay close automatically?",
            "Heating: is the thermostat lowered at night and at weekends?",
            "Machines: which ones stay on standby overnight? Note their names.",
            "Office: are computers and printers switched off at the end of the day?",
            "Bills: compare this year's electricity and gas use with last year's.",
            "Plan: list the three savings that pay back within two years.",
        ),
    ),
    DemoFile(
        "demo-en-12",
        "Office waste checklist (printable PDF)",
        "en",
        "office-waste-checklist.pdf",
        "pdf",
        "checklist",
        "Check each floor with the person who empties the bins. Repeat after three months.",
        (
            "Every floor has separate bins for paper, plastic and metal, and residual waste.",
            "The bins carry labels with pictures, in the languages your staff read.",
            "The cleaning company keeps the streams apart up to the container.",
            "Printer cartridges go back to the supplier.",
            "Old laptops and phones are wiped and donated or recycled.",
            "Coffee is served in washable cups, not disposable ones.",
            "Printers print double-sided by default.",
            "You counted the bags of residual waste per week: ______",
        ),
    ),
    DemoFile(
        "demo-nl-03",
        "Checklist diversiteit (afdrukbare pdf)",
        "nl",
        "checklist-diversiteit.pdf",
        "pdf",
        "checklist",
        "Overloop de vragen met wie aanwerft en wie nieuwe medewerkers onthaalt.",
        (
            "Vraagt de vacature alleen wat echt nodig is voor de job?",
            "Is de vacaturetekst vrij van vakjargon en onnodige taaleisen?",
            "Verspreidt u vacatures ook buiten uw vaste kanalen?",
            "Stellen alle kandidaten in het gesprek dezelfde vragen?",
            "Zitten er mensen met verschillende achtergronden in de selectiecommissie?",
            "Krijgt elke nieuwe medewerker een peter of meter?",
            "Staan opleidingskansen open voor alle medewerkers, ook deeltijdsen?",
            "Bespreekt u jaarlijks de cijfers over instroom en uitstroom?",
        ),
    ),
    DemoFile(
        "demo-fr-05",
        "Liste de contrôle santé et sécurité (PDF imprimable)",
        "fr",
        "liste-controle-sante-securite.pdf",
        "pdf",
        "checklist",
        "Parcourez chaque poste de travail avec un salarié qui l'occupe.",
        (
            "Les issues de secours sont dégagées et signalées.",
            "Les extincteurs sont vérifiés depuis moins d'un an.",
            "Les produits dangereux sont étiquetés et rangés sous clé.",
            "Les équipements de protection sont disponibles et portés.",
            "Les charges lourdes sont manutentionnées avec une aide mécanique.",
            "Les écrans sont réglés à hauteur des yeux.",
            "Chaque accident ou presque-accident est noté et analysé.",
            "Le document unique d'évaluation des risques est à jour.",
        ),
    ),
    DemoFile(
        "demo-de-02",
        "Checkliste Energieeffizienz (druckbares PDF)",
        "de",
        "checkliste-energieeffizienz.pdf",
        "pdf",
        "checklist",
        "Gehen Sie Werkstatt, Büro und Fahrzeuge der Reihe nach durch.",
        (
            "Werkstatt: Druckluftleitungen auf Lecks geprüft.",
            "Werkstatt: Maschinen laufen nicht unnötig im Leerlauf.",
            "Werkstatt: Hallentore schließen selbsttätig.",
            "Büro: Beleuchtung auf LED umgestellt.",
            "Büro: Heizung nachts und am Wochenende abgesenkt.",
            "Fahrzeuge: Reifendruck monatlich kontrolliert.",
            "Fahrzeuge: Touren so geplant, dass Leerfahrten wegfallen.",
            "Fördermittel für die größten Maßnahmen erfragt.",
        ),
    ),
    # --- Exercises --------------------------------------------------------------------------
    DemoFile(
        "demo-en-05",
        "Recruitment exercise worksheet (printable PDF)",
        "en",
        "diversity-recruitment-exercise.pdf",
        "pdf",
        "exercise",
        "Two hours, in pairs. Bring a recent vacancy notice from your own company.",
        (
            "Read the vacancy notice aloud. Underline every requirement.",
            "For each requirement: is it needed on the first day of the job? Strike out the "
            "others.",
            "Circle jargon and abbreviations; write a plain word above each.",
            "Which words might stop women, older workers or people with a migrant background "
            "from applying? Rewrite them.",
            "Agree on three changes for the next recruitment round, and who makes them.",
        ),
    ),
    DemoFile(
        "demo-en-15",
        "Innovation workshop cards and worksheet (printable PDF)",
        "en",
        "innovation-workshop-worksheet.pdf",
        "pdf",
        "exercise",
        "Half a day, teams of three to five. The trainer prints one worksheet per team.",
        (
            "Choose a real need, for example older people living at home for longer. Who has "
            "it, and when?",
            "Interview one person who has the need. Write down three things they said.",
            "Sketch a product or service that answers the need.",
            "Who would pay for it, and how does it reach the user?",
            "Plan a test with one user within a week: what will you show, what will you ask?",
        ),
    ),
    DemoFile(
        "demo-nl-07",
        "Oefening werkdruk: rollenspel (afdrukbare pdf)",
        "nl",
        "oefening-gesprek-werkdruk.pdf",
        "pdf",
        "exercise",
        "Groepjes van drie: leidinggevende, medewerker en waarnemer. Na elke ronde wisselen.",
        (
            "Leidinggevende: open het gesprek met een open vraag over de werkweek.",
            "Medewerker: vertel over een drukke week, zonder meteen een oplossing te vragen.",
            "Waarnemer: noteer welke vragen het gesprek openden en welke het sloten.",
            "Bespreek samen één afspraak die de werkdruk volgende week verlaagt.",
        ),
    ),
    DemoFile(
        "demo-fr-07",
        "Exercice : carte des risques de la chaîne de valeur (PDF imprimable)",
        "fr",
        "exercice-carte-risques-chaine-valeur.pdf",
        "pdf",
        "exercise",
        "Par équipes de quatre, autour d'un produit que l'entreprise vend.",
        (
            "Dessinez la chaîne de valeur : matières premières, transformation, transport, "
            "vente, fin de vie.",
            "Placez à chaque maillon les risques pour les droits humains.",
            "Placez les risques pour l'environnement.",
            "Entourez les trois risques les plus graves et les plus probables.",
            "Pour chacun, notez une question à poser au fournisseur concerné.",
        ),
    ),
    # --- Worksheets of the other instruments ------------------------------------------------
    DemoFile(
        "demo-en-06",
        "Stakeholder dialogue worksheets (printable PDF)",
        "en",
        "stakeholder-dialogue-worksheets.pdf",
        "pdf",
        "worksheet",
        "One worksheet for each of the five steps. Fill them in with two or three colleagues.",
        (
            "List everyone affected by the company: staff, neighbours, customers, suppliers, "
            "the municipality.",
            "Rank them by influence and by interest (high, medium, low).",
            "Plan a first meeting with the three most important groups: where, when, who invites.",
            "Record what was said, and what the company promised.",
            "Report back what the company changed, and when you will meet again.",
        ),
    ),
    DemoFile(
        "demo-nl-08",
        "MVO-zelfscan (afdrukbare pdf)",
        "nl",
        "mvo-zelfscan.pdf",
        "pdf",
        "worksheet",
        "Neem een uur. Geef per thema een score van 1 (nog niet) tot 5 (volledig).",
        (
            "Energie en grondstoffen: we meten ons verbruik en hebben besparingsdoelen.",
            "Personeel: we voeren jaarlijks een gesprek over welzijn en opleiding.",
            "Diversiteit: onze aanwerving staat open voor iedereen.",
            "Leveranciers: we kennen de herkomst van onze belangrijkste grondstoffen.",
            "Buurt: we weten wat omwonenden van ons bedrijf verwachten.",
            "Rapportering: we vertellen klanten en personeel wat we doen.",
        ),
    ),
    DemoFile(
        "demo-de-06",
        "Wesentlichkeitsanalyse: Fragebogen und Matrix (druckbares PDF)",
        "de",
        "wesentlichkeitsanalyse.pdf",
        "pdf",
        "worksheet",
        "Für einen Workshop mit Beschäftigten, Kunden und Lieferanten.",
        (
            "Welche Themen erwarten Ihre Anspruchsgruppen von Ihrem Unternehmen?",
            "Wie stark wirkt sich Ihr Unternehmen auf jedes Thema aus (1 bis 5)?",
            "Wie wichtig ist jedes Thema für Ihren Geschäftserfolg (1 bis 5)?",
            "Tragen Sie die Themen in die Matrix ein: Wirkung gegen Geschäftserfolg.",
            "Welche drei Themen oben rechts gehen Sie zuerst an?",
        ),
    ),
]


# --- Printable PDFs ----------------------------------------------------------------------------


class _Sheet(FPDF):
    def __init__(self, words: dict[str, str]) -> None:
        super().__init__(format="A4")
        self.words = words
        self.add_font("DejaVu", fname=str(FONT))
        self.set_font("DejaVu", size=11)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.set_text_color(90)
        self.cell(0, 5, f"{self.words['source']} · {self.words['page']} {self.page_no()}")
        self.set_text_color(0)


def _lines(pdf: _Sheet, count: int) -> None:
    for _line in range(count):
        pdf.ln(7)
        y = pdf.get_y()
        pdf.set_draw_color(170)
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_draw_color(0)
    pdf.ln(3)


def pdf_bytes(spec: DemoFile, *, title: str, summary: str) -> bytes:
    """A printable form: the practice's title and summary, then the items as boxes to tick
    (a checklist) or numbered steps with room to write (an exercise or a worksheet)."""
    words = WORDS[spec.language]
    pdf = _Sheet(words)
    pdf.set_title(title)
    pdf.set_lang(spec.language)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font_size(17)
    pdf.multi_cell(width, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font_size(10.5)
    pdf.multi_cell(width, 5.5, summary, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_text_color(60)
    pdf.multi_cell(width, 5.5, spec.intro, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0)
    pdf.ln(4)
    pdf.set_font_size(11)
    for number, item in enumerate(spec.items, start=1):
        if spec.style == "checklist":
            y = pdf.get_y()
            pdf.rect(pdf.l_margin, y + 0.8, 4.5, 4.5)
            pdf.set_x(pdf.l_margin + 8)
            pdf.multi_cell(width - 8, 6, item, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2.5)
        else:
            pdf.set_font_size(12)
            pdf.multi_cell(
                width,
                6.5,
                f"{words['step']} {number}. {item}",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
            pdf.set_font_size(9)
            pdf.set_text_color(90)
            pdf.cell(0, 5, words["answer"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0)
            pdf.set_font_size(11)
            _lines(pdf, 4)
    pdf.ln(4)
    pdf.set_font_size(12)
    pdf.cell(0, 7, words["notes"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _lines(pdf, 5)
    return bytes(pdf.output())


# --- The carbon footprint calculator ----------------------------------------------------------

# Indicative emission factors (kg CO2e per unit), of the order published by national agencies;
# the workbook asks the user to replace them with their own country's current figures.
FACTORS = [
    ("Electricity from the grid", "kWh", 0.20, 42_000),
    ("Natural gas", "kWh", 0.18, 65_000),
    ("Heating oil", "litre", 2.68, 0),
    ("Diesel (company vehicles)", "litre", 2.65, 6_500),
    ("Petrol (company vehicles)", "litre", 2.31, 1_200),
    ("Business travel by car (private cars)", "km", 0.17, 18_000),
    ("Business travel by air", "km", 0.15, 9_000),
    ("Residual waste", "kg", 0.45, 4_800),
]
_INPUT = PatternFill("solid", start_color="FFF4CC")
_HEAD = Font(bold=True)


def calculator_bytes() -> bytes:
    """An XLSX workbook whose results are formulas a spreadsheet recalculates as the user
    types: emissions per source, the total, each source's share and the largest source."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Calculator"
    sheet["A1"] = "Carbon footprint calculator for SMEs"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = (
        "Enter one year of your company's use in the yellow cells (column B). The example "
        "figures are for a workshop of 25 people; replace them with your own."
    )
    sheet["A3"] = "Emission factors are on the sheet 'Factors'; use your country's figures."
    headers = ["Source", "Use in one year", "Unit", "kg CO2e per unit", "Tonnes CO2e", "Share"]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=5, column=column, value=header)
        cell.font = _HEAD
    first = 6
    last = first + len(FACTORS) - 1
    for offset, (source, unit, _factor, example) in enumerate(FACTORS):
        row = first + offset
        factor_row = 2 + offset
        sheet.cell(row=row, column=1, value=source)
        use = sheet.cell(row=row, column=2, value=example)
        use.fill = _INPUT
        use.number_format = "#,##0"
        sheet.cell(row=row, column=3, value=unit)
        sheet.cell(row=row, column=4, value=f"=Factors!C{factor_row}").number_format = "0.000"
        sheet.cell(row=row, column=5, value=f"=B{row}*D{row}/1000").number_format = "0.00"
        share = sheet.cell(row=row, column=6, value=f"=IF($E${last + 1}=0,0,E{row}/$E${last + 1})")
        share.number_format = "0%"
    total = last + 1
    sheet.cell(row=total, column=1, value="Total").font = _HEAD
    sheet.cell(row=total, column=5, value=f"=SUM(E{first}:E{last})").number_format = "0.00"
    sheet.cell(row=total, column=5).font = _HEAD
    sheet.cell(row=total + 2, column=1, value="Largest source").font = _HEAD
    sheet.cell(
        row=total + 2,
        column=2,
        value=f"=INDEX(A{first}:A{last},MATCH(MAX(E{first}:E{last}),E{first}:E{last},0))",
    )
    sheet.cell(row=total + 3, column=1, value="Tonnes CO2e per employee").font = _HEAD
    sheet.cell(row=total + 4, column=1, value="Number of employees")
    staff = sheet.cell(row=total + 4, column=2, value=25)
    staff.fill = _INPUT
    sheet.cell(
        row=total + 3, column=2, value=f"=IF(B{total + 4}=0,0,E{total}/B{total + 4})"
    ).number_format = "0.00"
    check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    check.error = "Enter a number of zero or more."
    sheet.add_data_validation(check)
    check.add(f"B{first}:B{last}")
    check.add(f"B{total + 4}")
    for column, width in zip("ABCDEF", (40, 16, 8, 16, 13, 9), strict=True):
        sheet.column_dimensions[column].width = width
    sheet["A2"].alignment = sheet["A3"].alignment = Alignment(wrap_text=False)
    sheet.freeze_panes = "A6"

    factors = book.create_sheet("Factors")
    for column, header in enumerate(["Source", "Unit", "kg CO2e per unit"], start=1):
        factors.cell(row=1, column=column, value=header).font = _HEAD
    for offset, (source, unit, factor, _example) in enumerate(FACTORS):
        factors.cell(row=2 + offset, column=1, value=source)
        factors.cell(row=2 + offset, column=2, value=unit)
        cell = factors.cell(row=2 + offset, column=3, value=factor)
        cell.fill = _INPUT
        cell.number_format = "0.000"
    factors.cell(
        row=3 + len(FACTORS),
        column=1,
        value="Indicative factors; replace them with your national agency's current figures.",
    )
    factors.column_dimensions["A"].width = 40
    factors.column_dimensions["C"].width = 16

    # openpyxl stores formulas without results: the application computes them on opening.
    book.calculation = CalcProperties(fullCalcOnLoad=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@cache
def file_bytes(spec: DemoFile, *, title: str, summary: str) -> bytes:
    """Built once per process: tests seed the demo many times."""
    if spec.kind == "xlsx":
        return calculator_bytes()
    return pdf_bytes(spec, title=title, summary=summary)
