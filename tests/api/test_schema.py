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


def test_the_tracker_update_body_is_as_strict_as_the_service(db, api, acme):
    """Generated from the form that validates it: its fields, their lengths, nothing else."""
    from tests.api.conftest import make_tracker
    from trackers.validation import EDITABLE_FIELDS, limit

    out = StringIO()
    call_command("spectacular", stdout=out)
    patch = yaml.safe_load(out.getvalue())["paths"]["/api/v1/trackers/{public_id}"]["patch"]
    body = patch["requestBody"]["content"]["application/json"]["schema"]
    assert body["additionalProperties"] is False and "required" not in body
    assert set(body["properties"]) == {*EDITABLE_FIELDS, "courier"}  # courier: a correction
    assert body["properties"]["title"]["maxLength"] == limit("title")
    tracker = make_tracker(acme)
    path = f"/api/v1/trackers/{tracker.public_id}"
    assert api.patch(path, {"colour": "blue"}, format="json").status_code == 400  # the document says no
    too_long = "x" * (limit("title") + 1)
    assert api.patch(path, {"title": too_long}, format="json").status_code == 400
    assert api.patch(path, {"title": too_long[:-1]}, format="json").status_code == 200
