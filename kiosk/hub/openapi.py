"""The hub's OpenAPI document: the documented error answers of its routes, and the document
itself with the record batch schema that `POST /api/v1/records` reads by hand."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from kiosk.hub.records.schemas import ErrorBody, RecordBatch

#: FastAPI's type of a route's `responses`: status code -> OpenAPI response object.
Responses = dict[int | str, dict[str, Any]]  # Any: FastAPI's own type for `responses`
#: A JSON object as the hub writes it (OpenAPI, TUF summaries, chart data).
JsonObject = dict[str, object]

UNAUTHORIZED: Responses = {401: {"model": ErrorBody, "description": "no valid credential"}}


def document(app: FastAPI) -> dict[str, Any]:  # Any: FastAPI's type of app.openapi()
    """The OpenAPI document of `app`, made once, with `RecordBatch` and its parts as components."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    batch = RecordBatch.model_json_schema(ref_template="#/components/schemas/{model}")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(batch.pop("$defs", {}))
    components["RecordBatch"] = batch
    app.openapi_schema = schema
    return schema
