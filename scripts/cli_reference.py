"""Regenerate docs/cli.md from the commands' own --help.

    python scripts/cli_reference.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ["extract", "ingest", "reextract", "entities", "show", "neighbors", "path",
            "timeline", "diff", "brokers", "blocs", "contradictions", "export", "review",
            "review merge", "review split", "review reject", "review confirm",
            "review reliability", "review list", "review withdraw", "muc4", "eval", "ontology"]


def main() -> None:
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    parts = ["# Command-line reference\n",
             "Generated from `allegiance COMMAND --help` by `scripts/cli_reference.py`. Results "
             "go to stdout, messages and progress to stderr; every error is one line "
             "`Error: ...` with exit status 1. Every command that reads or writes a store takes "
             "`--db` (an SQLite file, the default `allegiance.db`, or a `postgresql://` URL; "
             "also `$ALLEGIANCE_DB`).\n"]
    for command in COMMANDS:
        done = subprocess.run([str(Path(sys.executable).parent / "allegiance"), *command.split(),
                               "--help"],
                              capture_output=True, text=True, env=env, check=True)
        text = "\n".join(line.rstrip() for line in done.stdout.splitlines()).strip("\n")
        parts.append(f"## allegiance {command}\n\n```text\n{text}\n```\n")
    (ROOT / "docs" / "cli.md").write_text("\n".join(parts))


if __name__ == "__main__":
    main()
