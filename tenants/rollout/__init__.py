"""Per-organization migrations: what "fully migrated" means, rolling out to every schema,
and testing migrations in a scratch schema. (Not named `migrations`: that is Django's.)"""
