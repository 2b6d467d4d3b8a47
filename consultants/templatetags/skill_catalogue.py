"""`{% skill_datalist %}`: the <datalist> of every catalogue name that the skill pickers offer,
written in Python and kept in the cache until the catalogue changes (consultants.cache), or its rows
do without the services (the catalogue's fingerprint, consultants.search)."""

import hashlib

from django import template
from django.utils.html import format_html, format_html_join

from consultants.cache import catalogue_version
from consultants.search import catalogue_fingerprint
from consultants.selectors import skill_aliases, skill_names
from talentmatch.cache import cache

register = template.Library()

DATALIST_ID = "skill-catalogue"


@register.simple_tag
def skill_datalist() -> str:
    version = catalogue_version()
    rows = hashlib.sha256(repr(catalogue_fingerprint()).encode()).hexdigest()[:16]
    key = f"consultants:datalist:{version}:{rows}" if version is not None else None
    html = cache.get(key) if key else None
    if html is None:
        options = format_html_join("", '<option value="{}"></option>', ((name,) for name in skill_names()))
        html = format_html('<datalist id="{}">{}</datalist>', DATALIST_ID, options)
        if key:
            cache.set(key, html, 24 * 3600)
    return html


ALIAS_DATALIST_ID = "skill-catalogue-aliases"


@register.simple_tag
def skill_alias_datalist() -> str:
    """The catalogue's names and aliases: an alias option shows the alias and fills in the skill's name."""
    version = catalogue_version()
    key = f"consultants:alias-datalist:{version}" if version is not None else None
    html = cache.get(key) if key else None
    if html is None:
        rows = [(name, "") for name in skill_names()] + [(name, alias) for alias, name in skill_aliases()]
        options = format_html_join("", '<option value="{}" label="{}"></option>', rows)
        html = format_html('<datalist id="{}">{}</datalist>', ALIAS_DATALIST_ID, options)
        if key:
            cache.set(key, html, 24 * 3600)
    return html
