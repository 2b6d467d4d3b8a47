"""Every management command of the project answers `--help` (a lazy translation as `help` once
crashed argparse's formatter with a traceback)."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import get_commands, load_command_class

PROJECT_COMMANDS = {
    "backup_db": "talentmatch",
    "build_gazetteer": "talentmatch",
    "db_diagnostics": "talentmatch",
    "generate_portfolio": "matching",
    "import_data": "dataio",
    "load_skill_catalogue": "consultants",
    "privacy_retention": "privacy",
    "recompute_matches": "matching",
    "restore_db": "talentmatch",
    "seed_bench": "matching",
    "seed_demo": "demo",
}


def _project_commands() -> dict[str, str]:
    root = Path(settings.BASE_DIR)
    own_apps = {config.name for config in apps.get_app_configs() if Path(config.path).parent == root}
    return {name: app for name, app in get_commands().items() if app in own_apps}


def test_the_list_of_project_commands_is_the_one_checked_here():
    assert _project_commands() == PROJECT_COMMANDS


def test_every_project_command_formats_its_help_with_its_description_and_options():
    for name, app in PROJECT_COMMANDS.items():
        command = load_command_class(app, name)
        text = command.create_parser("manage.py", name).format_help()
        assert text.startswith(f"usage: manage.py {name}"), name
        assert " ".join(str(command.help).split()) in " ".join(text.split()), name
        assert "--settings SETTINGS" in text, name
