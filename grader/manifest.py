"""The tasks/ manifests: which tasks each STEP grades, their points and dependencies."""

import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python < 3.11 only
    import tomli as tomllib


class ManifestError(ValueError):
    """A manifest file is missing, unreadable, or inconsistent."""


@dataclass(frozen=True)
class Task:
    """One graded task: a group of tests sharing ``points``."""

    id: str
    step: int
    module: str
    title: str
    functions: tuple
    points: float
    depends: tuple = ()
    time_limit_s: float = 60.0


@dataclass
class Manifest:
    """All tasks of the kit, by id, in file order."""

    tasks: dict = field(default_factory=dict)

    def affected_by(self, task_id):
        """``task_id`` and every task that depends on it, directly or not."""
        affected = {task_id}
        changed = True
        while changed:
            changed = False
            for task in self.tasks.values():
                if task.id not in affected and affected.intersection(task.depends):
                    affected.add(task.id)
                    changed = True
        return affected

    @property
    def total_points(self):
        return sum(task.points for task in self.tasks.values())


def _require(table, key, kind, where):
    if key not in table:
        raise ManifestError(f"{where}: missing key {key!r}")
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ManifestError(f"{where}: {key} must be {kind}, got {value!r}")
    return value


def load_manifest(tasks_dir):
    """Read every ``*.toml`` in ``tasks_dir`` into one Manifest.

    Raises ManifestError naming the file and key for anything malformed: a bad
    TOML file, a missing or mistyped key, a duplicate task id, a dependency on a
    task that does not exist, or points that are not positive.
    """
    tasks_dir = Path(tasks_dir)
    paths = sorted(tasks_dir.glob("*.toml"))
    if not paths:
        raise ManifestError(f"no task manifests (*.toml) in {tasks_dir}")
    manifest = Manifest()
    for path in paths:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ManifestError(f"{path}: cannot read: {error}") from error
        step = _require(data, "step", int, path)
        module = _require(data, "module", str, path)
        for task_id, table in _require(data, "tasks", dict, path).items():
            where = f"{path}: task {task_id}"
            if task_id in manifest.tasks:
                raise ManifestError(f"{where}: id used twice")
            points = _require(table, "points", (int, float), where)
            if points <= 0:
                raise ManifestError(f"{where}: points={points} must be > 0")
            manifest.tasks[task_id] = Task(
                id=task_id,
                step=step,
                module=table.get("module", module),
                title=_require(table, "title", str, where),
                functions=tuple(_require(table, "functions", list, where)),
                points=float(points),
                depends=tuple(table.get("depends", ())),
                time_limit_s=float(table.get("time_limit_s", 60.0)),
            )
    for task in manifest.tasks.values():
        unknown = [name for name in task.depends if name not in manifest.tasks]
        if unknown:
            raise ManifestError(f"task {task.id} depends on unknown task(s) {unknown}")
    return manifest
