"""Event extraction from news text, in stages: mentions -> units -> slots -> discourse -> record.

`load_knowledge(knowledge_dir)` once, then `extract_events(article, knowledge)` per article.
"""

from etl.extract.events import extract_events
from etl.extract.mentions import Knowledge, load_knowledge

__all__ = ["Knowledge", "extract_events", "load_knowledge"]
