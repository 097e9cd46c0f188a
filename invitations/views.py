import re

from allauth.account.adapter import get_adapter
from allauth.account.views import SignupView
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView, View

from accounts.models import User
from networks import rules as network_rules
from networks.access import access_of
from networks.choices import Role
from networks.views import NetworkMixin

from . import selectors, services
from .forms import InviteForm
from .models import Invitation, InvitationState

PER_PAGE = 30
# What a link's token looks like (token_urlsafe); anything else is no invitation's.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,100}")


class CoordinatorMixin(NetworkMixin, LoginRequiredMixin):
    """The network's coordinators and administrators; 404 to everyone else (a leaders'
    network's invitations do not even ask visitors to log in)."""

    network_rule = staticmethod(network_rules.is_coordinator)


class InvitationListView(CoordinatorMixin, TemplateView):
    template_name = "invitations/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("stan")
        state = state if state in InvitationState.values else ""
        user = self.request.user
        context["state"] = state
        context["counts"] = selectors.state_counts(user, self.network)
        context["states"] = [
            (value, label, context["counts"][value]) for value, label in InvitationState.choices
        ]
        page = Paginator(
            selectors.network_invitations(user, self.network, state), PER_PAGE
        ).get_page(self.request.GET.get("strona"))
        context["page_obj"] = page
        context["page_query"] = f"stan={state}" if state else ""
        return context


class InviteView(CoordinatorMixin, FormView):
    template_name = "invitations/invite.html"
    form_class = InviteForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "roles": services.roles_offered(self.network),
            "leaders_only": self.network.is_closed,
        }

    def get_initial(self):
        return {"role": Role.MEMBER}

    def form_valid(self, form):
        try:
            sent = services.invitations_send(
                network_id=self.network.pk,
                by=self.request.user,
                invitees=form.cleaned_data["people"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            raise Http404 from error
        count = len(sent.invitations)
        if count:
            messages.success(
                self.request,
                ngettext(
                    "%(count)d invitation sent; its link is valid for 14 days.",
                    "%(count)d invitations sent; each link is valid for 14 days.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.warning(
                self.request,
                _("No invitation was sent: everyone pasted already takes part in the network "
                  "or holds a pending invitation (the reasons are below)."),
            )  # fmt: skip
        for email, why in sent.skipped:
            messages.warning(
                self.request, _("Not invited: %(email)s – %(why)s.") % {"email": email, "why": why}
            )
        return redirect("invitations:list", self.network.slug)


class RevokeView(LoginRequiredMixin, TemplateView):
    """Withdraw a pending invitation, after a confirmation."""

    template_name = "invitations/revoke_confirm.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.invitation = get_object_or_404(
                Invitation.objects.visible_to(request.user).select_related("network"),
                pk=kwargs["pk"],
                network__slug=kwargs["slug"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invitation=self.invitation,
            network=self.invitation.network,
            closed_reason=services.why_not_open(self.invitation),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            services.invitation_revoke(invitation_id=self.invitation.pk, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(
                request,
                _("The invitation for %(email)s is withdrawn; its link opens nothing any more.")
                % {"email": self.invitation.email},
            )
        return redirect("invitations:list", self.invitation.network.slug)


class RenewView(LoginRequiredMixin, View):
    """POST-only: an expired or withdrawn invitation sent again, with a new link."""

    def post(self, request, *args, **kwargs):
        invitation = get_object_or_404(
            Invitation.objects.visible_to(request.user).select_related("network"),
            pk=kwargs["pk"],
            network__slug=kwargs["slug"],
        )
        try:
            sent = services.invitation_renew(invitation_id=invitation.pk, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            raise Http404 from error
        else:
            if sent.invitations:
                messages.success(
                    request,
                    _("A new invitation went to %(email)s; its link is valid for 14 days.")
                    % {"email": invitation.email},
                )
            for email, why in sent.skipped:
                messages.warning(
                    request, _("Not invited: %(email)s – %(why)s.") % {"email": email, "why": why}
                )
        return redirect("invitations:list", invitation.network.slug)


def masked(email: str) -> str:
    """j…@example.pl: enough for the person to recognise their address, not to learn one."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


class TokenMixin:
    """The invitation a link names, whatever state it is in; an unknown or malformed link is a
    page of its own saying what to do (404), never an error."""

    def dispatch(self, request, *args, **kwargs):
        token = kwargs["token"]
        self.invitation = None
        if TOKEN_SHAPE.fullmatch(token):
            self.invitation = (
                # visible: the link's token is the key, and its holder the invitee
                Invitation.objects.by_token(token)
                .select_related("network", "invited_by", "city")
                .first()
            )
        if self.invitation is None:
            return TemplateResponse(request, "invitations/unknown.html", status=404)
        self.network = self.invitation.network
        self.closed_reason = services.why_not_open(self.invitation)
        if (response := self.elsewhere()) is not None:
            return response
        return super().dispatch(request, *args, **kwargs)

    def elsewhere(self):
        """A response other than the view's own, or None."""

    def invitation_context(self):
        invitation = self.invitation
        return {
            "invitation": invitation,
            "network": self.network,
            "token": self.kwargs["token"],
            "inviter": invitation.invited_by.public_name if invitation.invited_by else "ZMP",
            # The leaders' network takes a member once their function is verified.
            "needs_verification": self.network.is_closed and invitation.role == Role.MEMBER,
            "masked_email": masked(invitation.email),
        }


@method_decorator(never_cache, name="dispatch")
class InvitationView(TokenMixin, View):
    """What the link opens: the invitation and the next step for whoever holds it (sign up,
    log in, or accept), or why it opens nothing any more and what to do."""

    def get(self, request, *args, **kwargs):
        return self.page()

    def page(self, error=""):
        invitation, user = self.invitation, self.request.user
        context = {**self.invitation_context(), "error": error}
        if (
            invitation.accepted_at
            and user.is_authenticated
            and invitation.accepted_by_id == user.pk
        ):
            context["inside"] = self.network.pk in access_of(user).inside
            return TemplateResponse(self.request, "invitations/accepted.html", context)
        if self.closed_reason:
            context["reason"] = self.closed_reason
            context["state"] = invitation.state()
            return TemplateResponse(self.request, "invitations/closed.html", context, status=410)
        if user.is_authenticated:
            context["step"] = "accept" if user.email.lower() == invitation.email else "other"
            if context["step"] == "accept":
                # Said before "Accept", not only after it (accepting re-checks it).
                refusal = services.why_not_for(invitation, user)
                if refusal:
                    context.update(step="not_for_you", refusal=refusal)
                    context["error"] = "" if error == refusal else error
        else:
            has_account = User.objects.filter(email__iexact=invitation.email).exists()
            context["step"] = "log_in" if has_account else "sign_up"
            context["login_url"] = (
                reverse("account_login") + "?next=" + self.request.get_full_path()
            )
        return TemplateResponse(self.request, "invitations/invitation.html", context)

    def post(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.invitation_accept(invitation_id=self.invitation.pk, person=request.user)
        except ValidationError as error:
            self.invitation.refresh_from_db()
            self.closed_reason = services.why_not_open(self.invitation)
            return self.page(error=" ".join(error.messages))
        return welcome(request, self.invitation)


def welcome(request, invitation):
    """After accepting: the network's inside if the person now sees it, else its page."""
    network = invitation.network
    if network.pk in access_of(request.user, fresh=True).inside:
        messages.success(request, _("Welcome to %(network)s.") % {"network": network.name})
        return redirect("networks:inside", network.slug)
    if network.is_closed and invitation.role == Role.MEMBER:
        messages.info(
            request,
            _("Invitation accepted. You will join %(network)s once a coordinator has verified "
              "your function; you will be told.") % {"network": network.name},
        )  # fmt: skip
        return redirect("networks:my_participations")
    messages.success(request, _("Invitation accepted."))
    return redirect("networks:my_participations")


class InvitationSignupView(TokenMixin, SignupView):
    """allauth's sign-up with what the coordinator knew filled in. The link came to this
    address, so the address counts as confirmed (allauth's stashed verified e-mail), and the
    invitation is accepted as the account is made."""

    template_name = "invitations/signup.html"

    def elsewhere(self):
        """Anyone logged in, an invitation no longer open, or an address that already has an
        account: the invitation's own page says what to do."""
        if self.request.user.is_authenticated:
            return redirect("invitations:invitation", self.kwargs["token"])
        if self.closed_reason or self.has_account():
            if self.request.method == "POST" and self.has_account():
                # The second of two submissions, arriving once the first had made the
                # account: told so, as one arriving while the first was at work is.
                return self.made_already()
            return redirect("invitations:invitation", self.kwargs["token"])
        get_adapter(self.request).stash_verified_email(self.request, self.invitation.email)
        return None

    def get_initial(self):
        invitation = self.invitation
        first, _space, last = invitation.name.partition(" ")
        initial = {"email": invitation.email, "first_name": first, "last_name": last}
        if invitation.city_id:
            initial["city"] = invitation.city_id
        if invitation.function:
            initial["function"] = invitation.function
        return initial

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The invitation's address: another one would need its own confirmation, and the
        # invitation is the address's.
        form.fields["email"].widget.attrs["readonly"] = True
        return form

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.invitation_context()}

    def form_valid(self, form):
        if form.cleaned_data.get("email", "").lower() != self.invitation.email:
            form.add_error(
                "email",
                _("This invitation is for %(email)s; to sign up with another address, ask the "
                  "coordinator to invite it.") % {"email": self.invitation.email},
            )  # fmt: skip
            return self.form_invalid(form)
        # The account and the acceptance at once, under the invitation's lock: the form sent
        # twice (a double click) waits here for the first, then finds the account made.
        with transaction.atomic():
            invitation = (  # visible: the link's own invitation, found by its token above
                Invitation.objects.select_for_update(of=("self",))
                .filter(pk=self.invitation.pk)
                .first()
            )
            if invitation is None or services.why_not_open(invitation) or self.has_account():
                return self.made_already()
            response = super().form_valid(form)
            user = getattr(self, "user", None)
            if user is None or not user.pk or not self.request.user.is_authenticated:
                return response
            try:
                services.invitation_accept(invitation_id=self.invitation.pk, person=user)
            except ValidationError as error:
                messages.error(self.request, " ".join(error.messages))
                return response
        return welcome(self.request, self.invitation)

    def form_invalid(self, form):
        if self.request.method == "POST" and self.has_account():
            # The first of two submissions made the account while this one was checked.
            return self.made_already()
        return super().form_invalid(form)

    def has_account(self) -> bool:
        return User.objects.filter(email__iexact=self.invitation.email).exists()

    def made_already(self):
        messages.info(
            self.request,
            _("The account for %(email)s has already been made with this invitation (the form "
              "was sent twice); log in with it.") % {"email": masked(self.invitation.email)},
        )  # fmt: skip
        return redirect("invitations:invitation", self.kwargs["token"])
