"""`{% load formats %}`: `{{ tender.budget|money }}` and `{{ value|number }}` (see talentmatch.numbers)."""

from django import template

from talentmatch import numbers

register = template.Library()

register.filter("money", numbers.money)
register.filter("number", numbers.number)
