"""Form widgets of our own."""

from django import forms
from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.forms.utils import flatatt
from django.template import TemplateDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A <select> whose options are written in Python rather than one template render each: for
    choice lists of hundreds of entries (the skill catalogue), where that rendering dominated the page.
    Flat choices only (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, mark_safe(" selected") if str(option) in chosen else "", label)  # noqa: S308 — a constant
                for option, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(self.build_attrs(self.attrs, attrs)), options
        )


class FormRenderer(BaseRenderer):
    """Django's widget templates through Jinja2 (several times faster on pages with many fields and
    options), falling back to the Django engine for templates that exist only there (the admin's)."""

    def __init__(self):
        self.fast = Jinja2()
        self.complete = DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.fast.get_template(template_name)
        except TemplateDoesNotExist:
            return self.complete.get_template(template_name)
