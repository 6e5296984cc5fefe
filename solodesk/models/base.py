"""Declarative base and shared column helpers for every SOLO Desk model."""

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, text
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names make Alembic batch migrations on SQLite predictable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base class of every mapped entity."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON, datetime: DateTime(timezone=True)}


def enum_type(enum_cls: type[enum.Enum]) -> SAEnum:
    """Store an enum by its value as plain text.

    Values (not member names) are stored so that the database reads sensibly and
    renaming a Python member never silently changes stored data.
    """
    return SAEnum(
        enum_cls,
        native_enum=False,
        length=40,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Timestamped:
    """Mixin adding created/updated times."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class HasAudience:
    """Mixin adding who may see a restricted item besides the chair.

    ``audience`` is ``{"contacts": [contact ids], "kinds": [agency kind values],
    "reasons": {"contact id": "why it is withheld"}}``; an empty object means the
    chair alone (the default for every new restricted item). See
    :mod:`solodesk.services.audience`.
    """

    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
