"""The ceiling: a bare aiohttp handler that returns a fixed JSON body, nothing else."""

from __future__ import annotations

import sys

from aiohttp import web


def main() -> None:
    with open(sys.argv[1], "rb") as fh:
        body = fh.read()
    port = int(sys.argv[2])

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json")

    app = web.Application()
    app.router.add_get("/api/meta/entity/guid/{guid}", handler)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
