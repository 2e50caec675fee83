"""The GUI-thread garbage collector: the long-lived heap is frozen out of its walks."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QApplication

from crampcoach.desktop.collector import MainThreadCollector


class Node:
    other: object = None


def test_settle_freezes_the_heap_and_new_cycles_are_still_collected(qapp: QApplication) -> None:
    collector = MainThreadCollector()
    try:
        collector.settle()
        assert gc.get_freeze_count() > 1000  # modules, classes, the library...
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle made after settling
        gone = weakref.ref(a)
        del a, b
        collector.collect()
        gc.collect()
        assert gone() is None
        collector.settle()
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0


def test_a_frozen_library_is_freed_when_replaced(qapp: QApplication) -> None:
    """The disk thread freezes each library it loads (background.py), never to unfreeze
    it: a library replaced by the next load must still go, by reference counting (it
    holds no reference cycles)."""
    from crampcoach.core.library import load_library
    from tests.fakes import BUILTIN_ROUTINES

    library = load_library(BUILTIN_ROUTINES, None)
    entry = next(iter(library.entries.values()))
    gone = weakref.ref(entry.routine)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        del library, entry
        assert gone() is None
        assert gc.get_freeze_count() < frozen - 100  # the routines' objects went too
    finally:
        gc.unfreeze()
