"""Each dialect serves its own OpenAPI document; the native one stays free of dialect paths."""

from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

EXPECTED = {
    "easypost/v2": {"/trackers", "/trackers/batch", "/trackers/{tracker_id}", "/webhooks", "/events"},
    "tracktry/v1": {"/trackings/post", "/trackings/get", "/trackings/{carrier_code}/{tracking_number}", "/carriers"},
    "packy/v1": {"/trackings", "/trackings/{tracking_id}", "/couriers/detect", "/webhooks/{webhook_id}"},
    "packagex/v1": {"/trackers", "/trackers/{tracker_id}", "/shipments/{shipment_id}"},
}


@pytest.mark.parametrize("base", sorted(EXPECTED))
def test_each_dialect_documents_its_paths(db, base):
    response = Client().get(f"/{base}/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert EXPECTED[base] <= set(document["paths"])
    assert document["servers"] == [{"url": f"/{base}"}]
    assert document["components"]["securitySchemes"]


def test_the_native_document_has_no_dialect_paths(db):
    out = StringIO()
    call_command("spectacular", stdout=out)
    paths = yaml.safe_load(out.getvalue())["paths"]
    assert paths and all(p.startswith("/api/v1/") for p in paths)


@pytest.mark.parametrize(
    ("path", "shape"),
    [
        ("/easypost/v2/nothing", lambda b: b["error"]["code"] == "NOT_FOUND"),
        ("/tracktry/v1/nothing", lambda b: b["meta"]["code"] == 404),
        ("/packy/v1/nothing", lambda b: b == {"code": "not_found", "message": "No such endpoint."}),
        ("/packagex/v1/nothing/deeper", lambda b: b["error"]["status"] == 404),
    ],
)
def test_unknown_paths_answer_json_404_in_the_dialects_shape_for_every_method(db, path, shape):
    client = Client()
    for method in (client.get, client.post, client.delete):
        response = method(path)
        assert response.status_code == 404 and shape(response.json()), (method, path)
