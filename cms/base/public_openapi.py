"""The OpenAPI paths of the public service's write endpoints, derived from what validates them.

The forms' fields come from their Django forms and the events' batch from its pydantic model,
so the document says what the endpoints check and cannot drift from it. The search API's
document (cms.search.openapi) adds these paths to its own.
"""

from django import forms

from .public_forms import PlainTextField

HTML = {"text/html": {"schema": {"type": "string"}}}
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
REGION = {
    **HTML,
    "application/json": {
        "schema": {"type": "object", "required": ["html"], "properties": {"html": {"type": "string"}}}
    },
}
PLAIN = {"text/plain": {"schema": {"type": "string"}}}


def _field_schema(field):
    """The JSON schema of one Django form field, as a form posts it."""
    if isinstance(field, forms.MultipleChoiceField):
        return {"type": "array", "items": {"type": "string", "enum": [str(code) for code, _label in field.choices]}}
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": [str(code) for code, _label in field.choices]}
    if isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
        return schema
    if isinstance(field, forms.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, forms.TimeField):
        return {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}
    if isinstance(field, forms.EmailField):
        return {"type": "string", "format": "email", "maxLength": field.max_length}
    schema = {"type": "string"}
    if isinstance(field, (forms.CharField, PlainTextField)) and field.max_length:
        schema["maxLength"] = field.max_length
    return schema


def form_body(form_class):
    """The urlencoded body a microsite's form posts."""
    form = form_class()
    return {
        "application/x-www-form-urlencoded": {
            "schema": {
                "type": "object",
                "properties": {name: _field_schema(field) for name, field in form.fields.items()},
                "required": [name for name, field in form.fields.items() if field.required],
            }
        }
    }


def _form_operation(name, summary, form_class, kommuner, languages):
    return {
        "post": {
            "operationId": name,
            "summary": summary,
            "parameters": [
                {"name": "kommun", "in": "query", "required": True, "schema": {"type": "string", "enum": kommuner}},
                {"name": "language", "in": "query", "required": True, "schema": {"type": "string", "enum": languages}},
            ],
            "requestBody": {"required": True, "content": form_body(form_class)},
            "responses": {
                "200": {
                    "description": "Thanks: the page (or, asked for JSON, its form region) says so.",
                    "content": REGION,
                },
                "400": {"description": "The form again, each error tied to its field.", "content": REGION},
                "403": {
                    "description": "Sent from a page that is not a microsite (`Origin: null` too).",
                    "content": HTML,
                },
                "404": {
                    "description": "No such microsite or language, or its form page is not published.",
                    "content": HTML,
                },
                "413": {"description": "The body is larger than any honest form.", "content": REGION},
                "429": {"description": "Too many posts from this client this hour.", "content": REGION},
                "503": {"description": "The kommun's site file is being corrected.", "content": PLAIN},
            },
        }
    }


#: `secrets.token_urlsafe(24)`, as `cms.privacy.models.PersonalData.issue_erasure_token` makes them.
ERASURE_TOKEN = {"type": "string", "pattern": "^[A-Za-z0-9_-]{32}$"}


def _erasure_operations(kommuner, languages):
    """The private erasure link: GET shows what will be erased, POST erases. A token that does not
    exist, was used, or belongs to another kommun gets the same "nothing to erase" answer."""
    parameters = [
        {"name": "kommun", "in": "path", "required": True, "schema": {"type": "string", "enum": kommuner}},
        {"name": "language", "in": "path", "required": True, "schema": {"type": "string", "enum": languages}},
        {"name": "token", "in": "path", "required": True, "schema": ERASURE_TOKEN},
    ]
    common = {
        "404": {
            "description": "Nothing to erase (the same for every token that erases nothing), or no such "
            "microsite or language, or its privacy page is not published.",
            "content": REGION,
        },
        "503": {"description": "The kommun's site file is being corrected.", "content": PLAIN},
    }
    return {
        "parameters": parameters,
        "get": {
            "operationId": "erasure_confirm",
            "summary": "The sender's erasure link: what erasing removes, and a button that confirms it.",
            "responses": {
                "200": {"description": "The microsite's privacy page asking to confirm.", "content": REGION},
                **common,
            },
        },
        "post": {
            "operationId": "erase",
            "summary": "Erase everything the sender told us with that request or submission.",
            "responses": {
                "200": {"description": "Erased: the privacy page says so.", "content": REGION},
                "403": {"description": "Not confirmed from a microsite (`Origin: null` too).", "content": HTML},
                "429": {"description": "Too many erasures from this client this hour.", "content": REGION},
                **common,
            },
        },
    }


def write_paths(kommuner, languages):
    """The paths of `POST /api/events`, the two forms and the erasure link."""
    from cms.activities.forms import SubmissionForm
    from cms.contact.forms import ContactForm
    from cms.experiments.schema import Batch

    batch = Batch.model_json_schema(ref_template="#/components/schemas/{model}")
    return {
        "/api/events": {
            "post": {
                "operationId": "events",
                "summary": "Experiment and usability-session events from a microsite.",
                "description": "The body is read as JSON whatever its type (sendBeacon posts it as text/plain).",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Batch"}}},
                },
                "responses": {
                    "204": {"description": "Stored (or, from a crawler, ignored)."},
                    "400": {
                        "description": "Not a valid batch for a running experiment or an open session; the error says why.",
                        "content": ERROR,
                    },
                    "403": {"description": "From a page that is not a microsite.", "content": ERROR},
                    "413": {"description": "Larger than EVENTS_MAX_BYTES.", "content": ERROR},
                    "429": {"description": "Too many batches from this client this minute.", "content": ERROR},
                    "503": {"description": "The kommun's site file is being corrected.", "content": ERROR},
                },
            }
        },
        "/api/activities/submit": _form_operation(
            "submit_activity",
            "An activity from the public, for the kommun's editors to approve.",
            SubmissionForm,
            kommuner,
            languages,
        ),
        "/api/contact": _form_operation(
            "contact", "A request to the kommun's relocation coordinator.", ContactForm, kommuner, languages
        ),
        "/privacy/{kommun}/{language}/{token}": _erasure_operations(kommuner, languages),
    }, {"Batch": {key: value for key, value in batch.items() if key != "$defs"}, **batch.get("$defs", {})}
