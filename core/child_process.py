"""A second plain-Python process on the other core (the audit check's fast pass, the overlay at province scale):
the interpreter to start it with, and starting a module's ``child_main`` with pipes to talk to it. Inside QGIS
desktop ``sys.executable`` is QGIS itself, so the interpreter is looked for beside the running Python."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Optional


def python_executable() -> Optional[str]:
    """A Python interpreter to start a helper with, or None where there is none to be found."""
    exe = Path(sys.executable or "")
    if exe.name.lower().startswith("python") and exe.is_file():
        return str(exe)
    base = Path(sys.exec_prefix)
    for c in (base / "python.exe", base / "python3.exe",
              base / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"):
        if c.is_file():
            return str(c)
    return None


def start_child(module: str, text: bool = False) -> Optional[subprocess.Popen]:
    """``<this package>.<module>.child_main()`` in a new process with its stdin and stdout piped (text in UTF-8
    when ``text``), its stderr discarded; None when it cannot be started."""
    python = python_executable()
    if python is None:
        return None
    root = str(Path(__file__).parent.parent.parent)   # the folder holding the package (not resolved: a link)
    package = __name__.rsplit(".", 2)[0]
    code = ("import sys, importlib; sys.path.insert(0, sys.argv[1]); "
            "importlib.import_module(sys.argv[2] + '.' + sys.argv[3]).child_main()")
    options = {"text": True, "encoding": "utf-8"} if text else {}
    try:
        return subprocess.Popen([python, "-c", code, root, package, module], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0), **options)
    except (OSError, ValueError):
        return None
