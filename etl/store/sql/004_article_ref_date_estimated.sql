-- 004: events keep the caller's id of their article (article_ref: the JSON Lines `id`, the front matter
-- `id` or the file name) and whether their date counts from an estimated anchor (date_estimated: an
-- undated article, dated from the import day or a weekday; such events are first in line for review).
-- Articles keep the caller's id too.
ALTER TABLE events ADD COLUMN IF NOT EXISTS article_ref VARCHAR;
ALTER TABLE events ADD COLUMN IF NOT EXISTS date_estimated BOOLEAN;
ALTER TABLE hidden_events ADD COLUMN IF NOT EXISTS article_ref VARCHAR;
ALTER TABLE hidden_events ADD COLUMN IF NOT EXISTS date_estimated BOOLEAN;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS ref VARCHAR;
