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

# The categories' names on the English pages (Category.name_en), by their Polish names.
CATEGORIES_EN = {
    "Usługi społeczne": "Social services",
    "Usługi techniczne": "Technical services",
    "Rozwój instytucjonalny": "Institutional development",
    "Zarządzanie strategiczne": "Strategic management",
    "Zarządzanie zasobami": "Resource management",
    "Zarządzanie personelem": "Staff management",
    "Partnerstwo": "Partnership",
    "Zarządzanie usługami": "Service management",
    "Efektywność energetyczna": "Energy efficiency",
    "Współpraca JST–NGO": "Local government–NGO cooperation",
    "Współpraca między JST": "Cooperation between local governments",
    "Dialog społeczny": "Social dialogue",
}
