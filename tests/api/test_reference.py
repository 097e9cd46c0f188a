"""The API's reference page (/dane/api/): every endpoint and object of the committed schema, in
the page's language, with nothing typed by hand that the schema could contradict."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import Client

from api.reference import reference

SCHEMA = yaml.safe_load((Path(settings.BASE_DIR) / "api" / "openapi.yaml").read_text())
pytestmark = pytest.mark.django_db


def test_every_endpoint_and_its_parameters_are_on_the_page():
    page = Client().get("/dane/api/").content.decode()
    for path, methods in SCHEMA["paths"].items():
        for method, operation in methods.items():
            anchor = operation["operationId"].replace("_", "-")
            assert f'id="{anchor}"' in page and f"{method.upper()} {path}" in page, path
            for parameter in operation.get("parameters", []):
                assert f"<code>{parameter['name']}</code>" in page, (path, parameter["name"])


def test_every_object_with_its_fields_and_choices_is_described():
    described = {item["name"]: item for item in reference("pl")["objects"]}
    schemas = SCHEMA["components"]["schemas"]
    for name, spec in schemas.items():
        if "enum" in spec or set(spec.get("properties", {})) == {
            "count", "next", "previous", "results",
        }:  # fmt: skip
            assert name not in described  # a choice is shown where it is used; a page is a list
            continue
        assert [f["name"] for f in described[name]["fields"]] == list(spec["properties"]), name
    # A choice shows its values with their labels; an object links to its description.
    access = {f["name"]: f for f in described["Access"]["fields"]}
    assert access["authenticated_by"]["type"]["choices"] == [
        ("token", "token osobisty"), ("session", "sesja portalu"),
    ]  # fmt: skip
    assert access["inside"]["type"] == {"text": "lista NetworkBrief", "link": "obiekt-NetworkBrief"}
    assert access["function"]["always"] is False  # may be empty


def test_the_page_speaks_polish_and_english_by_its_address():
    polish = Client().get("/dane/api/").content.decode()
    assert '<html lang="pl"' in polish and "Dokumentacja API" in polish
    assert "Opublikowane praktyki" in polish and "Numer strony listy wyników." in polish
    assert "liczba całkowita" in polish
    # The schema's `code` spans are code, the rest escaped.
    assert "(<code>q</code> wyszukuje;" in polish
    english = Client(HTTP_ACCEPT_LANGUAGE="pl").get("/en/dane/api/").content.decode()
    assert '<html lang="en"' in english and "API documentation" in english
    assert "Published practices" in english and "whole number" in english
    # The console to try requests, and the schema, are linked from it.
    assert 'href="/api/v1/docs/"' in polish and 'href="/api/v1/schema/"' in polish
