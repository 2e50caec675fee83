"""Choose a step's figure from the pose library: thumbnails, a filter by muscle, and a
large preview that can be mirrored to see the other side."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.figure.library import PoseLibrary
from crampcoach.core.figure.pose import Pose, Side
from crampcoach.core.figure.svg import DARK, LIGHT
from crampcoach.core.muscle_groups import GROUPS, groups_of
from crampcoach.desktop.theme import is_dark
from crampcoach.desktop.widgets.figure_view import FigureView, figure_image

THUMBNAIL = 96
POSE_ROLE = Qt.ItemDataRole.UserRole


def pose_muscles(pose: Pose) -> list[str]:
    return sorted({mark.muscle for mark in pose.muscles})


def pose_groups(pose: Pose) -> frozenset[str]:
    """The muscle groups (as in Settings → Muscles to rest) a pose highlights."""
    return groups_of(pose_muscles(pose))


class FigurePicker(QDialog):
    """``chosen()`` is the picked pose's id once the dialog is accepted."""

    def __init__(self, poses: PoseLibrary, current: str | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a figure")
        self.resize(820, 560)
        self.poses = poses.sorted()
        self.muscle = QComboBox()
        self.muscle.setAccessibleName("Show figures that work")
        self.muscle.addItem("Any muscle", "")
        used = {g for p in self.poses for g in pose_groups(p)}
        for group in GROUPS:  # the friendly names of Settings → Muscles to rest
            if group.id in used:
                self.muscle.addItem(group.label, group.id)
        self.muscle.currentIndexChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.list.setGridSize(QSize(THUMBNAIL + 40, THUMBNAIL + 44))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setAccessibleName("Figures")
        palette = replace(DARK if is_dark(self.palette()) else LIGHT, background=None)
        for pose in self.poses:
            icon = QIcon(QPixmap.fromImage(figure_image(pose, None, THUMBNAIL, palette)))
            item = QListWidgetItem(icon, pose.title)
            item.setData(POSE_ROLE, pose.id)
            muscles = ", ".join(pose_muscles(pose)) or "no muscle highlighted"
            item.setToolTip(f"{pose.title} ({pose.id}): {muscles}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{pose.title}, works {muscles}")
            self.list.addItem(item)
        self.list.currentItemChanged.connect(lambda *_: self._preview())
        self.list.itemActivated.connect(lambda _item: self.accept())
        self.figure = FigureView()
        self.figure.setMinimumSize(260, 260)
        self.mirror = QCheckBox("&Mirror: show the other side")
        self.mirror.toggled.connect(lambda _on: self._preview())
        self.about = QLabel()
        self.about.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.use = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.use.setText("Use this figure")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        filter_row = QHBoxLayout()
        label = QLabel("&Works:")
        label.setBuddy(self.muscle)
        filter_row.addWidget(label)
        filter_row.addWidget(self.muscle, 1)
        left = QVBoxLayout()
        left.addLayout(filter_row)
        left.addWidget(self.list, 1)
        right = QVBoxLayout()
        right.addWidget(self.figure, 1)
        right.addWidget(self.mirror)
        right.addWidget(self.about)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self._select(current)

    def _select(self, pose_id: str | None) -> None:
        """The step's figure; with none, nothing chosen (Enter must not pick the first)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(POSE_ROLE) == pose_id:
                self.list.setCurrentRow(row)
                return
        self._preview()

    def accept(self) -> None:
        if self.chosen() is not None:  # a hidden or no figure: nothing to use yet
            super().accept()

    def _filter(self) -> None:
        wanted = self.muscle.currentData()
        first = None
        for row, pose in enumerate(self.poses):
            hidden = bool(wanted) and wanted not in pose_groups(pose)
            self.list.item(row).setHidden(hidden)
            if not hidden and first is None:
                first = row
        current = self.list.currentItem()
        if (current is None or current.isHidden()) and first is not None:
            self.list.setCurrentRow(first)

    def _preview(self) -> None:
        pose = self._current_pose()
        self.use.setEnabled(pose is not None)
        if pose is None:
            self.figure.show_pose(None)
            self.about.setText("Choose a figure from the list.")
            return
        side: Side = "right" if self.mirror.isChecked() else "left"
        self.figure.show_pose(pose, side if pose.sided else None)
        groups = [g.label for g in GROUPS if g.id in pose_groups(pose)]
        muscles = ", ".join(groups) or "none highlighted"
        self.about.setText(f"<b>{pose.title}</b><br>{pose.id}<br>Works: {muscles}")

    def _current_pose(self) -> Pose | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        pose_id = item.data(POSE_ROLE)
        return next((p for p in self.poses if p.id == pose_id), None)

    def chosen(self) -> str | None:
        pose = self._current_pose()
        return pose.id if pose is not None else None
