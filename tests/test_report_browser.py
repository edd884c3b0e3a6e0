"""The HTML report in a real headless Chromium, driven over the DevTools protocol through
``--remote-debugging-pipe`` (JSON messages ending in a NUL byte, read by the browser on fd 3 and
written on fd 4) with the standard library only: the page loads from a file with no console
error, no exception and no request but for itself and its data: pictures; every picture shows;
at a phone's width nothing overflows sideways; it prints. Screenshots are kept under
build/test-artifacts/ for a person to look at."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO
from test_report import fixture_snapshot, with_process

from kpageflags.htmlreport import gather, render
from kpageflags.htmlreport.charts import load_charts
from kpageflags.sources.snapshot import Snapshot

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "build" / "test-artifacts"
# Everything that would reach a network in a closed one is off, so nothing waits on it.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--remote-debugging-pipe",
)
TIMEOUT = 120.0
PHONE_WIDTH = 375

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium installed (apt-get install chromium; .ci/run does)"),
]


class DevTools:
    """One Chromium and one page in it, spoken to over the pipe."""

    def __init__(self, chromium: str, profile: Path, log: Path) -> None:
        to_browser, self._send_end = os.pipe()
        self._receive_end, from_browser = os.pipe()

        def on_fds_3_and_4() -> None:
            # The browser wants the pipe on fds 3 and 4 exactly; copies above both come first,
            # in case either end is already 3 or 4.
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser, from_browser)]
            for wanted, fd in zip((3, 4), high):
                os.dup2(fd, wanted)

        with open(log, "wb") as errors:
            self.process = subprocess.Popen(
                [chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                close_fds=False,  # only the two ends made inheritable on 3 and 4 pass on
                preexec_fn=on_fds_3_and_4,
                stdin=subprocess.DEVNULL,
                stdout=errors,
                stderr=errors,
            )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._send_end, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                assert "error" not in reply, (method, reply["error"])
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        return self.call(method, self.session, **params)

    def wait_for(self, event: str) -> None:
        while not any(seen.get("method") == event for seen in self.events):
            self.events.append(self._receive())

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._receive_end], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, "chromium did not answer in time"
            data = os.read(self._receive_end, 1 << 20)
            assert data, "chromium closed the pipe"
            self._buffer += data
        message, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(message))

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except AssertionError:
            pass
        finally:
            os.close(self._send_end)
            os.close(self._receive_end)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    assert CHROMIUM is not None
    tools = DevTools(CHROMIUM, tmp_path / "profile", tmp_path / "chromium.log")
    try:
        for domain in ("Page", "Runtime", "Log", "Network"):
            tools.page(f"{domain}.enable")
        yield tools
    finally:
        tools.close()


def load(browser: DevTools, url: str) -> None:
    browser.events.clear()
    browser.page("Page.navigate", url=url)
    browser.wait_for("Page.loadEventFired")


def screenshot(browser: DevTools, name: str) -> Path:
    picture = browser.page("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(base64.b64decode(picture["data"]))
    return path


def evaluate(browser: DevTools, expression: str) -> Any:
    result = browser.page("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
    assert "exceptionDetails" not in result, result
    return result["result"]["value"]


PICTURES = """Promise.all([...document.images].map(i => i.decode().then(() => true, () => false))).then(decoded =>
  [...document.querySelectorAll('figure')].map((figure, n) => {
    const image = figure.querySelector('img'), box = image.getBoundingClientRect();
    return {alt: image.alt, decoded: decoded[[...document.images].indexOf(image)], width: box.width,
            height: box.height, natural: image.naturalWidth, hidden: getComputedStyle(figure).display === 'none'};
  }))"""
# Where each table caption's text ends, and where the scrolling box it is in shows no more.
CAPTIONS = """[...document.querySelectorAll('.table-box caption')].map(caption => {
  const text = document.createRange(); text.selectNodeContents(caption);
  return {caption: caption.textContent.slice(0, 50), ends: text.getBoundingClientRect().right,
          shown: caption.closest('.table-box').getBoundingClientRect().right};
})"""
OVERFLOW = "({page: document.documentElement.scrollWidth, body: document.body.scrollWidth, view: window.innerWidth})"


def problems(browser: DevTools, url: str) -> list[str]:
    """Console errors and warnings, exceptions, and requests for anything but the page and data: URIs."""
    found = []
    for event in browser.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            found.append(f"exception: {params['exceptionDetails']}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
            found.append(f"console {params['type']}: {params.get('args')}")
        elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
            found.append(f"log: {params['entry'].get('text')} {params['entry'].get('url', '')}")
        elif method == "Network.requestWillBeSent":
            requested = params["request"]["url"]
            if requested != url and not requested.startswith("data:"):
                found.append(f"request: {requested}")
    return found


def test_the_report_loads_offline_shows_every_picture_and_fits_a_phone(browser: DevTools, tmp_path: Path) -> None:
    from slabtrees import synthetic
    from test_slab import add_slab_to_snapshot

    snapshot = add_slab_to_snapshot(
        with_process(fixture_snapshot(tmp_path), tmp_path / "p.kpf"), tmp_path / "s.kpf", synthetic(tmp_path / "t", 20)
    )
    loading = load_charts()
    charts = loading is not None and loading.loaded()
    with Snapshot(str(snapshot)) as source:
        page = tmp_path / "report.html"
        page.write_text(render(gather(source), charts=charts))
    url = page.as_uri()

    browser.page("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
    load(browser, url)
    assert problems(browser, url) == []
    pictures = evaluate(browser, PICTURES)
    assert len(pictures) == (7 if charts else 1), pictures  # composition per node, zone, process, cgroup
    for picture in pictures:
        assert picture["decoded"] and picture["natural"] > 0, picture
        assert picture["width"] > 100 and picture["height"] > 50 and not picture["hidden"], picture
    assert evaluate(browser, "document.querySelectorAll('table').length") >= 10
    assert_captions_shown_whole(browser)
    assert screenshot(browser, "report-desktop.png").stat().st_size > 10_000

    browser.page("Emulation.setDeviceMetricsOverride", width=PHONE_WIDTH, height=800, deviceScaleFactor=2, mobile=True)
    load(browser, url)
    assert problems(browser, url) == []
    widths = evaluate(browser, OVERFLOW)
    assert widths["page"] <= widths["view"] and widths["body"] <= widths["view"], widths
    for picture in evaluate(browser, PICTURES):
        assert 0 < picture["width"] <= PHONE_WIDTH, picture
    assert_captions_shown_whole(browser)
    screenshot(browser, "report-phone.png")

    browser.page("Emulation.setEmulatedMedia", media="print")
    assert evaluate(browser, "getComputedStyle(document.querySelector('nav')).display") == "none"
    pdf = base64.b64decode(browser.page("Page.printToPDF")["data"])
    assert pdf.startswith(b"%PDF")
    (ARTIFACTS / "report.pdf").write_bytes(pdf)


def assert_captions_shown_whole(browser: DevTools) -> None:
    """A caption wraps within what its table's box shows: in a table wider than the screen, it
    is read without scrolling, and not cut at the box's edge."""
    captions = evaluate(browser, CAPTIONS)
    assert captions
    for caption in captions:
        assert caption["ends"] <= caption["shown"] + 1, caption
