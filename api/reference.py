"""The API's reference as a page of the portal, read from the same OpenAPI schema as
`/api/v1/schema/` and in the page's language (Polish first): every endpoint with its
parameters and answer, and every object with its fields. Swagger UI, whose own words are
English only, stays as the console for trying requests."""

import functools
import re

from django.utils.html import escape, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext
from drf_spectacular.generators import SchemaGenerator

REF = "#/components/schemas/"
PAGE_FIELDS = {"count", "next", "previous", "results"}
# drf-spectacular describes a choice's values as lines "* `value` - label".
CHOICE = re.compile(r"^\* `(?P<value>[^`]*)` - (?P<label>.*)$", re.MULTILINE)


def _name(ref: str) -> str:
    return ref.removeprefix(REF)


def _with_code(text: str):
    """A description with its `code` spans as <code>, the rest escaped."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # a backtick without its pair: all as text
        return escape(text)
    spans = format_html_join("", "{}<code>{}</code>", zip(parts[0::2], parts[1::2], strict=False))
    return spans + escape(parts[-1])


def _anchor(name: str) -> str:
    return f"obiekt-{name}"


@functools.lru_cache(maxsize=4)
def reference(language: str) -> dict:
    """The reference in a language, worked out once per process: the schema changes only with
    the code."""
    with override(language):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        objects = schema["components"]["schemas"]
        enums = {name: spec for name, spec in objects.items() if "enum" in spec}
        return {
            "description": _with_code(schema["info"].get("description", "")),
            "endpoints": [
                _endpoint(path, method, operation, objects, enums)
                for path, methods in schema["paths"].items()
                for method, operation in methods.items()
            ],
            "objects": [
                _object(name, spec, enums)
                for name, spec in sorted(objects.items())
                if name not in enums and not _is_page(spec)
            ],
        }


def _is_page(spec) -> bool:
    return set(spec.get("properties", {})) == PAGE_FIELDS


def _endpoint(path, method, operation, objects, enums) -> dict:
    # An operation open to visitors lists an empty requirement among its ways in.
    anyone = {} in operation.get("security", [{}])
    answer = operation["responses"].get("200", {})
    schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
    returned, paged = schema.get("$ref") and _name(schema["$ref"]), False
    if returned and _is_page(objects[returned]):
        returned, paged = _name(objects[returned]["properties"]["results"]["items"]["$ref"]), True
    return {
        "id": operation["operationId"].replace("_", "-"),
        "method": method.upper(),
        "path": path,
        "description": _with_code(operation.get("description", "")),
        "anyone": anyone,
        "parameters": [
            {
                "name": parameter["name"],
                "where": _("in the address") if parameter["in"] == "path" else _("query"),
                "required": parameter.get("required", False),
                "type": _type(parameter.get("schema", {}), enums),
                "description": ""
                if "enum" in parameter.get("schema", {})
                else _with_code(parameter.get("description", "")),
            }
            for parameter in operation.get("parameters", [])
        ],
        "returns": returned and {"name": returned, "anchor": _anchor(returned), "paged": paged},
    }


def _object(name, spec, enums) -> dict:
    required = set(spec.get("required", []))
    return {
        "name": name,
        "anchor": _anchor(name),
        "description": _with_code(spec.get("description", "")),
        "fields": [
            {
                "name": field,
                "type": _type(field_spec, enums),
                "description": _with_code(
                    field_spec.get("description") or field_spec.get("title", "")
                ),
                "always": field in required and not field_spec.get("nullable"),
            }
            for field, field_spec in spec.get("properties", {}).items()
        ],
    }


def _type(spec, enums) -> dict:
    """What a value is: {"text"} and, for an object, {"link"}; for a choice, its values."""
    if "allOf" in spec:
        return _type(spec["allOf"][0], enums)
    if "oneOf" in spec:  # a value or an empty text
        return _type(spec["oneOf"][0], enums)
    if ref := spec.get("$ref"):
        name = _name(ref)
        if name in enums:
            return _choice(enums[name])
        return {"text": name, "link": _anchor(name)}
    if "enum" in spec:
        return _choice(spec)
    if spec.get("type") == "array":
        inner = _type(spec.get("items", {}), enums)
        return {**inner, "text": _("list of %(what)s") % {"what": inner["text"]}}
    words = {
        "string": pgettext("API value", "text"),
        "integer": pgettext("API value", "whole number"),
        "number": pgettext("API value", "number"),
        "boolean": pgettext("API value", "true or false"),
        "object": pgettext("API value", "object"),
    }
    formats = {
        "date-time": pgettext("API value", "date and time (ISO 8601)"),
        "date": pgettext("API value", "date (ISO 8601)"),
        "uri": pgettext("API value", "address (URL)"),
        "email": pgettext("API value", "e-mail address"),
    }
    return {
        "text": formats.get(
            spec.get("format"), words.get(spec.get("type"), pgettext("API value", "value"))
        )
    }


def _choice(spec) -> dict:
    labels = {m["value"]: m["label"] for m in CHOICE.finditer(spec.get("description", ""))}
    values = [value for value in spec["enum"] if value not in ("", None)]
    return {"text": _("one of"), "choices": [(value, labels.get(value, "")) for value in values]}
