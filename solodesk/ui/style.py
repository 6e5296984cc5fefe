"""Shared look: the few colours and styles used across widgets."""

ERROR_STYLE = "color: #a4262c;"
ERROR_BORDER_STYLE = "border: 1px solid #a4262c;"
NOTE_STYLE = "color: #555;"
SAVED_STYLE = "color: #2b6a30;"
