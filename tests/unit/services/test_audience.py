"""Audiences as plain values: who is in one, how it reads, and the narrower of two."""

from solodesk.models import AgencyKind
from solodesk.services.audience import CHAIR_ONLY, Audience, Member, describe

POLICE, FAMILIES, HEALTH = AgencyKind.POLICE, AgencyKind.CHILDREN_AND_FAMILIES, AgencyKind.HEALTH


def test_the_chair_is_always_in_and_a_withholding_beats_the_kind() -> None:
    """The chair sees a chair-only item; a police officer withheld by name does not see a police item."""
    police = Audience(kinds=frozenset({POLICE}), withheld={7: "holds it already"})
    assert CHAIR_ONLY.includes(Member(1, HEALTH, chair=True)) and not CHAIR_ONLY.includes(Member(2, POLICE))
    assert police.includes(Member(3, POLICE)) and not police.includes(Member(7, POLICE))
    assert not police.includes(Member(None, POLICE))


def test_it_reads_as_printed() -> None:
    """Kinds in agency order, then names; the chair is never named twice."""
    names = {5: "Siobhán O'Connor", 1: "Margaret Nicolson"}
    assert describe(CHAIR_ONLY, names) == "chair only"
    assert describe(Audience(kinds=frozenset({POLICE})), names) == "police and chair only"
    both = Audience(frozenset({5, 1}), frozenset({FAMILIES, POLICE}))
    assert describe(both, names, chair_id=1) == "police, children & families, Siobhán O'Connor and chair only"


def test_stored_audiences_round_trip_and_junk_only_narrows() -> None:
    """The JSON form reads back equal; unknown kinds, non-ids and non-objects are dropped."""
    audience = Audience(frozenset({3}), frozenset({HEALTH}), {4: "not involved"})
    assert Audience.from_json(audience.to_json()) == audience
    assert Audience.from_json({"contacts": ["3", True, 2], "kinds": ["everyone", "police"]}) == Audience(
        frozenset({2}), frozenset({POLICE})
    )
    assert Audience.from_json(None) == CHAIR_ONLY == Audience.from_json([1, 2])


def test_the_narrower_of_two_holds_only_people_in_both() -> None:
    """Named in one and reached by kind in the other stays in; a kind in only one side goes."""
    people = [Member(1, POLICE), Member(2, FAMILIES), Member(3, HEALTH)]
    mine = Audience(frozenset({2}), frozenset({POLICE, HEALTH}))
    theirs = Audience(kinds=frozenset({POLICE, FAMILIES}))
    narrower = mine.narrower(theirs, people)
    assert narrower == Audience(frozenset({2}), frozenset({POLICE}))
    for person in people:
        assert narrower.includes(person) == (mine.includes(person) and theirs.includes(person))
