"""Skills: the catalogue pages (`views`, `urls`), the writes shared by every "skills of a thing"
table (`services`) and the detection of catalogue skills in a CV's text (`detection`)."""
