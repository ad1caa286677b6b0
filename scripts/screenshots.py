# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Take the README's screenshots from a running `make demo` (headless Chromium).

Usage: python3 scripts/screenshots.py [--url http://localhost:8069] [--lang zh_CN]
       [--login admin --password admin] OUT.png PATH [OUT.png PATH …]

PATH is an Odoo web client path such as ``/odoo/after-sales-requests``; append
``|CSS-SELECTOR`` to click an element (a notebook tab) before the shot. The script
logs in through /web/session/authenticate, hands the session cookie to Chromium over
the DevTools protocol and saves one PNG per path.
"""

import argparse
import base64
import json
import subprocess
import tempfile
import time
import urllib.request

import websocket


def session_id(url, db, login, password):
    payload = json.dumps(
        {"params": {"db": db, "login": login, "password": password}}
    ).encode()
    request = urllib.request.Request(
        f"{url}/web/session/authenticate",
        data=payload,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            if header.startswith("session_id="):
                return header.split(";")[0].split("=", 1)[1]
    raise SystemExit("login failed")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="after_sales_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--wait", type=float, default=6.0)
    parser.add_argument("pairs", nargs="+")
    args = parser.parse_args()
    sid = session_id(args.url, args.db, args.login, args.password)
    port = 9333
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        chrome = subprocess.Popen(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                f"--remote-debugging-port={port}",
                "--window-size=1440,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(50):
                try:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/json", timeout=2
                    ) as r:
                        targets = json.load(r)
                    break
                except OSError:
                    time.sleep(0.2)
            page = next(t for t in targets if t["type"] == "page")
            ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
            counter = iter(range(1, 10**6))

            def call(method, **params):
                msg_id = next(counter)
                ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
                while True:
                    msg = json.loads(ws.recv())
                    if msg.get("id") == msg_id:
                        return msg.get("result", {})

            call("Network.enable")
            host = args.url.split("//", 1)[1].split(":")[0]
            call(
                "Network.setCookie", name="session_id", value=sid, domain=host, path="/"
            )
            call(
                "Emulation.setDeviceMetricsOverride",
                width=1440,
                height=900,
                deviceScaleFactor=1,
                mobile=False,
            )
            pairs = args.pairs
            for out, path in zip(pairs[::2], pairs[1::2], strict=True):
                path, _sep, selector = path.partition("|")
                call("Page.navigate", url=args.url + path)
                time.sleep(args.wait)
                if selector:
                    call(
                        "Runtime.evaluate",
                        expression=f"document.querySelector({json.dumps(selector)})"
                        ".click()",
                    )
                    time.sleep(1.5)
                data = call("Page.captureScreenshot", format="png")["data"]
                with open(out, "wb") as fh:
                    fh.write(base64.b64decode(data))
                print(out)
            ws.close()
        finally:
            chrome.terminate()


if __name__ == "__main__":
    main()
