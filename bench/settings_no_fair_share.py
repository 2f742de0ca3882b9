"""Local settings without fair share (tenants/routing/fair_share.py): the throughput
benchmark's measure of what fair share costs an unsaturated request."""

from core.settings.local import *

MIDDLEWARE = [
    name for name in MIDDLEWARE if name != "tenants.routing.fair_share.FairShareMiddleware"
]
