"""SOLO Desk: the chair's tool for risk management case conferences."""

__version__ = "0.1.0"
APP_NAME = "SOLO Desk"
APP_ID = "uk.gov.solodesk.SoloDesk"
