"""The builder wired into the app: the "My routines" menu to the controller, and a saved
routine back into the library (reloaded, then selected)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from crampcoach.desktop.builder.controller import BuilderController, BuilderHost


class _App(Protocol):  # what of the app the builder uses (the app sits above this package)
    window: Any
    loader: Any
    settings: Any


def builder_controller(app: _App, try_out: Callable[[Any], object]) -> BuilderController:
    """``try_out(entry)`` plays the builder's routine (not recorded as stretching done)."""
    window, loader = app.window, app.loader
    library_view = window.library_view
    controller = BuilderController(
        BuilderHost(
            window=window,
            library=lambda: loader.library,
            user_dir=lambda: loader.user_dir,
            timing=lambda: app.settings.timing,
            show_page=window.show_page,
            show_library=window.show_library,
            play=try_out,
            notice=window.show_notice,
            info=window.show_info,
        )
    )

    def selected() -> Any:
        routine_id = library_view.selected_id()
        return loader.library.get(routine_id) if routine_id and loader.library else None

    def requested(action: str, argument: str) -> None:
        if action == "new":
            controller.new()
        elif action == "draft":
            controller.continue_draft(Path(argument))
        elif (entry := selected()) is not None:
            {"duplicate": controller.duplicate, "edit": controller.edit}.get(
                action, controller.delete
            )(entry)

    pending: list[str] = []

    def saved(routine_id: str) -> None:
        pending[:] = [routine_id]
        loader.reload()

    def loaded(_library: object) -> None:
        if pending and pending[0]:
            library_view.select(pending[0])
        pending.clear()

    window.my_routines.requested.connect(requested)
    controller.saved.connect(saved)
    loader.loaded.connect(loaded)
    return controller
