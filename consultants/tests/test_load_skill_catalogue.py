from io import StringIO

from django.core.management import call_command

from consultants.catalogue import CATALOGUE
from consultants.models import Skill, SkillAlias, SkillCategory

Relation = Skill.related_skills.through
# Commands speak the site's language, French.
NOTHING_TO_DO = "Catalogue de compétences : rien à faire, la base contient déjà ses 689 compétences.\n"
JAVASCRIPT = "The language of the web browser, also run on servers through Node.js."


def _load(*args) -> str:
    out = StringIO()
    call_command("load_skill_catalogue", *args, stdout=out)
    return out.getvalue()


def _dump():
    return {
        "skills": list(Skill.objects.order_by("pk").values()),
        "aliases": list(SkillAlias.objects.order_by("pk").values()),
        "relations": sorted(Relation.objects.values_list("from_skill_id", "to_skill_id")),
    }


def _javascript() -> Skill:
    return Skill.objects.get(name="JavaScript", category=SkillCategory.PROGRAMMING_LANGUAGE)


def test_the_first_run_loads_every_catalogue_skill_alias_and_link(db):
    output = _load()

    pairs = {frozenset((entry.name, related)) for entry in CATALOGUE for related in entry.related}
    aliases = sum(len(entry.aliases) for entry in CATALOGUE)
    assert Skill.objects.count() == len(CATALOGUE) == 689
    assert SkillAlias.objects.count() == aliases
    assert Relation.objects.count() == 2 * len(pairs)
    assert output == (
        f"Catalogue de compétences : 689 compétences créées, 0 mises à jour ; {aliases} alias créés, "
        f"0 ignorés ; {len(pairs)} liens entre compétences connexes créés.\n"
    )


def test_a_second_run_changes_nothing_and_says_so(db):
    _load()
    before = _dump()

    output = _load()

    assert _dump() == before
    assert output == NOTHING_TO_DO


def test_a_description_edited_in_the_app_is_kept_and_reported(db):
    _load()
    Skill.objects.filter(pk=_javascript().pk).update(description="Notre définition maison.")
    before = _dump()

    output = _load()

    assert _dump() == before
    assert _javascript().description == "Notre définition maison."
    assert output == (
        NOTHING_TO_DO
        + "Descriptions ou textes français modifiés dans l'application, conservés (--overwrite les remplace) : "
        "JavaScript\n"
    )


def test_overwrite_restores_the_catalogue_description_and_says_so(db):
    _load()
    Skill.objects.filter(pk=_javascript().pk).update(description="Notre définition maison.")

    output = _load("--overwrite")

    assert _javascript().description == JAVASCRIPT
    assert output == (
        "Catalogue de compétences : 0 compétences créées, 1 mises à jour ; 0 alias créés, 0 ignorés ; "
        "0 liens entre compétences connexes créés.\n"
        "Descriptions ou textes français remplacés par ceux du catalogue (--overwrite) : JavaScript\n"
    )
    assert _load() == NOTHING_TO_DO


def test_a_database_loaded_before_the_french_texts_gets_them_once_and_keeps_a_french_name_edited_in_the_app(db):
    _load()
    Skill.objects.update(name_fr="", description_fr="")
    Skill.objects.filter(name="Rigour").update(name_fr="Minutie")

    output = _load()

    rigour, javascript = Skill.objects.get(name="Rigour"), _javascript()
    assert (rigour.name_fr, rigour.description_fr) == ("Minutie", "Un travail soigné, précis et fiable.")
    assert (javascript.name_fr, javascript.description_fr) == (
        "",
        "Le langage du navigateur web, aussi exécuté côté serveur avec Node.js.",
    )
    assert output == (
        "Catalogue de compétences : 0 compétences créées, 689 mises à jour ; 0 alias créés, 0 ignorés ; "
        "0 liens entre compétences connexes créés.\n"
        "Descriptions ou textes français modifiés dans l'application, conservés (--overwrite les remplace) : Rigour\n"
    )
    assert _load().startswith(NOTHING_TO_DO)
