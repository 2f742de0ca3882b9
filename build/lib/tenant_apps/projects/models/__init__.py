from tenant_apps.projects.models.project import Project, ProjectStatus

__all__ = ["Project", "ProjectStatus"]
