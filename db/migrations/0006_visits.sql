ALTER TABLE "sessions" ADD COLUMN "visit_id" text;--> statement-breakpoint
CREATE INDEX "sessions_visit_idx" ON "sessions" USING btree ("visit_id","started_at");