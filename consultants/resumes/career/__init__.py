"""Career entries read from a CV's text (`detection`), with the words they are read with (`vocabulary`)."""

from consultants.resumes.career.detection import detect_career

__all__ = ["detect_career"]
