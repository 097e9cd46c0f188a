from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from . import rules, selectors, services
from .forms import FunctionDecisionForm, ProfileForm
from .models import Profile


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "accounts/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        profile, _created = Profile.objects.get_or_create(user=self.request.user)
        return {**super().get_form_kwargs(), "instance": profile}

    def form_valid(self, form):
        profile = form.instance
        services.profile_update(
            profile=Profile.objects.get(pk=profile.pk),
            city=form.cleaned_data["city"],
            function=form.cleaned_data["function"],
            email_mode=form.cleaned_data["email_mode"],
        )
        messages.success(self.request, _("Your profile has been saved."))
        return redirect("accounts:profile")


class NotificationListView(LoginRequiredMixin, ListView):
    template_name = "accounts/notifications.html"
    context_object_name = "notifications"
    paginate_by = 20

    def get_queryset(self):
        return selectors.notifications_of(self.request.user)


class NotificationsReadView(LoginRequiredMixin, View):
    def post(self, request):
        services.notifications_mark_read(person=request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("accounts:notifications")


class VerifierRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    def test_func(self):
        return rules.can_verify_functions(self.request.user)


class FunctionVerificationListView(VerifierRequiredMixin, ListView):
    template_name = "accounts/function_verifications.html"
    context_object_name = "profiles"
    paginate_by = 30

    def get_queryset(self):
        return selectors.functions_to_verify()


class FunctionDecisionView(VerifierRequiredMixin, FormView):
    template_name = "accounts/function_decision.html"
    form_class = FunctionDecisionForm

    @cached_property
    def profile(self):
        # Looked up only after the permission check, so ids cannot be probed.
        return get_object_or_404(selectors.functions_to_verify(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)

    def form_valid(self, form):
        try:
            services.function_decide(
                profile=self.profile,
                by=self.request.user,
                verified=form.said_yes,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Decision saved; the person has been notified."))
        return redirect("accounts:function_verifications")
