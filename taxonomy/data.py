"""The shared vocabularies, as published by their sources.

The ten priority areas are the Alliance's own list (COM(2006) 136, "Helping to mainstream CSR
and develop open coalitions of cooperation"); their slugs are the stable keys other apps,
imports and URLs use. ISO 26000 names its seven core subjects; NACE Rev. 2 its sections.
"""

from django.utils.translation import gettext_noop as _

SOURCE_COM_2006_136 = "COM(2006) 136, Implementing the partnership for growth and jobs"

PRIORITY_AREAS: list[tuple[str, str, str]] = [
    (
        "sustainable-innovation",
        _("Sustainable innovation and entrepreneurship"),
        _(
            "Fostering innovation and entrepreneurship in sustainable technologies, products and "
            "services which address societal needs."
        ),
    ),
    (
        "sme-growth",
        _("Helping SMEs flourish and grow"),
        _("Helping SMEs to flourish and grow."),
    ),
    (
        "supply-chain",
        _("Responsible supply chains"),
        _(
            "Assisting enterprises to integrate social and environmental considerations in their "
            "business operations, especially those in the supply chain."
        ),
    ),
    (
        "skills-employability",
        _("Skills for employability"),
        _("Improving and developing skills for employability."),
    ),
    (
        "diversity-equal-opportunities",
        _("Diversity and equal opportunities"),
        _(
            "Better responding to diversity and the challenge of equal opportunities, taking into "
            "account demographic change and the rapid ageing of the European population."
        ),
    ),
    (
        "working-conditions",
        _("Working conditions"),
        _("Improving working conditions, also in cooperation with the supply chain."),
    ),
    (
        "eco-efficiency",
        _("Eco-efficiency and energy savings"),
        _(
            "Innovating in the environment field, with a special focus on integrating "
            "eco-efficiency and energy savings in the product and service creation process."
        ),
    ),
    (
        "stakeholder-engagement",
        _("Stakeholder dialogue and engagement"),
        _("Enhancing pro-active dialogue and engagement with all relevant stakeholders."),
    ),
    (
        "transparency-reporting",
        _("Transparency and reporting"),
        _(
            "Making the non-financial performance of companies and organisations more "
            "understandable for all stakeholders and better integrated with their financial "
            "performance."
        ),
    ),
    (
        "responsible-international-operations",
        _("Responsible operations outside the EU"),
        _(
            "Operating outside the borders of the European Union in a socially and environmentally "
            "responsible way, as companies do inside the European Union."
        ),
    ),
]

ISO26000_SUBJECTS: list[tuple[str, str]] = [
    ("organizational-governance", _("Organizational governance")),
    ("human-rights", _("Human rights")),
    ("labour-practices", _("Labour practices")),
    ("environment", _("The environment")),
    ("fair-operating-practices", _("Fair operating practices")),
    ("consumer-issues", _("Consumer issues")),
    ("community-involvement", _("Community involvement and development")),
]

# NACE Rev. 2 sections, plus the division the DESIGN-MTS commitments are written for.
NACE_SECTORS: list[tuple[str, str]] = [
    ("A", _("Agriculture, forestry and fishing")),
    ("B", _("Mining and quarrying")),
    ("C", _("Manufacturing")),
    ("C28", _("Manufacture of machinery and equipment n.e.c.")),
    ("D", _("Electricity, gas, steam and air conditioning supply")),
    ("E", _("Water supply; sewerage, waste management and remediation")),
    ("F", _("Construction")),
    ("G", _("Wholesale and retail trade; repair of motor vehicles")),
    ("H", _("Transportation and storage")),
    ("I", _("Accommodation and food service activities")),
    ("J", _("Information and communication")),
    ("K", _("Financial and insurance activities")),
    ("L", _("Real estate activities")),
    ("M", _("Professional, scientific and technical activities")),
    ("N", _("Administrative and support service activities")),
    ("O", _("Public administration and defence; compulsory social security")),
    ("P", _("Education")),
    ("Q", _("Human health and social work activities")),
    ("R", _("Arts, entertainment and recreation")),
    ("S", _("Other service activities")),
    ("T", _("Activities of households as employers")),
    ("U", _("Activities of extraterritorial organisations and bodies")),
]
