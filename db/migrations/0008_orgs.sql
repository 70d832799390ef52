-- Organisations become tenants: existing sites (and so everything recorded for them) land in the default
-- organisation, every existing advisor becomes a member of it with the role they had (admin → admin, the
-- owner → owner), and the owner becomes an instance admin.
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"site_ids" jsonb,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invitations_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"org_id" uuid NOT NULL,
	"advisor_id" uuid NOT NULL,
	"role" text NOT NULL,
	"site_ids" jsonb,
	"deactivated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_org_id_advisor_id_pk" PRIMARY KEY("org_id","advisor_id")
);
--> statement-breakpoint
ALTER TABLE "advisors" ADD COLUMN "instance_admin" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "org_id" uuid;--> statement-breakpoint
INSERT INTO "organisations" ("name", "is_default") VALUES ('Default organisation', true) ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE "sites" SET "org_id" = (SELECT "id" FROM "organisations" WHERE "is_default");--> statement-breakpoint
ALTER TABLE "sites" ALTER COLUMN "org_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_invited_by_advisors_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."advisors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_advisor_id_advisors_id_fk" FOREIGN KEY ("advisor_id") REFERENCES "public"."advisors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "invitations_org_idx" ON "invitations" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "memberships_advisor_idx" ON "memberships" USING btree ("advisor_id");--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
INSERT INTO "memberships" ("org_id", "advisor_id", "role")
  SELECT o."id", a."id", CASE WHEN o."owner_id" = a."id" THEN 'owner' WHEN a."role" = 'admin' THEN 'admin' ELSE 'advisor' END
  FROM "advisors" a CROSS JOIN "organisations" o WHERE o."is_default"
  ON CONFLICT DO NOTHING;--> statement-breakpoint
UPDATE "advisors" SET "instance_admin" = true WHERE "id" = (SELECT "owner_id" FROM "organisations" WHERE "is_default");--> statement-breakpoint
CREATE INDEX "sites_org_idx" ON "sites" USING btree ("org_id");--> statement-breakpoint
ALTER TABLE "advisors" DROP COLUMN "role";