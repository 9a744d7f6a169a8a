"""Team-deployment fixtures: the review tests' throwaway PostgreSQL server and example-article store, reused."""

from tests.review.conftest import (article_store, article_store_template, postgres_server,  # noqa: F401
                                   review_db)
