"""The content model: typed records and closed vocabularies. No I/O."""

from generator.model.records import (  # noqa: F401
    Assembly,
    Evidence,
    Page,
    ProgressUpdate,
    Recommendation,
    Response,
    Session,
    Speaker,
    Update,
)
from generator.model.site import SiteConfig  # noqa: F401
