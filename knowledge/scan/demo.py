"""The demo quick scan: one questionnaire for SMEs, a section per priority area of the
Alliance, two or three questions each, in the portal's four languages. Safe to run again: an
existing questionnaire of the same key is left as it is."""

from __future__ import annotations

from django.db import transaction

from knowledge.scan import services
from knowledge.scan.models import Option, Question, Questionnaire, Section
from taxonomy.models import Theme

KEY = "sme-quick-scan"

TITLE = {
    "en": "CSR quick scan for small and medium-sized enterprises",
    "nl": "MVO-quickscan voor kleine en middelgrote ondernemingen",
    "fr": "Diagnostic RSE rapide pour les petites et moyennes entreprises",
    "de": "CSR-Schnellcheck für kleine und mittlere Unternehmen",
}
INTRODUCTION = {
    "en": "Twenty-odd questions on the Alliance's ten priority areas. It takes about fifteen"
    " minutes; there are no wrong answers.",
    "nl": "Een twintigtal vragen over de tien prioritaire domeinen van de Alliantie. Het duurt"
    " ongeveer een kwartier; er zijn geen foute antwoorden.",
    "fr": "Une vingtaine de questions sur les dix domaines prioritaires de l'Alliance. Comptez"
    " environ quinze minutes ; il n'y a pas de mauvaise réponse.",
    "de": "Rund zwanzig Fragen zu den zehn vorrangigen Bereichen der Allianz. Es dauert etwa"
    " eine Viertelstunde; es gibt keine falschen Antworten.",
}
# One scale for every question: points 0 to 3.
SCALE = [
    {
        "en": "Not yet",
        "nl": "Nog niet",
        "fr": "Pas encore",
        "de": "Noch nicht",
    },
    {
        "en": "We have started",
        "nl": "We zijn ermee begonnen",
        "fr": "Nous avons commencé",
        "de": "Wir haben damit begonnen",
    },
    {
        "en": "Largely in place",
        "nl": "Grotendeels geregeld",
        "fr": "En grande partie en place",
        "de": "Größtenteils umgesetzt",
    },
    {
        "en": "Fully, and we review it regularly",
        "nl": "Volledig, en we evalueren het geregeld",
        "fr": "Entièrement, et nous le révisons régulièrement",
        "de": "Vollständig, und wir überprüfen es regelmäßig",
    },
]

# (priority area slug, [(weight, {language: question})])
QUESTIONS: list[tuple[str, list[tuple[int, dict[str, str]]]]] = [
    (
        "sustainable-innovation",
        [
            (
                2,
                {
                    "en": "Do you consider social and environmental needs when you develop"
                    " new products or services?",
                    "nl": "Houdt u rekening met sociale en milieubehoeften wanneer u nieuwe"
                    " producten of diensten ontwikkelt?",
                    "fr": "Tenez-vous compte des besoins sociaux et environnementaux lorsque"
                    " vous développez de nouveaux produits ou services ?",
                    "de": "Berücksichtigen Sie soziale und ökologische Bedürfnisse, wenn Sie"
                    " neue Produkte oder Dienstleistungen entwickeln?",
                },
            ),
            (
                1,
                {
                    "en": "Do you look for business opportunities in sustainable technologies?",
                    "nl": "Zoekt u naar zakelijke kansen in duurzame technologieën?",
                    "fr": "Recherchez-vous des opportunités commerciales dans les technologies"
                    " durables ?",
                    "de": "Suchen Sie nach Geschäftschancen in nachhaltigen Technologien?",
                },
            ),
        ],
    ),
    (
        "sme-growth",
        [
            (
                1,
                {
                    "en": "Is responsible business part of your written business plan?",
                    "nl": "Maakt maatschappelijk verantwoord ondernemen deel uit van uw"
                    " geschreven ondernemingsplan?",
                    "fr": "La conduite responsable des affaires fait-elle partie de votre plan"
                    " d'affaires écrit ?",
                    "de": "Ist verantwortungsvolles Wirtschaften Teil Ihres schriftlichen"
                    " Geschäftsplans?",
                },
            ),
            (
                1,
                {
                    "en": "Do you work with local partners, networks or business associations"
                    " on CSR?",
                    "nl": "Werkt u rond MVO samen met lokale partners, netwerken of"
                    " ondernemersorganisaties?",
                    "fr": "Travaillez-vous avec des partenaires locaux, des réseaux ou des"
                    " organisations professionnelles sur la RSE ?",
                    "de": "Arbeiten Sie beim Thema CSR mit lokalen Partnern, Netzwerken oder"
                    " Wirtschaftsverbänden zusammen?",
                },
            ),
        ],
    ),
    (
        "supply-chain",
        [
            (
                2,
                {
                    "en": "Do you ask your main suppliers about their social and environmental"
                    " practices?",
                    "nl": "Vraagt u uw belangrijkste leveranciers naar hun sociale en"
                    " milieupraktijken?",
                    "fr": "Interrogez-vous vos principaux fournisseurs sur leurs pratiques"
                    " sociales et environnementales ?",
                    "de": "Fragen Sie Ihre wichtigsten Lieferanten nach ihren sozialen und"
                    " ökologischen Praktiken?",
                },
            ),
            (
                1,
                {
                    "en": "Do sustainability criteria count when you choose a supplier?",
                    "nl": "Tellen duurzaamheidscriteria mee wanneer u een leverancier kiest?",
                    "fr": "Les critères de durabilité comptent-ils dans le choix d'un"
                    " fournisseur ?",
                    "de": "Zählen Nachhaltigkeitskriterien, wenn Sie einen Lieferanten auswählen?",
                },
            ),
            (
                1,
                {
                    "en": "Do you pay your suppliers on time?",
                    "nl": "Betaalt u uw leveranciers op tijd?",
                    "fr": "Payez-vous vos fournisseurs dans les délais ?",
                    "de": "Bezahlen Sie Ihre Lieferanten pünktlich?",
                },
            ),
        ],
    ),
    (
        "skills-employability",
        [
            (
                2,
                {
                    "en": "Does every employee have a training or development plan?",
                    "nl": "Heeft elke medewerker een opleidings- of ontwikkelingsplan?",
                    "fr": "Chaque salarié a-t-il un plan de formation ou de développement ?",
                    "de": "Hat jede Mitarbeiterin und jeder Mitarbeiter einen Weiterbildungs-"
                    " oder Entwicklungsplan?",
                },
            ),
            (
                1,
                {
                    "en": "Do you offer apprenticeships, internships or work placements?",
                    "nl": "Biedt u leerplaatsen, stages of werkervaringsplaatsen aan?",
                    "fr": "Proposez-vous des apprentissages, des stages ou des périodes"
                    " d'immersion ?",
                    "de": "Bieten Sie Ausbildungsplätze, Praktika oder Arbeitserprobungen an?",
                },
            ),
        ],
    ),
    (
        "diversity-equal-opportunities",
        [
            (
                2,
                {
                    "en": "Do you recruit and promote people on clear criteria that are the"
                    " same for everyone?",
                    "nl": "Werft u mensen aan en bevordert u ze op duidelijke criteria die"
                    " voor iedereen gelijk zijn?",
                    "fr": "Recrutez-vous et promouvez-vous sur la base de critères clairs,"
                    " identiques pour tous ?",
                    "de": "Stellen Sie Menschen nach klaren, für alle gleichen Kriterien ein"
                    " und befördern Sie sie danach?",
                },
            ),
            (
                1,
                {
                    "en": "Do you adapt work for older employees and people with a disability?",
                    "nl": "Past u het werk aan voor oudere medewerkers en mensen met een"
                    " beperking?",
                    "fr": "Adaptez-vous le travail aux salariés âgés et aux personnes en"
                    " situation de handicap ?",
                    "de": "Passen Sie die Arbeit für ältere Beschäftigte und Menschen mit"
                    " Behinderung an?",
                },
            ),
        ],
    ),
    (
        "working-conditions",
        [
            (
                2,
                {
                    "en": "Do you assess health and safety risks at work and act on them?",
                    "nl": "Brengt u de risico's voor veiligheid en gezondheid op het werk in"
                    " kaart en pakt u ze aan?",
                    "fr": "Évaluez-vous les risques pour la santé et la sécurité au travail et"
                    " agissez-vous en conséquence ?",
                    "de": "Beurteilen Sie Gesundheits- und Sicherheitsrisiken am Arbeitsplatz"
                    " und handeln Sie danach?",
                },
            ),
            (
                1,
                {
                    "en": "Do employees have a say in how their work is organised?",
                    "nl": "Hebben medewerkers inspraak in de organisatie van hun werk?",
                    "fr": "Les salariés ont-ils leur mot à dire sur l'organisation de leur"
                    " travail ?",
                    "de": "Haben die Beschäftigten ein Mitspracherecht bei der Organisation"
                    " ihrer Arbeit?",
                },
            ),
        ],
    ),
    (
        "eco-efficiency",
        [
            (
                2,
                {
                    "en": "Do you measure your energy and water use and your waste?",
                    "nl": "Meet u uw energie- en waterverbruik en uw afval?",
                    "fr": "Mesurez-vous votre consommation d'énergie et d'eau et vos déchets ?",
                    "de": "Messen Sie Ihren Energie- und Wasserverbrauch und Ihre Abfälle?",
                },
            ),
            (
                2,
                {
                    "en": "Do you have targets to reduce them?",
                    "nl": "Hebt u doelstellingen om ze te verminderen?",
                    "fr": "Avez-vous des objectifs pour les réduire ?",
                    "de": "Haben Sie Ziele, um sie zu verringern?",
                },
            ),
            (
                1,
                {
                    "en": "Do you consider the environmental impact of a product over its whole"
                    " life?",
                    "nl": "Houdt u rekening met de milieu-impact van een product over zijn"
                    " hele levensduur?",
                    "fr": "Tenez-vous compte de l'impact environnemental d'un produit sur"
                    " tout son cycle de vie ?",
                    "de": "Berücksichtigen Sie die Umweltwirkung eines Produkts über seinen"
                    " gesamten Lebenszyklus?",
                },
            ),
        ],
    ),
    (
        "stakeholder-engagement",
        [
            (
                1,
                {
                    "en": "Do you know what your customers, neighbours and employees expect"
                    " of you?",
                    "nl": "Weet u wat uw klanten, buren en medewerkers van u verwachten?",
                    "fr": "Savez-vous ce que vos clients, vos voisins et vos salariés attendent"
                    " de vous ?",
                    "de": "Wissen Sie, was Ihre Kunden, Nachbarn und Beschäftigten von Ihnen"
                    " erwarten?",
                },
            ),
            (
                1,
                {
                    "en": "Do you discuss your plans with them regularly?",
                    "nl": "Bespreekt u uw plannen geregeld met hen?",
                    "fr": "Discutez-vous régulièrement de vos projets avec eux ?",
                    "de": "Besprechen Sie Ihre Pläne regelmäßig mit ihnen?",
                },
            ),
        ],
    ),
    (
        "transparency-reporting",
        [
            (
                2,
                {
                    "en": "Do you publish information about your social and environmental"
                    " performance?",
                    "nl": "Publiceert u informatie over uw sociale en milieuprestaties?",
                    "fr": "Publiez-vous des informations sur vos performances sociales et"
                    " environnementales ?",
                    "de": "Veröffentlichen Sie Informationen über Ihre sozialen und"
                    " ökologischen Leistungen?",
                },
            ),
            (
                1,
                {
                    "en": "Do you follow a few key figures on CSR over the years?",
                    "nl": "Volgt u enkele kerncijfers over MVO door de jaren heen?",
                    "fr": "Suivez-vous quelques indicateurs clés de RSE au fil des années ?",
                    "de": "Verfolgen Sie einige CSR-Kennzahlen über die Jahre?",
                },
            ),
        ],
    ),
    (
        "responsible-international-operations",
        [
            (
                2,
                {
                    "en": "When you buy or sell outside the EU, do you check for risks to"
                    " human rights and the environment?",
                    "nl": "Controleert u bij aankoop of verkoop buiten de EU op risico's voor"
                    " mensenrechten en milieu?",
                    "fr": "Lorsque vous achetez ou vendez hors de l'UE, vérifiez-vous les"
                    " risques pour les droits humains et l'environnement ?",
                    "de": "Prüfen Sie beim Ein- oder Verkauf außerhalb der EU Risiken für"
                    " Menschenrechte und Umwelt?",
                },
            ),
            (
                1,
                {
                    "en": "Do you apply the same standards abroad as at home?",
                    "nl": "Past u in het buitenland dezelfde normen toe als thuis?",
                    "fr": "Appliquez-vous à l'étranger les mêmes normes que chez vous ?",
                    "de": "Wenden Sie im Ausland dieselben Standards an wie im Inland?",
                },
            ),
        ],
    ),
]

LANGUAGES = ("en", "nl", "fr", "de")


def _columns(field: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{language}": texts[language] for language in LANGUAGES}


@transaction.atomic
def seed() -> Questionnaire:
    existing = Questionnaire.objects.filter(key=KEY).order_by("-version").first()
    if existing is not None:
        return existing
    questionnaire = Questionnaire.objects.create(
        key=KEY, **_columns("title", TITLE), **_columns("introduction", INTRODUCTION)
    )
    themes = Theme.objects.in_bulk([slug for slug, _ in QUESTIONS], field_name="slug")
    for position, (slug, questions) in enumerate(QUESTIONS):
        theme = themes[slug]
        section = Section.objects.create(
            questionnaire=questionnaire,
            position=position,
            theme=theme,
            **{f"title_{lang}": getattr(theme, f"name_{lang}") or theme.name for lang in LANGUAGES},
        )
        for number, (weight, text) in enumerate(questions):
            question = Question.objects.create(
                section=section, position=number, weight=weight, **_columns("text", text)
            )
            for points, label in enumerate(SCALE):
                Option.objects.create(
                    question=question, position=points, points=points, **_columns("label", label)
                )
    return services.questionnaire_publish(questionnaire=questionnaire)
