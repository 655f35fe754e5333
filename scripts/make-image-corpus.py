#!/usr/bin/python3
"""Builds Spectral Tide's photograph corpus (assets/images/) from Debian packages.

What it does
  1. Downloads the pinned Debian packages below with `apt-get download` into a work
     directory (default third_party/corpus-downloads/, git-ignored; a .deb already there
     with the pinned version is reused) and unpacks each with `dpkg -x`.
  2. For each photograph in PHOTOS: decodes it with PIL, converts it to 8-bit RGB (an
     alpha channel is composited over white and noted; palette images are skipped as
     drawings), centre-crops the largest square (offset floor((W-S)/2), floor((H-S)/2),
     S = min(W, H)) and resizes it to 320x320 by exact area averaging (area_resize()).
  3. Writes assets/images/<id>.png (RGB, 8 bit, no metadata, deterministic bytes),
     assets/images/index.tsv, assets/ATTRIBUTION.md, and copies each package's
     /usr/share/doc/<package>/copyright to assets/licenses/<package>.copyright.txt.

How to run (from anywhere; needs Debian's python3-numpy and python3-pil, apt and dpkg):
    /usr/bin/python3 scripts/make-image-corpus.py
    /usr/bin/python3 scripts/make-image-corpus.py --work-dir /tmp/corpus-work \
        --contact-sheet /tmp/contact-sheet.png
    /usr/bin/python3 scripts/make-image-corpus.py --self-test   # checks area_resize only
Running it again gives byte-identical files.

Labels (index.tsv `label`): `nature` for animals, plants, landscapes, water and other
natural scenes; `man-made` for objects, vehicles, buildings, streets, interiors, food and
drink. Rule for photographs of people: a person counts as part of the scene they stand in,
and the label follows what fills most of the frame. A portrait or a figure in a space suit
(clothing, equipment, studio props, flags) is `man-made`; a small figure in a natural scene
(a surfer on a wave) is `nature`.

Colour: pixel values are taken as decoded; no colour management is applied (all sources
are tagged sRGB or untagged except skimage's rocket.jpg, which is tagged Adobe RGB).
"""

import argparse
import glob
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import numpy as np
from PIL import Image, ImageOps

REPO = Path(__file__).resolve().parent.parent
OUT_SIZE_PX = 320

# Debian bookworm package -> pinned version (as `dpkg-deb -f DEB Version` prints it).
PACKAGES = {
    "plasma-workspace-data": "4:5.27.5-2+deb12u2",
    "gnome-control-center-data": "1:43.6-2~deb12u1",
    "python3-skimage": "0.19.3-8",
    "scratch": "1.4.0.6~dfsg1-6.1",
}


class Photo(NamedTuple):
    id: str
    package: str
    path: str  # inside the .deb
    label: str  # "nature" or "man-made"
    title: str


_KDE = "usr/share/plasma/avatars/photos/"
_GNOME = "usr/share/pixmaps/faces/"
_SKIMAGE = "usr/lib/python3/dist-packages/skimage/data/"
_SCRATCH = "usr/share/scratch/Media/Backgrounds/"

PHOTOS = [
    Photo("kde_air_balloon", "plasma-workspace-data", _KDE + "Air Balloon.png", "man-made", "Hot-air balloon against clouds"),
    Photo("kde_astronaut", "plasma-workspace-data", _KDE + "Astronaut.png", "man-made", "Apollo astronaut on the Moon"),
    Photo("kde_books", "plasma-workspace-data", _KDE + "Books.png", "man-made", "Books with flowers"),
    Photo("kde_brushes", "plasma-workspace-data", _KDE + "Brushes.png", "man-made", "Paint brushes"),
    Photo("kde_bulb", "plasma-workspace-data", _KDE + "Bulb.png", "man-made", "Light bulb"),
    Photo("kde_cat", "plasma-workspace-data", _KDE + "Cat.png", "nature", "Tabby cat"),
    Photo("kde_chameleon", "plasma-workspace-data", _KDE + "Chameleon.png", "nature", "Chameleon"),
    Photo("kde_cocktail", "plasma-workspace-data", _KDE + "Cocktail.png", "man-made", "Cocktail on a beach"),
    Photo("kde_dog", "plasma-workspace-data", _KDE + "Dog.png", "nature", "Golden retriever"),
    Photo("kde_fish", "plasma-workspace-data", _KDE + "Fish.png", "nature", "Goldfish"),
    Photo("kde_gamepad", "plasma-workspace-data", _KDE + "Gamepad.png", "man-made", "Game controller on wood"),
    Photo("kde_owl", "plasma-workspace-data", _KDE + "Owl.png", "nature", "Owl"),
    Photo("kde_pancakes", "plasma-workspace-data", _KDE + "Pancakes.png", "man-made", "Stack of pancakes"),
    Photo("kde_parrot", "plasma-workspace-data", _KDE + "Parrot.png", "nature", "Lorikeet parrot"),
    Photo("kde_pencils", "plasma-workspace-data", _KDE + "Pencils.png", "man-made", "Coloured pencils"),
    Photo("kde_shuttle", "plasma-workspace-data", _KDE + "Shuttle.png", "man-made", "Space shuttle launch"),
    Photo("kde_soccer", "plasma-workspace-data", _KDE + "Soccer.png", "man-made", "Football on grass"),
    Photo("kde_sunflower", "plasma-workspace-data", _KDE + "Sunflower.png", "nature", "Sunflower"),
    Photo("kde_sushi", "plasma-workspace-data", _KDE + "Sushi.png", "man-made", "Sushi and chopsticks"),
    Photo("gnome_bicycle", "gnome-control-center-data", _GNOME + "bicycle.jpg", "man-made", "Bicycle road marking with leaves"),
    Photo("gnome_book", "gnome-control-center-data", _GNOME + "book.jpg", "man-made", "Open book on grass"),
    Photo("gnome_calculator", "gnome-control-center-data", _GNOME + "calculator.jpg", "man-made", "Calculator"),
    Photo("gnome_cat", "gnome-control-center-data", _GNOME + "cat.jpg", "nature", "Cat"),
    Photo("gnome_coffee", "gnome-control-center-data", _GNOME + "coffee2.jpg", "man-made", "Latte art"),
    Photo("gnome_lily", "gnome-control-center-data", _GNOME + "flower2.jpg", "nature", "Lily"),
    Photo("gnome_gamepad", "gnome-control-center-data", _GNOME + "gamepad.jpg", "man-made", "Game controller in blue light"),
    Photo("gnome_bass_guitar", "gnome-control-center-data", _GNOME + "guitar2.jpg", "man-made", "Bass guitar"),
    Photo("gnome_headphones", "gnome-control-center-data", _GNOME + "headphones.jpg", "man-made", "Headphones"),
    Photo("gnome_hummingbird", "gnome-control-center-data", _GNOME + "hummingbird.jpg", "nature", "Hummingbird"),
    Photo("gnome_mountain", "gnome-control-center-data", _GNOME + "mountain.jpg", "nature", "Mount Fuji at sunset"),
    Photo("gnome_plane", "gnome-control-center-data", _GNOME + "plane.jpg", "man-made", "Aircraft wing over clouds"),
    Photo("gnome_surfer", "gnome-control-center-data", _GNOME + "surfer.jpg", "nature", "Surfer on a wave"),
    Photo("gnome_tomatoes", "gnome-control-center-data", _GNOME + "tomatoes.jpg", "man-made", "Tomatoes on wood"),
    Photo("gnome_tree", "gnome-control-center-data", _GNOME + "tree.jpg", "nature", "Lone tree in a field"),
    Photo("skimage_astronaut", "python3-skimage", _SKIMAGE + "astronaut.png", "man-made", "Astronaut Eileen Collins, portrait"),
    Photo("skimage_coffee", "python3-skimage", _SKIMAGE + "coffee.png", "man-made", "Cup of coffee"),
    # skimage's chelsea.png (451x300) is left out: smaller than 320, it would be upsampled.
    Photo("skimage_rocket", "python3-skimage", _SKIMAGE + "rocket.jpg", "man-made", "Falcon 9 rocket on the pad"),
    Photo("scratch_mansion", "scratch", _SCRATCH + "Outdoors/mansion.jpg", "man-made", "Mansion and lawn"),
    Photo("scratch_kitchen", "scratch", _SCRATCH + "Indoors/kitchen.jpg", "man-made", "Kitchen"),
    Photo("scratch_hall", "scratch", _SCRATCH + "Indoors/hall.jpg", "man-made", "School hallway"),
    Photo("scratch_clothing_store", "scratch", _SCRATCH + "Indoors/clothing-store.jpg", "man-made", "Clothing store"),
    Photo("scratch_beach", "scratch", _SCRATCH + "Nature/beach-malibu.jpg", "nature", "Beach at Malibu"),
    Photo("scratch_canyon", "scratch", _SCRATCH + "Nature/canyon.jpg", "nature", "Canyon trail"),
    Photo("scratch_flower_bed", "scratch", _SCRATCH + "Nature/flower-bed.jpg", "nature", "Flower bed"),
    Photo("scratch_forest", "scratch", _SCRATCH + "Nature/forest.jpg", "nature", "Birch forest"),
    Photo("scratch_garden_rock", "scratch", _SCRATCH + "Nature/garden-rock.jpg", "nature", "Garden with a boulder"),
    Photo("scratch_grand_canyon", "scratch", _SCRATCH + "Nature/grand-canyon.jpg", "nature", "Grand Canyon"),
    Photo("scratch_lake", "scratch", _SCRATCH + "Nature/lake.jpg", "nature", "Lake shore"),
    Photo("scratch_pathway", "scratch", _SCRATCH + "Nature/pathway.jpg", "man-made", "Garden path under an arbour"),
    Photo("scratch_tree", "scratch", _SCRATCH + "Nature/tree.jpg", "nature", "Tree trunk and hostas"),
    Photo("scratch_water_rocks", "scratch", _SCRATCH + "Nature/water-and-rocks.jpg", "nature", "Stream with rocks"),
    Photo("scratch_wave", "scratch", _SCRATCH + "Nature/wave.jpg", "nature", "Breaking wave"),
    Photo("scratch_boardwalk", "scratch", _SCRATCH + "Outdoors/boardwalk.jpg", "man-made", "Boardwalk by the sea"),
    Photo("scratch_castle", "scratch", _SCRATCH + "Outdoors/castle.jpg", "man-made", "Castle"),
    Photo("scratch_city_water", "scratch", _SCRATCH + "Outdoors/city-with-water.jpg", "man-made", "City skyline over water"),
    Photo("scratch_hay_field", "scratch", _SCRATCH + "Outdoors/hay_field.jpg", "nature", "Hay bales in a field"),
    Photo("scratch_houses", "scratch", _SCRATCH + "Outdoors/houses.jpg", "man-made", "Houses and sheds"),
    Photo("scratch_pool", "scratch", _SCRATCH + "Outdoors/pool.jpg", "man-made", "Swimming pool"),
    Photo("scratch_route66", "scratch", _SCRATCH + "Outdoors/route66.jpg", "man-made", "Route 66 road"),
    Photo("scratch_silos", "scratch", _SCRATCH + "Outdoors/silos.jpg", "man-made", "Grain silos"),
    Photo("scratch_train_tracks", "scratch", _SCRATCH + "Outdoors/train-tracks1.jpg", "man-made", "Railway tracks"),
    Photo("scratch_wooden_house", "scratch", _SCRATCH + "Outdoors/wooden-house.jpg", "man-made", "Wooden shed"),
    Photo("scratch_baseball_field", "scratch", _SCRATCH + "Sports/baseball-field.jpg", "man-made", "Baseball stadium"),
]

# Author and licence for files without a per-file .license file, from the package:
# skimage: the docstrings of skimage/data/_fetchers.py; scratch: copyright "Files: Media/*";
# gnome-control-center-data: only the package-wide "Files: *" statement exists.
CREDITS = {
    "skimage_astronaut": ("NASA (NASA Great Images database, https://flic.kr/p/r9qvLn)",
                          "public domain (\"No known copyright restrictions, released into the public domain\")"),
    "skimage_coffee": ("Rachel Michetti (courtesy of Pikolo Espresso Bar)",
                       "CC0-1.0 (\"No copyright restrictions. CC0 by the photographer\")"),
    "skimage_rocket": ("SpaceX (https://www.flickr.com/photos/spacexphotos/16511594820/)",
                       "public domain (released into the public domain by SpaceX)"),
}
PACKAGE_CREDITS = {
    "scratch": ("Massachusetts Institute of Technology (Scratch Team), 2011", "CC-BY-SA-3.0"),
    "gnome-control-center-data": (
        "not stated (GNOME Settings authors)",
        "package-wide: GPL-2+ and GPL-3+ and LGPL-2.1+ and LGPL-2+ and Expat and CC0-1.0 "
        "(no per-file statement)"),
}


class SkipPhoto(Exception):
    """The source file is not usable as a photograph (reason in the message)."""


# ----------------------------------------------------------------------------- packages

def run(cmd, cwd=None):
    """Runs a command, returning its stdout; raises with its stderr on failure."""
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr.strip()}")
    return done.stdout


def deb_field(deb, field):
    return run(["dpkg-deb", "-f", str(deb), field]).strip()


def fetch_package(name, version, download_dir):
    """Returns the path of NAME's .deb at VERSION, downloading it if not cached."""
    def cached():
        for deb in sorted(glob.glob(str(download_dir / f"{glob.escape(name)}_*.deb"))):
            if deb_field(deb, "Package") == name and deb_field(deb, "Version") == version:
                return Path(deb)
        return None

    deb = cached()
    if deb is None:
        print(f"make-image-corpus: apt-get download {name}={version}")
        try:
            run(["apt-get", "download", "-q", f"{name}={version}"], cwd=download_dir)
        except RuntimeError as err:
            sys.exit(f"make-image-corpus: cannot download {name}={version} ({err}).\n"
                     f"If Debian moved on, update PACKAGES in {Path(__file__).name} "
                     f"(apt-cache policy {name}) and check the new version's licence.")
        deb = cached()
    return deb


def extract_package(deb, dest):
    """Unpacks DEB into a fresh directory DEST and returns DEST."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    run(["dpkg", "-x", str(deb), str(dest)])
    return dest


# ------------------------------------------------------------------------------ pixels

def load_rgb(path):
    """Decodes PATH to an HxWx3 uint8 array. Returns (array, note); note says what was done."""
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode in ("P", "PA", "1"):
            raise SkipPhoto(f"palette/bilevel image (mode {image.mode}): treated as a drawing")
        note = ""
        if image.mode in ("RGBA", "LA") or "transparency" in image.info:
            rgba = image.convert("RGBA")
            note = "alpha composited over white"
            if rgba.getchannel("A").getextrema() == (255, 255):
                note += " (alpha fully opaque: no change)"
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            image = Image.alpha_composite(white, rgba)
        return np.asarray(image.convert("RGB"), dtype=np.uint8), note


def centre_crop_square(rgb):
    """Largest centred square: side S = min(H, W), offsets floor((W-S)/2), floor((H-S)/2)."""
    height, width = rgb.shape[:2]
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    return rgb[top:top + side, left:left + side]


def area_weights(n_in, n_out):
    """n_out x n_in matrix of integer overlaps for exact area averaging along one axis.

    With s = n_in / n_out, output j covers input interval [j*s, (j+1)*s) and input pixel i
    covers [i, i+1). Scaled by n_out, these are [j*n_in, (j+1)*n_in) and
    [i*n_out, (i+1)*n_out), so the overlap lengths are integers; the averaging weight of
    input i in output j is overlap / n_in (each row sums to n_in).
    """
    j = np.arange(n_out)[:, None]
    i = np.arange(n_in)[None, :]
    lo = np.maximum(j * n_in, i * n_out)
    hi = np.minimum((j + 1) * n_in, (i + 1) * n_out)
    return np.maximum(hi - lo, 0).astype(np.float64)


def area_resize(rgb, size):
    """Resizes a square HxHx3 uint8 image to size x size by exact area averaging.

    Separable: each output pixel is the integral of the piecewise-constant input over its
    footprint divided by the footprint area (partial input pixels count by their covered
    fraction). Computed per channel in float64. Weights are kept as integers until one final
    division, so every sum is exact (< 2**53) and the result does not depend on the
    summation order; values are then rounded half up (floor(x + 0.5)) and clipped to 0..255.
    Also upsamples (s < 1) correctly, e.g. a 300 px crop to 320 px.
    """
    n_in = rgb.shape[0]
    assert rgb.shape[1] == n_in, "area_resize expects a square image"
    weights = area_weights(n_in, size)
    out = np.empty((size, size, 3), dtype=np.uint8)
    for c in range(3):
        channel = rgb[:, :, c].astype(np.float64)
        sums = weights @ channel @ weights.T
        mean = sums / float(n_in * n_in)
        out[:, :, c] = np.clip(np.floor(mean + 0.5), 0, 255).astype(np.uint8)
    return out


def save_png(rgb, path):
    """Writes an RGB 8-bit PNG with no metadata chunks; same pixels give the same bytes."""
    Image.fromarray(rgb, mode="RGB").save(path, format="PNG", optimize=False, compress_level=9)


# ----------------------------------------------------------------------------- credits

def read_spdx_license(image_path):
    """Author, licence and source URL from a REUSE-style `<file>.license` next to the image."""
    author, licence, url = "", "", ""
    for line in Path(str(image_path) + ".license").read_text(encoding="utf-8").splitlines():
        text = line.lstrip("#").strip()
        if text.startswith("SPDX-FileCopyrightText:"):
            author = text.split(":", 1)[1].strip().replace(" <>", "")
        elif text.startswith("SPDX-License-Identifier:"):
            licence = text.split(":", 1)[1].strip()
        elif text.startswith("http"):
            url = text
    return author, f"{licence} (per-file SPDX .license)", url


def credit_for(photo, package_root):
    """(author, licence, source URL) for one photograph."""
    if photo.package == "plasma-workspace-data":
        return read_spdx_license(package_root / photo.path)
    if photo.id in CREDITS:
        author, licence = CREDITS[photo.id]
        return author, licence, ""
    author, licence = PACKAGE_CREDITS[photo.package]
    return author, licence, ""


# ------------------------------------------------------------------------------ output

INDEX_HEADER = ["id", "label", "title", "package", "version", "source_path", "licence"]

ATTRIBUTION_HEADER = """\
# Image attribution

Generated by `scripts/make-image-corpus.py`; do not edit by hand.

Every file in `images/` is a photograph taken from a Debian 12 (bookworm) package. Processing:
decode, convert to 8-bit RGB (alpha composited over white), centre-crop to the largest square,
resize to 320x320 pixels by exact area averaging (float64, rounded half up), save as PNG
(RGB, 8 bit, no metadata). Spectral Tide analyses the green channel of these files.

Each file keeps the licence of its source photograph, listed below; the processed files are
adaptations of those photographs and are distributed under the same terms (for CC-BY-SA-3.0
files that means under CC-BY-SA-3.0, crediting the author). The copyright file of each source
package, as shipped, is in `licenses/<package>.copyright.txt`; for
plasma-workspace-data the per-file SPDX `.license` files are the more specific statement, and
for python3-skimage the per-image statements come from the docstrings of
`skimage/data/_fetchers.py` (the Debian copyright file only covers the code).
gnome-control-center-data has no per-file statement for its `faces/` photographs: only the
package-wide `Files: *` line (GPL-2+ and GPL-3+ and LGPL-2.1+ and LGPL-2+ and Expat and
CC0-1.0) covers them, and no author is named.
"""


def write_index(rows, path):
    lines = ["\t".join(INDEX_HEADER)]
    lines += ["\t".join(row[key] for key in INDEX_HEADER) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def md_cell(text):
    return text.replace("|", "\\|") if text else "-"


def write_attribution(rows, versions, dropped, path):
    out = [ATTRIBUTION_HEADER, "## Packages\n", "| package | version |", "| --- | --- |"]
    out += [f"| {name} | {versions[name]} |" for name in sorted(versions)]
    out += ["", "## Files\n",
            "| file | package | original path | author | licence | source / notes |",
            "| --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        notes = "; ".join(part for part in (row["url"], row["note"]) if part)
        out.append(f"| images/{row['id']}.png | {row['package']} {row['version']} "
                   f"| `/{row['source_path']}` | {md_cell(row['author'])} "
                   f"| {md_cell(row['licence'])} | {md_cell(notes)} |")
    if dropped:
        out += ["", "## Candidates not used\n"]
        out += [f"- {photo_id}: {reason}" for photo_id, reason in dropped]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def copy_copyright_files(roots, licenses_dir):
    licenses_dir.mkdir(parents=True, exist_ok=True)
    for name, root in sorted(roots.items()):
        shutil.copyfile(root / "usr/share/doc" / name / "copyright",
                        licenses_dir / f"{name}.copyright.txt")


def remove_stale_images(images_dir, keep_ids):
    for png in sorted(images_dir.glob("*.png")):
        if png.stem not in keep_ids:
            print(f"make-image-corpus: removing stale {png.relative_to(REPO)}")
            png.unlink()


def write_contact_sheet(images_dir, rows, path, columns=8, thumb_px=120):
    """Grid of thumbnails (in index order) for looking at the corpus by eye."""
    count = len(rows)
    sheet_rows = (count + columns - 1) // columns
    sheet = Image.new("RGB", (columns * thumb_px, sheet_rows * thumb_px), (40, 40, 40))
    for k, row in enumerate(rows):
        with Image.open(images_dir / f"{row['id']}.png") as image:
            thumb = image.resize((thumb_px - 4, thumb_px - 4), Image.BOX)
        sheet.paste(thumb, ((k % columns) * thumb_px + 2, (k // columns) * thumb_px + 2))
    sheet.save(path)
    print(f"make-image-corpus: contact sheet {path}")


# -------------------------------------------------------------------------------- main

def self_test():
    """Checks area_resize against a direct floating-point evaluation of the definition."""
    rng = np.random.default_rng(0)
    for n_in, n_out in [(512, 320), (360, 320), (300, 320), (7, 3), (3, 7), (6, 3)]:
        image = rng.integers(0, 256, size=(n_in, n_in, 3), dtype=np.uint8)
        s = n_in / n_out
        j = np.arange(n_out)[:, None] * s
        i = np.arange(n_in)[None, :].astype(np.float64)
        direct = np.maximum(0.0, np.minimum(j + s, i + 1) - np.maximum(j, i)) / s
        for c in range(3):
            expect = direct @ image[:, :, c].astype(np.float64) @ direct.T
            got = area_resize(image, n_out)[:, :, c].astype(np.float64)
            assert np.all(np.abs(got - expect) <= 0.5 + 1e-9), (n_in, n_out)
    constant = np.full((451, 451, 3), 77, dtype=np.uint8)
    assert np.all(area_resize(constant, OUT_SIZE_PX) == 77)
    block = np.kron(rng.integers(0, 256, (4, 4)), np.ones((2, 2)))
    halved = area_resize(np.repeat(block[:, :, None], 3, 2).astype(np.uint8), 4)
    assert np.array_equal(halved[:, :, 0], block[::2, ::2])
    print("make-image-corpus: self-test passed")


def process_photo(photo, root, version, images_dir):
    """Writes one image; returns its index/attribution row."""
    rgb, note = load_rgb(root / photo.path)
    height, width = rgb.shape[:2]
    square = centre_crop_square(rgb)
    save_png(area_resize(square, OUT_SIZE_PX), images_dir / f"{photo.id}.png")
    author, licence, url = credit_for(photo, root)
    return {"id": photo.id, "label": photo.label, "title": photo.title,
            "package": photo.package, "version": version, "source_path": photo.path,
            "licence": licence, "author": author, "url": url,
            "note": "; ".join(part for part in (size_note(width, height), note) if part)}


def size_note(width, height):
    """Describes the crop and scale applied to a WIDTH x HEIGHT source."""
    side = min(width, height)
    text = f"{width}x{height}" + ("" if width == height else f", centre crop {side}x{side}")
    return text + (f", upsampled to {OUT_SIZE_PX}" if side < OUT_SIZE_PX else "")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path,
                        default=REPO / "third_party" / "corpus-downloads",
                        help="where .deb files are downloaded and unpacked")
    parser.add_argument("--contact-sheet", type=Path,
                        help="also write a PNG grid of all output images here")
    parser.add_argument("--self-test", action="store_true",
                        help="only check area_resize against its definition")
    return parser.parse_args()


def main():
    args = parse_args()
    self_test()
    if args.self_test:
        return
    work_dir = args.work_dir.resolve()
    (work_dir / "debs").mkdir(parents=True, exist_ok=True)
    roots, versions = {}, {}
    for name, version in PACKAGES.items():
        deb = fetch_package(name, version, work_dir / "debs")
        roots[name] = extract_package(deb, work_dir / "root" / name)
        versions[name] = deb_field(deb, "Version")

    images_dir = REPO / "assets" / "images"
    images_dir.mkdir(parents=True, exist_ok=True)
    rows, dropped = [], []
    for photo in PHOTOS:
        try:
            row = process_photo(photo, roots[photo.package], versions[photo.package],
                                images_dir)
        except SkipPhoto as reason:
            dropped.append((photo.id, str(reason)))
            print(f"make-image-corpus: skipped {photo.id}: {reason}")
            continue
        if "alpha" in row["note"]:
            print(f"make-image-corpus: {photo.id}: {row['note']}")
        rows.append(row)

    remove_stale_images(images_dir, {row["id"] for row in rows})
    write_index(rows, images_dir / "index.tsv")
    write_attribution(rows, versions, dropped, REPO / "assets" / "ATTRIBUTION.md")
    copy_copyright_files(roots, REPO / "assets" / "licenses")
    if args.contact_sheet:
        write_contact_sheet(images_dir, rows, args.contact_sheet)
    labels = [row["label"] for row in rows]
    print(f"make-image-corpus: wrote {len(rows)} images "
          f"({labels.count('nature')} nature, {labels.count('man-made')} man-made), "
          f"{len(dropped)} skipped")


if __name__ == "__main__":
    main()
