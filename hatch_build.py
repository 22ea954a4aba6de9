"""Build hook: validate the bundled knowledge base and ship the result in the wheel (see load/snapshot.py)."""

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class KnowledgeBaseSnapshot(BuildHookInterface):  # type: ignore[misc]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads data/ itself, and validates it in full
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        from irtele_cli.load.knowledge import load_knowledge_base
        from irtele_cli.load.snapshot import SNAPSHOT_NAME, write_snapshot

        data = root / "data"
        target = Path(tempfile.mkdtemp()) / SNAPSHOT_NAME
        write_snapshot(load_knowledge_base(data), data, target)
        build_data["force_include"][str(target)] = f"irtele_cli/{SNAPSHOT_NAME}"
