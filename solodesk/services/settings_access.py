"""Settings read and written through an open store (for views without sessions)."""

from solodesk.services.settings import OrganisationSettings, load_settings, save_settings
from solodesk.store import CaseStore


def load_store_settings(store: CaseStore) -> OrganisationSettings:
    """Return the organisation settings of an open store."""
    with store.session() as session:
        return load_settings(session)


def save_store_settings(store: CaseStore, settings: OrganisationSettings) -> OrganisationSettings:
    """Validate and save the organisation settings; return what was stored."""
    with store.session() as session:
        return save_settings(session, settings)
