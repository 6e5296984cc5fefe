"""Whether a ``--store`` value names a team store: kept free of SQLAlchemy so the CLI can ask early."""

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_team_url(location: object) -> bool:
    """Return True when a ``--store`` value names a PostgreSQL team store rather than a folder."""
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def login_of(location: str) -> str:
    """Return the login named in a team store's address ('' when none), without parsing it fully."""
    rest = location.split("://", 1)[-1]
    credentials, at, _ = rest.rpartition("@")
    if not at:
        return ""
    from urllib.parse import unquote

    return unquote(credentials.split(":", 1)[0])


def shown_address(location: str) -> str:
    """Return a team store's address as people may see it: no login's password, no query options."""
    scheme, _, rest = location.partition("://")
    credentials, at, place = rest.rpartition("@")
    if at and ":" in credentials:
        credentials = credentials.split(":", 1)[0]
    place, _, query = place.partition("?")
    from urllib.parse import unquote

    host = unquote(next((part[5:] for part in query.split("&") if part.startswith("host=")), ""))
    if place.startswith("/") and host:
        place = f"{host}{place}"  # a socket folder: say where
    return f"{scheme}://{credentials + '@' if at else ''}{place}"
