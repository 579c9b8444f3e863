// Sizes the server and the console must agree on, in one place: the server
// refuses a larger request body (413), and the console splits its pushes so
// that no request it sends comes near that refusal (issue 14 item 6).

/** The largest request body the server reads, in bytes (Fastify's bodyLimit). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;
