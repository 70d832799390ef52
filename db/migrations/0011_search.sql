-- Search (docs/search.md): trigram similarity for typos and prefixes, unaccent for folding. Both are trusted extensions (PostgreSQL 13+: a database owner may create them); PGlite loads them from its contrib bundle (db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE TABLE "search_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"source" text NOT NULL,
	"advisors_only" boolean DEFAULT false NOT NULL,
	"text" text NOT NULL,
	"start_ms" integer,
	"end_ms" integer,
	"tsv" "tsvector" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_subjects" (
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"title" text NOT NULL,
	"lang" text NOT NULL,
	"state" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"source_version" bigint NOT NULL,
	"indexed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_subjects_kind_subject_id_pk" PRIMARY KEY("kind","subject_id")
);
--> statement-breakpoint
ALTER TABLE "search_entries" ADD CONSTRAINT "search_entries_kind_subject_id_search_subjects_kind_subject_id_fk" FOREIGN KEY ("kind","subject_id") REFERENCES "public"."search_subjects"("kind","subject_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_subjects" ADD CONSTRAINT "search_subjects_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_entries_subject_idx" ON "search_entries" USING btree ("kind","subject_id");--> statement-breakpoint
CREATE INDEX "search_entries_tsv_idx" ON "search_entries" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "search_entries_text_trgm_idx" ON "search_entries" USING gin ("text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "search_subjects_site_occurred_idx" ON "search_subjects" USING btree ("site_id","occurred_at");