-- A key's own rate limit (requests per minute); NULL means the server's default.
ALTER TABLE api_keys ADD COLUMN rate_limit_per_minute INTEGER;
