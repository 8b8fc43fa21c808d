from fastapi.testclient import TestClient

from app.main import app


def test_missing_note():
    client = TestClient(app)
    assert client.get("/notes/1").status_code == 404
