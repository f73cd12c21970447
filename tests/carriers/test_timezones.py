"""Time zone resolution from scan locations, and carrier timestamps turned into UTC."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from carriers import timezones
from carriers.timezones import local_to_utc, resolve, to_utc


@pytest.mark.parametrize(
    ("country", "state", "postal", "expected"),
    [
        # single-zone countries, by code and by name
        ("GB", "", "SW1A 1AA", "Europe/London"),
        ("de", None, "10115", "Europe/Berlin"),
        ("JP", "", "100-0001", "Asia/Tokyo"),
        ("Germany", "", "", "Europe/Berlin"),
        ("ES", "", "28001", "Europe/Madrid"),
        ("ES", "", "35001", "Atlantic/Canary"),
        # US states, abbreviations and names, country omitted
        ("US", "CA", "90052", "America/Los_Angeles"),
        ("US", "New York", "", "America/New_York"),
        ("", "WA", "98101", "America/Los_Angeles"),
        ("US", "AZ", "85001", "America/Phoenix"),
        ("US", "HI", "", "Pacific/Honolulu"),
        ("USA", "CO", "", "America/Denver"),
        # multi-zone states: the ZIP prefix decides
        ("US", "FL", "33101", "America/New_York"),  # Miami
        ("US", "FL", "32501", "America/Chicago"),  # Pensacola, panhandle
        ("US", "TN", "37201", "America/Chicago"),  # Nashville
        ("US", "TN", "37902", "America/New_York"),  # Knoxville
        ("US", "KY", "40209", "America/Kentucky/Louisville"),
        ("US", "KY", "42001", "America/Chicago"),  # Paducah
        ("US", "IN", "46204", "America/Indiana/Indianapolis"),
        ("US", "IN", "46402", "America/Chicago"),  # Gary
        ("US", "TX", "75201", "America/Chicago"),
        ("US", "TX", "79901", "America/Denver"),  # El Paso
        ("US", "ID", "83702", "America/Boise"),
        ("US", "ID", "83814", "America/Los_Angeles"),  # Coeur d'Alene
        ("US", "OR", "97914", "America/Boise"),  # Ontario, Malheur County
        ("US", "SD", "57701", "America/Denver"),  # Rapid City
        # a ZIP override applies only inside its own state
        ("US", "GA", "32501", "America/New_York"),
        # ZIP alone is enough in the US
        ("US", "", "60601", "America/Chicago"),
        ("US", "", "99501", "America/Anchorage"),
        # Canada: provinces, names, postal codes
        ("CA", "ON", "", "America/Toronto"),
        ("CA", "British Columbia", "", "America/Vancouver"),
        ("CA", "", "T2P 1J9", "America/Edmonton"),
        ("CA", "", "S4P 3Y2", "America/Regina"),
        ("CA", "", "X0A 0H0", "America/Iqaluit"),
        ("CA", "NL", "", "America/St_Johns"),
        # Australia: states, names, postcodes
        ("AU", "NSW", "", "Australia/Sydney"),
        ("AU", "Western Australia", "", "Australia/Perth"),
        ("AU", "", "4000", "Australia/Brisbane"),
        ("AU", "", "0800", "Australia/Darwin"),
        ("AU", "", "2600", "Australia/Sydney"),  # Canberra
        ("AU", "NSW", "2880", "Australia/Broken_Hill"),
        # unknown: None, never a guess
        ("BR", "", "01000-000", None),
        ("RU", "", "", None),
        ("US", "", "", None),
        ("CA", "", "", None),
        ("", "", "", None),
        ("ZZ", "", "", None),
    ],
)
def test_resolve(country, state, postal, expected):
    assert resolve(country, state, postal) == expected


def test_every_zone_in_the_tables_exists():
    zones = {
        *timezones.US_STATES.values(),
        *timezones.US_ZIP_OVERRIDES.values(),
        *timezones.CA_PROVINCES.values(),
        *timezones.AU_STATES.values(),
    }
    for zone in zones:
        ZoneInfo(zone)  # raises for a misspelt name
    assert set(timezones.US_STATE_NAMES.values()) <= set(timezones.US_STATES)
    assert {state for *_, state in timezones.US_ZIP3_RANGES} <= set(timezones.US_STATES)


def test_a_naive_local_time_becomes_utc_at_its_zone():
    # Winter: Chicago is UTC-6; summer: UTC-5.
    assert to_utc("2026-02-27T07:40:00", "America/Chicago") == datetime(2026, 2, 27, 13, 40, tzinfo=UTC)
    assert to_utc("2026-07-01T07:40:00", "America/Chicago") == datetime(2026, 7, 1, 12, 40, tzinfo=UTC)


def test_an_explicit_offset_is_taken_as_it_is_whatever_the_zone():
    assert to_utc("2026-02-27T07:40:00-05:00", "Asia/Tokyo") == datetime(2026, 2, 27, 12, 40, tzinfo=UTC)
    assert to_utc("2026-02-27T12:40:00Z", "America/Chicago") == datetime(2026, 2, 27, 12, 40, tzinfo=UTC)
    aware = datetime(2026, 2, 27, 21, 40, tzinfo=timezone(timedelta(hours=9)))
    assert to_utc(aware, None) == datetime(2026, 2, 27, 12, 40, tzinfo=UTC)


def test_without_a_zone_a_naive_time_is_taken_as_utc():
    assert to_utc("2026-02-27T07:40:00", None) == datetime(2026, 2, 27, 7, 40, tzinfo=UTC)


def test_carrier_date_and_time_fields():
    assert local_to_utc("20260305", "074512", "America/Denver") == datetime(2026, 3, 5, 14, 45, 12, tzinfo=UTC)


def test_garbage_timestamps_raise_value_error():
    with pytest.raises(ValueError):
        to_utc("next tuesday", "UTC")


@pytest.mark.parametrize(
    ("country", "state", "city", "expected"),
    [
        # Europe: one clock per country resolves by the country alone, or by its name
        ("DE", "", "", "Europe/Berlin"),  # Berlin and Busingen keep the same clock
        ("GERMANY", "", "", "Europe/Berlin"),
        ("United Kingdom", "", "", "Europe/London"),
        ("UK", "", "", "Europe/London"),
        ("FRA", "", "", "Europe/Paris"),
        ("ES", "", "Las Palmas de Gran Canaria", "Atlantic/Canary"),  # the city beats the country
        ("ES", "", "", "Europe/Madrid"),  # the Canaries hold under 5% of Spain's city population
        # Asia
        ("CN", "", "", "Asia/Shanghai"),
        ("CN", "", "Urumqi", "Asia/Urumqi"),
        ("JP", "", "Osaka", "Asia/Tokyo"),
        ("IN", "", "Mumbai", "Asia/Kolkata"),
        ("Hong Kong", "", "", "Asia/Hong_Kong"),
        ("ID", "", "Jakarta", "Asia/Jakarta"),
        ("ID", "", "", None),  # three clocks
        ("RU", "", "Novosibirsk", "Asia/Novosibirsk"),
        ("RU", "", "Moscow", "Europe/Moscow"),
        ("Russia", "", "", None),
        # the Americas
        ("BR", "", "São Paulo", "America/Sao_Paulo"),
        ("BR", "", "Sao Paulo", "America/Sao_Paulo"),
        ("BR", "", "Manaus", "America/Manaus"),
        ("MX", "", "Tijuana", "America/Tijuana"),
        ("MX", "", "", None),
        ("US", "", "Cincinnati", "America/New_York"),  # a city without its state
        ("US", "", "Denver", "America/Denver"),
        ("US", "", "Springfield", None),  # Illinois, Missouri, Massachusetts: two clocks, no guess
        ("US", "MA", "Springfield", "America/New_York"),
        ("CA", "", "Calgary", "America/Edmonton"),
        ("CO", "", "", "America/Bogota"),
        # Africa and Oceania
        ("ZA", "", "Johannesburg", "Africa/Johannesburg"),
        ("NG", "", "", "Africa/Lagos"),
        ("EG", "", "Cairo", "Africa/Cairo"),
        ("AU", "", "Perth", "Australia/Perth"),
        ("NZ", "", "", "Pacific/Auckland"),
        # nothing to go on
        ("", "", "Paris", None),
        ("ZZ", "", "Nowhere", None),
    ],
)
def test_resolve_from_the_maintained_datasets(country, state, city, expected):
    assert resolve(country, state, None, city) == expected


@pytest.mark.parametrize(
    ("country", "city", "local", "utc"),
    [
        ("JP", "Tokyo", "2026-03-02T09:00:00", datetime(2026, 3, 2, 0, 0, tzinfo=UTC)),
        ("BR", "São Paulo", "2026-03-02T09:00:00", datetime(2026, 3, 2, 12, 0, tzinfo=UTC)),
        ("ZA", "Cape Town", "2026-03-02T09:00:00", datetime(2026, 3, 2, 7, 0, tzinfo=UTC)),
        ("AU", "Sydney", "2026-03-02T09:00:00", datetime(2026, 3, 1, 22, 0, tzinfo=UTC)),  # AEDT, UTC+11
        ("DE", "Leipzig", "2026-07-02T09:00:00", datetime(2026, 7, 2, 7, 0, tzinfo=UTC)),  # CEST
        ("US", "Chicago", "2026-03-02T09:00:00", datetime(2026, 3, 2, 15, 0, tzinfo=UTC)),
        ("IN", "Delhi", "2026-03-02T09:00:00", datetime(2026, 3, 2, 3, 30, tzinfo=UTC)),
        ("MX", "Mexico City", "2026-03-02T09:00:00", datetime(2026, 3, 2, 15, 0, tzinfo=UTC)),
    ],
)
def test_a_timestamp_without_an_offset_is_read_at_the_resolved_zone(country, city, local, utc):
    assert to_utc(local, resolve(country, None, None, city)) == utc


def test_country_names_come_from_the_datasets():
    assert timezones.country_code("Germany") == "DE"
    assert timezones.country_code("Viet Nam") == "VN"
    assert timezones.country_code("Côte d'Ivoire") == "CI"
    assert timezones.country_code("BRA") == "BR"
    assert timezones.country_code("Atlantis") == ""
