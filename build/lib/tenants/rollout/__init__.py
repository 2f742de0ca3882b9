"""The rollout: after a deploy, the shared schema, then every organization's schema, one
rollout at a time (service, runner, lock); and whether a schema another code version has
migrated still serves this code (state). How one schema is migrated is the schema engine's
(tenants.schemas). (Not named `migrations`: that is Django's.)"""
