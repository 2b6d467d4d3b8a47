"""`field__lower_exact=value`: LOWER(field) = LOWER(value), the case-insensitive equality that the
indexes on lower(column) serve (users.email, skill_aliases.alias). Django's `iexact` compiles to
UPPER(field) = UPPER(value) on PostgreSQL, which no index serves: a sequential scan per lookup."""

from django.db import models


@models.CharField.register_lookup
class LowerExact(models.Lookup):
    lookup_name = "lower_exact"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"LOWER({lhs}) = LOWER({rhs})", [*lhs_params, *rhs_params]
