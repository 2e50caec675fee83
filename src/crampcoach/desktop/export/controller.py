"""The library's "Save as audio…" and "Print or save as PDF…": a file chosen, the work done
off the GUI thread with a progress bar and Cancel (audio), or the system print dialog
(handout; "Print to file" makes the PDF)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from crampcoach.core.avoid import entry_without_avoided, nothing_left
from crampcoach.core.library import LibraryEntry
from crampcoach.core.settings import Settings

AUDIO_FILTER = "MP3 (*.mp3);;Ogg Vorbis (*.ogg);;Opus (*.opus);;FLAC (*.flac);;WAV (*.wav)"
STAGES = {"speech": "Speaking the lines", "mix": "Mixing", "write": "Writing the file"}


class Library(Protocol):
    """What the controller needs of the library view: its routines and its requests."""

    export_requested: SignalInstance  # "audio" | "handout" (others are not ours), routine id

    @property
    def library(self) -> Any: ...  # core.library.Library


class AudioJob(QObject):
    """One render on a worker thread; its signals reach the GUI thread queued."""

    progress = Signal(str, int, int)  # stage, done, total
    finished = Signal(str, str)  # path, "" or why it failed ("cancelled" when cancelled)

    def __init__(self, entry: LibraryEntry, target: Path, settings: Settings) -> None:
        super().__init__()
        self.entry, self.target, self.settings = entry, target, settings
        self.cancel = threading.Event()
        self.worker = threading.Thread(target=self._run, name="crampcoach-render", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def _run(self) -> None:
        from crampcoach.desktop.export.render import RenderCancelled, RenderOptions, render
        from crampcoach.desktop.session.speech import SpeechSynth

        try:
            render(
                self.entry.timeline,
                self.target,
                RenderOptions.from_settings(self.settings),
                SpeechSynth(),
                source=self.entry.routine.source or "",
                progress=self.progress.emit,
                cancelled=self.cancel.is_set,
            )
        except RenderCancelled:
            self.finished.emit(str(self.target), "cancelled")
        except Exception as exc:  # shown to the user, never lost
            self.finished.emit(str(self.target), str(exc) or type(exc).__name__)
        else:
            self.finished.emit(str(self.target), "")


class ExportController(QObject):
    """Answers a library view's ``export_requested`` with the user's settings."""

    saved = Signal(str, str)  # path, "" or why not ("cancelled"): an audio job has ended

    def __init__(self, view: QWidget, settings: Callable[[], Settings]) -> None:
        super().__init__(view)
        self.window = view
        self.view: Library = view  # type: ignore[assignment]
        self._settings = settings
        self.job: AudioJob | None = None
        self.view.export_requested.connect(self.export)

    def export(self, kind: str, routine_id: str) -> None:
        entry = self.view.library.get(routine_id)
        if entry is None:
            return
        settings = self._settings()  # as it plays: without the steps that work a muscle to rest
        empty = nothing_left(entry.routine, settings.avoid_muscles)
        if not (settings.skip_avoided_steps and empty):
            entry = entry_without_avoided(entry, settings)
        if kind == "audio":
            self.save_audio(entry)
        elif kind == "handout":
            self.print_handout(entry)

    # -- audio -------------------------------------------------------------------------------
    def save_audio(self, entry: LibraryEntry, target: Path | None = None) -> AudioJob | None:
        if self.job is not None:
            return None  # one at a time: its progress dialog is showing
        if target is None:
            name, _filter = QFileDialog.getSaveFileName(
                self.window, "Save as audio", str(Path.home() / f"{entry.id}.mp3"), AUDIO_FILTER
            )
            if not name:
                return None
            target = Path(name)
        from crampcoach.desktop.export.encode import UnknownFormat, format_for

        try:
            format_for(target)
        except UnknownFormat as exc:
            QMessageBox.warning(self.window, "Save as audio", str(exc))
            return None
        job = self.job = AudioJob(entry, target, self._settings())
        dialog = QProgressDialog(
            f"Saving “{entry.routine.title}” as audio…", "Cancel", 0, 0, self.window
        )
        dialog.setWindowTitle("Save as audio")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAccessibleName("Saving as audio: progress")
        dialog.canceled.connect(job.cancel.set)

        def progress(stage: str, done: int, total: int) -> None:
            dialog.setMaximum(max(total, 1) if stage == "speech" else 0)
            dialog.setValue(done if stage == "speech" else 0)
            dialog.setLabelText(f"{STAGES.get(stage, stage)}… ({entry.routine.title})")

        def finished(path: str, problem: str) -> None:
            self.job = None
            dialog.canceled.disconnect(job.cancel.set)
            dialog.close()
            dialog.deleteLater()
            if problem and problem != "cancelled":
                QMessageBox.warning(
                    self.window, "Save as audio", f"{path} was not saved: {problem}"
                )
            job.deleteLater()
            self.saved.emit(path, problem)

        # queued: the job's signals come from its worker thread; the dialog is the GUI's
        job.progress.connect(progress, Qt.ConnectionType.QueuedConnection)
        job.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
        dialog.show()
        job.start()
        return job

    # -- handout -----------------------------------------------------------------------------
    def print_handout(self, entry: LibraryEntry) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from crampcoach.core.handout import handout
        from crampcoach.desktop.export.handout_pdf import paint_handout, setup_page

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(entry.routine.title)
        printer.setOutputFileName(str(Path.home() / f"{entry.id}.pdf"))
        setup_page(printer, "a4")
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle(f"Print or save as PDF: {entry.routine.title}")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            paint_handout(printer, handout(entry.routine, entry.timeline))
