"""The OpenAPI 3 document of the search API, built from the same parameter definitions
that validate requests (cms.search.query), so it cannot fall out of date."""

from .query import params_for
from .views import ENDPOINTS

SUMMARIES = {
    "housing": "Search homes: rentals, tenant-owned flats, houses and rooms.",
    "activities": "Search things to do: events, clubs, language cafés.",
    "jobs": "Search jobs in Norrbotten.",
    "site": "Search the whole site: homes, activities, jobs and the site's pages.",
}


#: latitude,longitude as numbers on Earth: -90 to 90, then -180 to 180.
POINT = (
    r"^-?(90(\.0+)?|[1-8]?\d(\.\d+)?),"
    r"-?(180(\.0+)?|(1[0-7]\d|[1-9]?\d)(\.\d+)?)$"
)


def _schema(param):
    if param.kind == "int":
        schema = {"type": "integer"}
    elif param.kind == "number":
        schema = {"type": "number"}
    elif param.kind == "date":
        schema = {"type": "string", "format": "date"}
    elif param.kind == "bool":
        schema = {"type": "boolean"}
    elif param.kind == "choice":
        schema = {"type": "string", "enum": list(param.choices)}
    elif param.kind == "point":
        schema = {"type": "string", "pattern": POINT}
    elif param.kind == "list" and param.name == "kommun":
        from .query import kommun_slugs

        schema = {"type": "string", "pattern": "^(%s)(,(%s))*$" % ("|".join(kommun_slugs()), "|".join(kommun_slugs()))}
    elif param.kind == "list" and param.choices:
        choices = "|".join(c.replace("-", "\\-") for c in param.choices)
        schema = {"type": "string", "pattern": f"^({choices})(,({choices}))*$"}
    else:
        schema = {"type": "string", "maxLength": 200}
    if param.minimum is not None:
        schema["minimum"] = param.minimum
    if param.maximum is not None:
        schema["maximum"] = param.maximum
    if param.default is not None:
        schema["default"] = param.default
    return schema


#: What one parameter's schema cannot say: the parameters that need another (else a 400 naming them).
NEEDS_NEAR = [
    {"anyOf": [{"not": {"required": ["within_km"]}}, {"required": ["near"]}]},
    {
        "anyOf": [
            {"not": {"required": ["sort"], "properties": {"sort": {"enum": ["distance"]}}}},
            {"required": ["near"]},
        ]
    },
]
PARAMETERS = (
    "The search's parameters, each its own query parameter (`?kommun=pitea&q=villa`). A parameter given empty "
    "or blank (`q=`, as a form sends an empty field) is the same as one left out; any other value must fit its "
    "schema, else the answer is a 400 naming it. `within_km` and `sort=distance` need `near`. A parameter "
    "not listed here, or one given twice, is a 400 too."
)


def _operation(endpoint):
    doc_type = ENDPOINTS[endpoint]
    return {
        "get": {
            "operationId": f"search_{endpoint}",
            "summary": SUMMARIES[endpoint],
            # One object exploded into the query string, so that one schema can say which parameters need another.
            "parameters": [
                {
                    "name": "search",
                    "in": "query",
                    "required": False,
                    "style": "form",
                    "explode": True,
                    "description": PARAMETERS,
                    "schema": {
                        "type": "object",
                        "additionalProperties": False,
                        "allOf": NEEDS_NEAR,
                        "properties": {
                            p.name: {**_schema(p), "description": p.description} for p in params_for(doc_type)
                        },
                    },
                }
            ],
            "responses": {
                "200": {
                    "description": "The hits on this page, the total and facet counts.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResponse"}}},
                },
                "400": {
                    "description": "A parameter is wrong; `parameter` names it.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "429": {
                    "description": "Too many requests from this client.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "503": {
                    "description": "The search backend is unavailable; microsites fall back to their static index.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
        }
    }


def document(server_url="/"):
    """The public service's OpenAPI document: the search API, then the endpoints the microsites post to."""
    from cms.base.public_openapi import write_paths
    from cms.base.site_config import KNOWN_LANGUAGES

    from .query import kommun_slugs

    writes, write_schemas = write_paths(list(kommun_slugs()), list(KNOWN_LANGUAGES))
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Norrbotten microsites search API",
            "version": "1",
            "description": "Read-only search over the published homes, activities and jobs of Norrbotten's 14 kommuner.",
        },
        "servers": [{"url": server_url.rstrip("/") or "/"}],
        "paths": {**{f"/api/search/{endpoint}": _operation(endpoint) for endpoint in ENDPOINTS}, **writes},
        "components": {
            "schemas": {
                **write_schemas,
                "Hit": {
                    "type": "object",
                    "required": ["type", "id", "kommun", "title", "url", "path"],
                    "properties": {
                        "type": {"type": "string", "enum": ["housing", "activity", "job", "page"]},
                        "id": {"type": "integer"},
                        "kommun": {"type": "string"},
                        "kommun_name": {"type": "string"},
                        "language": {"type": "string"},
                        "text_language": {"type": "string"},
                        "title": {"type": "string"},
                        "summary": {"type": "string"},
                        "url": {"type": "string", "description": "The hit's page on the kommun's microsite."},
                        "path": {"type": "string"},
                        "distance_km": {"type": "number", "description": "With `near`: the distance from that point."},
                    },
                    "additionalProperties": True,
                },
                "FacetValue": {
                    "type": "object",
                    "required": ["value", "count"],
                    "properties": {
                        "value": {"oneOf": [{"type": "string"}, {"type": "boolean"}]},
                        "count": {"type": "integer", "minimum": 0},
                    },
                },
                "SearchResponse": {
                    "type": "object",
                    "required": ["total", "page", "page_size", "pages", "hits", "facets"],
                    "properties": {
                        "total": {"type": "integer", "minimum": 0},
                        "page": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "pages": {"type": "integer"},
                        "language": {"type": "string"},
                        "sort": {"type": "string"},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "facets": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/FacetValue"},
                            },
                        },
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}, "parameter": {"type": "string", "nullable": True}},
                },
            }
        },
    }
