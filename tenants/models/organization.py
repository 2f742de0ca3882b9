from django.db import models
from django_tenants.models import DomainMixin, TenantMixin


class Organization(TenantMixin):
    name = models.CharField(max_length=200)
    auto_create_schema = False


class Domain(DomainMixin):
    pass
