CREATE TABLE "rate_limit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rate_limit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"limiter" text NOT NULL,
	"key" text NOT NULL,
	"at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_limit_events_key_idx" ON "rate_limit_events" USING btree ("limiter","key","at");--> statement-breakpoint
CREATE INDEX "rate_limit_events_expires_idx" ON "rate_limit_events" USING btree ("expires_at");--> statement-breakpoint
-- Written by hand (drizzle-kit has no UNLOGGED): rate-limit counts need no WAL flush per request,
-- and a crash forgetting them loosens a limit for one window (db/postgres/schema.ts).
ALTER TABLE "rate_limit_events" SET UNLOGGED;
