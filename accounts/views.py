from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, ListView, TemplateView

from desk.returns import ReturnsToDeskMixin
from empirie.fragments import Fragment
from empirie.pagination import ForgivingPaginationMixin, LazyPaginationMixin

from . import mail, rules, selectors, services
from .forms import AccountEraseForm, FunctionDecisionForm, PartnerCardForm, ProfileForm
from .models import PartnerCard, Profile
from .personal_data import account_erase, personal_data


class ProfileView(LoginRequiredMixin, FormView):
    template_name = "accounts/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        profile, _created = Profile.objects.get_or_create(
            user=self.request.user,
            defaults={"language": services.known_language(translation.get_language())},
        )
        return {**super().get_form_kwargs(), "instance": profile}

    def get_context_data(self, **kwargs):
        from meetings import selectors  # meetings build on accounts
        from networks.successions import seats_of

        return super().get_context_data(
            certifiable=selectors.certifiable_registrations_of(self.request.user),
            out_of_reach=selectors.certificates_out_of_reach(self.request.user),
            # Named before the change is saved: a new city ends the old city's roles.
            roles_ending_on_moving=seats_of(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        profile = services.profile_update(
            profile_id=form.instance.pk,
            city=form.cleaned_data["city"],
            function=form.cleaned_data["function"],
            email_mode=form.cleaned_data["email_mode"],
            language=form.cleaned_data["language"] or None,
        )
        messages.success(self.request, _("Your profile has been saved."))
        if ended := getattr(profile, "roles_ended", None):
            messages.info(
                self.request,
                _("As you changed city, these roles ended: %(roles)s. You may apply again for "
                  "your new city.") % {"roles": ", ".join(
                    f"{p.network.name} ({p.get_role_display()})" for p in ended)},
            )  # fmt: skip
        return redirect("accounts:profile")


class PartnerCardView(LoginRequiredMixin, FormView):
    """The person's card for the directory of trusted partners, with their consent."""

    template_name = "accounts/partner_card.html"
    form_class = PartnerCardForm

    def get_initial(self):
        # visible: the person's own card, shown or not
        card = PartnerCard.objects.filter(user=self.request.user).first()
        if card is None:
            return {}
        return {
            "shown": card.is_shown,
            "expertise": ", ".join(card.expertise),
            "projects": card.projects,
        }

    def get_context_data(self, **kwargs):
        # visible: the person's own card, shown or not
        card = PartnerCard.objects.filter(user=self.request.user).first()
        return super().get_context_data(card=card, **kwargs)

    def form_valid(self, form):
        card = services.partner_card_save(
            person_id=self.request.user.pk,
            shown=form.cleaned_data["shown"],
            expertise=form.cleaned_data["expertise"],
            projects=form.cleaned_data["projects"],
        )
        if card.is_shown:
            messages.success(self.request, _("Your card is saved and shown."))
        else:
            messages.success(self.request, _("Your card is saved; nobody else sees it."))
        return redirect("accounts:partner_card")


class NotificationListView(LoginRequiredMixin, LazyPaginationMixin, ListView):
    template_name = "accounts/notifications.html"
    context_object_name = "notifications"
    paginate_by = 20
    lazy_queryset = True
    # The person's own, kept until their notifications change.
    fragments = {
        "list": Fragment(families=("notifications:{user}",), params=("page",), personal=True)
    }

    def get_queryset(self):
        return selectors.notifications_of(self.request.user)


class NotificationsReadView(LoginRequiredMixin, View):
    def post(self, request):
        services.notifications_mark_read(person=request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("accounts:notifications")


# The signed token is the authority here, not a session or a CSRF token: mail programs POST
# the one-click unsubscribe (RFC 8058) with neither.
@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(TemplateView):
    """The link in a notification's or digest's e-mail. A GET only asks (mail scanners follow
    links), with a button; a POST, from that button or the mail program, stops that kind of
    mail, without logging in. A link tampered with or too old: a page saying so (400)."""

    template_name = "accounts/unsubscribe.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.person_id, self.kind = mail.unsubscribe_of(kwargs["token"])
        except signing.BadSignature:
            response = self.render_to_response({"invalid": True})
            response.status_code = 400
            return response
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        services.email_unsubscribe(person_id=self.person_id, kind=self.kind)
        return self.render_to_response(self.get_context_data(done=True))

    def get_context_data(self, **kwargs):
        return super().get_context_data(digest=self.kind == mail.DIGEST, **kwargs)


class VerifierRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    def test_func(self):
        return rules.can_verify_functions(self.request.user)


class FunctionVerificationListView(VerifierRequiredMixin, ForgivingPaginationMixin, ListView):
    template_name = "accounts/function_verifications.html"
    context_object_name = "profiles"
    paginate_by = 30

    def get_queryset(self):
        return selectors.functions_to_verify(self.request.user)


class FunctionDecisionView(VerifierRequiredMixin, ReturnsToDeskMixin, FormView):
    template_name = "accounts/function_decision.html"
    form_class = FunctionDecisionForm

    @cached_property
    def profile(self):
        # Looked up only after the permission check, so ids cannot be probed; one's own
        # function is decided by somebody else (the list says so).
        return get_object_or_404(
            selectors.functions_to_verify(self.request.user).exclude(user=self.request.user),
            pk=self.kwargs["pk"],
        )

    def get_initial(self):
        return FunctionDecisionForm.seen(self.profile)

    def fallback_url(self):
        return resolve_url("accounts:function_verifications")

    def get_context_data(self, **kwargs):
        shows_email = rules.may_see_email_of(self.request.user, self.profile.user_id)
        return super().get_context_data(profile=self.profile, shows_email=shows_email, **kwargs)

    def form_valid(self, form):
        try:
            services.function_decide(
                profile_id=self.profile.pk,
                by=self.request.user,
                verified=form.said_yes,
                reason=form.cleaned_data["reason"],
                seen_function=form.cleaned_data["seen_function"],
                seen_city_id=form.cleaned_data["seen_city"],
                seen_status=form.cleaned_data["seen_status"],
            )
        except services.FunctionChanged as error:
            # The page shows what the person declares now; the decision and reason stay typed.
            form = self.get_form_class()(
                {**self.request.POST.dict(), **FunctionDecisionForm.seen(self.profile)}
            )
            form.is_valid()
            form.add_error(None, error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Decision saved; the person has been notified."))
        return self.back()


class PersonalDataView(LoginRequiredMixin, TemplateView):
    """RODO: everything the portal holds about the person, to read here or download as JSON."""

    template_name = "accounts/personal_data.html"

    def get(self, request, *args, **kwargs):
        data = personal_data(request.user)
        if request.GET.get("format") == "json":
            response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
            stamp = timezone.localdate().isoformat()
            response["Content-Disposition"] = (
                f'attachment; filename="empirie-moje-dane-{stamp}.json"'
            )
            response["Cache-Control"] = "private, no-store"
            return response
        return self.render_to_response(self.get_context_data(data=data))


class AccountEraseView(LoginRequiredMixin, FormView):
    """RODO: the person erases their own account, after the password and a confirmation."""

    template_name = "accounts/account_erase.html"
    form_class = AccountEraseForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.request.user}

    def form_valid(self, form):
        account_erase(person=self.request.user)
        logout(self.request)
        messages.success(
            self.request,
            _("Your account has been erased. Your comments stay, signed as a former user."),
        )
        return redirect("home")
