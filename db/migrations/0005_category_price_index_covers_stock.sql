-- Stock joins the category-and-price index, so that a category's in-stock count within a price
-- range is read from the index alone. The new index is analyzed like the others (the planner
-- weighs an index without statistics by guesswork).
DROP INDEX `products_category_price_idx`;--> statement-breakpoint
CREATE INDEX `products_category_price_idx` ON `products` (`category`,`price_cents`,`id`,`stock`);--> statement-breakpoint
ANALYZE `products`;
