"""Declarative base and shared column helpers for every SOLO Desk model."""

import enum
import uuid as uuid_module
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, String, text
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


def new_uuid() -> str:
    """Return a fresh random record id as text."""
    return str(uuid_module.uuid4())


class HasUuid:
    """Mixin adding the record's stable identity across computers (revisions 0004 and 0018).

    Ids are local to one store; a pack, a handover or a check-in finds "the same record"
    on another computer by this uuid, never by id.
    """

    # A unique index rather than a constraint: revision 0018 adds it without rebuilding the tables.
    uuid: Mapped[str] = mapped_column(String(36), unique=True, index=True, default=new_uuid)


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
