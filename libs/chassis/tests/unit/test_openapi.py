"""The OpenAPI document declares every error as it is served: a ProblemDetails, problem+json."""

import uuid

from fakes import FakeSessionFactory
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient
from pydantic import BaseModel

from chassis.app import create_service_app
from chassis.auth import require_scope
from chassis.errors import PROBLEM_JSON
from chassis.openapi import problems_as_problem_json
from testkit.checks.api import misdeclared_errors, without_retry_after


class Note(BaseModel):
    text: str


def routes() -> APIRouter:
    router = APIRouter(dependencies=[Depends(require_scope("notes:read"))])

    @router.post("/notes", status_code=201)
    def write(note: Note) -> Note:
        return note

    @router.get("/notes/{note_id}", responses={404: {"description": "No such note."}})
    def read(note_id: uuid.UUID) -> Note:
        return Note(text="")

    return router


def document() -> dict:
    app = create_service_app(
        title="test", session_factory=FakeSessionFactory(), api_tokens={}, routers=[routes()]
    )
    return TestClient(app).get("/openapi.json").json()


def test_every_error_response_is_a_problem_document_as_problem_json_only():
    # The 404 /notes/{note_id} declares without a schema is one too.
    served = document()

    assert misdeclared_errors(served) == []
    assert served["components"]["schemas"]["ProblemDetails"]["required"] == ["title", "status"]


def test_every_operation_declares_its_503_with_retry_after():
    served = document()

    assert without_retry_after(served) == []
    assert len(served["paths"]) >= 3  # /notes, /notes/{note_id}, /health/*: checked, not skipped


def test_an_operation_whose_503_lacks_retry_after_is_named():
    served = document()
    del served["paths"]["/notes"]["post"]["responses"]["503"]["headers"]

    assert without_retry_after(served) == ["POST /notes"]


def test_fastapis_422_is_not_declared_where_a_problem_400_is_what_comes():
    for operations in document()["paths"].values():
        for operation in operations.values():
            assert "422" not in operation["responses"]


def test_a_success_keeps_its_own_media_type():
    created = document()["paths"]["/notes"]["post"]["responses"]["201"]

    assert list(created["content"]) == ["application/json"]


def test_an_error_schema_a_route_declares_itself_is_moved_not_replaced():
    own = {"$ref": "#/components/schemas/Conflict"}
    operation = {"responses": {"409": {"content": {"application/json": {"schema": own}}}}}

    moved = problems_as_problem_json({"paths": {"/x": {"post": operation}}})

    assert moved["paths"]["/x"]["post"]["responses"]["409"]["content"] == {
        PROBLEM_JSON: {"schema": own}
    }
