"""The category tree of the good-practice database (Baza Dobrych Praktyk)."""

CATEGORY_TREE = [
    ("Usługi społeczne", []),
    ("Usługi techniczne", []),
    (
        "Rozwój instytucjonalny",
        [
            "Zarządzanie strategiczne",
            "Zarządzanie zasobami",
            "Zarządzanie personelem",
            "Partnerstwo",
            "Zarządzanie usługami",
        ],
    ),
    ("Efektywność energetyczna", []),
    ("Współpraca JST–NGO", []),
    ("Współpraca między JST", []),
    ("Dialog społeczny", []),
]
