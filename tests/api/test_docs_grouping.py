"""The API reference groups operations by resource, trackers first, and links every dialect's document."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_operations_are_grouped_by_resource_with_trackers_first():
    schema = Client().get("/api/v1/schema/?format=json").json()
    tags = [tag["name"] for tag in schema["tags"]]
    assert tags[0] == "Trackers" and "Shipments" in tags and "api" not in tags
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert operation["tags"] != ["api"], path
    assert schema["paths"]["/api/v1/trackers"]["post"]["tags"] == ["Trackers"]
    assert schema["paths"]["/api/v1/contacts"]["get"]["tags"] == ["Contacts"]


def test_every_dialect_document_is_linked_from_the_docs_and_answers():
    client = Client()
    description = client.get("/api/v1/schema/?format=json").json()["info"]["description"]
    for base in ("/easypost/v2", "/tracktry/v1", "/packy/v1", "/packagex/v1"):
        assert f"({base}/openapi.json)" in description
        assert client.get(f"{base}/openapi.json").status_code == 200
