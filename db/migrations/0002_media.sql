CREATE TABLE "media_chunk_data" (
	"session_id" uuid NOT NULL,
	"track_id" text NOT NULL,
	"seq" integer NOT NULL,
	"sha256" text NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "media_chunk_data_session_id_track_id_seq_pk" PRIMARY KEY("session_id","track_id","seq")
);
--> statement-breakpoint
CREATE TABLE "media_chunks" (
	"session_id" uuid NOT NULL,
	"track_id" text NOT NULL,
	"seq" integer NOT NULL,
	"start_offset_ms" integer NOT NULL,
	"duration_ms" integer NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_chunks_session_id_track_id_seq_pk" PRIMARY KEY("session_id","track_id","seq")
);
--> statement-breakpoint
CREATE TABLE "media_tracks" (
	"session_id" uuid NOT NULL,
	"track_id" text NOT NULL,
	"kind" text NOT NULL,
	"mime_type" text NOT NULL,
	"started_at" bigint NOT NULL,
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_tracks_session_id_track_id_pk" PRIMARY KEY("session_id","track_id")
);
--> statement-breakpoint
ALTER TABLE "media_chunk_data" ADD CONSTRAINT "media_chunk_data_session_id_track_id_media_tracks_session_id_track_id_fk" FOREIGN KEY ("session_id","track_id") REFERENCES "public"."media_tracks"("session_id","track_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_chunks" ADD CONSTRAINT "media_chunks_session_id_track_id_media_tracks_session_id_track_id_fk" FOREIGN KEY ("session_id","track_id") REFERENCES "public"."media_tracks"("session_id","track_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_tracks" ADD CONSTRAINT "media_tracks_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;