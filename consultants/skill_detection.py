"""Kept while matching still imports `strip_accents` from here; the module is `consultants.skills.detection`."""

from consultants.skills.detection import SkillDetector, detect_skills, strip_accents

__all__ = ["SkillDetector", "detect_skills", "strip_accents"]
