"""The container setup: .env.example lists exactly what settings read; compose wires it up.

docker-compose.yml is read with PyYAML (a development dependency). Where the docker compose
plugin is installed, `docker compose config` also validates the file for real.
"""

import functools
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "dus" / "settings.py"
ENV_EXAMPLE = ROOT / ".env.example"
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

SERVICES = {"db", "redis", "web", "worker", "beat"}
# Read by the postgres image in the db service, not by Django.
POSTGRES_IMAGE_VARIABLES = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}
# What .env.example turns off for plain http on localhost; production behind TLS deletes them.
PLAIN_HTTP_LINES = {
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
}

READER_CALL = re.compile(r"\benv_(?:str|bool|int|list|int_list)\(")
READER_NAME = re.compile(r"\benv_(?:str|bool|int|list|int_list)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
OS_ENVIRON_NAME = re.compile(
    r"\bos\.(?:environ\.get\(|environ\[|getenv\()\s*[\"']([A-Z][A-Z0-9_]*)[\"']"
)
ENV_LINE = re.compile(r"([A-Z][A-Z0-9_]*)=(.*)")


def _settings_variables() -> set[str]:
    source = SETTINGS.read_text()
    return set(READER_NAME.findall(source)) | set(OS_ENVIRON_NAME.findall(source))


def _env_example_lines() -> list[str]:
    return ENV_EXAMPLE.read_text().splitlines()


def _env_example() -> dict[str, str]:
    """NAME=value lines of .env.example, values taken verbatim (as compose's env_file does)."""
    values = {}
    for line in _env_example_lines():
        if match := ENV_LINE.fullmatch(line):
            values[match[1]] = match[2].strip()
    return values


def _compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def _services() -> dict[str, dict]:
    """Each service's configuration under the top-level `services:` key, by name."""
    compose = _compose()
    assert "services" in compose, "docker-compose.yml has no top-level services: key"
    return compose["services"]


def _strings(node) -> list[str]:
    """Every string value in a piece of loaded YAML (keys aside)."""
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return [node] if isinstance(node, str) else []


def _health_test(service: dict) -> str:
    test = service["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else test


def _dockerfile_instructions() -> list[str]:
    """Dockerfile instructions with continuation lines joined and comments dropped."""
    lines = [
        line for line in DOCKERFILE.read_text().splitlines() if not line.lstrip().startswith("#")
    ]
    return [i.strip() for i in re.split(r"\n(?=\S)", "\n".join(lines).replace("\\\n", " ")) if i]


def _env_example_settings(settings_from_env, env: dict[str, str]) -> dict:
    """The settings loaded with only `env` for the portal's variables (the test run's own,
    from tests/settings.py, unset), as a fresh process given that env_file would see them."""
    ours = set(_env_example()) | _settings_variables()
    return settings_from_env(**(dict.fromkeys(ours) | env))


@functools.cache
def _docker_compose_available() -> bool:
    if not shutil.which("docker"):
        return False
    try:
        result = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


# .env.example


def test_it_reads_every_setting_by_a_literal_name():
    source = SETTINGS.read_text()
    assert len(READER_CALL.findall(source)) == len(READER_NAME.findall(source)), (
        "an env_* call in dus/settings.py has no literal name, so these tests cannot see it"
    )


def test_it_lists_every_variable_settings_reads_in_env_example():
    missing = _settings_variables() - set(_env_example())
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_the_readme_documents_every_variable_settings_reads():
    readme = (ROOT / "README.md").read_text()
    missing = {name for name in _settings_variables() if f"`{name}`" not in readme}
    assert not missing, f"add to the README's Configuration table: {sorted(missing)}"


def test_it_lists_only_variables_that_settings_or_the_db_service_read():
    unread = set(_env_example()) - _settings_variables() - POSTGRES_IMAGE_VARIABLES
    assert not unread, f"nothing reads these .env.example variables: {sorted(unread)}"


def test_it_lists_each_variable_once():
    names = [m[1] for line in _env_example_lines() if (m := ENV_LINE.fullmatch(line))]
    assert len(names) == len(set(names))


def test_it_documents_each_variable_with_a_comment_and_its_default():
    lines = _env_example_lines()
    for number, line in enumerate(lines):
        if not (match := ENV_LINE.fullmatch(line)):
            continue
        comment = []
        for above in reversed(lines[:number]):
            if not above.startswith("#"):
                break
            comment.insert(0, above)
        assert comment, f"{match[1]} has no comment line above it"
        if match[1] in _settings_variables():
            assert "default" in " ".join(comment).lower(), f"{match[1]}: no default in comment"


def test_it_points_database_and_redis_urls_at_the_compose_services():
    env = _env_example()
    database = urlsplit(env["DATABASE_URL"])
    assert database.scheme in {"postgres", "postgresql"}
    assert (database.hostname, database.port) == ("db", 5432)
    assert database.username == env["POSTGRES_USER"]
    assert database.password == env["POSTGRES_PASSWORD"]
    assert database.path == "/" + env["POSTGRES_DB"]
    redis = urlsplit(env["REDIS_URL"])
    assert (redis.scheme, redis.hostname, redis.port) == ("redis", "redis", 6379)


def test_it_loads_settings_from_env_example_for_plain_http_on_localhost(settings_from_env):
    s = _env_example_settings(settings_from_env, _env_example())
    assert {
        "debug": s["DEBUG"],
        "ssl_redirect": s["SECURE_SSL_REDIRECT"],
        "hsts": s["SECURE_HSTS_SECONDS"],
        "secure_cookies": [s["SESSION_COOKIE_SECURE"], s["CSRF_COOKIE_SECURE"]],
        "database": [s["DATABASES"]["default"]["ENGINE"], s["DATABASES"]["default"]["HOST"]],
        "eager": s["CELERY_TASK_ALWAYS_EAGER"],
        "hosts": s["ALLOWED_HOSTS"],
    } == {
        "debug": False,
        "ssl_redirect": False,
        "hsts": 0,
        "secure_cookies": [False, False],
        "database": ["django.db.backends.postgresql", "db"],
        "eager": False,
        "hosts": ["localhost", "127.0.0.1"],
    }


def test_it_passes_check_deploy_when_the_plain_http_lines_are_deleted(
    settings_from_env, deploy_check
):
    env = {k: v for k, v in _env_example().items() if k not in PLAIN_HTTP_LINES}
    assert set(_env_example()) >= PLAIN_HTTP_LINES
    env |= {"SECRET_KEY": "a-production-like-secret-key-" + "k" * 40}
    assert "no issues" in deploy_check(_env_example_settings(settings_from_env, env))


# docker-compose.yml


def test_it_defines_the_five_services():
    assert set(_services()) == SERVICES


def test_it_configures_the_services_only_through_env_file():
    services = _services()
    for name in SERVICES - {"redis"}:
        assert services[name].get("env_file") == ".env", name
    for name, service in services.items():
        assert "environment" not in service, f"{name} sets environment:"


def test_it_lists_every_variable_compose_refers_to_in_env_example():
    referenced = {
        name
        for text in _strings(_compose())
        for name in re.findall(r"\$\$?\{?([A-Za-z_][A-Za-z0-9_]*)", text)
    }
    assert referenced, "expected at least the db health check's $${POSTGRES_USER}"
    assert not referenced - set(_env_example())


def test_it_migrates_then_serves_once_db_and_redis_are_healthy():
    web = _services()["web"]
    assert re.search(r"migrate --no-input\s+&& exec gunicorn dus\.wsgi --workers 2", web["command"])
    assert "0.0.0.0:8000" in web["command"]
    assert "8000:8000" in web["ports"]
    for dependency in ("db", "redis"):
        assert web["depends_on"][dependency] == {"condition": "service_healthy"}


def test_it_runs_the_celery_worker_and_beat_after_migrations():
    services = _services()
    assert "celery -A dus worker --loglevel=info" in services["worker"]["command"]
    assert "celery -A dus beat --loglevel=info" in services["beat"]["command"]
    for name in ("worker", "beat"):
        assert services[name]["depends_on"]["web"] == {"condition": "service_healthy"}


def test_it_checks_the_health_of_db_redis_and_web_but_not_of_celery():
    services = _services()
    assert "pg_isready" in _health_test(services["db"])
    assert "redis-cli" in _health_test(services["redis"])
    assert "ping" in _health_test(services["redis"])
    assert "/healthz" in _health_test(services["web"])
    for name in ("worker", "beat"):
        assert services[name]["healthcheck"]["disable"] is True, name


def test_it_keeps_the_database_in_a_named_volume():
    assert "db-data:/var/lib/postgresql/data" in _services()["db"]["volumes"]
    assert "db-data" in _compose()["volumes"]


def test_it_is_valid_for_docker_compose(tmp_path):
    if not _docker_compose_available():
        pytest.skip("needs the docker compose plugin (docker compose version fails)")
    shutil.copy(COMPOSE, tmp_path / "docker-compose.yml")
    shutil.copy(ENV_EXAMPLE, tmp_path / ".env")
    result = subprocess.run(
        ["docker", "compose", "--project-directory", tmp_path, "config", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert set(config["services"]) == SERVICES
    assert config["services"]["web"]["environment"]["SECRET_KEY"] == _env_example()["SECRET_KEY"]


# Dockerfile and .dockerignore


def test_it_runs_the_image_as_a_non_root_user():
    users = [i.split()[1] for i in _dockerfile_instructions() if i.upper().startswith("USER ")]
    assert users, "the Dockerfile has no USER"
    assert users[-1] not in {"root", "0", "0:0"}


def test_it_keeps_build_time_settings_out_of_the_image():
    instructions = _dockerfile_instructions()
    for instruction in instructions:
        if instruction.upper().startswith(("ENV ", "ARG ")):
            assert "SECRET_KEY" not in instruction and "ALLOWED_HOSTS" not in instruction
    collectstatic = [i for i in instructions if "collectstatic --no-input" in i]
    assert collectstatic and collectstatic[0].startswith("RUN SECRET_KEY=")


def test_it_copies_what_settings_find_beside_the_packages():
    copied = {i.split()[1] for i in _dockerfile_instructions() if i.upper().startswith("COPY ")}
    assert {"manage.py", "templates", "static", "locale"} <= copied


def test_it_keeps_env_files_out_of_the_build_context():
    ignored = set(DOCKERIGNORE.read_text().splitlines())
    assert {".env", ".venv", ".git"} <= ignored
