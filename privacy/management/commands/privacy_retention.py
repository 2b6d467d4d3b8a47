"""`manage.py privacy_retention [--dry-run]`: apply the retention period of CVs and dossiers now."""

from django.core.management.base import BaseCommand

from privacy.services import retention_apply


class Command(BaseCommand):
    help = (
        "Delete the CVs and dossiers of consultants who left the company longer ago than "
        "PRIVACY_RESUME_RETENTION_MONTHS; --dry-run lists them and deletes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be deleted; delete nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        report = retention_apply(dry_run=dry_run)
        verb = "would be deleted" if dry_run else "deleted"
        for item in report.expired:
            self.stdout.write(f"{item.line()} {verb}")
        counts = report.counts
        self.stdout.write(
            f"{counts['resume']} CV(s) and {counts['portfolio']} dossier(s) {verb}: consultants who left on or "
            f"before {report.cutoff.isoformat()}."
        )
