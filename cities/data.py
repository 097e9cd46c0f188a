"""Real cities named in the source texts, with their real administrative data.

Populations are approximate (rounded, recent GUS figures); coordinates are the town centres.
"""

from .choices import UnitType as U
from .choices import Voivodeship as V

# name, unit type, county, voivodeship, postal code, population, latitude, longitude, website
CITIES = [
    ("Bochnia", U.URBAN, "bocheński", V.MALOPOLSKIE, "32-700", 30000, "49.96902", "20.43004", "https://www.bochnia.pl"),
    ("Cieszyn", U.URBAN, "cieszyński", V.SLASKIE, "43-400", 33500, "49.74968", "18.63203", "https://www.cieszyn.pl"),
    ("Hajnówka", U.URBAN, "hajnowski", V.PODLASKIE, "17-200", 19500, "52.74322", "23.58112", "https://www.hajnowka.pl"),
    ("Hrubieszów", U.URBAN, "hrubieszowski", V.LUBELSKIE, "22-500", 17000, "50.80490", "23.89208", ""),
    ("Jarosław", U.URBAN, "jarosławski", V.PODKARPACKIE, "37-500", 36000, "50.01623", "22.67776", ""),
    ("Jasło", U.URBAN, "jasielski", V.PODKARPACKIE, "38-200", 34500, "49.74496", "21.47118", ""),
    ("Jelenia Góra", U.CITY_COUNTY, "Jelenia Góra", V.DOLNOSLASKIE, "58-500", 77000, "50.90440", "15.71967", "https://www.jeleniagora.pl"),
    ("Konin", U.CITY_COUNTY, "Konin", V.WIELKOPOLSKIE, "62-500", 71000, "52.22302", "18.25113", "https://www.konin.pl"),
    ("Krosno", U.CITY_COUNTY, "Krosno", V.PODKARPACKIE, "38-400", 45000, "49.68866", "21.77058", "https://www.krosno.pl"),
    ("Kędzierzyn-Koźle", U.URBAN, "kędzierzyńsko-kozielski", V.OPOLSKIE, "47-200", 58000, "50.34993", "18.22600", ""),
    ("Nisko", U.URBAN_RURAL, "niżański", V.PODKARPACKIE, "37-400", 22000, "50.52060", "22.13940", ""),
    ("Opoczno", U.URBAN_RURAL, "opoczyński", V.LODZKIE, "26-300", 32000, "51.37584", "20.27862", ""),
    ("Ostrowiec Świętokrzyski", U.URBAN, "ostrowiecki", V.SWIETOKRZYSKIE, "27-400", 65000, "50.92936", "21.38556", ""),
    ("Ostrów Wielkopolski", U.URBAN, "ostrowski", V.WIELKOPOLSKIE, "63-400", 70000, "51.65501", "17.80678", ""),
    ("Przemyśl", U.CITY_COUNTY, "Przemyśl", V.PODKARPACKIE, "37-700", 57000, "49.78377", "22.76779", "https://www.przemysl.pl"),
    ("Rydułtowy", U.URBAN, "wodzisławski", V.SLASKIE, "44-280", 21500, "50.05801", "18.41700", ""),
    ("Stalowa Wola", U.URBAN, "stalowowolski", V.PODKARPACKIE, "37-450", 58000, "50.58258", "22.05357", ""),
    ("Starachowice", U.URBAN, "starachowicki", V.SWIETOKRZYSKIE, "27-200", 47000, "51.03796", "21.07096", ""),
    ("Tarnów", U.CITY_COUNTY, "Tarnów", V.MALOPOLSKIE, "33-100", 105000, "50.01210", "20.98584", "https://www.tarnow.pl"),
    ("Tomaszów Mazowiecki", U.URBAN, "tomaszowski", V.LODZKIE, "97-200", 60000, "51.53101", "20.00856", ""),
    ("Włocławek", U.CITY_COUNTY, "Włocławek", V.KUJAWSKO_POMORSKIE, "87-800", 104000, "52.64817", "19.06780", ""),
    ("Zabrze", U.CITY_COUNTY, "Zabrze", V.SLASKIE, "41-800", 170000, "50.32492", "18.78576", ""),
    ("Zawiercie", U.URBAN, "zawierciański", V.SLASKIE, "42-400", 48000, "50.48766", "19.41643", ""),
    ("Złotów", U.URBAN, "złotowski", V.WIELKOPOLSKIE, "77-400", 18000, "53.36357", "17.04053", ""),
    ("Łomża", U.CITY_COUNTY, "Łomża", V.PODLASKIE, "18-400", 62000, "53.17806", "22.05899", ""),
    ("Żarów", U.URBAN_RURAL, "świdnicki", V.DOLNOSLASKIE, "58-130", 12000, "50.94260", "16.49550", ""),
    ("Żywiec", U.URBAN, "żywiecki", V.SLASKIE, "34-300", 31000, "49.68551", "19.19254", ""),
]  # fmt: skip

# The 26 member cities of the leaders' network, with the function of the head of each
# city (prezydent or burmistrz), as the report from Starachowice lists them.
LEADERS_NETWORK_CITIES = {
    "Cieszyn": "mayor", "Hajnówka": "mayor", "Hrubieszów": "mayor", "Jarosław": "mayor",
    "Jasło": "mayor", "Jelenia Góra": "president", "Konin": "president", "Krosno": "president",
    "Kędzierzyn-Koźle": "president", "Nisko": "mayor", "Opoczno": "mayor",
    "Ostrowiec Świętokrzyski": "president", "Ostrów Wielkopolski": "president",
    "Przemyśl": "president", "Rydułtowy": "mayor", "Stalowa Wola": "president",
    "Starachowice": "president", "Tarnów": "president", "Tomaszów Mazowiecki": "president",
    "Włocławek": "president", "Zabrze": "president", "Zawiercie": "president",
    "Złotów": "mayor", "Łomża": "president", "Żarów": "mayor", "Żywiec": "mayor",
}  # fmt: skip
