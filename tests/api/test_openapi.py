"""Every native endpoint of this app is documented with examples for success and its errors."""

from io import StringIO

import yaml
from django.core.management import call_command

OURS = (
    "/api/v1/trackers",
    "/api/v1/trackers/{public_id}",
    "/api/v1/trackers/{public_id}/refresh",
    "/api/v1/couriers",
    "/api/v1/couriers/detect",
    "/api/v1/webhooks",
    "/api/v1/webhooks/{public_id}",
    "/api/v1/usage",
    # shipments
    "/api/v1/shipments",
    "/api/v1/shipments/{public_id}",
    "/api/v1/shipments/{public_id}/tracking_updates",
    "/api/v1/shipments/{public_id}/logs",
    "/api/v1/locations",
    "/api/v1/locations/{public_id}",
    "/api/v1/layouts",
    "/api/v1/layouts/{public_id}",
    "/api/v1/contacts",
    "/api/v1/contacts/{public_id}",
    "/api/v1/containers",
    "/api/v1/containers/{public_id}",
)


def test_every_operation_has_examples_and_error_responses(db):
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    paths = yaml.safe_load(out.getvalue())["paths"]
    for path in OURS:
        for method, operation in paths[path].items():
            where = f"{method.upper()} {path}"
            responses = operation["responses"]
            assert {"401", "429"} <= set(responses), where
            for code, response in responses.items():
                if code == "204":
                    continue
                content = response["content"]["application/json"]
                assert content.get("examples"), f"{where} {code} has no example"
                if code.startswith(("4", "5")) and not (where == "POST /api/v1/trackers" and code == "422"):
                    assert content["schema"]["$ref"].endswith("/Error"), where
            if "requestBody" in operation:
                assert operation["requestBody"]["content"]["application/json"].get("examples"), where
            assert operation.get("security"), where


def test_the_interactive_docs_are_served_from_the_project(client, db):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    assert b"/static/drf_spectacular_sidecar/swagger-ui-dist/" in page.content
    assert b"cdn.jsdelivr" not in page.content and b"unpkg" not in page.content
