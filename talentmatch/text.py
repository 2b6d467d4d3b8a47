"""Text folding shared by search, sorting and skill detection."""

import unicodedata


def fold(text: str | None) -> str:
    """Lower-case, accent-free, single-spaced: "  Hélène  LEFÈVRE " → "helene lefevre"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def name_sort_key(first_name: str | None, last_name: str | None) -> str:
    """The key that sorts people by last name then first name, ignoring case and accents, so that
    "Émile" sorts with the E's whatever the database collation."""
    return f"{fold(last_name)} {fold(first_name)}".strip()
