from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from cities.signals import PLANS
from desk.returns import ReturnsToDeskMixin, came_from_desk
from empirie import uploads
from empirie.attachments import (
    AttachmentDeleteMixin,
    AttachmentMixin,
    AttachmentsPageMixin,
    EditorsOnlyMixin,
)
from empirie.fragments import Fragment, next_midnight
from empirie.moderation import HideMixin, ModerationActionMixin, ReportMixin
from empirie.pagination import ForgivingPaginationMixin, LazyPaginationMixin
from meetings.models import Meeting
from networks.edition_views import NeedsOpenEditionMixin
from networks.editions import read_only_reason
from networks.models import Network
from networks.rules import can_see_inside, in_closed_edition, is_coordinator
from practices.models import Practice
from practices.selectors import PRACTICE_LINKS

from . import rules, selectors, services
from .choices import Stage
from .forms import CommentForm, ModerationForm, ReportForm, ResultForm, StageForm
from .models import Comment, ResultAttachment


class ResultListView(ForgivingPaginationMixin, ListView):
    """Every result the person may read, newest first."""

    template_name = "results/result_list.html"
    context_object_name = "results"
    paginate_by = 20

    def get_queryset(self):
        return selectors.results_for(self.request.user).order_by("-updated_at", "-pk")


class ObserverHomeView(LoginRequiredMixin, LazyPaginationMixin, ListView):
    """The observer's home: results awaiting their opinion across the networks they observe,
    with the date by which each network asks for opinions; those the person commented on are
    listed apart ("answered", ?lista=zaopiniowane)."""

    template_name = "results/observer_home.html"
    context_object_name = "results"
    paginate_by = 20
    lazy_queryset = True
    ANSWERED = "zaopiniowane"
    fragments = {
        # Personal: which results I answered. Until midnight: a date for opinions may pass.
        "awaiting": Fragment(
            families=("results",),
            params=("page", "lista"),
            personal=True,
            changes_at=next_midnight,
        )
    }

    @cached_property
    def answered(self) -> bool:
        return self.request.GET.get("lista") == self.ANSWERED

    def get_queryset(self):
        results = selectors.awaiting_my_opinion(self.request.user).filter(answered=self.answered)
        if not self.answered:  # those whose date is nearest first, dateless and late last
            return results.order_by(
                "late", F("opinions_until").asc(nulls_last=True), "-opened_to_observers_at", "-pk"
            )
        return results

    def get_context_data(self, **kwargs):
        observed = SimpleLazyObject(lambda: Network.objects.observed_by(self.request.user))
        return super().get_context_data(
            observed_networks=observed, answered=self.answered, **kwargs
        )


class NetworkMixin:
    """The network in the URL; 404 to those who do not see its inside."""

    @cached_property
    def network(self):
        network = get_object_or_404(Network, slug=self.kwargs["slug"])
        if not can_see_inside(self.request.user, network):
            raise Http404
        return network


class ResultCreateView(LoginRequiredMixin, NetworkMixin, NeedsOpenEditionMixin, FormView):
    template_name = "results/result_form.html"
    form_class = ResultForm
    new_work_title = gettext_lazy("New result")

    def check_may_create(self):
        if not rules.can_draft(self.request.user, self.network):
            raise PermissionDenied

    def get_form_kwargs(self):
        self.check_may_create()
        return {**super().get_form_kwargs(), "network": self.network, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(network=self.network, **kwargs)

    def form_valid(self, form):
        try:
            result = services.result_draft(
                by=self.request.user, network_id=self.network.pk, **form.save_arguments()
            )
        except ValidationError as error:
            form.add_error(None, error)  # the edition closed: the reason, on the form
            return self.form_invalid(form)
        messages.success(self.request, _("Draft saved; the network's people have been told."))
        return redirect("results:detail", result.pk)


class ResultMixin:
    """The result in the URL, if the person may read it; 404 otherwise."""

    @cached_property
    def result(self):
        result = selectors.result_page_for(self.request.user, self.kwargs["pk"])
        if result is None:
            raise Http404
        return result

    def get_context_data(self, **kwargs):
        user, result = self.request.user, self.result
        return super().get_context_data(
            result=result,
            can_edit=rules.can_edit(user, result),
            can_change_stage=rules.can_change_stage(user, result) and rules.next_stages(result),
            **kwargs,
        )


class ResultDetailView(ResultMixin, TemplateView):
    """The result, its links and attachments, and the discussion under it."""

    template_name = "results/result_detail.html"
    # The reader's own: the edit, delete and report links of each comment are theirs.
    fragments = {
        "page": Fragment(
            families=("results", PRACTICE_LINKS, "meetings", "people", PLANS),
            params=("opinie",),
            personal=True,
            changes_at=lambda view: view.edit_window_ends(),
        )
    }

    def edit_window_ends(self):
        """When the reader's last edit link on this page goes."""
        _page, threads = self.discussion_page
        ends = [
            rules.comment_edit_ends(each)
            for comment, replies in threads
            for each in [comment, *replies]
            if each.can_edit
        ]
        return min(ends, default=None)

    def get_context_data(self, **kwargs):
        user, result = self.request.user, self.result
        context = super().get_context_data(**kwargs)
        # Lazy: the template reads the discussion only when its cached copy is stale.
        context.update(
            threads=SimpleLazyObject(lambda: self.discussion_page[1]),
            threads_page=SimpleLazyObject(lambda: self.discussion_page[0]),
            comment_count=result.comment_count,
            can_comment=rules.can_comment(user, result),
            archived=in_closed_edition(result),
            can_moderate=rules.can_moderate(user, result),
            # Each list is asked for only if the result has one (known from its own query).
            attachments=ResultAttachment.objects.visible_to(user).filter(result=result)
            if result.has_attachments
            else [],
            meetings=Meeting.objects.visible_to(user)
            .filter(results=result)
            .select_related("network", "host_city")
            if result.has_meetings
            else [],
            practices=Practice.objects.visible_to(user)
            .filter(results=result)
            .select_related("city")
            if result.has_practices
            else [],
            # Plans are public, as their cities' pages show them.
            plans=result.plans.select_related("city").order_by("city__sort_key", "kind", "pk")
            if result.has_plans
            else [],
            stage_changes=result.stage_changes.select_related("by")
            if rules.can_moderate(user, result)
            else [],
        )
        if context["can_comment"]:
            context.setdefault("form", CommentForm(result=result))
        return context

    @cached_property
    def discussion_page(self):
        """The page of comment threads, each comment marked with what the reader may do."""
        user = self.request.user
        page, threads = selectors.comment_threads(user, self.result, self.request.GET.get("opinie"))
        for comment, replies in threads:
            for each in [comment, *replies]:
                each.result = self.result  # loaded once, with its edition (an archive's?)
                each.can_edit = rules.can_edit_comment(user, each)
                each.can_delete = rules.can_delete_comment(user, each)
                each.can_report = rules.can_report_comment(user, each)
        return page, threads

    def post(self, request, pk):
        """A new comment or reply; on a refusal the page comes back with the text kept."""
        if request.user.is_authenticated and in_closed_edition(self.result):
            messages.error(request, read_only_reason(self.result.edition))
            return redirect("results:detail", self.result.pk)
        if not rules.can_comment(request.user, self.result):
            raise PermissionDenied
        form = CommentForm(request.POST, result=self.result)
        if not form.is_valid() and "parent" in form.errors:
            # The comment replied to is gone: keep the text in the main box, and say why.
            form = CommentForm({"body": request.POST.get("body", "")}, result=self.result)
            form.is_valid()
            form.add_error("body", _("The comment you replied to is no longer there; your text "
                                     "is below, to send as a comment of its own."))  # fmt: skip
            return self.render_to_response(self.get_context_data(form=form))
        if form.is_valid():
            try:
                parent = form.cleaned_data["parent"]
                comment = services.comment_add(
                    result_id=self.result.pk, by=request.user, body=form.cleaned_data["body"],
                    parent_id=parent.pk if parent else None,
                )  # fmt: skip
            except ValidationError as error:
                form = CommentForm({"body": form.cleaned_data["body"]}, result=self.result)
                form.is_valid()
                form.add_error("body", error)
            else:
                messages.success(request, _("Comment added."))
                page = selectors.page_of(comment)
                return redirect(f"{request.path}?opinie={page}#komentarz-{comment.pk}")
        return self.render_to_response(self.get_context_data(form=form))


class ResultEditView(LoginRequiredMixin, ResultMixin, FormView):
    template_name = "results/result_form.html"
    form_class = ResultForm

    def dispatch(self, request, *args, **kwargs):
        # A result of a closed edition is read-only: said plainly, on its page.
        if request.user.is_authenticated and in_closed_edition(self.result):
            messages.error(request, read_only_reason(self.result.edition))
            return redirect("results:detail", self.result.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        user, result = self.request.user, self.result
        # The author's text sent after the result was opened further comes back to them with
        # the reason (form_valid), not as a bare refusal.
        sent_by_author = self.request.method == "POST" and result.author_id == user.pk
        if not rules.can_edit(user, result) and not sent_by_author:
            raise PermissionDenied
        return {
            **super().get_form_kwargs(),
            "network": result.network,
            "user": user,
            "instance": result,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(network=self.result.network, **kwargs)

    def form_valid(self, form):
        try:
            services.result_edit(
                result_id=self.result.pk, by=self.request.user, **form.save_arguments()
            )
        except PermissionDenied:
            # Opened further or given to others since the page was loaded: nothing is lost.
            form.add_error(None, _("This result can no longer be edited by you: it has been "
                                   "opened further since you loaded the page. Your text is "
                                   "below; copy it if you need it."))  # fmt: skip
            return self.form_invalid(form)
        except ValidationError as error:  # its edition closed meanwhile: the reason
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Result saved."))
        return redirect("results:detail", self.result.pk)


class StageView(LoginRequiredMixin, ResultMixin, ReturnsToDeskMixin, FormView):
    """The coordinator opens the result to observers or to everyone, after a confirmation."""

    template_name = "results/stage_form.html"
    form_class = StageForm

    def get_form_kwargs(self):
        stages = rules.next_stages(self.result)
        if not stages or not rules.can_change_stage(self.request.user, self.result):
            raise PermissionDenied
        return {**super().get_form_kwargs(), "stages": stages}

    def form_valid(self, form):
        try:
            services.stage_change(
                result_id=self.result.pk,
                by=self.request.user,
                to_stage=form.cleaned_data["to_stage"],
                opinions_until=form.cleaned_data.get("opinions_until"),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Stage changed; those who may now read it are told."))
        return self.back()

    def fallback_url(self):
        return resolve_url("results:detail", self.result.pk)


class ResultAttachmentsMixin(ResultMixin):
    """The result's attachments: those who may edit it add and remove them; whoever reads it
    downloads them."""

    attachment_kwarg = "document"

    @property
    def owner(self):
        return self.result

    def may_edit(self):
        return rules.can_edit(self.request.user, self.result)

    def attachments_url(self):
        return reverse("results:attachments", args=[self.result.pk])


class AttachmentsView(ResultAttachmentsMixin, EditorsOnlyMixin, AttachmentsPageMixin, TemplateView):
    template_name = "results/attachments.html"

    def attachment_add(self, *, upload, title):
        services.attachment_add(
            result_id=self.result.pk, by=self.request.user, upload=upload, title=title
        )


class AttachmentFileView(ResultAttachmentsMixin, AttachmentMixin, View):
    def get(self, request, pk, document):
        """The document, to those who may read the result; never from a public media URL."""
        result = self.result
        return uploads.served(
            self.attachment.file,
            filename=self.attachment.download_name,
            network=result.network,
            inside_only=result.stage != Stage.PUBLIC,
        )


class AttachmentDeleteView(ResultAttachmentsMixin, AttachmentDeleteMixin, TemplateView):
    def attachment_delete(self):
        services.attachment_delete(attachment_id=self.attachment.pk, by=self.request.user)


# Comments


class CommentMixin(LoginRequiredMixin):
    """The comment in the URL, under a result the person may read; 404 otherwise."""

    @cached_property
    def comment(self):
        return get_object_or_404(
            Comment.objects.visible_to(self.request.user).select_related(
                "result__network", "result__edition", "author"
            ),
            pk=self.kwargs["pk"],
        )

    def refused_in_archive(self, request):
        """A comment on a result of a closed edition stays as it is: said on the result's
        page, rather than a bare refusal."""
        if request.user.is_authenticated and in_closed_edition(self.comment.result):
            messages.error(request, read_only_reason(self.comment.result.edition))
            return self.back()
        return None

    def back(self):
        if came_from_desk(self.request):  # moderated from the desk: back to it
            return redirect("desk:home")
        return redirect(f"{self.comment.result.get_absolute_url()}#komentarz-{self.comment.pk}")

    def get_context_data(self, **kwargs):
        return super().get_context_data(comment=self.comment, result=self.comment.result, **kwargs)


class CommentEditView(CommentMixin, FormView):
    template_name = "results/comment_edit.html"
    form_class = CommentForm

    def dispatch(self, request, *args, **kwargs):
        return self.refused_in_archive(request) or super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        if not rules.can_edit_comment(self.request.user, self.comment):
            raise PermissionDenied
        return {**super().get_form_kwargs(), "instance": self.comment}

    def form_valid(self, form):
        try:
            services.comment_edit(
                comment_id=self.comment.pk, by=self.request.user, body=form.cleaned_data["body"]
            )
        except PermissionDenied:
            form.add_error(
                "body", _("The 15 minutes for editing have passed; the text was not changed.")
            )
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error("body", error)
            return self.form_invalid(form)
        messages.success(self.request, _("Comment saved."))
        return self.back()


class CommentDeleteView(CommentMixin, TemplateView):
    template_name = "results/comment_delete.html"

    def dispatch(self, request, *args, **kwargs):
        if refused := self.refused_in_archive(request):
            return refused
        if request.user.is_authenticated and not rules.can_delete_comment(
            request.user, self.comment
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        services.comment_delete(comment_id=self.comment.pk, by=request.user)
        messages.success(request, _("Comment deleted."))
        return self.back()


class CommentModerationMixin(CommentMixin):
    """The comment's moderation (empirie.moderation)."""

    moderator = services.comment_moderator

    @property
    def moderated(self):
        return self.comment


class CommentReportView(CommentModerationMixin, ReportMixin, FormView):
    template_name = "results/comment_report.html"
    form_class = ReportForm


class CommentHideView(CommentModerationMixin, HideMixin, FormView):
    template_name = "results/comment_hide.html"
    form_class = ModerationForm
    hidden_message = gettext_lazy("Comment hidden.")


class CommentModerationActionView(CommentModerationMixin, ModerationActionMixin, View):
    """POST-only buttons: restore a hidden comment, dismiss a comment's reports."""

    restored_message = gettext_lazy("Comment restored.")
    dismissed_message = gettext_lazy("Reports dismissed; the comment stays.")

    def next_page(self, name):
        if name == "reports":  # moderated from the network's list of reported comments
            return redirect("results:reports", self.comment.result.network.slug)
        return super().next_page(name)


class ReportedCommentsView(LoginRequiredMixin, NetworkMixin, TemplateView):
    """The coordinator's list of reported comments in the network."""

    template_name = "results/reported_comments.html"

    def get_context_data(self, **kwargs):
        if not is_coordinator(self.request.user, self.network):
            raise Http404
        comments = list(selectors.reported_comments(self.request.user, self.network)[:200])
        reports = {}
        for report in selectors.open_reports_of(comments):
            reports.setdefault(report.comment_id, []).append(report)
        for comment in comments:
            comment.open_report_list = reports.get(comment.pk, [])
        return super().get_context_data(
            network=self.network, comments=comments, from_desk=came_from_desk(self.request),
            **kwargs,
        )  # fmt: skip
