-- Resuming a recovery whose plugin start Haven's stop cut short (decision 0054). start_returned is set once the
-- plugin's start returned (every resource requested); a recovery in progress without it is resumed through the
-- plugin after a restart. Recoveries recorded before this version count as returned: they are polled, as before.
ALTER TABLE recovery ADD COLUMN start_returned BOOLEAN DEFAULT TRUE NOT NULL;
-- What rebuilds the recoverable the start saw: the region of the DR copies it was recovered from and the DR account
-- holding them (null: the backup's own artifacts, in the backup's account).
ALTER TABLE recovery ADD COLUMN from_region VARCHAR(64);
ALTER TABLE recovery ADD COLUMN from_account_id BIGINT;
