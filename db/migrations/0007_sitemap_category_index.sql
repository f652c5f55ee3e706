-- The sitemap lists every category with the newest change among its products on sale: this index
-- answers each category's count and newest updated_at from the index alone.
CREATE INDEX `products_category_updated_idx` ON `products` (`category`,`updated_at`) WHERE archived_at IS NULL;
