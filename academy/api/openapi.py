"""The OpenAPI 3.1 description of `/api/v1` (tests validate real responses against it)."""

from __future__ import annotations

from typing import Any


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def _object(properties: dict[str, Any], nullable: bool = False) -> dict[str, Any]:
    return {
        "type": ["object", "null"] if nullable else "object",
        "required": sorted(properties),
        "additionalProperties": False,
        "properties": properties,
    }


HIDDEN = {
    "type": ["string", "null"],
    "enum": ["empty", "small", "complementary", None],
    "description": "null when shown; 'empty': no scored answers; 'small': a figure would "
    "rest on fewer scored answers than min_group_size ('don't know' excluded); "
    "'complementary': hidden so that the company figure cannot reveal a smaller group.",
}

SCHEMAS: dict[str, Any] = {
    "Error": _object(
        {"error": _object({"code": {"type": "integer"}, "message": {"type": "string"}})}
    ),
    "Cycle": _object(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "assessment_id": {"type": "string"},
            "status": {"type": "string", "enum": ["open", "closing", "closed"]},
            "opens_on": {"type": "string", "format": "date"},
            "closes_on": {"type": "string", "format": "date"},
        }
    ),
    "Cell": _object(
        {
            "hidden": HIDDEN,
            "score": _nullable("number"),
            "favourable_pct": _nullable("number"),
            "respondents": _nullable("integer"),
            "change": _nullable("number"),
            "significance": {"type": "string", "enum": ["above", "below", "none"]},
        }
    ),
}
_ROW = {
    "respondents": _nullable("integer"),
    "hidden": HIDDEN,
    "overall": _nullable("number"),
    "dimensions": {
        "type": ["object", "null"],
        "additionalProperties": {"$ref": "#/components/schemas/Cell"},
    },
}
SCHEMAS["ScoreRow"] = _object(_ROW)
SCHEMAS["DepartmentScores"] = _object(
    {"id": {"type": "integer"}, "name": {"type": "string"}, **_ROW}
)
SCHEMAS["Scores"] = _object(
    {
        "cycle": {"$ref": "#/components/schemas/Cycle"},
        "min_group_size": {"type": "integer"},
        "dimensions": {
            "type": "array",
            "items": _object({"id": {"type": "string"}, "title": {"type": "string"}}),
        },
        "company": {"$ref": "#/components/schemas/ScoreRow"},
        "departments": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/DepartmentScores"},
        },
    }
)
_PART = {
    "asked_at_opening": {"type": "integer", "description": "people asked when the cycle opened"},
    "joined": {"type": "integer", "description": "people asked because they joined since"},
    "headcount": {"type": "integer", "description": "everyone asked"},
    "responses": {"type": "integer"},
    "rate_pct": _nullable("number"),
    "low": {"type": "boolean", "description": "participation below 60%"},
}
SCHEMAS["Participation"] = _object(
    {
        "cycle": {"$ref": "#/components/schemas/Cycle"},
        "company": _object(_PART),
        "departments": {
            "type": "array",
            "items": _object({"id": {"type": "integer"}, "name": {"type": "string"}, **_PART}),
        },
    }
)
SCHEMAS["Training"] = _object(
    {
        "min_group_size": {"type": "integer"},
        "departments": {
            "type": "array",
            "items": _object(
                {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "hidden": HIDDEN,
                    "people": _nullable("integer"),
                    "required_completion_pct": _nullable("number"),
                    "mean_best_quiz_score_pct": _nullable("number"),
                }
            ),
        },
    }
)
SCHEMAS["CycleList"] = _object(
    {"cycles": {"type": "array", "items": {"$ref": "#/components/schemas/Cycle"}}}
)


def _json(ref: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


_ERRORS = {
    "401": _json("Error", "missing, invalid or revoked token"),
}
_CYCLE_ID = [{"name": "cycle_id", "in": "path", "required": True, "schema": {"type": "integer"}}]


def _get(summary: str, ref: str, params: list | None = None, extra: dict | None = None) -> dict:
    operation: dict[str, Any] = {
        "summary": summary,
        "responses": {"200": _json(ref, "OK"), **_ERRORS, **(extra or {})},
    }
    if params:
        operation["parameters"] = params
    return {"get": operation}


def document() -> dict[str, Any]:
    not_found = {"404": _json("Error", "no such cycle")}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Customer Culture Academy API",
            "version": "1.0.0",
            "description": "Read-only figures for BI tools. Departments below the minimum "
            "group size (and the groups hidden to protect them) carry `hidden` and no figures.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/cycles": _get("Assessment cycles, newest first", "CycleList"),
            "/cycles/{cycle_id}/scores": _get(
                "Dimension scores per department (closed cycles only)",
                "Scores",
                _CYCLE_ID,
                {
                    **not_found,
                    "409": _json("Error", "the cycle is open, or its results are being computed"),
                },
            ),
            "/cycles/{cycle_id}/participation": _get(
                "Responses against the people asked, per department",
                "Participation",
                _CYCLE_ID,
                not_found,
            ),
            "/training": _get("Training completion per department", "Training"),
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": SCHEMAS,
        },
    }
