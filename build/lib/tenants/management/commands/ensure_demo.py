from django.conf import settings
from django.core.management.base import BaseCommand

from tenants.services.demo import DEMO_PASSWORD, demo_ensure


class Command(BaseCommand):
    help = "Make sure the demo organization `acme`, its owner and a platform admin exist."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000", help="Port shown in the printed URLs.")

    def handle(self, *args, port: str, **options):
        demo = demo_ensure()
        base = f"{settings.TENANT_BASE_DOMAIN}:{port}"
        org_host = f"{demo.organization.primary_hostname}:{port}"
        lines = [
            "",
            "Tenantry development server",
            f"  Platform health          http://{base}/api/v1/health/",
            f"  Platform API             http://{base}/api/v1/platform/organizations/",
            f"  Django admin             http://{base}/admin/",
            f"  Demo organization        http://{org_host}/",
            f"  Demo owner               {demo.owner.email} / {DEMO_PASSWORD}",
            f"  Demo member              {demo.member.email} / {DEMO_PASSWORD}",
            f"  Demo viewer              {demo.viewer.email} / {DEMO_PASSWORD}",
            f"  Platform admin           {demo.platform_admin.email} / {DEMO_PASSWORD}",
            f"  Try   curl -H 'Host: {demo.organization.primary_hostname}' "
            f"localhost:{port}/api/v1/health/",
            "",
        ]
        self.stdout.write("\n".join(lines))
