"""The sane ranges of the numbers people type in (forms, imports, admin): a value outside is refused
with a message naming the range. They are model validators, checked by `full_clean` in the services;
rows saved before they existed stay as they are until someone edits them."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

MAX_EXPERIENCE_YEARS = 60
MAX_DAILY_RATE = 5_000  # € a day: well above the dearest expert an ESN staffs
MAX_HOURLY_RATE = 700  # € an hour: the daily ceiling over a day of seven hours
MAX_BUDGET = 100_000_000  # € for a whole tender


def _between(low: int, high: int, message) -> list:
    return [MinValueValidator(low, message=message), MaxValueValidator(high, message=message)]


EXPERIENCE_YEARS = _between(0, MAX_EXPERIENCE_YEARS, _("Years of experience lie between 0 and 60."))
DAILY_RATE = _between(0, MAX_DAILY_RATE, _("A daily rate lies between 0 and 5,000 €."))
HOURLY_RATE = _between(0, MAX_HOURLY_RATE, _("An hourly rate lies between 0 and 700 €."))
BUDGET = _between(0, MAX_BUDGET, _("A budget lies between 0 and 100,000,000 €."))


def bound_widget(field, validators: list) -> None:
    """Give a form field's input the min and max of its validators, so the browser says it first."""
    for validator in validators:
        key = "min" if isinstance(validator, MinValueValidator) else "max"
        field.widget.attrs[key] = validator.limit_value
