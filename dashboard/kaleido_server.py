"""One headless chromium (kaleido 1.x) kept warm for chart images: started on the first export, reused after.

Why not kaleido.start_sync_server: after every image kaleido reloads its page (plotly.js, ~4.5 MB, parsed
again) before it hands the image back, which cost ~0.2 s of each export; and its server thread waits for the
next job with a blocking queue inside its event loop, so nothing can run in the background. Here the event loop
runs in a thread of its own (jobs come in with run_coroutine_threadsafe), the page is kept between images and
reloaded only after a failed image and every RELOAD_EVERY images, in the background, after the image was
handed back. Plotly.toImage draws each figure in a fresh element and removes it, so one image cannot leak into
the next (tests/test_exports.py exports different figures in a row). Offline: plotly.js comes from the plotly
package, MathJax is off (its default is a CDN), fonts are the system's.

Thread-safe: Streamlit sessions may export at the same time; kaleido queues them on its one tab.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import threading

from etl.errors import MarsadError

RELOAD_EVERY = 100  # images between two page reloads (memory hygiene; costs one reload in the background)
RENDER_TIMEOUT = 90.0  # seconds for one image (kaleido's own limit); the browser is restarted after a timeout
START_TIMEOUT = 120.0


class ExportError(MarsadError):
    """An export could not be produced (e.g. no chromium for kaleido)."""


_LOCK = threading.Lock()
_server: _Server | None = None
_stop_at_exit = []  # one atexit hook per process


class _Server:
    """A thread running an event loop with one kaleido browser in it."""

    def __init__(self, browser: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="marsad-kaleido", daemon=True)
        self.thread.start()
        self.images = 0
        try:
            self.kaleido = self._call(_open(browser), START_TIMEOUT)
        except BaseException:
            self.loop.call_soon_threadsafe(self.loop.stop)
            raise

    def _call(self, coroutine, timeout: float):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def alive(self) -> bool:
        process = getattr(self.kaleido, "subprocess", None)
        return self.thread.is_alive() and process is not None and process.poll() is None

    def render(self, figure: dict, opts: dict) -> bytes:
        return self._call(self._render(figure, opts), RENDER_TIMEOUT + 5)

    async def _render(self, figure: dict, opts: dict) -> bytes:
        try:
            image = await self.kaleido.calc_fig(figure, opts=opts)
        except Exception:
            await _reload(self.kaleido)  # a fresh page after a failed image
            raise
        self.images += 1
        if self.images % RELOAD_EVERY == 0:
            asyncio.get_running_loop().create_task(_reload(self.kaleido))
        return image

    def close(self) -> None:
        try:
            self._call(self.kaleido.close(), 15)
        except Exception:  # noqa: BLE001  (closing at exit or after a crash: nothing left to save)
            pass
        self.loop.call_soon_threadsafe(self.loop.stop)


async def _open(browser: str):
    import kaleido

    class WarmKaleido(kaleido.Kaleido):
        async def _return_kaleido_tab(self, tab) -> None:
            # kaleido reloads the page here before the image is returned; the page is kept instead
            await self.tabs_ready.put(tab)

    k = WarmKaleido(path=browser, mathjax=False, n=1, timeout=RENDER_TIMEOUT)
    await k.open()
    return k


async def _reload(k) -> None:
    tab = await k.tabs_ready.get()
    try:
        await asyncio.wait_for(tab.reload(), 30)
    finally:
        await k.tabs_ready.put(tab)


def _browser() -> str:
    from etl.config import get_settings

    browser = str(get_settings().browser_path)
    if not os.access(browser, os.X_OK):
        # Fail here: a server whose browser never starts would block every later export.
        raise ExportError(f"chromium not found at {browser!r} (setting MARSAD_BROWSER_PATH); "
                          "chart and PDF exports need it")
    return browser


def _running() -> _Server:
    global _server
    with _LOCK:
        if _server is not None and not _server.alive():
            _server.close()
            _server = None
        if _server is None:
            browser = _browser()
            try:
                _server = _Server(browser)
            except Exception as exc:  # noqa: BLE001  (choreographer's errors: a one-line message instead)
                first = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
                reason = (first.strip().splitlines() or [type(exc).__name__])[0]
                raise ExportError(f"chromium at {browser!r} did not start for chart images: {reason}") from None
            if not _stop_at_exit:
                _stop_at_exit.append(atexit.register(stop))
        return _server


def render(figure: dict, fmt: str, *, width: int, height: int) -> bytes:
    """`figure` (a plotly figure dict, as from Figure.to_dict()) as PNG, SVG or PDF bytes."""
    try:
        return _running().render(figure, {"format": fmt, "width": width, "height": height})
    except TimeoutError:
        stop()  # a browser that does not answer is replaced on the next export
        raise ExportError(f"chromium did not draw the chart within {RENDER_TIMEOUT:.0f} s") from None


def stop() -> None:
    """Close the browser (the next render starts a new one)."""
    global _server
    with _LOCK:
        if _server is not None:
            _server.close()
            _server = None
