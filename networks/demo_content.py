"""What the demo's networks hold: the cities that applied and observe, the quarterly meetings,
the good practices and the results, written as ZMP's clerks and coordinators would.

The cities are real (approximate GUS populations, town centres); the people, the practices'
details and who joined which network are illustrative.
"""

from cities.choices import ProgrammeStatus as P
from cities.choices import UnitType as U
from cities.choices import Voivodeship as V

# More real cities, beyond those of the source texts (cities.data.CITIES): 15 that applied
# to the thematic networks (with the 26 of the leaders' network: the announcement's 41) and 10
# observer cities. Same columns as CITIES, and the city's place in the programme.
EXTRA_CITIES = [
    ("Chełm", U.CITY_COUNTY, "Chełm", V.LUBELSKIE, "22-100", 60000, "51.14312", "23.47116", "", P.LAUREATE),
    ("Sanok", U.URBAN, "sanocki", V.PODKARPACKIE, "38-500", 36000, "49.55570", "22.20580", "", P.LAUREATE),
    ("Gorlice", U.URBAN, "gorlicki", V.MALOPOLSKIE, "38-300", 27000, "49.65470", "21.15970", "", P.FINALIST),
    ("Bartoszyce", U.URBAN, "bartoszycki", V.WARMINSKO_MAZURSKIE, "11-200", 22500, "54.25360", "20.80830", "", P.LAUREATE),
    ("Kętrzyn", U.URBAN, "kętrzyński", V.WARMINSKO_MAZURSKIE, "11-400", 26000, "54.07640", "21.37530", "", P.FINALIST),
    ("Szczytno", U.URBAN, "szczycieński", V.WARMINSKO_MAZURSKIE, "12-100", 22500, "53.56280", "20.98530", "", P.LAUREATE),
    ("Zambrów", U.URBAN, "zambrowski", V.PODLASKIE, "18-300", 21500, "52.98560", "22.24330", "", P.FINALIST),
    ("Nowa Ruda", U.URBAN, "kłodzki", V.DOLNOSLASKIE, "57-400", 21500, "50.58030", "16.50170", "", P.LAUREATE),
    ("Kłodzko", U.URBAN, "kłodzki", V.DOLNOSLASKIE, "57-300", 26000, "50.43440", "16.66140", "", P.FINALIST),
    ("Świdwin", U.URBAN, "świdwiński", V.ZACHODNIOPOMORSKIE, "78-300", 15000, "53.77470", "15.77690", "", P.FINALIST),
    ("Chojnice", U.URBAN, "chojnicki", V.POMORSKIE, "89-600", 39000, "53.69750", "17.55970", "", P.FINALIST),
    ("Kutno", U.URBAN, "kutnowski", V.LODZKIE, "99-300", 42000, "52.23060", "19.36420", "", P.FINALIST),
    ("Płońsk", U.URBAN, "płoński", V.MAZOWIECKIE, "09-100", 22000, "52.62360", "20.37560", "", P.FINALIST),
    ("Krasnystaw", U.URBAN, "krasnostawski", V.LUBELSKIE, "22-300", 18000, "50.98470", "23.17310", "", P.LAUREATE),
    ("Lubsko", U.URBAN_RURAL, "żarski", V.LUBUSKIE, "68-300", 13500, "51.78780", "14.97140", "", P.FINALIST),
    # Observer cities.
    ("Wadowice", U.URBAN_RURAL, "wadowicki", V.MALOPOLSKIE, "34-100", 18500, "49.88330", "19.49280", "", P.OBSERVER),
    ("Sandomierz", U.URBAN, "sandomierski", V.SWIETOKRZYSKIE, "27-600", 23000, "50.68290", "21.74890", "", P.OBSERVER),
    ("Łowicz", U.URBAN, "łowicki", V.LODZKIE, "99-400", 27500, "52.10670", "19.94470", "", P.OBSERVER),
    ("Gniezno", U.URBAN, "gnieźnieński", V.WIELKOPOLSKIE, "62-200", 66000, "52.53500", "17.58260", "", P.OBSERVER),
    ("Ełk", U.URBAN, "ełcki", V.WARMINSKO_MAZURSKIE, "19-300", 61000, "53.82810", "22.36470", "", P.OBSERVER),
    ("Kwidzyn", U.URBAN, "kwidzyński", V.POMORSKIE, "82-500", 38000, "53.72580", "18.93140", "", P.OBSERVER),
    ("Świebodzin", U.URBAN_RURAL, "świebodziński", V.LUBUSKIE, "66-200", 21500, "52.24750", "15.53360", "", P.OBSERVER),
    ("Brzeg", U.URBAN, "brzeski", V.OPOLSKIE, "49-300", 34000, "50.86060", "17.46690", "", P.OBSERVER),
    ("Mielec", U.URBAN, "mielecki", V.PODKARPACKIE, "39-300", 59000, "50.28750", "21.42390", "", P.OBSERVER),
    ("Szczecinek", U.URBAN, "szczecinecki", V.ZACHODNIOPOMORSKIE, "78-400", 39000, "53.70800", "16.69940", "", P.OBSERVER),
]  # fmt: skip

# The programme's laureates and finalists among the leaders' network's cities (illustrative).
LAUREATES = {
    "Starachowice", "Przemyśl", "Hajnówka", "Jasło", "Nisko", "Ostrowiec Świętokrzyski",
    "Łomża", "Zawiercie", "Złotów", "Żarów", "Hrubieszów", "Krosno", "Opoczno",
}  # fmt: skip

A, W, R = "accepted", "applied", "refused"

# The 90 applications to the thematic networks, by network: the applying city and where the
# application stands. Przemyśl's to MIASTO CYFROWE is the demo clerk's, Starachowice's the demo
# leader's; the others are those of a clerk of each city.
APPLICATIONS = {
    1: [("Przemyśl", A), ("Zabrze", A), ("Tarnów", A), ("Krosno", A), ("Konin", A),
        ("Jasło", A), ("Chełm", A), ("Kutno", A), ("Sanok", A), ("Włocławek", A),
        ("Hajnówka", A), ("Starachowice", W), ("Kędzierzyn-Koźle", W), ("Płońsk", W)],
    2: [("Ostrowiec Świętokrzyski", A), ("Stalowa Wola", A), ("Tomaszów Mazowiecki", A),
        ("Jelenia Góra", A), ("Nisko", A), ("Gorlice", A), ("Bartoszyce", A), ("Zambrów", A),
        ("Krasnystaw", A), ("Złotów", A), ("Chełm", A), ("Rydułtowy", W), ("Lubsko", R)],
    3: [("Cieszyn", A), ("Jarosław", A), ("Opoczno", A), ("Łomża", A), ("Zawiercie", A),
        ("Ostrów Wielkopolski", A), ("Szczytno", A), ("Kętrzyn", A), ("Chojnice", A),
        ("Żywiec", A), ("Hrubieszów", A), ("Sanok", W), ("Nowa Ruda", W)],
    4: [("Hrubieszów", A), ("Hajnówka", A), ("Krasnystaw", A), ("Bartoszyce", A),
        ("Świdwin", A), ("Żarów", A), ("Konin", A), ("Włocławek", A), ("Łomża", A),
        ("Zambrów", A), ("Nowa Ruda", A), ("Jasło", A), ("Kutno", W)],
    5: [("Kłodzko", A), ("Jelenia Góra", A), ("Żywiec", A), ("Sanok", A), ("Gorlice", A),
        ("Chojnice", A), ("Kętrzyn", A), ("Szczytno", A), ("Złotów", A), ("Krosno", A),
        ("Starachowice", A), ("Ostrowiec Świętokrzyski", W)],
    6: [("Rydułtowy", A), ("Zabrze", A), ("Tarnów", A), ("Stalowa Wola", A), ("Nisko", A),
        ("Żarów", A), ("Lubsko", A), ("Świdwin", A), ("Kłodzko", A), ("Płońsk", A),
        ("Tomaszów Mazowiecki", A), ("Zawiercie", A), ("Ostrów Wielkopolski", W)],
    7: [("Opoczno", A), ("Jarosław", A), ("Kędzierzyn-Koźle", A), ("Cieszyn", A),
        ("Kutno", A), ("Chełm", A), ("Szczytno", A), ("Konin", A), ("Włocławek", A),
        ("Stalowa Wola", A), ("Krosno", W), ("Hrubieszów", W)],
}  # fmt: skip

REFUSAL_REASON = (
    "Sieć przyjmuje miasta realizujące projekty z zakresu finansów i funduszy na rozwój; "
    "zgłoszony projekt Lubska dotyczy gospodarki niskoemisyjnej. Zapraszamy do sieci MIASTO "
    "NEUTRALNE KLIMATYCZNIE / ZIELONE, do której Lubsko już należy."
)

# Why a city applies, by network (the motivation a clerk writes in the form).
MOTIVATIONS = {
    1: "Wdrażamy e-usługi i elektroniczny obieg dokumentów; chcemy porównać rozwiązania z "
    "innymi urzędami i uniknąć błędów przy cyfryzacji.",
    2: "Przygotowujemy wieloletnią prognozę finansową i szukamy źródeł finansowania inwestycji "
    "poza dotacjami; chcemy uczyć się od miast, które to już zrobiły.",
    3: "Prowadzimy budżet obywatelski i konsultacje społeczne; chcemy włączyć mieszkańców, "
    "którzy dotąd nie brali w nich udziału.",
    4: "Rozwijamy usługi dla seniorów i osób z niepełnosprawnościami; szukamy sprawdzonych "
    "rozwiązań w dostępności i usługach społecznych.",
    5: "Wspieramy lokalnych przedsiębiorców i promujemy miasto turystycznie; chcemy wymieniać "
    "się doświadczeniami z obsługi inwestorów.",
    6: "Przygotowujemy plan adaptacji do zmian klimatu i termomodernizację budynków "
    "publicznych; interesują nas doświadczenia innych miast z OZE.",
    7: "Mamy trudności z rekrutacją i utrzymaniem pracowników urzędu; chcemy poznać sposoby "
    "na rozwój kompetencji i motywowanie kadr.",
}

# Observer cities, by network; MIASTO CYFROWE's Bochnia is the demo observer's. ZASOBY
# KADROWE has none yet.
OBSERVERS = {
    1: ["Bochnia", "Mielec", "Ełk"],
    2: ["Gniezno", "Brzeg"],
    3: ["Bochnia", "Łowicz", "Kwidzyn", "Wadowice"],
    4: ["Sandomierz", "Świebodzin"],
    5: ["Wadowice", "Sandomierz", "Szczecinek"],
    6: ["Ełk", "Mielec", "Szczecinek"],
}

# Fictional ZMP advisors and experts of the networks the demo logins do not run.
STAFF = {
    2: (("Barbara", "Budżetowa"), ("Marek", "Funduszowy")),
    4: (("Joanna", "Senioralna"), ("Paweł", "Dostępny")),
    5: (("Krzysztof", "Inwestorski"), ("Alicja", "Turystyczna")),
    6: (("Magdalena", "Zielińska"), ("Robert", "Klimatyczny")),
    7: (("Katarzyna", "Kadrowa"), ("Michał", "Kompetentny")),
}

# Fictional clerks, one per city, named from these in turn.
FIRST_NAMES = [
    "Anna", "Krzysztof", "Małgorzata", "Piotr", "Katarzyna", "Tomasz", "Agnieszka", "Paweł",
    "Monika", "Łukasz", "Joanna", "Marcin", "Beata", "Grzegorz", "Dorota", "Rafał", "Ewa",
    "Jakub", "Iwona", "Wojciech", "Aleksandra", "Michał", "Renata", "Sebastian", "Justyna",
]  # fmt: skip
LAST_NAMES = [
    "Nowak", "Wójcik", "Kowalczyk", "Kamińska", "Lewandowski", "Zielińska", "Szymański",
    "Woźniak", "Dąbrowska", "Kozłowski", "Jankowska", "Mazur", "Kwiatkowska", "Krawczyk",
    "Piotrowska", "Grabowski", "Pawłowska", "Michalski", "Król", "Wieczorek", "Jabłońska",
    "Wróbel", "Majewski", "Olszewska", "Stępień", "Jaworski", "Malinowska", "Adamczyk",
    "Dudek", "Nowicka", "Pawlak", "Górski", "Witkowska", "Walczak", "Sikora", "Baran",
    "Rutkowska", "Michalak", "Szewczyk", "Ostrowska", "Tomaszewski", "Pietrzak", "Marciniak",
    "Wróblewska", "Zalewski", "Jakubowska", "Jasińska", "Zawadzki", "Sadowska", "Bąk",
]  # fmt: skip

# The quarterly cycle: (year, month, day) of each meeting, its lead topic, its host city
# (None: online) and the workshops of its agenda. Spring 2022 to early 2024.
QUARTERS = [
    (2022, 5),
    (2022, 9),
    (2022, 11),
    (2023, 2),
    (2023, 5),
    (2023, 9),
    (2023, 11),
    (2024, 2),
]

MEETINGS = {
    1: [
        ("Spotkanie inauguracyjne: mapa cyfryzacji urzędów sieci", "Tarnów"),
        ("E-usługi dla mieszkańców: od formularza do płatności online", "Krosno"),
        ("Cyberbezpieczeństwo w małym urzędzie", None),
        ("Elektroniczny obieg dokumentów: wdrożenie krok po kroku", "Zabrze"),
        ("Otwarte dane miejskie i portale geoinformacyjne", "Konin"),
        ("Kompetencje cyfrowe urzędników i mieszkańców", "Chełm"),
        ("Inteligentne zarządzanie oświetleniem i czujniki w mieście", "Jasło"),
        ("Podsumowanie cyklu: rekomendacje sieci", "Przemyśl"),
    ],
    2: [
        ("Spotkanie inauguracyjne: finanse miast w czasie inflacji", "Ostrowiec Świętokrzyski"),
        ("Wieloletnia prognoza finansowa jako narzędzie zarządzania", "Stalowa Wola"),
        ("Fundusze europejskie 2021–2027: jak przygotować projekty", None),
        ("Partnerstwo publiczno-prywatne w małym mieście", "Jelenia Góra"),
        ("Zarządzanie majątkiem gminy i gospodarka nieruchomościami", "Tomaszów Mazowiecki"),
        ("Budżet zadaniowy i kontrola zarządcza", "Nisko"),
        ("Obligacje komunalne i finansowanie zwrotne", None),
        ("Podsumowanie cyklu: finansowanie rozwoju po 2024 roku", "Gorlice"),
    ],
    3: [
        ("Spotkanie inauguracyjne: partycypacja w miastach sieci", "Cieszyn"),
        ("Budżet obywatelski, który angażuje", "Jarosław"),
        ("Konsultacje społeczne online i na ulicy", None),
        ("Młodzieżowe rady miast i seniorzy w konsultacjach", "Opoczno"),
        ("Współpraca z organizacjami pozarządowymi: program współpracy", "Łomża"),
        ("Panel obywatelski: jak go przeprowadzić", "Zawiercie"),
        ("Komunikacja z mieszkańcami w mediach społecznościowych", None),
        ("Podsumowanie cyklu: standardy partycypacji", "Ostrów Wielkopolski"),
    ],
    4: [
        ("Spotkanie inauguracyjne: polityka senioralna miast", "Hrubieszów"),
        ("Dostępność budynków i usług urzędu", "Hajnówka"),
        ("Usługi opiekuńcze i teleopieka dla seniorów", None),
        ("Centra usług społecznych: doświadczenia pierwszych miast", "Konin"),
        ("Integracja uchodźców z Ukrainy w mieście", "Włocławek"),
        ("Mieszkania wspomagane i treningowe", "Łomża"),
        ("Przeciwdziałanie wykluczeniu cyfrowemu seniorów", None),
        ("Podsumowanie cyklu: miasto dostępne dla wszystkich", "Krasnystaw"),
    ],
    5: [
        ("Spotkanie inauguracyjne: gospodarka lokalna po pandemii", "Jelenia Góra"),
        ("Obsługa inwestora w urzędzie: standard i ścieżka", "Krosno"),
        ("Marka miasta i produkt turystyczny", "Kłodzko"),
        ("Inkubatory przedsiębiorczości i przestrzenie coworkingowe", None),
        ("Rewitalizacja śródmieścia a handel lokalny", "Żywiec"),
        ("Turystyka industrialna i dziedzictwo", "Sanok"),
        ("Współpraca miasta ze szkołami zawodowymi i pracodawcami", None),
        ("Podsumowanie cyklu: lokalne strategie gospodarcze", "Gorlice"),
    ],
    6: [
        ("Spotkanie inauguracyjne: plany adaptacji do zmian klimatu", "Tarnów"),
        ("Termomodernizacja budynków publicznych", "Stalowa Wola"),
        ("Fotowoltaika na budynkach miejskich i społeczności energetyczne", "Nisko"),
        ("Błękitno-zielona infrastruktura: retencja wody w mieście", None),
        ("Wymiana pieców i walka ze smogiem", "Rydułtowy"),
        ("Zieleń miejska i drzewa w przestrzeni publicznej", "Żarów"),
        ("Niskoemisyjny transport publiczny", "Zabrze"),
        ("Podsumowanie cyklu: miasto neutralne klimatycznie w 2050 roku", None),
    ],
    7: [
        ("Spotkanie inauguracyjne: kadry urzędów miast", "Opoczno"),
        ("Rekrutacja w urzędzie: jak przyciągnąć młodych", "Jarosław"),
        ("Ocena okresowa i ścieżki rozwoju pracowników", None),
        ("Praca zdalna i hybrydowa w urzędzie", "Kędzierzyn-Koźle"),
        ("Wdrażanie nowych pracowników i mentoring", "Cieszyn"),
        ("Wynagrodzenia i motywowanie poza płacą", None),
        ("Zarządzanie wiekiem i przekazywanie wiedzy", "Kutno"),
        ("Podsumowanie cyklu: strategia zarządzania kadrami", "Chełm"),
    ],
    # The leaders' network: the second meeting, in Starachowice in October 2022, is the one
    # the report of the source texts describes (loaded apart).
    8: [
        ("Spotkanie inauguracyjne: przywództwo w samorządzie", "Przemyśl"),
        None,
        ("Zarządzanie kryzysowe: pandemia i pomoc uchodźcom", "Zabrze"),
        ("Wizja miasta i strategia rozwoju: jak ją uzgodnić z mieszkańcami", "Jelenia Góra"),
        ("Finanse miast po zmianach w podatkach: decyzje liderów", None),
        ("Współpraca międzygminna i miejskie obszary funkcjonalne", "Tarnów"),
        ("Zespół i następcy: budowanie kadry zarządzającej", "Ostrów Wielkopolski"),
        ("Podsumowanie cyklu: odpowiedzialność lidera", "Zawiercie"),
    ],
}

AGENDA = [
    ("10:00", "Powitanie i przedstawienie uczestników", "coordinator"),
    ("10:30", "Wystąpienie gospodarza: doświadczenia miasta", "host"),
    ("11:30", "Warsztaty w grupach", "expert"),
    ("13:30", "Podsumowanie i plan na kolejny kwartał", "coordinator"),
]

# The next meeting of each network (MIASTO CYFROWE's is loaded apart): its topic, host and
# how many days from today it starts.
COMING = {
    2: ("Budżet 2027: jak planować w czasie niepewności", "Złotów", 24),
    3: ("Konsultacje planu ogólnego z mieszkańcami", None, 31),
    4: ("Usługi społeczne na zamówienie: bon senioralny", "Bartoszyce", 38),
    5: ("Turystyka weekendowa: wspólne produkty miast sieci", "Kłodzko", 45),
    6: ("Magazyny energii i klastry energetyczne", "Lubsko", 52),
    7: ("Sztuczna inteligencja w pracy urzędnika: szanse i zasady", None, 59),
    8: ("Bezpieczeństwo miasta: ochrona ludności i obrona cywilna", "Krosno", 40),
}

# Good practices in the record card's style: slug, title, category, city, networks, status,
# summary (skrót), effects, implementing unit, street address. Authors are the city's clerk.
PUBLISHED, SUBMITTED, CHANGES, DRAFT = "published", "submitted", "changes", "draft"

PRACTICES = [
    ("e-urzad-w-tarnowie-sprawy-bez-kolejki", "E-urząd bez kolejki: rezerwacja wizyt i sprawy online w Tarnowie",
     "Zarządzanie usługami", "Tarnów", [1], PUBLISHED,
     "Mieszkańcy rezerwują wizytę w urzędzie przez internet i załatwiają online najczęstsze sprawy: "
     "meldunek, podatki lokalne, opłatę za odpady. Kolejki w Biurze Obsługi Klienta zniknęły.",
     "Czas oczekiwania w Biurze Obsługi Klienta spadł z 40 do 8 minut; 35% spraw wpływa drogą "
     "elektroniczną.", "Urząd Miasta Tarnowa, Wydział Organizacyjny", "ul. Mickiewicza 2"),
    ("cyfrowe-kompetencje-seniorow-w-krosnie", "Cyfrowy senior: kursy obsługi e-usług dla mieszkańców Krosna",
     "Usługi społeczne", "Krosno", [1, 4], PUBLISHED,
     "Bezpłatne kursy w bibliotece miejskiej uczą seniorów zakładać profil zaufany, płacić "
     "podatki online i bezpiecznie korzystać z bankowości elektronicznej.",
     "W dwa lata kurs ukończyło 640 osób; 70% uczestników korzysta z e-usług urzędu.",
     "Urząd Miasta Krosna, Wydział Spraw Społecznych", "ul. Lwowska 28a"),
    ("ezd-w-urzedzie-miasta-zabrze", "Elektroniczne zarządzanie dokumentacją (EZD) w Urzędzie Miejskim w Zabrzu",
     "Zarządzanie zasobami", "Zabrze", [1], PUBLISHED,
     "Przejście z obiegu papierowego na EZD w całym urzędzie w 18 miesięcy: wybór systemu, "
     "szkolenia, skanowanie korespondencji wpływającej i zmiana instrukcji kancelaryjnej.",
     "95% korespondencji w obiegu elektronicznym; oszczędność 1,2 mln arkuszy papieru rocznie.",
     "Urząd Miejski w Zabrzu, Biuro Organizacji", "ul. Powstańców Śląskich 5-7"),
    ("geoportal-miasta-konin", "Miejski geoportal i otwarte dane przestrzenne Konina",
     "Usługi techniczne", "Konin", [1, 6], PUBLISHED,
     "Geoportal udostępnia mieszkańcom i inwestorom plany miejscowe, mapę zieleni, inwestycje "
     "miejskie i dane o jakości powietrza, a dane są do pobrania w otwartych formatach.",
     "12 tys. odwiedzin miesięcznie; o 30% mniej wniosków o wypisy z planu.",
     "Urząd Miejski w Koninie, Wydział Geodezji i Katastru", "pl. Wolności 1"),
    ("cyberbezpieczenstwo-urzedu-w-jasle", "Szkolenia z cyberbezpieczeństwa i test phishingowy w Urzędzie Miasta Jasła",
     "Zarządzanie personelem", "Jasło", [1, 7], PUBLISHED,
     "Wszyscy pracownicy urzędu i jednostek przeszli szkolenie e-learningowe, a kontrolowana "
     "kampania phishingowa pokazała, kto potrzebuje dodatkowych zajęć.",
     "Odsetek kliknięć w fałszywe wiadomości spadł z 23% do 4% w ciągu roku.",
     "Urząd Miasta Jasła, Zespół Informatyki", "ul. Rynek 12"),
    ("wieloletnia-prognoza-finansowa-ostrowiec", "Wieloletnia prognoza finansowa jako narzędzie zarządzania w Ostrowcu Świętokrzyskim",
     "Zarządzanie strategiczne", "Ostrowiec Świętokrzyski", [2], PUBLISHED,
     "WPF powiązano ze strategią rozwoju miasta: każde przedsięwzięcie ma wskaźnik celu, a "
     "radni dostają kwartalny raport z realizacji przygotowany w arkuszu.",
     "Przesunięcia środków między przedsięwzięciami zmalały o połowę; raport czyta cała rada.",
     "Urząd Miasta Ostrowca Świętokrzyskiego, Wydział Budżetu", "ul. Głogowskiego 3/5"),
    ("ppp-parking-jelenia-gora", "Parking w partnerstwie publiczno-prywatnym w Jeleniej Górze",
     "Partnerstwo", "Jelenia Góra", [2, 5], PUBLISHED,
     "Miasto wniosło grunt, partner prywatny wybudował i prowadzi parking wielopoziomowy, a "
     "miasto otrzymuje część przychodów i po 25 latach przejmuje obiekt.",
     "320 miejsc postojowych w centrum bez obciążenia długu miasta.",
     "Urząd Miasta Jeleniej Góry, Wydział Rozwoju", "pl. Ratuszowy 58"),
    ("budzet-zadaniowy-stalowa-wola", "Budżet zadaniowy i mierniki w Stalowej Woli",
     "Zarządzanie strategiczne", "Stalowa Wola", [2], PUBLISHED,
     "Budżet przygotowywany w układzie zadań z miernikami efektów, uzgadnianymi z kierownikami "
     "jednostek; wyniki publikowane w przystępnej formie dla mieszkańców.",
     "Mieszkańcy widzą, ile kosztuje usługa (np. utrzymanie zieleni) i jaki daje efekt.",
     "Urząd Miasta Stalowej Woli, Wydział Budżetu i Finansów", "ul. Wolności 7"),
    ("pozyskiwanie-funduszy-gorlice", "Miejski zespół ds. pozyskiwania funduszy zewnętrznych w Gorlicach",
     "Zarządzanie zasobami", "Gorlice", [2], PUBLISHED,
     "Jeden zespół przygotowuje wnioski dla urzędu i jednostek, prowadzi kalendarz naborów i "
     "doradza organizacjom pozarządowym w pisaniu projektów.",
     "W trzy lata 48 mln zł dofinansowania; żaden nabór nie przepadł z braku wniosku.",
     "Urząd Miejski w Gorlicach, Zespół Funduszy Zewnętrznych", "Rynek 2"),
    ("budzet-obywatelski-jaroslaw", "Budżet obywatelski z głosowaniem w szkołach w Jarosławiu",
     "Dialog społeczny", "Jarosław", [3], PUBLISHED,
     "Głosowanie na projekty budżetu obywatelskiego odbywa się także w szkołach i na festynie "
     "miejskim, a młodzież od 13 lat zgłasza własne projekty.",
     "Frekwencja wzrosła z 6% do 17% uprawnionych; młodzież zgłosiła 14 projektów.",
     "Urząd Miasta Jarosławia, Biuro Promocji", "Rynek 1"),
    ("konsultacje-spoleczne-cieszyn", "Spacery badawcze i konsultacje na ulicy w Cieszynie",
     "Dialog społeczny", "Cieszyn", [3], PUBLISHED,
     "Przed projektowaniem przebudowy ulic urzędnicy i projektanci chodzą z mieszkańcami po "
     "okolicy, a punkt konsultacyjny stoi na rynku w dzień targowy.",
     "W konsultacjach wzięło udział 5 razy więcej osób niż w zebraniach w urzędzie.",
     "Urząd Miejski w Cieszynie, Wydział Strategii", "Rynek 1"),
    ("program-wspolpracy-z-ngo-lomza", "Program współpracy z organizacjami pozarządowymi pisany razem z nimi w Łomży",
     "Współpraca JST–NGO", "Łomża", [3], PUBLISHED,
     "Roczny program współpracy przygotowuje wspólny zespół urzędników i przedstawicieli "
     "organizacji; konkursy mają uproszczone wnioski i regranting dla małych grup.",
     "Liczba organizacji startujących w konkursach wzrosła z 31 do 58.",
     "Urząd Miejski w Łomży, Biuro Organizacji Pozarządowych", "ul. Stary Rynek 14"),
    ("mlodziezowa-rada-miasta-opoczno", "Młodzieżowa Rada Miejska opiniuje decyzje w Opocznie",
     "Dialog społeczny", "Opoczno", [3], PUBLISHED,
     "Młodzieżowa rada ma swojego opiekuna w urzędzie, budżet na działania i prawo opiniowania "
     "uchwał dotyczących młodzieży, sportu i kultury.",
     "Rada zaopiniowała 12 uchwał i przeprowadziła własny projekt skateparku.",
     "Urząd Miejski w Opocznie, Referat Oświaty", "ul. Staromiejska 6"),
    ("panel-obywatelski-zawiercie", "Panel obywatelski o zieleni w Zawierciu",
     "Dialog społeczny", "Zawiercie", [3, 6], PUBLISHED,
     "Losowo wybrani mieszkańcy przez trzy weekendy słuchali ekspertów i uzgodnili rekomendacje "
     "dla polityki zieleni; prezydent zobowiązał się wdrożyć te z poparciem 80%.",
     "Wdrożono 9 z 11 rekomendacji, w tym zakaz przycinania drzew w okresie lęgowym.",
     "Urząd Miejski w Zawierciu, Biuro Partycypacji", "ul. Leśna 2"),
    ("centrum-uslug-spolecznych-konin", "Centrum Usług Społecznych w Koninie: jedno miejsce dla mieszkańca",
     "Usługi społeczne", "Konin", [4], PUBLISHED,
     "Ośrodek pomocy społecznej przekształcono w centrum usług społecznych z organizatorem usług, "
     "który układa plan wsparcia całej rodzinie, od opieki po aktywizację.",
     "Czas od zgłoszenia do uruchomienia usługi opiekuńczej skrócił się do 5 dni.",
     "Centrum Usług Społecznych w Koninie", "ul. Zofii Urbanowskiej 1"),
    ("teleopieka-hrubieszow", "Teleopieka dla samotnych seniorów w Hrubieszowie",
     "Usługi społeczne", "Hrubieszów", [4], PUBLISHED,
     "Seniorzy mieszkający samotnie dostają opaskę z przyciskiem alarmowym połączoną z centrum "
     "teleopieki, które powiadamia rodzinę lub ratownictwo.",
     "Z teleopieki korzysta 120 osób; 14 interwencji uratowało zdrowie lub życie.",
     "Miejski Ośrodek Pomocy Społecznej w Hrubieszowie", "ul. Ludna 6"),
    ("dostepny-urzad-hajnowka", "Dostępny urząd: audyt i tłumacz migowy online w Hajnówce",
     "Zarządzanie usługami", "Hajnówka", [4], PUBLISHED,
     "Audyt dostępności z udziałem osób z niepełnosprawnościami, pętle indukcyjne w punktach "
     "obsługi i tłumacz języka migowego dostępny przez wideorozmowę.",
     "Urząd spełnia wymogi ustawy o dostępności; z tłumacza skorzystało 40 osób.",
     "Urząd Miasta Hajnówka, Referat Organizacyjny", "ul. Aleksandra Zina 1"),
    ("integracja-uchodzcow-wloclawek", "Punkt integracyjny dla uchodźców z Ukrainy we Włocławku",
     "Współpraca JST–NGO", "Włocławek", [4], PUBLISHED,
     "Miasto z organizacjami pozarządowymi prowadzi punkt, w którym uchodźcy dostają pomoc w "
     "sprawach urzędowych, kurs języka polskiego i wsparcie w szukaniu pracy.",
     "Z punktu skorzystało 2 800 osób; 410 znalazło pracę.",
     "Urząd Miasta Włocławek, Wydział Polityki Społecznej", "ul. Zielony Rynek 11/13"),
    ("mieszkania-wspomagane-zambrow", "Mieszkania wspomagane dla osób z niepełnosprawnościami w Zambrowie",
     "Usługi społeczne", "Zambrów", [4], PUBLISHED,
     "Sześć mieszkań w odnowionym budynku komunalnym z asystentem, w których osoby z "
     "niepełnosprawnościami uczą się samodzielnego życia.",
     "Cztery osoby przeszły do własnych mieszkań po dwóch latach treningu.",
     "Urząd Miasta Zambrów, Referat Spraw Społecznych", "ul. Fabryczna 3"),
    ("obsluga-inwestora-krosno", "Standard obsługi inwestora i opiekun inwestycji w Krośnie",
     "Zarządzanie usługami", "Krosno", [5], PUBLISHED,
     "Każdy inwestor ma jednego opiekuna w urzędzie, który prowadzi go przez decyzje, media i "
     "pozwolenia; oferta terenów inwestycyjnych jest aktualna w internecie.",
     "Miasto uzyskało certyfikat Polskiej Agencji Inwestycji i Handlu; 7 nowych inwestycji.",
     "Urząd Miasta Krosna, Biuro Obsługi Inwestora", "ul. Lwowska 28a"),
    ("marka-klodzko-twierdza", "Twierdza jako marka miasta: produkt turystyczny Kłodzka",
     "Zarządzanie strategiczne", "Kłodzko", [5], PUBLISHED,
     "Miasto zbudowało markę wokół Twierdzy Kłodzko: wspólny bilet z podziemiami, wydarzenia "
     "historyczne i pakiety z lokalnymi hotelami i restauracjami.",
     "Liczba zwiedzających twierdzę wzrosła o 45%, a noclegów w mieście o 30%.",
     "Urząd Miasta Kłodzka, Wydział Promocji", "pl. Bolesława Chrobrego 1"),
    ("coworking-sanok", "Miejski coworking i inkubator dla młodych firm w Sanoku",
     "Partnerstwo", "Sanok", [5], PUBLISHED,
     "W odnowionym budynku po szkole działa coworking z biurkami na godziny, doradztwem "
     "księgowym i spotkaniami z przedsiębiorcami, prowadzony z lokalną izbą gospodarczą.",
     "W inkubatorze powstało 26 firm, 19 działa po dwóch latach.",
     "Urząd Miasta Sanoka, Wydział Rozwoju Gospodarczego", "Rynek 1"),
    ("rewitalizacja-rynku-zywiec", "Rewitalizacja rynku z lokalnym handlem w Żywcu",
     "Zarządzanie strategiczne", "Żywiec", [5], PUBLISHED,
     "Przebudowę rynku połączono z programem dla najemców lokali: obniżony czynsz dla "
     "rzemiosła i gastronomii, targ z produktami regionalnymi w soboty.",
     "Puste lokale w rynku: z 11 do 2; sobotni targ odwiedza 3 tys. osób.",
     "Urząd Miejski w Żywcu, Wydział Rewitalizacji", "Rynek 2"),
    ("termomodernizacja-szkol-stalowa-wola", "Termomodernizacja szkół z monitoringiem zużycia energii w Stalowej Woli",
     "Efektywność energetyczna", "Stalowa Wola", [6], PUBLISHED,
     "Ocieplenie i wymiana źródeł ciepła w ośmiu szkołach, a w każdej licznik z odczytem "
     "online, który pozwala szybko wykryć nieprawidłowe zużycie.",
     "Zużycie ciepła spadło średnio o 42%, a koszty energii o 1,1 mln zł rocznie.",
     "Urząd Miasta Stalowej Woli, Wydział Inwestycji", "ul. Wolności 7"),
    ("fotowoltaika-nisko", "Fotowoltaika na budynkach miejskich w Nisku",
     "Efektywność energetyczna", "Nisko", [6], PUBLISHED,
     "Instalacje fotowoltaiczne (odnawialne źródła energii) na urzędzie, szkołach, pływalni i oczyszczalni ścieków, "
     "sfinansowane z funduszy zewnętrznych, z rozliczeniem w systemie prosumenckim.",
     "Moc 1,4 MW; 38% energii zużywanej przez budynki miejskie pochodzi ze słońca.",
     "Urząd Miasta i Gminy Nisko, Referat Inwestycji", "pl. Wolności 14"),
    ("retencja-wody-rydultowy", "Ogrody deszczowe i retencja wody w Rydułtowach",
     "Usługi techniczne", "Rydułtowy", [6], PUBLISHED,
     "Przy budynkach publicznych powstały ogrody deszczowe, a mieszkańcy dostają dotację do "
     "zbiorników na deszczówkę; program prowadzi miasto z lokalną szkołą.",
     "35 ogrodów deszczowych i 210 zbiorników; mniej podtopień na dwóch osiedlach.",
     "Urząd Miasta Rydułtowy, Referat Ochrony Środowiska", "pl. Ignacego Paderewskiego 6"),
    ("wymiana-piecow-zarow", "Kompleksowa wymiana pieców z doradcą energetycznym w Żarowie",
     "Efektywność energetyczna", "Żarów", [6], PUBLISHED,
     "Mieszkańcy dostają w urzędzie pomoc w całym procesie: od audytu, przez wniosek o dotację, "
     "po odbiór nowego źródła ciepła; urząd prowadzi też kontrole spalania odpadów.",
     "Wymieniono 340 kopciuchów; stężenie pyłu PM10 zimą spadło o jedną trzecią.",
     "Urząd Miejski w Żarowie, Referat Ochrony Środowiska", "ul. Zamkowa 2"),
    ("nasadzenia-drzew-tomaszow", "Tysiąc drzew na tysiąclecie: program nasadzeń w Tomaszowie Mazowieckim",
     "Dialog społeczny", "Tomaszów Mazowiecki", [6], PUBLISHED,
     "Mieszkańcy wskazują na mapie miejsca na nowe drzewa i mogą zostać ich opiekunami; "
     "szkoły sadzą drzewa razem z pracownikami zieleni miejskiej.",
     "Posadzono 1 050 drzew, 93% przyjęło się po dwóch latach.",
     "Urząd Miasta Tomaszowa Mazowieckiego, Wydział Ochrony Środowiska", "ul. Prezydenta Ignacego Mościckiego 4"),
    ("program-stazy-opoczno", "Staże dla absolwentów jako sposób na rekrutację w Urzędzie Miejskim w Opocznie",
     "Zarządzanie personelem", "Opoczno", [7], PUBLISHED,
     "Urząd co roku przyjmuje na płatne staże absolwentów szkół średnich i studiów, z "
     "opiekunem i planem stażu; najlepszym proponuje zatrudnienie.",
     "Z 24 stażystów 11 pracuje w urzędzie; średni wiek nowo zatrudnionych spadł o 9 lat.",
     "Urząd Miejski w Opocznie, Referat Kadr", "ul. Staromiejska 6"),
    ("mentoring-kedzierzyn-kozle", "Mentoring i wdrażanie nowych pracowników w Kędzierzynie-Koźlu",
     "Zarządzanie personelem", "Kędzierzyn-Koźle", [7], PUBLISHED,
     "Każdy nowy pracownik ma przez pół roku mentora z innego wydziału i program wdrożenia; "
     "mentorzy przechodzą szkolenie i dostają dodatek.",
     "Odejścia w pierwszym roku pracy spadły z 28% do 9%.",
     "Urząd Miasta Kędzierzyn-Koźle, Biuro Kadr", "ul. Grunwaldzka 6"),
    ("praca-hybrydowa-cieszyn", "Zasady pracy zdalnej i hybrydowej w Urzędzie Miejskim w Cieszynie",
     "Zarządzanie personelem", "Cieszyn", [7], PUBLISHED,
     "Regulamin pracy zdalnej określa stanowiska, które mogą pracować z domu do dwóch dni w "
     "tygodniu, sprzęt, bezpieczeństwo danych i dyżury w obsłudze mieszkańców.",
     "Wzrost zadowolenia pracowników w badaniu z 61% do 79%; obsługa bez zmian.",
     "Urząd Miejski w Cieszynie, Wydział Organizacyjny", "Rynek 1"),
    ("wspolny-zakup-energii-chelm", "Wspólny zakup energii z gminami powiatu przez Chełm",
     "Współpraca między JST", "Chełm", [2, 6], PUBLISHED,
     "Miasto jako lider grupy zakupowej przeprowadziło przetarg na energię elektryczną dla "
     "siebie i sześciu gmin, z jednym pełnomocnikiem i wspólną dokumentacją.",
     "Cena energii niższa o 12% niż w osobnych przetargach; jedna procedura zamiast siedmiu.",
     "Urząd Miasta Chełm, Wydział Zamówień Publicznych", "ul. Lubelska 65"),
    # Awaiting review, asking for changes, drafts.
    ("asystent-rodziny-bartoszyce", "Asystent rodziny i klub rodzica w Bartoszycach",
     "Usługi społeczne", "Bartoszyce", [4], SUBMITTED,
     "Asystenci rodziny prowadzą co tydzień klub dla rodziców, w którym psycholog i pedagog "
     "pomagają w sprawach wychowawczych i domowym budżecie.",
     "Mniej dzieci umieszczanych w pieczy zastępczej; 45 rodzin w klubie.",
     "Miejski Ośrodek Pomocy Społecznej w Bartoszycach", "ul. Limanowskiego 9"),
    ("kampania-segregacji-kutno", "Kampania „Segreguję, bo nie płacę za dużo” w Kutnie",
     "Usługi techniczne", "Kutno", [6], SUBMITTED,
     "Kampania w szkołach i na osiedlach z aplikacją przypominającą o odbiorze odpadów i "
     "kontrolami jakości segregacji w zabudowie wielorodzinnej.",
     "Udział odpadów segregowanych wzrósł z 38% do 54%.",
     "Urząd Miasta Kutno, Wydział Gospodarki Komunalnej", "pl. Marszałka J. Piłsudskiego 18"),
    ("sms-informacja-szczytno", "Alerty SMS dla mieszkańców Szczytna",
     "Zarządzanie usługami", "Szczytno", [1], CHANGES,
     "Mieszkańcy zapisują się na powiadomienia SMS o awariach, zmianach w ruchu i terminach "
     "opłat.",
     "4 tys. zapisanych mieszkańców.", "Urząd Miejski w Szczytnie, Biuro Promocji", "ul. Sienkiewicza 1"),
]  # fmt: skip

# Written by the demo logins themselves, through the services: the clerk's published one and
# their draft, the leader's practice restricted to the leaders' network.
OWN_PRACTICES = [
    ("city staff", "Mobilna aplikacja „Przemyśl w kieszeni” dla mieszkańców",
     "Zarządzanie usługami", [1], PUBLISHED,
     "Aplikacja łączy zgłaszanie usterek, rozkład jazdy komunikacji miejskiej, terminy odbioru "
     "odpadów i powiadomienia o utrudnieniach; zgłoszenia trafiają prosto do właściwego wydziału.",
     "18 tys. pobrań; 2 300 zgłoszeń usterek rocznie, średnio załatwionych w 4 dni.",
     "Urząd Miejski w Przemyślu, Wydział Informatyki", "Rynek 1"),
    ("city staff", "Cyfrowe archiwum zakładowe urzędu",
     "Zarządzanie zasobami", [1], DRAFT,
     "Opis w przygotowaniu: digitalizacja akt kategorii A i wyszukiwarka dla pracowników.",
     "", "Urząd Miejski w Przemyślu, Archiwum Zakładowe", "Rynek 1"),
    ("leader", "Rada liderów osiedli: comiesięczne spotkania prezydenta z przewodniczącymi",
     "Zarządzanie strategiczne", [8], PUBLISHED,
     "Prezydent spotyka się co miesiąc z przewodniczącymi zarządów osiedli; ustalenia trafiają "
     "do planu pracy wydziałów, a realizacja jest omawiana na kolejnym spotkaniu.",
     "Czas realizacji drobnych zgłoszeń osiedli skrócił się z kwartału do miesiąca.",
     "Urząd Miejski w Starachowicach, Gabinet Prezydenta", "ul. Radomska 45"),
]  # fmt: skip

# Results of each network: kind, title, summary, the stage it reached, the opinions of its
# observer cities (city, text, reply of the author) and how many days ago it changed last.
RESULTS = {
    1: [
        (
            "practices",
            "Zestaw praktyk: cyberbezpieczeństwo w małym urzędzie",
            "Osiem praktyk miast sieci: szkolenia, kopie zapasowe, testy phishingowe i procedury na "
            "wypadek ataku, z listą kontrolną dla sekretarza miasta.",
            "public",
            [
                (
                    "Mielec",
                    "Lista kontrolna bardzo się przydała; dodalibyśmy punkt o kopiach "
                    "zapasowych poza budynkiem urzędu.",
                    "Dziękujemy, dopisaliśmy go w wersji końcowej.",
                )
            ],
            420,
        ),
        (
            "report",
            "Mapa kompetencji cyfrowych kadr urzędów sieci",
            "Wyniki ankiety w 11 urzędach: jakie umiejętności cyfrowe mają pracownicy, czego "
            "brakuje i jakie szkolenia miasta planują.",
            "late",
            [
                (
                    "Ełk",
                    "Czy ankieta obejmowała jednostki podległe, np. MOPS?",
                    "Tylko urzędy; jednostki zbadamy w drugiej turze.",
                ),
                (
                    "Bochnia",
                    "W Bochni najwięcej potrzeb zgłosili pracownicy wydziałów technicznych; "
                    "warto ich wyróżnić w rekomendacjach szkoleniowych.",
                    "",
                ),
            ],
            40,
        ),
        (
            "recommendation",
            "Wzór regulaminu świadczenia e-usług",
            "Projekt regulaminu, który miasto może przyjąć zarządzeniem: zakres e-usług, "
            "uwierzytelnianie, reklamacje.",
            "draft",
            [],
            6,
        ),
    ],
    2: [
        (
            "recommendation",
            "Rekomendacje: finansowanie inwestycji miejskich po 2024 roku",
            "Jak łączyć fundusze europejskie, krajowe programy i finansowanie zwrotne, by nie "
            "przekroczyć limitu zadłużenia.",
            "public",
            [
                (
                    "Gniezno",
                    "Brakuje nam przykładu wyliczenia indywidualnego wskaźnika zadłużenia.",
                    "Dodamy arkusz z przykładem w załączniku.",
                )
            ],
            300,
        ),
        (
            "toolkit",
            "Arkusz: kwartalny raport z realizacji WPF dla radnych",
            "Gotowy arkusz z wykresami, który z danych budżetowych tworzy raport dla rady.",
            "observers",
            [("Brzeg", "Czy arkusz działa w LibreOffice?", "Tak, sprawdziliśmy go w wersji 7.")],
            10,
        ),
    ],
    3: [
        (
            "report",
            "Raport: frekwencja w budżetach obywatelskich miast sieci",
            "Porównanie zasad i frekwencji budżetów obywatelskich w 11 miastach oraz co ją "
            "podnosi.",
            "public",
            [
                (
                    "Łowicz",
                    "Czy głosowanie w szkołach nie zniechęca dorosłych?",
                    "W Jarosławiu frekwencja dorosłych też wzrosła; szczegóły w rozdziale 3.",
                )
            ],
            380,
        ),
        (
            "recommendation",
            "Standardy konsultacji społecznych dla małych i średnich miast",
            "Dziesięć zasad konsultacji: od zapowiedzi, przez formy udziału, po raport z "
            "uzasadnieniem, co przyjęto, a co nie.",
            "observers",
            [
                (
                    "Kwidzyn",
                    "Zasada 7 (raport w 30 dni) jest trudna dla małych urzędów.",
                    "Rozważymy 45 dni dla miast do 20 tys. mieszkańców.",
                ),
                (
                    "Bochnia",
                    "W Bochni raport z konsultacji publikujemy razem z mapą uwag; polecamy.",
                    "",
                ),
            ],
            8,
        ),
        (
            "toolkit",
            "Scenariusz spaceru badawczego",
            "Scenariusz i karty pracy do przeprowadzenia spaceru z mieszkańcami.",
            "draft",
            [],
            3,
        ),
    ],
    4: [
        (
            "practices",
            "Zestaw praktyk: usługi dla seniorów w mieście do 50 tys. mieszkańców",
            "Teleopieka, kluby seniora, transport na żądanie i wolontariat: koszty i efekty.",
            "public",
            [
                (
                    "Sandomierz",
                    "Czy transport na żądanie obejmuje osoby na wózkach?",
                    "Tak, w Hrubieszowie bus ma windę.",
                )
            ],
            250,
        ),
        (
            "recommendation",
            "Rekomendacje: dostępność urzędu poza wymogami ustawy",
            "Co robić po audycie dostępności: obsługa osób niesłyszących, strony internetowe, "
            "dokumenty łatwe do czytania.",
            "observers",
            [("Świebodzin", "Prosimy o przykład tekstu łatwego do czytania.", "")],
            12,
        ),
    ],
    5: [
        (
            "report",
            "Raport: obsługa inwestora w miastach sieci",
            "Jak szybko miasta odpowiadają inwestorom i co skraca drogę od zapytania do decyzji.",
            "public",
            [
                (
                    "Szczecinek",
                    "Przydałby się wzór karty terenu inwestycyjnego.",
                    "Dodaliśmy wzór z Krosna.",
                )
            ],
            200,
        ),
        (
            "toolkit",
            "Przewodnik: wspólny produkt turystyczny kilku miast",
            "Jak miasta sieci mogą wspólnie przygotować i sprzedawać weekendowe pakiety.",
            "observers",
            [("Wadowice", "Chętnie dołączymy z ofertą dla pielgrzymów.", "")],
            15,
        ),
    ],
    6: [
        (
            "recommendation",
            "Rekomendacje: plan adaptacji do zmian klimatu w mieście poniżej 50 tys. mieszkańców",
            "Jak przygotować plan adaptacji bez dużego budżetu, z danymi, które urząd już ma.",
            "public",
            [("Ełk", "Plan adaptacji robiliśmy z powiatem; warto to dopisać.", "Dopisaliśmy.")],
            320,
        ),
        (
            "practices",
            "Zestaw praktyk: ogrody deszczowe i retencja",
            "Pięć sposobów na zatrzymanie wody w mieście, od ogrodów deszczowych po zielone "
            "przystanki.",
            "observers",
            [
                (
                    "Mielec",
                    "Jakie są koszty utrzymania ogrodu deszczowego rocznie?",
                    "W Rydułtowach ok. 800 zł za ogród.",
                ),
                ("Szczecinek", "Czy były problemy z komarami?", ""),
            ],
            9,
        ),
    ],
    7: [
        (
            "report",
            "Raport: rotacja kadr w urzędach sieci",
            "Dlaczego pracownicy odchodzą z urzędów w pierwszym roku i co ich zatrzymuje.",
            "public",
            [],
            150,
        ),
        (
            "toolkit",
            "Program wdrożenia nowego pracownika: wzory dokumentów",
            "Plan wdrożenia, lista kontrolna mentora i ankieta po trzech miesiącach.",
            "draft",
            [],
            20,
        ),
    ],
    # The leaders' network's results stay inside it at every stage: drafts for good.
    8: [
        (
            "recommendation",
            "Zasady komunikacji kryzysowej prezydenta i burmistrza",
            "Wnioski liderów z pandemii i pomocy uchodźcom: kto mówi, kiedy i którym kanałem.",
            "draft",
            [],
            90,
        ),
        (
            "report",
            "Raport: jak liderzy miast sieci budują zespoły zarządzające",
            "Wywiady z 14 prezydentami i burmistrzami o doborze zastępców i sekretarzy.",
            "draft",
            [],
            12,
        ),
    ],
}

# The leaders' discussion of their result (inside the network only).
LEADERS_OPINIONS = [
    (
        "Zabrze",
        "W Zabrzu rzecznik i centrum zarządzania kryzysowego mają wspólny dyżur; "
        "dopiszmy to do zasady 2.",
    ),
    ("Jelenia Góra", "Zgoda; i jeden profil w mediach społecznościowych zamiast kilku."),
]

# A comment the coordinator of MIASTO OBYWATELI has to look at.
REPORTED_COMMENT = (
    "Kwidzyn",
    "Te standardy to kolejna biurokracja. Kto z Was w ogóle czytał uwagi mieszkańców? Proszę "
    "mnie nie zapraszać na żadne konsultacje.",
    "Komentarz obraża uczestników sieci i nie dotyczy treści wyniku.",
)

# Stand-ins for a report's text.
REPORT_BODY = (
    "<p>Spotkanie sieci {network}, gospodarz: {host}. Temat wiodący: {topic}.</p>"
    "<h2>Przebieg</h2><ul><li>Wystąpienie gospodarza o doświadczeniach miasta</li>"
    "<li>Warsztaty w trzech grupach i prezentacja wniosków</li>"
    "<li>Ustalenia na kolejny kwartał</li></ul>"
    "<h2>Wnioski</h2><p>Uczestnicy uzgodnili, że miasta sieci wymienią się dokumentami "
    "wdrożeniowymi i przygotują wspólny wynik pracy sieci.</p>"
)


# The development plans of the programme's cities (illustrative): each laureate and finalist
# applied with a local plan (PRL) and an institutional one (PRI), written in 2020–2021.
LOCAL_GOALS = [
    "Zatrzymanie odpływu młodych mieszkańców: mieszkania na wynajem i praca w mieście.",
    "Ożywienie śródmieścia: rewitalizacja rynku i pierzei, lokale dla przedsiębiorców.",
    "Rozwój lokalnej przedsiębiorczości i turystyki opartej na dziedzictwie miasta.",
    "Czyste powietrze i więcej zieleni: wymiana źródeł ciepła, parki kieszonkowe.",
    "Usługi społeczne bliżej mieszkańców: opieka nad seniorami, dzienne domy pobytu.",
    "Współpraca z sąsiednimi gminami w transporcie publicznym i edukacji.",
]
INSTITUTIONAL_GOALS = [
    "E-usługi urzędu: najczęściej załatwiane sprawy przez internet, płatności online.",
    "Rozwój kompetencji kadr urzędu: ścieżki kariery, szkolenia, mentoring.",
    "Zarządzanie strategiczne oparte na danych: wskaźniki planu i ich coroczny przegląd.",
    "Partycypacja: budżet obywatelski, konsultacje społeczne i panel mieszkańców.",
    "Współpraca urzędu z organizacjami pozarządowymi i przedsiębiorcami.",
]


def plans_of(city_name: str, index: int):
    """(kind, title, (from year, to year), goals) of the city's two plans; the goals drawn in
    turn from the lists above, so that neighbouring cities differ."""

    def goals(pool, count):
        return "\n".join(pool[(index + step) % len(pool)] for step in range(count))

    return [
        ("local", f"Plan Rozwoju Lokalnego – {city_name}", (2021, 2030), goals(LOCAL_GOALS, 3)),
        (
            "institutional",
            f"Plan Rozwoju Instytucjonalnego – {city_name}",
            (2021, 2024),
            goals(INSTITUTIONAL_GOALS, 2),
        ),
    ]


# The directory of trusted partners: the demo people's cards (areas of expertise, projects
# one a line), and the question MIASTO CYFROWE's expert asked the city staff.
PARTNER_CARDS = {
    "city staff": (
        ["e-usługi", "elektroniczny obieg dokumentów", "cyfryzacja urzędu"],
        "Elektroniczny obieg dokumentów w Urzędzie Miejskim w Przemyślu (2021–2023)\n"
        "Przemyska Karta Mieszkańca w aplikacji mobilnej",
    ),
    "leader": (
        ["strategia rozwoju", "budżet obywatelski", "partycypacja"],
        "Strategia Rozwoju Starachowic 2030\nStarachowicki budżet obywatelski",
    ),
    "members": [
        (["otwarte dane", "e-usługi"], "Portal otwartych danych miasta"),
        (["cyberbezpieczeństwo"], "Audyt bezpieczeństwa systemów urzędu (2022)"),
    ],
}
# A message the city staff reported to ZMP's staff (it waits on the administrator's desk): an
# advertisement from another member of MIASTO CYFROWE, and why it was reported.
PARTNER_REPORTED = (
    "Dzień dobry, zapraszam na nasze płatne szkolenie z pozyskiwania dotacji, dziś rabat 50%. "
    "Szczegóły i zapisy: dotacje-szybko.example",
    "Reklama płatnych szkoleń, nie pytanie o nasz projekt.",
)
PARTNER_CONVERSATION = (
    "Dzień dobry, czytałam o Waszym elektronicznym obiegu dokumentów. Ile trwało wdrożenie i "
    "jak przeszkoliliście pracowników?",
    "Dzień dobry, wdrożenie trwało rok, szkolenia prowadziliśmy wydziałami, po dwie godziny. "
    "Chętnie prześlę harmonogram; proszę napisać, na czym najbardziej Pani zależy.",
)
