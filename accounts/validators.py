"""Passwords that Polish users choose most often, on top of Django's list of 20,000 common
(breached) passwords; the portal runs on closed networks, so no online breach service."""

from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.utils.translation import gettext as _


class PolishCommonPasswordValidator(CommonPasswordValidator):
    DEFAULT_PASSWORD_LIST_PATH = Path(__file__).resolve().parent / "common_passwords_pl.txt.gz"

    def get_help_text(self):
        return _("Nor one of the passwords people in Poland choose most often.")
