"""A TCP proxy that can be cut and restored, or frozen: a database that goes down and comes back,
or one that stops answering while its connections stay open.

Runs its own event loop in a thread, so that blocking code under test (the store) can use it.
``down()`` closes the listening socket and every open connection; ``up()`` listens again on the
same port. ``freeze()`` keeps accepting and holding connections but forwards nothing, either
way, on new or open ones; ``thaw()`` lets what was held through.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._flowing = asyncio.Event()
        self._flowing.set()
        threading.Thread(target=self._loop.run_forever, daemon=True).start()

    def up(self) -> TcpProxy:
        asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(5)
        return self

    def down(self) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(5)

    def freeze(self) -> None:
        asyncio.run_coroutine_threadsafe(self._flow(False), self._loop).result(5)

    def thaw(self) -> None:
        asyncio.run_coroutine_threadsafe(self._flow(True), self._loop).result(5)

    async def _flow(self, on: bool) -> None:
        (self._flowing.set if on else self._flowing.clear)()

    def stop(self) -> None:
        self.down()
        self._loop.call_soon_threadsafe(self._loop.stop)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._client, "127.0.0.1", self.port, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.close()
        self._writers.clear()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        await self._flowing.wait()  # frozen: the connection is accepted and held, never answered
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError, asyncio.CancelledError):
            while data := await reader.read(65536):
                await self._flowing.wait()
                writer.write(data)
                await writer.drain()
        writer.close()
        self._writers.discard(writer)
