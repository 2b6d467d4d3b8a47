"""Invitations: an account created without a password (a consultant's) gets an e-mailed link that lets
its owner choose one, once, before it expires; recruiters and managers send, resend and revoke it."""
