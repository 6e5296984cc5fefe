"""Schema migrations: an older store with data in it upgrades on open."""

from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import OperationalError

from solodesk.models import (
    AgencyReport,
    AmendmentRequest,
    AmendmentStatus,
    Attachment,
    Base,
    CaseNote,
    CaseStatus,
    Conference,
    MinuteIssue,
    NoteKind,
    NotificationKind,
    ProposedAction,
    ReasonForConvening,
    ReleaseNotification,
    Subject,
)
from solodesk.services.minute_issue import issue_info
from solodesk.store import CaseStore, keyslots, migrate
from solodesk.store.case_store import DB_NAME, SLOTS_NAME
from solodesk.store.engine import open_engine
from tests.conftest import PASSPHRASE


def make_store_at(folder: Path, revision: str, extra: tuple[str, ...] = ()) -> str:
    """Build a store the way an older SOLO Desk would have left it; return its recovery key.

    Args:
        folder: the store folder (must not exist).
        revision: the schema revision to leave it at.
        extra: more SQL inserts, for the tables that revision has.
    """
    folder.mkdir(parents=True)
    key = keyslots.new_database_key()
    recovery_key = keyslots.new_recovery_key()
    slots = keyslots.KeySlotFile.new(folder / SLOTS_NAME)
    slots.set_passphrase(PASSPHRASE, key, keyslots.DEFAULT_ARGON2)
    slots.set_recovery_key(recovery_key, key)
    slots.save()
    engine = open_engine(folder / DB_NAME, key)
    migrate.upgrade(engine, revision)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO subject (id, forenames, surname, aliases, gender, current_address, proposed_address,"
                " legal_status, offence_summary, registered, notification_requirements, mappa_category,"
                " order_conditions, warning_flags, visor_ref, police_ref, other_refs, notes, created_at, updated_at)"
                " VALUES (1, 'Łukasz', 'Nguyễn-O''Connor', '[]', '', '', '', 'convicted', '', 1, '',"
                " 'category_1', '', '[]', 'V-1', '', '', '', '2025-01-01', '2025-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO conference (id, subject_id, kind, status, meeting_date, venue, reasons, reasons_other,"
                " confidentiality_agreed, previous_minute_amendments, dynamic_factors, who_is_at_risk,"
                " risk_rationale, next_venue, not_reconvening_reason, created_at, updated_at)"
                " VALUES (1, 1, 'initial', 'held', '2025-02-03', 'Room 1', '[\"other\"]', 'Zoë said so', 1, '',"
                " '', '', '', '', '', '2025-01-01', '2025-01-01')"
            )
        )
        for statement in extra:
            connection.execute(text(statement))
    engine.dispose()
    return recovery_key


def test_store_at_first_revision_upgrades_with_its_data(tmp_path: Path) -> None:
    """A 0001 store with a subject and conference opens at head with both intact."""
    folder = tmp_path / "old"
    make_store_at(folder, "0001")
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session() as session:
            subject = session.get(Subject, 1)
            assert subject is not None and subject.full_name == "Łukasz Nguyễn-O'Connor"
            assert subject.case_status == CaseStatus.ACTIVE  # 0003 filled the new column
            conference = session.get(Conference, 1)
            assert conference is not None
            assert conference.meeting_date == date(2025, 2, 3)
            assert conference.reasons == ["other"] and conference.reasons_other == "Zoë said so"
            # The tables added by 0002 work with the old data.
            session.add(MinuteIssue(conference_id=1, version=1, content={"title": "x"}))
        with store.session() as session:
            assert session.query(MinuteIssue).count() == 1
        assert store.check_integrity().ok
    # The safety copy taken before migrating is the old store, kept until the upgraded store has opened again.
    assert sorted(p.name for p in folder.iterdir()) == [
        "cases.db",
        "cases.db.before-0001.bak",
        "keyslots-copy.json",
        "keyslots.json",
    ]
    key = keyslots.KeySlotFile.load(folder / SLOTS_NAME).unlock_with_passphrase(PASSPHRASE)
    copy = open_engine(folder / "cases.db.before-0001.bak", key)
    try:
        assert migrate.current_revision(copy) == "0001"
        with copy.connect() as connection:
            assert connection.execute(text("SELECT surname FROM subject")).scalars().all() == ["Nguyễn-O'Connor"]
    finally:
        copy.dispose()
    CaseStore.open_with_passphrase(folder, PASSPHRASE).close()
    assert sorted(p.name for p in folder.iterdir()) == ["cases.db", "keyslots-copy.json", "keyslots.json"]


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    """Running every migration gives exactly the schema the models declare (what a new store is made with)."""
    make_store_at(tmp_path / "migrated", migrate.head_revision())
    with CaseStore.open_with_passphrase(tmp_path / "migrated", PASSPHRASE) as migrated:
        with migrated.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
        assert set(inspect(migrated.engine).get_table_names()) >= set(Base.metadata.tables)


def test_a_new_store_has_the_models_schema_at_the_head_revision(store: CaseStore) -> None:
    """A store made today is created from the models in one step and stamped at the newest revision."""
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_store_at_0003_upgrades_to_0004_with_its_data(tmp_path: Path) -> None:
    """A 0003 store keeps its subject and conference at 0004 and takes prepared items for them."""
    folder = tmp_path / "at-0003"
    make_store_at(folder, "0003")
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session() as session:
            subject = session.get(Subject, 1)
            assert subject is not None and subject.full_name == "Łukasz Nguyễn-O'Connor"
            assert subject.visor_ref == "V-1" and subject.case_status == CaseStatus.ACTIVE
            conference = session.get(Conference, 1)
            assert conference is not None and conference.reasons_other == "Zoë said so"
            report = AgencyReport(subject_id=1, conference_id=1, title="Report", body="Zoë's report")
            report.attachments.append(
                Attachment(filename="a.pdf", media_type="application/pdf", size=4, sha256="0" * 64, data=b"%PDF")
            )
            session.add(report)
            session.add(CaseNote(subject_id=1, kind=NoteKind.VICTIM, text="restricted", restricted=True))
            session.add(ProposedAction(subject_id=1, description="Visit weekly", owner_name="Łukasz"))
        with store.session() as session:
            stored = session.scalars(select(AgencyReport)).one()
            assert stored.subject_id == 1 and stored.conference_id == 1 and len(stored.uuid) == 36
            assert stored.attachments[0].data == b"%PDF"
            assert session.scalars(select(CaseNote)).one().kind == NoteKind.VICTIM
            assert session.scalars(select(ProposedAction)).one().owner_name == "Łukasz"
        assert store.check_integrity().ok
    assert [p.name for p in folder.glob("cases.db.before-*.bak")] == ["cases.db.before-0003.bak"]
    CaseStore.open_with_passphrase(folder, PASSPHRASE).close()
    assert not list(folder.glob("cases.db.before-*.bak*"))


def test_store_at_0004_upgrades_to_0005_with_its_amendment_requests(tmp_path: Path) -> None:
    """A 0004 store's amendment request and v2 issue survive 0005; the request reads as not restricted."""
    folder = tmp_path / "at-0004"
    make_store_at(
        folder,
        "0004",
        extra=(
            "INSERT INTO amendment_request (id, conference_id, requested_by, requested_on, request, status,"
            " chair_note, decided_on, applied_in_version)"
            " VALUES (1, 1, 'Siobhán O''Connor', '2025-02-10', 'Item 5: Zoë''s address is wrong', 'agreed',"
            " 'Agreed.', '2025-02-11', 2)",
            "INSERT INTO minute_issue (id, conference_id, version, issued_at, issued_by, content, amendments_summary)"
            " VALUES (1, 1, 2, '2025-02-12 10:00:00', 'chair', '{}',"
            " '[\"Item 5: Zoë''s address is wrong (asked by Siobhán O''Connor; chair: Agreed.)\"]')",
        ),
    )
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.engine.connect() as connection:  # the upgrade's connection enforces references again
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        with store.session() as session:
            request = session.get(AmendmentRequest, 1)
            assert request is not None and request.request == "Item 5: Zoë's address is wrong"
            assert request.requested_by == "Siobhán O'Connor" and request.status == AmendmentStatus.AGREED
            assert request.applied_in_version == 2 and request.restricted is False
            issue = session.get(MinuteIssue, 1)
            assert issue is not None
            amendments = issue_info(issue).amendments
            assert [(a.text, a.restricted) for a in amendments] == [
                ("Item 5: Zoë's address is wrong (asked by Siobhán O'Connor; chair: Agreed.)", False)
            ]
            session.add(AmendmentRequest(conference_id=1, requested_by="Chair", request="x", restricted=True))
        with store.session() as session:
            assert session.scalars(select(AmendmentRequest.restricted).order_by(AmendmentRequest.id)).all() == [
                False,
                True,
            ]
        assert store.check_integrity().ok
    assert [p.name for p in folder.glob("cases.db.before-*.bak")] == ["cases.db.before-0004.bak"]
    CaseStore.open_with_passphrase(folder, PASSPHRASE).close()
    assert not list(folder.glob("cases.db.before-*.bak*"))


def test_store_at_0005_upgrades_to_0006_and_takes_release_notifications(tmp_path: Path) -> None:
    """A 0005 store keeps its case at 0006, and a Circular 18 notification can be linked to its conference."""
    folder = tmp_path / "at-0005"
    make_store_at(folder, "0005")
    with CaseStore.open_with_passphrase(folder, PASSPHRASE) as store:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session() as session:
            subject = session.get(Subject, 1)
            assert subject is not None and subject.full_name == "Łukasz Nguyễn-O'Connor"
            session.add(
                ReleaseNotification(
                    subject_id=1,
                    kind=NotificationKind.CIRCULAR_18,
                    received_on=date(2025, 1, 6),
                    from_whom="HMP Barlinnie social work — Zoë Ó Briain",
                    release_date=date(2025, 4, 7),
                    sentence="5 years",
                    reasons=[ReasonForConvening.SENTENCE_FOUR_YEARS.value],
                    conference_id=1,
                )
            )
        with store.session() as session:
            notification = session.scalars(select(ReleaseNotification)).one()
            assert notification.from_whom == "HMP Barlinnie social work — Zoë Ó Briain"
            assert notification.release_date == date(2025, 4, 7)
            assert notification.conference is not None and notification.conference.meeting_date == date(2025, 2, 3)
            assert notification.supervising_officer == "" and notification.order_or_licence == ""
        assert store.check_integrity().ok
    assert [p.name for p in folder.glob("cases.db.before-*.bak")] == ["cases.db.before-0005.bak"]


def test_a_failing_0006_leaves_the_store_at_0005_with_its_data(tmp_path: Path) -> None:
    """0006 is all-or-nothing: when its last step fails, neither its table nor its indexes remain."""
    folder = tmp_path / "at-0005"
    # An index name 0006 wants is already taken, so 0006 fails after creating its table.
    make_store_at(folder, "0005", extra=("CREATE INDEX ix_release_notification_conference_id ON subject (surname)",))
    key = keyslots.KeySlotFile.load(folder / SLOTS_NAME).unlock_with_passphrase(PASSPHRASE)
    engine = open_engine(folder / DB_NAME, key)
    try:
        with pytest.raises(OperationalError):
            migrate.upgrade(engine)
        assert migrate.current_revision(engine) == "0005"
        assert "release_notification" not in inspect(engine).get_table_names()
        with engine.connect() as connection:
            names = connection.execute(text("SELECT surname FROM subject")).scalars().all()
        assert names == ["Nguyễn-O'Connor"]
    finally:
        engine.dispose()
