-- One poll's accounting. Params: run_id, source, status, items seen, new, loaded, quarantined, deferred, error.
INSERT INTO feed_polls (run_id, source, status, items_seen, items_new, items_loaded, items_quarantined,
                        items_deferred, error)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);
