-- Insert or replace one article. Params: article_id, url, title, published, source, language, text,
-- input_path, n_events, ref, run_id.
INSERT OR REPLACE INTO articles (article_id, url, title, published, source, language, text, input_path, n_events,
                                 ref, run_id, timestamp)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, current_timestamp::TIMESTAMP);
