"""The local SMTP server `make run` starts for the feedback service: it sends nothing on, and keeps each
message it receives as an .eml file under var/mail/ (open it in any mail reader), listed in index.jsonl."""

from __future__ import annotations

import itertools
import json
import threading
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class _Keeper:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._count = itertools.count(1)
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw: bytes = envelope.original_content or envelope.content
        message = message_from_bytes(raw, policy=policy.default)
        now = datetime.now(UTC)
        with self._lock:
            name = f"{now:%Y%m%dT%H%M%S}-{next(self._count):05d}.eml"
            (self.folder / name).write_bytes(raw)
            entry = {
                "file": name,
                "received_at": now.isoformat(timespec="seconds"),
                "from": envelope.mail_from,
                "to": list(envelope.rcpt_tos),
                "subject": str(message["Subject"] or ""),
                "purpose": str(message["X-Folkevalgt-Purpose"] or ""),
                "item": str(message["X-Folkevalgt-Item"] or ""),
            }
            with (self.folder / "index.jsonl").open("a", encoding="utf-8") as index:
                index.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return "250 Message accepted for delivery"


class MailSink:
    """An SMTP server on `host:port` in a thread of the calling process."""

    def __init__(self, folder: Path, host: str, port: int) -> None:
        self.folder = folder
        self.controller = Controller(_Keeper(folder), hostname=host, port=port)

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()


def read_index(folder: Path) -> list[dict[str, Any]]:
    """What the sink has received, oldest first."""
    index = folder / "index.jsonl"
    if not index.exists():
        return []
    return [json.loads(line) for line in index.read_text(encoding="utf-8").splitlines() if line.strip()]
