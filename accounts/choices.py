from django.db import models
from django.utils.translation import gettext_lazy as _


class Function(models.TextChoices):
    """A person's function in their local government, as they declare it."""

    STAFF = "staff", _("city office staff")
    MAYOR = "mayor", _("mayor (burmistrz)")
    PRESIDENT = "president", _("city president (prezydent miasta)")
    DEPUTY_MAYOR = "deputy_mayor", _("deputy mayor")
    DEPUTY_PRESIDENT = "deputy_president", _("deputy city president")
    OTHER = "other", _("other")


# The functions whose holders, once verified, take part in the leaders' network.
LEADER_FUNCTIONS = frozenset(
    {Function.MAYOR, Function.PRESIDENT, Function.DEPUTY_MAYOR, Function.DEPUTY_PRESIDENT}
)


class FunctionStatus(models.TextChoices):
    DECLARED = "declared", _("declared, awaiting verification")
    VERIFIED = "verified", _("verified")
    REJECTED = "rejected", _("rejected")
