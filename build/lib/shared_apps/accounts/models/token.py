from django.conf import settings
from django.db import models


class AccessToken(models.Model):
    """A bearer token, stored only as its SHA-256 digest.

    Our own small model rather than django-rest-knox: knox authenticates with a prefix
    lookup plus a scan of the user's other tokens (two queries and possible deletes per
    request); a digest lookup of a 256-bit random token is one indexed query, and the
    digest alone cannot be replayed.
    """

    digest = models.CharField(max_length=64, unique=True)
    key_prefix = models.CharField(max_length=8, help_text="First characters, to recognise it.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key_prefix}… ({self.user_id})"
