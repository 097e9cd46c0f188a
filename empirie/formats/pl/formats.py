"""One Polish style for dates and numbers (FORMAT_MODULE_PATH; the rest is Django's).

Dates as words, the month in the genitive: "2 grudnia 2026", "2 grudnia 2026, 14:30".
Quantities with a no-break space between thousands: "30 000" (the `quantity` filter, as
numbers are not grouped by default: ids and years in pages and URLs must stay "12345")."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
DECIMAL_SEPARATOR = ","
