from django.db import models


class Widget(models.Model):
    """A tenant table for the migration benchmark (installed only by bench.settings)."""

    name = models.CharField(max_length=100)

    class Meta:
        app_label = "benchapp"

    def __str__(self) -> str:
        return self.name
