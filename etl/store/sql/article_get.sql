-- The stored fields of one article, in the order article_upsert writes them. Param: article_id.
SELECT url, title, published, source, language, text, input_path, n_events, ref FROM articles WHERE article_id = ?;
