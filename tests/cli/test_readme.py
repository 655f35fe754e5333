"""The README's `tide` examples run as written: from the repository's root, at the path the README
gives (build/native/tide, where `make native` puts the CLI).

Runs every example of the README's `tide` block whose inputs are files of the repository
(assets/...), checks its exit status and CSV header, and the value its comment promises
("2.618 for the corpus"). Run by CTest from the native build (`ctest -R readme`), or
    cd tests/cli && /usr/bin/python3 -m unittest -v test_readme
"""
import os
import re
import shlex
import subprocess
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
TIDE = REPO / "build" / "native" / "tide"


def readme_examples():
    """(command, comment) for each line of the ```sh block under "## The `tide` command-line tool"."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## The `tide` command-line tool", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    examples = []
    for line in block.splitlines():
        command, _, comment = line.partition("#")
        if command.strip():
            examples.append((command.strip(), comment.strip()))
    return examples


class ReadmeExamples(unittest.TestCase):
    def test_every_example_names_the_documented_binary(self):
        examples = readme_examples()
        self.assertGreater(len(examples), 5)
        for command, _ in examples:
            self.assertTrue(command.startswith("build/native/tide "), command)

    @unittest.skipUnless(TIDE.is_file(), "build/native/tide not built (make native)")
    def test_examples_on_repository_files_run_as_written(self):
        ran = 0
        for command, comment in readme_examples():
            args = shlex.split(command)
            inputs = [a for a in args[2:] if not a.startswith("-") and "/" in a]
            if not inputs or not all((REPO / a).exists() for a in inputs):
                continue  # an example on the reader's own files
            if {"--out", "--out-prefix", "--frames"} & set(args):
                continue  # it would write into the repository
            with self.subTest(command=command):
                out = subprocess.run(command, shell=True, cwd=REPO, capture_output=True, text=True, timeout=600)
                self.assertEqual(out.returncode, 0, out.stderr)
                header = out.stdout.splitlines()[0]
                # The comment names the columns first ("alpha,intercept,n_images", "t,fmax").
                self.assertEqual(header, comment.split()[0], command)
                promised = re.search(r"\(([0-9.]+) for the corpus\)", comment)
                if promised:
                    value = float(out.stdout.splitlines()[1].split(",")[0])
                    digits = len(promised.group(1).split(".")[1])
                    self.assertEqual(round(value, digits), float(promised.group(1)), command)
                ran += 1
        self.assertGreaterEqual(ran, 2)


if __name__ == "__main__":
    unittest.main()
