"""The OpenAPI schema: committed as api/openapi.yaml, regenerated here and compared, and valid
OpenAPI 3; the documentation page runs under the portal's Content-Security-Policy."""

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from openapi_spec_validator import validate

COMMITTED = Path(settings.BASE_DIR) / "api" / "openapi.yaml"


def test_the_committed_schema_is_the_generated_one_and_valid(tmp_path):
    generated = tmp_path / "openapi.yaml"
    # As committed: `manage.py spectacular --lang en --validate --file api/openapi.yaml`
    call_command("spectacular", "--lang", "en", "--validate", "--fail-on-warn",
                 "--file", str(generated))  # fmt: skip
    assert generated.read_text() == COMMITTED.read_text(), (
        "api/openapi.yaml is stale: run manage.py spectacular --lang en --validate "
        "--file api/openapi.yaml"
    )
    schema = yaml.safe_load(COMMITTED.read_text())
    validate(schema)
    paths = set(schema["paths"])
    assert {"/api/v1/practices/", "/api/v1/practices/{slug}/", "/api/v1/me/",
            "/api/v1/me/meetings/"} <= paths  # fmt: skip
    assert schema["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"


def test_the_schema_is_served_too(db):
    response = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert response.status_code == 200
    validate(yaml.safe_load(response.content))


def test_the_documentation_page_has_no_inline_script_and_nothing_from_elsewhere(db):
    client = Client()
    page = client.get("/api/v1/docs/")
    html = page.content.decode()
    assert page.status_code == 200
    policy = page["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy
    assert "<style" not in html and "style=" not in html
    scripts = [part.split(">", 1)[0] for part in html.split("<script")[1:]]
    assert scripts and all("src=" in tag for tag in scripts), scripts
    assert "http://" not in html and "https://" not in html and "fonts.googleapis" not in html
    start = client.get("/api/v1/docs/?script=")
    assert start.status_code == 200 and "SwaggerUIBundle" in start.content.decode()
    assert start["Content-Type"].startswith("application/javascript")


def test_the_served_schema_speaks_the_requests_language(db):
    """Polish first, English when the request (or ?lang=, as Swagger UI passes it) asks: the
    descriptions are translated, not docstrings."""

    def schema(**kwargs):
        response = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi",
                                **kwargs)  # fmt: skip
        return yaml.safe_load(response.content)

    polish, english = schema(), schema(HTTP_ACCEPT_LANGUAGE="en")
    assert polish["info"]["description"].startswith("API portalu EMPIRIE")
    practices = polish["paths"]["/api/v1/practices/"]["get"]
    assert practices["description"].startswith("Opublikowane praktyki")
    page = next(p for p in practices["parameters"] if p["name"] == "page")
    assert page["description"] == "Numer strony listy wyników."
    assert polish["components"]["schemas"]["Practice"]["description"].startswith("Praktyka")
    assert polish["components"]["securitySchemes"]["personalToken"]["description"].startswith(
        "Token osobisty"
    )
    assert english["info"]["description"].startswith("Read-only API")
    assert english["paths"]["/api/v1/practices/"]["get"]["description"].startswith("Published")
    asked = yaml.safe_load(
        Client().get("/api/v1/schema/?lang=en", HTTP_ACCEPT="application/vnd.oai.openapi").content
    )
    assert asked["info"]["description"] == english["info"]["description"]
