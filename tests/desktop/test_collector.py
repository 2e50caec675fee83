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
        collector.settle()  # settling again lets the earlier frozen objects be collected
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0
