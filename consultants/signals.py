"""Keep consultants.cache true: every ORM save or delete of what a consultant page shows outdates it."""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from consultants.cache import catalogue_invalidate, consultants_invalidate
from consultants.models import Consultant, ConsultantSkill, Skill, SkillAlias


@receiver([post_save, post_delete], sender=Consultant)
def _consultant_changed(sender, instance, **kwargs):
    consultants_invalidate([instance.pk])


@receiver([post_save, post_delete], sender=ConsultantSkill)
def _consultant_skill_changed(sender, instance, **kwargs):
    consultants_invalidate([instance.consultant_id])


@receiver([post_save, post_delete], sender=settings.AUTH_USER_MODEL)
def _account_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= {"last_login", "password", "updated_at"}:
        return  # a login or a password change: nothing a consultant page shows
    if instance.pk is not None:
        consultants_invalidate(Consultant.objects.filter(user_id=instance.pk).values_list("pk", flat=True))


@receiver([post_save, post_delete], sender=Skill)
@receiver([post_save, post_delete], sender=SkillAlias)
@receiver(m2m_changed, sender=Skill.related_skills.through)
def _catalogue_changed(sender, **kwargs):
    catalogue_invalidate()
