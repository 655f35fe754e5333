#!/usr/bin/python3
"""Writes assets/fonts/: DejaVu Sans and DejaVu Sans Bold (Debian's fonts-dejavu-core) cut
down to the characters the app asks Dear ImGui for, so the page's first download stays small
(about 90 KB a font instead of 750 KB).

The character ranges are read from k_ranges in src/app/style.cpp, the one place they are
listed: add a range there, run this script again, commit the fonts it writes.
Needs Debian's fonts-dejavu-core and python3-fonttools. Usage: scripts/subset-fonts.py
"""
import pathlib
import re
import sys

from fontTools import subset

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE_DIR = pathlib.Path("/usr/share/fonts/truetype/dejavu")
FONTS = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]


def ranges_from_style(path):
    """The (first, last) code point pairs of k_ranges[] in style.cpp."""
    text = path.read_text(encoding="utf-8")
    block = re.search(r"k_ranges\[\]\s*=\s*\{(.*?)\};", text, re.S)
    if not block:
        sys.exit(f"k_ranges not found in {path}")
    code = re.sub(r"//[^\n]*", "", block.group(1))
    values = [int(v, 0) for v in re.findall(r"\b(?:0x[0-9A-Fa-f]+|0)\b", code)]
    if not values or values[-1] != 0 or len(values) % 2 != 1:
        sys.exit(f"k_ranges in {path} is not a 0-terminated list of pairs")
    return list(zip(values[0:-1:2], values[1:-1:2]))


def main():
    ranges = ranges_from_style(ROOT / "src/app/style.cpp")
    unicodes = [c for first, last in ranges for c in range(first, last + 1)]
    out_dir = ROOT / "assets/fonts"
    for name in FONTS:
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]      # keep the names and the licence text in the font
        options.name_languages = ["*"]
        options.notdef_outline = True
        font = subset.load_font(str(SOURCE_DIR / name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        subset.save_font(font, str(out_dir / name), options)
        print(f"{name}: {(out_dir / name).stat().st_size} bytes, {len(unicodes)} code points asked for")


if __name__ == "__main__":
    main()
