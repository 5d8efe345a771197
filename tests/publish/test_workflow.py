"""The GitHub workflows: Pages (valid, builds with `make site`, deploys with the official actions,
from main only) and releases (on a version tag only: the same build, the tag checked against the
edition's version, the PDFs and the data archive of that version attached)."""

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


@pytest.mark.parametrize("path", [WORKFLOW, ".github/workflows/release.yml"])
def test_workflow_matches_githubs_schema(root, path):
    """check-jsonschema's vendored copy of the GitHub workflow schema: no network needed."""
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", path],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _triggers(workflow):
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def test_workflow_runs_on_push_to_main_and_by_hand(workflow):
    triggers = _triggers(workflow)
    assert triggers["push"] == {"branches": ["main"]}  # main only: a tag push (a release) publishes nothing
    assert set(triggers) == {"push", "workflow_dispatch"}


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


# --------------------------------------------------------------------------- releases

RELEASE = ".github/workflows/release.yml"


@pytest.fixture(scope="module")
def release(root):
    return yaml.safe_load((root / RELEASE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def version(root):
    result = subprocess.run([sys.executable, "-m", "build_tools", "version"], cwd=root, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def _step(job, words: str):
    """The one step whose `run` is `words` or, failing that, holds them."""
    found = [s for s in _steps(job) if s.get("run", "").strip() == words] or [s for s in _steps(job) if words in s.get("run", "")]
    assert len(found) == 1, f"{len(found)} steps run {words!r}"
    return found[0]


def test_release_runs_on_version_tags_only(release):
    assert _triggers(release) == {"push": {"tags": ["v*"]}}  # no branch, no pull request, not by hand
    assert release["permissions"]["contents"] == "write"
    assert "deploy" not in str(release) and "upload-pages-artifact" not in str(release)  # publishing is pages.yml's


def test_release_is_set_up_and_built_as_pages_is(release, workflow):
    """The same checkout, Python, Pages configuration and system packages as pages.yml, then `make site`."""
    job = release["jobs"]["release"]
    build = workflow["jobs"]["build"]
    assert job["runs-on"] == build["runs-on"]
    for action in ("actions/checkout", "actions/setup-python", "actions/configure-pages"):
        assert _uses(job, action) == _uses(build, action)
    runs = [s.get("run", "").strip() for s in _steps(job)]
    assert "make system-deps" in runs and "make site" in runs
    site = _step(job, "make site")
    pages_site = next(s for s in _steps(build) if s.get("run", "").strip() == "make site")
    assert site["env"]["EDITION_PDF"] == "1"  # a release without its PDFs fails
    assert {k: v for k, v in site["env"].items() if k != "EDITION_PDF"} == pages_site["env"]


def test_release_checks_the_tag_before_building(release):
    job = release["jobs"]["release"]
    steps = _steps(job)
    check = _step(job, "--check-tag")
    assert '--check-tag "$GITHUB_REF_NAME"' in check["run"]
    assert steps.index(check) < steps.index(_step(job, "make site"))
    assert "build_tools version)" in check["run"] and "GITHUB_ENV" in check["run"]  # VERSION for the later steps


def test_release_attaches_the_pdfs_and_the_versions_data_archive_with_the_changelog_as_notes(release):
    job = release["jobs"]["release"]
    steps = _steps(job)
    notes = _step(job, "version --notes >")
    assert notes["run"].strip() == ".venv/bin/python -m build_tools version --notes > release-notes.md"
    create = _step(job, "gh release create")
    assert steps.index(notes) < steps.index(create)
    words = create["run"].split()
    assert words[:4] == ["gh", "release", "create", '"$GITHUB_REF_NAME"']
    assert words[words.index("--notes-file") + 1] == "release-notes.md"
    assert words[words.index("--title") + 1] == '"v${VERSION}"'  # named after the version
    assert "site/pdf/*.pdf" in words and '"site/data/edition-data-${VERSION}.zip"' in words
    assert create["env"]["GH_TOKEN"] == "${{ github.token }}"


def test_release_fails_clearly_without_the_data_archive(release, version, tmp_path):
    """The files step, run as GitHub runs it (bash -e), on a site without and with the archive of this version."""
    job = release["jobs"]["release"]
    script = _step(job, "is missing")["run"]
    env = {"PATH": "/usr/bin:/bin", "VERSION": version}
    (tmp_path / "site" / "pdf").mkdir(parents=True)
    (tmp_path / "site" / "pdf" / "000.pdf").write_bytes(b"%PDF-")
    missing = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert missing.returncode == 1
    assert f"::error::the data archive site/data/edition-data-{version}.zip is missing" in missing.stdout
    (tmp_path / "site" / "data").mkdir()
    (tmp_path / "site" / "data" / f"edition-data-{version}.zip").write_bytes(b"PK")
    done = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    (tmp_path / "site" / "pdf" / "000.pdf").unlink()
    nothing = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert nothing.returncode == 1 and "no PDF" in nothing.stdout
