"""Who is writing: every audit record names the operator and the machine."""
from __future__ import annotations

import getpass
import os
import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    username: str
    host: str

    @classmethod
    def current(cls) -> Actor:
        name = os.environ.get("WPZF_USER")
        if not name:
            try:
                name = getpass.getuser()
            except Exception:  # no login name in some containers/services
                name = "unknown"
        return cls(name, socket.gethostname())
