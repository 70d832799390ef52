CREATE TABLE "asset_blobs" (
	"hash" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "asset_scans" (
	"session_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	CONSTRAINT "asset_scans_session_id_seq_pk" PRIMARY KEY("session_id","seq")
);
--> statement-breakpoint
CREATE TABLE "session_assets" (
	"session_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"url" text NOT NULL,
	"hash" text,
	"byte_size" integer DEFAULT 0 NOT NULL,
	"error" text,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_assets_session_id_url_pk" PRIMARY KEY("session_id","url")
);
--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "capture_assets" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "asset_scans" ADD CONSTRAINT "asset_scans_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_assets" ADD CONSTRAINT "session_assets_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_assets" ADD CONSTRAINT "session_assets_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_assets" ADD CONSTRAINT "session_assets_hash_asset_blobs_hash_fk" FOREIGN KEY ("hash") REFERENCES "public"."asset_blobs"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "session_assets_hash_idx" ON "session_assets" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "session_assets_site_url_idx" ON "session_assets" USING btree ("site_id","url","fetched_at");