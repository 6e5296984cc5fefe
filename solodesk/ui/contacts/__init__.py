"""The directory of agencies and contacts."""
