from django.contrib.auth.backends import ModelBackend


class ModelBackendWithProfile(ModelBackend):
    """Django's own backend; the logged-in person comes with their profile and city in the
    same query, as nearly every page asks the rules, which read them."""

    def get_user(self, user_id):
        user = self.get_user_queryset().select_related("profile__city").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_user_queryset(self):
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.all()
