CREATE TABLE "tutorial_annotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tutorial_id" uuid NOT NULL,
	"step_id" uuid,
	"t" bigint,
	"node_id" integer,
	"kind" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tutorial_chapters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tutorial_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tutorial_redactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tutorial_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"node_id" integer,
	"at_ms" bigint,
	"text" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tutorial_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tutorial_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"start_ms" bigint,
	"end_ms" bigint
);
--> statement-breakpoint
CREATE TABLE "tutorial_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tutorial_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"t" bigint NOT NULL,
	"url" text NOT NULL,
	"page_title" text,
	"node_id" integer,
	"selector" text,
	"box" jsonb,
	"chapter_id" uuid
);
--> statement-breakpoint
CREATE TABLE "tutorial_version_chunks" (
	"version_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"event_count" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "tutorial_version_chunks_version_id_seq_pk" PRIMARY KEY("version_id","seq")
);
--> statement-breakpoint
CREATE TABLE "tutorial_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tutorial_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tutorial_view_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tutorial_id" uuid NOT NULL,
	"version_id" uuid,
	"kind" text NOT NULL,
	"step_id" uuid,
	"referrer_origin" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tutorials" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"author_id" uuid,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"slug" text NOT NULL,
	"visibility" text DEFAULT 'unlisted' NOT NULL,
	"expires_at" timestamp with time zone,
	"cover_step_id" uuid,
	"current_version_id" uuid,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tutorials_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "tutorial_annotations" ADD CONSTRAINT "tutorial_annotations_tutorial_id_tutorials_id_fk" FOREIGN KEY ("tutorial_id") REFERENCES "public"."tutorials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorial_annotations" ADD CONSTRAINT "tutorial_annotations_step_id_tutorial_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."tutorial_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorial_chapters" ADD CONSTRAINT "tutorial_chapters_tutorial_id_tutorials_id_fk" FOREIGN KEY ("tutorial_id") REFERENCES "public"."tutorials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorial_redactions" ADD CONSTRAINT "tutorial_redactions_tutorial_id_tutorials_id_fk" FOREIGN KEY ("tutorial_id") REFERENCES "public"."tutorials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorial_sources" ADD CONSTRAINT "tutorial_sources_tutorial_id_tutorials_id_fk" FOREIGN KEY ("tutorial_id") REFERENCES "public"."tutorials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorial_sources" ADD CONSTRAINT "tutorial_sources_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorial_steps" ADD CONSTRAINT "tutorial_steps_tutorial_id_tutorials_id_fk" FOREIGN KEY ("tutorial_id") REFERENCES "public"."tutorials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorial_steps" ADD CONSTRAINT "tutorial_steps_chapter_id_tutorial_chapters_id_fk" FOREIGN KEY ("chapter_id") REFERENCES "public"."tutorial_chapters"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorial_version_chunks" ADD CONSTRAINT "tutorial_version_chunks_version_id_tutorial_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."tutorial_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorial_versions" ADD CONSTRAINT "tutorial_versions_tutorial_id_tutorials_id_fk" FOREIGN KEY ("tutorial_id") REFERENCES "public"."tutorials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorial_versions" ADD CONSTRAINT "tutorial_versions_published_by_advisors_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."advisors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorial_view_events" ADD CONSTRAINT "tutorial_view_events_tutorial_id_tutorials_id_fk" FOREIGN KEY ("tutorial_id") REFERENCES "public"."tutorials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorial_view_events" ADD CONSTRAINT "tutorial_view_events_version_id_tutorial_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."tutorial_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorials" ADD CONSTRAINT "tutorials_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutorials" ADD CONSTRAINT "tutorials_author_id_advisors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."advisors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tutorial_annotations_tutorial_idx" ON "tutorial_annotations" USING btree ("tutorial_id");--> statement-breakpoint
CREATE INDEX "tutorial_chapters_tutorial_idx" ON "tutorial_chapters" USING btree ("tutorial_id","position");--> statement-breakpoint
CREATE INDEX "tutorial_redactions_tutorial_idx" ON "tutorial_redactions" USING btree ("tutorial_id");--> statement-breakpoint
CREATE INDEX "tutorial_sources_tutorial_idx" ON "tutorial_sources" USING btree ("tutorial_id","position");--> statement-breakpoint
CREATE INDEX "tutorial_sources_session_idx" ON "tutorial_sources" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "tutorial_steps_tutorial_idx" ON "tutorial_steps" USING btree ("tutorial_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "tutorial_versions_number_idx" ON "tutorial_versions" USING btree ("tutorial_id","number");--> statement-breakpoint
CREATE INDEX "tutorial_view_events_tutorial_idx" ON "tutorial_view_events" USING btree ("tutorial_id","kind");--> statement-breakpoint
CREATE INDEX "tutorials_site_updated_idx" ON "tutorials" USING btree ("site_id","updated_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tutorials_author_idx" ON "tutorials" USING btree ("author_id");