"""The benchmark command: ``python -m benchmarks`` runs every suite, or the ones named."""

import sys

from benchmarks import runner

sys.exit(runner.main())
