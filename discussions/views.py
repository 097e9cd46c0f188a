from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.models import public_name
from desk.returns import came_from_desk
from empirie import uploads
from empirie.converters import whole_number
from empirie.forms import AddRowViewMixin
from empirie.fragments import kept_rows
from empirie.moderation import HideMixin, ModerationActionMixin, ReportMixin, open_reports
from empirie.pagination import CountedApartPaginator, PageByIdsPaginator
from networks.edition_views import NeedsOpenEditionMixin
from networks.editions import read_only_reason
from networks.models import Network
from networks.rules import can_see_inside, in_closed_edition, is_coordinator, is_observer
from networks.selectors import network_by_slug
from practices.models import Practice

from . import rules, selectors, services
from .forms import (
    ConvertForm,
    FilterForm,
    MergeForm,
    MoveForm,
    NewThreadNewsForm,
    PinForm,
    PostEditForm,
    PostForm,
    PostHideForm,
    PostReportForm,
    ThreadForm,
)
from .models import Post, PostModeration, PostReport, Thread, Watch
from .rows import PostsDrawn, draw_thread_row, thread_row


class NetworkMixin(LoginRequiredMixin):
    """The network in the URL, to those who see its inside or observe it; 404 to others."""

    @cached_property
    def network(self):
        network = network_by_slug(self.kwargs["slug"])  # kept in the process, not re-read
        user = self.request.user
        if network is None or not (can_see_inside(user, network) or is_observer(user, network)):
            raise Http404
        return network

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            network=self.network,
            kinds_to_start=rules.kinds_to_start(self.request.user, self.network),
            is_coordinator=is_coordinator(self.request.user, self.network),
            **kwargs,
        )


CITY_TYPED_AT_MOST = 100


def say_who_was_told(request, body: str, thread, *, earlier: str | None = None) -> bool:
    """After a post: whom its mentions told (after an edit, those it names anew: `earlier`
    is its text before), and which "@" names told nobody (True then: the page opens at its
    top, where that is said, rather than at the post)."""
    told, unknown = services.mentions_in(body, thread, by=request.user)
    if earlier is not None and told:
        before, _unknown = services.mentions_in(earlier, thread, by=request.user)
        told = [name for name in told if name not in before]
    if told:
        messages.info(
            request, _("We told the people you mentioned: %(names)s.") % {"names": ", ".join(told)}
        )
    if unknown:
        messages.warning(
            request,
            _("No reader of this thread was recognised in %(names)s, so nobody was told of it. "
              "A mention takes a reader's whole name: type @ and choose a name from the list, "
              "or edit the post.") % {"names": ", ".join(unknown)},
        )  # fmt: skip
    return bool(unknown)


class ThreadListView(NetworkMixin, TemplateView):
    """The network's threads, newest activity first, pinned announcements on top."""

    template_name = "discussions/thread_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        asked = self.request.GET.copy()
        # A city typed too long, or with characters a text cannot hold, is looked for as far
        # as it goes: found nowhere, it says so, rather than being dropped for every thread.
        asked["city"] = asked.get("city", "").replace("\x00", "")[:CITY_TYPED_AT_MOST]
        filters = FilterForm(asked)
        filters.is_valid()
        # An odd value in the address (an unknown kind) is dropped, not an error page.
        chosen = {name: filters.cleaned_data.get(name) or "" for name in ("kind", "state", "city")}
        threads = selectors.threads_of(user, self.network, **chosen)
        pinned, rest = selectors.pinned_and_rest(threads)
        page = CountedApartPaginator(
            selectors.with_authors(rest), selectors.THREADS_PER_PAGE, counted=rest
        ).get_page(self.request.GET.get("strona"))
        pinned = list(selectors.with_authors(pinned)) if page.number == 1 else []
        shown = [*pinned, *page.object_list]
        reading = selectors.network_reading(user, self.network)
        selectors.mark_unread(user, shown, all_read_at=reading.all_read_at)
        for thread in shown:
            thread.author_name = thread.author_id and public_name(
                thread.author_first_name, thread.author_last_name, is_active=thread.author_is_active
            )
        kept_rows(
            shown,
            lambda thread: thread_row(self.network, thread, pinned=thread in pinned),
            draw_thread_row,
        )
        return super().get_context_data(
            filters=FilterForm(chosen), filtered=any(chosen.values()), pinned=pinned,
            page_obj=page, threads=page.object_list,
            # Said only when the filters find nothing: whether the city typed exists at all.
            no_such_city=SimpleLazyObject(
                lambda: bool(chosen["city"]) and not selectors.cities_named(chosen["city"]).exists()
            ),
            news_form=NewThreadNewsForm(initial={"new_threads": reading.new_threads}),
            **kwargs,
        )  # fmt: skip


class ThreadCreateView(NetworkMixin, NeedsOpenEditionMixin, AddRowViewMixin, FormView):
    template_name = "discussions/thread_form.html"
    form_class = ThreadForm
    new_work_title = gettext_lazy("Start a thread")

    def check_may_create(self):
        if not rules.kinds_to_start(self.request.user, self.network):
            raise PermissionDenied

    def get_form_kwargs(self):
        self.check_may_create()
        return {**super().get_form_kwargs(), "user": self.request.user, "network": self.network}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            thread = services.thread_start(
                by=self.request.user, network_id=self.network.pk, kind=data["kind"],
                audience=data["audience"], title=data["title"], body=data["body"],
                feedback_until=data.get("feedback_until"), pinned_until=data.get("pinned_until"),
                **form.uploads(),
            )  # fmt: skip
        except ValidationError as error:
            form.refused(error)
            return self.form_invalid(form)
        except PermissionDenied:
            form.add_error(None, _("You may no longer start this kind of thread here."))
            return self.form_invalid(form)
        messages.success(self.request, _("Thread started."))
        say_who_was_told(self.request, data["body"], thread)
        return redirect(thread.get_absolute_url())


class ThreadMixin(NetworkMixin):
    @cached_property
    def thread(self):
        thread = selectors.thread_page_for(self.request.user, self.network, self.kwargs["pk"])
        if thread is None:
            raise Http404
        return thread


class PeopleToMentionView(NetworkMixin, View):
    """The mention autocomplete's names for a new thread (`?q=` what follows "@"): the people
    who would read it, for the audience chosen on the form (`?odbiorcy=`, else the first the
    person may choose). A person's name only, to those who read the network (else 404)."""

    def readers_of(self):
        audiences = rules.audiences_to_choose(self.request.user, self.network)
        audience = self.request.GET.get("odbiorcy")
        return Thread(
            network=self.network, audience=audience if audience in audiences else audiences[0]
        )

    def get(self, request, *args, **kwargs):
        names = services.people_to_mention(
            self.readers_of(), request.GET.get("q", ""), by=request.user
        )
        return JsonResponse({"names": names})


class ThreadPeopleToMentionView(ThreadMixin, PeopleToMentionView):
    """The same for a reply: the thread's readers (404 to those who may not read it)."""

    def readers_of(self):
        return self.thread


class ThreadView(ThreadMixin, TemplateView):
    """A thread's posts, 50 a page; it opens where the person stopped reading."""

    template_name = "discussions/thread_detail.html"

    def get(self, request, *args, **kwargs):
        thread = self.thread
        wanted = whole_number(request.GET.get("wpis", ""))
        if wanted is not None and "strona" not in request.GET:
            page = selectors.page_of_post(thread, wanted)
            return redirect(f"{request.path}?strona={page}#wpis-{wanted}")
        if "strona" not in request.GET:
            first_unread = selectors.first_unread_post(request.user, thread)
            if first_unread is not None:
                page = selectors.page_of_post(thread, first_unread)
                return redirect(f"{request.path}?strona={page}#wpis-{first_unread}")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        """A reply; on a refusal the page comes back with the text kept, as it does (with
        nothing checked) to add a row of files without JavaScript."""
        form = PostForm(request.POST, request.FILES)
        if form.row_added:
            form.quiet()
        elif form.is_valid():
            try:
                post = services.post_add(
                    by=request.user, thread_id=self.thread.pk, body=form.cleaned_data["body"],
                    quoted_id=form.cleaned_data["quoted"], **form.uploads(),
                )  # fmt: skip
            except PermissionDenied as error:
                raise Http404 from error
            except ValidationError as error:
                form.refused(error, field="body")  # a refused file at its row
            else:
                messages.success(request, _("Reply added."))
                warned = say_who_was_told(request, form.cleaned_data["body"], self.thread)
                page = selectors.page_of_post(self.thread, post.pk)
                return redirect(
                    f"{request.path}?strona={page}" + ("" if warned else f"#wpis-{post.pk}")
                )
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        user, thread = self.request.user, self.thread
        page = PageByIdsPaginator(
            selectors.posts_as_drawn(thread, user),
            selectors.POSTS_PER_PAGE,
            counted=selectors.posts_in(thread),
        ).get_page(self.request.GET.get("strona"))
        posts = list(page.object_list)
        selectors.load_files(posts)
        moderator = rules.can_moderate(user, thread)
        can_mark = rules.can_mark_solution(user, thread)
        # Posts come in order of writing: the thread's first is the first of page 1.
        first_pk = posts[0].pk if posts and page.number == 1 else None
        for post in posts:
            post.thread = thread  # read once, with its edition (an archive's?)
            post.is_first = post.pk == first_pk
            post.can_edit = rules.can_edit_post(user, post)
            post.can_delete = rules.can_delete_post(user, post)
            post.can_mark_useful = rules.can_mark_useful(user, post)
            post.can_report = rules.can_report_post(user, post)
            post.can_solve = (  # a reply of someone else than the asker
                can_mark and not post.is_first and not post.is_hidden and not post.is_deleted
                and post.author_id != thread.author_id
            )  # fmt: skip
        drawn = PostsDrawn(
            self.network.slug, thread, page_number=page.number, reader_id=user.pk,
            can_reply=rules.can_reply(user, thread), can_moderate=moderator,
            csrf_token=get_token(self.request),
        )  # fmt: skip
        for post in posts:
            post.markup = mark_safe(drawn.draw(post))  # noqa: S308  # nosec B308 B703  # its values escaped
        if posts:
            services.reading_advance(person=user, thread=thread, post_id=posts[-1].pk)
        quoted = None
        quote = whole_number(self.request.GET.get("cytat", ""))
        if quote is not None:
            quoted = (
                selectors.posts_of(thread).filter(pk=quote, deleted_at=None, hidden_at=None).first()
            )
        form = kwargs.pop("form", None) or PostForm(
            initial={"quoted": quoted.pk if quoted else None}
        )
        kept = whole_number(form.data.get("quoted", "")) if form.is_bound else None
        if quoted is None and kept is not None:
            quoted = selectors.posts_of(thread).filter(pk=kept).first()
        watch = Watch.objects.filter(thread=thread, person=user).values_list("watching", flat=True)
        return super().get_context_data(
            thread=thread, page_obj=page, posts=posts, form=form, quoted=quoted,
            can_reply=drawn.can_reply, can_moderate=moderator,
            can_mark_solution=can_mark, watching=next(iter(watch), False),
            can_convert=rules.can_convert(user, thread),
            archived=in_closed_edition(thread),
            pin_form=kwargs.pop("pin_form", None)
            or (PinForm(initial={"until": thread.pinned_until}) if moderator else None),
            **kwargs,
        )  # fmt: skip


class ThreadActionView(ThreadMixin, View):
    """POST-only buttons on a thread: watch, mark the solution, pin, lock."""

    action = None

    def post(self, request, *args, **kwargs):
        user, thread = request.user, self.thread
        back_to = "?strona=1"
        try:
            if self.action == "watch":
                watching = request.POST.get("watching") == "1"
                services.watch_set(person=user, thread_id=thread.pk, watching=watching)
                messages.success(request, _("You will hear of new replies.") if watching
                                 else _("You will not hear of new replies."))  # fmt: skip
            elif self.action == "solution":
                sent = request.POST.get("post", "")
                post = whole_number(sent)
                if sent and post is None:  # no post sent reopens the question; a wrong one, not
                    raise ValidationError(rules.NOT_A_SOLUTION)
                services.solution_mark(by=user, thread_id=thread.pk, post_id=post)
                if post is not None:
                    back_to = f"?wpis={post}"  # the reply marked, on its page
                messages.success(request, _("Marked as the reply that solved the question.")
                                 if post is not None else _("The question is open again."))  # fmt: skip
            elif self.action == "pin":
                return self.pin(request, *args, **kwargs)
            elif self.action == "lock":
                locked = request.POST.get("locked") == "1"
                services.thread_lock(by=user, thread_id=thread.pk, locked=locked)
                messages.success(request, _("Thread locked: no new replies.") if locked
                                 else _("Thread open for replies again."))  # fmt: skip
        except PermissionDenied:
            raise
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(thread.get_absolute_url() + back_to)

    def pin(self, request, *args, **kwargs):
        """A day refused comes back on the thread's page at its field, as typed."""
        form = PinForm(request.POST)
        if form.is_valid():
            until = form.cleaned_data["until"]
            try:
                services.thread_pin(by=request.user, thread_id=self.thread.pk, until=until)
            except ValidationError as error:
                form.add_error("until", error)
            else:
                messages.success(request, _("Pinning saved.") if until else _("Thread unpinned."))
                return redirect(self.thread.get_absolute_url() + "?strona=1")
        page = ThreadView(request=request, args=args, kwargs=kwargs, network=self.network,
                          thread=self.thread)  # fmt: skip
        # Served at the button's address: the language switch leads to the thread's page.
        address = f"{self.thread.get_absolute_url()}?strona=1"
        return page.render_to_response(page.get_context_data(pin_form=form, page_address=address))


class NetworkActionView(NetworkMixin, View):
    """POST-only: mark all read, choose which new threads one hears of."""

    action = None

    def post(self, request, *args, **kwargs):
        if self.action == "read":
            services.network_mark_read(person=request.user, network_id=self.network.pk)
            messages.success(request, _("All threads marked as read."))
        else:
            form = NewThreadNewsForm(request.POST)
            if form.is_valid():
                services.new_threads_choose(
                    person=request.user, network_id=self.network.pk,
                    choice=form.cleaned_data["new_threads"],
                )  # fmt: skip
                messages.success(request, _("Your choice is saved."))
            else:
                messages.error(request, _("Choose one of the options."))
        return redirect("discussions:list", self.network.slug)


class PostMixin(ThreadMixin):
    """The post in the URL, in the thread in the URL, if the person may read it."""

    @cached_property
    def post_object(self):
        post = get_object_or_404(
            Post.objects.visible_to(self.request.user).select_related("author", "thread"),
            pk=self.kwargs["post"], thread_id=self.thread.pk,
        )  # fmt: skip
        post.thread = self.thread
        return post

    def back(self):
        if came_from_desk(self.request):  # moderated from the desk: back to it
            return redirect("desk:home")
        return redirect(f"{self.thread.get_absolute_url()}?wpis={self.post_object.pk}")

    def get_context_data(self, **kwargs):
        kwargs.pop("post", None)  # the URL's post id; the page shows the post itself
        return super().get_context_data(
            thread=self.thread, post=self.post_object, from_desk=came_from_desk(self.request),
            **kwargs,
        )  # fmt: skip

    def refused_in_archive(self, request):
        """A post of a closed edition's thread stays as it is: said on the thread's page,
        rather than a bare refusal."""
        if request.user.is_authenticated and in_closed_edition(self.thread):
            messages.error(request, read_only_reason(self.thread.edition))
            return self.back()
        return None


class PostEditView(PostMixin, AddRowViewMixin, FormView):
    template_name = "discussions/post_edit.html"
    form_class = PostEditForm

    def dispatch(self, request, *args, **kwargs):
        return self.refused_in_archive(request) or super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if not rules.can_edit_post(self.request.user, self.post_object):
            raise PermissionDenied
        return {"body": self.post_object.body}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "post": self.post_object}

    def form_valid(self, form):
        try:
            services.post_edit(
                by=self.request.user, post_id=self.post_object.pk, body=form.cleaned_data["body"],
                remove_attachments=form.removed("dokument"), remove_photos=form.removed("zdjecie"),
                **form.uploads(),
            )  # fmt: skip
        except PermissionDenied:
            form.add_error("body", _("This post can no longer be edited; your text is below."))
            return self.form_invalid(form)
        except ValidationError as error:
            form.refused(error, field="body")
            return self.form_invalid(form)
        messages.success(self.request, _("Post saved."))
        said = say_who_was_told(
            self.request, form.cleaned_data["body"], self.thread, earlier=self.post_object.body
        )
        if said:
            page = selectors.page_of_post(self.thread, self.post_object.pk)
            return redirect(f"{self.thread.get_absolute_url()}?strona={page}")
        return self.back()


class PostDeleteView(PostMixin, TemplateView):
    template_name = "discussions/post_delete.html"

    def dispatch(self, request, *args, **kwargs):
        if refused := self.refused_in_archive(request):
            return refused
        if request.user.is_authenticated and not rules.can_delete_post(
            request.user, self.post_object
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        services.post_delete(by=request.user, post_id=self.post_object.pk)
        messages.success(request, _("Post deleted."))
        return self.back()


class PostFileMixin(PostMixin):
    """A file of a post, to those who may read the post, as the thread shows it: never of a
    deleted post, of a hidden one to the moderator only; 404 otherwise. Kept by no cache (a
    network's inside)."""

    def get(self, request, *args, **kwargs):
        post = self.post_object
        if post.is_deleted or (
            post.is_hidden and not rules.can_moderate(request.user, self.thread)
        ):
            raise Http404
        fieldfile, filename = self.file_of(post)
        return uploads.served(
            fieldfile, filename=filename, network=self.network, inside_only=True, shown=self.shown
        )


class PostDocumentView(PostFileMixin, View):
    shown = False

    def file_of(self, post):
        document = get_object_or_404(post.attachments, pk=self.kwargs["document"])
        return document.file, document.download_name


class PostPhotoView(PostFileMixin, View):
    shown = True

    def file_of(self, post):
        photo = get_object_or_404(post.photos, pk=self.kwargs["photo"])
        sizes = {"miniatura": photo.thumbnail, "pelne": photo.image}
        if self.kwargs["size"] not in sizes:
            raise Http404
        fieldfile = sizes[self.kwargs["size"]]
        return fieldfile, fieldfile.name.rsplit("/", 1)[-1]


class UsefulView(PostMixin, View):
    def post(self, request, *args, **kwargs):
        if refused := self.refused_in_archive(request):
            return refused
        if not rules.can_mark_useful(request.user, self.post_object):
            raise PermissionDenied
        marked = services.useful_toggle(by=request.user, post_id=self.post_object.pk)
        messages.success(request, _("Marked as useful.") if marked else _("Mark taken back."))
        return self.back()


class PostModerationMixin(PostMixin):
    """The post's moderation (empirie.moderation)."""

    moderator = services.post_moderator

    @property
    def moderated(self):
        return self.post_object


class PostReportView(PostModerationMixin, ReportMixin, FormView):
    template_name = "discussions/post_report.html"
    form_class = PostReportForm


class PostHideView(PostModerationMixin, HideMixin, FormView):
    """The post, its open reports, its earlier versions and its moderation so far, and the
    form that hides it."""

    template_name = "discussions/post_hide.html"
    form_class = PostHideForm
    hidden_message = gettext_lazy("Post hidden.")

    def get_context_data(self, **kwargs):
        post = self.post_object
        return super().get_context_data(
            versions=post.versions.all(),
            reports=open_reports(PostReport).filter(post=post).select_related("reporter"),
            moderations=PostModeration.objects.filter(post=post).select_related("by"),
            **kwargs,
        )


class PostModerationActionView(PostModerationMixin, ModerationActionMixin, View):
    """POST-only: restore a hidden post, dismiss a post's reports."""

    restored_message = gettext_lazy("Post restored.")
    dismissed_message = gettext_lazy("Reports dismissed; the post stays.")


class CoordinatorThreadMixin(ThreadMixin):
    """A page of the coordinator's acts on a thread; others may not open it."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not rules.can_moderate(request.user, self.thread):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(thread=self.thread, **kwargs)


class ThreadMoveView(CoordinatorThreadMixin, FormView):
    template_name = "discussions/thread_move.html"
    form_class = MoveForm

    def get_form_kwargs(self):
        networks = services.networks_to_move_to(self.request.user, self.thread)
        queryset = Network.objects.filter(pk__in=[n.pk for n in networks]).order_by("number")
        return {**super().get_form_kwargs(), "networks": queryset}

    def form_valid(self, form):
        try:
            thread = services.thread_move(
                by=self.request.user, thread_id=self.thread.pk,
                network_id=form.cleaned_data["network"].pk,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("network", error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thread moved to %(network)s.") % {
            "network": thread.network.name})  # fmt: skip
        return redirect(thread.get_absolute_url())


class ThreadMergeView(CoordinatorThreadMixin, FormView):
    template_name = "discussions/thread_merge.html"
    form_class = MergeForm

    def get_form_kwargs(self):
        threads = services.threads_to_merge_into(self.request.user, self.thread)[:100]
        # visible: the ids come from threads_to_merge_into, read through visible_to
        queryset = Thread.objects.filter(pk__in=[t.pk for t in threads]).order_by("-last_post_at")
        return {**super().get_form_kwargs(), "threads": queryset}

    def form_valid(self, form):
        try:
            into = services.thread_merge(
                by=self.request.user, thread_id=self.thread.pk,
                into_id=form.cleaned_data["into"].pk,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("into", error)
            return self.form_invalid(form)
        messages.success(self.request, _("Threads merged."))
        return redirect(into.get_absolute_url() + "?strona=1")


class ThreadConvertView(CoordinatorThreadMixin, FormView):
    template_name = "discussions/thread_convert.html"
    form_class = ConvertForm

    def get(self, request, *args, **kwargs):
        if not rules.can_convert(request.user, self.thread):
            messages.info(request, rules.NOT_CONVERTIBLE)
            return redirect(self.thread.get_absolute_url() + "?strona=1")
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if data["into"] == "wynik":
                result = services.thread_to_result(by=self.request.user, thread_id=self.thread.pk)
                messages.success(self.request, _("A draft result is ready: complete it here."))
                return redirect("results:edit", result.pk)
            practice = services.thread_to_practice(
                by=self.request.user, thread_id=self.thread.pk, category_id=data["category"].pk
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if Practice.objects.visible_to(self.request.user).filter(pk=practice.pk).exists():
            messages.success(self.request, _("A draft practice is ready; its author completes "
                                             "it and sends it for review."))  # fmt: skip
            return redirect("practices:detail", practice.slug)
        # A draft is its author's until they submit it: the coordinator stays on the thread.
        messages.success(self.request, _(
            "A draft practice is ready for %(author)s, who completes it and sends it for review "
            "(it waits among their practices); you will review it then."
        ) % {"author": practice.author.get_full_name()})  # fmt: skip
        return redirect(self.thread.get_absolute_url() + "?strona=1")
