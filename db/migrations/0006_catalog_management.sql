-- Catalog management: products can be archived (taken off sale), renamed slugs redirect, and
-- every catalog change is audited. The storefront's listing indexes become partial (products on
-- sale only), and the search index holds only products on sale, so search never finds an
-- archived product and counts it nowhere.
CREATE TABLE `catalog_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer,
	`category_slug` text,
	`action` text NOT NULL,
	`actor` text NOT NULL,
	`note` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_slug`) REFERENCES `categories`(`slug`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `catalog_changes_product_idx` ON `catalog_changes` (`product_id`,`at`);--> statement-breakpoint
CREATE INDEX `catalog_changes_category_idx` ON `catalog_changes` (`category_slug`,`at`);--> statement-breakpoint
CREATE TABLE `product_slug_redirects` (
	`slug` text PRIMARY KEY NOT NULL,
	`product_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
DROP INDEX `products_price_idx`;--> statement-breakpoint
DROP INDEX `products_created_idx`;--> statement-breakpoint
DROP INDEX `products_category_name_idx`;--> statement-breakpoint
DROP INDEX `products_category_price_idx`;--> statement-breakpoint
DROP INDEX `products_category_created_idx`;--> statement-breakpoint
ALTER TABLE `products` ADD `archived_at` integer;--> statement-breakpoint
CREATE INDEX `products_price_idx` ON `products` (`price_cents`,`id`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_created_idx` ON `products` (`created_at`,`id`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_category_name_idx` ON `products` (`category`,`name`,`id`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_category_price_idx` ON `products` (`category`,`price_cents`,`id`,`stock`) WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_category_created_idx` ON `products` (`category`,`created_at`,`id`) WHERE archived_at IS NULL;--> statement-breakpoint
ALTER TABLE `categories` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
DROP TRIGGER `products_fts_insert`;--> statement-breakpoint
DROP TRIGGER `products_fts_delete`;--> statement-breakpoint
DROP TRIGGER `products_fts_update`;--> statement-breakpoint
CREATE TRIGGER `products_fts_insert` AFTER INSERT ON `products` WHEN new.archived_at IS NULL BEGIN
	INSERT INTO products_fts(rowid, name, description) VALUES (new.id, new.name, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_delete` AFTER DELETE ON `products` WHEN old.archived_at IS NULL BEGIN
	INSERT INTO products_fts(products_fts, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
END;
--> statement-breakpoint
-- An external-content index must be told the exact text it holds for a row, and only for a row it
-- holds: the old text leaves only if the product was on sale, the new arrives only if it is now.
CREATE TRIGGER `products_fts_update` AFTER UPDATE OF name, description, archived_at ON `products` BEGIN
	INSERT INTO products_fts(products_fts, rowid, name, description) SELECT 'delete', old.id, old.name, old.description WHERE old.archived_at IS NULL;
	INSERT INTO products_fts(rowid, name, description) SELECT new.id, new.name, new.description WHERE new.archived_at IS NULL;
END;
--> statement-breakpoint
ANALYZE `products`;
