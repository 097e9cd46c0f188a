"""The demo's discussions: in each network a question that a reply solved, an open
consultation with a day for feedback, and the coordinator's announcement. Written as city
clerks and ZMP's coordinators write; the leaders' network's stay inside it."""

# network number -> (question, answers, consultation, its feedback, announcement)
# question: (title, text); answers: [text, ...] (the first one solves it)
THREADS = {
    1: (
        (
            "Kto już wdrożył e-Doręczenia w całym urzędzie?",
            "Od stycznia mamy obowiązek, a u nas nadal tylko sekretariat obsługuje skrzynkę. "
            "Jak rozwiązaliście dekretację i podpisy w wydziałach? Czy ktoś integrował to z EZD?",
        ),
        [
            "U nas skrzynka e-Doręczeń jest podpięta pod EZD od marca. Kluczowe było przypisanie "
            "uprawnień do skrzynki kierownikom wydziałów i jedna instrukcja kancelaryjna. Chętnie "
            "prześlemy zarządzenie burmistrza.",
            "Potwierdzam, integracja z EZD oszczędza najwięcej czasu. Warto też od razu ustalić, "
            "kto odbiera dowody doręczenia w weekendy.",
        ],
        (
            "Konsultacja: cyfrowa karta mieszkańca",
            "Przygotowujemy kartę mieszkańca w aplikacji zamiast plastikowej: zniżki w komunikacji, "
            "basenie i bibliotece. Prosimy o uwagi do projektu regulaminu: co sprawdziło się u Was, "
            "a czego unikać?\n\n- weryfikacja meldunku czy PIT?\n- jedna aplikacja czy kilka?",
        ),
        [
            "Weryfikacja przez PIT działa u nas dobrze, ale trzeba przewidzieć ścieżkę dla seniorów "
            "bez smartfona."
        ],
        (
            "Materiały z ostatniego spotkania sieci",
            "Prezentacje ekspertów i notatka ze spotkania są już w relacji. Do końca miesiąca "
            "czekamy na zgłoszenia dobrych praktyk do bazy.",
        ),
    ),
    2: (
        (
            "Jak liczycie wkład własny do projektów z KPO?",
            "Czy ktoś z Państwa rozlicza wkład niepieniężny przy projektach z KPO? "
            "Interesuje nas wycena pracy pracowników urzędu.",
        ),
        [
            "Wyceniamy ją stawką godzinową z regulaminu wynagradzania i ewidencją czasu pracy; "
            "instytucja pośrednicząca przyjęła to bez uwag.",
            "U nas podobnie, dodatkowo prowadzimy karty czasu pracy podpisywane co miesiąc.",
        ],
        (
            "Konsultacja: wieloletni plan inwestycyjny na lata 2027–2030",
            "Przedstawiamy założenia planu inwestycyjnego. Prosimy o uwagi, szczególnie o "
            "doświadczenia z finansowaniem dróg lokalnych z obligacji komunalnych.",
        ),
        ["Obligacje przychodowe sprawdziły się u nas przy parkingach, przy drogach raczej nie."],
        (
            "Szkolenie z pozyskiwania funduszy europejskich",
            "Zapraszamy na bezpłatne szkolenie on-line z nowej perspektywy finansowej. "
            "Zapisy przez koordynatora sieci.",
        ),
    ),
    3: (
        (
            "Kto prowadzi budżet obywatelski w pełni on-line?",
            "Rozważamy rezygnację z papierowych kart do głosowania. Jak z frekwencją seniorów?",
        ),
        [
            "Zostawiliśmy punkty do głosowania w bibliotekach z pomocą pracownika; frekwencja "
            "seniorów nie spadła.",
            "My organizujemy dzień głosowania w klubach seniora, to dobrze działa.",
        ],
        (
            "Konsultacja: regulamin rady młodzieżowej",
            "Prosimy o uwagi do projektu nowego regulaminu młodzieżowej rady miasta, "
            "zwłaszcza o sposób wyboru radnych ze szkół.",
        ),
        ["Dobrze sprawdza się wybór w szkołach plus kilka miejsc dla organizacji młodzieżowych."],
        (
            "Spotkanie sieci w przyszłym kwartale",
            "Kolejne spotkanie poświęcimy panelom obywatelskim. Prosimy o zgłaszanie tematów.",
        ),
    ),
    4: (
        (
            "Jak organizujecie transport dla seniorów?",
            "Myślimy o usłudze „taxi senior”. Kto ma doświadczenia z zamówieniem takiej usługi?",
        ),
        [
            "Mamy umowę z lokalną korporacją taksówkową, 8 zł za kurs na terenie miasta, "
            "zamawianie przez telefon w MOPS.",
            "U nas kursy realizuje bus miejski, zapisy dzień wcześniej.",
        ],
        (
            "Konsultacja: standard dostępności budynków urzędu",
            "Przygotowaliśmy miejski standard dostępności dla remontów budynków. Prosimy o uwagi.",
        ),
        ["Warto dopisać pętle indukcyjne w salach obsługi klienta."],
        (
            "Nabór do programu „Opieka 75+”",
            "Przypominamy o terminie składania wniosków do programu. Szczegóły w materiałach sieci.",
        ),
    ),
    5: (
        (
            "Jak mierzycie ruch turystyczny w mieście?",
            "Szukamy sposobu na wiarygodne dane o turystach bez drogich badań.",
        ),
        [
            "Korzystamy z danych operatora komórkowego kupowanych raz na kwartał; to najtańsze "
            "i wystarczająco dokładne.",
            "My liczymy noclegi z opłaty miejscowej, to dobry wskaźnik trendu.",
        ],
        (
            "Konsultacja: inkubator przedsiębiorczości w dawnym dworcu",
            "Prosimy o opinie o modelu zarządzania inkubatorem: spółka miejska czy operator zewnętrzny?",
        ),
        ["Operator zewnętrzny z jasnymi wskaźnikami w umowie działa u nas lepiej."],
        (
            "Targi turystyczne – wspólne stoisko miast",
            "Zbieramy chętnych na wspólne stoisko miast sieci na wiosennych targach.",
        ),
    ),
    6: (
        (
            "Kto ma doświadczenia z magazynami energii przy szkołach?",
            "Planujemy fotowoltaikę z magazynem energii na trzech szkołach. Jakie są koszty utrzymania?",
        ),
        [
            "Magazyny mamy od dwóch lat; serwis to około 2% wartości rocznie. Najważniejsze było "
            "dobre dobranie pojemności do profilu zużycia szkoły.",
            "Polecam audyt energetyczny przed zamówieniem – u nas zmniejszył moc instalacji o 20%.",
        ],
        (
            "Konsultacja: plan adaptacji do zmian klimatu – aktualizacja",
            "Aktualizujemy plan adaptacji. Prosimy o uwagi do listy działań retencyjnych.",
        ),
        ["Dodałbym ogrody deszczowe przy szkołach – tanie i dobrze przyjmowane przez mieszkańców."],
        (
            "Konkurs na zielone podwórka",
            "Ruszył konkurs na zielone podwórka. Regulamin w materiałach sieci.",
        ),
    ),
    7: (
        (
            "Jak zatrzymać informatyków w urzędzie?",
            "Tracimy specjalistów IT na rzecz firm prywatnych. Co u Was działa poza wynagrodzeniem?",
        ),
        [
            "Praca zdalna dwa dni w tygodniu i budżet szkoleniowy zrobiły u nas najwięcej.",
            "U nas pomogła ścieżka awansu i udział w projektach cyfryzacji od początku.",
        ],
        (
            "Konsultacja: regulamin pracy zdalnej",
            "Prosimy o uwagi do projektu regulaminu pracy zdalnej w urzędzie.",
        ),
        ["Warto jasno opisać zasady zwrotu kosztów energii i internetu."],
        (
            "Warsztaty dla kadr kierowniczych",
            "Zapraszamy kierowników wydziałów na warsztaty z oceny okresowej pracowników.",
        ),
    ),
    8: (
        (
            "Jak rozmawiacie z radą miasta o trudnych inwestycjach?",
            "Przed nami decyzja o dużej inwestycji drogowej. Jak budujecie poparcie rady "
            "ponad podziałami?",
        ),
        [
            "Sprawdza się u nas seria spotkań roboczych z przewodniczącymi klubów przed sesją "
            "i otwarte dane o kosztach.",
            "Dodałbym wizytę studyjną radnych w mieście, które już taką inwestycję zrealizowało.",
        ],
        (
            "Konsultacja: strategia rozwoju miasta do 2035 roku",
            "Proszę o uwagi do projektu strategii, szczególnie do wizji i celów strategicznych.",
        ),
        ["Cele są ambitne; warto dopisać mierniki na poziomie dzielnic."],
        (
            "Spotkanie liderów – zmiana terminu",
            "Spotkanie sieci odbędzie się tydzień później niż planowano. Szczegóły w zaproszeniu.",
        ),
    ),
}
