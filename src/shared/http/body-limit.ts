/** The largest request body accepted; a larger one is 413 PAYLOAD_TOO_LARGE before anything else runs. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** The limit as the API's messages say it. */
export const BODY_LIMIT_TEXT = `${BODY_LIMIT_BYTES / 1024} KiB`;
