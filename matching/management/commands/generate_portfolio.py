import shutil
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from consultants.models import Consultant
from matching import portfolios
from matching.models import PortfolioGeneration, PortfolioLanguage
from talentmatch.storage import private_path
from tenders.models import Tender


class Command(BaseCommand):
    help = (
        "Generate the next version of a consultant's skills dossier for a tender, here and now (no worker), "
        "and optionally copy the PDF to --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--consultant", type=int, required=True, help="Consultant id")
        parser.add_argument("--tender", type=int, required=True, help="Tender id")
        parser.add_argument("--anonymized", action="store_true", help="Initials only: no name, e-mail, phone or photo")
        parser.add_argument("--language", choices=PortfolioLanguage.values, default=PortfolioLanguage.FRENCH)
        parser.add_argument("--include-daily-rate", action="store_true", help="Show the consultant's daily rate")
        parser.add_argument("--output", type=Path, help="Also copy the PDF to this path (a file or a directory)")

    def handle(self, *args, consultant, tender, anonymized, language, include_daily_rate, output, **options):
        person = Consultant.objects.select_related("user").filter(pk=consultant).first()
        if person is None:
            raise CommandError(f"No consultant with id {consultant}.")
        mission = Tender.objects.filter(pk=tender).first()
        if mission is None:
            raise CommandError(f"No tender with id {tender}.")
        try:
            portfolio = portfolios.portfolio_request(
                consultant=person,
                tender=mission,
                by=None,
                anonymized=anonymized,
                language=language,
                include_daily_rate=include_daily_rate,
                queue=False,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            portfolio = portfolios.portfolio_render(portfolio_id=portfolio.pk, company_id=mission.company_id)
        except Exception as error:
            portfolios.portfolio_mark_failed(portfolio_id=portfolio.pk, company_id=mission.company_id)
            raise CommandError(f"Rendering failed: {error}") from error
        if portfolio is None or portfolio.generation != PortfolioGeneration.READY:
            raise CommandError("Rendering did not produce a PDF.")
        stored = private_path(portfolio.file_path)
        self.stdout.write(f"Portfolio {portfolio.pk}, version {portfolio.version}: {stored}")
        if output is not None:
            target = output / portfolios.download_name(portfolio) if output.is_dir() else output
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(stored, target)
            self.stdout.write(f"Copied to {target}")
