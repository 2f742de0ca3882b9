from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """A CharField that refuses numbers and other non-strings instead of converting them."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
