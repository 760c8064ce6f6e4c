"""The shared vocabularies, as published by their sources, in the portal's four languages.

The ten priority areas are the Alliance's own list (COM(2006) 136, "Helping to mainstream CSR
and develop open coalitions of cooperation"); their slugs are the stable keys other apps,
imports and URLs use. ISO 26000 names its seven core subjects; NACE Rev. 2 its 21 sections and
their 88 divisions (coded with their section's letter: ``C25``).

The English names are stored in the ``*_en`` columns and the Dutch, French and German ones,
from ``TRANSLATIONS``, in ``*_nl``, ``*_fr`` and ``*_de`` (django-modeltranslation); they are
data, not catalogue strings. ISO 26000 and NACE names follow the standards' own translations.
"""

SOURCE_COM_2006_136 = "COM(2006) 136, Implementing the partnership for growth and jobs"

PRIORITY_AREAS: list[tuple[str, str, str]] = [
    (
        "sustainable-innovation",
        ("Sustainable innovation and entrepreneurship"),
        (
            "Fostering innovation and entrepreneurship in sustainable technologies, products and "
            "services which address societal needs."
        ),
    ),
    (
        "sme-growth",
        ("Helping SMEs flourish and grow"),
        ("Helping SMEs to flourish and grow."),
    ),
    (
        "supply-chain",
        ("Responsible supply chains"),
        (
            "Assisting enterprises to integrate social and environmental considerations in their "
            "business operations, especially those in the supply chain."
        ),
    ),
    (
        "skills-employability",
        ("Skills for employability"),
        ("Improving and developing skills for employability."),
    ),
    (
        "diversity-equal-opportunities",
        ("Diversity and equal opportunities"),
        (
            "Better responding to diversity and the challenge of equal opportunities, taking into "
            "account demographic change and the rapid ageing of the European population."
        ),
    ),
    (
        "working-conditions",
        ("Working conditions"),
        ("Improving working conditions, also in cooperation with the supply chain."),
    ),
    (
        "eco-efficiency",
        ("Eco-efficiency and energy savings"),
        (
            "Innovating in the environment field, with a special focus on integrating "
            "eco-efficiency and energy savings in the product and service creation process."
        ),
    ),
    (
        "stakeholder-engagement",
        ("Stakeholder dialogue and engagement"),
        ("Enhancing pro-active dialogue and engagement with all relevant stakeholders."),
    ),
    (
        "transparency-reporting",
        ("Transparency and reporting"),
        (
            "Making the non-financial performance of companies and organisations more "
            "understandable for all stakeholders and better integrated with their financial "
            "performance."
        ),
    ),
    (
        "responsible-international-operations",
        ("Responsible operations outside the EU"),
        (
            "Operating outside the borders of the European Union in a socially and environmentally "
            "responsible way, as companies do inside the European Union."
        ),
    ),
]

ISO26000_SUBJECTS: list[tuple[str, str]] = [
    ("organizational-governance", ("Organizational governance")),
    ("human-rights", ("Human rights")),
    ("labour-practices", ("Labour practices")),
    ("environment", ("The environment")),
    ("fair-operating-practices", ("Fair operating practices")),
    ("consumer-issues", ("Consumer issues")),
    ("community-involvement", ("Community involvement and development")),
]

# NACE Rev. 2 sections; their divisions are in NACE_DIVISIONS.
NACE_SECTORS: list[tuple[str, str]] = [
    ("A", ("Agriculture, forestry and fishing")),
    ("B", ("Mining and quarrying")),
    ("C", ("Manufacturing")),
    ("D", ("Electricity, gas, steam and air conditioning supply")),
    ("E", ("Water supply; sewerage, waste management and remediation")),
    ("F", ("Construction")),
    ("G", ("Wholesale and retail trade; repair of motor vehicles")),
    ("H", ("Transportation and storage")),
    ("I", ("Accommodation and food service activities")),
    ("J", ("Information and communication")),
    ("K", ("Financial and insurance activities")),
    ("L", ("Real estate activities")),
    ("M", ("Professional, scientific and technical activities")),
    ("N", ("Administrative and support service activities")),
    ("O", ("Public administration and defence; compulsory social security")),
    ("P", ("Education")),
    ("Q", ("Human health and social work activities")),
    ("R", ("Arts, entertainment and recreation")),
    ("S", ("Other service activities")),
    ("T", ("Activities of households as employers")),
    ("U", ("Activities of extraterritorial organisations and bodies")),
]

# English → (Dutch, French, German).
TRANSLATIONS: dict[str, tuple[str, str, str]] = {
    # Priority areas
    "Sustainable innovation and entrepreneurship": (
        "Duurzame innovatie en ondernemerschap",
        "Innovation et entrepreneuriat durables",
        "Nachhaltige Innovation und Unternehmertum",
    ),
    "Fostering innovation and entrepreneurship in sustainable technologies, products and "
    "services which address societal needs.": (
        "Innovatie en ondernemerschap stimuleren in duurzame technologieën, producten en diensten "
        "die aan maatschappelijke behoeften beantwoorden.",
        "Encourager l'innovation et l'esprit d'entreprise dans les technologies, produits et "
        "services durables qui répondent aux besoins de la société.",
        "Innovation und Unternehmergeist bei nachhaltigen Technologien, Produkten und "
        "Dienstleistungen fördern, die gesellschaftlichen Bedürfnissen gerecht werden.",
    ),
    "Helping SMEs flourish and grow": (
        "Kleine en middelgrote ondernemingen laten groeien en bloeien",
        "Aider les PME à prospérer et à se développer",
        "KMU beim Wachsen und Gedeihen unterstützen",
    ),
    "Helping SMEs to flourish and grow.": (
        "Kleine en middelgrote ondernemingen helpen groeien en bloeien.",
        "Aider les PME à prospérer et à se développer.",
        "Kleine und mittlere Unternehmen dabei unterstützen, zu wachsen und zu gedeihen.",
    ),
    "Responsible supply chains": (
        "Verantwoorde toeleveringsketens",
        "Chaînes d'approvisionnement responsables",
        "Verantwortungsvolle Lieferketten",
    ),
    "Assisting enterprises to integrate social and environmental considerations in their "
    "business operations, especially those in the supply chain.": (
        "Ondernemingen helpen sociale en milieuoverwegingen in hun bedrijfsvoering op te nemen, "
        "vooral in de toeleveringsketen.",
        "Aider les entreprises à intégrer les préoccupations sociales et environnementales dans "
        "leurs activités, en particulier dans la chaîne d'approvisionnement.",
        "Unternehmen dabei helfen, soziale und ökologische Belange in ihre Geschäftstätigkeit "
        "einzubeziehen, vor allem in der Lieferkette.",
    ),
    "Skills for employability": (
        "Vaardigheden voor inzetbaarheid",
        "Compétences pour l'employabilité",
        "Kompetenzen für die Beschäftigungsfähigkeit",
    ),
    "Improving and developing skills for employability.": (
        "Vaardigheden verbeteren en ontwikkelen die mensen inzetbaar houden op de arbeidsmarkt.",
        "Améliorer et développer les compétences qui favorisent l'employabilité.",
        "Kompetenzen für die Beschäftigungsfähigkeit verbessern und weiterentwickeln.",
    ),
    "Diversity and equal opportunities": (
        "Diversiteit en gelijke kansen",
        "Diversité et égalité des chances",
        "Vielfalt und Chancengleichheit",
    ),
    "Better responding to diversity and the challenge of equal opportunities, taking into "
    "account demographic change and the rapid ageing of the European population.": (
        "Beter inspelen op diversiteit en de uitdaging van gelijke kansen, rekening houdend met "
        "de demografische verandering en de snelle vergrijzing van de Europese bevolking.",
        "Mieux répondre à la diversité et au défi de l'égalité des chances, en tenant compte de "
        "l'évolution démographique et du vieillissement rapide de la population européenne.",
        "Besser auf Vielfalt und die Herausforderung der Chancengleichheit eingehen, mit Blick "
        "auf den demografischen Wandel und die rasche Alterung der europäischen Bevölkerung.",
    ),
    "Working conditions": (
        "Arbeidsomstandigheden",
        "Conditions de travail",
        "Arbeitsbedingungen",
    ),
    "Improving working conditions, also in cooperation with the supply chain.": (
        "Arbeidsomstandigheden verbeteren, ook samen met de toeleveringsketen.",
        "Améliorer les conditions de travail, y compris en coopération avec la chaîne "
        "d'approvisionnement.",
        "Arbeitsbedingungen verbessern, auch in Zusammenarbeit mit der Lieferkette.",
    ),
    "Eco-efficiency and energy savings": (
        "Eco-efficiëntie en energiebesparing",
        "Éco-efficacité et économies d'énergie",
        "Ökoeffizienz und Energieeinsparung",
    ),
    "Innovating in the environment field, with a special focus on integrating "
    "eco-efficiency and energy savings in the product and service creation process.": (
        "Innoveren op milieugebied, met bijzondere aandacht voor eco-efficiëntie en "
        "energiebesparing bij het ontwikkelen van producten en diensten.",
        "Innover dans le domaine de l'environnement, en intégrant tout particulièrement "
        "l'éco-efficacité et les économies d'énergie dans la conception des produits et des "
        "services.",
        "Innovation im Umweltbereich, mit besonderem Augenmerk darauf, Ökoeffizienz und "
        "Energieeinsparung in die Entwicklung von Produkten und Dienstleistungen einzubeziehen.",
    ),
    "Stakeholder dialogue and engagement": (
        "Dialoog en samenwerking met belanghebbenden",
        "Dialogue et engagement avec les parties prenantes",
        "Dialog und Zusammenarbeit mit Stakeholdern",
    ),
    "Enhancing pro-active dialogue and engagement with all relevant stakeholders.": (
        "Een proactieve dialoog en samenwerking met alle betrokken belanghebbenden versterken.",
        "Renforcer le dialogue proactif et l'engagement avec toutes les parties prenantes "
        "concernées.",
        "Den vorausschauenden Dialog und die Zusammenarbeit mit allen relevanten Stakeholdern "
        "stärken.",
    ),
    "Transparency and reporting": (
        "Transparantie en verslaggeving",
        "Transparence et reporting",
        "Transparenz und Berichterstattung",
    ),
    "Making the non-financial performance of companies and organisations more "
    "understandable for all stakeholders and better integrated with their financial "
    "performance.": (
        "De niet-financiële prestaties van bedrijven en organisaties begrijpelijker maken voor "
        "alle belanghebbenden en beter verbinden met hun financiële prestaties.",
        "Rendre les performances extra-financières des entreprises et des organisations plus "
        "compréhensibles pour toutes les parties prenantes et mieux les relier à leurs "
        "performances financières.",
        "Die nichtfinanzielle Leistung von Unternehmen und Organisationen für alle Stakeholder "
        "verständlicher machen und enger mit ihrer finanziellen Leistung verknüpfen.",
    ),
    "Responsible operations outside the EU": (
        "Verantwoord ondernemen buiten de EU",
        "Des activités responsables hors de l'UE",
        "Verantwortungsvolles Wirtschaften außerhalb der EU",
    ),
    "Operating outside the borders of the European Union in a socially and environmentally "
    "responsible way, as companies do inside the European Union.": (
        "Ook buiten de grenzen van de Europese Unie sociaal en milieuverantwoord ondernemen, "
        "zoals bedrijven dat binnen de Unie doen.",
        "Exercer ses activités hors des frontières de l'Union européenne de manière socialement "
        "et écologiquement responsable, comme les entreprises le font au sein de l'Union.",
        "Außerhalb der Grenzen der Europäischen Union ebenso sozial und ökologisch "
        "verantwortungsvoll wirtschaften, wie es Unternehmen innerhalb der Union tun.",
    ),
    # ISO 26000 core subjects, as the standard's Dutch (NEN), French (AFNOR) and German (DIN)
    # editions name them.
    "Organizational governance": (
        "Bestuur van de organisatie",
        "Gouvernance de l'organisation",
        "Organisationsführung",
    ),
    "Human rights": ("Mensenrechten", "Droits de l'Homme", "Menschenrechte"),
    "Labour practices": (
        "Arbeidspraktijken",
        "Relations et conditions de travail",
        "Arbeitspraktiken",
    ),
    "The environment": ("Het milieu", "L'environnement", "Die Umwelt"),
    "Fair operating practices": (
        "Eerlijk zakendoen",
        "Loyauté des pratiques",
        "Faire Betriebs- und Geschäftspraktiken",
    ),
    "Consumer issues": (
        "Consumentenaangelegenheden",
        "Questions relatives aux consommateurs",
        "Konsumentenanliegen",
    ),
    "Community involvement and development": (
        "Betrokkenheid bij en ontwikkeling van de gemeenschap",
        "Communautés et développement local",
        "Einbindung und Entwicklung der Gemeinschaft",
    ),
    # NACE Rev. 2, after Eurostat's Dutch, French and German versions (some shortened, as the
    # English ones are).
    "Agriculture, forestry and fishing": (
        "Landbouw, bosbouw en visserij",
        "Agriculture, sylviculture et pêche",
        "Land- und Forstwirtschaft, Fischerei",
    ),
    "Mining and quarrying": (
        "Winning van delfstoffen",
        "Industries extractives",
        "Bergbau und Gewinnung von Steinen und Erden",
    ),
    "Manufacturing": ("Industrie", "Industrie manufacturière", "Verarbeitendes Gewerbe"),
    "Electricity, gas, steam and air conditioning supply": (
        "Productie en distributie van elektriciteit, gas, stoom en gekoelde lucht",
        "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
        "Energieversorgung",
    ),
    "Water supply; sewerage, waste management and remediation": (
        "Distributie van water; afval- en afvalwaterbeheer en sanering",
        "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
        "Wasserversorgung; Abwasser- und Abfallentsorgung, Beseitigung von Umweltverschmutzungen",
    ),
    "Construction": ("Bouwnijverheid", "Construction", "Baugewerbe"),
    "Wholesale and retail trade; repair of motor vehicles": (
        "Groot- en detailhandel; reparatie van motorvoertuigen",
        "Commerce de gros et de détail ; réparation d'automobiles",
        "Handel; Instandhaltung und Reparatur von Kraftfahrzeugen",
    ),
    "Transportation and storage": (
        "Vervoer en opslag",
        "Transports et entreposage",
        "Verkehr und Lagerei",
    ),
    "Accommodation and food service activities": (
        "Logies- en maaltijdverstrekking",
        "Hébergement et restauration",
        "Gastgewerbe",
    ),
    "Information and communication": (
        "Informatie en communicatie",
        "Information et communication",
        "Information und Kommunikation",
    ),
    "Financial and insurance activities": (
        "Financiële dienstverlening en verzekeringen",
        "Activités financières et d'assurance",
        "Finanz- und Versicherungsdienstleistungen",
    ),
    "Real estate activities": (
        "Exploitatie van en handel in onroerend goed",
        "Activités immobilières",
        "Grundstücks- und Wohnungswesen",
    ),
    "Professional, scientific and technical activities": (
        "Vrije beroepen en wetenschappelijke en technische activiteiten",
        "Activités spécialisées, scientifiques et techniques",
        "Freiberufliche, wissenschaftliche und technische Dienstleistungen",
    ),
    "Administrative and support service activities": (
        "Administratieve en ondersteunende diensten",
        "Activités de services administratifs et de soutien",
        "Sonstige wirtschaftliche Dienstleistungen",
    ),
    "Public administration and defence; compulsory social security": (
        "Openbaar bestuur en defensie; verplichte sociale verzekeringen",
        "Administration publique et défense ; sécurité sociale obligatoire",
        "Öffentliche Verwaltung und Verteidigung; Sozialversicherung",
    ),
    "Education": ("Onderwijs", "Enseignement", "Erziehung und Unterricht"),
    "Human health and social work activities": (
        "Gezondheidszorg en maatschappelijke dienstverlening",
        "Santé humaine et action sociale",
        "Gesundheits- und Sozialwesen",
    ),
    "Arts, entertainment and recreation": (
        "Kunst, amusement en recreatie",
        "Arts, spectacles et activités récréatives",
        "Kunst, Unterhaltung und Erholung",
    ),
    "Other service activities": (
        "Overige dienstverlening",
        "Autres activités de services",
        "Sonstige Dienstleistungen",
    ),
    "Activities of households as employers": (
        "Huishoudens als werkgever",
        "Activités des ménages en tant qu'employeurs",
        "Private Haushalte mit Hauspersonal",
    ),
    "Activities of extraterritorial organisations and bodies": (
        "Extraterritoriale organisaties en lichamen",
        "Activités des organisations et organismes extraterritoriaux",
        "Exterritoriale Organisationen und Körperschaften",
    ),
}
