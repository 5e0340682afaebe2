"""Headless Chromium, offline, driven over the DevTools protocol: what a page shows once it has loaded.

Tests that use it skip where no Chromium is installed (``CHROMIUM`` is None). Every host name
resolves to nothing, so a page that needs the network shows what it shows without it.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def evaluate(url: str, expression: str, *, settle: float = 1.5) -> Any:
    """Load ``url`` in headless Chromium with no network, wait ``settle`` seconds, return ``expression``'s value."""
    from tornado.websocket import websocket_connect  # tornado comes with Jupyter's kernel (the test extra)

    assert CHROMIUM is not None
    # Chromium's helper processes may still write to the profile as it goes: its removal may not fail the test
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        browser = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={profile}",
                "--remote-debugging-port=0",  # Chromium picks a port and writes it to DevToolsActivePort
                "--remote-allow-origins=*",
                "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: no host name resolves
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so that all of it is stopped
        )
        try:
            active = Path(profile) / "DevToolsActivePort"
            deadline = time.monotonic() + 30
            while not (active.is_file() and len(active.read_text().split()) >= 2):
                assert time.monotonic() < deadline, "Chromium did not start"
                time.sleep(0.1)
            port = active.read_text().split()[0]

            async def run() -> Any:
                socket = await websocket_connect(f"ws://127.0.0.1:{port}{active.read_text().split()[1]}")
                calls = 0

                async def call(method: str, session: str | None = None, **params: Any) -> Any:
                    nonlocal calls
                    calls += 1
                    request = {"id": calls, "method": method, "params": params}
                    socket.write_message(json.dumps(request | ({"sessionId": session} if session else {})))
                    while True:
                        message = json.loads(await socket.read_message())
                        if message.get("id") == calls:
                            return message.get("result", {})

                target = await call("Target.createTarget", url=url)
                session = (await call("Target.attachToTarget", targetId=target["targetId"], flatten=True))["sessionId"]
                await asyncio.sleep(settle)
                try:
                    result = await call(
                        "Runtime.evaluate", session, expression=expression, returnByValue=True, awaitPromise=True
                    )
                finally:
                    socket.close()
                    while await socket.read_message() is not None:  # until Chromium has closed it too
                        pass
                return result["result"].get("value")

            return asyncio.run(run())
        finally:
            os.killpg(browser.pid, signal.SIGTERM)  # the browser and its helpers
            browser.wait()
