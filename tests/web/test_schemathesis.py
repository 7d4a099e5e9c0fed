"""Property-based tests of the API against its own OpenAPI description (schemathesis, bounded).

The service replays a WARC archive, so whatever identifier is generated nothing leaves the machine;
every answer must be a documented status with a body matching its documented schema, never a 500.

One test runs every operation's cases as a subtest. With ``@schema.parametrize()`` schemathesis built every
operation's examples and coverage cases while collecting, ~6 s of CPU in every pytest-xdist worker even when
this slow test is deselected, and its pytest plugin was loaded into every process (``-p no:schemathesis``
in the pytest config now). ``get_all_tests`` is what that plugin's lazy schemas run: the same phases
(examples, coverage, fuzzing), the same settings and the same checks, built when the test runs. Its lazy
``from_fixture`` API itself cannot run under pytest 9 (it sets ``Function._nodeid``). schemathesis is
imported inside the test, so the other tests' workers never load it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from fairgauge.settings import Settings
from fairgauge.web.app import create_app
from tests.conftest import FIXTURES

_SETTINGS = settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


def _conforms(case: Any) -> None:
    from schemathesis.checks import positive_data_acceptance

    # A schema-valid identifier may still name nothing resolvable: that is a 422 by design (the issue's
    # contract), so "valid data must be accepted" cannot hold for identifiers and profiles.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


@pytest.mark.slow
def test_api_conforms_to_its_openapi(tmp_path: Path, subtests: pytest.Subtests) -> None:
    import schemathesis
    from schemathesis.core.failures import FailureGroup, as_reported_failure
    from schemathesis.core.result import Ok
    from schemathesis.pytest.lazy import get_all_tests

    app = create_app(
        Settings(
            data_dir=tmp_path / "data",
            cache_dir=tmp_path / "cache",
            replay=(FIXTURES / "warc" / "pangaea-836178_2021-06.warc.gz",),
            tracks_ontology_source="off",
            tracks_packaged_ontologies=False,  # an "offline" request then builds an empty index, not EFO
            api_rate_limit=0,
            api_max_body_bytes=200_000,
        )
    )
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = 0
    for result in get_all_tests(schema=schema, test_func=_conforms, settings=_SETTINGS, given_kwargs=None):
        assert isinstance(result, Ok), f"the OpenAPI description is invalid: {result.err()}"
        operation, run = result.ok()
        operations += 1
        with subtests.test(operation.label):
            try:
                run()
            except FailureGroup as exc:
                raise as_reported_failure(exc) from None
    assert operations >= 30, f"only {operations} operations in the OpenAPI description"
