"""The command line page's GitHub Actions workflow and pre-commit hook are files those
tools take as they are: copied into place, they run."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

CLI_PAGE = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _blocks() -> list[dict[Any, Any]]:
    text = CLI_PAGE.read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def test_the_github_actions_workflow_says_when_it_runs() -> None:
    (workflow,) = [b for b in _blocks() if isinstance(b, dict) and "jobs" in b]
    # YAML 1.1, as PyYAML reads it, takes the key 'on' for true; GitHub reads it as 'on'
    assert "on" in workflow or True in workflow
    for job in workflow["jobs"].values():
        assert "runs-on" in job
        assert all("uses" in step or "run" in step for step in job["steps"])


def test_the_pre_commit_hook_has_the_keys_pre_commit_needs() -> None:
    (config,) = [b for b in _blocks() if isinstance(b, dict) and "repos" in b]
    for repo in config["repos"]:
        assert repo["repo"] == "local"
        for hook in repo["hooks"]:
            assert {"id", "name", "entry", "language"} <= set(hook)
            re.compile(hook["files"])
