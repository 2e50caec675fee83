"""The library's details pane: a routine's length, words, steps (each with its figure) and
source, as the HTML the pane shows."""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser

from crampcoach.core.avoid import avoided_in, rested_duration, skipped_steps
from crampcoach.core.figure.steps import pose_for
from crampcoach.core.figure.svg import DARK, LIGHT
from crampcoach.core.length import Length, entry_at_length
from crampcoach.core.library import LibraryEntry
from crampcoach.core.muscle_groups import spoken
from crampcoach.core.routine import Routine
from crampcoach.core.timeline import Timeline
from crampcoach.desktop.theme import is_dark
from crampcoach.desktop.widgets.figure_view import figure_image
from crampcoach.desktop.widgets.formatting import clock_text

KIND_LABELS = {
    "stretch": "Stretch",
    "breathing": "Breathing",
    "pmr": "Relaxation (PMR)",
    "mixed": "Mixed",
}
THUMBNAIL = 48  # px, a step's figure in the details


def describe_step(timeline: Timeline, index: int) -> str:
    span = timeline.steps[index]
    return f"{clock_text(span.start)}  {span.name}  ({clock_text(span.duration)})"


def thumbnail(entry: LibraryEntry, index: int, pane: QTextBrowser) -> str:
    """A small figure of the step, beside its line (none without one); the image is a
    resource of the pane's document, painted once per pose and theme."""
    pose = pose_for(entry.routine.steps[index])
    if pose is None:
        return ""
    palette = DARK if is_dark(pane.palette()) else LIGHT
    url = QUrl(f"figure:{pose.id}/{'dark' if palette is DARK else 'light'}")
    document = pane.document()
    if document.resource(QTextDocument.ResourceType.ImageResource, url) is None:
        image = figure_image(pose, None, THUMBNAIL, palette)
        document.addResource(QTextDocument.ResourceType.ImageResource, url, image)
    return f"<img src='{url.toString()}' width='{THUMBNAIL}' height='{THUMBNAIL}'>"


def rest_mark(routine: Routine, avoid: tuple[str, ...]) -> tuple[str, str]:
    """A card's mark for a routine that works a muscle to rest, as shown and as read out."""
    resting = avoided_in(routine, avoid)
    if not resting:
        return "", ""
    muscles = spoken(resting)
    return f"  ·  ⚠ works your {muscles}", f" Works your {muscles}, which you asked to rest."


def length_seconds(
    entry: LibraryEntry, length: Length, avoid: tuple[str, ...], skip: bool
) -> float:
    """What the routine lasts at ``length`` as it will play: without the steps that work a
    muscle to rest, when those are skipped (the same figure as the details pane)."""
    scaled = entry if length == "standard" else entry_at_length(entry, length, None)
    if skip and avoided_in(entry.routine, avoid):
        return rested_duration(scaled, avoid)
    return scaled.duration


def rest_note(entry: LibraryEntry, avoid: tuple[str, ...], skip: bool) -> str:
    """The details' paragraph on muscles to rest, and how long the routine plays without
    the steps that work them."""
    resting = avoided_in(entry.routine, avoid)
    if not resting:
        return ""
    said = f"⚠ Works your {spoken(resting)}, which you asked to rest."
    if not skip:
        return f"<p><b>{said}</b> Go gently with the steps marked ⚠.</p>"
    kept = clock_text(rested_duration(entry, avoid))
    return f"<p><b>{said}</b> The steps marked ⚠ are skipped: it plays for {kept}.</p>"


def details_html(
    entry: LibraryEntry, pane: QTextBrowser, avoid: tuple[str, ...] = (), skip: bool = True
) -> str:
    r = entry.routine
    esc = html.escape
    skipped = skipped_steps(r, avoid)

    def mark(i: int) -> str:
        if i not in skipped:
            return ""
        return f"  ⚠ works your {spoken(skipped[i])}" + (": skipped" if skip else "")

    steps = "".join(
        f"<tr><td width='52'>{thumbnail(entry, i, pane)}</td>"
        f"<td valign='middle'>{i + 1}. {esc(describe_step(entry.timeline, i) + mark(i))}</td></tr>"
        for i in range(len(entry.timeline.steps))
    )
    parts = [
        f"<h2>{esc(r.title)}</h2>",
        f"<p><b>{clock_text(entry.timeline.duration)}</b> · {KIND_LABELS[r.kind]}"
        + (f" · {esc(', '.join(r.muscles))}" if r.muscles else "")
        + "</p>",
        f"<p>{esc(r.summary)}</p>",
        rest_note(entry, avoid, skip),
        f"<p>{esc(r.description)}</p>" if r.description else "",
        f"<h3>Steps</h3><table cellspacing='2'>{steps}</table>",
        f"<p style='color:gray'><small>Source: {esc(r.source)}</small></p>" if r.source else "",
        f"<p style='color:gray'><small>{esc(str(entry.path))}</small></p>"
        if entry.origin == "user"
        else "",
    ]
    return "".join(parts)
