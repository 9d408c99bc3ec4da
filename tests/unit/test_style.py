"""The whole tree passes flake8 with the project's settings, so CI enforces the house style."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_flake8_is_clean():
    result = subprocess.run([sys.executable, '-m', 'flake8'], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
