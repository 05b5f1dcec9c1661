"""The occupation groups of job ads, named in every language the sites speak, and the picture each group's cards show.

An ad's `occupation_group` is the Swedish label of JobTech's taxonomy (SSYK 2012's occupation groups, e.g.
"Installations- och serviceelektriker"), since that is what the national job-ads API gives and what the jobs
search filters by. A Polish electrician reads "Elektrycy instalatorzy i serwisanci" instead: this table names the
groups the Norrbotten ads most often carry in the sites' other languages. A group not in it is shown by its
Swedish label, marked as Swedish. Each group also names the project's illustration its job cards carry
(`themes/norrbotten/static/img/occupations/<picture>.svg`) when the ad has no logo of its own.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class OccupationGroup:
    """One of JobTech's occupation groups: its Swedish label, its names in the other languages, its picture."""

    label: str
    picture: str
    names: dict


#: The picture of a job whose group the table does not know.
DEFAULT_PICTURE = "work"

#: (Swedish label, picture, English, German, Dutch, Polish, Finnish): one row per group.
_ROWS = (
    (
        "Undersköterskor, hemtjänst, hemsjukvård, äldreboende och habilitering",
        "care",
        "Assistant nurses, home and elderly care",
        "Pflegehelfer/innen, häusliche Pflege und Altenpflege",
        "Verzorgenden, thuiszorg en ouderenzorg",
        "Asystenci pielęgniarscy, opieka domowa i opieka nad seniorami",
        "Lähihoitajat, kotihoito ja vanhustenhoito",
    ),
    (
        "Personliga assistenter",
        "care",
        "Personal assistants",
        "Persönliche Assistenz",
        "Persoonlijk assistenten",
        "Asystenci osobiści",
        "Henkilökohtaiset avustajat",
    ),
    (
        "Grundutbildade sjuksköterskor",
        "care",
        "Registered nurses",
        "Pflegefachkräfte",
        "Verpleegkundigen",
        "Pielęgniarki i pielęgniarze",
        "Sairaanhoitajat",
    ),
    (
        "Distriktssköterskor",
        "care",
        "District nurses",
        "Gemeindepflegekräfte",
        "Wijkverpleegkundigen",
        "Pielęgniarki środowiskowe",
        "Terveydenhoitajat",
    ),
    ("Barnmorskor", "care", "Midwives", "Hebammen", "Verloskundigen", "Położne", "Kätilöt"),
    (
        "Specialistläkare",
        "care",
        "Specialist physicians",
        "Fachärzte und Fachärztinnen",
        "Medisch specialisten",
        "Lekarze specjaliści",
        "Erikoislääkärit",
    ),
    (
        "Grundskollärare",
        "school",
        "Compulsory school teachers",
        "Lehrkräfte der Grundschule (Klasse 1–9)",
        "Leraren basisonderwijs en onderbouw",
        "Nauczyciele szkół podstawowych",
        "Peruskoulun opettajat",
    ),
    (
        "Gymnasielärare",
        "school",
        "Upper secondary school teachers",
        "Gymnasiallehrkräfte",
        "Leraren bovenbouw voortgezet onderwijs",
        "Nauczyciele szkół średnich",
        "Toisen asteen opettajat",
    ),
    (
        "Lärare i yrkesämnen",
        "school",
        "Vocational teachers",
        "Lehrkräfte für berufliche Fächer",
        "Docenten beroepsonderwijs",
        "Nauczyciele przedmiotów zawodowych",
        "Ammatillisten aineiden opettajat",
    ),
    (
        "Förskollärare",
        "school",
        "Preschool teachers",
        "Vorschullehrkräfte",
        "Leraren voorschoolse educatie",
        "Nauczyciele przedszkolni",
        "Varhaiskasvatuksen opettajat",
    ),
    (
        "Elevassistenter m.fl.",
        "school",
        "Teaching assistants",
        "Schulassistenz",
        "Onderwijsassistenten",
        "Asystenci nauczycieli",
        "Koulunkäyntiavustajat",
    ),
    (
        "Övriga pedagoger med teoretisk specialistkompetens",
        "school",
        "Other teaching professionals",
        "Sonstige pädagogische Fachkräfte",
        "Overige onderwijsprofessionals",
        "Pozostali specjaliści w dziedzinie nauczania",
        "Muut opetusalan erityisasiantuntijat",
    ),
    (
        "Socialsekreterare",
        "social",
        "Social workers",
        "Sozialarbeiter/innen",
        "Maatschappelijk werkers",
        "Pracownicy socjalni",
        "Sosiaalityöntekijät",
    ),
    (
        "Fritidsledare m.fl.",
        "social",
        "Youth and recreation leaders",
        "Freizeit- und Jugendleiter/innen",
        "Jongeren- en recreatiewerkers",
        "Animatorzy czasu wolnego",
        "Vapaa-ajan ohjaajat",
    ),
    (
        "Handläggare och utredare, offentlig förvaltning",
        "social",
        "Case officers, public administration",
        "Sachbearbeiter/innen, öffentliche Verwaltung",
        "Beleidsmedewerkers, openbaar bestuur",
        "Referenci w administracji publicznej",
        "Käsittelijät ja selvittäjät, julkinen hallinto",
    ),
    (
        "Installations- och serviceelektriker",
        "electric",
        "Installation and service electricians",
        "Installations- und Serviceelektriker/innen",
        "Installatie- en service-elektriciens",
        "Elektrycy instalatorzy i serwisanci",
        "Asennus- ja huoltosähköasentajat",
    ),
    (
        "Distributionselektriker",
        "electric",
        "Power line electricians",
        "Elektriker/innen für Stromnetze",
        "Elektriciens energiedistributie",
        "Elektrycy sieci energetycznych",
        "Verkostoasentajat",
    ),
    (
        "Industrielektriker",
        "electric",
        "Industrial electricians",
        "Industrieelektriker/innen",
        "Industrieel elektriciens",
        "Elektrycy przemysłowi",
        "Teollisuussähköasentajat",
    ),
    (
        "Träarbetare, snickare m.fl.",
        "build",
        "Carpenters and joiners",
        "Zimmerer und Tischler/innen",
        "Timmerlieden",
        "Cieśle i stolarze",
        "Kirvesmiehet ja puusepät",
    ),
    (
        "Grovarbetare inom bygg och anläggning",
        "build",
        "Construction labourers",
        "Bauhelfer/innen",
        "Bouwvakkers",
        "Robotnicy budowlani",
        "Rakennusalan aputyöntekijät",
    ),
    (
        "Anläggningsmaskinförare m.fl.",
        "build",
        "Earth-moving machine operators",
        "Baumaschinenführer/innen",
        "Grondverzetmachinisten",
        "Operatorzy maszyn budowlanych",
        "Maarakennuskoneenkuljettajat",
    ),
    (
        "Fastighetsskötare",
        "service",
        "Property caretakers",
        "Hausmeister/innen",
        "Huismeesters en conciërges",
        "Konserwatorzy budynków",
        "Kiinteistönhoitajat",
    ),
    ("Städare", "service", "Cleaners", "Reinigungskräfte", "Schoonmakers", "Sprzątacze", "Siivoojat"),
    (
        "Hotellreceptionister m.fl.",
        "service",
        "Hotel receptionists",
        "Hotelrezeptionist/innen",
        "Hotelreceptionisten",
        "Recepcjoniści hotelowi",
        "Hotellivirkailijat",
    ),
    (
        "Butikssäljare, dagligvaror",
        "service",
        "Shop sales assistants, groceries",
        "Verkäufer/innen im Lebensmittelhandel",
        "Verkopers in de supermarkt",
        "Sprzedawcy w sklepach spożywczych",
        "Myyjät, päivittäistavarat",
    ),
    (
        "Övriga servicearbetare",
        "service",
        "Other service workers",
        "Sonstige Servicekräfte",
        "Overige dienstverleners",
        "Pozostali pracownicy usług",
        "Muut palvelutyöntekijät",
    ),
    ("Kockar och kallskänkor", "kitchen", "Cooks", "Köche und Köchinnen", "Koks", "Kucharze", "Kokit ja kylmäköt"),
    (
        "Guider och reseledare",
        "guide",
        "Guides and tour leaders",
        "Reiseleiter/innen und Guides",
        "Gidsen en reisleiders",
        "Przewodnicy i piloci wycieczek",
        "Oppaat ja matkanjohtajat",
    ),
    (
        "Lastbilsförare m.fl.",
        "transport",
        "Truck drivers",
        "Lkw-Fahrer/innen",
        "Vrachtwagenchauffeurs",
        "Kierowcy samochodów ciężarowych",
        "Kuorma-autonkuljettajat",
    ),
    (
        "Buss- och spårvagnsförare",
        "transport",
        "Bus and tram drivers",
        "Bus- und Straßenbahnfahrer/innen",
        "Bus- en trambestuurders",
        "Kierowcy autobusów i motorniczowie",
        "Linja-auton- ja raitiovaununkuljettajat",
    ),
    ("Lokförare", "transport", "Train drivers", "Lokführer/innen", "Machinisten", "Maszyniści", "Veturinkuljettajat"),
    (
        "Övriga bil-, motorcykel- och cykelförare",
        "transport",
        "Other car, motorcycle and bicycle drivers",
        "Sonstige Kraftfahrzeug- und Zweiradfahrer/innen",
        "Overige bestuurders van auto's, motoren en fietsen",
        "Pozostali kierowcy samochodów, motocykli i rowerów",
        "Muut auton-, moottoripyörän- ja polkupyöränkuljettajat",
    ),
    (
        "Motorfordonsmekaniker och fordonsreparatörer",
        "mechanic",
        "Motor vehicle mechanics",
        "Kfz-Mechatroniker/innen",
        "Automonteurs",
        "Mechanicy pojazdów samochodowych",
        "Ajoneuvoasentajat",
    ),
    (
        "Underhållsmekaniker och maskinreparatörer",
        "mechanic",
        "Maintenance mechanics and machine repairers",
        "Instandhaltungsmechaniker/innen",
        "Onderhoudsmonteurs",
        "Mechanicy utrzymania ruchu",
        "Kunnossapitoasentajat",
    ),
    (
        "Processoperatörer, stål- och metallverk",
        "industry",
        "Process operators, steel and metal works",
        "Anlagenfahrer/innen, Stahl- und Metallwerke",
        "Procesoperators, staal- en metaalindustrie",
        "Operatorzy procesów w hutnictwie",
        "Prosessinhoitajat, teräs- ja metalliteollisuus",
    ),
    (
        "Maskinoperatörer, livsmedelsindustri m.m.",
        "industry",
        "Machine operators, food industry",
        "Maschinenbediener/innen, Lebensmittelindustrie",
        "Machineoperators, voedingsindustrie",
        "Operatorzy maszyn w przemyśle spożywczym",
        "Elintarviketeollisuuden koneenhoitajat",
    ),
    (
        "Gruv- och stenbrottsarbetare",
        "industry",
        "Miners and quarry workers",
        "Bergleute und Steinbrucharbeiter/innen",
        "Mijnwerkers en steengroevewerkers",
        "Górnicy i pracownicy kamieniołomów",
        "Kaivos- ja louhostyöntekijät",
    ),
    (
        "Förare av jordbruks- och skogsmaskiner",
        "nature",
        "Agricultural and forestry machine operators",
        "Fahrer/innen von Land- und Forstmaschinen",
        "Bestuurders van land- en bosbouwmachines",
        "Operatorzy maszyn rolniczych i leśnych",
        "Maa- ja metsätalouskoneiden kuljettajat",
    ),
    (
        "Uppfödare och skötare av lantbrukets husdjur",
        "nature",
        "Livestock farmers and workers",
        "Tierhalter/innen in der Landwirtschaft",
        "Veehouders en dierverzorgers",
        "Hodowcy zwierząt gospodarskich",
        "Kotieläintenkasvattajat ja -hoitajat",
    ),
    ("Fiskare", "nature", "Fishers", "Fischer/innen", "Vissers", "Rybacy", "Kalastajat"),
    (
        "Rådgivare inom lantbruk m.m.",
        "nature",
        "Agricultural and forestry advisers",
        "Berater/innen in Land- und Forstwirtschaft",
        "Adviseurs land- en bosbouw",
        "Doradcy rolniczy i leśni",
        "Maa- ja metsätalouden neuvojat",
    ),
    (
        "Civilingenjörsyrken inom elektroteknik",
        "engineering",
        "Graduate engineers, electrical engineering",
        "Ingenieur/innen, Elektrotechnik",
        "Ingenieurs elektrotechniek",
        "Inżynierowie elektrycy",
        "Diplomi-insinöörit, sähkötekniikka",
    ),
    (
        "Civilingenjörsyrken inom maskinteknik",
        "engineering",
        "Graduate engineers, mechanical engineering",
        "Ingenieur/innen, Maschinenbau",
        "Ingenieurs werktuigbouwkunde",
        "Inżynierowie mechanicy",
        "Diplomi-insinöörit, konetekniikka",
    ),
    (
        "Civilingenjörsyrken inom gruvteknik och metallurgi",
        "engineering",
        "Graduate engineers, mining and metallurgy",
        "Ingenieur/innen, Bergbau und Metallurgie",
        "Ingenieurs mijnbouw en metallurgie",
        "Inżynierowie górnictwa i metalurgii",
        "Diplomi-insinöörit, kaivos- ja metallurgiatekniikka",
    ),
    (
        "Drifttekniker, IT",
        "engineering",
        "IT operations technicians",
        "IT-Betriebstechniker/innen",
        "IT-beheerders",
        "Technicy eksploatacji systemów IT",
        "IT-käyttöteknikot",
    ),
    (
        "Geologer och geofysiker m.fl.",
        "research",
        "Geologists and geophysicists",
        "Geolog/innen und Geophysiker/innen",
        "Geologen en geofysici",
        "Geolodzy i geofizycy",
        "Geologit ja geofyysikot",
    ),
    (
        "Universitets- och högskolelärare",
        "research",
        "University and college teachers",
        "Hochschullehrende",
        "Docenten hoger onderwijs",
        "Nauczyciele akademiccy",
        "Yliopisto- ja korkeakouluopettajat",
    ),
    (
        "Doktorander",
        "research",
        "Doctoral students",
        "Doktorand/innen",
        "Promovendi",
        "Doktoranci",
        "Väitöskirjatutkijat",
    ),
    ("Brandmän", "safety", "Firefighters", "Feuerwehrleute", "Brandweerlieden", "Strażacy", "Palomiehet"),
    ("Soldater m.fl.", "safety", "Soldiers", "Soldat/innen", "Militairen", "Żołnierze", "Sotilaat"),
    (
        "Tull- och kustbevakningstjänstemän",
        "safety",
        "Customs and coast guard officers",
        "Zoll- und Küstenwachebeamte/-beamtinnen",
        "Douane- en kustwachtmedewerkers",
        "Funkcjonariusze celni i straży przybrzeżnej",
        "Tulli- ja rajavartiovirkailijat",
    ),
)

#: Every group the table names, by its Swedish label.
GROUPS = {
    label: OccupationGroup(
        label, picture, {"sv": label, **dict(zip(("en", "de", "nl", "pl", "fi"), names, strict=True))}
    )
    for label, picture, *names in _ROWS
}

#: The pictures job cards can carry: one illustration per key (and the default).
PICTURES = sorted({group.picture for group in GROUPS.values()} | {DEFAULT_PICTURE})


def group_name(label, language):
    """(name, language of the name): the group named in `language` if the table knows it, else its Swedish label."""
    group = GROUPS.get(label)
    if group and language in group.names:
        return group.names[language], language
    return label, "sv"


def picture(label):
    """The illustration a job card of this group shows (the default one for a group the table does not know)."""
    group = GROUPS.get(label)
    return group.picture if group else DEFAULT_PICTURE
