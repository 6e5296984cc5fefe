"""Whether a ``--store`` value names a team store: kept free of SQLAlchemy so the CLI can ask early."""

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_team_url(location: object) -> bool:
    """Return True when a ``--store`` value names a PostgreSQL team store rather than a folder."""
    return isinstance(location, str) and location.lower().startswith(SCHEMES)
