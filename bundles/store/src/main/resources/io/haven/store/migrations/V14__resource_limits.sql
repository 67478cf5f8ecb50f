-- Resource limits per user (guide 16.2): each NULL means no limit, the default. And what each policy target
-- last weighed toward its type's limit (1 for a counted resource, GiB for a sized one), measured when it was
-- added and at each backup; NULL for targets added before this version or whose type reports no size.
ALTER TABLE app_user ADD COLUMN max_accounts BIGINT;
ALTER TABLE app_user ADD COLUMN max_instances BIGINT;
ALTER TABLE app_user ADD COLUMN max_ebs_gib BIGINT;
ALTER TABLE app_user ADD COLUMN max_rds_gib BIGINT;
ALTER TABLE app_user ADD COLUMN max_redshift_clusters BIGINT;
ALTER TABLE app_user ADD COLUMN max_dynamodb_gib BIGINT;
ALTER TABLE policy_target ADD COLUMN limit_use BIGINT;
