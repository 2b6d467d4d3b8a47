"""Celery tasks of the consultants app, gathered here for the worker's autodiscovery."""

from consultants.resumes.tasks import resume_extract_task

__all__ = ["resume_extract_task"]
