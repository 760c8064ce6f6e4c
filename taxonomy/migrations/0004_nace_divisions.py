"""Load the 88 divisions of NACE Rev. 2 in the portal's four languages, each under its section.

A division's code is its section's letter and its two digits (``C25``), as the ``C28`` loaded
by 0002 already is; that row keeps its code and names and gets its section. Migrations are
history: the rows are a frozen copy (taxonomy/nace.py as it stood when this was written) and
no live code runs. ``seed_demo`` and the tests refresh them from taxonomy/nace.py.
"""

from django.db import migrations

# (code, English, Dutch, French, German); the section is the code's letter.
DIVISIONS = [
    ('A01', 'Crop and animal production, hunting and related service activities', 'Teelt van gewassen, veeteelt, jacht en diensten in verband met deze activiteiten', 'Culture et production animale, chasse et services annexes', 'Landwirtschaft, Jagd und damit verbundene Tätigkeiten'),
    ('A02', 'Forestry and logging', 'Bosbouw en de exploitatie van bossen', 'Sylviculture et exploitation forestière', 'Forstwirtschaft und Holzeinschlag'),
    ('A03', 'Fishing and aquaculture', 'Visserij en aquacultuur', 'Pêche et aquaculture', 'Fischerei und Aquakultur'),
    ('B05', 'Mining of coal and lignite', 'Winning van steenkool en bruinkool', 'Extraction de houille et de lignite', 'Kohlenbergbau'),
    ('B06', 'Extraction of crude petroleum and natural gas', 'Winning van aardolie en aardgas', "Extraction d'hydrocarbures", 'Gewinnung von Erdöl und Erdgas'),
    ('B07', 'Mining of metal ores', 'Winning van metaalertsen', 'Extraction de minerais métalliques', 'Erzbergbau'),
    ('B08', 'Other mining and quarrying', 'Overige winning van delfstoffen', 'Autres industries extractives', 'Gewinnung von Steinen und Erden, sonstiger Bergbau'),
    ('B09', 'Mining support service activities', 'Ondersteunende activiteiten in verband met de mijnbouw', 'Services de soutien aux industries extractives', 'Erbringung von Dienstleistungen für den Bergbau und für die Gewinnung von Steinen und Erden'),
    ('C10', 'Manufacture of food products', 'Vervaardiging van voedingsmiddelen', 'Industries alimentaires', 'Herstellung von Nahrungs- und Futtermitteln'),
    ('C11', 'Manufacture of beverages', 'Vervaardiging van dranken', 'Fabrication de boissons', 'Getränkeherstellung'),
    ('C12', 'Manufacture of tobacco products', 'Vervaardiging van tabaksproducten', 'Fabrication de produits à base de tabac', 'Tabakverarbeitung'),
    ('C13', 'Manufacture of textiles', 'Vervaardiging van textiel', 'Fabrication de textiles', 'Herstellung von Textilien'),
    ('C14', 'Manufacture of wearing apparel', 'Vervaardiging van kleding', "Industrie de l'habillement", 'Herstellung von Bekleidung'),
    ('C15', 'Manufacture of leather and related products', 'Vervaardiging van leer en van producten van leer', 'Industrie du cuir et de la chaussure', 'Herstellung von Leder, Lederwaren und Schuhen'),
    ('C16', 'Manufacture of wood and of products of wood and cork, except furniture; manufacture of articles of straw and plaiting materials', 'Houtindustrie en vervaardiging van artikelen van hout en van kurk, exclusief meubelen; vervaardiging van artikelen van riet en vlechtwerk', "Travail du bois et fabrication d'articles en bois et en liège, à l'exception des meubles ; fabrication d'articles en vannerie et sparterie", 'Herstellung von Holz-, Flecht-, Korb- und Korkwaren (ohne Möbel)'),
    ('C17', 'Manufacture of paper and paper products', 'Vervaardiging van papier en papierwaren', 'Industrie du papier et du carton', 'Herstellung von Papier, Pappe und Waren daraus'),
    ('C18', 'Printing and reproduction of recorded media', 'Drukkerijen, reproductie van opgenomen media', "Imprimerie et reproduction d'enregistrements", 'Herstellung von Druckerzeugnissen; Vervielfältigung von bespielten Ton-, Bild- und Datenträgern'),
    ('C19', 'Manufacture of coke and refined petroleum products', 'Vervaardiging van cokes en van geraffineerde aardolieproducten', 'Cokéfaction et raffinage', 'Kokerei und Mineralölverarbeitung'),
    ('C20', 'Manufacture of chemicals and chemical products', 'Vervaardiging van chemische producten', 'Industrie chimique', 'Herstellung von chemischen Erzeugnissen'),
    ('C21', 'Manufacture of basic pharmaceutical products and pharmaceutical preparations', 'Vervaardiging van farmaceutische grondstoffen en producten', 'Industrie pharmaceutique', 'Herstellung von pharmazeutischen Erzeugnissen'),
    ('C22', 'Manufacture of rubber and plastic products', 'Vervaardiging van producten van rubber of kunststof', 'Fabrication de produits en caoutchouc et en plastique', 'Herstellung von Gummi- und Kunststoffwaren'),
    ('C23', 'Manufacture of other non-metallic mineral products', 'Vervaardiging van andere niet-metaalhoudende minerale producten', "Fabrication d'autres produits minéraux non métalliques", 'Herstellung von Glas und Glaswaren, Keramik, Verarbeitung von Steinen und Erden'),
    ('C24', 'Manufacture of basic metals', 'Vervaardiging van metalen in primaire vorm', 'Métallurgie', 'Metallerzeugung und -bearbeitung'),
    ('C25', 'Manufacture of fabricated metal products, except machinery and equipment', 'Vervaardiging van producten van metaal, exclusief machines en apparaten', "Fabrication de produits métalliques, à l'exception des machines et des équipements", 'Herstellung von Metallerzeugnissen'),
    ('C26', 'Manufacture of computer, electronic and optical products', 'Vervaardiging van informaticaproducten en van elektronische en optische producten', 'Fabrication de produits informatiques, électroniques et optiques', 'Herstellung von Datenverarbeitungsgeräten, elektronischen und optischen Erzeugnissen'),
    ('C27', 'Manufacture of electrical equipment', 'Vervaardiging van elektrische apparatuur', "Fabrication d'équipements électriques", 'Herstellung von elektrischen Ausrüstungen'),
    ('C28', 'Manufacture of machinery and equipment n.e.c.', 'Vervaardiging van machines en apparaten, n.e.g.', 'Fabrication de machines et équipements n.c.a.', 'Maschinenbau'),
    ('C29', 'Manufacture of motor vehicles, trailers and semi-trailers', 'Vervaardiging en assemblage van motorvoertuigen, aanhangwagens en opleggers', 'Industrie automobile', 'Herstellung von Kraftwagen und Kraftwagenteilen'),
    ('C30', 'Manufacture of other transport equipment', 'Vervaardiging van andere transportmiddelen', "Fabrication d'autres matériels de transport", 'Sonstiger Fahrzeugbau'),
    ('C31', 'Manufacture of furniture', 'Vervaardiging van meubelen', 'Fabrication de meubles', 'Herstellung von Möbeln'),
    ('C32', 'Other manufacturing', 'Overige industrie', 'Autres industries manufacturières', 'Herstellung von sonstigen Waren'),
    ('C33', 'Repair and installation of machinery and equipment', 'Reparatie en installatie van machines en apparaten', "Réparation et installation de machines et d'équipements", 'Reparatur und Installation von Maschinen und Ausrüstungen'),
    ('D35', 'Electricity, gas, steam and air conditioning supply', 'Productie en distributie van elektriciteit, gas, stoom en gekoelde lucht', "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné", 'Energieversorgung'),
    ('E36', 'Water collection, treatment and supply', 'Winning, behandeling en distributie van water', "Captage, traitement et distribution d'eau", 'Wasserversorgung'),
    ('E37', 'Sewerage', 'Afvalwaterafvoer', 'Collecte et traitement des eaux usées', 'Abwasserentsorgung'),
    ('E38', 'Waste collection, treatment and disposal activities; materials recovery', 'Inzameling, verwerking en verwijdering van afval; terugwinning', 'Collecte, traitement et élimination des déchets ; récupération', 'Sammlung, Behandlung und Beseitigung von Abfällen; Rückgewinnung'),
    ('E39', 'Remediation activities and other waste management services', 'Sanering en ander afvalbeheer', 'Dépollution et autres services de gestion des déchets', 'Beseitigung von Umweltverschmutzungen und sonstige Entsorgung'),
    ('F41', 'Construction of buildings', 'Bouw van gebouwen; ontwikkeling van bouwprojecten', 'Construction de bâtiments', 'Hochbau'),
    ('F42', 'Civil engineering', 'Weg- en waterbouw', 'Génie civil', 'Tiefbau'),
    ('F43', 'Specialised construction activities', 'Gespecialiseerde bouwwerkzaamheden', 'Travaux de construction spécialisés', 'Vorbereitende Baustellenarbeiten, Bauinstallation und sonstiges Ausbaugewerbe'),
    ('G45', 'Wholesale and retail trade and repair of motor vehicles and motorcycles', 'Groot- en detailhandel in en onderhoud en reparatie van motorvoertuigen en motorfietsen', "Commerce et réparation d'automobiles et de motocycles", 'Handel mit Kraftfahrzeugen; Instandhaltung und Reparatur von Kraftfahrzeugen'),
    ('G46', 'Wholesale trade, except of motor vehicles and motorcycles', 'Groothandel en handelsbemiddeling, met uitzondering van de handel in motorvoertuigen en motorfietsen', "Commerce de gros, à l'exception des automobiles et des motocycles", 'Großhandel (ohne Handel mit Kraftfahrzeugen)'),
    ('G47', 'Retail trade, except of motor vehicles and motorcycles', "Detailhandel, met uitzondering van de handel in auto's en motorfietsen", "Commerce de détail, à l'exception des automobiles et des motocycles", 'Einzelhandel (ohne Handel mit Kraftfahrzeugen)'),
    ('H49', 'Land transport and transport via pipelines', 'Vervoer te land en vervoer via pijpleidingen', 'Transports terrestres et transport par conduites', 'Landverkehr und Transport in Rohrfernleitungen'),
    ('H50', 'Water transport', 'Vervoer over water', 'Transports par eau', 'Schifffahrt'),
    ('H51', 'Air transport', 'Luchtvaart', 'Transports aériens', 'Luftfahrt'),
    ('H52', 'Warehousing and support activities for transportation', 'Opslag en vervoerondersteunende activiteiten', 'Entreposage et services auxiliaires des transports', 'Lagerei sowie Erbringung von sonstigen Dienstleistungen für den Verkehr'),
    ('H53', 'Postal and courier activities', 'Post- en koeriersactiviteiten', 'Activités de poste et de courrier', 'Post-, Kurier- und Expressdienste'),
    ('I55', 'Accommodation', 'Verschaffen van accommodatie', 'Hébergement', 'Beherbergung'),
    ('I56', 'Food and beverage service activities', 'Eet- en drinkgelegenheden', 'Restauration', 'Gastronomie'),
    ('J58', 'Publishing activities', 'Uitgeverijen', 'Édition', 'Verlagswesen'),
    ('J59', 'Motion picture, video and television programme production, sound recording and music publishing activities', "Productie van films en van video- en televisieprogramma's, maken van geluidsopnamen en uitgeverijen van muziekopnamen", 'Production de films cinématographiques, de vidéo et de programmes de télévision ; enregistrement sonore et édition musicale', 'Herstellung, Verleih und Vertrieb von Filmen und Fernsehprogrammen; Kinos; Tonstudios und Verlegen von Musik'),
    ('J60', 'Programming and broadcasting activities', "Programmeren en uitzenden van radio- en televisieprogramma's", 'Programmation et diffusion', 'Rundfunkveranstalter'),
    ('J61', 'Telecommunications', 'Telecommunicatie', 'Télécommunications', 'Telekommunikation'),
    ('J62', 'Computer programming, consultancy and related activities', "Ontwerpen en programmeren van computerprogramma's, computerconsultancy-activiteiten en aanverwante activiteiten", 'Programmation, conseil et autres activités informatiques', 'Erbringung von Dienstleistungen der Informationstechnologie'),
    ('J63', 'Information service activities', 'Dienstverlenende activiteiten op het gebied van informatie', "Services d'information", 'Informationsdienstleistungen'),
    ('K64', 'Financial service activities, except insurance and pension funding', 'Financiële dienstverlening, met uitzondering van verzekeringen en pensioenfondsen', 'Activités des services financiers, hors assurance et caisses de retraite', 'Erbringung von Finanzdienstleistungen'),
    ('K65', 'Insurance, reinsurance and pension funding, except compulsory social security', 'Verzekeringen, herverzekeringen en pensioenfondsen, met uitzondering van verplichte sociale verzekeringen', "Assurance, réassurance et caisses de retraite, à l'exclusion de la sécurité sociale obligatoire", 'Versicherungen, Rückversicherungen und Pensionskassen (ohne Sozialversicherung)'),
    ('K66', 'Activities auxiliary to financial services and insurance activities', 'Ondersteunende activiteiten in verband met financiële diensten en verzekeringen', "Activités auxiliaires de services financiers et d'assurance", 'Mit Finanz- und Versicherungsdienstleistungen verbundene Tätigkeiten'),
    ('L68', 'Real estate activities', 'Exploitatie van en handel in onroerend goed', 'Activités immobilières', 'Grundstücks- und Wohnungswesen'),
    ('M69', 'Legal and accounting activities', 'Rechtskundige en boekhoudkundige dienstverlening', 'Activités juridiques et comptables', 'Rechts- und Steuerberatung, Wirtschaftsprüfung'),
    ('M70', 'Activities of head offices; management consultancy activities', 'Activiteiten van hoofdkantoren; adviesbureaus op het gebied van bedrijfsbeheer', 'Activités des sièges sociaux ; conseil de gestion', 'Verwaltung und Führung von Unternehmen und Betrieben; Unternehmensberatung'),
    ('M71', 'Architectural and engineering activities; technical testing and analysis', 'Architecten en ingenieurs; technische testen en toetsen', "Activités d'architecture et d'ingénierie ; activités de contrôle et analyses techniques", 'Architektur- und Ingenieurbüros; technische, physikalische und chemische Untersuchung'),
    ('M72', 'Scientific research and development', 'Speur- en ontwikkelingswerk op wetenschappelijk gebied', 'Recherche-développement scientifique', 'Forschung und Entwicklung'),
    ('M73', 'Advertising and market research', 'Reclamewezen en marktonderzoek', 'Publicité et études de marché', 'Werbung und Marktforschung'),
    ('M74', 'Other professional, scientific and technical activities', 'Overige gespecialiseerde wetenschappelijke en technische activiteiten', 'Autres activités spécialisées, scientifiques et techniques', 'Sonstige freiberufliche, wissenschaftliche und technische Tätigkeiten'),
    ('M75', 'Veterinary activities', 'Veterinaire diensten', 'Activités vétérinaires', 'Veterinärwesen'),
    ('N77', 'Rental and leasing activities', 'Verhuur en lease', 'Activités de location et location-bail', 'Vermietung von beweglichen Sachen'),
    ('N78', 'Employment activities', 'Terbeschikkingstelling van personeel', "Activités liées à l'emploi", 'Vermittlung und Überlassung von Arbeitskräften'),
    ('N79', 'Travel agency, tour operator and other reservation service and related activities', 'Reisbureaus, reisorganisatoren, reserveringsbureaus en aanverwante activiteiten', 'Activités des agences de voyage, voyagistes, services de réservation et activités connexes', 'Reisebüros, Reiseveranstalter und Erbringung sonstiger Reservierungsdienstleistungen'),
    ('N80', 'Security and investigation activities', 'Beveiligings- en opsporingsdiensten', 'Enquêtes et sécurité', 'Wach- und Sicherheitsdienste sowie Detekteien'),
    ('N81', 'Services to buildings and landscape activities', 'Diensten in verband met gebouwen; landschapsverzorging', 'Services relatifs aux bâtiments et aménagement paysager', 'Gebäudebetreuung; Garten- und Landschaftsbau'),
    ('N82', 'Office administrative, office support and other business support activities', 'Administratieve en ondersteunende activiteiten ten behoeve van kantoren en overige zakelijke activiteiten', 'Activités administratives et autres activités de soutien aux entreprises', 'Erbringung von wirtschaftlichen Dienstleistungen für Unternehmen und Privatpersonen a. n. g.'),
    ('O84', 'Public administration and defence; compulsory social security', 'Openbaar bestuur en defensie; verplichte sociale verzekeringen', 'Administration publique et défense ; sécurité sociale obligatoire', 'Öffentliche Verwaltung, Verteidigung; Sozialversicherung'),
    ('P85', 'Education', 'Onderwijs', 'Enseignement', 'Erziehung und Unterricht'),
    ('Q86', 'Human health activities', 'Menselijke gezondheidszorg', 'Activités pour la santé humaine', 'Gesundheitswesen'),
    ('Q87', 'Residential care activities', 'Maatschappelijke dienstverlening met huisvesting', 'Hébergement médico-social et social', 'Heime (ohne Erholungs- und Ferienheime)'),
    ('Q88', 'Social work activities without accommodation', 'Maatschappelijke dienstverlening zonder huisvesting', 'Action sociale sans hébergement', 'Sozialwesen (ohne Heime)'),
    ('R90', 'Creative, arts and entertainment activities', 'Creatieve activiteiten, kunst en amusement', 'Activités créatives, artistiques et de spectacle', 'Kreative, künstlerische und unterhaltende Tätigkeiten'),
    ('R91', 'Libraries, archives, museums and other cultural activities', 'Bibliotheken, archieven, musea en overige culturele activiteiten', 'Bibliothèques, archives, musées et autres activités culturelles', 'Bibliotheken, Archive, Museen, botanische und zoologische Gärten'),
    ('R92', 'Gambling and betting activities', 'Loterijen en kansspelen', "Organisation de jeux de hasard et d'argent", 'Spiel-, Wett- und Lotteriewesen'),
    ('R93', 'Sports activities and amusement and recreation activities', 'Sport, ontspanning en recreatie', 'Activités sportives, récréatives et de loisirs', 'Erbringung von Dienstleistungen des Sports, der Unterhaltung und der Erholung'),
    ('S94', 'Activities of membership organisations', 'Verenigingen', 'Activités des organisations associatives', 'Interessenvertretungen sowie kirchliche und sonstige religiöse Vereinigungen (ohne Sozialwesen und Sport)'),
    ('S95', 'Repair of computers and personal and household goods', 'Reparatie van computers en consumentenartikelen', "Réparation d'ordinateurs et de biens personnels et domestiques", 'Reparatur von Datenverarbeitungsgeräten und Gebrauchsgütern'),
    ('S96', 'Other personal service activities', 'Overige persoonlijke diensten', 'Autres services personnels', 'Erbringung von sonstigen überwiegend persönlichen Dienstleistungen'),
    ('T97', 'Activities of households as employers of domestic personnel', 'Huishoudens als werkgever van huishoudelijk personeel', "Activités des ménages en tant qu'employeurs de personnel domestique", 'Private Haushalte mit Hauspersonal'),
    ('T98', 'Undifferentiated goods- and services-producing activities of private households for own use', 'Niet-gedifferentieerde productie van goederen en diensten door particuliere huishoudens voor eigen gebruik', 'Activités indifférenciées des ménages en tant que producteurs de biens et services pour usage propre', 'Herstellung von Waren und Erbringung von Dienstleistungen durch private Haushalte für den Eigenbedarf ohne ausgeprägten Schwerpunkt'),
    ('U99', 'Activities of extraterritorial organisations and bodies', 'Extraterritoriale organisaties en lichamen', 'Activités des organisations et organismes extraterritoriaux', 'Exterritoriale Organisationen und Körperschaften'),
]


def load(apps, schema_editor):
    Sector = apps.get_model("taxonomy", "Sector")
    sections = {s.code: s for s in Sector.objects.filter(code__regex=r"^[A-U]$")}
    for code, en, nl, fr, de in DIVISIONS:
        Sector.objects.update_or_create(
            code=code,
            defaults={
                "name": en,
                "name_en": en,
                "name_nl": nl,
                "name_fr": fr,
                "name_de": de,
                "parent": sections[code[0]],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0003_sector_parent")]
    # Backwards the divisions stay: practices and organisations may be tagged with them by then.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
