from django.core.management.base import BaseCommand, CommandError

from consultants.models import Consultant
from matching import services
from talentmatch.models import Company
from tenders.models import Tender


class Command(BaseCommand):
    help = "Recompute match suggestions: every tender, or one tender, one consultant or one company."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--tender", type=int, help="Tender id")
        group.add_argument("--consultant", type=int, help="Consultant id")
        group.add_argument("--company", type=int, help="Company id")

    def handle(self, *args, tender=None, consultant=None, company=None, **options):
        if tender is not None:
            if not Tender.objects.filter(pk=tender).exists():
                raise CommandError(f"No tender with id {tender}.")
            report = services.matches_recompute(tender_ids=[tender])
        elif consultant is not None:
            if not Consultant.objects.filter(pk=consultant).exists():
                raise CommandError(f"No consultant with id {consultant}.")
            report = services.matches_update_for_consultant(consultant_id=consultant)
        else:
            if company is not None and not Company.objects.filter(pk=company).exists():
                raise CommandError(f"No company with id {company}.")
            report = services.matches_recompute(company_id=company)
        self.stdout.write(
            f"Tenders: {report.tenders}\nConsultants: {report.consultants}\nPairs scored: {report.pairs_scored}\n"
            f"Rows inserted: {report.inserted}\nRows updated: {report.updated}\nRows deleted: {report.deleted}\n"
            f"Seconds: {report.seconds:.2f}"
        )
        if report.tenders_requeued:
            self.stdout.write(f"Tenders queued for a full rescore: {report.tenders_requeued}")
