"""The eight EMPIRIE networks, as the Association of Polish Cities set them up."""

from .choices import NetworkKind

# number, slug, name, theme, kind, description
NETWORKS = [
    (1, "miasto-cyfrowe", "MIASTO CYFROWE", "Cyfryzacja", NetworkKind.THEMATIC,
     "Cyfryzacja usług i urzędu: e-usługi dla mieszkańców, dane miejskie, cyberbezpieczeństwo "
     "i kompetencje cyfrowe kadr."),
    (2, "zasoby-miast", "ZASOBY MIAST", "Finanse samorządowe / fundusze na rozwój",
     NetworkKind.THEMATIC,
     "Finanse samorządowe i fundusze na rozwój: planowanie budżetu, pozyskiwanie środków "
     "zewnętrznych, zarządzanie majątkiem miasta."),
    (3, "miasto-obywateli", "MIASTO OBYWATELI", "Partycypacja / konsultacje / współpraca",
     NetworkKind.THEMATIC,
     "Partycypacja mieszkańców, konsultacje społeczne i współpraca z organizacjami "
     "pozarządowymi."),
    (4, "miasto-dostepne-i-sprawiedliwe", "MIASTO DOSTĘPNE I SPRAWIEDLIWE",
     "Polityka społeczna / senioralna", NetworkKind.THEMATIC,
     "Polityka społeczna i senioralna: dostępność, usługi społeczne, integracja."),
    (5, "miasto-przedsiebiorcze", "MIASTO PRZEDSIĘBIORCZE", "Przedsiębiorczość lokalna / turystyka",
     NetworkKind.THEMATIC,
     "Przedsiębiorczość lokalna i turystyka: wsparcie firm, inwestorów i promocja miasta."),
    (6, "miasto-neutralne-klimatycznie", "MIASTO NEUTRALNE KLIMATYCZNIE / ZIELONE",
     "Środowisko, OZE (klimat)", NetworkKind.THEMATIC,
     "Środowisko, odnawialne źródła energii i klimat: adaptacja, efektywność energetyczna, "
     "zieleń miejska."),
    (7, "zasoby-kadrowe", "ZASOBY KADROWE / LUDZKIE W MIASTACH", "Zarządzanie Zasobami Ludzkimi",
     NetworkKind.THEMATIC,
     "Zarządzanie zasobami ludzkimi w urzędach: rekrutacja, rozwój kompetencji, motywowanie."),
    (8, "siec-dla-liderow", "LEADERSHIP = PRZYWÓDZTWO, WIZJA i ODPOWIEDZIALNOŚĆ",
     "Sieć dla liderów", NetworkKind.LEADERS,
     "Zamknięta platforma wymiany doświadczeń liderów lokalnych społeczności: wyłącznie dla "
     "burmistrzów i prezydentów miast oraz ich zastępców."),
]  # fmt: skip

# The themes on the English pages (Network.theme_en), by their Polish wording.
THEMES_EN = {
    "Cyfryzacja": "Digitalisation",
    "Finanse samorządowe / fundusze na rozwój": "Local government finance / development funds",
    "Partycypacja / konsultacje / współpraca": "Participation / consultation / cooperation",
    "Polityka społeczna / senioralna": "Social policy / policy for older people",
    "Przedsiębiorczość lokalna / turystyka": "Local entrepreneurship / tourism",
    "Środowisko, OZE (klimat)": "Environment, renewable energy (climate)",
    "Zarządzanie Zasobami Ludzkimi": "Human resources management",
    "Sieć dla liderów": "Network for leaders",
}
