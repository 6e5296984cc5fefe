"""Typed chair edit of a risk assessment's tool scales (the results stored by scale key).

Applied by :func:`solodesk.services.chair_ops.apply` like every other operation, so
it is audited by ids and field names only (never the value).
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from solodesk.models import Base, RiskAssessment
from solodesk.services.chair_ops import get_record

MAX_SCALE_TEXT = 60


@dataclass(frozen=True)
class SetAssessmentScale:
    """Set one scale of a risk assessment's tool (an empty value clears it).

    Raises:
        ValueError: the scale key or the value is empty where it may not be, or too long.
    """

    record_id: int
    scale: str
    value: str

    def __post_init__(self) -> None:
        if not self.scale.strip() or len(self.scale) > MAX_SCALE_TEXT or len(self.value) > MAX_SCALE_TEXT:
            raise ValueError(f"A scale and its value are at most {MAX_SCALE_TEXT} characters.")

    def target(self) -> tuple[type[Base], int]:
        """Return the model and id of the record changed."""
        return RiskAssessment, self.record_id

    def values(self, session: Session) -> dict[str, object]:
        """Return the assessment's results with this scale replaced."""
        results = dict(get_record(session, RiskAssessment, self.record_id).results)
        if self.value.strip():
            results[self.scale] = self.value.strip()
        else:
            results.pop(self.scale, None)
        return {"results": results}
