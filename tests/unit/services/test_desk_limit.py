"""A limited desk (what the desk screen reads): each list's first lines, with the exact counts."""

import pytest

from solodesk.services.desk import desk_lists
from tests.helpers.desk_store import AS_OF, build


def test_a_limited_desk_keeps_the_first_lines_and_the_exact_counts(store) -> None:
    """One line per list and per owner: the same first lines as the whole desk, the same counts and totals."""
    with store.session() as session:
        build(session)
    with store.session() as session:
        whole = desk_lists(session, AS_OF)
        first = desk_lists(session, AS_OF, limit=1)
    assert first.counts == whole.counts and first.limit == 1 and whole.limit is None
    for name in ("reviews", "releases", "minutes", "amendments", "assessments"):
        assert getattr(first, name) == getattr(whole, name)[:1], name
    assert len(whole.reviews) == 2 and len(whole.assessments) == 5  # so the limit did cut these lists
    assert [(g.owner, g.agency, g.count) for g in first.action_groups] == [
        (g.owner, g.agency, len(g.actions)) for g in whole.action_groups
    ]
    zoe = next(g for g in first.action_groups if g.owner == "DS Zoë Ó Briain")
    zoe_whole = next(g for g in whole.action_groups if g.owner == "DS Zoë Ó Briain")
    assert (zoe.owner, zoe.count, zoe.actions) == ("DS Zoë Ó Briain", 2, zoe_whole.actions[:1])
    assert first.counts.actions_overdue == 2 and first.counts.actions_due_soon == 2


def test_the_json_of_a_whole_desk_keeps_its_shape_and_a_limit_is_at_least_one(store) -> None:
    """The ``solodesk desk --json`` keys are unchanged; a limit of 0 is refused."""
    with store.session() as session:
        build(session)
    with store.session() as session:
        data = desk_lists(session, AS_OF).to_json()
        assert "limit" not in data and "totals" not in data
        assert set(data["action_groups"][0]) == {"owner", "agency", "owner_id", "email", "actions"}
        with pytest.raises(ValueError, match="at least one line"):
            desk_lists(session, AS_OF, limit=0)
