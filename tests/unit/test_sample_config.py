"""The committed sample configuration is exactly what oslo-config-generator makes from the code."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_sample_config_is_current(tmp_path):
    generated = tmp_path / 'broker.conf.sample'
    subprocess.run(
        [sys.executable, '-m', 'oslo_config.generator',
         '--config-file', str(ROOT / 'etc/broker/broker-config-generator.conf'),
         '--output-file', str(generated)],
        check=True, cwd=ROOT)
    committed = (ROOT / 'etc/broker/broker.conf.sample').read_text()
    assert generated.read_text() == committed, 'run: tox -e genconfig'
