CREATE TABLE "live_chat_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"ts" bigint NOT NULL,
	"from_role" text NOT NULL,
	"advisor_id" uuid,
	"author_name" text NOT NULL,
	"client_id" text NOT NULL,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_rooms" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"home_node" text NOT NULL,
	"code" text,
	"code_expires_at" timestamp with time zone,
	"customer_connected" boolean DEFAULT true NOT NULL,
	"viewer_count" integer DEFAULT 0 NOT NULL,
	"url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "live_rooms_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "live_consent_required" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "live_chat_messages" ADD CONSTRAINT "live_chat_messages_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_chat_messages" ADD CONSTRAINT "live_chat_messages_advisor_id_advisors_id_fk" FOREIGN KEY ("advisor_id") REFERENCES "public"."advisors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_rooms" ADD CONSTRAINT "live_rooms_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_rooms" ADD CONSTRAINT "live_rooms_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_chat_session_ts_idx" ON "live_chat_messages" USING btree ("session_id","ts");--> statement-breakpoint
CREATE INDEX "live_rooms_seen_idx" ON "live_rooms" USING btree ("seen_at");