"""Desktop integration files ship with the package and are well-formed."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET

from tests.fakes import REPO

ASSETS = REPO / "assets"


def test_desktop_entry() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ASSETS / "desktop" / "crampcoach.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "crampcoach"
    assert entry["Icon"] == "crampcoach"
    assert entry["Categories"].endswith(";")


def test_appstream_metainfo() -> None:
    root = ET.parse(ASSETS / "desktop" / "io.github.crampcoach.CrampCoach.metainfo.xml").getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("launchable") == "crampcoach.desktop"
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.find("description") is not None


def test_icon_is_an_svg() -> None:
    root = ET.parse(ASSETS / "icons" / "crampcoach.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
