"""The OpenAPI document is valid and documents every endpoint with examples and errors."""

from io import StringIO

import yaml
from django.core.management import call_command


def test_schema_validates_without_warnings(db):
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    paths = schema["paths"]
    for path in (
        "/api/v1/trackers",
        "/api/v1/trackers/{public_id}",
        "/api/v1/trackers/{public_id}/refresh",
        "/api/v1/couriers",
        "/api/v1/couriers/detect",
        "/api/v1/webhooks",
        "/api/v1/webhooks/{public_id}",
        "/api/v1/usage",
        "/api/v1/events",
    ):
        assert path in paths, path
    create = paths["/api/v1/trackers"]["post"]
    assert {"201", "207", "422"} <= set(create["responses"])
    assert create["requestBody"]["content"]["application/json"]["examples"]
    assert {"BearerAuth", "ApiKeyHeader"} <= set(schema["components"]["securitySchemes"])
