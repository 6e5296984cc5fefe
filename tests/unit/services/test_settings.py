"""Organisation settings live in the encrypted store, validated."""

import pytest

from solodesk.services.settings import DEFAULT_MARKING, OrganisationSettings, load_settings, save_settings
from tests.conftest import reopen

pytestmark = pytest.mark.both_stores


def test_defaults_when_nothing_saved(store) -> None:
    """A new store has the default marking and a 10-minute idle lock."""
    with store.session() as session:
        settings = load_settings(session)
    assert settings.protective_marking == DEFAULT_MARKING == "OFFICIAL-SENSITIVE"
    assert settings.idle_lock_minutes == 10


def test_saved_settings_survive_reopening(store) -> None:
    """Saved settings come back after the store is locked and unlocked."""
    with store.session() as session:
        save_settings(
            session,
            OrganisationSettings(organisation_name="Comhairle nan Eilean Siar", idle_lock_minutes=5),
        )
    store.close()
    with reopen(store) as reopened, reopened.session() as session:
        settings = load_settings(session)
    assert settings.organisation_name == "Comhairle nan Eilean Siar"
    assert settings.idle_lock_minutes == 5


def test_out_of_range_idle_time_is_refused(store) -> None:
    """An idle lock of 0 minutes is refused with a sentence, and nothing is stored."""
    with pytest.raises(ValueError, match="between 1 and 240"), store.session() as session:
        save_settings(session, OrganisationSettings(idle_lock_minutes=0))
    with store.session() as session:
        assert load_settings(session).idle_lock_minutes == 10


def test_blank_marking_falls_back_to_default(store) -> None:
    """Clearing the marking restores OFFICIAL-SENSITIVE rather than printing nothing."""
    with store.session() as session:
        saved = save_settings(session, OrganisationSettings(protective_marking="   "))
    assert saved.protective_marking == DEFAULT_MARKING
