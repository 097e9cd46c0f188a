"""The pages of a seat handed to a successor (networks.successions): the choice, a page that
names exactly what will move, then the hand-over."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView

from accounts.choices import LEADER_FUNCTIONS
from accounts.models import User
from accounts.rules import is_verified_leader
from meetings.services import coming_places_of

from . import successions
from .forms import SuccessorForm


class SuccessorView(LoginRequiredMixin, FormView):
    """Hand a person's seat to their successor. Only a coordinator of a network where the
    person holds a seat (or an administrator) finds the page; anyone else, whoever the person,
    gets 404."""

    template_name = "networks/successor_form.html"
    form_class = SuccessorForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.predecessor = get_object_or_404(
                User.objects.select_related("profile__city"), pk=kwargs["pk"]
            )
            self.seats = successions.seats_handed_by(request.user, self.predecessor.pk)
            if not self.seats:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "predecessor": self.predecessor, "seats": self.seats}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            predecessor=self.predecessor, back_url=self.back_url(), **kwargs
        )

    def back_url(self) -> str:
        """Where the coordinator came from (`wroc`, a page of this site), else the inside of
        the first network of the seats."""
        back = self.request.GET.get("wroc", "")
        if back and url_has_allowed_host_and_scheme(
            back, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return back
        return reverse("networks:inside", args=[self.seats[0].network.slug])

    def form_valid(self, form):
        step = self.request.POST.get("step")
        if step == "change":  # back from the confirmation, with what was chosen
            return self.render_to_response(self.get_context_data(form=form))
        if step != "confirm":
            return self.response_class(
                request=self.request,
                template=["networks/successor_confirm.html"],
                context=self.confirmation(form),
                using=self.template_engine,
            )
        data = form.cleaned_data
        try:
            done = successions.seat_hand_over(
                by=self.request.user,
                predecessor_id=self.predecessor.pk,
                participation_ids=[seat.pk for seat in data["seats"]],
                successor_id=form.successor.pk if form.successor else None,
                new_person=None
                if form.successor
                else successions.NewPerson(data["email"], data["first_name"], data["last_name"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.told(done))
        return redirect("networks:inside", done.participations[0].network.slug)

    def confirmation(self, form):
        """What the hand-over will move, named exactly: the page asks before doing it."""
        seats = list(form.cleaned_data["seats"])
        successor = form.successor
        verified = successor is not None and is_verified_leader(successor)
        # Places pass where the successor will see the meetings at once: not the leaders'
        # network's before their verification (successions.seat_hand_over).
        passing = {s.network_id for s in seats if verified or not s.network.is_closed}
        places, waiting = coming_places_of(
            person_id=self.predecessor.pk, network_ids=[seat.network_id for seat in seats]
        )
        places = list(places.select_related("meeting__network").order_by("meeting__starts_at"))
        waiting = list(waiting.select_related("meeting__network").order_by("meeting__starts_at"))
        leaders = [seat.network for seat in seats if seat.network.is_closed]
        function = self.predecessor.profile.function
        if successor is not None and function not in LEADER_FUNCTIONS:
            function = successor.profile.function
        return self.get_context_data(
            form=form,
            seats=seats,
            successor=successor,
            places=[p for p in places if p.meeting.network_id in passing],
            waiting=[w for w in waiting if w.meeting.network_id in passing],
            given_back=[p for p in [*places, *waiting] if p.meeting.network_id not in passing],
            withdrawn=list(
                successions.applications_withdrawn_with(
                    self.request.user, self.predecessor.pk, seats[0].city_id
                )
            ),
            leaders=leaders,
            verification_asked=bool(leaders) and function in LEADER_FUNCTIONS and not verified,
        )

    @staticmethod
    def told(done) -> str:
        said = [
            _("The seat has passed to %(person)s.") % {"person": done.successor.public_name},
            ngettext(
                "%(count)s place at a coming meeting passed with it.",
                "%(count)s places at coming meetings passed with it.",
                done.places,
            )
            % {"count": done.places},
        ]
        if done.withdrawn:
            said.append(
                _("Their pending applications were withdrawn: %(networks)s.")
                % {"networks": ", ".join(p.network.name for p in done.withdrawn)}
            )
        if done.account_opened:
            said.append(_("An e-mail with a link to set up their account is on its way to them."))
        if done.awaits_verification:
            said.append(
                _(
                    "Their function awaits verification: until then the leaders' network stays "
                    "closed to them."
                )  # fmt: skip
            )
        return " ".join(said)
