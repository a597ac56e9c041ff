"""One loader for every data file under `allegiance/data/`: JSONL and YAML, checked row by row.

Rows are validated against a pydantic model; a bad row raises
`InvalidData("lexicons/triggers.jsonl:17: ...")`. Results are cached, so each file is read once
per process.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import InvalidData

M = TypeVar("M", bound=BaseModel)


def data_path(name: str) -> Path:
    """Path of a file inside the package's data folder, e.g. `data_path("ontology.yaml")`."""
    return Path(str(resources.files("allegiance") / "data" / name))


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    path = data_path(name)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InvalidData(f"{name}: missing data file") from exc
    except yaml.YAMLError as exc:
        raise InvalidData(f"{name}: {str(exc).splitlines()[0]}") from exc


def read_jsonl(path: Path, label: str, model: type[M]) -> tuple[M, ...]:
    """Rows of a JSON Lines file as `model` instances; blank lines and `//` comments skipped."""
    rows: list[M] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InvalidData(f"{label}: missing data file") from exc
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            rows.append(model.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InvalidData(f"{label}:{number}: invalid JSON ({exc.msg})") from exc
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise InvalidData(f"{label}:{number}: {where}: {first['msg']}") from exc
    return tuple(rows)


@lru_cache(maxsize=None)
def load_jsonl(name: str, model: type[M]) -> tuple[M, ...]:
    """Rows of `data/<name>` checked against `model`, cached."""
    return read_jsonl(data_path(name), name, model)
