"""The operator's contact details for ``seed_demo``, in the four languages (invented)."""

from __future__ import annotations

from portal.models import ContactDetails


def seed() -> None:
    ContactDetails.objects.update_or_create(
        pk=1,
        defaults={
            "operator_en": "CSR Alliance secretariat (demo)",
            "operator_nl": "Secretariaat van de MVO-Alliantie (demo)",
            "operator_fr": "Secrétariat de l’Alliance RSE (démo)",
            "operator_de": "Sekretariat der CSR-Allianz (Demo)",
            "address_en": "Rue de la Loi 1\n1000 Brussels\nBelgium",
            "address_nl": "Wetstraat 1\n1000 Brussel\nBelgië",
            "address_fr": "Rue de la Loi 1\n1000 Bruxelles\nBelgique",
            "address_de": "Rue de la Loi 1\n1000 Brüssel\nBelgien",
            "email": "contact@portal.example.org",
            "phone": "+32 2 000 00 00",
        },
    )
