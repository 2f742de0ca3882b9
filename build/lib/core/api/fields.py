from rest_framework import serializers

# The largest id a bigint primary key holds: ids from clients above it are refused with a
# 400 before they reach the database (where they would be a 500).
MAX_DATABASE_ID = 2**63 - 1


class StrictCharField(serializers.CharField):
    """A CharField that refuses numbers and other non-strings instead of converting them."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
