-- Full-text search over product names and descriptions; bm25() ranks the "relevance" sort.
-- An external-content table: the text lives once, in products, and triggers keep the index in step.
CREATE VIRTUAL TABLE `products_fts` USING fts5(
	name,
	description,
	content = 'products',
	content_rowid = 'id',
	tokenize = 'porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `products_fts_insert` AFTER INSERT ON `products` BEGIN
	INSERT INTO products_fts(rowid, name, description) VALUES (new.id, new.name, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_delete` AFTER DELETE ON `products` BEGIN
	INSERT INTO products_fts(products_fts, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_update` AFTER UPDATE OF name, description ON `products` BEGIN
	INSERT INTO products_fts(products_fts, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
	INSERT INTO products_fts(rowid, name, description) VALUES (new.id, new.name, new.description);
END;
