"""Load the Alliance's three areas of activity and one open coalition per priority area, in the
portal's four languages.

Migrations are history: this one carries a frozen copy of the rows it writes (alliance/data.py
as it stood when the migrations were squashed) and calls no live code. ``seed_demo`` and the
tests refresh them from alliance/data.py through alliance.services.
"""

from django.db import migrations

# Every column of every row; the original columns (``title``, ``summary``) hold the English.
ACTIVITY_AREAS = [
    {
        "slug": "awareness-knowledge",
        "title": "Raising awareness and improving knowledge on CSR and reporting on its achievements",
        "title_en": "Raising awareness and improving knowledge on CSR and reporting on its achievements",
        "title_nl": "Bewustzijn en kennis over MVO vergroten en verslag uitbrengen over de resultaten",
        "title_fr": "Sensibiliser à la RSE, améliorer les connaissances et rendre compte des résultats",
        "title_de": "Das Bewusstsein für CSR schärfen, das Wissen darüber verbessern und über die Erfolge berichten",
        "summary": "Sharing good practice, tools and research so that companies of every size can see what responsible business looks like in practice, and reporting on what has been achieved.",
        "summary_en": "Sharing good practice, tools and research so that companies of every size can see what responsible business looks like in practice, and reporting on what has been achieved.",
        "summary_nl": "Goede praktijken, instrumenten en onderzoek delen, zodat bedrijven van elke omvang zien hoe verantwoord ondernemen er in de praktijk uitziet, en verslag doen van wat bereikt is.",
        "summary_fr": "Partager bonnes pratiques, outils et études pour que les entreprises de toute taille voient à quoi ressemble concrètement une entreprise responsable, et rendre compte des résultats obtenus.",
        "summary_de": "Gute Praxis, Werkzeuge und Forschung teilen, damit Unternehmen jeder Größe sehen, wie verantwortungsvolles Wirtschaften konkret aussieht, und über das Erreichte berichten.",
        "position": 1,
    },
    {
        "slug": "open-coalitions",
        "title": "Helping to mainstream and develop open coalitions of cooperation",
        "title_en": "Helping to mainstream and develop open coalitions of cooperation",
        "title_nl": "Open samenwerkingsverbanden helpen verankeren en ontwikkelen",
        "title_fr": "Contribuer à généraliser et à développer des coalitions ouvertes de coopération",
        "title_de": "Offene Kooperationsbündnisse verbreiten und weiterentwickeln",
        "summary": "Companies that want to tackle one of the ten priority areas together meet in laboratory meetings with experts and stakeholders to develop joint projects.",
        "summary_en": "Companies that want to tackle one of the ten priority areas together meet in laboratory meetings with experts and stakeholders to develop joint projects.",
        "summary_nl": "Bedrijven die samen een van de tien prioritaire thema's willen aanpakken, komen in laboratoriumbijeenkomsten samen met deskundigen en belanghebbenden om gezamenlijke projecten uit te werken.",
        "summary_fr": "Les entreprises qui veulent s'attaquer ensemble à l'un des dix domaines prioritaires se retrouvent en laboratoires avec des experts et des parties prenantes pour monter des projets communs.",
        "summary_de": "Unternehmen, die eines der zehn Schwerpunktthemen gemeinsam angehen wollen, treffen sich in Laboren mit Fachleuten und Stakeholdern, um gemeinsame Projekte zu entwickeln.",
        "position": 2,
    },
    {
        "slug": "enabling-environment",
        "title": "Ensuring an enabling environment for CSR",
        "title_en": "Ensuring an enabling environment for CSR",
        "title_nl": "Zorgen voor een gunstig klimaat voor MVO",
        "title_fr": "Créer un environnement favorable à la RSE",
        "title_de": "Günstige Rahmenbedingungen für CSR schaffen",
        "summary": "Public authorities, business and stakeholders working so that voluntary efforts on CSR are recognised, encouraged and easy to start.",
        "summary_en": "Public authorities, business and stakeholders working so that voluntary efforts on CSR are recognised, encouraged and easy to start.",
        "summary_nl": "Overheden, bedrijfsleven en belanghebbenden zetten zich ervoor in dat vrijwillige inspanningen voor MVO erkend en aangemoedigd worden en gemakkelijk te beginnen zijn.",
        "summary_fr": "Pouvoirs publics, entreprises et parties prenantes agissent pour que les démarches volontaires de RSE soient reconnues, encouragées et faciles à lancer.",
        "summary_de": "Behörden, Wirtschaft und Stakeholder setzen sich dafür ein, dass freiwilliges CSR-Engagement anerkannt, gefördert und leicht begonnen werden kann.",
        "position": 3,
    },
]

# Each coalition's purpose by the slug of its priority area (taxonomy 0002_load_vocabularies).
COALITION_PURPOSES = {
    "sustainable-innovation": {
        "purpose": "Companies that turn societal needs into products and services: sharing how they involve users and stakeholders in innovation, and starting joint pilots.",
        "purpose_en": "Companies that turn societal needs into products and services: sharing how they involve users and stakeholders in innovation, and starting joint pilots.",
        "purpose_nl": "Bedrijven die maatschappelijke behoeften omzetten in producten en diensten: ze delen hoe ze gebruikers en belanghebbenden bij innovatie betrekken en starten samen pilots.",
        "purpose_fr": "Des entreprises qui transforment des besoins de société en produits et services : elles partagent leur façon d'associer utilisateurs et parties prenantes à l'innovation et lancent des projets pilotes communs.",
        "purpose_de": "Unternehmen, die gesellschaftliche Bedürfnisse in Produkte und Dienstleistungen umsetzen: Sie zeigen, wie sie Nutzer und Stakeholder in Innovation einbeziehen, und starten gemeinsame Pilotprojekte.",
    },
    "sme-growth": {
        "purpose": "Helping small firms make CSR part of how they grow: simple tools, peer learning between owner-managers, and support from associations and chambers.",
        "purpose_en": "Helping small firms make CSR part of how they grow: simple tools, peer learning between owner-managers, and support from associations and chambers.",
        "purpose_nl": "Kleine bedrijven helpen MVO deel te maken van hun groei: eenvoudige instrumenten, ondernemers die van elkaar leren en steun van branche- en handelsorganisaties.",
        "purpose_fr": "Aider les petites entreprises à faire de la RSE un moteur de leur croissance : des outils simples, des échanges entre dirigeants et l'appui des fédérations et des chambres.",
        "purpose_de": "Kleinen Firmen helfen, CSR zum Teil ihres Wachstums zu machen: einfache Werkzeuge, Austausch unter Inhaberinnen und Inhabern und Unterstützung durch Verbände und Kammern.",
    },
    "supply-chain": {
        "purpose": "Bringing social and environmental criteria into purchasing and supplier relations, with practical help for the small suppliers who have to meet them.",
        "purpose_en": "Bringing social and environmental criteria into purchasing and supplier relations, with practical help for the small suppliers who have to meet them.",
        "purpose_nl": "Sociale en milieucriteria opnemen in inkoop en leveranciersrelaties, met praktische hulp voor de kleine leveranciers die eraan moeten voldoen.",
        "purpose_fr": "Intégrer des critères sociaux et environnementaux dans les achats et les relations avec les fournisseurs, avec une aide concrète pour les petits fournisseurs qui doivent les respecter.",
        "purpose_de": "Soziale und ökologische Kriterien in Einkauf und Lieferantenbeziehungen verankern, mit praktischer Hilfe für die kleinen Zulieferer, die sie erfüllen müssen.",
    },
    "skills-employability": {
        "purpose": "Training, apprenticeships and lifelong learning that keep people employable, designed with schools, training providers and trade unions.",
        "purpose_en": "Training, apprenticeships and lifelong learning that keep people employable, designed with schools, training providers and trade unions.",
        "purpose_nl": "Opleiding, leerlingplaatsen en levenslang leren die mensen inzetbaar houden, ontwikkeld samen met scholen, opleiders en vakbonden.",
        "purpose_fr": "Formation, apprentissage et formation tout au long de la vie pour rester employable, conçus avec les écoles, les organismes de formation et les syndicats.",
        "purpose_de": "Aus- und Weiterbildung sowie lebenslanges Lernen, die Menschen beschäftigungsfähig halten, entwickelt mit Schulen, Bildungsträgern und Gewerkschaften.",
    },
    "diversity-equal-opportunities": {
        "purpose": "Recruiting and keeping a diverse workforce and preparing for an ageing population: what works in companies of different sizes.",
        "purpose_en": "Recruiting and keeping a diverse workforce and preparing for an ageing population: what works in companies of different sizes.",
        "purpose_nl": "Een divers personeelsbestand aantrekken en behouden en voorbereid zijn op de vergrijzing: wat werkt in bedrijven van verschillende omvang.",
        "purpose_fr": "Recruter et fidéliser des équipes diversifiées et se préparer au vieillissement de la population : ce qui marche dans des entreprises de tailles différentes.",
        "purpose_de": "Vielfältige Belegschaften gewinnen und halten und sich auf eine alternde Bevölkerung vorbereiten: was in Unternehmen unterschiedlicher Größe funktioniert.",
    },
    "working-conditions": {
        "purpose": "Healthy, safe and fair work in the company and along the supply chain, developed together with workers' representatives.",
        "purpose_en": "Healthy, safe and fair work in the company and along the supply chain, developed together with workers' representatives.",
        "purpose_nl": "Gezond, veilig en eerlijk werk in het bedrijf en in de hele toeleveringsketen, ontwikkeld samen met werknemersvertegenwoordigers.",
        "purpose_fr": "Un travail sain, sûr et équitable dans l'entreprise et tout au long de la chaîne d'approvisionnement, construit avec les représentants du personnel.",
        "purpose_de": "Gesunde, sichere und faire Arbeit im Unternehmen und entlang der Lieferkette, gemeinsam mit den Beschäftigtenvertretungen entwickelt.",
    },
    "eco-efficiency": {
        "purpose": "Using less energy and fewer materials in products, services and production, and measuring the savings.",
        "purpose_en": "Using less energy and fewer materials in products, services and production, and measuring the savings.",
        "purpose_nl": "Minder energie en materiaal gebruiken in producten, diensten en productie, en de besparing meten.",
        "purpose_fr": "Consommer moins d'énergie et de matières dans les produits, les services et la production, et mesurer les économies réalisées.",
        "purpose_de": "Weniger Energie und Material in Produkten, Dienstleistungen und Produktion einsetzen und die Einsparungen messen.",
    },
    "stakeholder-engagement": {
        "purpose": "Ways to listen to and work with employees, neighbours, customers, investors and NGOs before decisions are made, not after.",
        "purpose_en": "Ways to listen to and work with employees, neighbours, customers, investors and NGOs before decisions are made, not after.",
        "purpose_nl": "Manieren om te luisteren naar en samen te werken met medewerkers, buren, klanten, investeerders en ngo's vóór beslissingen vallen, niet erna.",
        "purpose_fr": "Des façons d'écouter salariés, riverains, clients, investisseurs et ONG et de travailler avec eux avant que les décisions soient prises, pas après.",
        "purpose_de": "Wege, Beschäftigten, Nachbarn, Kunden, Investoren und NGOs zuzuhören und mit ihnen zusammenzuarbeiten, bevor Entscheidungen fallen, nicht danach.",
    },
    "transparency-reporting": {
        "purpose": "Making non-financial performance understandable and linking it to financial results, with reporting formats small companies can manage.",
        "purpose_en": "Making non-financial performance understandable and linking it to financial results, with reporting formats small companies can manage.",
        "purpose_nl": "Niet-financiële prestaties begrijpelijk maken en koppelen aan financiële resultaten, met verslagvormen die ook kleine bedrijven aankunnen.",
        "purpose_fr": "Rendre les performances extra-financières compréhensibles et les relier aux résultats financiers, avec des formats de reporting à la portée des petites entreprises.",
        "purpose_de": "Nichtfinanzielle Leistung verständlich machen und mit den finanziellen Ergebnissen verknüpfen, in Berichtsformaten, die auch kleine Unternehmen bewältigen.",
    },
    "responsible-international-operations": {
        "purpose": "Acting abroad as at home: human rights, labour standards and the environment in operations and sourcing outside the European Union.",
        "purpose_en": "Acting abroad as at home: human rights, labour standards and the environment in operations and sourcing outside the European Union.",
        "purpose_nl": "In het buitenland handelen zoals thuis: mensenrechten, arbeidsnormen en milieu bij activiteiten en inkoop buiten de Europese Unie.",
        "purpose_fr": "Agir à l'étranger comme chez soi : droits de l'homme, normes du travail et environnement dans les activités et les achats hors de l'Union européenne.",
        "purpose_de": "Im Ausland handeln wie zu Hause: Menschenrechte, Arbeitsnormen und Umwelt bei Geschäftstätigkeit und Beschaffung außerhalb der Europäischen Union.",
    },
}


def load(apps, schema_editor):
    activity_area = apps.get_model("alliance", "ActivityArea")
    activity_area.objects.bulk_create(activity_area(**row) for row in ACTIVITY_AREAS)
    coalition = apps.get_model("alliance", "Coalition")
    for theme in apps.get_model("taxonomy", "Theme").objects.order_by("position"):
        if theme.slug in COALITION_PURPOSES:
            coalition.objects.create(theme=theme, **COALITION_PURPOSES[theme.slug])


class Migration(migrations.Migration):
    dependencies = [("alliance", "0001_initial"), ("taxonomy", "0002_load_vocabularies")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
