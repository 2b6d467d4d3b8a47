"""Tender intake: a call for tenders (pasted text, PDF, DOCX or .eml) read into proposals for the
new-tender form — `reading` (the text of a file), `dates`, `fields` and `skills` (the rules),
`proposals` (what is proposed, with its sentence), `forms`, `page` and `views`. Nothing is saved by it.
"""
