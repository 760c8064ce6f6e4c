"""Demo practices written for the portal, in the import format (docs/knowledge.md).

In the spirit of the "large box" the Trivisi pioneering groups filled in Flanders: guides,
checklists, exercises, training sessions, working instruments, studies and handbooks for
companies, especially SMEs, and for the organisations that support them. The publishers are
invented. The last three records are a draft, an archived practice and one in review: they must
never appear in search.
"""

from __future__ import annotations


def _p(
    id: str,
    title: str,
    summary: str,
    body: str,
    type: str,
    themes: list[str],
    iso: list[str],
    audience: list[str],
    sectors: list[str],
    countries: list[str],
    language: str,
    year: int,
    publisher: str,
    status: str = "published",
) -> dict:
    return {
        "id": id,
        "title": title,
        "summary": summary,
        "body": body,
        "type": type,
        "themes": sorted(themes),
        "iso26000": sorted(iso),
        "audience": sorted(audience),
        "sectors": sorted(sectors),
        "countries": sorted(countries),
        "language": language,
        "year": year,
        "publisher": publisher,
        "url": "",
        "status": status,
    }


PRACTICES: list[dict] = [
    # --- English ------------------------------------------------------------------------------
    _p(
        "demo-en-01",
        "Energy audit checklist for small workshops",
        "Twenty questions that help a workshop with fewer than fifty staff find where its "
        "electricity and heat go, and which savings pay back within two years.",
        "Walk through the building with this checklist before you call a consultant.\n\n"
        "- Compressed air: listen for leaks after closing time\n"
        "- Lighting: count fittings that still use fluorescent tubes\n"
        "- Heating: check whether doors to the loading bay stay open\n\n"
        "Most workshops that used the checklist found savings of 10 to 15 percent on their "
        "energy bill without new machines.",
        "checklist",
        ["eco-efficiency", "sme-growth"],
        ["environment"],
        ["sme"],
        ["C", "C28"],
        ["BE"],
        "en",
        2023,
        "Regional SME Energy Desk",
    ),
    _p(
        "demo-en-02",
        "Writing a supplier code of conduct that suppliers can meet",
        "How a small buyer drafts a supplier code of conduct on labour, environment and "
        "bribery, agrees it with its main suppliers and follows it up without costly audits.",
        "A supplier code of conduct only works when suppliers help write it. This guide shows "
        "the steps: map your twenty largest suppliers, pick the risks that matter in their "
        "countries, draft short commitments, discuss them in a supplier day, and agree how "
        "progress is shown. Templates for a one-page code and a self-assessment are included.",
        "guide",
        ["supply-chain", "responsible-international-operations"],
        ["fair-operating-practices", "labour-practices", "human-rights"],
        ["sme", "large-enterprise"],
        ["C", "G"],
        ["BE", "NL"],
        "en",
        2022,
        "Responsible Sourcing Network",
    ),
    _p(
        "demo-en-03",
        "Learning on the job: a handbook for workplace learning in SMEs",
        "Practical ways for small firms to organise learning at the workplace: mentoring, job "
        "rotation, learning plans and short training moments between tasks.",
        "Small companies rarely have a training department, yet their staff learn every day. "
        "The handbook, based on the work of a pioneering group on learning, describes how to "
        "make that learning visible: a learning plan per employee, an experienced colleague as "
        "mentor, rotation between machines, and a yearly conversation about skills.",
        "handbook",
        ["skills-employability", "sme-growth"],
        ["labour-practices"],
        ["sme", "trainer"],
        [],
        ["BE"],
        "en",
        2021,
        "Trivisi pioneering group on learning",
    ),
    _p(
        "demo-en-04",
        "Apprenticeship programme in a family-owned bakery",
        "A bakery with 35 staff trains four apprentices a year with the local vocational "
        "school; most of them stay after their apprenticeship.",
        "The bakery pairs each apprentice with a master baker for two years. Apprentices "
        "rotate between dough, ovens and the shop, and spend one day a week at school. The "
        "owner reports lower recruitment costs and a younger team.",
        "case-study",
        ["skills-employability"],
        ["labour-practices", "community-involvement"],
        ["sme"],
        ["C", "I"],
        ["DE"],
        "en",
        2020,
        "Chamber of Crafts network",
    ),
    _p(
        "demo-en-05",
        "Diversity in recruitment: an exercise for hiring managers",
        "A two-hour exercise in which managers rewrite a real job advertisement and compare "
        "how candidates with different backgrounds would read it.",
        "Participants bring a recent vacancy notice. In pairs they remove requirements that "
        "are not needed for the job, replace jargon, and check the wording for unintended "
        "barriers for women, older workers and people with a migrant background. The exercise "
        "ends with a short plan for the next recruitment round.",
        "exercise",
        ["diversity-equal-opportunities"],
        ["labour-practices", "human-rights"],
        ["sme", "large-enterprise", "trainer"],
        [],
        ["BE", "NL"],
        "en",
        2022,
        "Trivisi pioneering group on diversity",
    ),
    _p(
        "demo-en-06",
        "Stakeholder dialogue in five steps",
        "A working instrument to find out who your stakeholders are, what they expect and how "
        "to talk with them regularly.",
        "Step one lists everyone affected by the company: staff, neighbours, customers, "
        "suppliers, the municipality. Step two ranks them by influence and interest. Steps three "
        "to five plan a first meeting, record what was said and report back what the company "
        "changed. A worksheet for each step is included.",
        "instrument",
        ["stakeholder-engagement"],
        ["organizational-governance", "community-involvement"],
        ["sme", "intermediary"],
        [],
        ["BE"],
        "en",
        2021,
        "Trivisi pioneering group on stakeholder management",
    ),
    _p(
        "demo-en-07",
        "A first sustainability report for a small company",
        "How to write a short, honest sustainability report in ten pages: what to measure, "
        "which indicators to choose and how to present results that are not yet good.",
        "Start with what you already measure: energy, waste, accidents, training hours, "
        "complaints. Choose at most fifteen indicators, explain why, and compare with last "
        "year. Say plainly where targets were missed. The guide contains a report template and "
        "examples from three SMEs.",
        "guide",
        ["transparency-reporting", "sme-growth"],
        ["organizational-governance"],
        ["sme"],
        [],
        ["NL", "BE"],
        "en",
        2024,
        "Transparency Benchmark Foundation",
    ),
    _p(
        "demo-en-08",
        "Training session: health and safety for team leaders",
        "A one-day training session on preventing accidents and work-related stress, for team "
        "leaders in manufacturing and logistics.",
        "The morning covers risk assessment on the shop floor and the team leader's role in "
        "reporting near misses. The afternoon covers workload, stress signals and the "
        "conversation with an employee who is absent often. Trainers get slides and exercises.",
        "training",
        ["working-conditions"],
        ["labour-practices"],
        ["trainer", "sme"],
        ["C", "H"],
        ["BE", "FR"],
        "en",
        2023,
        "Prevention Training Centre",
    ),
    _p(
        "demo-en-09",
        "Exploratory study: CSR in small and medium-sized enterprises",
        "What do owners of SMEs understand by corporate social responsibility, what do they "
        "already do, and what stops them? Interviews with sixty companies.",
        "Most owners practise responsible business without calling it so: they look after "
        "their staff, their village and their customers. They lack time and plain information, "
        "not willingness. The study recommends a single knowledge centre with short, practical "
        "instruments rather than long reports.",
        "study",
        ["sme-growth", "stakeholder-engagement"],
        ["organizational-governance"],
        ["public-authority", "intermediary"],
        [],
        ["BE"],
        "en",
        2003,
        "Flemish Knowledge Centre CSR",
    ),
    _p(
        "demo-en-10",
        "Eco-design of packaging: good practice from a cosmetics maker",
        "A medium-sized cosmetics producer cut packaging weight by a third and switched to "
        "recycled plastic while keeping its products on shop shelves.",
        "The company redesigned its bottles together with its packaging supplier and two "
        "retailers. Lighter bottles lowered transport costs. The good practice lists the "
        "decisions, the costs, and the mistakes made in the first test series.",
        "good-practice",
        ["sustainable-innovation", "eco-efficiency"],
        ["environment", "consumer-issues"],
        ["sme", "large-enterprise"],
        ["C"],
        ["FR"],
        "en",
        2022,
        "Circular Economy Club",
    ),
    _p(
        "demo-en-11",
        "Human rights due diligence for exporters",
        "A guide for companies that sell or source abroad: how to identify, prevent and account "
        "for human rights risks in international operations.",
        "Based on the OECD Guidelines and the UN Guiding Principles. The guide explains risk "
        "mapping by country and sector, grievance mechanisms for workers at suppliers, and how "
        "to act when a partner violates rights. It includes a country risk worksheet.",
        "guide",
        ["responsible-international-operations", "supply-chain"],
        ["human-rights", "fair-operating-practices"],
        ["large-enterprise", "sme"],
        ["G", "C"],
        ["XX", "BE"],
        "en",
        2023,
        "Export Council for Responsible Trade",
    ),
    _p(
        "demo-en-12",
        "Waste sorting and recycling checklist for offices",
        "A one-page checklist to reduce office waste: paper, coffee cups, electronics and "
        "printer cartridges.",
        "Check bins on every floor, agree with the cleaning company how streams are kept "
        "apart, return cartridges to the supplier, and donate old laptops. Repeat the count "
        "after three months.",
        "checklist",
        ["eco-efficiency"],
        ["environment"],
        ["sme", "public-authority"],
        ["M", "N"],
        ["IE"],
        "en",
        2021,
        "Green Office Initiative",
    ),
    _p(
        "demo-en-13",
        "Employee volunteering with local schools",
        "A software company of 80 staff gives each employee two days a year to teach coding in "
        "nearby primary schools.",
        "The company agreed a programme with the schools, prepared lesson kits and planned "
        "volunteering days in quiet months. Staff satisfaction rose and the company became "
        "better known among young people choosing a career.",
        "case-study",
        ["stakeholder-engagement", "skills-employability"],
        ["community-involvement"],
        ["sme", "large-enterprise"],
        ["J"],
        ["NL"],
        "en",
        2024,
        "Local Business Partnership",
    ),
    _p(
        "demo-en-14",
        "Flexible working time: a handbook for negotiating with staff",
        "How employers and staff representatives agree on flexible hours, part-time work and "
        "leave that fit both the business and family life.",
        "The handbook covers time banks, predictable schedules, the right to disconnect and "
        "fair treatment of part-time workers. Each chapter ends with questions for the "
        "negotiation table.",
        "handbook",
        ["working-conditions", "diversity-equal-opportunities"],
        ["labour-practices"],
        ["sme", "large-enterprise"],
        [],
        ["SE", "DK"],
        "en",
        2022,
        "Nordic Social Partners Forum",
    ),
    _p(
        "demo-en-15",
        "Innovation workshop: turning social needs into products",
        "A half-day exercise for product teams to find new products and services in an ageing "
        "society and in the energy transition.",
        "Teams start from a real need, such as older people living at home longer, sketch a "
        "product, and test it with a user within a week. The exercise borrows from design "
        "thinking and uses cards that the trainer prints.",
        "exercise",
        ["sustainable-innovation"],
        ["consumer-issues", "community-involvement"],
        ["sme", "trainer"],
        ["C", "J"],
        ["FI"],
        "en",
        2023,
        "Open Innovation Lab",
    ),
    _p(
        "demo-en-16",
        "Anti-corruption training for sales staff",
        "A training module on gifts, hospitality, facilitation payments and agents, for sales "
        "teams that work in export markets.",
        "Through short cases the module teaches sales staff to recognise a bribe, to refuse it "
        "politely and to report it. Includes a quiz and a one-page gifts policy.",
        "training",
        ["responsible-international-operations", "transparency-reporting"],
        ["fair-operating-practices"],
        ["large-enterprise", "sme", "trainer"],
        ["G"],
        ["XX"],
        "en",
        2021,
        "Business Integrity Forum",
    ),
    _p(
        "demo-en-17",
        "Carbon footprint calculator for SMEs",
        "A spreadsheet instrument that estimates a small company's greenhouse gas emissions "
        "from energy bills, fuel use and business travel.",
        "Enter a year of bills and kilometres; the instrument converts them to tonnes of CO2 "
        "with published emission factors and shows which source to tackle first. It prepares "
        "the figures for a customer's questionnaire.",
        "instrument",
        ["eco-efficiency", "transparency-reporting"],
        ["environment"],
        ["sme"],
        ["C", "H", "F"],
        ["BE", "NL", "DE"],
        "en",
        2024,
        "Regional SME Energy Desk",
    ),
    _p(
        "demo-en-18",
        "Inclusive workplaces for people with disabilities: a study of forty employers",
        "What made forty European employers succeed in hiring and keeping workers with "
        "disabilities: adjustments, attitudes and support from public services.",
        "Small adjustments, such as adapted schedules or a screen reader, mattered more than "
        "large investments. Support from a job coach in the first months was the strongest "
        "factor in keeping people at work.",
        "study",
        ["diversity-equal-opportunities", "skills-employability"],
        ["labour-practices", "human-rights"],
        ["public-authority", "large-enterprise", "sme"],
        [],
        ["AT", "IT", "ES"],
        "en",
        2022,
        "European Disability Employment Observatory",
    ),
    # --- Nederlands ---------------------------------------------------------------------------
    _p(
        "demo-nl-01",
        "Duurzame inkoop voor kmo's: een stappenplan",
        "Hoe een kleine onderneming bij de aankoop van materialen, energie en diensten "
        "rekening houdt met milieu en arbeidsomstandigheden bij leveranciers.",
        "Begin met de tien grootste aankopen. Vraag leveranciers naar hun milieubeleid en "
        "arbeidsomstandigheden, kies waar mogelijk gerecycleerde materialen en spreek "
        "verbeterdoelen af. Het stappenplan bevat voorbeeldvragen en een eenvoudige "
        "beoordelingstabel.",
        "guide",
        ["supply-chain", "eco-efficiency"],
        ["environment", "fair-operating-practices"],
        ["sme"],
        ["C", "G"],
        ["BE", "NL"],
        "nl",
        2022,
        "Kenniscentrum MVO Vlaanderen",
    ),
    _p(
        "demo-nl-02",
        "Werkplekleren in de bouw: praktijkvoorbeeld",
        "Een bouwbedrijf met 60 werknemers laat ervaren vakmensen jonge arbeiders opleiden op "
        "de werf, met een leerplan per werknemer.",
        "Elke nieuwe arbeider krijgt een peter of meter op de werf. Samen volgen ze een "
        "leerplan met de vaardigheden die de werknemer in het eerste jaar moet leren. Het "
        "bedrijf ziet minder ongevallen en minder verloop.",
        "good-practice",
        ["skills-employability", "working-conditions"],
        ["labour-practices"],
        ["sme"],
        ["F"],
        ["BE"],
        "nl",
        2021,
        "Trivisi pioneersgroep leren",
    ),
    _p(
        "demo-nl-03",
        "Checklist diversiteit in de kmo",
        "Twintig vragen om na te gaan of uw werving, onthaal en loopbaanbeleid openstaat voor "
        "mensen met verschillende achtergronden.",
        "Overloop met de checklist uw vacatures, selectiegesprekken, onthaal van nieuwe "
        "medewerkers en opleidingskansen. Bij elke vraag staat een concrete tip. De checklist "
        "werd getest in vijftien Vlaamse bedrijven.",
        "checklist",
        ["diversity-equal-opportunities"],
        ["labour-practices", "human-rights"],
        ["sme"],
        [],
        ["BE"],
        "nl",
        2020,
        "Trivisi pioneersgroep diversiteit",
    ),
    _p(
        "demo-nl-04",
        "Handboek stakeholdermanagement",
        "Een handboek over het in kaart brengen van belanghebbenden, het voeren van een "
        "dialoog en het rapporteren over wat het bedrijf met hun verwachtingen doet.",
        "Het handboek bundelt de ervaringen van pionierende bedrijven. Het beschrijft hoe u "
        "stakeholders selecteert, een dialoogmoment organiseert, afspraken opvolgt en "
        "daarover verslag uitbrengt.",
        "handbook",
        ["stakeholder-engagement", "transparency-reporting"],
        ["organizational-governance", "community-involvement"],
        ["sme", "large-enterprise", "intermediary"],
        [],
        ["BE"],
        "nl",
        2002,
        "Trivisi pioneersgroep stakeholdermanagement",
    ),
    _p(
        "demo-nl-05",
        "Energiebesparing in de voedingsindustrie",
        "Een verkennende studie naar de mogelijkheden om energie te besparen bij koeling, "
        "verwarming en perslucht in kleine voedingsbedrijven.",
        "De studie bezocht twintig bedrijven. Koelinstallaties en perslucht bleken de grootste "
        "verbruikers. Met eenvoudige maatregelen, zoals deuren van koelcellen sluiten en "
        "lekken herstellen, was tot twintig procent besparing mogelijk.",
        "study",
        ["eco-efficiency"],
        ["environment"],
        ["sme", "intermediary"],
        ["C"],
        ["BE", "NL"],
        "nl",
        2023,
        "Kenniscentrum MVO Vlaanderen",
    ),
    _p(
        "demo-nl-06",
        "Opleiding: duurzaam ondernemen voor starters",
        "Een opleiding van drie avonden voor startende ondernemers over maatschappelijk "
        "verantwoord ondernemen vanaf de eerste dag.",
        "De opleiding behandelt een duurzaam businessmodel, eerlijke relaties met leveranciers "
        "en klanten, en goed werkgeverschap voor de eerste werknemer. Deelnemers werken aan "
        "hun eigen ondernemingsplan.",
        "training",
        ["sme-growth", "sustainable-innovation"],
        ["organizational-governance", "fair-operating-practices"],
        ["sme", "trainer"],
        [],
        ["BE", "NL"],
        "nl",
        2024,
        "Starterscentrum Limburg",
    ),
    _p(
        "demo-nl-07",
        "Oefening: het gesprek over werkdruk",
        "Een oefening voor leidinggevenden om in rollenspel een gesprek over werkdruk en stress "
        "met een medewerker te voeren.",
        "In groepjes van drie spelen deelnemers leidinggevende, medewerker en waarnemer. De "
        "waarnemer noteert welke vragen het gesprek openden. Na elke ronde wisselen de rollen.",
        "exercise",
        ["working-conditions"],
        ["labour-practices"],
        ["trainer", "sme"],
        [],
        ["NL"],
        "nl",
        2022,
        "Netwerk Gezond Werk",
    ),
    _p(
        "demo-nl-08",
        "Instrument: MVO-zelfscan voor kmo's",
        "Een zelfscan met veertig vragen die een kmo toont waar ze staat op milieu, personeel, "
        "klanten en omgeving, met suggesties voor volgende stappen.",
        "De zelfscan duurt een uur. Het resultaat is een overzicht per thema met sterke punten "
        "en verbeterpunten, en verwijzingen naar instrumenten in het kenniscentrum.",
        "instrument",
        ["sme-growth", "transparency-reporting"],
        ["organizational-governance", "environment", "labour-practices"],
        ["sme", "intermediary"],
        [],
        ["BE"],
        "nl",
        2023,
        "Kenniscentrum MVO Vlaanderen",
    ),
    _p(
        "demo-nl-09",
        "Eerlijke handel met producenten in het Zuiden",
        "Een koffiebrander werkt rechtstreeks met coöperaties in Peru en Ethiopië en betaalt een "
        "prijs boven de wereldmarktprijs.",
        "Het bedrijf bezoekt de coöperaties jaarlijks, financiert een deel van de oogst vooraf "
        "en publiceert de betaalde prijzen. Klanten waarderen de transparantie.",
        "case-study",
        ["responsible-international-operations", "supply-chain"],
        ["fair-operating-practices", "human-rights"],
        ["sme"],
        ["C", "G"],
        ["NL", "XX"],
        "nl",
        2023,
        "Fair Trade Ondernemers",
    ),
    # --- Français -----------------------------------------------------------------------------
    _p(
        "demo-fr-01",
        "Guide de l'égalité des chances dans la PME",
        "Comment une petite entreprise prévient les discriminations à l'embauche, garantit "
        "l'égalité salariale entre femmes et hommes et accueille des travailleurs handicapés.",
        "Le guide propose un diagnostic rapide des écarts de salaires, des conseils pour des "
        "offres d'emploi neutres et des exemples d'aménagements de poste. Chaque chapitre se "
        "termine par une liste d'actions.",
        "guide",
        ["diversity-equal-opportunities"],
        ["labour-practices", "human-rights"],
        ["sme"],
        [],
        ["FR", "BE"],
        "fr",
        2022,
        "Réseau Entreprises et Diversité",
    ),
    _p(
        "demo-fr-02",
        "Formation : les achats responsables",
        "Une formation de deux jours pour les acheteurs : critères sociaux et environnementaux, "
        "dialogue avec les fournisseurs et suivi de la chaîne d'approvisionnement.",
        "Les participants analysent leurs propres achats, construisent une grille d'évaluation "
        "des fournisseurs et préparent un plan de progrès partagé. La formation alterne cas "
        "pratiques et apports théoriques.",
        "training",
        ["supply-chain"],
        ["fair-operating-practices", "environment"],
        ["sme", "large-enterprise", "trainer"],
        ["G", "C"],
        ["FR"],
        "fr",
        2023,
        "Institut des Achats Durables",
    ),
    _p(
        "demo-fr-03",
        "Bonne pratique : réduire la consommation d'eau dans une blanchisserie",
        "Une blanchisserie industrielle de 45 salariés a réduit sa consommation d'eau de "
        "moitié en recyclant l'eau de rinçage.",
        "L'entreprise a installé un système de filtration et réglé ses machines avec le "
        "fournisseur. L'investissement a été remboursé en trois ans grâce aux économies d'eau "
        "et d'énergie.",
        "good-practice",
        ["eco-efficiency", "sustainable-innovation"],
        ["environment"],
        ["sme"],
        ["S"],
        ["FR"],
        "fr",
        2021,
        "Chambre des métiers",
    ),
    _p(
        "demo-fr-04",
        "Manuel du dialogue avec les parties prenantes",
        "Un manuel pour organiser le dialogue avec les riverains, les associations et les "
        "autorités locales autour d'un site industriel.",
        "Le manuel décrit la cartographie des parties prenantes, l'organisation de réunions "
        "publiques, la gestion des plaintes et le compte rendu des engagements pris.",
        "handbook",
        ["stakeholder-engagement"],
        ["community-involvement", "organizational-governance"],
        ["large-enterprise", "sme", "public-authority"],
        ["C", "E"],
        ["FR", "BE", "LU"],
        "fr",
        2020,
        "Observatoire de la Responsabilité Sociétale",
    ),
    _p(
        "demo-fr-05",
        "Liste de contrôle : santé et sécurité au travail",
        "Une liste de contrôle pour évaluer les risques professionnels dans une petite "
        "entreprise : chutes, produits chimiques, bruit et troubles musculosquelettiques.",
        "Parcourez chaque poste de travail avec un salarié. Notez les risques, leur gravité et "
        "les mesures existantes. La liste aide à rédiger le document unique d'évaluation des "
        "risques.",
        "checklist",
        ["working-conditions"],
        ["labour-practices"],
        ["sme"],
        ["C", "F"],
        ["FR"],
        "fr",
        2023,
        "Agence Prévention PME",
    ),
    _p(
        "demo-fr-06",
        "Étude : la publication d'informations extra-financières par les PME",
        "Une étude sur la manière dont les PME rendent compte de leurs impacts sociaux et "
        "environnementaux à leurs clients et à leurs banques.",
        "Les PME reçoivent de plus en plus de questionnaires de leurs clients. L'étude montre "
        "qu'un rapport court et vérifiable leur fait gagner du temps et recommande un "
        "référentiel simplifié.",
        "study",
        ["transparency-reporting"],
        ["organizational-governance"],
        ["public-authority", "intermediary", "sme"],
        ["K"],
        ["FR", "BE"],
        "fr",
        2024,
        "Observatoire de la Responsabilité Sociétale",
    ),
    _p(
        "demo-fr-07",
        "Exercice : cartographier les risques de sa chaîne de valeur",
        "Un exercice en atelier pour repérer les risques sociaux et environnementaux chez les "
        "fournisseurs et sous-traitants à l'étranger.",
        "Les équipes dessinent la chaîne de valeur d'un produit, du matériau brut au client, "
        "et placent sur la carte les risques pour les droits humains et l'environnement.",
        "exercise",
        ["responsible-international-operations", "supply-chain"],
        ["human-rights", "environment"],
        ["trainer", "sme", "large-enterprise"],
        [],
        ["FR", "XX"],
        "fr",
        2022,
        "Institut des Achats Durables",
    ),
    _p(
        "demo-fr-08",
        "Cas d'entreprise : une menuiserie qui forme des jeunes éloignés de l'emploi",
        "Une menuiserie de vingt salariés accueille chaque année des jeunes sans diplôme et les "
        "forme au métier avec une association d'insertion.",
        "Le tutorat est assuré par les compagnons les plus expérimentés. Plusieurs jeunes ont "
        "été embauchés en contrat à durée indéterminée.",
        "case-study",
        ["skills-employability", "diversity-equal-opportunities"],
        ["labour-practices", "community-involvement"],
        ["sme"],
        ["C"],
        ["BE"],
        "fr",
        2021,
        "Réseau Insertion et Entreprise",
    ),
    # --- Deutsch ------------------------------------------------------------------------------
    _p(
        "demo-de-01",
        "Leitfaden: Verantwortung in der Lieferkette",
        "Wie mittelständische Unternehmen Menschenrechts- und Umweltrisiken in ihrer "
        "Lieferkette erkennen und mit ihren Lieferanten Verbesserungen vereinbaren.",
        "Der Leitfaden erklärt die Risikoanalyse nach Ländern und Rohstoffen, einen "
        "Verhaltenskodex für Lieferanten und ein Beschwerdeverfahren. Beispiele aus dem "
        "Maschinenbau zeigen, was kleine Einkaufsabteilungen leisten können.",
        "guide",
        ["supply-chain", "responsible-international-operations"],
        ["human-rights", "fair-operating-practices"],
        ["sme", "large-enterprise"],
        ["C", "C28"],
        ["DE", "AT"],
        "de",
        2023,
        "Mittelstandsinitiative Verantwortung",
    ),
    _p(
        "demo-de-02",
        "Checkliste Energieeffizienz im Handwerksbetrieb",
        "Dreißig Fragen zu Heizung, Beleuchtung, Druckluft und Fuhrpark, mit denen ein "
        "Handwerksbetrieb seine Energiekosten senkt.",
        "Die Checkliste führt durch Werkstatt, Büro und Fahrzeuge. Zu jeder Frage gibt es "
        "einen Hinweis auf Fördermittel und die typische Amortisationszeit.",
        "checklist",
        ["eco-efficiency", "sme-growth"],
        ["environment"],
        ["sme"],
        ["C", "F"],
        ["DE"],
        "de",
        2024,
        "Handwerkskammer Netzwerk Energie",
    ),
    _p(
        "demo-de-03",
        "Schulung: Gesundheit am Arbeitsplatz",
        "Eine zweitägige Schulung für Führungskräfte zu psychischer Belastung, ergonomischen "
        "Arbeitsplätzen und betrieblichem Gesundheitsmanagement.",
        "Die Teilnehmenden lernen, Gefährdungen zu beurteilen und Gespräche über Belastungen zu "
        "führen. Übungen und ein Handbuch für die Praxis gehören dazu.",
        "training",
        ["working-conditions"],
        ["labour-practices"],
        ["trainer", "sme", "large-enterprise"],
        [],
        ["DE", "AT", "CH"],
        "de",
        2022,
        "Akademie für Arbeitsschutz",
    ),
    _p(
        "demo-de-04",
        "Handbuch Nachhaltigkeitsbericht für den Mittelstand",
        "Ein Handbuch, das Schritt für Schritt zu einem ersten Nachhaltigkeitsbericht führt: "
        "Wesentlichkeit, Kennzahlen, Ziele und Kommunikation.",
        "Das Handbuch orientiert sich an gängigen Berichtsstandards, bleibt aber bewusst "
        "einfach. Musterkapitel und eine Kennzahlentabelle erleichtern den Einstieg.",
        "handbook",
        ["transparency-reporting"],
        ["organizational-governance", "environment"],
        ["sme"],
        [],
        ["DE"],
        "de",
        2023,
        "Mittelstandsinitiative Verantwortung",
    ),
    _p(
        "demo-de-05",
        "Praxisbeispiel: Vielfalt im Team eines IT-Dienstleisters",
        "Ein IT-Dienstleister mit 120 Beschäftigten gewinnt Fachkräfte mit Migrationshintergrund "
        "und Frauen für technische Berufe.",
        "Das Unternehmen hat Stellenanzeigen umformuliert, Mentoring eingeführt und flexible "
        "Arbeitszeiten angeboten. Der Frauenanteil in der Entwicklung stieg in drei Jahren "
        "deutlich.",
        "good-practice",
        ["diversity-equal-opportunities", "skills-employability"],
        ["labour-practices"],
        ["sme", "large-enterprise"],
        ["J"],
        ["DE"],
        "de",
        2024,
        "Charta der Vielfalt Netzwerk",
    ),
    _p(
        "demo-de-06",
        "Werkzeug: Wesentlichkeitsanalyse mit Anspruchsgruppen",
        "Ein Arbeitsinstrument, mit dem ein Unternehmen gemeinsam mit seinen Anspruchsgruppen "
        "die wichtigsten Nachhaltigkeitsthemen bestimmt.",
        "Das Werkzeug enthält einen Fragebogen für Anspruchsgruppen, eine Bewertungsmatrix und "
        "eine Anleitung für einen Workshop.",
        "instrument",
        ["stakeholder-engagement", "transparency-reporting"],
        ["organizational-governance"],
        ["sme", "large-enterprise", "intermediary"],
        [],
        ["DE", "AT"],
        "de",
        2022,
        "Institut für Unternehmensverantwortung",
    ),
    _p(
        "demo-de-07",
        "Studie: Innovation durch Kreislaufwirtschaft im Mittelstand",
        "Eine Studie über mittelständische Unternehmen, die durch Reparatur, Wiederverwendung "
        "und Recycling neue Geschäftsmodelle entwickelt haben.",
        "Untersucht wurden 25 Unternehmen. Erfolgreich waren vor allem Betriebe, die früh mit "
        "Kunden und Zulieferern zusammengearbeitet haben.",
        "study",
        ["sustainable-innovation", "eco-efficiency"],
        ["environment", "consumer-issues"],
        ["sme", "public-authority"],
        ["C"],
        ["DE", "AT"],
        "de",
        2024,
        "Institut für Unternehmensverantwortung",
    ),
    # --- DESIGN-MTS outputs (machine tools sector, D4.1b) ------------------------------------
    # The project's kinds of output, written for the demo from what deliverable D4.1b says of
    # them; commitments/demo.py links each to the DESIGN-MTS actions it serves.
    _p(
        "demo-mts-01",
        "Guidelines for MTS enterprises",
        "Actions a machine tool company can take to build corporate social responsibility into "
        "its business strategy, with good practices from the sector, for owners of SMEs and "
        "managers of larger firms alike.",
        "The machine tools sector is dominated by SMEs, and its customers and neighbours expect "
        "more of it every year. These guidelines follow the three joint commitments of the "
        "sector and suggest what a company can do under each.\n\n"
        "1. **Raise awareness.** Explain to staff, customers and business partners why "
        "responsible business matters for a company that builds machines meant to last "
        "for decades.\n"
        "2. **Take a strategic approach.** Name two or three CSR goals in the business plan, "
        "give each an owner, and review them with the management every half-year.\n"
        "3. **Work with the sector.** Join your national MTS association's CSR activities and "
        "share what worked, so that others can learn from it.\n\n"
        "Each step comes with a short example from a machine tool builder and a list of "
        "questions for a first meeting of the management.",
        "guide",
        ["sme-growth", "sustainable-innovation"],
        ["organizational-governance", "fair-operating-practices"],
        ["sme", "large-enterprise"],
        ["C", "C28"],
        [],
        "en",
        2014,
        "DESIGN-MTS partners (demo text)",
    ),
    _p(
        "demo-mts-02",
        "Training module for owners and employers of MTS SMEs",
        "A half-day course for the owner or employer of a small machine tool company: what CSR "
        "means for a firm of twenty people, where it creates business value, and how to start "
        "without a specialist.",
        "The module is built around the owner's own company. Participants map who their "
        "company affects (staff, customers, the town it stands in), pick one improvement they "
        "can make within a year, and plan how to tell customers about it.\n\n"
        "- Part 1: CSR as business strategy in a sector of small firms\n"
        "- Part 2: the core subjects of ISO 26000, in the words of a workshop\n"
        "- Part 3: a one-page plan to take home\n\n"
        "The course follows the sector's joint commitments and the guidelines for MTS "
        "enterprises.",
        "training",
        ["sme-growth", "skills-employability"],
        ["organizational-governance"],
        ["sme"],
        ["C", "C28"],
        [],
        "en",
        2014,
        "DESIGN-MTS partners (demo text)",
    ),
    _p(
        "demo-mts-03",
        "Training module for managers in larger MTS companies",
        "A one-day course for managers of machine tool builders with several sites: embedding "
        "CSR in management systems, purchasing and sales, and making it part of the company's "
        "image along the value chain.",
        "Larger machine tool companies buy from many small firms and sell to demanding "
        "industrial customers. This module helps their managers use that position well.\n\n"
        "- Linking CSR goals to the management systems the company already runs\n"
        "- Asking the small firms they buy from about their practices, without burying them "
        "in paperwork\n"
        "- Answering customers' questionnaires with facts rather than slogans\n"
        "- Cultivating the sector's image as a responsible industry\n\n"
        "Exercises use cases from machine tool builders and their value chain.",
        "training",
        ["sustainable-innovation", "skills-employability"],
        ["organizational-governance", "fair-operating-practices"],
        ["large-enterprise"],
        ["C", "C28"],
        [],
        "en",
        2014,
        "DESIGN-MTS partners (demo text)",
    ),
    _p(
        "demo-mts-04",
        "Training module for employees and worker representatives in MTS companies",
        "A course for employees and worker representatives of machine tool companies: what "
        "their company's CSR commitments mean on the shop floor, and how to take part in them.",
        "Responsible business practices change work itself: safety at the machine, training "
        "for new technologies, working time, and how staff are heard. The module gives "
        "employees and their representatives the words and the facts to raise these in their "
        "company.\n\n"
        "- What the sector's joint commitments say, and what they ask of employers\n"
        "- Labour practices in ISO 26000: health and safety, skills, consultation\n"
        "- Making proposals to the management, with examples from MTS works councils\n\n"
        "Sessions are run by a trainer together with a worker representative.",
        "training",
        ["working-conditions", "skills-employability"],
        ["labour-practices"],
        ["employee"],
        ["C", "C28"],
        [],
        "en",
        2014,
        "DESIGN-MTS partners (demo text)",
    ),
    _p(
        "demo-mts-05",
        "Training module for MTS associations",
        "For staff of national machine tool associations: how to inform member companies about "
        "CSR, support them in applying the guidelines, and spread good practice across the "
        "sector.",
        "Associations are the sector's activators: they reach hundreds of SMEs that no project "
        "can reach alone. The module prepares association staff to do that.\n\n"
        "- Running an awareness session for members, with ready-made slides\n"
        "- Helping a member company apply the guidelines for MTS enterprises\n"
        "- Collecting and publishing members' good practices\n"
        "- Taking part in the sector's multi-stakeholder platform and its monitoring\n\n"
        "It links to the sector-wide joint commitments and to the core subjects of ISO 26000.",
        "training",
        ["stakeholder-engagement"],
        ["organizational-governance", "community-involvement"],
        ["intermediary"],
        ["C", "C28"],
        [],
        "en",
        2014,
        "DESIGN-MTS partners (demo text)",
    ),
    _p(
        "demo-mts-06",
        "Joint position paper on CSR in the machine tools sector",
        "The sector's shared view of corporate social responsibility: goal-based guidelines "
        "that companies, associations, trade unions and public bodies can adapt to their local "
        "context.",
        "Companies, national associations and their partners in the DESIGN-MTS project agree "
        "on a common position:\n\n"
        "- CSR is part of the sector's business strategy, not an extra for large firms only\n"
        "- SMEs need practical help close to home, through their associations\n"
        "- A multi-stakeholder platform keeps the sector's commitments alive after the project\n\n"
        "The paper sets goals rather than rules: how each is met depends on the country, the "
        "size of the company and its partners.",
        "policy-paper",
        ["stakeholder-engagement"],
        ["organizational-governance"],
        ["intermediary", "policy-maker", "researcher"],
        ["C", "C28"],
        [],
        "en",
        2014,
        "DESIGN-MTS partners (demo text)",
    ),
    _p(
        "demo-mts-07",
        "Policy recommendations for CSR in the machine tools sector",
        "What public authorities and policy makers can do so that more machine tool companies "
        "adopt CSR: support through associations, attention to SMEs, and monitoring of the "
        "sector's progress.",
        "The recommendations address the institutional setting in which machine tool companies "
        "work. They ask policy makers to:\n\n"
        "1. fund awareness and training through the sector's associations;\n"
        "2. design support for SMEs with their owners, in plain language;\n"
        "3. recognise the sector's joint commitments in public programmes;\n"
        "4. support a platform that monitors how CSR spreads in the sector, and read it.\n\n"
        "Like the position paper, they are goal-based: each country will apply them in its own "
        "way.",
        "policy-paper",
        ["sme-growth"],
        ["organizational-governance"],
        ["policy-maker", "public-authority"],
        ["C", "C28"],
        [],
        "en",
        2014,
        "DESIGN-MTS partners (demo text)",
    ),
    _p(
        "demo-mts-08",
        "A machine tool builder shows customers and investors what it does",
        "How a medium-sized machine tool builder made its CSR work visible to customers, "
        "investors and future staff, and what that did for its image in the sector.",
        "The company had long done more than it said: it took back old machines, trained "
        "young people from the region and paid its bills on time. It started by writing "
        "these facts down on one page, then added them to offers, its website and its yearly "
        "meeting with the bank.\n\n"
        "Customers began to ask for the page; two investors named it in their due diligence; "
        "applications for technical jobs rose. The firm now helps its national association "
        "collect such pages from other members.",
        "good-practice",
        ["sustainable-innovation"],
        ["fair-operating-practices"],
        ["sme", "investor"],
        ["C28"],
        ["IT"],
        "en",
        2015,
        "DESIGN-MTS partners (demo text)",
    ),
    # --- never visible in search ------------------------------------------------------------
    _p(
        "demo-draft-01",
        "Draft: energy audit checklist for bakeries",
        "An unfinished energy audit checklist for bakeries; not ready for publication.",
        "Energy audit notes still to be checked.",
        "checklist",
        ["eco-efficiency"],
        ["environment"],
        ["sme"],
        [],
        ["BE"],
        "en",
        2025,
        "Regional SME Energy Desk",
        status="draft",
    ),
    _p(
        "demo-archived-01",
        "Old supplier code of conduct template (withdrawn)",
        "An outdated supplier code of conduct template, replaced by a newer guide.",
        "Withdrawn supplier code of conduct.",
        "instrument",
        ["supply-chain"],
        ["fair-operating-practices"],
        ["sme"],
        [],
        ["BE"],
        "en",
        2004,
        "Responsible Sourcing Network",
        status="archived",
    ),
    _p(
        "demo-review-01",
        "Energy saving tips from a member (awaiting review)",
        "A suggestion about energy audit tips that is waiting for a curator.",
        "Energy audit tips, not yet reviewed.",
        "good-practice",
        ["eco-efficiency"],
        ["environment"],
        ["sme"],
        [],
        ["BE"],
        "en",
        2025,
        "",
        status="review",
    ),
]

COLLECTIONS: list[tuple[str, str, str, list[str]]] = [
    (
        "sme-starter-kit",
        "SME starter kit",
        "Ten practical instruments to start with corporate social responsibility in a small "
        "company: a self-scan, an energy checklist, a first report and more.",
        [
            "demo-nl-08",
            "demo-en-01",
            "demo-en-17",
            "demo-nl-01",
            "demo-en-03",
            "demo-nl-03",
            "demo-en-06",
            "demo-en-07",
            "demo-fr-05",
            "demo-nl-06",
        ],
    ),
    (
        "responsible-supply-chains",
        "Responsible supply chains box",
        "Guides, training and exercises for buyers who want to know where their products come "
        "from and under which conditions they were made.",
        ["demo-en-02", "demo-de-01", "demo-fr-02", "demo-fr-07", "demo-en-11", "demo-nl-09"],
    ),
]
