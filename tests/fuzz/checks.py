"""What the fuzzing checks and which ids it gives the operations: shared by tests/fuzz and bench/fuzz.py
(no Django imports, so the benchmark can read it before setting Django up)."""

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    ]
)
# Operations that take an id get a real one; each path parameter is named after what it holds.
CONFIG = """
[[operations]]
include-path-regex = "^/api/v1/trackers/"
parameters = {{ public_id = "{tracker}" }}

[[operations]]
include-path-regex = "^/api/v1/webhooks/"
parameters = {{ public_id = "{webhook}" }}

[[operations]]
include-path-regex = "^/api/v1/events/"
parameters = {{ public_id = "{event}" }}

[[operations]]
include-path-regex = "^/api/v1/deliveries/"
parameters = {{ public_id = "{delivery}" }}
"""
