CREATE TABLE `cart_requests` (
	`idempotency_key` text PRIMARY KEY NOT NULL,
	`cart_id` integer NOT NULL,
	`request_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`cart_id`) REFERENCES `carts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cart_requests_created_idx` ON `cart_requests` (`created_at`);