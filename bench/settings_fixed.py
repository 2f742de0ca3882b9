"""Local settings with the tenant fixed (the throughput benchmark's baseline)."""

from core.settings.local import *

MIDDLEWARE = ["bench.fixed_schema.FixedSchemaMiddleware", *MIDDLEWARE[1:]]
