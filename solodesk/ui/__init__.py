"""PySide6 user interface: the only layer that imports Qt."""

from solodesk.ui.qt_refs import pin_none

# Before any widget is made: this PySide6 build drops references to None (see qt_refs).
pin_none()
