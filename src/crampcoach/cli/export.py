"""``crampcoach render`` and ``handout``: a routine to take along, as an audio file of the
narrated session or as a printable sheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crampcoach.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    error,
    minutes_text,
    resolve_routine,
    settings,
    usage_error,
    warning,
)
from crampcoach.core.avoid import avoided_in, entry_without_avoided, nothing_left
from crampcoach.core.length import LENGTHS, Length, entry_at_length, is_fixed
from crampcoach.core.library import LibraryEntry
from crampcoach.core.muscle_groups import spoken
from crampcoach.core.settings import Settings


def _rate(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 80 <= value <= 400:
        raise argparse.ArgumentTypeError(f"must be between 80 and 400 words a minute, not {text}")
    return value


def at_length(entry: LibraryEntry, length: Length, user: Settings) -> LibraryEntry:
    """The entry at ``length`` as the user plays it: a fixed protocol keeps its own length,
    the steps that work a muscle to rest are left out (with skipping on); the user is told."""
    if length != "standard" and is_fixed(entry.routine):
        warning(
            f"{entry.id} follows a trial's protocol and keeps its published length; "
            f"--length {length} does not change it"
        )
    else:
        entry = entry_at_length(entry, length, user.timing)
    resting = avoided_in(entry.routine, user.avoid_muscles)
    if not user.skip_avoided_steps or not resting:
        return entry
    if nothing_left(entry.routine, user.avoid_muscles):
        warning(f"every exercise in {entry.id} works a muscle to rest; written as it is")
        return entry
    warning(f"{entry.id}: the steps that work your {spoken(resting)} are left out (settings)")
    return entry_without_avoided(entry, user)


class Meter:
    """A one-line progress meter on a terminal's stderr (nothing when it is not one)."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.live:
            return
        text = {"speech": f"speaking lines {done}/{total}", "mix": "mixing", "write": "writing"}
        sys.stderr.write(f"\rrender: {text.get(stage, stage):<40}")
        sys.stderr.flush()

    def done(self) -> None:
        if self.live:
            sys.stderr.write("\r" + " " * 48 + "\r")


def _voice(synth: Any, wanted: str) -> str | None:
    """The engine's id for ``wanted`` (an id, a name or a language), or None."""
    voices = synth.list_voices()
    want = wanted.casefold()
    for v in voices:
        if want in (v.id.casefold(), v.name.casefold(), v.id.rsplit("/", 1)[-1].casefold()):
            return str(v.id)
    for v in voices:
        if want in (lang.casefold() for lang in v.languages):
            return str(v.id)
    english = sorted(
        v.id.rsplit("/", 1)[-1] for v in voices if v.id.split("/")[-1].startswith("en")
    )
    usage_error(f"no voice {wanted!r} (English ones: {', '.join(english) or 'none'}; "
                f"{len(voices)} in all)")  # fmt: skip
    return None


def cmd_render(args: argparse.Namespace) -> int:
    from crampcoach.core.soundtrack import MAX_CUE_TRACKS, cue_sheet, step_list, step_marks
    from crampcoach.desktop.export.encode import UnknownFormat, format_for
    from crampcoach.desktop.export.outfile import CannotWrite, OutFile
    from crampcoach.desktop.export.render import RenderOptions, render
    from crampcoach.desktop.session.speech import SpeechError, SpeechSynth

    out: Path = args.out
    try:
        format_for(out)
    except UnknownFormat as exc:
        return usage_error(str(exc))
    user = settings()
    entry = resolve_routine(args.routine).entry
    if entry is None:
        return EXIT_USAGE
    entry = at_length(entry, args.length, user)
    synth = SpeechSynth()
    voice = None
    if args.voice is not None:
        try:
            voice = _voice(synth, args.voice)
        except SpeechError as exc:
            error(str(exc))
            return EXIT_INVALID
        if voice is None:
            return EXIT_USAGE
    options = RenderOptions.from_settings(
        user, chimes=not args.no_chimes, voice=voice, rate=args.rate
    )
    meter = Meter()
    try:
        done = render(
            entry.timeline, out, options, synth, source=entry.routine.source or "", progress=meter
        )
    except CannotWrite as exc:
        return usage_error(str(exc))
    except (SpeechError, OSError, RuntimeError) as exc:
        error(f"{out}: not written: {exc}")
        return EXIT_INVALID
    finally:
        meter.done()
    print(f"{out}: {minutes_text(done.seconds)}, {done.lines} lines, {done.chimes} chimes")
    if args.steps:
        marks = step_marks(entry.timeline)
        if len(marks) <= MAX_CUE_TRACKS:
            steps, text = (
                out.with_suffix(".cue"),
                cue_sheet(marks, out.name, entry.routine.title, "CrampCoach"),
            )
        else:
            steps, text = out.with_suffix(".txt"), step_list(marks, entry.routine.title)
        with OutFile(steps) as sidecar:
            sidecar.temp.write_text(text, encoding="utf-8")
            sidecar.commit()
        print(f"{steps}: {len(marks)} steps")
    return EXIT_OK


def cmd_handout(args: argparse.Namespace) -> int:
    from crampcoach.core.handout import handout
    from crampcoach.desktop.export.outfile import CannotWrite

    out: Path = args.out
    if out.suffix.lower() != ".pdf":
        return usage_error(f"{out.name}: the handout is a PDF: the file name must end in .pdf")
    entry = resolve_routine(args.routine).entry
    if entry is None:
        return EXIT_USAGE
    entry = at_length(entry, "standard", settings())  # as it plays (muscles to rest)
    from PySide6.QtWidgets import QApplication

    from crampcoach.desktop.export.handout_pdf import write_handout_pdf

    # fonts need an application; no window is shown, so no display is needed either
    _app = QApplication.instance() or QApplication(["crampcoach", "-platform", "offscreen"])
    try:
        pages = write_handout_pdf(handout(entry.routine, entry.timeline), out, args.paper)
    except CannotWrite as exc:
        return usage_error(str(exc))
    except OSError as exc:
        error(f"{out}: not written: {exc}")
        return EXIT_INVALID
    print(f"{out}: {pages} page{'s' if pages > 1 else ''}, {len(entry.routine.steps)} steps")
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("render", help="write a routine's narrated session as an audio file")
    p.add_argument("routine", metavar="ROUTINE", help="a routine id or a routine file path")
    p.add_argument(
        "out", type=Path, metavar="OUT", help="the file: .wav, .flac, .ogg, .opus or .mp3"
    )
    p.add_argument("--no-chimes", action="store_true", help="the voice only")
    p.add_argument(
        "--voice", metavar="V", help="a voice id, name or language (default: your setting)"
    )
    p.add_argument("--rate", type=_rate, metavar="WPM", help="speaking rate, 80-400 words a minute")
    p.add_argument(
        "--length", choices=LENGTHS, default="standard", help="shorter or longer holds and reps"
    )
    p.add_argument(
        "--steps", action="store_true", help="also write the steps' times beside it (.cue)"
    )
    p.set_defaults(func=cmd_render)

    p = sub.add_parser("handout", help="write a routine as a printable PDF sheet")
    p.add_argument("routine", metavar="ROUTINE", help="a routine id or a routine file path")
    p.add_argument("out", type=Path, metavar="OUT.pdf", help="the PDF file to write")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="paper size")
    p.set_defaults(func=cmd_handout)
