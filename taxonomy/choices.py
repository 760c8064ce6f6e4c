"""Fixed vocabularies that live in code: size classes and countries."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeClass(models.TextChoices):
    """The EU size classes by staff headcount (Recommendation 2003/361/EC)."""

    MICRO = "micro", _("Micro (fewer than 10 staff)")
    SMALL = "small", _("Small (10 to 49 staff)")
    MEDIUM = "medium", _("Medium-sized (50 to 249 staff)")
    LARGE = "large", _("Large (250 staff or more)")


class Country(models.TextChoices):
    """EU and EEA member states, the candidate countries most active in CSR, and 'other'."""

    AT = "AT", _("Austria")
    BE = "BE", _("Belgium")
    BG = "BG", _("Bulgaria")
    HR = "HR", _("Croatia")
    CY = "CY", _("Cyprus")
    CZ = "CZ", _("Czechia")
    DK = "DK", _("Denmark")
    EE = "EE", _("Estonia")
    FI = "FI", _("Finland")
    FR = "FR", _("France")
    DE = "DE", _("Germany")
    GR = "GR", _("Greece")
    HU = "HU", _("Hungary")
    IE = "IE", _("Ireland")
    IT = "IT", _("Italy")
    LV = "LV", _("Latvia")
    LT = "LT", _("Lithuania")
    LU = "LU", _("Luxembourg")
    MT = "MT", _("Malta")
    NL = "NL", _("Netherlands")
    PL = "PL", _("Poland")
    PT = "PT", _("Portugal")
    RO = "RO", _("Romania")
    SK = "SK", _("Slovakia")
    SI = "SI", _("Slovenia")
    ES = "ES", _("Spain")
    SE = "SE", _("Sweden")
    IS = "IS", _("Iceland")
    LI = "LI", _("Liechtenstein")
    NO = "NO", _("Norway")
    CH = "CH", _("Switzerland")
    GB = "GB", _("United Kingdom")
    XX = "XX", _("Other country")
