"""scripts/unasync.py: the sync resources are the async ones' text without async, await and the Async prefix."""

from __future__ import annotations

from scripts import unasync


def test_the_committed_sync_resources_are_the_async_ones_unasynced() -> None:
    assert unasync.main(["--check"]) == 0, "run `python -m scripts.unasync`"


def test_render_takes_out_async_await_and_the_async_prefix() -> None:
    source = (
        '"""Async docs."""\n\n\nclass AsyncThing:\n'
        "    async def get(self, client: AsyncCaller) -> int:\n"
        "        return await client.call(Asynchronous)\n"
    )
    assert unasync.render(source) == (
        f"{unasync.HEADER}\n\nclass Thing:\n"
        "    def get(self, client: Caller) -> int:\n"
        "        return client.call(Asynchronous)\n"
    )
