"""File names of minute copies: sortable, naming recipient and version, never the subject."""

from solodesk.reports.minute_data import MinuteContent, Recipient
from solodesk.services.minute_files import ascii_fold, copy_file_name


def _content(surname: str) -> MinuteContent:
    return MinuteContent(
        organisation="Org",
        marking="OFFICIAL-SENSITIVE",
        confidentiality_statement="",
        subject_name=f"Marcus {surname}",
        subject_surname=surname,
        meeting_type="Initial",
        meeting_date="14 September 2026",
        meeting_date_iso="2026-09-14",
        meeting_time="10:00",
        venue="",
        chair="",
        chair_contact="",
        minute_taker="",
    )


def test_copy_name_names_date_version_and_recipient_but_not_the_subject() -> None:
    """The copy's file name sorts by date, version and list position and leaves out the subject's surname."""
    name = copy_file_name(_content("Ó Séaghdha"), 2, Recipient(7, "Łukasz Wiśniewski"))
    assert name == "2026-09-14_RMCC-minute_v2_07_Lukasz-Wisniewski.pdf"
    assert "Seaghdha" not in name


def test_recipient_part_is_safe_ascii_of_bounded_length() -> None:
    """Path separators, dots and control characters never reach a file name, and very long names are cut."""
    folded = ascii_fold("../..\\Nguyễn\tThị:Mai" + "x" * 200)
    assert folded.startswith("Nguyen-Thi-Mai")
    assert folded.isascii() and len(folded) <= 60
    assert all(c.isalnum() or c == "-" for c in folded)
    assert ascii_fold("王小明") == "recipient"
