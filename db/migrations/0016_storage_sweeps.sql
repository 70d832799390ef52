ALTER TABLE "event_chunks" ADD COLUMN "names_assets" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "event_chunks" ADD COLUMN "compacted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "event_chunks_uncompacted_idx" ON "event_chunks" USING btree ("received_at") WHERE not "event_chunks"."compacted";--> statement-breakpoint
CREATE INDEX "event_chunks_names_assets_idx" ON "event_chunks" USING btree ("received_at") WHERE "event_chunks"."names_assets";--> statement-breakpoint
-- Chunks stored before: any form other than ingest's gzip was written by compaction.
UPDATE "event_chunks" SET "compacted" = true WHERE substring("data" from 1 for 2) <> '\x1f8b'::bytea;
