"""The tenant's token bucket: past its rate, 429 with Retry-After, as the real API does under load."""

from __future__ import annotations

from aiohttp import web

from ..rate_limit import retry_after
from ..tenant import Tenant

CODE = "ATLAS-429-00-001"


def rate_limit_refusal(tenant: Tenant) -> web.Response | None:
    """The 429 when the tenant's bucket is empty (taking a token when it is not); None to go on."""
    settings = tenant.settings
    wait = tenant.rate_limiter.take(tenant.clock.now_ms() / 1000.0, rate=settings.rate_limit, burst=settings.rate_burst)
    if wait <= 0:
        return None
    seconds = retry_after(wait)
    response = web.json_response(
        {
            "errorCode": CODE,
            "errorMessage": f"Rate limit exceeded: {settings.rate_limit:g} requests/s per tenant; retry after "
            f"{seconds} s",
        },
        status=429,
    )
    response.headers["Retry-After"] = str(seconds)
    response.headers["X-RateLimit-Limit"] = f"{settings.rate_limit:g}"
    response.headers["X-RateLimit-Remaining"] = "0"
    return response
