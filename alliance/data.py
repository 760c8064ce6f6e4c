"""The Alliance's three areas of activity, as COM(2006) 136 names them; summaries are ours.

Stored in English in the ``*_en`` columns and, from ``TRANSLATIONS``, in Dutch, French and
German (django-modeltranslation); editable in the admin afterwards.
"""

ACTIVITY_AREAS: list[tuple[str, str, str]] = [
    (
        "awareness-knowledge",
        "Raising awareness and improving knowledge on CSR and reporting on its achievements",
        (
            "Sharing good practice, tools and research so that companies of every size can see "
            "what responsible business looks like in practice, and reporting on what has been "
            "achieved."
        ),
    ),
    (
        "open-coalitions",
        "Helping to mainstream and develop open coalitions of cooperation",
        (
            "Companies that want to tackle one of the ten priority areas together meet in "
            "laboratory meetings with experts and stakeholders to develop joint projects."
        ),
    ),
    (
        "enabling-environment",
        "Ensuring an enabling environment for CSR",
        (
            "Public authorities, business and stakeholders working so that voluntary efforts "
            "on CSR are recognised, encouraged and easy to start."
        ),
    ),
]

# What each open coalition sets out to do; the portal's own words.
COALITION_PURPOSES: dict[str, str] = {
    "sustainable-innovation": (
        "Companies that turn societal needs into products and services: sharing how they "
        "involve users and stakeholders in innovation, and starting joint pilots."
    ),
    "sme-growth": (
        "Helping small firms make CSR part of how they grow: simple tools, peer learning "
        "between owner-managers, and support from associations and chambers."
    ),
    "supply-chain": (
        "Bringing social and environmental criteria into purchasing and supplier relations, "
        "with practical help for the small suppliers who have to meet them."
    ),
    "skills-employability": (
        "Training, apprenticeships and lifelong learning that keep people employable, "
        "designed with schools, training providers and trade unions."
    ),
    "diversity-equal-opportunities": (
        "Recruiting and keeping a diverse workforce and preparing for an ageing population: "
        "what works in companies of different sizes."
    ),
    "working-conditions": (
        "Healthy, safe and fair work in the company and along the supply chain, developed "
        "together with workers' representatives."
    ),
    "eco-efficiency": (
        "Using less energy and fewer materials in products, services and production, and "
        "measuring the savings."
    ),
    "stakeholder-engagement": (
        "Ways to listen to and work with employees, neighbours, customers, investors and NGOs "
        "before decisions are made, not after."
    ),
    "transparency-reporting": (
        "Making non-financial performance understandable and linking it to financial results, "
        "with reporting formats small companies can manage."
    ),
    "responsible-international-operations": (
        "Acting abroad as at home: human rights, labour standards and the environment in "
        "operations and sourcing outside the European Union."
    ),
}

# English → (Dutch, French, German).
TRANSLATIONS: dict[str, tuple[str, str, str]] = {
    "Raising awareness and improving knowledge on CSR and reporting on its achievements": (
        "Bewustzijn en kennis over MVO vergroten en verslag uitbrengen over de resultaten",
        "Sensibiliser à la RSE, améliorer les connaissances et rendre compte des résultats",
        "Das Bewusstsein für CSR schärfen, das Wissen darüber verbessern und über die Erfolge "
        "berichten",
    ),
    "Sharing good practice, tools and research so that companies of every size can see "
    "what responsible business looks like in practice, and reporting on what has been "
    "achieved.": (
        "Goede praktijken, instrumenten en onderzoek delen, zodat bedrijven van elke omvang zien "
        "hoe verantwoord ondernemen er in de praktijk uitziet, en verslag doen van wat bereikt is.",
        "Partager bonnes pratiques, outils et études pour que les entreprises de toute taille "
        "voient à quoi ressemble concrètement une entreprise responsable, et rendre compte des "
        "résultats obtenus.",
        "Gute Praxis, Werkzeuge und Forschung teilen, damit Unternehmen jeder Größe sehen, wie "
        "verantwortungsvolles Wirtschaften konkret aussieht, und über das Erreichte berichten.",
    ),
    "Helping to mainstream and develop open coalitions of cooperation": (
        "Open samenwerkingsverbanden helpen verankeren en ontwikkelen",
        "Contribuer à généraliser et à développer des coalitions ouvertes de coopération",
        "Offene Kooperationsbündnisse verbreiten und weiterentwickeln",
    ),
    "Companies that want to tackle one of the ten priority areas together meet in "
    "laboratory meetings with experts and stakeholders to develop joint projects.": (
        "Bedrijven die samen een van de tien prioritaire thema's willen aanpakken, komen in "
        "laboratoriumbijeenkomsten samen met deskundigen en belanghebbenden om gezamenlijke "
        "projecten uit te werken.",
        "Les entreprises qui veulent s'attaquer ensemble à l'un des dix domaines prioritaires se "
        "retrouvent en laboratoires avec des experts et des parties prenantes pour monter des "
        "projets communs.",
        "Unternehmen, die eines der zehn Schwerpunktthemen gemeinsam angehen wollen, treffen sich "
        "in Laboren mit Fachleuten und Stakeholdern, um gemeinsame Projekte zu entwickeln.",
    ),
    "Ensuring an enabling environment for CSR": (
        "Zorgen voor een gunstig klimaat voor MVO",
        "Créer un environnement favorable à la RSE",
        "Günstige Rahmenbedingungen für CSR schaffen",
    ),
    "Public authorities, business and stakeholders working so that voluntary efforts "
    "on CSR are recognised, encouraged and easy to start.": (
        "Overheden, bedrijfsleven en belanghebbenden zetten zich ervoor in dat vrijwillige "
        "inspanningen voor MVO erkend en aangemoedigd worden en gemakkelijk te beginnen zijn.",
        "Pouvoirs publics, entreprises et parties prenantes agissent pour que les démarches "
        "volontaires de RSE soient reconnues, encouragées et faciles à lancer.",
        "Behörden, Wirtschaft und Stakeholder setzen sich dafür ein, dass freiwilliges "
        "CSR-Engagement anerkannt, gefördert und leicht begonnen werden kann.",
    ),
    # Coalition purposes
    "Companies that turn societal needs into products and services: sharing how they "
    "involve users and stakeholders in innovation, and starting joint pilots.": (
        "Bedrijven die maatschappelijke behoeften omzetten in producten en diensten: ze delen "
        "hoe ze gebruikers en belanghebbenden bij innovatie betrekken en starten samen pilots.",
        "Des entreprises qui transforment des besoins de société en produits et services : "
        "elles partagent leur façon d'associer utilisateurs et parties prenantes à l'innovation "
        "et lancent des projets pilotes communs.",
        "Unternehmen, die gesellschaftliche Bedürfnisse in Produkte und Dienstleistungen "
        "umsetzen: Sie zeigen, wie sie Nutzer und Stakeholder in Innovation einbeziehen, und "
        "starten gemeinsame Pilotprojekte.",
    ),
    "Helping small firms make CSR part of how they grow: simple tools, peer learning "
    "between owner-managers, and support from associations and chambers.": (
        "Kleine bedrijven helpen MVO deel te maken van hun groei: eenvoudige instrumenten, "
        "ondernemers die van elkaar leren en steun van branche- en handelsorganisaties.",
        "Aider les petites entreprises à faire de la RSE un moteur de leur croissance : des "
        "outils simples, des échanges entre dirigeants et l'appui des fédérations et des "
        "chambres.",
        "Kleinen Firmen helfen, CSR zum Teil ihres Wachstums zu machen: einfache Werkzeuge, "
        "Austausch unter Inhaberinnen und Inhabern und Unterstützung durch Verbände und Kammern.",
    ),
    "Bringing social and environmental criteria into purchasing and supplier relations, "
    "with practical help for the small suppliers who have to meet them.": (
        "Sociale en milieucriteria opnemen in inkoop en leveranciersrelaties, met praktische "
        "hulp voor de kleine leveranciers die eraan moeten voldoen.",
        "Intégrer des critères sociaux et environnementaux dans les achats et les relations "
        "avec les fournisseurs, avec une aide concrète pour les petits fournisseurs qui doivent "
        "les respecter.",
        "Soziale und ökologische Kriterien in Einkauf und Lieferantenbeziehungen verankern, mit "
        "praktischer Hilfe für die kleinen Zulieferer, die sie erfüllen müssen.",
    ),
    "Training, apprenticeships and lifelong learning that keep people employable, "
    "designed with schools, training providers and trade unions.": (
        "Opleiding, leerlingplaatsen en levenslang leren die mensen inzetbaar houden, "
        "ontwikkeld samen met scholen, opleiders en vakbonden.",
        "Formation, apprentissage et formation tout au long de la vie pour rester employable, "
        "conçus avec les écoles, les organismes de formation et les syndicats.",
        "Aus- und Weiterbildung sowie lebenslanges Lernen, die Menschen beschäftigungsfähig "
        "halten, entwickelt mit Schulen, Bildungsträgern und Gewerkschaften.",
    ),
    "Recruiting and keeping a diverse workforce and preparing for an ageing population: "
    "what works in companies of different sizes.": (
        "Een divers personeelsbestand aantrekken en behouden en voorbereid zijn op de "
        "vergrijzing: wat werkt in bedrijven van verschillende omvang.",
        "Recruter et fidéliser des équipes diversifiées et se préparer au vieillissement de la "
        "population : ce qui marche dans des entreprises de tailles différentes.",
        "Vielfältige Belegschaften gewinnen und halten und sich auf eine alternde Bevölkerung "
        "vorbereiten: was in Unternehmen unterschiedlicher Größe funktioniert.",
    ),
    "Healthy, safe and fair work in the company and along the supply chain, developed "
    "together with workers' representatives.": (
        "Gezond, veilig en eerlijk werk in het bedrijf en in de hele toeleveringsketen, "
        "ontwikkeld samen met werknemersvertegenwoordigers.",
        "Un travail sain, sûr et équitable dans l'entreprise et tout au long de la chaîne "
        "d'approvisionnement, construit avec les représentants du personnel.",
        "Gesunde, sichere und faire Arbeit im Unternehmen und entlang der Lieferkette, "
        "gemeinsam mit den Beschäftigtenvertretungen entwickelt.",
    ),
    "Using less energy and fewer materials in products, services and production, and "
    "measuring the savings.": (
        "Minder energie en materiaal gebruiken in producten, diensten en productie, en de "
        "besparing meten.",
        "Consommer moins d'énergie et de matières dans les produits, les services et la "
        "production, et mesurer les économies réalisées.",
        "Weniger Energie und Material in Produkten, Dienstleistungen und Produktion einsetzen "
        "und die Einsparungen messen.",
    ),
    "Ways to listen to and work with employees, neighbours, customers, investors and NGOs "
    "before decisions are made, not after.": (
        "Manieren om te luisteren naar en samen te werken met medewerkers, buren, klanten, "
        "investeerders en ngo's vóór beslissingen vallen, niet erna.",
        "Des façons d'écouter salariés, riverains, clients, investisseurs et ONG et de "
        "travailler avec eux avant que les décisions soient prises, pas après.",
        "Wege, Beschäftigten, Nachbarn, Kunden, Investoren und NGOs zuzuhören und mit ihnen "
        "zusammenzuarbeiten, bevor Entscheidungen fallen, nicht danach.",
    ),
    "Making non-financial performance understandable and linking it to financial results, "
    "with reporting formats small companies can manage.": (
        "Niet-financiële prestaties begrijpelijk maken en koppelen aan financiële resultaten, "
        "met verslagvormen die ook kleine bedrijven aankunnen.",
        "Rendre les performances extra-financières compréhensibles et les relier aux résultats "
        "financiers, avec des formats de reporting à la portée des petites entreprises.",
        "Nichtfinanzielle Leistung verständlich machen und mit den finanziellen Ergebnissen "
        "verknüpfen, in Berichtsformaten, die auch kleine Unternehmen bewältigen.",
    ),
    "Acting abroad as at home: human rights, labour standards and the environment in "
    "operations and sourcing outside the European Union.": (
        "In het buitenland handelen zoals thuis: mensenrechten, arbeidsnormen en milieu bij "
        "activiteiten en inkoop buiten de Europese Unie.",
        "Agir à l'étranger comme chez soi : droits de l'homme, normes du travail et "
        "environnement dans les activités et les achats hors de l'Union européenne.",
        "Im Ausland handeln wie zu Hause: Menschenrechte, Arbeitsnormen und Umwelt bei "
        "Geschäftstätigkeit und Beschaffung außerhalb der Europäischen Union.",
    ),
}
