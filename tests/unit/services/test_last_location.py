"""The last location is kept in the encrypted store as ids and widget names, and survives damage."""

from solodesk.models import Setting
from solodesk.services.settings import (
    LAST_LOCATION_KEY,
    Location,
    load_last_location,
    load_settings,
    save_last_location,
)


def test_location_round_trips_and_leaves_the_organisation_settings_alone(store) -> None:
    """Saved and read back unchanged; the organisation settings still load with their defaults."""
    location = Location(subject_id=3, conference_id=7, agenda_page="risk_assessment", field="attr:rationale")
    with store.session() as session:
        assert load_last_location(session) is None
        save_last_location(session, location)
    with store.session() as session:
        assert load_last_location(session) == location
        assert load_settings(session).idle_lock_minutes == 10
        save_last_location(session, Location(subject_id=3))
    with store.session() as session:
        assert load_last_location(session) == Location(subject_id=3)


def test_damaged_location_means_no_location(store) -> None:
    """Text that is not a location (damaged, or ids that are not ids) is ignored, never an error."""
    for damaged in ("{not json", "[1, 2]", '{"subject_id": "Leon"}', '{"conference_id": -1}', '{"field": 5}'):
        with store.session() as session:
            row = session.get(Setting, LAST_LOCATION_KEY)
            if row is None:
                session.add(Setting(key=LAST_LOCATION_KEY, value=damaged))
            else:
                row.value = damaged
        with store.session() as session:
            assert load_last_location(session) is None, damaged
