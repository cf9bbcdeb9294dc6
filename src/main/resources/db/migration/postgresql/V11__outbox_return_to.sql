-- Where a person goes once done with the page a link mail opens (the reset or verification page):
-- the return_to they started from, already checked against the allow-list when the mail was asked
-- for. The link carries it in its query; the token stays in the fragment. NULL for none, and for
-- every other kind of mail.
ALTER TABLE outbox ADD COLUMN return_to TEXT;
