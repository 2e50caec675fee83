"""Time and date fields that take what people type ("8:21", "08:21", "20h21"; a date in
the locale's format or ISO) instead of fighting them section by section as QTimeEdit and
QDateEdit do, and show dates in the locale's format."""

from __future__ import annotations

import contextlib
import datetime as dt

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QLineEdit, QWidget

from crampcoach.core.time_input import parse_time_of_day


class TimeField(QLineEdit):
    def __init__(self, value: dt.time, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("e.g. 8:30 or 20:30")
        self.setToolTip("A time of day: 8:30, 08:30, 20:30 or 8:30 pm")
        self.set_time(value)
        self.editingFinished.connect(self._tidy)

    def set_time(self, value: dt.time) -> None:
        self.setText(value.strftime("%H:%M"))

    def time(self) -> dt.time:
        """The time typed; ValueError saying what is accepted otherwise."""
        return parse_time_of_day(self.text())

    def text_hhmm(self) -> str:
        return self.time().strftime("%H:%M")

    def _tidy(self) -> None:
        with contextlib.suppress(ValueError):  # else left as typed: the form says what is wrong
            self.set_time(self.time())


def date_format(locale: QLocale) -> str:
    """The locale's short date, with a four-digit year and a month name where the locale
    gives only numbers without separators people read (the C locale's "d M yyyy")."""
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if locale.language() == QLocale.Language.C or not any(sep in short for sep in "/.-"):
        return "d MMM yyyy"
    return short if "yyyy" in short else short.replace("yy", "yyyy")


class DateField(QLineEdit):
    def __init__(self, value: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.locale_ = QLocale()
        self.format = date_format(self.locale_)
        self.setPlaceholderText(self.format.replace("MMM", "Mon"))
        self.setToolTip(f"A date, e.g. {self._show(dt.date.today())} or 2027-04-02")
        self.set_date(value)
        self.editingFinished.connect(self._tidy)

    def _show(self, value: dt.date) -> str:
        return self.locale_.toString(QDate(value.year, value.month, value.day), self.format)

    def set_date(self, value: dt.date) -> None:
        self.setText(self._show(value))

    def date(self) -> dt.date:
        text = self.text().strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
        formats = (
            self.format,
            self.locale_.dateFormat(QLocale.FormatType.ShortFormat),
            self.locale_.dateFormat(QLocale.FormatType.LongFormat),
            "d MMM yyyy",
            "d MMMM yyyy",
        )
        for form in formats:
            parsed = self.locale_.toDate(text, form)
            if parsed.isValid():
                return dt.date(parsed.year(), parsed.month(), parsed.day())
        raise ValueError(f"not a date: {text!r} (type it like {self._show(dt.date.today())})")

    def _tidy(self) -> None:
        with contextlib.suppress(ValueError):
            self.set_date(self.date())
