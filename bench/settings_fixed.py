"""Local settings with the tenant fixed (the throughput benchmark's baseline): the routing
middleware's place taken by one that fixes the tenant at start-up, nothing else changed."""

from core.settings.local import *

MIDDLEWARE = [
    "bench.fixed_schema.FixedSchemaMiddleware"
    if name == "tenants.routing.middleware.OrganizationRoutingMiddleware"
    else name
    for name in MIDDLEWARE
]
