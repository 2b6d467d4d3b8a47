"""The platform core: companies (the tenant) and their users."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from talentmatch import lookups  # noqa: F401 - registers `lower_exact` before any query
from talentmatch.constraints import choices_check

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))


class TimestampedModel(models.Model):
    """The seed's `created_at` (NOT NULL) and `updated_at` (nullable) columns."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, null=True)

    class Meta:
        abstract = True


class CompanyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CompanyQuerySet":
        """The user's own company; every company for the platform administrator."""
        from talentmatch import access

        if access.sees_all_companies(user):
            return self.all()
        if not access.capabilities_of(user) or not user.company_id:
            return self.none()
        return self.filter(pk=user.company_id)


class Company(TimestampedModel):
    """An ESN: the tenant that owns consultants, tenders and matches."""

    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), null=True, blank=True)
    website = models.CharField(_("website"), max_length=255, null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, null=True, blank=True)
    city = models.CharField(_("city"), max_length=100, null=True, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, null=True, blank=True)
    country = models.CharField(_("country"), max_length=100, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True, db_default=True)
    # When set, a consultant is shared with partners and put in a dossier only with their recorded
    # consent (talentmatch.consent).
    consent_required = models.BooleanField(
        _("consent required before sharing with partners and dossiers"), default=False, db_default=False
    )
    # The dossiers' branding (talentmatch.branding): the logo is a private file, checked by content.
    logo_path = models.CharField(_("logo"), max_length=255, null=True, blank=True, editable=False)
    brand_colour = models.CharField(
        _("main colour"), max_length=7, default="#1f5fbf", db_default="#1f5fbf", validators=[HEX_COLOUR]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#1b2430", db_default="#1b2430", validators=[HEX_COLOUR]
    )

    objects = CompanyQuerySet.as_manager()

    class Meta:
        db_table = "companies"
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UserQuerySet":
        """The members of the user's company; a consultant sees only their own account."""
        from talentmatch import access

        if access.sees_all_companies(user):
            return self.all()
        if not access.capabilities_of(user) or not user.company_id:
            return self.none()
        if user.role == UserRole.CONSULTANT:
            return self.filter(pk=user.pk)
        return self.filter(company_id=user.company_id)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__lower_exact=username)

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields["role"] = User.Role.ADMIN
        return self.create_user(email, password, **fields)


class UserRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MANAGER = "manager", _("Manager")
    RECRUITER = "recruiter", _("Recruiter")
    SALES = "sales", _("Sales")
    CONSULTANT = "consultant", _("Consultant")


class User(AbstractBaseUser, TimestampedModel):
    """A person who logs in with an e-mail address; the role decides what they may do."""

    Role = UserRole

    email = models.EmailField(_("e-mail address"), max_length=255, unique=True)
    password = models.CharField(_("password"), max_length=255, db_column="hashed_password")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True, default="")
    is_active = models.BooleanField(_("active"), default=True, db_default=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        db_table = "users"
        ordering = ["last_name", "first_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            choices_check("users", "role", UserRole),
            models.UniqueConstraint(Lower("email"), name="users_email_ci_key"),
            # Only the platform administrator stands outside every company.
            models.CheckConstraint(
                condition=Q(role="admin") | Q(company__isnull=False),
                name="users_company_required_unless_admin",
            ),
        ]
        indexes = [models.Index(fields=["company", "role"], name="users_company_role_idx")]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name

    # Django admin belongs to the platform administrator alone.
    @property
    def is_staff(self) -> bool:
        return self.is_active and self.role == self.Role.ADMIN

    @property
    def is_superuser(self) -> bool:
        return self.is_staff

    def has_perm(self, perm, obj=None) -> bool:
        return self.is_staff

    def has_perms(self, perm_list, obj=None) -> bool:
        return self.is_staff

    def has_module_perms(self, app_label) -> bool:
        return self.is_staff


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "InvitationQuerySet":
        """The invitations of the user's company, for the roles that invite; every one for the platform admin."""
        from talentmatch import access

        if access.sees_all_companies(user):
            return self.all()
        if not access.can(user, access.Capability.ACCOUNT_INVITE) or not user.company_id:
            return self.none()
        return self.filter(company_id=user.company_id)

    def pending(self) -> "InvitationQuerySet":
        """Neither accepted nor revoked (possibly expired)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """An e-mailed link that lets a person choose the password of their account, once, before it expires.

    Only a SHA-256 digest of the link's token is stored; a resend replaces it, so older links stop working.
    """

    user = models.ForeignKey(
        "talentmatch.User", verbose_name=_("invitee"), on_delete=models.CASCADE, related_name="invitations"
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        "talentmatch.User",
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    token_hash = models.CharField(_("token digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"))
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        db_table = "invitations"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitations_one_pending_per_user",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitations_accepted_or_revoked_not_both",
            ),
            models.CheckConstraint(condition=Q(send_count__gte=1), name="invitations_send_count_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.sent_at:%Y-%m-%d}"

    @property
    def status(self) -> str:
        """accepted, revoked, expired or pending."""
        from django.utils import timezone

        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
