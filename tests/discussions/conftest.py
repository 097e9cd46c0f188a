# The discussions' people (test_discussions.world) and a private folder for uploads of the
# test's own (test_uploads.private_root), for every test of discussions.
from tests.discussions.test_discussions import world  # noqa: F401
from tests.portal.test_uploads import private_root  # noqa: F401
