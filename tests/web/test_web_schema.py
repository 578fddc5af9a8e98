"""Requests generated from the server's own OpenAPI schema: none may get a 5xx.

Bounded: a few examples per operation (about a hundred requests in all), no deadline per
example since the first request for a series computes its nodes.
"""

from __future__ import annotations

import schemathesis
from _webserver import Server
from hypothesis import HealthCheck, Phase, given, settings

EXAMPLES_PER_OPERATION = 8


def test_no_generated_request_gets_a_server_error(server: Server) -> None:
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14, "every API endpoint is in the schema"
    seen: dict[int, int] = {}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate], database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case: schemathesis.Case) -> None:
            response = case.call(timeout=120)
            seen[response.status_code] = seen.get(response.status_code, 0) + 1
            assert response.status_code < 500, (case.path, case.query, response.text[:300])
            if response.status_code >= 400:
                assert "detail" in response.json(), "a 4xx says why"

        call()
    assert sum(seen.values()) >= len(operations)
    assert any(200 <= status < 300 for status in seen)
