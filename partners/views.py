from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from accounts.models import PartnerCard
from empirie.forms import without_nul
from empirie.moderation import HideMixin, ModerationActionMixin, ReportMixin, open_reports
from empirie.pagination import ForgivingPaginationMixin
from networks.rules import can_see_inside
from networks.selectors import network_by_slug

from . import rules, selectors, services
from .filters import DirectoryFilter
from .forms import MessageForm, MessageHideForm, MessageReportForm
from .models import MessageModeration, MessageReport


class DirectoryView(LoginRequiredMixin, TemplateView):
    """The network's people who show their card, to those who see its inside (the leaders'
    people only to those who see the leaders' inside: PartnerCard.objects.visible_to)."""

    template_name = "partners/directory.html"
    per_page = 20

    @cached_property
    def network(self):
        network = network_by_slug(self.kwargs["slug"])
        if network is None or not can_see_inside(self.request.user, network):
            raise Http404
        return network

    def get_context_data(self, **kwargs):
        rows = selectors.directory_rows(self.network, self.request.user)
        filters = DirectoryFilter(without_nul(self.request.GET) or None, rows=rows)
        page = Paginator(filters.matching(rows), self.per_page).get_page(
            self.request.GET.get("strona")
        )
        filtered = filters.is_bound and any(self.request.GET.get(name) for name in filters.fields)
        return super().get_context_data(
            network=self.network, filters=filters, filtered=filtered, page_obj=page,
            cards=selectors.cards_in_order([row.pk for row in page.object_list]), **kwargs,
        )  # fmt: skip


def visible_card(viewer, pk):
    card = (
        PartnerCard.objects.visible_to(viewer)
        .filter(user_id=pk)
        .select_related("user__profile__city")
        .first()
    )
    if card is None:
        raise Http404
    return card


class CardView(LoginRequiredMixin, TemplateView):
    """A person's card: who they are, what they know and did, and a way to ask them."""

    template_name = "partners/card.html"

    def get_context_data(self, **kwargs):
        viewer = self.request.user
        card = visible_card(viewer, self.kwargs["pk"])
        person = card.user
        return super().get_context_data(
            card=card,
            person=person,
            practices=selectors.practices_of(person, viewer)[:50],
            may_ask=rules.may_ask(viewer, person),
            **kwargs,
        )


class AskView(LoginRequiredMixin, FormView):
    """The first message to a person: from their card, or to a practice's author."""

    template_name = "partners/ask.html"
    form_class = MessageForm
    practice = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if "slug" in kwargs:
            self.practice = rules.practice_askable(request.user, kwargs["slug"])
            if self.practice is None:
                raise Http404
            self.person = rules.practice_contact(self.practice)
        else:
            self.person = visible_card(request.user, kwargs["pk"]).user
        if not rules.may_ask(request.user, self.person, practice=self.practice):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person,
            practice=self.practice,
            blocked_by_them=services.refuses(self.person, self.request.user),
            # One question at a time to a person: the page leads to the one waiting.
            unanswered=services.unanswered_to(self.request.user, self.person),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            conversation = services.conversation_start(
                by=self.request.user,
                person_id=self.person.pk,
                body=form.cleaned_data["body"],
                practice_slug=self.practice.slug if self.practice else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Your message was sent to %(name)s. Their answer will be here, and you will be told.")
            % {"name": self.person.public_name},
        )
        return redirect("partners:conversation", conversation.pk)


class ConversationListView(LoginRequiredMixin, ForgivingPaginationMixin, ListView):
    template_name = "partners/conversations.html"
    context_object_name = "conversations"
    paginate_by = 30
    page_kwarg = "strona"

    def get_queryset(self):
        return selectors.conversations_of(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for conversation in context["conversations"]:
            conversation.other = conversation.other_side(self.request.user)
        return context


class ConversationMixin(LoginRequiredMixin):
    @cached_property
    def conversation(self):
        conversation = (
            selectors.conversations_of(self.request.user).filter(pk=self.kwargs["pk"]).first()
        )
        if conversation is None:
            raise Http404
        return conversation

    def back(self):
        return redirect("partners:conversation", self.conversation.pk)


# A long conversation shows its newest messages, and the earlier ones page by page.
MESSAGES_PER_PAGE = 50


class ConversationView(ConversationMixin, FormView):
    """The conversation, its messages in order, and the reply form."""

    template_name = "partners/conversation.html"
    form_class = MessageForm

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.conversation.unread:
            services.conversation_read(by=request.user, conversation_id=self.conversation.pk)
        return response

    def get_context_data(self, **kwargs):
        user, conversation = self.request.user, self.conversation
        other = conversation.other_side(user)
        return super().get_context_data(
            conversation=conversation,
            other=other,
            **self.messages_page(),
            blocked=other is not None and selectors.blocked_by(user, other.pk),
            # Told instead of the form: what the service would refuse after the writing.
            blocked_by_them=other is not None and services.refuses(other, user),
            may_write=rules.may_write(user, conversation, other),
            **kwargs,
        )

    def messages_page(self) -> dict:
        """The newest messages (MESSAGES_PER_PAGE), oldest first above the reply form; the
        earlier ones a page back each (`strona` 2, 3…)."""
        rows = selectors.messages_of(self.conversation, self.request.user)
        pages = max(1, -(-rows.count() // MESSAGES_PER_PAGE))
        try:
            page = min(max(int(self.request.GET.get("strona", 1)), 1), pages)
        except ValueError:
            page = 1
        start = (page - 1) * MESSAGES_PER_PAGE
        newest_first = rows.order_by("-created_at", "-pk")[start : start + MESSAGES_PER_PAGE]
        return {
            "conversation_messages": list(newest_first)[::-1],
            "earlier_page": page + 1 if page < pages else None,
            "later_page": page - 1 if page > 1 else None,
        }

    def form_valid(self, form):
        try:
            services.reply(
                by=self.request.user,
                conversation_id=self.conversation.pk,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your message was sent."))
        return self.back()


class BlockView(ConversationMixin, TemplateView):
    """Accept no more messages from the other side (`block`: asked for a confirmation first,
    on GET), or again (POST only)."""

    block = True
    template_name = "partners/block_confirm.html"

    def get(self, request, *args, **kwargs):
        if not self.block:
            return self.http_method_not_allowed(request, *args, **kwargs)
        other = self.conversation.other_side(request.user)
        if other is None:
            raise Http404
        return self.render_to_response(
            self.get_context_data(
                conversation=self.conversation,
                other=other,
                blocked=selectors.blocked_by(request.user, other.pk),
            )
        )

    def post(self, request, *args, **kwargs):
        other_id = self.conversation.other_side_id(request.user)
        if other_id is None:
            raise Http404
        if self.block:
            services.block(by=request.user, person_id=other_id)
            messages.success(
                request,
                _("You accept no more messages from this person. They are told so if they try."),
            )
        elif services.unblock(by=request.user, person_id=other_id):
            messages.success(request, _("You accept messages from this person again."))
        else:
            messages.info(
                request,
                _("There was nothing to undo: you had not stopped this person's messages."),
            )
        return self.back()


class MessageReportView(ConversationMixin, ReportMixin, FormView):
    """The other side's message, reported to ZMP's staff."""

    template_name = "partners/message_report.html"
    form_class = MessageReportForm
    moderator = services.moderator

    @cached_property
    def moderated(self):
        message = (
            selectors.messages_of(self.conversation, self.request.user)
            .filter(pk=self.kwargs["message"])
            .first()
        )
        if message is None:
            raise Http404
        return message

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            conversation=self.conversation, message=self.moderated, **kwargs
        )

    def form_valid(self, form):
        try:
            self.moderator.report(
                self.moderated.pk, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you; ZMP's staff will look at it."))
        return self.back()


# Moderation of a reported message by ZMP's staff (empirie.moderation, as for posts and
# comments): the message and its reports, nothing else of the conversation.


class MessageModerationMixin(LoginRequiredMixin):
    moderator = services.moderator

    @cached_property
    def moderated(self):
        message = selectors.message_to_moderate(self.request.user, self.kwargs["pk"])
        if message is None:  # not ZMP's staff, or nobody reported it: as if there were none
            raise Http404
        return message

    def back(self):
        # The desk's queue is the staff's list of reported messages (a conversation is not
        # theirs to open).
        return redirect("desk:home")


class MessageModerateView(MessageModerationMixin, HideMixin, FormView):
    """The reported message, its reports and its moderation so far; hide it (asked again
    before it is done, with what both sides will then see) or dismiss its reports."""

    template_name = "partners/message_moderate.html"
    form_class = MessageHideForm
    hidden_message = gettext_lazy("Message hidden: both sides see that ZMP's staff hid it.")

    def get_context_data(self, **kwargs):
        message = self.moderated
        return super().get_context_data(
            message=message,
            reports=open_reports(MessageReport).filter(message=message).select_related("reporter"),
            moderations=MessageModeration.objects.filter(message=message).select_related("by"),
            **kwargs,
        )

    def form_valid(self, form):
        step = self.request.POST.get("step")
        if step != "confirm":  # the reason given: asked once more (or back to change it)
            confirming = step != "change"
            return self.render_to_response(self.get_context_data(form=form, confirming=confirming))
        return super().form_valid(form)


class MessageModerationActionView(MessageModerationMixin, ModerationActionMixin, View):
    """POST-only: dismiss a reported message's reports (the message is fine)."""

    dismissed_message = gettext_lazy("Reports dismissed; the message stays.")
