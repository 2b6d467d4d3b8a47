"""The second factor: a TOTP authenticator app (django-otp's TOTP devices) with one-use recovery codes
(its static tokens). The login asks for a code after the password whenever the account has an
authenticator; the roles of MFA_REQUIRED_ROLES must enrol before they reach any page, Django admin
included. Wrong codes count as failed logins for the login lockout (django-axes)."""
