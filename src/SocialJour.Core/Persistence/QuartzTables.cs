namespace SocialJour.Core.Persistence;

/// <summary>
/// The tables of Quartz.NET's persistent job store (AdoJobStore, clustered; ADR 0028), in the core schema with the prefix
/// <c>qrtz_</c>, created by the core's PostgreSQL migrations so that the DBA's <c>socialjour migrate</c> creates them with
/// everything else and docs/sql/runtime-role.sql grants them. SQLite (one host) keeps Quartz's in-memory store and has none.
/// <list type="bullet">
/// <item><see cref="Create"/> (migration "Cluster"): Quartz 3.22.6's PostgreSQL schema, including the optional
/// misfire_orig_fire_time, execution_group and preferred_node columns 3.x probes for. Never changed: it is history.</item>
/// <item><see cref="UpgradeToFour"/> (migration "QuartzFour"): what Quartz 4.7.3 adds, so a 3.x database upgrades in place to
/// exactly the schema 4.7.3 creates for itself (its create_postgres.sql; QuartzStoreTests compares the two): the retry,
/// continuation, overlap, pause, misfire-threshold and fixed-delay columns of a trigger, the pause record of a trigger
/// group, the table of paused job groups (4.x refuses to start without it), a firing's progress and interrupt request, a
/// node's Quartz version, the optional execution-history tables, and 4.x's index set.</item>
/// </list>
/// </summary>
internal static class QuartzTables
{
    public const string Create = """
        CREATE TABLE core.qrtz_job_details (
          sched_name text NOT NULL, job_name text NOT NULL, job_group text NOT NULL, description text NULL,
          job_class_name text NOT NULL, is_durable bool NOT NULL, is_nonconcurrent bool NOT NULL, is_update_data bool NOT NULL,
          requests_recovery bool NOT NULL, job_data bytea NULL,
          PRIMARY KEY (sched_name, job_name, job_group));
        CREATE TABLE core.qrtz_triggers (
          sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL, job_name text NOT NULL,
          job_group text NOT NULL, description text NULL, next_fire_time bigint NULL, prev_fire_time bigint NULL,
          priority integer NULL, trigger_state text NOT NULL, trigger_type text NOT NULL, start_time bigint NOT NULL,
          end_time bigint NULL, calendar_name text NULL, misfire_instr smallint NULL, misfire_orig_fire_time bigint NULL,
          execution_group varchar(200) NULL, preferred_node varchar(200) NULL, preferred_node_auto bool NOT NULL DEFAULT false,
          job_data bytea NULL,
          PRIMARY KEY (sched_name, trigger_name, trigger_group),
          FOREIGN KEY (sched_name, job_name, job_group) REFERENCES core.qrtz_job_details (sched_name, job_name, job_group));
        CREATE TABLE core.qrtz_simple_triggers (
          sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
          repeat_count bigint NOT NULL, repeat_interval bigint NOT NULL, times_triggered bigint NOT NULL,
          PRIMARY KEY (sched_name, trigger_name, trigger_group),
          FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES core.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE);
        CREATE TABLE core.qrtz_simprop_triggers (
          sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
          str_prop_1 text NULL, str_prop_2 text NULL, str_prop_3 text NULL, int_prop_1 integer NULL, int_prop_2 integer NULL,
          long_prop_1 bigint NULL, long_prop_2 bigint NULL, dec_prop_1 numeric NULL, dec_prop_2 numeric NULL,
          bool_prop_1 bool NULL, bool_prop_2 bool NULL, time_zone_id text NULL,
          PRIMARY KEY (sched_name, trigger_name, trigger_group),
          FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES core.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE);
        CREATE TABLE core.qrtz_cron_triggers (
          sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
          cron_expression text NOT NULL, time_zone_id text NULL,
          PRIMARY KEY (sched_name, trigger_name, trigger_group),
          FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES core.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE);
        CREATE TABLE core.qrtz_blob_triggers (
          sched_name text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL, blob_data bytea NULL,
          PRIMARY KEY (sched_name, trigger_name, trigger_group),
          FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES core.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE);
        CREATE TABLE core.qrtz_calendars (
          sched_name text NOT NULL, calendar_name text NOT NULL, calendar bytea NOT NULL,
          PRIMARY KEY (sched_name, calendar_name));
        CREATE TABLE core.qrtz_paused_trigger_grps (
          sched_name text NOT NULL, trigger_group text NOT NULL,
          PRIMARY KEY (sched_name, trigger_group));
        CREATE TABLE core.qrtz_fired_triggers (
          sched_name text NOT NULL, entry_id text NOT NULL, trigger_name text NOT NULL, trigger_group text NOT NULL,
          instance_name text NOT NULL, fired_time bigint NOT NULL, sched_time bigint NOT NULL, priority integer NOT NULL,
          state text NOT NULL, job_name text NULL, job_group text NULL, is_nonconcurrent bool NOT NULL,
          requests_recovery bool NULL, execution_group varchar(200) NULL,
          PRIMARY KEY (sched_name, entry_id));
        CREATE TABLE core.qrtz_scheduler_state (
          sched_name text NOT NULL, instance_name text NOT NULL, last_checkin_time bigint NOT NULL, checkin_interval bigint NOT NULL,
          PRIMARY KEY (sched_name, instance_name));
        CREATE TABLE core.qrtz_locks (
          sched_name text NOT NULL, lock_name text NOT NULL,
          PRIMARY KEY (sched_name, lock_name));
        CREATE INDEX idx_qrtz_j_req_recovery ON core.qrtz_job_details (sched_name, requests_recovery);
        CREATE INDEX idx_qrtz_j_g_n ON core.qrtz_job_details (sched_name, job_group, job_name);
        CREATE INDEX idx_qrtz_t_next_fire_time ON core.qrtz_triggers (sched_name, next_fire_time);
        CREATE INDEX idx_qrtz_t_state ON core.qrtz_triggers (sched_name, trigger_state);
        CREATE INDEX idx_qrtz_t_nft_st ON core.qrtz_triggers (sched_name, trigger_state, next_fire_time);
        CREATE INDEX idx_qrtz_t_g_n ON core.qrtz_triggers (sched_name, trigger_group, trigger_name);
        CREATE INDEX idx_qrtz_ft_trig_nm_gp ON core.qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
        CREATE INDEX idx_qrtz_ft_trig_inst_name ON core.qrtz_fired_triggers (sched_name, instance_name);
        CREATE INDEX idx_qrtz_ft_job_req_recovery ON core.qrtz_fired_triggers (requests_recovery);
        """;

    public const string Drop = """
        DROP TABLE core.qrtz_fired_triggers; DROP TABLE core.qrtz_paused_trigger_grps; DROP TABLE core.qrtz_scheduler_state;
        DROP TABLE core.qrtz_locks; DROP TABLE core.qrtz_simprop_triggers; DROP TABLE core.qrtz_simple_triggers;
        DROP TABLE core.qrtz_cron_triggers; DROP TABLE core.qrtz_blob_triggers; DROP TABLE core.qrtz_triggers;
        DROP TABLE core.qrtz_job_details; DROP TABLE core.qrtz_calendars;
        """;

    /// <summary>Quartz 3.22.6's tables (migration "Cluster") to Quartz 4.7.3's (migration "QuartzFour").</summary>
    public const string UpgradeToFour = """
        ALTER TABLE core.qrtz_triggers
          ADD COLUMN retry_policy varchar(250) NULL, ADD COLUMN retry_attempt integer NULL,
          ADD COLUMN continues_trigger_name text NULL, ADD COLUMN continues_trigger_group text NULL, ADD COLUMN continuation_condition integer NULL,
          ADD COLUMN overlap_policy integer NULL,
          ADD COLUMN pause_reason varchar(250) NULL, ADD COLUMN paused_by varchar(200) NULL, ADD COLUMN paused_at bigint NULL,
          ADD COLUMN misfire_threshold bigint NULL, ADD COLUMN fixed_delay bool NULL;
        ALTER TABLE core.qrtz_paused_trigger_grps
          ADD COLUMN pause_reason varchar(250) NULL, ADD COLUMN paused_by varchar(200) NULL, ADD COLUMN paused_at bigint NULL;
        ALTER TABLE core.qrtz_fired_triggers
          ADD COLUMN progress integer NULL, ADD COLUMN progress_message varchar(250) NULL, ADD COLUMN interrupt_requested_time bigint NULL;
        ALTER TABLE core.qrtz_scheduler_state ADD COLUMN quartz_version varchar(20) NULL;
        CREATE TABLE core.qrtz_paused_job_grps (
          sched_name text NOT NULL, job_group text NOT NULL,
          pause_reason varchar(250) NULL, paused_by varchar(200) NULL, paused_at bigint NULL,
          PRIMARY KEY (sched_name, job_group));
        CREATE TABLE core.qrtz_execution_history (
          sched_name text NOT NULL, entry_id text NOT NULL, instance_name text NOT NULL, job_name text NOT NULL, job_group text NOT NULL,
          trigger_name text NOT NULL, trigger_group text NOT NULL, fired_time bigint NOT NULL, run_time bigint NOT NULL,
          succeeded bool NOT NULL, error_message text NULL, retry_attempt integer NOT NULL DEFAULT 0,
          retry_scheduled bool NOT NULL DEFAULT false, execution_log text NULL, result integer NULL, summary text NULL,
          metrics text NULL, manual bool NULL, fire_instance_id text NULL, job_input text NULL, job_input_too_large bool NULL,
          PRIMARY KEY (sched_name, entry_id));
        CREATE TABLE core.qrtz_misfire_history (
          sched_name text NOT NULL, entry_id text NOT NULL, instance_name text NOT NULL, trigger_name text NOT NULL,
          trigger_group text NOT NULL, job_name text NULL, job_group text NULL, misfire_time bigint NOT NULL, sched_time bigint NULL,
          reason integer NULL,
          PRIMARY KEY (sched_name, entry_id));
        CREATE TABLE core.qrtz_job_status (
          sched_name text NOT NULL, job_group text NOT NULL, job_name text NOT NULL, first_fired_time bigint NOT NULL,
          last_fired_time bigint NOT NULL, last_result integer NOT NULL, last_run_time bigint NOT NULL, last_instance_name text NOT NULL,
          last_entry_id text NULL, last_summary text NULL, last_success_time bigint NULL, last_failure_time bigint NULL,
          last_failure_message text NULL, consecutive_failures integer NOT NULL DEFAULT 0, run_count bigint NOT NULL DEFAULT 0,
          failure_count bigint NOT NULL DEFAULT 0,
          PRIMARY KEY (sched_name, job_group, job_name));
        DROP INDEX core.idx_qrtz_j_req_recovery;
        DROP INDEX core.idx_qrtz_t_next_fire_time;
        DROP INDEX core.idx_qrtz_t_state;
        DROP INDEX core.idx_qrtz_t_nft_st;
        DROP INDEX core.idx_qrtz_ft_trig_nm_gp;
        DROP INDEX core.idx_qrtz_ft_trig_inst_name;
        DROP INDEX core.idx_qrtz_ft_job_req_recovery;
        CREATE INDEX idx_qrtz_t_j ON core.qrtz_triggers (sched_name, job_name, job_group);
        CREATE INDEX idx_qrtz_t_c ON core.qrtz_triggers (sched_name, calendar_name);
        CREATE INDEX idx_qrtz_t_nft_st ON core.qrtz_triggers (sched_name, trigger_state, next_fire_time ASC, priority DESC, misfire_instr);
        CREATE INDEX idx_qrtz_ft_inst_job_req_rcvry ON core.qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
        CREATE INDEX idx_qrtz_ft_j_g ON core.qrtz_fired_triggers (sched_name, job_name, job_group);
        CREATE INDEX idx_qrtz_ft_t_g ON core.qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
        CREATE INDEX idx_qrtz_eh_fired_time ON core.qrtz_execution_history (sched_name, fired_time);
        CREATE INDEX idx_qrtz_eh_inst ON core.qrtz_execution_history (sched_name, instance_name);
        CREATE INDEX idx_qrtz_eh_job_time ON core.qrtz_execution_history (sched_name, job_group, job_name, fired_time);
        CREATE INDEX idx_qrtz_eh_fire_inst ON core.qrtz_execution_history (sched_name, fire_instance_id);
        CREATE INDEX idx_qrtz_eh_trig_time ON core.qrtz_execution_history (sched_name, trigger_group, trigger_name, fired_time);
        CREATE INDEX idx_qrtz_mh_misfire_time ON core.qrtz_misfire_history (sched_name, misfire_time);
        CREATE INDEX idx_qrtz_mh_inst ON core.qrtz_misfire_history (sched_name, instance_name);
        """;

    /// <summary>Back from Quartz 4.7.3's tables to 3.22.6's (the Down of "QuartzFour"); what 4.x alone wrote there is lost.</summary>
    public const string DowngradeFromFour = """
        DROP TABLE core.qrtz_job_status; DROP TABLE core.qrtz_misfire_history; DROP TABLE core.qrtz_execution_history;
        DROP TABLE core.qrtz_paused_job_grps;
        DROP INDEX core.idx_qrtz_t_j; DROP INDEX core.idx_qrtz_t_c; DROP INDEX core.idx_qrtz_t_nft_st;
        DROP INDEX core.idx_qrtz_ft_inst_job_req_rcvry; DROP INDEX core.idx_qrtz_ft_j_g; DROP INDEX core.idx_qrtz_ft_t_g;
        ALTER TABLE core.qrtz_triggers
          DROP COLUMN retry_policy, DROP COLUMN retry_attempt, DROP COLUMN continues_trigger_name, DROP COLUMN continues_trigger_group,
          DROP COLUMN continuation_condition, DROP COLUMN overlap_policy, DROP COLUMN pause_reason, DROP COLUMN paused_by,
          DROP COLUMN paused_at, DROP COLUMN misfire_threshold, DROP COLUMN fixed_delay;
        ALTER TABLE core.qrtz_paused_trigger_grps DROP COLUMN pause_reason, DROP COLUMN paused_by, DROP COLUMN paused_at;
        ALTER TABLE core.qrtz_fired_triggers DROP COLUMN progress, DROP COLUMN progress_message, DROP COLUMN interrupt_requested_time;
        ALTER TABLE core.qrtz_scheduler_state DROP COLUMN quartz_version;
        CREATE INDEX idx_qrtz_j_req_recovery ON core.qrtz_job_details (sched_name, requests_recovery);
        CREATE INDEX idx_qrtz_t_next_fire_time ON core.qrtz_triggers (sched_name, next_fire_time);
        CREATE INDEX idx_qrtz_t_state ON core.qrtz_triggers (sched_name, trigger_state);
        CREATE INDEX idx_qrtz_t_nft_st ON core.qrtz_triggers (sched_name, trigger_state, next_fire_time);
        CREATE INDEX idx_qrtz_ft_trig_nm_gp ON core.qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
        CREATE INDEX idx_qrtz_ft_trig_inst_name ON core.qrtz_fired_triggers (sched_name, instance_name);
        CREATE INDEX idx_qrtz_ft_job_req_recovery ON core.qrtz_fired_triggers (requests_recovery);
        """;
}
