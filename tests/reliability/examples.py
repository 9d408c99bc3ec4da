"""Generated examples for the suite: a fixed number, derandomized, the same every run."""

import hypothesis


def run(strategy, count, call, check):
    """``check(example, call(example))`` for ``count`` examples drawn from ``strategy``.

    Only the generate phase runs: no shrinking and no example database, so the time is
    bounded; a failure reports the example as it was drawn.
    """
    @hypothesis.given(example=strategy)
    @hypothesis.settings(max_examples=count, derandomize=True, deadline=None,
                         database=None, phases=[hypothesis.Phase.generate],
                         suppress_health_check=list(hypothesis.HealthCheck))
    def each(example):
        check(example, call(example))

    each()
