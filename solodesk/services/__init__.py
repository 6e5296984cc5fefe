"""Use cases of SOLO Desk, usable and tested without a display (no Qt here)."""
