CREATE TABLE "suggestion_deflections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"tutorial_id" uuid NOT NULL,
	"session_id" uuid,
	"question" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "suggestion_deflections" ADD CONSTRAINT "suggestion_deflections_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_deflections" ADD CONSTRAINT "suggestion_deflections_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_deflections" ADD CONSTRAINT "suggestion_deflections_tutorial_id_tutorials_id_fk" FOREIGN KEY ("tutorial_id") REFERENCES "public"."tutorials"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_deflections" ADD CONSTRAINT "suggestion_deflections_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "suggestion_deflections_tutorial_idx" ON "suggestion_deflections" USING btree ("tutorial_id");--> statement-breakpoint
CREATE INDEX "suggestion_deflections_org_created_idx" ON "suggestion_deflections" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "suggestion_deflections_session_idx" ON "suggestion_deflections" USING btree ("session_id");