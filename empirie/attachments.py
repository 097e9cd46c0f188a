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
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from empirie import uploads
from empirie.forms import FormWithRows, RowForm, RowsFormSet


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


class _FileRowForm(RowForm):
    """A row of several files sent with a text: the file (`file_field`) and what names it, both
    needed once either is given. A file chosen before the page came back (an error, or "add
    another" without JavaScript) is lost by the browser: the row keeps its name (`chosen`),
    says it by the file to choose again, and is not left out as empty while it has none."""

    file_field: str

    chosen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        upload = self.files.get(self.add_prefix(self.file_field))
        name = upload.name if upload else self.data.get(self.add_prefix("chosen"), "")
        if name:
            self.data = self.data.copy()  # the page shown again carries the name on
            self.data[self.add_prefix("chosen")] = name = name[:200]
            field = self.fields[self.file_field]
            field.help_text = format_html(
                "{} {}",
                _("Chosen before: “%(name)s”. Choose it again: the browser forgets chosen files "
                  "when the page comes back.") % {"name": name},
                field.help_text,
            )  # fmt: skip


class DocumentRowForm(_FileRowForm, AttachmentForm):
    file_field = "file"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].label = _("Document's title")  # not the title of the text it goes with
        self.fields["file"].error_messages["required"] = _("Choose the document's file.")
        self.fields["title"].error_messages["required"] = _("Give the document a title.")


class PhotoRowForm(_FileRowForm, PhotoForm):
    file_field = "image"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].error_messages["required"] = _("Choose the photo's file.")
        self.fields["caption"].error_messages["required"] = _(
            "Say what the photo shows, for people who cannot see it."
        )


class _FileRows(RowsFormSet):
    add_hint = gettext_lazy(
        "Choose the files last: adding another reloads the page, and the browser forgets the "
        "files chosen before."
    )


class DocumentFormSet(_FileRows):
    legend = gettext_lazy("Documents")
    row_title = gettext_lazy("Document %(number)s")
    add_label = gettext_lazy("Add another document")
    default_error_messages = {"too_many_forms": uploads.TOO_MANY["documents"]}


class PhotoFormSet(_FileRows):
    legend = gettext_lazy("Photos")
    row_title = gettext_lazy("Photo %(number)s")
    add_label = gettext_lazy("Add another photo")
    default_error_messages = {"too_many_forms": uploads.TOO_MANY["photos"]}


def _file_rows(form, formset):
    return forms.formset_factory(
        form, formset=formset, can_delete=True, max_num=uploads.MAX_FILES_SENT, validate_max=True
    )


DocumentRows = _file_rows(DocumentRowForm, DocumentFormSet)
PhotoRows = _file_rows(PhotoRowForm, PhotoFormSet)


FILE_ROWS = "forms/file_rows.html"
_EMPTY_FILE_ROWS = {}  # language: the rows of a form not yet sent, drawn


class WithFilesForm(FormWithRows, forms.Form):
    """A text's form (a discussion post) that may also carry documents and photos, up to
    MAX_FILES_SENT of each, sent with the text in one go: rows of a file and its title, or of
    a photo and what it shows. `uploads()` gives the service what was sent, `refused()` shows
    the service's refusal where it belongs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        data, files = (self.data, self.files) if self.is_bound else (None, None)
        self.document_rows = DocumentRows(data, files, prefix="documents")
        self.photo_rows = PhotoRows(data, files, prefix="photos")
        self.formsets = [self.document_rows, self.photo_rows]

    def file_rows(self):
        """The rows, drawn (templates/forms/file_rows.html). A form not yet sent draws the same
        for everyone reading the page's language: drawn once per process and language, as
        four rows of fields through the templates took a thread's page some 10 ms."""
        if self.is_bound:
            return render_to_string(FILE_ROWS, {"form": self})
        language = get_language()
        if language not in _EMPTY_FILE_ROWS:
            _EMPTY_FILE_ROWS[language] = render_to_string(FILE_ROWS, {"form": self})
        return _EMPTY_FILE_ROWS[language]

    def uploads(self) -> dict:
        def sent(rows):
            return [{k: v for k, v in row.items() if k != "chosen"} for row in rows.rows() or []]

        return {"documents": sent(self.document_rows), "photos": sent(self.photo_rows)}

    def refused(self, error: ValidationError, *, field=None) -> None:
        """The service's refusal: a file's at its row (uploads._each_saved names it), too many
        files at their rows, anything else at `field` (None: above the form)."""
        rows = {"documents": self.document_rows, "photos": self.photo_rows}
        if not hasattr(error, "error_dict"):
            self.add_error(field, error)
            return
        for key, why in error.error_dict.items():
            if isinstance(key, tuple):
                kind, position, name = key
                rows[kind].filled()[position].add_error(name, why)
            elif key in rows:
                rows[key].non_form_errors().extend(why)
            else:
                self.add_error(key if key in self.fields else field, why)


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
