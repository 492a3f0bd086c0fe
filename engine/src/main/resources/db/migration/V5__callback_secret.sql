-- The secret that signs a project's per-message statusCallback deliveries (made on first use).
ALTER TABLE projects ADD COLUMN callback_secret VARCHAR(64);
