"""The Qt-free core: routines, timelines, the session engine and storage.

Nothing here imports Qt; an import-linter contract and a test keep it so, which is
what lets whole sessions run against a fake clock in milliseconds.
"""
