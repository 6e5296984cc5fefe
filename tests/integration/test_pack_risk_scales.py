"""Packs carry each tool's scale values; a pack written before tools had scales still imports its two bands."""

import pytest
from sqlalchemy import select

from solodesk.models import RiskAssessment
from solodesk.services.packs import PackError, apply_import, read_pack
from tests.helpers.packs import PACK_PASSPHRASE, open_document, row_counts, write_document


def _risk_items(document: dict) -> list[dict]:
    return [i for i in document["items"] if i["kind"] == "risk_assessment"]


def test_scale_values_travel_and_an_older_packs_bands_arrive_as_scales(pack, chair, tmp_path) -> None:
    """The worker's results arrive as they were; an older pack's bands become the two old scales."""
    document, blobs = open_document(pack)
    assert {"reconviction": "Medium", "violence": "High", "combined": "High"} in [
        i["fields"]["results"] for i in _risk_items(document)
    ]
    for item in _risk_items(document):  # as SOLO Desk wrote it before revision 0010
        results = item["fields"].pop("results")
        item["fields"]["reconviction_band"] = results.get("reconviction", "")
        item["fields"]["harm_band"] = "High" if results else ""
    older = write_document(tmp_path / "older.solopack", document, blobs)
    apply_import(chair, read_pack(older, PACK_PASSPHRASE))
    with chair.session() as session:
        stored = {r.tool: r.results for r in session.scalars(select(RiskAssessment))}
    assert stored["Risk Matrix 2000"] == {"reconviction": "Medium", "harm": "High"}


@pytest.mark.parametrize("results", [["Medium"], {"reconviction": 3}, {"x" * 2001: "Low"}, "Medium"])
def test_a_pack_with_malformed_scale_values_is_refused_whole(pack, chair, tmp_path, results) -> None:
    """A list, a number, an over-long key or plain text where scale values belong: refused, nothing written."""
    document, blobs = open_document(pack)
    _risk_items(document)[0]["fields"]["results"] = results
    hostile = write_document(tmp_path / "hostile.solopack", document, blobs)
    counts = row_counts(chair)
    with pytest.raises(PackError, match="risk assessment field “results” is not valid|longer than"):
        apply_import(chair, read_pack(hostile, PACK_PASSPHRASE))
    assert row_counts(chair) == counts
