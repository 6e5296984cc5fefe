"""reportlab rendering: plain data in, PDF bytes out (no Qt here)."""
