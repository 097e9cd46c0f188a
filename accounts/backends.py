from django.contrib.auth.backends import ModelBackend

from empirie.cache import cached, versions


class ModelBackendWithProfile(ModelBackend):
    """Django's own backend; the logged-in person comes with their profile, city and roles in
    networks, as nearly every page asks the rules, which read them. Kept in the cache between
    requests until their account, profile or participations change (their own family), or a
    network or city does, so a deactivation or a new password counts on the very next
    request and nobody else's change costs them anything."""

    def get_user(self, user_id):
        from .selectors import notifications_family, person_family

        # The layout asks for the person's unread count next: both versions in one read.
        versions(person_family(user_id), notifications_family(user_id))
        user = cached(
            ("portal", person_family(user_id)),
            f"user:{user_id}",
            lambda: self.person(user_id),
            in_process=True,
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def person(self, user_id):
        from allauth.mfa.models import Authenticator
        from django.db.models import Exists, OuterRef

        from networks.access import accepted_roles_column, roles_from_column

        totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
        user = (
            self.get_user_queryset()
            .select_related("profile__city")
            # Their roles in networks and whether they have an authenticator app (which
            # coordinators must: accounts.middleware) in the same statement, kept with the
            # person: the same families decide (accounts.signals for the app).
            .annotate(accepted_roles=accepted_roles_column(), has_totp=Exists(totp))
            .filter(pk=user_id)
            .first()
        )
        if user is not None:
            user.__dict__["_network_roles"] = roles_from_column(user.__dict__.pop("accepted_roles"))
            user.__dict__["_has_mfa"] = user.__dict__.pop("has_totp")
            # No password hash in Redis, which other services share and which may be dumped.
            user.forget_password_hash()
        return user

    def get_user_queryset(self):
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.all()
