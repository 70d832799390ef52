CREATE TABLE "tutorial_step_pictures" (
	"version_id" uuid NOT NULL,
	"step_id" uuid NOT NULL,
	"png" "bytea" NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tutorial_step_pictures_version_id_step_id_pk" PRIMARY KEY("version_id","step_id")
);
--> statement-breakpoint
ALTER TABLE "tutorial_step_pictures" ADD CONSTRAINT "tutorial_step_pictures_version_id_tutorial_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."tutorial_versions"("id") ON DELETE cascade ON UPDATE no action;