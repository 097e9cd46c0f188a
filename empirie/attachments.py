"""The forms and pages with which people add and remove a record's files, the same for every
record that has them (empirie/uploads.py keeps, checks and serves the files themselves).

A record's views name what differs: `owner` (the record, already through its `visible_to`),
`may_edit()` (its rule) and `attachments_url()` (its attachments page); the page that adds calls
the record's service in `attachment_add`, the page that removes in `attachment_delete`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def document_field(**kwargs):
    return forms.FileField(
        label=gettext_lazy("Document"),
        help_text=gettext_lazy("PDF, DOCX, XLSX or PPTX, up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx"}),
        **kwargs,
    )


def photo_field(**kwargs):
    return forms.FileField(
        label=gettext_lazy("Photo"),
        help_text=gettext_lazy("JPEG, PNG or WebP, up to 10 MB, 200 to 8000 pixels on each side."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        **kwargs,
    )


def caption_field(**kwargs):
    kwargs.setdefault("help_text", gettext_lazy("Read aloud to people who cannot see the photo."))
    return forms.CharField(label=gettext_lazy("What the photo shows"), max_length=300, **kwargs)


class AttachmentForm(forms.Form):
    file = document_field()
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)


class PhotoForm(forms.Form):
    image = photo_field()
    caption = caption_field()


class WithFilesForm(forms.Form):
    """A text's form (a discussion post) that may also carry one document and one photo, sent
    with the text in one go; the title or the description is asked for once its file is given.
    `uploads()` gives the service what was sent."""

    document = document_field(required=False)
    document_title = forms.CharField(
        label=gettext_lazy("Document's title"), max_length=200, required=False,
        help_text=gettext_lazy("Needed when you add a document."),
    )  # fmt: skip
    photo = photo_field(required=False)
    photo_caption = caption_field(
        required=False,
        help_text=gettext_lazy(
            "Needed when you add a photo: read aloud to people who cannot see it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("document_title", "photo_caption"):
            self.fields[name].marked_optional = False  # needed with its file, as its help says

    def clean(self):
        data = super().clean()
        if data.get("document") and not (data.get("document_title") or "").strip():
            self.add_error("document_title", _("Give the document a title."))
        if data.get("photo") and not (data.get("photo_caption") or "").strip():
            self.add_error(
                "photo_caption", _("Say what the photo shows, for people who cannot see it.")
            )
        return data

    def uploads(self) -> dict:
        data = self.cleaned_data
        return {
            "document": data.get("document") or None,
            "document_title": data.get("document_title") or "",
            "photo": data.get("photo") or None,
            "photo_caption": data.get("photo_caption") or "",
        }


class EditorsOnlyMixin(LoginRequiredMixin):
    """A page for those who may edit the record: others logged in are refused (403), or get a
    404 from `owner` for a record they may not see; visitors are sent to log in."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.may_edit():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AttachmentsPageMixin:
    """A record's attachments, and the form that adds one for those who may edit it. A refused
    file is said at its field and the title typed stays."""

    def get_context_data(self, **kwargs):
        if self.may_edit():
            kwargs.setdefault("form", AttachmentForm())
        return super().get_context_data(attachments=self.owner.attachments.all(), **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.may_edit():
            raise PermissionDenied
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                self.attachment_add(
                    upload=form.cleaned_data["file"], title=form.cleaned_data["title"]
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("Attachment added."))
                return redirect(self.attachments_url())
        return self.render_to_response(self.get_context_data(form=form))


class AttachmentMixin:
    """One attachment of the record, the one in the URL (`attachment_kwarg`), if the person may
    see it; 404 otherwise."""

    attachment_kwarg = "pk"

    @cached_property
    def attachment(self):
        return get_object_or_404(
            self.owner.attachments.visible_to(self.request.user),
            pk=self.kwargs[self.attachment_kwarg],
        )


class AttachmentDeleteMixin(EditorsOnlyMixin, AttachmentMixin):
    """Asks first (uploads/attachment_delete.html), then removes the attachment; its file goes
    once the removal commits."""

    template_name = "uploads/attachment_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            attachment=self.attachment, owner=self.owner, back_url=self.attachments_url(), **kwargs
        )

    def post(self, request, *args, **kwargs):
        self.attachment_delete()
        messages.success(request, _("Attachment removed."))
        return redirect(self.attachments_url())
