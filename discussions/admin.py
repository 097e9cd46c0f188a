from django.contrib import admin

from .models import Post, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "kind", "audience", "last_post_at", "post_count"]
    list_filter = ["network", "kind", "audience"]
    search_fields = ["title"]
    readonly_fields = [
        "author",
        "created_at",
        "last_post_at",
        "post_count",
        "solution",
        "solved_at",
    ]
    raw_id_fields = ["network"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "thread", "author", "created_at", "hidden_at", "deleted_at"]
    readonly_fields = ["thread", "author", "quoted", "created_at", "edited_at", "deleted_at",
                       "useful_count"]  # fmt: skip
    fields = ["thread", "author", "body", "quoted", "created_at", "edited_at", "deleted_at",
              "hidden_at", "hidden_reason", "useful_count"]  # fmt: skip
