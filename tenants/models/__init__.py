from tenants.models.backup import BACKUP_TASK, Backup, BackupKind
from tenants.models.job import Job, JobState
from tenants.models.membership_index import MembershipIndex
from tenants.models.migration_state import MigrationState
from tenants.models.organization import Domain, Organization, OrganizationStatus
from tenants.models.schema_template import SchemaTemplate
from tenants.models.spare_schema import SpareSchema

__all__ = [
    "BACKUP_TASK",
    "Backup",
    "BackupKind",
    "Domain",
    "Job",
    "JobState",
    "MembershipIndex",
    "MigrationState",
    "Organization",
    "OrganizationStatus",
    "SchemaTemplate",
    "SpareSchema",
]
