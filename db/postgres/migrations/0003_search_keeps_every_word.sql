-- Written by hand above the generated index (drizzle-kit has no text search configurations):
-- English stemming without a stop-word list, as SQLite's porter tokenizer stems and keeps every
-- word. With PostgreSQL's own `english`, "the", "with" or "a" matched nothing, and a shopper
-- typing "wi…" lost every product whose only match was "with".
CREATE TEXT SEARCH DICTIONARY cartwheel_english_stem (TEMPLATE = snowball, LANGUAGE = english);--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION cartwheel_search (COPY = english);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION cartwheel_search ALTER MAPPING FOR asciiword, word, hword, hword_part, hword_asciipart, asciihword, numword, numhword, hword_numpart WITH cartwheel_english_stem;--> statement-breakpoint
DROP INDEX "products_search_idx";--> statement-breakpoint
CREATE INDEX "products_search_idx" ON "products" USING gin (to_tsvector('cartwheel_search', "name" || ' ' || "description")) WHERE archived_at IS NULL;
