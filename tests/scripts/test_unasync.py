"""scripts/unasync.py: each sync twin is its asyncio source's text without async, await and the Async prefix, but
for the lines the source marks."""

from __future__ import annotations

from scripts import unasync

HEADER = unasync.HEADER.format(summary="`client.instruments`: the sync resources", source="_async_resources.py")


def test_the_committed_sync_twins_are_their_sources_unasynced() -> None:
    assert unasync.main(["--check"]) == 0, "run `python -m scripts.unasync`"


def test_render_takes_out_async_await_and_the_async_prefixes() -> None:
    source = (
        '"""Async docs."""\n\n\nclass AsyncThing:\n'
        "    async def get(self, client: AsyncCaller) -> int:\n"
        "        async with _AsyncLock():\n"
        "            await client.aclose()\n"
        "        return await async_call(client.set_async_client, Asynchronous)\n"
    )
    assert unasync.render(source, "_resources.py") == (
        f"{HEADER}\n\nclass Thing:\n"
        "    def get(self, client: Caller) -> int:\n"
        "        with _Lock():\n"
        "            client.close()\n"
        "        return call(client.set_client, Asynchronous)\n"
    )


def test_a_marked_line_is_replaced_or_dropped_in_the_twin() -> None:
    source = (
        '"""Docs."""\n\n'
        "# async only: the twin sleeps with time.sleep\n"
        "import asyncio\n"
        "import time\n\n\n"
        "async def wait() -> None:\n"
        "    # sync: time.sleep(1)\n"
        "    await asyncio.sleep(1)\n"
    )
    assert unasync.render(source, "_resources.py") == (
        f"{HEADER}\nimport time\n\n\ndef wait() -> None:\n    time.sleep(1)\n"
    )
