def test_healthz_checks_database_and_queue(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["queue"]["refresh_schedule"] == "ok"


def test_healthz_reports_a_broken_queue(client, db, monkeypatch):
    from config import health

    def broken():
        raise ConnectionError("broker down")

    monkeypatch.setattr(health, "check_queue", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"] == "error: ConnectionError"
