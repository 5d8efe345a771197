"""The GitHub Pages workflow: valid, builds with `make site`, deploys with the official actions."""

import re
import subprocess
import sys

import pytest
import yaml

WORKFLOW = ".github/workflows/pages.yml"


@pytest.fixture(scope="module")
def workflow(root):
    return yaml.safe_load((root / WORKFLOW).read_text(encoding="utf-8"))


def _steps(job):
    return job["steps"]


def _uses(job, action):
    found = [s for s in _steps(job) if s.get("uses", "").split("@")[0] == action]
    assert found, f"no step uses {action}"
    assert all(re.fullmatch(r"v\d+", s["uses"].split("@")[1]) for s in found), "pin a major version"
    return found[0]


def test_workflow_matches_githubs_schema(root):
    """check-jsonschema's vendored copy of the GitHub workflow schema: no network needed."""
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", WORKFLOW],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_runs_on_push_to_main_and_by_hand(workflow):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "main" in triggers["push"]["branches"]
    assert "workflow_dispatch" in triggers


def test_workflow_has_the_permissions_and_concurrency_pages_needs(workflow):
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False  # never cut a deployment short


def test_build_job_runs_the_readme_command_and_uploads_site(workflow, root):
    build = workflow["jobs"]["build"]
    _uses(build, "actions/checkout")
    _uses(build, "actions/setup-python")
    _uses(build, "actions/configure-pages")
    runs = [s.get("run", "").strip() for s in _steps(build)]
    assert "make system-deps" in runs or "bash scripts/install-system-deps.sh" in runs
    assert "make site" in runs, "the site must be built exactly as the README says"
    assert runs.index("make system-deps") < runs.index("make site")
    upload = _uses(build, "actions/upload-pages-artifact")
    mkdocs_yml = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(rf"^site_dir: {re.escape(upload['with']['path'])}$", mkdocs_yml, re.M)
    # the built site is link-checked before it is uploaded
    check = next(i for i, r in enumerate(runs) if "build_tools linkcheck" in r)
    assert runs.index("make site") < check < _steps(build).index(upload)


def test_site_url_and_repo_url_come_from_the_repository(workflow, root):
    build = workflow["jobs"]["build"]
    step = next(s for s in _steps(build) if s.get("run", "").strip() == "make site")
    pages_id = _uses(build, "actions/configure-pages")["id"]
    assert f"steps.{pages_id}.outputs.base_url" in step["env"]["SITE_URL"]
    assert "github.repository" in step["env"]["REPO_URL"]
    # mkdocs.yml reads the same two variables, in one place
    mkdocs_yml = (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^site_url: !ENV \[SITE_URL,", mkdocs_yml, re.M)
    assert re.search(r"^repo_url: !ENV \[REPO_URL,", mkdocs_yml, re.M)


def test_site_url_and_repo_url_are_read_from_the_environment(root, monkeypatch):
    from mkdocs.config import load_config

    monkeypatch.setenv("SITE_URL", "https://someone.github.io/edition/")
    monkeypatch.setenv("REPO_URL", "https://github.com/someone/edition")
    config = load_config(str(root / "mkdocs.yml"))
    assert config["site_url"] == "https://someone.github.io/edition/"
    assert config["repo_url"] == "https://github.com/someone/edition"


def test_deploy_job_uses_deploy_pages(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" or "build" in deploy["needs"]
    step = _uses(deploy, "actions/deploy-pages")
    assert deploy["environment"]["name"] == "github-pages"
    assert f"steps.{step['id']}.outputs.page_url" in deploy["environment"]["url"]
