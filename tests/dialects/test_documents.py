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


def document(base: str) -> dict:
    return Client().get(f"/{base}/openapi.json").json()


def answer(document: dict, path: str, method: str, status: int) -> dict:
    return document["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]


def test_each_document_declares_its_real_statuses_and_shapes(db):
    easypost = document("easypost/v2")
    create = easypost["paths"]["/trackers"]["post"]
    assert {"200", "201", "400", "401", "402", "422", "429"} <= set(create["responses"])
    assert answer(easypost, "/trackers", "post", 201)["properties"]["object"]["enum"] == ["Tracker"]
    assert answer(easypost, "/trackers", "post", 422)["properties"]["error"]["required"] == [
        "code",
        "message",
        "errors",
    ]
    assert "204" in easypost["paths"]["/trackers/{tracker_id}"]["delete"]["responses"]
    tracker = create["requestBody"]["content"]["application/json"]["schema"]["properties"]["tracker"]
    assert tracker["required"] == ["tracking_code"] and "additionalProperties" not in tracker
    webhook = easypost["paths"]["/webhooks"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert webhook["properties"]["webhook"]["additionalProperties"] is False
    packy = document("packy/v1")
    assert answer(packy, "/couriers", "get", 200)["type"] == "array"
    assert answer(packy, "/webhooks", "get", 200)["type"] == "array"
    assert answer(packy, "/webhooks/{webhook_id}", "get", 200)["properties"]["id"] == {"type": "integer"}
    assert set(answer(packy, "/trackings", "post", 207)["properties"]) == {"data", "errors"}
    assert answer(packy, "/trackings", "get", 401)["required"] == ["code", "message"]
    tracktry = document("tracktry/v1")
    assert set(answer(tracktry, "/trackings/get", "get", 401)["properties"]) == {"meta", "data"}
    assert "201" in tracktry["paths"]["/trackings/post"]["post"]["responses"]
    packagex = document("packagex/v1")
    assert answer(packagex, "/trackers", "get", 200)["required"] == ["data", "pagination"]
    assert answer(packagex, "/trackers/{tracker_id}", "get", 404)["properties"]["error"]["properties"]["errors"] == {
        "type": "array",
        "items": {"type": "string"},
    }


@pytest.mark.parametrize(
    ("base", "scheme"),
    [
        ("easypost/v2", {"type": "http", "scheme": "bearer"}),
        ("packy/v1", {"type": "http", "scheme": "bearer"}),
        ("tracktry/v1", {"type": "apiKey", "in": "header", "name": "Tracktry-Api-Key"}),
        ("packagex/v1", {"type": "apiKey", "in": "header", "name": "PX-API-KEY"}),
    ],
)
def test_each_document_declares_its_key_header_on_every_operation(db, base, scheme):
    doc = document(base)
    schemes = doc["components"]["securitySchemes"]
    assert any(scheme.items() <= s.items() for s in schemes.values())
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            assert operation["security"], (path, method)
            assert "401" in operation["responses"], (path, method)
