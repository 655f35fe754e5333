"""scripts/install-deps.sh: the deb-src entries it would add, for both ways apt lists an archive.

A fresh Debian 12 made by debootstrap or the installer lists its archive in the one-line
/etc/apt/sources.list; cloud images use the deb822 sources.list.d/debian.sources. Either way the
script must derive `deb-src` lines for the same mirrors and Debian suites (and nothing else).
Runs the script's `--src-lines` mode on apt folders written here (TIDE_APT_ETC).
    /usr/bin/python3 -m unittest -v tests/setup/test_install_deps.py
"""
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "install-deps.sh"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"


def src_lines(files):
    """The script's deb-src lines for an apt folder holding `files` ({relative path: text})."""
    with tempfile.TemporaryDirectory() as etc:
        (Path(etc) / "sources.list.d").mkdir()
        for name, text in files.items():
            (Path(etc) / name).write_text(text)
        env = dict(os.environ, TIDE_APT_ETC=etc, TIDE_DEBIAN_CODENAME="bookworm")
        out = subprocess.run(["bash", str(SCRIPT), "--src-lines"], env=env, capture_output=True, text=True,
                             check=True)
        return out.stdout.splitlines()


class DebSrcLines(unittest.TestCase):
    def test_one_line_sources_list(self):
        lines = src_lines({"sources.list": "# debootstrap\n"
                                           "deb http://deb.debian.org/debian bookworm main\n"
                                           "deb http://security.debian.org/debian-security bookworm-security main contrib\n"
                                           "#deb http://deb.debian.org/debian bookworm-backports main\n"})
        self.assertEqual(lines, ["deb-src http://deb.debian.org/debian bookworm main",
                                 "deb-src http://security.debian.org/debian-security bookworm-security main contrib"])

    def test_options_in_brackets_are_kept_and_other_archives_left_out(self):
        lines = src_lines({"sources.list.d/mirror.list":
                           "deb [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm-updates main\n"
                           "deb https://deb.nodesource.com/node_20.x nodistro main\n"
                           "deb http://deb.debian.org/debian trixie main\n"})
        self.assertEqual(lines, ["deb-src [arch=amd64 signed-by=/k.gpg] http://mirror.example/debian bookworm-updates main"])

    def test_deb822_sources(self):
        lines = src_lines({"sources.list.d/debian.sources":
                           f"Types: deb\n# a comment\nURIs: http://deb.debian.org/debian\n"
                           f"Suites: bookworm bookworm-updates\nComponents: main\nSigned-By: {KEYRING}\n\n"
                           f"Types: deb\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\n"
                           f"Components: main\nSigned-By: {KEYRING}\n\n"
                           f"Enabled: no\nTypes: deb\nURIs: http://off.example/debian\nSuites: bookworm\n"
                           f"Components: main\n"})
        self.assertEqual(lines, [f"deb-src [signed-by={KEYRING}] http://deb.debian.org/debian bookworm main",
                                 f"deb-src [signed-by={KEYRING}] http://deb.debian.org/debian bookworm-updates main",
                                 f"deb-src [signed-by={KEYRING}] http://deb.debian.org/debian-security bookworm-security main"])

    def test_files_apt_does_not_read_are_ignored(self):
        lines = src_lines({"sources.list.d/nodesource.sources.disabled":
                           "Types: deb\nURIs: http://x.example/debian\nSuites: bookworm\nComponents: main\n"})
        self.assertEqual(lines, [])


if __name__ == "__main__":
    unittest.main()
