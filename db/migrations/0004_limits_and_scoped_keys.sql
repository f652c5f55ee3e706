-- Tables are rebuilt to add CHECK constraints; db/migrate.ts turns foreign keys off around
-- migrations (a PRAGMA has no effect inside the migration's transaction) and checks them after.
-- Rows a bug left outside the new ranges are brought inside them.
CREATE TABLE `__new_cart_requests` (
	`cart_id` integer NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`cart_id`, `idempotency_key`),
	FOREIGN KEY (`cart_id`) REFERENCES `carts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_cart_requests`("cart_id", "idempotency_key", "request_hash", "created_at") SELECT "cart_id", "idempotency_key", "request_hash", "created_at" FROM `cart_requests`;--> statement-breakpoint
DROP TABLE `cart_requests`;--> statement-breakpoint
ALTER TABLE `__new_cart_requests` RENAME TO `cart_requests`;--> statement-breakpoint
CREATE INDEX `cart_requests_created_idx` ON `cart_requests` (`created_at`);--> statement-breakpoint
CREATE TABLE `__new_cart_lines` (
	`cart_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`cart_id`, `product_id`),
	FOREIGN KEY (`cart_id`) REFERENCES `carts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cart_lines_quantity_positive" CHECK("__new_cart_lines"."quantity" > 0),
	CONSTRAINT "cart_lines_quantity_capped" CHECK("__new_cart_lines"."quantity" <= 99)
);
--> statement-breakpoint
INSERT INTO `__new_cart_lines`("cart_id", "product_id", "quantity", "added_at") SELECT "cart_id", "product_id", min("quantity", 99), "added_at" FROM `cart_lines`;--> statement-breakpoint
DROP TABLE `cart_lines`;--> statement-breakpoint
ALTER TABLE `__new_cart_lines` RENAME TO `cart_lines`;--> statement-breakpoint
CREATE INDEX `cart_lines_product_idx` ON `cart_lines` (`product_id`);--> statement-breakpoint
CREATE TABLE `__new_products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`category` text NOT NULL,
	`price_cents` integer NOT NULL,
	`stock` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`category`) REFERENCES `categories`(`slug`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "products_stock_not_negative" CHECK("__new_products"."stock" >= 0),
	CONSTRAINT "products_price_not_negative" CHECK("__new_products"."price_cents" >= 0),
	CONSTRAINT "products_stock_capped" CHECK("__new_products"."stock" <= 1000000),
	CONSTRAINT "products_price_capped" CHECK("__new_products"."price_cents" <= 100000000)
);
--> statement-breakpoint
INSERT INTO `__new_products`("id", "slug", "sku", "name", "description", "category", "price_cents", "stock", "version", "created_at", "updated_at") SELECT "id", "slug", "sku", "name", "description", "category", min("price_cents", 100000000), min("stock", 1000000), "version", "created_at", "updated_at" FROM `products`;--> statement-breakpoint
DROP TABLE `products`;--> statement-breakpoint
ALTER TABLE `__new_products` RENAME TO `products`;--> statement-breakpoint
CREATE UNIQUE INDEX `products_slug_unique` ON `products` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku_unique` ON `products` (`sku`);--> statement-breakpoint
CREATE INDEX `products_name_idx` ON `products` (`name`,`id`);--> statement-breakpoint
CREATE INDEX `products_price_idx` ON `products` (`price_cents`,`id`);--> statement-breakpoint
CREATE INDEX `products_created_idx` ON `products` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `products_stock_idx` ON `products` (`stock`);--> statement-breakpoint
CREATE INDEX `products_category_name_idx` ON `products` (`category`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `products_category_price_idx` ON `products` (`category`,`price_cents`,`id`);--> statement-breakpoint
CREATE INDEX `products_category_created_idx` ON `products` (`category`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `products_updated_idx` ON `products` (`updated_at`,`id`);--> statement-breakpoint
-- Triggers go with the table they were on: the search index's are made again (as in 0001).
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
